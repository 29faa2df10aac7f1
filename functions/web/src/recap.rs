//! How the recap and the exports order and group a user's prescriptions (web.md §1.4).
//!
//! Every sort ends on a total order (creation time, then id), so the grouping never depends
//! on the order the database returned the rows in.

use envinorma_core::topics::{NO_TOPIC, TOPICS, Topic};
use envinorma_db::prescriptions::{Prescription, Status};
use std::cmp::Reverse;

/// The prescriptions of one topic, or all of them when grouped by arrêté.
#[derive(Debug, PartialEq)]
pub struct TopicGroup<'a> {
    /// `None` when grouped by arrêté.
    pub topic: Option<&'static Topic>,
    pub texts: Vec<TextGroup<'a>>,
}

impl TopicGroup<'_> {
    /// "Thème : Eau", "Aucun thème"; `None` when grouped by arrêté.
    pub fn label(&self) -> Option<String> {
        self.topic.map(|topic| match topic.code {
            NO_TOPIC => "Aucun thème".to_string(),
            _ => format!("Thème : {}", topic.label),
        })
    }
}

/// The prescriptions of one text ("AM - 09/04/19 - 2521 E", "AP - 27/04/21").
#[derive(Debug, PartialEq)]
pub struct TextGroup<'a> {
    /// Empty for a prescription recorded without one.
    pub text_reference: &'a str,
    pub references: Vec<ReferenceGroup<'a>>,
}

/// The prescriptions of one article (or annexe) of a text.
#[derive(Debug, PartialEq)]
pub struct ReferenceGroup<'a> {
    /// "Article 2 - Définitions": the reference and the section's name when there is one.
    pub full_reference: String,
    pub prescriptions: Vec<&'a Prescription>,
}

/// Groups by topic (alphabetical by code, "AUCUN" last) or into one group, then by text
/// (AM prescriptions before AP ones, each text where its oldest prescription puts it), then by
/// reference (in the order of the alinéas' ranks).
pub fn group(prescriptions: &[Prescription], by_topic: bool) -> Vec<TopicGroup<'_>> {
    let all: Vec<&Prescription> = prescriptions.iter().collect();
    if !by_topic {
        return vec![TopicGroup {
            topic: None,
            texts: by_text(all),
        }];
    }
    let mut topics = group_by_first_appearance(all, |p| topic(&p.topic));
    topics.sort_by_key(|(topic, _)| (topic.code == NO_TOPIC, topic.code));
    topics
        .into_iter()
        .map(|(topic, prescriptions)| TopicGroup {
            topic: Some(topic),
            texts: by_text(prescriptions),
        })
        .collect()
}

/// How many prescriptions have each status, in [`Status::ALL`]'s order.
pub fn status_counts(prescriptions: &[Prescription]) -> [(Status, usize); 4] {
    Status::ALL.map(|status| {
        let count = prescriptions.iter().filter(|p| p.status == status).count();
        (status, count)
    })
}

/// The topic of a code; the database only holds codes of [`TOPICS`], anything else counts as
/// having no topic.
fn topic(code: &str) -> &'static Topic {
    let known = |code: &str| TOPICS.iter().find(|topic| topic.code == code);
    known(code)
        .or_else(|| known(NO_TOPIC))
        .expect("TOPICS lists AUCUN")
}

fn by_text(mut prescriptions: Vec<&Prescription>) -> Vec<TextGroup<'_>> {
    prescriptions.sort_by_key(|p| (Reverse(p.from_am_id.is_some()), p.created_at_micros, p.id));
    group_by_first_appearance(prescriptions, |p| p.text_reference.as_deref().unwrap_or(""))
        .into_iter()
        .map(|(text_reference, mut prescriptions)| {
            prescriptions.sort_by_key(|p| (rank(p), p.created_at_micros, p.id));
            let references = group_by_first_appearance(prescriptions, full_reference)
                .into_iter()
                .map(|(full_reference, prescriptions)| ReferenceGroup {
                    full_reference,
                    prescriptions,
                })
                .collect();
            TextGroup {
                text_reference,
                references,
            }
        })
        .collect()
}

