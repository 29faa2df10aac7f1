//! An AM personalised for one installation: inapplicable sections and alinéas deactivated,
//! modified sections replaced, and "pourrait…" warnings where values are missing.
//!
//! The result borrows the AM and records only what changes, so personalising never copies
//! the AM's text.

use crate::alinea_index::{IndexedAlinea, section_alineas};
use crate::am::{ArreteMinisteriel, Section};
use crate::classement::Classement;
use crate::parameters::Parameters;
use crate::topics::NO_TOPIC;
use crate::warnings;

/// The personalised AM: its sections in pre-order of the personalised tree.
#[derive(Debug, Clone)]
pub struct PersonalisedAm<'a> {
    pub am: &'a ArreteMinisteriel,
    /// Positions of the installation's classements that selected the parameters, in match order.
    pub matched_classements: Vec<usize>,
    pub parameters: Parameters,
    pub sections: Vec<PersonalisedSection<'a>>,
}

/// One section of a personalised AM.
#[derive(Debug, Clone)]
pub struct PersonalisedSection<'a> {
    /// The section as stored (for a modified section, its previous version).
    pub original: &'a Section,
    /// The version that replaces it, when a modification applies.
    pub replacement: Option<&'a Section>,
    /// 0 for top-level sections.
    pub depth: usize,
    pub active: bool,
    pub modified: bool,
    pub warnings: Vec<String>,
    alineas: AlineaStates<'a>,
}

/// Alinéa states without a copy per section: as stored, or set by a deactivation.
#[derive(Debug, Clone, Copy)]
enum AlineaStates<'a> {
    Stored,
    /// Alinéa `i` is active when some alinéas are targeted and `i` is not one of them.
    Deactivated(Option<&'a [usize]>),
}

impl<'a> PersonalisedSection<'a> {
    /// The section shown: the replacement when modified, else the stored one.
    pub fn content(&self) -> &'a Section {
        self.replacement.unwrap_or(self.original)
    }

    /// The stored id (kept when a modification replaces the content).
    pub fn id(&self) -> &'a str {
        &self.original.id
    }

    pub fn title(&self) -> &'a str {
        &self.content().title.text
    }

    /// The text before modification, when the section was modified.
    pub fn previous_version(&self) -> Option<&'a Section> {
        self.replacement.map(|_| self.original)
    }

    /// Each outer alinéa's state: `None` when never set.
    pub fn alineas_state(&self) -> impl Iterator<Item = Option<bool>> + '_ {
        self.content()
            .outer_alineas
            .iter()
            .enumerate()
            .map(move |(i, alinea)| match self.alineas {
                AlineaStates::Stored => alinea.stored_active(),
                AlineaStates::Deactivated(targets) => {
                    Some(targets.is_some_and(|t| !t.contains(&i)))
                }
            })
    }

    /// Each outer alinéa: active unless explicitly deactivated (inactive ones stay selectable).
    pub fn alineas_active(&self) -> impl Iterator<Item = bool> + '_ {
        self.alineas_state().map(|state| state != Some(false))
    }
}

impl PersonalisedAm<'_> {
    /// The index path of each section (`[0, 2, 1]`), in the order of `sections`.
    pub fn paths(&self) -> Vec<Vec<usize>> {
        let mut path: Vec<usize> = Vec::new();
        self.sections
            .iter()
            .map(|section| {
                if section.depth < path.len() {
                    path.truncate(section.depth + 1);
                    path[section.depth] += 1;
                } else {
                    path.push(0);
                }
                path.clone()
            })
            .collect()
    }
}

/// Personalises `am` for an installation: its parameters come from the classements matching
/// one of the AM's (rubrique, régime, alinéa) entries; none matching gives no parameters, so
/// every condition becomes a "pourrait…" warning.
pub fn personalise<'a>(
    am: &'a ArreteMinisteriel,
    classements: &[Classement],
) -> PersonalisedAm<'a> {
    let matched_classements = matching_classements(am, classements);
    let parameters =
        Parameters::of_classements(matched_classements.iter().map(|&i| &classements[i]));
    personalise_with(am, matched_classements, parameters)
}

/// Personalises `am` for given parameters.
pub fn personalise_with(
    am: &ArreteMinisteriel,
    matched_classements: Vec<usize>,
    parameters: Parameters,
) -> PersonalisedAm<'_> {
    let mut sections = Vec::new();
    for section in &am.sections {
        apply(section, &parameters, 0, &mut sections);
    }
    PersonalisedAm {
        am,
        matched_classements,
        parameters,
        sections,
    }
}

