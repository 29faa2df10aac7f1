//! The Aperçu (spec A.5): the AM as an installation with given parameter values would read it,
//! personalised by the engine the web app uses, from the documents as they are now.

use envinorma_core::authoring::{AmDocuments, enrich};
use envinorma_core::personalise::personalise_with;
use envinorma_core::{ArreteMinisteriel, Condition, Date, Parameters, warnings};
use std::collections::BTreeSet;

/// The parameters conditions read, with their label and the format their input takes.
const PARAMETERS: [(&str, &str, &str); 8] = [
    ("regime", "Régime", "A, E ou D"),
    ("rubrique", "Rubrique", "4 chiffres, par exemple 2510"),
    (
        "alinea",
        "Alinéa",
        "tel qu’écrit dans la nomenclature, par exemple 1-a",
    ),
    (
        "quantite-rubrique",
        "Quantité associée à la rubrique",
        "un nombre, par exemple 1200.5",
    ),
    ("date-d-autorisation", "Date d’autorisation", "JJ/MM/AAAA"),
    ("date-d-declaration", "Date de déclaration", "JJ/MM/AAAA"),
    (
        "date-d-enregistrement",
        "Date d’enregistrement",
        "JJ/MM/AAAA",
    ),
    (
        "date-d-installation",
        "Date de mise en service",
        "JJ/MM/AAAA",
    ),
];

/// One input of the "Filtrer par paramètres" form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParameterInput {
    pub id: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub value: String,
    pub error: Option<String>,
}

/// The ids of the parameters the AM-level condition and the parametrization read.
pub fn used_parameters(documents: &AmDocuments) -> BTreeSet<String> {
    let parametrization = &documents.parametrization;
    let conditions = parametrization
        .inapplicable_sections
        .iter()
        .map(|element| &element.condition)
        .chain(
            parametrization
                .alternative_sections
                .iter()
                .map(|e| &e.condition),
        )
        .chain(&documents.text.applicability.condition_of_inapplicability);
    conditions
        .flat_map(Condition::parameters)
        .map(|parameter| parameter.id.clone())
        .collect()
}

/// The inputs of the used parameters with the values asked (`query`), and the parameters they
/// give; a value that does not read leaves its parameter unknown and says why.
pub fn read_values(
    used: &BTreeSet<String>,
    query: &[(String, String)],
) -> (Vec<ParameterInput>, Parameters) {
    let mut parameters = Parameters::default();
    let mut inputs = Vec::new();
    for (id, label, hint) in PARAMETERS.into_iter().filter(|(id, ..)| used.contains(*id)) {
        let value = query
            .iter()
            .find(|(key, _)| key == id)
            .map_or(String::new(), |(_, value)| value.trim().to_owned());
        let error = if value.is_empty() {
            None
        } else {
            set(&mut parameters, id, &value).err()
        };
        inputs.push(ParameterInput {
            id,
            label,
            hint,
            value,
            error,
        });
    }
    (inputs, parameters)
}

fn set(parameters: &mut Parameters, id: &str, value: &str) -> Result<(), String> {
    let date = || {
        let valid = value.len() == 10 && value.as_bytes()[2] == b'/' && value.as_bytes()[5] == b'/';
        valid
            .then(|| Date::parse(value))
            .flatten()
            .ok_or_else(|| format!("« {value} » n’est pas une date JJ/MM/AAAA."))
    };
    match id {
        "regime" if matches!(value, "A" | "E" | "D") => parameters.regime = Some(value.into()),
        "regime" => return Err("Le régime est A, E ou D.".into()),
        "rubrique" if value.len() == 4 && value.bytes().all(|b| b.is_ascii_digit()) => {
            parameters.rubrique = Some(value.into())
        }
        "rubrique" => return Err("La rubrique compte 4 chiffres.".into()),
        "alinea" => parameters.alinea = Some(value.into()),
        "quantite-rubrique" => {
            let number: f64 = value
                .replace(',', ".")
                .parse()
                .map_err(|_| format!("« {value} » n’est pas un nombre."))?;
            parameters.quantite_rubrique = Some(number);
        }
        "date-d-autorisation" => parameters.date_autorisation = Some(date()?),
        "date-d-declaration" => parameters.date_declaration = Some(date()?),
        "date-d-enregistrement" => parameters.date_enregistrement = Some(date()?),
        "date-d-installation" => parameters.date_installation = Some(date()?),
        _ => {}
    }
    Ok(())
}

/// An alinéa of the preview: its text or its table, and whether it applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewAlinea {
    pub text: String,
    /// The table as HTML, its text escaped (`Table::to_html`).
    pub table: Option<String>,
    pub active: bool,
}

/// A section of the preview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewSection {
    pub anchor: String,
    /// 2 for top sections: the heading level under the page's `h1`.
    pub level: usize,
    pub title: String,
    pub active: bool,
    pub modified: bool,
    pub warnings: Vec<String>,
    pub alineas: Vec<PreviewAlinea>,
    /// The stored text of a modified section.
    pub previous: Vec<PreviewAlinea>,
}

/// The AM as the parameters make it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    /// Whether the AM applies at all (its AM-level condition not satisfied).
    pub applicable: bool,
    pub warnings: Vec<String>,
    pub sections: Vec<PreviewSection>,
}

impl Preview {
    /// The sections the parameters change: greyed or replaced.
    pub fn changed(&self) -> impl Iterator<Item = &PreviewSection> {
        self.sections.iter().filter(|s| !s.active || s.modified)
    }
}

/// Personalises the documents as publication would make them.
pub fn preview(documents: &AmDocuments, parameters: Parameters) -> Preview {
    let am: ArreteMinisteriel = enrich(
        &documents.metadata,
        &documents.text,
        &documents.parametrization,
    );
    let mut warnings = am.applicability.warnings.clone();
    let mut applicable = true;
    if let Some(condition) = &am.applicability.condition_of_inapplicability {
        if condition.satisfied(&parameters) {
            applicable = false;
            warnings.push(warnings::inapplicable_arrete(condition));
        } else if condition.potentially_satisfied(&parameters) {
            warnings.push(warnings::potentially_inapplicable_arrete(condition));
        }
    }
    let personalised = personalise_with(&am, Vec::new(), parameters);
    let alineas = |section: &envinorma_core::Section, active: &mut dyn Iterator<Item = bool>| {
        section
            .outer_alineas
            .iter()
            .map(|alinea| PreviewAlinea {
                text: alinea.text.clone(),
                table: alinea.table().map(|table| table.to_html()),
                active: active.next().unwrap_or(true),
            })
            .collect()
    };
    let sections = personalised
        .sections
        .iter()
        .enumerate()
        .map(|(n, section)| PreviewSection {
            anchor: format!("section-{n}"),
            level: (section.depth + 2).min(6),
            title: section.title().to_owned(),
            active: section.active,
            modified: section.modified,
            warnings: section.warnings.clone(),
            alineas: alineas(section.content(), &mut section.alineas_active()),
            previous: section
                .previous_version()
                .map(|previous| alineas(previous, &mut std::iter::empty()))
                .unwrap_or_default(),
        })
        .collect();
    Preview {
        applicable,
        warnings,
        sections,
    }
}
