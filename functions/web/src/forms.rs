//! The installation forms, read once into domain values or French messages per field.
//!
//! Unlike the original, which saved whatever came, nothing is written unless every field is
//! valid; the form then comes back with what the user typed and what to fix.

use envinorma_core::{Classement, Date, Regime, Volume};
use envinorma_db::classement_references::ClassementReference;
use envinorma_db::installations::{ClassementChange, StoredClassement};
use std::collections::BTreeMap;

/// Longer names are not names (and would break the page layout).
const NAME_MAX_CHARS: usize = 200;

/// Years a classement date may have: four digits, as date pickers offer (and PostgreSQL stores).
const DATE_YEARS: std::ops::RangeInclusive<i32> = 1000..=9999;

const NAME_BLANK: &str = "Le nom de l’installation est obligatoire.";
const NAME_TOO_LONG: &str = "Le nom de l’installation ne doit pas dépasser 200 caractères.";
const REFERENCE_MISSING: &str =
    "Choisissez un classement dans la liste : recherchez-le par rubrique ou par libellé.";
const REFERENCE_UNKNOWN: &str =
    "Ce classement n’existe pas dans la nomenclature : choisissez-en un dans la liste.";
const DATE_INVALID: &str = "Cette date n’existe pas : saisissez-la au format JJ/MM/AAAA.";
const VOLUME_INVALID: &str =
    "Le volume doit commencer par un nombre, suivi éventuellement d’une unité (ex : 250 m3).";
const REGIME_INVALID: &str = "Choisissez un régime parmi A, E, D et NC.";

/// A posted form (`application/x-www-form-urlencoded`): the first value of each field.
#[derive(Debug, Clone, Default)]
pub struct FormFields(BTreeMap<String, String>);

impl FormFields {
    /// Reads a form body.
    pub fn parse(body: &[u8]) -> FormFields {
        let mut fields = BTreeMap::new();
        for (name, value) in form_urlencoded::parse(body) {
            fields
                .entry(name.into_owned())
                .or_insert_with(|| value.into_owned());
        }
        FormFields(fields)
    }

    /// The value of a field; empty when absent.
    pub fn get(&self, name: &str) -> &str {
        self.0.get(name).map_or("", String::as_str)
    }

    /// Whether the form has this field (a pressed submit button, a ticked checkbox).
    pub fn has(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    /// The numbered groups `<prefix>[<n>][<field>]` (Rails' nested attributes), in number order,
    /// each with its fields by name.
    pub fn groups(&self, prefix: &str) -> Vec<FormFields> {
        let mut groups: BTreeMap<u32, FormFields> = BTreeMap::new();
        for (name, value) in &self.0 {
            let Some(rest) = name.strip_prefix(prefix) else {
                continue;
            };
            let Some((index, field)) = rest
                .strip_prefix('[')
                .and_then(|rest| rest.split_once("]["))
            else {
                continue;
            };
            let (Ok(index), Some(field)) = (index.parse(), field.strip_suffix(']')) else {
                continue;
            };
            groups
                .entry(index)
                .or_default()
                .0
                .insert(field.to_string(), value.clone());
        }
        groups.into_values().collect()
    }
}

/// The messages of a form, by field name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(BTreeMap<&'static str, &'static str>);

impl FieldErrors {
    /// The message of a field, if it is wrong.
    pub fn get(&self, field: &str) -> Option<&'static str> {
        self.0.get(field).copied()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value of a field's check, recording its message when it failed.
    fn check<T>(&mut self, field: &'static str, result: Result<T, &'static str>) -> Option<T> {
        result.map_err(|message| self.0.insert(field, message)).ok()
    }
}

/// The name field of the installation forms.
pub const NAME_FIELD: &str = "installation[name]";

/// An installation name: trimmed, not blank, not too long.
pub fn installation_name(text: &str) -> Result<String, &'static str> {
    let name = text.trim();
    if name.is_empty() {
        Err(NAME_BLANK)
    } else if name.chars().count() > NAME_MAX_CHARS {
        Err(NAME_TOO_LONG)
    } else {
        Ok(name.to_string())
    }
}

