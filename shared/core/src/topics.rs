//! Topics (thématiques) of sections, for the topic filter of the AM page.

use crate::am::ArreteMinisteriel;
use std::collections::HashMap;

/// A topic code and its button label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Topic {
    pub code: &'static str,
    pub label: &'static str,
}

/// The topic filter's buttons, in display order.
pub const TOPICS: [Topic; 10] = [
    Topic {
        code: "DISPOSITIONS_GENERALES",
        label: "Dispositions générales",
    },
    Topic {
        code: "IMPLANTATION_AMENAGEMENT",
        label: "Implantation - aménagement",
    },
    Topic {
        code: "EXPLOITATION",
        label: "Exploitation",
    },
    Topic {
        code: "RISQUES",
        label: "Risques",
    },
    Topic {
        code: "EAU",
        label: "Eau",
    },
    Topic {
        code: "AIR_ODEURS",
        label: "Air - odeurs",
    },
    Topic {
        code: "DECHETS",
        label: "Déchets",
    },
    Topic {
        code: "BRUIT_VIBRATIONS",
        label: "Bruit - vibrations",
    },
    Topic {
        code: "FIN_EXPLOITATION",
        label: "Fin d'exploitation",
    },
    Topic {
        code: NO_TOPIC,
        label: "Aucun",
    },
];

/// The code of sections without any topic.
pub const NO_TOPIC: &str = "AUCUN";

/// The topics of each section of a tree given in pre-order as (depth, own topic).
///
/// A section's effective topic is its outermost ancestor's that has one, else its own; its
/// list is its effective topic followed by its children's lists, without repeats, or
/// `["AUCUN"]` when empty (so a child's `AUCUN` shows in its parent's list).
pub fn topics_in_preorder<'a>(
    sections: impl IntoIterator<Item = (usize, Option<&'a str>)>,
) -> Vec<Vec<&'a str>> {
    struct Open<'a> {
        position: usize,
        depth: usize,
        effective: Option<&'a str>,
        topics: Vec<&'a str>,
    }
    fn close<'a>(open: &mut Vec<Open<'a>>, result: &mut [Vec<&'a str>]) {
        let Some(done) = open.pop() else { return };
        let mut unique: Vec<&str> = Vec::with_capacity(done.topics.len());
        for topic in done.topics {
            if !unique.contains(&topic) {
                unique.push(topic);
            }
        }
        if unique.is_empty() {
            unique.push(NO_TOPIC);
        }
        if let Some(parent) = open.last_mut() {
            parent.topics.extend_from_slice(&unique);
        }
        result[done.position] = unique;
    }

    let sections: Vec<(usize, Option<&str>)> = sections.into_iter().collect();
    let mut result = vec![Vec::new(); sections.len()];
    let mut open: Vec<Open> = Vec::new();
    for (position, (depth, own)) in sections.into_iter().enumerate() {
        while open.last().is_some_and(|o| o.depth >= depth) {
            close(&mut open, &mut result);
        }
        let effective = open.last().and_then(|parent| parent.effective).or(own);
        open.push(Open {
            position,
            depth,
            effective,
            topics: effective.into_iter().collect(),
        });
    }
    while !open.is_empty() {
        close(&mut open, &mut result);
    }
    result
}

/// Section id → topics, for every section of the AM at any depth.
pub fn topics_by_section(am: &ArreteMinisteriel) -> HashMap<&str, Vec<&str>> {
    let topics = topics_in_preorder(
        am.all_sections()
            .map(|(depth, section)| (depth, section.topic())),
    );
    am.all_sections()
        .map(|(_, section)| section.id.as_str())
        .zip(topics)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parent_without_topic_collects_its_childrens_topics_including_aucun() {
        let topics = topics_in_preorder([(0, None), (1, None), (1, Some("EAU"))]);
        assert_eq!(topics, [vec!["AUCUN", "EAU"], vec!["AUCUN"], vec!["EAU"]]);
    }

    #[test]
    fn an_ancestors_topic_wins_over_its_descendants() {
        let topics = topics_in_preorder([
            (0, Some("RISQUES")),
            (1, Some("EAU")),
            (2, None),
            (0, Some("EAU")),
        ]);
        assert_eq!(
            topics,
            [
                vec!["RISQUES"],
                vec!["RISQUES"],
                vec!["RISQUES"],
                vec!["EAU"]
            ]
        );
    }

    #[test]
    fn topics_are_listed_once_in_order_of_first_appearance() {
        let topics = topics_in_preorder([
            (0, None),
            (1, Some("EAU")),
            (1, Some("BRUIT_VIBRATIONS")),
            (1, Some("EAU")),
        ]);
        assert_eq!(topics[0], ["EAU", "BRUIT_VIBRATIONS"]);
    }
}
