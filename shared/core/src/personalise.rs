//! An AM personalised for one installation: inapplicable sections and alinéas deactivated,
//! modified sections replaced, and "pourrait…" warnings where values are missing.
//!
//! The result borrows the AM and records only what changes, so personalising never copies
//! the AM's text.

use crate::am::{ArreteMinisteriel, Section};
use crate::classement::Classement;
use crate::parameters::Parameters;
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
    /// The topics of each section of the personalised tree, in the order of `sections`.
    pub fn topics(&self) -> Vec<Vec<&'a str>> {
        crate::topics::topics_in_preorder(
            self.sections.iter().map(|s| (s.depth, s.original.topic())),
        )
    }
}