/// An optional date: blank, or `YYYY-MM-DD` (date pickers) or `DD/MM/YYYY` (typed by hand).
fn optional_date(text: &str) -> Result<Option<Date>, &'static str> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    match Date::parse(text) {
        Some(date) if DATE_YEARS.contains(&date.year()) => Ok(Some(date)),
        _ => Err(DATE_INVALID),
    }
}

/// The dates and volume of a classement, which both classement forms ask for.
struct Measured {
    date_autorisation: Option<Date>,
    date_mise_en_service: Option<Date>,
    volume: Volume,
}

impl Measured {
    /// The typed values checked, messages under `date_autorisation`, `date_mise_en_service`
    /// and `volume`; `None` when any is invalid.
    fn check(
        errors: &mut FieldErrors,
        date_autorisation: &str,
        date_mise_en_service: &str,
        volume_text: &str,
    ) -> Option<Measured> {
        let date_autorisation = errors.check("date_autorisation", optional_date(date_autorisation));
        let date_mise_en_service =
            errors.check("date_mise_en_service", optional_date(date_mise_en_service));
        let volume = errors.check("volume", volume(volume_text));
        Some(Measured {
            date_autorisation: date_autorisation?,
            date_mise_en_service: date_mise_en_service?,
            volume: volume?,
        })
    }
}

/// An optional volume, stored normalised ("250,000 m3" → "250 m3") as the page shows it.
fn volume(text: &str) -> Result<Volume, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Volume::new(None));
    }
    let volume = Volume::new(Some(text.to_string()));
    if !volume.is_valid() {
        return Err(VOLUME_INVALID);
    }
    Ok(Volume::new(volume.normalised().map(str::to_string)))
}

fn regime(text: &str) -> Result<Regime, &'static str> {
    Regime::parse(text).ok_or(REGIME_INVALID)
}

/// Free text, blank meaning none.
fn optional_text(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// The button that, without script, searches the nomenclature instead of sending the form.
pub const SEARCH_BUTTON: &str = "search";

/// The classement part of the new-installation and new-classement forms, as typed: a
/// nomenclature line with the user's dates and volume.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReferenceClassementInput {
    /// The text searched in the nomenclature.
    pub query: String,
    pub reference_id: String,
    pub date_autorisation: String,
    pub date_mise_en_service: String,
    pub volume: String,
}

/// A classement made from a nomenclature line, ready to save.
#[derive(Debug, Clone, PartialEq)]
pub struct NewClassement {
    pub classement: Classement,
    /// The nomenclature line's description.
    pub activite: Option<String>,
}

impl ReferenceClassementInput {
    /// The fields `<prefix>[reference_query]`, `<prefix>[reference_id]`… of a form.
    pub fn read(fields: &FormFields, prefix: &str) -> ReferenceClassementInput {
        let field = |name: &str| fields.get(&format!("{prefix}[{name}]")).to_string();
        ReferenceClassementInput {
            query: field("reference_query"),
            reference_id: field("reference_id"),
            date_autorisation: field("date_autorisation"),
            date_mise_en_service: field("date_mise_en_service"),
            volume: field("volume"),
        }
    }

    /// The chosen nomenclature line's id, if one was chosen.
    pub fn reference_id(&self) -> Option<i64> {
        self.reference_id.trim().parse().ok()
    }

