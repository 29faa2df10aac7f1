//! The elements of a stored parametrization, as the editors find, replace, remove and log them.

use super::{Kind, find_section, one_line, shortened};
use envinorma_core::ArreteMinisteriel;
use envinorma_core::authoring::Parametrization;

/// Whether the parametrization has an element `id` of this kind.
pub fn holds(parametrization: &Parametrization, kind: Kind, id: &str) -> bool {
    match kind {
        Kind::Inapplicability => parametrization
            .inapplicable_sections
            .iter()
            .any(|e| e.id == id),
        Kind::Alternative => parametrization
            .alternative_sections
            .iter()
            .any(|e| e.id == id),
        Kind::Warning => parametrization.warnings.iter().any(|e| e.id == id),
    }
}

/// The parametrization without the element `id` (unchanged without one).
pub fn without(parametrization: &Parametrization, id: Option<&str>) -> Parametrization {
    keep(parametrization, |element| Some(element) != id)
}

/// The element `id` alone.
pub fn only(parametrization: &Parametrization, id: &str) -> Parametrization {
    keep(parametrization, |element| element == id)
}

/// The elements whose id `kept` accepts.
fn keep(parametrization: &Parametrization, kept: impl Fn(&str) -> bool) -> Parametrization {
    let mut left = parametrization.clone();
    left.inapplicable_sections.retain(|e| kept(&e.id));
    left.alternative_sections.retain(|e| kept(&e.id));
    left.warnings.retain(|e| kept(&e.id));
    left
}

/// The edit log's account of elements: their sections' titles, and their condition.
pub fn described(elements: &Parametrization, text: &ArreteMinisteriel) -> String {
    let targets = elements
        .inapplicable_sections
        .iter()
        .map(|e| (e.section_id.as_str(), Some(&e.condition)))
        .chain(
            elements
                .alternative_sections
                .iter()
                .map(|e| (e.section_id.as_str(), Some(&e.condition))),
        )
        .chain(
            elements
                .warnings
                .iter()
                .map(|e| (e.section_id.as_str(), None)),
        );
    let mut titles = Vec::new();
    let mut condition = None;
    for (section_id, element_condition) in targets {
        let title = find_section(text, section_id)
            .map_or_else(|| section_id.to_owned(), |s| one_line(&s.title.text));
        titles.push(format!("« {} »", shortened(&title, 80)));
        condition = condition.or(element_condition.map(|c| c.to_str()));
    }
    match condition {
        Some(condition) => format!("{} si {condition}", titles.join(", ")),
        None => titles.join(", "),
    }
}
