//! The files an inspector downloads from the recap: the "fiche d'inspection" (`.odt`) and the
//! GUN import file (`.ods`). Pure functions of the prescriptions: the routes load and answer.

mod fiche;
mod gun;

pub use fiche::fiche;
pub use gun::{gun, gun_theme};

use envinorma_core::{Date, Table};
use envinorma_db::prescriptions::Prescription;

/// What the exports say about the installation.
#[derive(Debug, Clone, Copy)]
pub struct ExportHeader<'a> {
    pub installation_name: &'a str,
    /// `None` for a fictive installation (its made-up id is never shown).
    pub s3ic_id: Option<&'a str>,
    /// The day of the export.
    pub date: Date,
}

/// What the route answers when there is nothing to export.
pub const NO_PRESCRIPTION: &str = "Aucune prescription sélectionnée : cochez des alinéas ou \
    ajoutez une prescription d’AP avant de télécharger la fiche ou le modèle GUN.";

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{NO_PRESCRIPTION}")]
    NoPrescription,
    #[error(transparent)]
    Odf(#[from] envinorma_odf::OdfError),
}

/// A prescription's content, its table decoded.
enum Content<'a> {
    Text(&'a str),
    Table(Table),
}

/// A table whose JSON does not decode is shown as its raw text rather than failing the export.
fn content(prescription: &Prescription) -> Content<'_> {
    prescription
        .is_table
        .then(|| serde_json::from_str(&prescription.content).ok())
        .flatten()
        .map_or(Content::Text(&prescription.content), Content::Table)
}

/// The reference of an export row: "AM - 09/04/19 - 2521 E - Article 2 - Définitions".
fn row_reference(text_reference: &str, full_reference: &str) -> String {
    match text_reference {
        "" => full_reference.to_string(),
        text => format!("{text} - {full_reference}"),
    }
}

/// What the inspector found, one line per prescription of a row: its status, then its comment
/// when there is one ("Non conforme : bruit mesuré à 62 dB"). Lines are numbered when the row
/// holds several prescriptions, in the order of their contents.
fn findings(prescriptions: &[&Prescription]) -> Vec<String> {
    let numbered = prescriptions.len() > 1;
    prescriptions
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let number = if numbered {
                format!("{}. ", i + 1)
            } else {
                String::new()
            };
            match p.comment.trim() {
                "" => format!("{number}{}", p.status.label()),
                comment => format!("{number}{} : {comment}", p.status.label()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recap::tests::prescription;
    use envinorma_db::prescriptions::Status;

    #[test]
    fn findings_give_the_status_and_the_comment_numbered_when_several() {
        let mut first = prescription(1, "AM", "Article 1", "1");
        first.status = Status::NonConforme;
        first.comment = " bruit mesuré à 62 dB ".into();
        let second = prescription(2, "AM", "Article 1", "1");
        assert_eq!(findings(&[&second]), ["À vérifier"]);
        assert_eq!(
            findings(&[&first, &second]),
            ["1. Non conforme : bruit mesuré à 62 dB", "2. À vérifier"]
        );
    }

    #[test]
    fn a_table_whose_json_does_not_decode_is_kept_as_text() {
        let mut broken = prescription(1, "AM", "Article 1", "1");
        broken.is_table = true;
        broken.content = "{not json".into();
        assert!(matches!(content(&broken), Content::Text("{not json")));
    }

    #[test]
    fn the_row_reference_starts_with_the_text_when_there_is_one() {
        assert_eq!(
            row_reference("AP - 27/04/21", "Article 3"),
            "AP - 27/04/21 - Article 3"
        );
        assert_eq!(row_reference("", "Article 3"), "Article 3");
    }
}