    /// The classement of `reference` (the line of [`Self::reference_id`], `None` when unknown)
    /// with the typed dates and volume; messages under `reference_id`, `date_autorisation`,
    /// `date_mise_en_service` and `volume`.
    pub fn classement(
        &self,
        reference: Option<&ClassementReference>,
    ) -> Result<NewClassement, FieldErrors> {
        let mut errors = FieldErrors::default();
        let reference = errors.check(
            "reference_id",
            match (self.reference_id(), reference) {
                (None, _) => Err(REFERENCE_MISSING),
                (Some(_), None) => Err(REFERENCE_UNKNOWN),
                (Some(_), Some(reference)) => Ok(reference),
            },
        );
        let measured = Measured::check(
            &mut errors,
            &self.date_autorisation,
            &self.date_mise_en_service,
            &self.volume,
        );
        match (reference, measured) {
            (
                Some(reference),
                Some(Measured {
                    date_autorisation,
                    date_mise_en_service,
                    volume,
                }),
            ) => Ok(NewClassement {
                classement: Classement {
                    rubrique: Some(reference.rubrique.clone()),
                    regime: reference.regime,
                    alinea: reference.alinea.clone(),
                    date_autorisation,
                    date_mise_en_service,
                    volume,
                },
                activite: reference.description.clone(),
            }),
            _ => Err(errors),
        }
    }
}

/// The fields of the classements edit form (`installation[classements_attributes][n]`).
pub const CLASSEMENT_ROWS: &str = "installation[classements_attributes]";

/// One row of the classements edit form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClassementRowInput {
    pub id: String,
    pub regime: String,
    pub alinea: String,
    pub date_autorisation: String,
    pub date_mise_en_service: String,
    pub volume: String,
    /// The row's "Supprimer" box is ticked.
    pub destroy: bool,
}

/// What to do with one classement.
#[derive(Debug, Clone, PartialEq)]
pub enum RowAction {
    Update(ClassementChange),
    Delete(i64),
}

impl ClassementRowInput {
    /// The rows of a posted edit form, in form order.
    pub fn read_all(fields: &FormFields) -> Vec<ClassementRowInput> {
        fields
            .groups(CLASSEMENT_ROWS)
            .iter()
            .map(|row| ClassementRowInput {
                id: row.get("id").to_string(),
                regime: row.get("regime").to_string(),
                alinea: row.get("alinea").to_string(),
                date_autorisation: row.get("date_autorisation").to_string(),
                date_mise_en_service: row.get("date_mise_en_service").to_string(),
                volume: row.get("volume").to_string(),
                // A checkbox is sent only when ticked; "0" is what Rails' hidden twin sends.
                destroy: !matches!(row.get("_destroy"), "" | "0"),
            })
            .collect()
    }

    /// A stored classement as the form first shows it.
    pub fn from_stored(classement: &StoredClassement) -> ClassementRowInput {
        let date = |date: Option<Date>| date.map(|d| d.to_string()).unwrap_or_default();
        ClassementRowInput {
            id: classement.id.to_string(),
            regime: classement.details.regime.as_str().to_string(),
            alinea: classement.details.alinea.clone().unwrap_or_default(),
            date_autorisation: date(classement.details.date_autorisation),
            date_mise_en_service: date(classement.details.date_mise_en_service),
            volume: classement
                .details
                .volume
                .normalised()
                .unwrap_or_default()
                .trim()
                .to_string(),
            destroy: false,
        }
    }

    /// The classement id of the row.
    pub fn id(&self) -> Option<i64> {
        self.id.trim().parse().ok()
    }

