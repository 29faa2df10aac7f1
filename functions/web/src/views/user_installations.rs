//! The pages of a user's own installations: create, rename, edit the classements, add one,
//! and "Mes installations".

use crate::forms::{ClassementRowInput, FieldErrors, ReferenceClassementInput};
use crate::security::CsrfToken;
use crate::views::layout::Layout;
use askama::Template;
use envinorma_core::Regime;
use envinorma_db::classement_references::ClassementReference;
use envinorma_db::installations::Installation;

/// How a nomenclature line is listed: `<rubrique> <régime>[ <alinéa>] - <description>`.
pub fn reference_label(reference: &ClassementReference) -> String {
    let mut label = format!("{} {}", reference.rubrique, reference.regime);
    if let Some(alinea) = reference.alinea.as_deref().filter(|a| !a.is_empty()) {
        label.push(' ');
        label.push_str(alinea);
    }
    format!(
        "{label} - {}",
        reference.description.as_deref().unwrap_or_default()
    )
}

/// A nomenclature line to choose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceChoice {
    pub id: i64,
    pub label: String,
    pub checked: bool,
}

/// The classement part shared by the new-installation and new-classement forms (partial
/// `classement_fields.html`): a nomenclature search with its lines to choose, the dates and
/// the volume.
#[derive(Debug, Clone)]
pub struct ClassementFields {
    /// The fields' names are `<prefix>[…]`.
    pub prefix: &'static str,
    pub input: ReferenceClassementInput,
    /// The chosen line first (even when the search no longer finds it), then those found.
    pub choices: Vec<ReferenceChoice>,
    /// A search was typed and found nothing.
    pub nothing_found: bool,
    pub errors: FieldErrors,
}

impl ClassementFields {
    /// The fields as typed, with the chosen line and the lines the search found.
    pub fn new(
        prefix: &'static str,
        input: ReferenceClassementInput,
        chosen: Option<&ClassementReference>,
        found: &[ClassementReference],
        errors: FieldErrors,
    ) -> ClassementFields {
        let choice = |reference: &ClassementReference, checked| ReferenceChoice {
            id: reference.id,
            label: reference_label(reference),
            checked,
        };
        let choices = chosen
            .map(|reference| choice(reference, true))
            .into_iter()
            .chain(
                found
                    .iter()
                    .filter(|reference| chosen.is_none_or(|c| c.id != reference.id))
                    .map(|reference| choice(reference, false)),
            )
            .collect();
        ClassementFields {
            prefix,
            nothing_found: found.is_empty() && !input.query.trim().is_empty(),
            input,
            choices,
            errors,
        }
    }

    /// The name of one of the fields.
    pub fn name(&self, field: &str) -> String {
        format!("{}[{field}]", self.prefix)
    }
}

/// "Créer une installation fictive".
#[derive(Debug, Template)]
#[template(path = "installation_new.html")]
pub struct NewInstallationPage {
    pub layout: Layout,
    pub csrf: CsrfToken,
    pub name: String,
    pub name_error: Option<&'static str>,
    pub classement: ClassementFields,
}

/// "Ajouter un classement" to an installation.
#[derive(Debug, Template)]
#[template(path = "classement_new.html")]
pub struct NewClassementPage {
    pub layout: Layout,
    pub csrf: CsrfToken,
    pub installation: Installation,
    pub classement: ClassementFields,
}

/// "Modifier le nom de l’installation".
#[derive(Debug, Template)]
#[template(path = "installation_edit_name.html")]
pub struct EditNamePage {
    pub layout: Layout,
    pub csrf: CsrfToken,
    pub installation: Installation,
    pub name: String,
    pub name_error: Option<&'static str>,
}

/// One row of the classements edit form.
#[derive(Debug, Clone)]
pub struct ClassementRow {
    /// Read-only.
    pub rubrique: String,
    pub input: ClassementRowInput,
    pub errors: FieldErrors,
}

impl ClassementRow {
    /// The régimes to choose from: A, E, D and NC, and "inconnu" only for a classement
    /// that has it (so that saving other changes keeps it).
    pub fn regimes(&self) -> Vec<(&'static str, &'static str)> {
        Regime::ALL
            .into_iter()
            .filter(|regime| *regime != Regime::Unknown || self.input.regime == regime.as_str())
            .map(|regime| (regime.as_str(), regime.label()))
            .collect()
    }
}

/// "Modifier les classements" of an installation.
#[derive(Debug, Template)]
#[template(path = "installation_edit.html")]
pub struct EditClassementsPage {
    pub layout: Layout,
    pub csrf: CsrfToken,
    pub installation: Installation,
    pub rows: Vec<ClassementRow>,
}

impl EditClassementsPage {
    /// The name of a field of row `index`.
    pub fn field(&self, index: &usize, field: &str) -> String {
        format!("{}[{index}][{field}]", crate::forms::CLASSEMENT_ROWS)
    }
}

/// "Mes installations".
#[derive(Debug, Template)]
#[template(path = "user.html")]
pub struct MyInstallationsPage {
    pub layout: Layout,
    pub csrf: CsrfToken,
    pub installations: Vec<Installation>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(id: i64, alinea: Option<&str>) -> ClassementReference {
        ClassementReference {
            id,
            rubrique: "1510".into(),
            regime: Regime::E,
            alinea: alinea.map(str::to_string),
            description: Some("Entrepôts couverts".into()),
        }
    }

    #[test]
    fn a_reference_is_labelled_with_its_alinea_when_it_has_one() {
        assert_eq!(
            reference_label(&reference(1, Some("2-b"))),
            "1510 E 2-b - Entrepôts couverts"
        );
        assert_eq!(
            reference_label(&reference(1, None)),
            "1510 E - Entrepôts couverts"
        );
    }

    #[test]
    fn the_chosen_line_stays_first_and_checked_whatever_the_search_finds() {
        let chosen = reference(2, Some("1"));
        let found = [reference(1, None), reference(2, Some("1"))];
        let fields = ClassementFields::new(
            "classement",
            ReferenceClassementInput::default(),
            Some(&chosen),
            &found,
            FieldErrors::default(),
        );
        let ids: Vec<(i64, bool)> = fields.choices.iter().map(|c| (c.id, c.checked)).collect();
        assert_eq!(ids, [(2, true), (1, false)]);
        assert_eq!(fields.name("volume"), "classement[volume]");
    }
}
