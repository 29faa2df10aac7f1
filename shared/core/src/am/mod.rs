//! The AM (arrêté ministériel) JSON model, both schema versions, read and written losslessly:
//! key order aside, parse → serialize gives back the file's JSON value. Nothing is sorted or
//! normalised on load, because the stored order (of classements, of sections) is shown to users.

mod fingerprint;
mod load;
mod table_html;
mod title;
mod validate;

pub(crate) use fingerprint::Fnv;
pub use fingerprint::content_fingerprint;
pub use load::{AmLoadError, parse_am, parse_am_files};
pub use title::standardize_title_date;
pub use validate::{is_cid, title_signature_date, validate_am};

use crate::condition::Condition;
use crate::date::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where an AM is read on AIDA: this, then its AIDA page number.
pub const AIDA_URL: &str = "https://aida.ineris.fr/consultation_document/";

/// Where an AM is read on Légifrance: this, then its CID.
pub const LEGIFRANCE_URL: &str = "https://www.legifrance.gouv.fr/loda/id/";

/// One national text (arrêté ministériel) with its content tree and parametrization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArreteMinisteriel {
    /// The Légifrance CID (`JORFTEXT…` or `LEGITEXT…`).
    pub id: String,
    pub title: EnrichedString,
    #[serde(default)]
    pub date_of_signature: Option<String>,
    #[serde(default)]
    pub visa: Vec<EnrichedString>,
    #[serde(default)]
    pub sections: Vec<Section>,
    #[serde(default)]
    pub aida_url: Option<String>,
    #[serde(default)]
    pub legifrance_url: Option<String>,
    #[serde(default)]
    pub classements: Vec<AmClassement>,
    #[serde(default)]
    pub classements_with_alineas: Vec<ClassementWithAlineas>,
    #[serde(default)]
    pub is_transverse: bool,
    #[serde(default)]
    pub nickname: Option<String>,
    #[serde(default)]
    pub applicability: AmApplicability,
    #[serde(default)]
    pub orphan_titles: Option<BTreeMap<String, Vec<String>>>,
}

impl ArreteMinisteriel {
    /// Date of signature, when present and well formed.
    pub fn signature_date(&self) -> Option<Date> {
        self.date_of_signature.as_deref().and_then(Date::parse)
    }

    /// Every section at any depth with its depth (0 for top-level ones), in pre-order;
    /// modification versions excluded.
    pub fn all_sections(&self) -> impl Iterator<Item = (usize, &Section)> {
        let mut stack: Vec<(usize, &Section)> =
            self.sections.iter().rev().map(|s| (0, s)).collect();
        std::iter::from_fn(move || {
            let (depth, section) = stack.pop()?;
            stack.extend(section.sections.iter().rev().map(|s| (depth + 1, s)));
            Some((depth, section))
        })
    }
}

/// A rubrique/régime/alinéa the AM applies to, as stored in the AM.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AmClassement {
    pub rubrique: String,
    pub regime: String,
    #[serde(default)]
    pub alinea: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

/// A (rubrique, régime) the AM applies to, with its alinéas; an empty list means every alinéa.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassementWithAlineas {
    pub rubrique: String,
    pub regime: String,
    #[serde(default)]
    pub alineas: Vec<String>,
}

impl ClassementWithAlineas {
    /// The classements grouped by (rubrique, régime) in order of first appearance, with their
    /// non-empty alinéas: a group without any applies to every alinéa.
    pub fn group(classements: &[AmClassement]) -> Vec<ClassementWithAlineas> {
        let mut groups: Vec<ClassementWithAlineas> = Vec::new();
        for classement in classements {
            let position = groups
                .iter()
                .position(|g| g.rubrique == classement.rubrique && g.regime == classement.regime)
                .unwrap_or_else(|| {
                    groups.push(ClassementWithAlineas {
                        rubrique: classement.rubrique.clone(),
                        regime: classement.regime.clone(),
                        alineas: Vec::new(),
                    });
                    groups.len() - 1
                });
            if let Some(alinea) = classement.alinea.as_deref().filter(|a| !a.is_empty()) {
                groups[position].alineas.push(alinea.to_string());
            }
        }
        groups
    }
}

/// When the whole AM does not apply, and the static warnings shown with it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AmApplicability {
    #[serde(default)]
    pub warnings: Vec<String>,
    #[serde(default)]
    pub condition_of_inapplicability: Option<Condition>,
}

/// A text with optional links, or a table (then `text` is empty).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EnrichedString {
    #[serde(default, deserialize_with = "null_as_default")]
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Vec<Link>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub table: Option<Option<Table>>,
    /// Written by the Python tools when an alinéa is inactive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inactive: Option<bool>,
    /// Written by the web app's fixtures when an alinéa's state was set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

impl EnrichedString {
    /// The table of this alinéa, if it is one.
    pub fn table(&self) -> Option<&Table> {
        self.table.as_ref().and_then(Option::as_ref)
    }