    /// What the row asks for; a row to delete is not checked (its values do not matter).
    /// Messages under `regime`, `date_autorisation`, `date_mise_en_service` and `volume`.
    pub fn action(&self, id: i64) -> Result<RowAction, FieldErrors> {
        if self.destroy {
            return Ok(RowAction::Delete(id));
        }
        let mut errors = FieldErrors::default();
        let regime = errors.check("regime", regime(&self.regime));
        let measured = Measured::check(
            &mut errors,
            &self.date_autorisation,
            &self.date_mise_en_service,
            &self.volume,
        );
        match (regime, measured) {
            (
                Some(regime),
                Some(Measured {
                    date_autorisation,
                    date_mise_en_service,
                    volume,
                }),
            ) => Ok(RowAction::Update(ClassementChange {
                id,
                regime,
                alinea: optional_text(&self.alinea),
                date_autorisation,
                date_mise_en_service,
                volume,
            })),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored_volume(text: &str) -> Result<Option<String>, &'static str> {
        volume(text).map(|v| v.stored().map(str::to_string))
    }

    #[test]
    fn volumes_are_normalised_like_the_original() {
        assert_eq!(stored_volume("10.000 m3"), Ok(Some("10 m3".into())));
        assert_eq!(stored_volume("10,030 t"), Ok(Some("10.03 t".into())));
        assert_eq!(stored_volume(" 10.000 "), Ok(Some("10".into())));
        assert_eq!(stored_volume("70,0 MW"), Ok(Some("70.0 MW".into())));
        assert_eq!(stored_volume(""), Ok(None));
        assert_eq!(stored_volume("m3"), Err(VOLUME_INVALID));
        assert_eq!(stored_volume("20m3"), Err(VOLUME_INVALID));
    }

    #[test]
    fn dates_are_iso_or_french_and_must_exist() {
        assert_eq!(optional_date(""), Ok(None));
        assert_eq!(optional_date("2020-11-03"), Ok(Date::parse("2020-11-03")));
        assert_eq!(optional_date("03/11/2020"), Ok(Date::parse("2020-11-03")));
        assert_eq!(optional_date("2021-02-30"), Err(DATE_INVALID));
        assert_eq!(optional_date("demain"), Err(DATE_INVALID));
        assert_eq!(optional_date("99999-01-01"), Err(DATE_INVALID));
    }

    #[test]
    fn names_are_trimmed_and_required() {
        assert_eq!(installation_name("  Usine  "), Ok("Usine".into()));
        assert_eq!(installation_name(" \t"), Err(NAME_BLANK));
        assert_eq!(installation_name(&"x".repeat(201)), Err(NAME_TOO_LONG));
    }

    #[test]
    fn nested_rows_are_read_in_number_order() {
        let fields = FormFields::parse(
            b"installation[classements_attributes][10][id]=7&installation[classements_attributes][2][id]=5\
              &installation[classements_attributes][2][_destroy]=1&other=x",
        );
        let rows = ClassementRowInput::read_all(&fields);
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].id.as_str(), rows[0].destroy), ("5", true));
        assert_eq!((rows[1].id.as_str(), rows[1].destroy), ("7", false));
    }

    #[test]
    fn every_wrong_field_of_a_row_gets_its_message() {
        let row = ClassementRowInput {
            regime: "X".into(),
            date_autorisation: "32/01/2020".into(),
            volume: "beaucoup".into(),
            ..ClassementRowInput::default()
        };
        let errors = row.action(1).unwrap_err();
        assert_eq!(errors.get("regime"), Some(REGIME_INVALID));
        assert_eq!(errors.get("date_autorisation"), Some(DATE_INVALID));
        assert_eq!(errors.get("date_mise_en_service"), None);
        assert_eq!(errors.get("volume"), Some(VOLUME_INVALID));
        let deleted = ClassementRowInput {
            destroy: true,
            ..row
        };
        assert_eq!(deleted.action(1), Ok(RowAction::Delete(1)));
    }

    #[test]
    fn a_reference_classement_takes_the_line_and_the_typed_values() {
        let reference = ClassementReference {
            id: 3,
            rubrique: "1510".into(),
            regime: Regime::E,
            alinea: Some("2-b".into()),
            description: Some("Entrepôts couverts".into()),
        };
        let input = ReferenceClassementInput {
            reference_id: "3".into(),
            date_autorisation: "2020-11-03".into(),
            volume: "2000 m3".into(),
            ..ReferenceClassementInput::default()
        };
        let new = input.classement(Some(&reference)).unwrap();
        assert_eq!(new.classement.rubrique.as_deref(), Some("1510"));
        assert_eq!(new.classement.regime, Regime::E);
        assert_eq!(new.classement.volume.stored(), Some("2000 m3"));
        assert_eq!(new.activite.as_deref(), Some("Entrepôts couverts"));
        let errors = input.classement(None).unwrap_err();
        assert_eq!(errors.get("reference_id"), Some(REFERENCE_UNKNOWN));
        let unchosen = ReferenceClassementInput::default();
        assert_eq!(
            unchosen.classement(None).unwrap_err().get("reference_id"),
            Some(REFERENCE_MISSING)
        );
    }
}
