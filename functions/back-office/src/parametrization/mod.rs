//! What the parametrization pages share: the kinds of elements and their addresses, the
//! section dropdown, the buttons of forms that work without JavaScript (each one a post
//! answered with the form again), and the typed forms read from those posts.

mod condition_input;
mod element_input;
mod elements;
mod overview;

pub use condition_input::ConditionInput;
pub use element_input::{AlineaChoice, BlockInput, ElementInput, alinea_choices};
pub use elements::{described, holds, only, without};
pub use overview::{Card, CardBody, Overview};

use crate::error::BoError;
use envinorma_core::ArreteMinisteriel;
use envinorma_core::am::Section;

/// The kinds of parametrization elements, each with its editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Inapplicability,
    Alternative,
    Warning,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Inapplicability, Kind::Alternative, Kind::Warning];

    /// Its part of the editor's address.
    pub fn slug(self) -> &'static str {
        match self {
            Kind::Inapplicability => "inapplicabilite",
            Kind::Alternative => "section-alternative",
            Kind::Warning => "avertissement",
        }
    }

    /// The kind of an address part; unknown ones are no page.
    pub fn of_slug(slug: &str) -> Result<Kind, BoError> {
        Kind::ALL
            .into_iter()
            .find(|kind| kind.slug() == slug)
            .ok_or(BoError::NotFound)
    }

    /// Its French name, as titles and the edit log write it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Inapplicability => "inapplicabilité",
            Kind::Alternative => "section alternative",
            Kind::Warning => "avertissement",
        }
    }

    /// Its name as a title.
    pub fn title(self) -> &'static str {
        match self {
            Kind::Inapplicability => "Inapplicabilité",
            Kind::Alternative => "Section alternative",
            Kind::Warning => "Avertissement",
        }
    }

    /// The overview's link to a new one.
    pub fn new_label(self) -> &'static str {
        match self {
            Kind::Inapplicability => "Nouvelle inapplicabilité",
            Kind::Alternative => "Nouvelle section alternative",
            Kind::Warning => "Nouvel avertissement",
        }
    }

    /// `participle` (`ajouté`) agreed with the kind's gender, after its name: what the edit
    /// log says was done.
    pub fn done(self, participle: &str) -> String {
        let agreed = match self {
            Kind::Warning => participle.to_owned(),
            _ => format!("{participle}e"),
        };
        format!("{} {agreed}", self.name())
    }

    /// Whether its elements hold a condition (warnings always show).
    pub fn has_condition(self) -> bool {
        self != Kind::Warning
    }
}

/// The addresses of an AM's parametrization pages.
pub mod paths {
    use super::Kind;

    fn am(cid: &str) -> String {
        format!("/am/{}/parametrage", urlencoding::encode(cid))
    }

    /// The overview.
    pub fn overview(cid: &str) -> String {
        am(cid)
    }

    /// The editor of a new element, or of the element `id`.
    pub fn editor(cid: &str, kind: Kind, id: Option<&str>) -> String {
        match id {
            None => format!("{}/{}", am(cid), kind.slug()),
            Some(id) => format!("{}/{}/{}", am(cid), kind.slug(), urlencoding::encode(id)),
        }
    }

    /// A new element filled as the element `id`.
    pub fn copy(cid: &str, kind: Kind, id: &str) -> String {
        format!("{}/copie", editor(cid, kind, Some(id)))
    }

    /// Where the element `id` is deleted.
    pub fn delete(cid: &str, kind: Kind, id: &str) -> String {
        format!("{}/supprimer", editor(cid, kind, Some(id)))
    }

    /// The AM-level applicability.
    pub fn applicability(cid: &str) -> String {
        format!("{}/applicabilite", am(cid))
    }
}

/// The button an editor's form was posted with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// « Enregistrer » (also a post without button, as Enter sends).
    Save,
    /// « Ajouter une condition ».
    AddRow,
    /// « Supprimer » on the condition row (from 0).
    RemoveRow(usize),
    /// « Ajouter un paragraphe ».
    AddBlock,
    /// « Retirer ce paragraphe » (from 0).
    RemoveBlock(usize),
    /// « Choisir »: the chosen sections' alinéas and content shown.
    Choose,
}

