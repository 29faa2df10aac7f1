//! The back-office's three documents made into the AM the web app imports.

use super::metadata::AmMetadata;
use super::parametrization::Parametrization;
use super::reference::reference_of;
use crate::am::{
    AIDA_URL, ArreteMinisteriel, ClassementWithAlineas, LEGIFRANCE_URL, Section,
    SectionParametrization,
};
use std::collections::HashMap;

/// The published AM: the text with the metadata's URLs, classements and nickname, every
/// section's reference (unless the text keeps one), default annotations and applicability, and
/// its parametrization taken from the elements that name it.
pub fn enrich(
    metadata: &AmMetadata,
    text: &ArreteMinisteriel,
    parametrization: &Parametrization,
) -> ArreteMinisteriel {
    let mut am = ArreteMinisteriel {
        legifrance_url: Some(format!("{LEGIFRANCE_URL}{}", metadata.cid)),
        aida_url: Some(format!("{AIDA_URL}{}", metadata.aida_page)),
        classements: metadata.classements.clone(),
        classements_with_alineas: ClassementWithAlineas::group(&metadata.classements),
        is_transverse: metadata.is_transverse,
        nickname: metadata.nickname.clone(),
        ..text.clone()
    };
    let by_section = parametrization.by_section();
    for section in &mut am.sections {
        enrich_section(section, &mut Vec::new(), &by_section);
    }
    am
}

fn enrich_section(
    section: &mut Section,
    titles: &mut Vec<String>,
    by_section: &HashMap<&str, SectionParametrization>,
) {
    titles.push(section.title.text.clone());
    if section.reference.is_none() && section.reference_str.is_none() {
        section.reference = Some(Some(reference_of(titles)));
    }
    section.annotations.get_or_insert_with(Default::default);
    section.applicability.get_or_insert_with(Default::default);
    section.parametrization = by_section
        .get(section.id.as_str())
        .cloned()
        .unwrap_or_default();
    for child in &mut section.sections {
        enrich_section(child, titles, by_section);
    }
    titles.pop();
}
