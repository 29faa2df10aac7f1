//! The topic editor: a section's topic set or removed. A topic covers a section's whole
//! subtree (see [`crate::topics`]): a section under or above one with a topic cannot get one,
//! else the web app's filter would file its text under two topics.

use crate::am::{Annotations, ArreteMinisteriel, Section};
use crate::topics::{NO_TOPIC, TOPICS, Topic};

/// The topics an editor can give a section: the web app's filter's, without « Aucun ».
pub fn assignable_topics() -> impl Iterator<Item = &'static Topic> {
    TOPICS.iter().filter(|topic| topic.code != NO_TOPIC)
}

/// The assignable topic of a code.
pub fn topic_of_code(code: &str) -> Option<&'static Topic> {
    assignable_topics().find(|topic| topic.code == code)
}

/// A stored topic code's label; an unknown code (older data) is shown as it is.
pub fn topic_label(code: &str) -> &str {
    topic_of_code(code).map_or(code, |topic| topic.label)
}

/// Why a topic cannot be set, as the sentence the editor is shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TopicError {
    /// No section of the text has this id.
    #[error("Cette section n’existe pas dans le texte de l’arrêté : rechargez la page.")]
    UnknownSection,
    /// A section above already has a topic.
    #[error(
        "La section englobante « {title} » a déjà le thème « {topic} » : retirez-le avant d’en \
         donner un à cette section."
    )]
    AncestorHasTopic {
        /// The ancestor's title.
        title: String,
        /// Its topic's label.
        topic: String,
    },
    /// A section below already has a topic.
    #[error(
        "La sous-section « {title} » a déjà le thème « {topic} » : retirez-le avant d’en donner \
         un à cette section."
    )]
    DescendantHasTopic {
        /// The descendant's title.
        title: String,
        /// Its topic's label.
        topic: String,
    },
}

/// Gives the section `id` of `text` the `topic`, or removes its topic (`None`). Setting is
/// refused when an ancestor or a descendant has a topic; removing never is.
pub fn set_topic(
    text: &mut ArreteMinisteriel,
    id: &str,
    topic: Option<&Topic>,
) -> Result<(), TopicError> {
    let path = path_to(&text.sections, id).ok_or(TopicError::UnknownSection)?;
    let mut sections = &mut text.sections;
    let (last, above) = path.split_last().ok_or(TopicError::UnknownSection)?;
    for &at in above {
        if topic.is_some()
            && let Some(code) = sections[at].topic()
        {
            return Err(TopicError::AncestorHasTopic {
                title: sections[at].title.text.trim().to_string(),
                topic: topic_label(code).to_string(),
            });
        }
        sections = &mut sections[at].sections;
    }
    let section = &mut sections[*last];
    if topic.is_some()
        && let Some((title, code)) = first_topic_below(section)
    {
        return Err(TopicError::DescendantHasTopic {
            title: title.trim().to_string(),
            topic: topic_label(code).to_string(),
        });
    }
    section.annotations = Some(Annotations {
        topic: topic.map(|topic| topic.code.to_string()),
    });
    Ok(())
}

/// The indices leading from `sections` to the section `id`.
fn path_to(sections: &[Section], id: &str) -> Option<Vec<usize>> {
    sections.iter().enumerate().find_map(|(at, section)| {
        if section.id == id {
            return Some(vec![at]);
        }
        let mut path = path_to(&section.sections, id)?;
        path.insert(0, at);
        Some(path)
    })
}

/// The first subsection (at any depth) with a topic: its title and topic code.
fn first_topic_below(section: &Section) -> Option<(&str, &str)> {
    section
        .sections
        .iter()
        .find_map(|child| match child.topic() {
            Some(code) => Some((child.title.text.as_str(), code)),
            None => first_topic_below(child),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// I (II (III), IV (V)), VI.
    fn text() -> ArreteMinisteriel {
        let section = |id: &str, sections: serde_json::Value| json!({"id": id, "title": {"text": format!("Titre {id}")}, "sections": sections});
        serde_json::from_value(json!({
            "id": "JORFTEXT000000000001", "title": {"text": "Arrêté"},
            "sections": [
                section("I", json!([section("II", json!([section("III", json!([]))])),
                                    section("IV", json!([section("V", json!([]))]))])),
                section("VI", json!([]))]}))
        .unwrap()
    }

    fn topics(text: &ArreteMinisteriel) -> Vec<(String, Option<&str>)> {
        text.all_sections()
            .map(|(_, section)| (section.id.clone(), section.topic()))
            .collect()
    }

    #[test]
    fn the_nine_topics_are_assignable_and_aucun_is_not() {
        let codes: Vec<&str> = assignable_topics().map(|topic| topic.code).collect();
        assert_eq!(
            codes,
            [
                "DISPOSITIONS_GENERALES",
                "IMPLANTATION_AMENAGEMENT",
                "EXPLOITATION",
                "RISQUES",
                "EAU",
                "AIR_ODEURS",
                "DECHETS",
                "BRUIT_VIBRATIONS",
                "FIN_EXPLOITATION"
            ]
        );
        assert_eq!(topic_of_code(NO_TOPIC), None);
        assert_eq!(topic_label("EAU"), "Eau");
        assert_eq!(topic_label("ANCIEN"), "ANCIEN");
    }

    #[test]
    fn a_topic_is_set_then_removed() {
        let mut text = text();
        set_topic(&mut text, "II", topic_of_code("EAU")).unwrap();
        set_topic(&mut text, "VI", topic_of_code("RISQUES")).unwrap();
        // Siblings and cousins do not clash.
        set_topic(&mut text, "V", topic_of_code("EAU")).unwrap();
        let set = topics(&text);
        assert_eq!(set[1], ("II".to_string(), Some("EAU")));
        assert_eq!(set[4], ("V".to_string(), Some("EAU")));
        assert_eq!(set[5], ("VI".to_string(), Some("RISQUES")));
        set_topic(&mut text, "II", None).unwrap();
        assert_eq!(topics(&text)[1], ("II".to_string(), None));
    }

    #[test]
    fn a_topic_under_or_above_another_is_refused_and_nothing_changes() {
        let mut text = text();
        set_topic(&mut text, "II", topic_of_code("EAU")).unwrap();
        let before = text.clone();
        let below = set_topic(&mut text, "III", topic_of_code("AIR_ODEURS"));
        assert_eq!(
            below.unwrap_err().to_string(),
            "La section englobante « Titre II » a déjà le thème « Eau » : retirez-le avant \
             d’en donner un à cette section."
        );
        let above = set_topic(&mut text, "I", topic_of_code("AIR_ODEURS"));
        assert_eq!(
            above,
            Err(TopicError::DescendantHasTopic {
                title: "Titre II".into(),
                topic: "Eau".into()
            })
        );
        assert_eq!(text, before);
        // Its own topic is replaced, and removing under a topic is allowed.
        set_topic(&mut text, "II", topic_of_code("DECHETS")).unwrap();
        set_topic(&mut text, "III", None).unwrap();
        assert_eq!(
            set_topic(&mut text, "X", None),
            Err(TopicError::UnknownSection)
        );
    }
}