/// Positions of the classements matching an entry of the AM on rubrique, régime and alinéa (an
/// entry listing no alinéa matches them all), once per matching entry, in stored order.
pub fn matching_classements(am: &ArreteMinisteriel, classements: &[Classement]) -> Vec<usize> {
    let mut matched = Vec::new();
    for (position, classement) in classements.iter().enumerate() {
        for entry in &am.classements_with_alineas {
            let same_class = classement.rubrique.as_deref() == Some(entry.rubrique.as_str())
                && classement.regime.as_str() == entry.regime;
            let alinea_ok = entry.alineas.is_empty()
                || classement
                    .alinea
                    .as_ref()
                    .is_some_and(|a| entry.alineas.contains(a));
            if same_class && alinea_ok {
                matched.push(position);
            }
        }
    }
    matched
}

/// Personalises one section and its subtree, appending them to `out` in pre-order.
fn apply<'a>(
    section: &'a Section,
    parameters: &Parameters,
    depth: usize,
    out: &mut Vec<PersonalisedSection<'a>>,
) {
    let here = out.len();
    out.push(stored_state(section, depth));
    let parametrization = &section.parametrization;
    let mut could_apply = Vec::new();

    for inapplicability in &parametrization.potential_inapplicabilities {
        let condition = &inapplicability.condition;
        let targets = inapplicability.targeted_alineas();
        if condition.satisfied(parameters) {
            out[here].active = targets.is_some();
            out[here].alineas = AlineaStates::Deactivated(targets);
            out[here].warnings = with(
                &parametrization.warnings,
                [warnings::inapplicability(condition, targets)],
            );
            for child in &section.sections {
                if inapplicability.subsections_are_inapplicable() {
                    push_deactivated(child, depth + 1, out);
                } else {
                    push_stored(child, depth + 1, out);
                }
            }
            return;
        }
        if condition.potentially_satisfied(parameters) {
            could_apply.push(warnings::potential_inapplicability(condition, targets));
        }
    }

    for modification in &parametrization.potential_modifications {
        let condition = &modification.condition;
        if condition.satisfied(parameters) {
            let replacement = &modification.new_version;
            out[here] = PersonalisedSection {
                replacement: Some(replacement),
                modified: true,
                alineas: AlineaStates::Stored,
                warnings: with(
                    &parametrization.warnings,
                    [warnings::modification(condition)],
                ),
                ..out[here].clone()
            };
            for child in &replacement.sections {
                push_stored(child, depth + 1, out);
            }
            return;
        }
        if condition.potentially_satisfied(parameters) {
            could_apply.push(warnings::potential_modification(condition));
        }
    }

    for child in &section.sections {
        apply(child, parameters, depth + 1, out);
    }
    out[here].warnings = with(&parametrization.warnings, could_apply);
}

fn with(static_warnings: &[String], more: impl IntoIterator<Item = String>) -> Vec<String> {
    static_warnings.iter().cloned().chain(more).collect()
}

/// A section that personalisation does not reach keeps its stored state.
fn stored_state(section: &Section, depth: usize) -> PersonalisedSection<'_> {
    let stored = section.applicability.as_ref();
    PersonalisedSection {
        original: section,
        replacement: None,
        depth,
        active: stored.is_none_or(|a| a.active),
        modified: stored.is_some_and(|a| a.modified),
        warnings: stored.map(|a| a.warnings.clone()).unwrap_or_default(),
        alineas: AlineaStates::Stored,
    }
}

fn push_stored<'a>(section: &'a Section, depth: usize, out: &mut Vec<PersonalisedSection<'a>>) {
    out.push(stored_state(section, depth));
    for child in &section.sections {
        push_stored(child, depth + 1, out);
    }
}

/// Below an inapplicable section, everything is inactive.
fn push_deactivated<'a>(
    section: &'a Section,
    depth: usize,
    out: &mut Vec<PersonalisedSection<'a>>,
) {
    out.push(PersonalisedSection {
        active: false,
        alineas: AlineaStates::Deactivated(None),
        ..stored_state(section, depth)
    });
    for child in &section.sections {
        push_deactivated(child, depth + 1, out);
    }
}