    /// The alinéa's state as stored: `None` when never set.
    pub fn stored_active(&self) -> Option<bool> {
        self.active.or(self.inactive.map(|inactive| !inactive))
    }
}

/// A link decorating `text[position .. position + content_size]` (in characters, not bytes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub target: String,
    pub position: i64,
    pub content_size: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Table {
    #[serde(default)]
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Row {
    #[serde(default)]
    pub cells: Vec<Cell>,
    #[serde(default)]
    pub is_header: bool,
}

/// A table cell. Real data has colspans of 0, −1 and −2: kept as they are, read through
/// [`Cell::colspan`] and [`Cell::rowspan`], which never give less than 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub content: EnrichedString,
    #[serde(rename = "colspan", default = "one")]
    pub raw_colspan: i64,
    #[serde(rename = "rowspan", default = "one")]
    pub raw_rowspan: i64,
}

impl Cell {
    pub fn colspan(&self) -> u32 {
        self.raw_colspan.clamp(1, 1000) as u32
    }

    pub fn rowspan(&self) -> u32 {
        self.raw_rowspan.clamp(1, 1000) as u32
    }
}

fn one() -> i64 {
    1
}

/// A section (article, titre, annexe…) of an AM: title, alinéas before its subsections, subsections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    #[serde(default)]
    pub id: String,
    pub title: EnrichedString,
    #[serde(default)]
    pub outer_alineas: Vec<EnrichedString>,
    #[serde(default)]
    pub sections: Vec<Section>,
    #[serde(default)]
    pub applicability: Option<SectionApplicability>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub reference: Option<Option<Reference>>,
    /// Older schema: the reference as one string ("Annexe I 1.").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_str: Option<String>,
    #[serde(default)]
    pub annotations: Option<Annotations>,
    #[serde(default)]
    pub parametrization: SectionParametrization,
}

impl Section {
    /// The section's topic code, if it has one.
    pub fn topic(&self) -> Option<&str> {
        self.annotations.as_ref()?.topic.as_deref()
    }

    /// The reference shown to users ("Article 2.1"), in either schema.
    pub fn reference_label(&self) -> Option<&str> {
        match &self.reference {
            Some(Some(reference)) => Some(reference.nb.as_str()),
            _ => self.reference_str.as_deref(),
        }
    }
}

/// `{nb, name}`: "Article 1", "Dispositions générales".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    #[serde(default)]
    pub nb: String,
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Annotations {
    #[serde(default)]
    pub topic: Option<String>,
}

/// A section's stored applicability (the personalisation computes its own).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionApplicability {
    #[serde(default = "yes")]
    pub active: bool,
    #[serde(default)]
    pub modified: bool,
    #[serde(default)]
    pub warnings: Vec<String>,
    #[serde(default)]
    pub previous_version: Option<Box<Section>>,
}

impl Default for SectionApplicability {
    /// Active, unmodified, without warnings: what publication gives sections that have none.
    fn default() -> Self {
        SectionApplicability {
            active: true,
            modified: false,
            warnings: Vec::new(),
            previous_version: None,
        }
    }
}

fn yes() -> bool {
    true
}

/// Conditions under which a section does not apply or is replaced, and static warnings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SectionParametrization {
    #[serde(default)]
    pub potential_inapplicabilities: Vec<PotentialInapplicability>,
    #[serde(default)]
    pub potential_modifications: Vec<PotentialModification>,
    #[serde(default)]
    pub warnings: Vec<String>,
}

impl SectionParametrization {
    pub fn is_empty(&self) -> bool {
        self.potential_inapplicabilities.is_empty()
            && self.potential_modifications.is_empty()
            && self.warnings.is_empty()
    }
}

/// The section (or only some of its alinéas, 0-based) does not apply when `condition` holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PotentialInapplicability {
    pub condition: Condition,
    #[serde(default, alias = "target_alineas")]
    pub alineas: Option<Vec<usize>>,
    /// Absent in the older schema, where it means true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subsections_are_inapplicable: Option<bool>,
}

impl PotentialInapplicability {
    pub fn subsections_are_inapplicable(&self) -> bool {
        self.subsections_are_inapplicable.unwrap_or(true)
    }

    /// The targeted alinéas, `None` when the whole section is targeted (null or empty list).
    pub fn targeted_alineas(&self) -> Option<&[usize]> {
        self.alineas
            .as_deref()
            .filter(|alineas| !alineas.is_empty())
    }
}

/// The section is replaced by `new_version` when `condition` holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PotentialModification {
    pub condition: Condition,
    pub new_version: Section,
}

fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Keeps "absent" (outer `None`) apart from "null" (`Some(None)`), so files round-trip exactly.
mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer, T: Serialize>(
        value: &Option<Option<T>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(inner) => inner.serialize(serializer),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
        deserializer: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(deserializer).map(Some)
    }
}