/// "3.1.2" as [3, 1, 2], compared as numbers; like the original's `to_i`, a part counts for
/// its leading digits (0 when none), and no rank is the empty list (first).
fn rank(prescription: &Prescription) -> Vec<u64> {
    let Some(rank) = &prescription.rank else {
        return Vec::new();
    };
    rank.split('.')
        .map(|part| {
            let digits: String = part
                .trim()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().unwrap_or(0)
        })
        .collect()
}

fn full_reference(prescription: &&Prescription) -> String {
    match &prescription.name {
        Some(name) => format!("{} - {name}", prescription.reference),
        None => prescription.reference.clone(),
    }
}

/// Groups items by key, the groups in the order their first item appears, each keeping its
/// items' order.
fn group_by_first_appearance<T, K: PartialEq>(
    items: Vec<T>,
    key: impl Fn(&T) -> K,
) -> Vec<(K, Vec<T>)> {
    let mut groups: Vec<(K, Vec<T>)> = Vec::new();
    for item in items {
        let k = key(&item);
        match groups.iter_mut().find(|(existing, _)| *existing == k) {
            Some((_, group)) => group.push(item),
            None => groups.push((k, vec![item])),
        }
    }
    groups
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A prescription from an AM (`text` starting with "AM") or an AP.
    pub(crate) fn prescription(id: i64, text: &str, reference: &str, rank: &str) -> Prescription {
        let from_am = text.starts_with("AM");
        Prescription {
            id,
            from_am_id: from_am.then(|| "JORFTEXT000038358856".to_string()),
            alinea_id: from_am.then(|| format!("s_{id}")),
            reference: reference.to_string(),
            name: None,
            content: format!("content {id}"),
            is_table: false,
            text_reference: Some(text.to_string()),
            rank: (!rank.is_empty()).then(|| rank.to_string()),
            topic: NO_TOPIC.to_string(),
            status: Status::AVerifier,
            comment: String::new(),
            created_at_micros: id * 10,
        }
    }

    fn ids<'a>(group: &'a TopicGroup) -> Vec<(&'a str, String, Vec<i64>)> {
        group
            .texts
            .iter()
            .flat_map(|text| {
                text.references.iter().map(|reference| {
                    let ids = reference.prescriptions.iter().map(|p| p.id).collect();
                    (text.text_reference, reference.full_reference.clone(), ids)
                })
            })
            .collect()
    }

    #[test]
    fn am_prescriptions_come_before_ap_ones_whatever_their_age() {
        let prescriptions = [
            prescription(1, "AP - 27/04/21", "Article 3", ""),
            prescription(2, "AM - 09/04/19 - 2521 E", "Article 1", "1.0"),
        ];
        let groups = group(&prescriptions, false);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].label(), None);
        let texts: Vec<&str> = groups[0].texts.iter().map(|t| t.text_reference).collect();
        assert_eq!(texts, ["AM - 09/04/19 - 2521 E", "AP - 27/04/21"]);
    }

    #[test]
    fn texts_keep_the_order_of_their_oldest_prescription_and_references_follow_ranks() {
        let prescriptions = [
            prescription(1, "AM - 01/01/20", "Article 10", "10.0"),
            prescription(2, "AM - 09/04/19", "Article 2", "2.1"),
            prescription(3, "AM - 01/01/20", "Article 9", "9.0"),
            prescription(4, "AM - 09/04/19", "Article 2", "2.0"),
            prescription(5, "AM - 01/01/20", "Article 10", "10.1"),
        ];
        let groups = group(&prescriptions, false);
        assert_eq!(
            ids(&groups[0]),
            [
                ("AM - 01/01/20", "Article 9".to_string(), vec![3]),
                ("AM - 01/01/20", "Article 10".to_string(), vec![1, 5]),
                ("AM - 09/04/19", "Article 2".to_string(), vec![4, 2]),
            ]
        );
    }

    #[test]
    fn ranks_compare_as_numbers_part_by_part() {
        let prescriptions = [
            prescription(1, "AM", "c", "10.1"),
            prescription(2, "AM", "b", "2.10"),
            prescription(3, "AM", "a", "2.9"),
            prescription(4, "AM", "d", "2"),
        ];
        let groups = group(&prescriptions, false);
        let order: Vec<String> = ids(&groups[0]).into_iter().map(|(_, r, _)| r).collect();
        assert_eq!(order, ["d", "a", "b", "c"]);
    }

    #[test]
    fn ties_on_rank_and_creation_time_are_broken_by_id_whatever_the_input_order() {
        let mut first = prescription(7, "AP - 27/04/21", "Article 1", "");
        let mut second = prescription(3, "AP - 27/04/21", "Article 1", "");
        first.created_at_micros = 5;
        second.created_at_micros = 5;
        for input in [
            [first.clone(), second.clone()],
            [second.clone(), first.clone()],
        ] {
            let groups = group(&input, false);
            assert_eq!(ids(&groups[0])[0].2, [3, 7]);
        }
    }

    #[test]
    fn the_full_reference_adds_the_section_name_when_there_is_one() {
        let mut named = prescription(1, "AM", "Article 2", "2");
        named.name = Some("Définitions".to_string());
        let prescriptions = [named, prescription(2, "AM", "Article 2", "2")];
        let groups = group(&prescriptions, false);
        let references: Vec<String> = ids(&groups[0]).into_iter().map(|(_, r, _)| r).collect();
        assert_eq!(references, ["Article 2 - Définitions", "Article 2"]);
    }

    #[test]
    fn references_are_grouped_even_when_not_adjacent() {
        let prescriptions = [
            prescription(1, "AM", "Article 1", "1.0"),
            prescription(2, "AM", "Article 2", "2.0"),
            prescription(3, "AM", "Article 1", "3.0"),
        ];
        let groups = group(&prescriptions, false);
        assert_eq!(ids(&groups[0])[0].2, [1, 3]);
    }

    #[test]
    fn by_topic_the_topics_are_sorted_by_code_with_no_topic_last() {
        let mut prescriptions = vec![
            prescription(1, "AP - 27/04/21", "Article 1", ""),
            prescription(2, "AM", "Article 6", "6"),
            prescription(3, "AM", "Article 5", "5"),
            prescription(4, "AM", "Article 9", "9"),
        ];
        prescriptions[1].topic = "BRUIT_VIBRATIONS".into();
        prescriptions[2].topic = "AIR_ODEURS".into();
        prescriptions[3].topic = "UNKNOWN_CODE".into();
        let groups = group(&prescriptions, true);
        let labels: Vec<String> = groups.iter().filter_map(TopicGroup::label).collect();
        assert_eq!(
            labels,
            [
                "Thème : Air - odeurs",
                "Thème : Bruit - vibrations",
                "Aucun thème"
            ]
        );
        let last: Vec<i64> = ids(&groups[2])
            .into_iter()
            .flat_map(|(_, _, ids)| ids)
            .collect();
        assert_eq!(
            last,
            [4, 1],
            "AM before AP inside the topic; unknown codes have no topic"
        );
    }

    #[test]
    fn no_prescription_gives_one_empty_group_by_arrete_and_none_by_topic() {
        assert_eq!(
            group(&[], false),
            [TopicGroup {
                topic: None,
                texts: Vec::new()
            }]
        );
        assert!(group(&[], true).is_empty());
    }

    #[test]
    fn status_counts_list_every_status_in_order() {
        let mut prescriptions = vec![
            prescription(1, "AM", "a", ""),
            prescription(2, "AM", "a", ""),
            prescription(3, "AM", "a", ""),
        ];
        prescriptions[0].status = Status::NonConforme;
        prescriptions[1].status = Status::NonConforme;
        assert_eq!(
            status_counts(&prescriptions),
            [
                (Status::AVerifier, 1),
                (Status::Conforme, 0),
                (Status::NonConforme, 2),
                (Status::SansObjet, 0),
            ]
        );
    }
}