impl<'a> PersonalisedAm<'a> {
    /// The alinéas of the section `section_id` as the inspector reads them (a modified
    /// section's new version), with the rank and topic of the alinea index: what a prescription
    /// taken from them records. `None` when the AM has no such section.
    pub fn section_alineas(&self, section_id: &str) -> Option<Vec<IndexedAlinea<'a>>> {
        let position = self.sections.iter().position(|s| s.id() == section_id)?;
        let section = &self.sections[position];
        // The topic of the outermost ancestor that has one, else the section's own.
        let mut depth = section.depth;
        let mut topic = section.original.topic();
        for ancestor in self.sections[..position].iter().rev() {
            if ancestor.depth < depth {
                depth = ancestor.depth;
                topic = ancestor.original.topic().or(topic);
            }
        }
        let rank = self.paths()[position]
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(".");
        Some(
            section_alineas(
                section.id(),
                section.content(),
                &rank,
                topic.unwrap_or(NO_TOPIC),
            )
            .collect(),
        )
    }

    /// The topics of each section of the personalised tree, in the order of `sections`.
    pub fn topics(&self) -> Vec<Vec<&'a str>> {
        crate::topics::topics_in_preorder(
            self.sections.iter().map(|s| (s.depth, s.original.topic())),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use serde_json::json;

    fn littler(id: &str, date: &str) -> serde_json::Value {
        json!({"type": "LITTLER", "parameter": {"id": id, "type": "DATE"}, "target": date, "strict": true})
    }

    /// The web app's section fixture: a parent with two inapplicabilities and a static warning,
    /// a child with an alinéa inapplicability, a child with a modification on régime E.
    fn am() -> ArreteMinisteriel {
        let section = |id: &str,
                       title: &str,
                       alineas: usize,
                       parametrization: serde_json::Value,
                       children: serde_json::Value| {
            let outer: Vec<_> = (0..alineas)
                .map(|i| json!({"text": format!("{title} alinéa {i}")}))
                .collect();
            json!({"id": id, "title": {"text": title}, "outer_alineas": outer, "sections": children,
                   "applicability": {"active": true, "modified": false, "warnings": [], "previous_version": null},
                   "parametrization": parametrization})
        };
        let child1 = section(
            "child1",
            "Article 1",
            2,
            json!({"potential_inapplicabilities": [
            {"condition": {"type": "GREATER", "parameter": {"id": "date-d-enregistrement", "type": "DATE"}, "target": "2021-01-01", "strict": false},
             "alineas": [0], "subsections_are_inapplicable": true}]}),
            json!([]),
        );
        let child2 = section(
            "child2",
            "Article 2",
            2,
            json!({"potential_modifications": [
            {"condition": {"type": "EQUAL", "parameter": {"id": "regime", "type": "REGIME"}, "target": "E"},
             "new_version": {"id": "new", "title": {"text": "Article 2 modifié"}, "outer_alineas": [{"text": "nouveau"}], "sections": []}}]}),
            json!([]),
        );
        let parent = section(
            "parent",
            "Chapitre",
            1,
            json!({
            "warnings": ["Cette section n'est pas applicable si l'exploitant n'en fait pas la demande."],
            "potential_inapplicabilities": [
                {"condition": littler("date-d-enregistrement", "2020-01-01"), "alineas": null, "subsections_are_inapplicable": true},
                {"condition": littler("date-d-installation", "2020-01-02"), "alineas": null, "subsections_are_inapplicable": true}]}),
            json!([child1, child2]),
        );
        serde_json::from_value(json!({"id": "FAKE", "title": {"text": "Arrêté du 01/01/20 relatif"}, "sections": [parent]})).unwrap()
    }

    fn with(parameters: Parameters) -> Vec<(bool, bool, Vec<String>, Vec<bool>)> {
        let am = am();
        let personalised = personalise_with(&am, vec![], parameters);
        personalised
            .sections
            .iter()
            .map(|s| {
                (
                    s.active,
                    s.modified,
                    s.warnings.clone(),
                    s.alineas_active().collect(),
                )
            })
            .collect()
    }

    #[test]
    fn unknown_values_give_pourrait_warnings_after_the_static_ones() {
        let sections = with(Parameters::default());
        assert_eq!(
            sections[0].2,
            [
                "Cette section n'est pas applicable si l'exploitant n'en fait pas la demande.",
                "Cette section pourrait être inapplicable. C'est le cas si la date d'enregistrement est antérieure au 01/01/2020.",
                "Cette section pourrait être inapplicable. C'est le cas si la date de mise en service est antérieure au 02/01/2020.",
            ]
        );
        assert_eq!(
            sections[1].2,
            [
                "L'alinéa 1 pourrait être inapplicable. C'est le cas si la date d'enregistrement est postérieure au 01/01/2021."
            ]
        );
        assert_eq!(
            sections[2].2,
            [
                "Cette section pourrait être modifiée. C'est le cas si le régime de classement est l'enregistrement."
            ]
        );
    }

    #[test]
    fn a_known_value_that_fails_the_condition_removes_its_warning() {
        let sections = with(Parameters {
            date_enregistrement: Date::parse("2021-01-01"),
            ..Parameters::default()
        });
        assert_eq!(sections[0].2.len(), 2);
        assert!(sections[0].2[1].contains("date de mise en service"));
    }

    #[test]
    fn an_inapplicable_section_deactivates_its_whole_subtree_and_stops() {
        let sections = with(Parameters {
            date_installation: Date::parse("2019-01-01"),
            ..Parameters::default()
        });
        assert_eq!(
            sections[0].2.last().unwrap(),
            "Cette section est inapplicable car la date de mise en service est antérieure au 02/01/2020."
        );
        assert!(
            sections
                .iter()
                .all(|(active, _, _, alineas)| !active && alineas.iter().all(|a| !a))
        );
        assert!(
            sections[1].2.is_empty() && sections[2].2.is_empty(),
            "children are not visited"
        );
    }

    #[test]
    fn a_satisfied_modification_replaces_the_content_and_keeps_the_previous_version() {
        let am = am();
        let personalised = personalise_with(
            &am,
            vec![],
            Parameters {
                regime: Some("E".into()),
                ..Parameters::default()
            },
        );
        let modified: Vec<bool> = personalised.sections.iter().map(|s| s.modified).collect();
        assert_eq!(modified, [false, false, true]);
        let child2 = &personalised.sections[2];
        assert_eq!(
            (child2.id(), child2.title()),
            ("child2", "Article 2 modifié")
        );
        let previous = child2.previous_version().unwrap();
        assert_eq!(
            (previous.title.text.as_str(), previous.outer_alineas.len()),
            ("Article 2", 2)
        );
        assert_eq!(
            child2.warnings,
            ["Cette section a été modifiée car le régime de classement est l'enregistrement."]
        );
    }

    #[test]
    fn an_inapplicable_parent_prevents_the_modification_of_its_children() {
        let parameters = Parameters {
            regime: Some("E".into()),
            date_installation: Date::parse("2019-01-01"),
            ..Parameters::default()
        };
        assert!(with(parameters).iter().all(|(_, modified, _, _)| !modified));
    }

    #[test]
    fn targeted_alineas_alone_are_deactivated_and_the_section_stays_active() {
        let sections = with(Parameters {
            date_enregistrement: Date::parse("2022-01-01"),
            ..Parameters::default()
        });
        assert_eq!(
            (sections[1].0, sections[1].3.clone()),
            (true, vec![false, true])
        );
        assert_eq!(
            sections[1].2,
            [
                "Certains alinéas sont inapplicables car la date d'enregistrement est postérieure au 01/01/2021."
            ]
        );
    }

    #[test]
    fn a_sections_alineas_are_the_text_read_with_the_outermost_topic() {
        let mut am = am();
        am.sections[0].annotations = serde_json::from_value(json!({"topic": "EAU"})).unwrap();
        am.sections[0].sections[1].annotations =
            serde_json::from_value(json!({"topic": "AIR_ODEURS"})).unwrap();
        let regime_e = Parameters {
            regime: Some("E".into()),
            ..Parameters::default()
        };
        let personalised = personalise_with(&am, vec![], regime_e);
        let rows = personalised.section_alineas("child2").unwrap();
        let read: Vec<_> = rows
            .iter()
            .map(|row| {
                (
                    row.section_id,
                    row.index_in_section,
                    row.section_name,
                    row.section_rank.as_str(),
                    row.topic,
                    row.content.as_ref(),
                )
            })
            .collect();
        assert_eq!(
            read,
            [("child2", 0, "Article 2 modifié", "0.1", "EAU", "nouveau")]
        );
        let unmodified = personalise_with(&am, vec![], Parameters::default());
        let rows = unmodified.section_alineas("child2").unwrap();
        let texts: Vec<_> = rows.iter().map(|row| row.content.as_ref()).collect();
        assert_eq!(texts, ["Article 2 alinéa 0", "Article 2 alinéa 1"]);
        assert!(unmodified.section_alineas("nowhere").is_none());
    }

    #[test]
    fn paths_follow_the_tree() {
        let am = am();
        assert_eq!(
            personalise_with(&am, vec![], Parameters::default()).paths(),
            [vec![0], vec![0, 0], vec![0, 1]]
        );
    }
}