impl Action {
    /// The action of the posted `action` field.
    pub fn parse(field: &str) -> Result<Action, BoError> {
        let numbered = |prefix: &str| {
            field
                .strip_prefix(prefix)
                .and_then(|number| number.parse::<usize>().ok())
        };
        Ok(match field {
            "" | "enregistrer" => Action::Save,
            "ajouter-condition" => Action::AddRow,
            "ajouter-paragraphe" => Action::AddBlock,
            "choisir" => Action::Choose,
            _ => match (
                numbered("supprimer-condition-"),
                numbered("retirer-paragraphe-"),
            ) {
                (Some(row), _) => Action::RemoveRow(row),
                (_, Some(block)) => Action::RemoveBlock(block),
                _ => {
                    return Err(BoError::BadRequest(format!(
                        "Le bouton « {field} » est inconnu : rechargez la page."
                    )));
                }
            },
        })
    }
}

/// Longest label of the section dropdown, `[...]` included.
const SECTION_LABEL_CHARS: usize = 80;

/// One section of the dropdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionOption {
    pub id: String,
    /// `'#'` per level (one for a top section), a space and the title, cut to 80 characters.
    pub label: String,
}

/// Every section of the text, in reading order, as the dropdown lists them.
pub fn section_options(text: &ArreteMinisteriel) -> Vec<SectionOption> {
    text.all_sections()
        .map(|(depth, section)| SectionOption {
            id: section.id.clone(),
            label: shortened(
                &format!(
                    "{} {}",
                    "#".repeat(depth + 1),
                    one_line(&section.title.text)
                ),
                SECTION_LABEL_CHARS,
            ),
        })
        .collect()
}

/// The section `id` of the text, at any depth.
pub fn find_section<'t>(text: &'t ArreteMinisteriel, id: &str) -> Option<&'t Section> {
    text.all_sections()
        .find(|(_, section)| section.id == id)
        .map(|(_, section)| section)
}

/// A title on one line, as the dropdown and the log show it.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` when it holds at most `max` characters, else its start and `[...]` in `max`.
pub fn shortened(text: &str, max: usize) -> String {
    const MORE: &str = "[...]";
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let start: String = text.chars().take(max - MORE.len()).collect();
    format!("{start}{MORE}")
}

/// A draw of 12 hexadecimal characters, the id of a new element.
pub fn new_element_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..12].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_labels_show_the_depth_with_hashes_and_are_cut_to_80_characters() {
        let text: ArreteMinisteriel = serde_json::from_value(serde_json::json!({
            "id": "JORFTEXT000000000001", "title": {"text": "Arrêté"},
            "sections": [{"id": "a", "title": {"text": "Article 1\n  Eau"}, "sections": [
                {"id": "b", "title": {"text": "é".repeat(100)}}]}]}))
        .unwrap();
        let options = section_options(&text);
        assert_eq!(options[0].label, "# Article 1 Eau");
        assert_eq!(options[1].label.chars().count(), 80);
        assert!(options[1].label.starts_with("## éé"));
        assert!(options[1].label.ends_with("é[...]"));
        assert_eq!(find_section(&text, "b").unwrap().id, "b");
    }

    #[test]
    fn buttons_are_read_and_an_unknown_one_is_refused() {
        assert_eq!(Action::parse("").unwrap(), Action::Save);
        assert_eq!(
            Action::parse("supprimer-condition-2").unwrap(),
            Action::RemoveRow(2)
        );
        assert_eq!(
            Action::parse("retirer-paragraphe-0").unwrap(),
            Action::RemoveBlock(0)
        );
        assert!(Action::parse("supprimer-condition-x").is_err());
    }

    #[test]
    fn new_ids_are_twelve_hexadecimal_characters_and_the_log_agrees_with_the_kind() {
        let id = new_element_id();
        assert!(envinorma_core::authoring::is_element_id(&id), "{id}");
        assert_ne!(id, new_element_id());
        assert_eq!(Kind::Warning.done("ajouté"), "avertissement ajouté");
        assert_eq!(
            Kind::Alternative.done("supprimé"),
            "section alternative supprimée"
        );
    }
}
