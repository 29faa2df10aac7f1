//! A published AM split back into the back-office's three documents (`envinorma bo seed`).

use super::metadata::{AmMetadata, AmSource, AmState};
use super::parametrization::{
    AlternativeSection, InapplicableSection, Parametrization, SectionWarning,
};
use super::reference::reference_of;
use crate::am::{AIDA_URL, ArreteMinisteriel, ClassementWithAlineas, Fnv, LEGIFRANCE_URL, Section};

/// The three documents the back-office stores for one AM (serialized together in its edit log).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AmDocuments {
    /// The `am_metadata` document.
    pub metadata: AmMetadata,
    /// The `structured_am` document: the text without what publication derives.
    pub text: ArreteMinisteriel,
    /// The `parametrization` document.
    pub parametrization: Parametrization,
}

/// Why a published AM cannot be split without losing what it says.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("AM {am}: {}", problems.join("; "))]
pub struct SplitError {
    /// The AM's id.
    pub am: String,
    /// What publication could not rebuild, one sentence each.
    pub problems: Vec<String>,
}

/// Splits a published AM (either schema version) into the documents that publish it again.
///
/// Metadata comes from the file: the AM is in force, imported from Légifrance (the file does
/// not say; editors can correct it), without NOR. References that publication derives from
/// titles are dropped from the text; the others (older strings, hand-made ones) stay in it, as
/// publication keeps the references it finds. Per-section parametrizations become elements
/// with ids derived from the AM, section and position, so seeding twice gives the same ids.
pub fn split(am: &ArreteMinisteriel) -> Result<AmDocuments, SplitError> {
    let mut problems = Vec::new();
    let aida_page = match am
        .aida_url
        .as_deref()
        .and_then(|url| url.strip_prefix(AIDA_URL))
    {
        Some(page) => page.to_string(),
        None => {
            problems.push(format!(
                "aida_url {:?} does not start with {AIDA_URL}",
                am.aida_url
            ));
            String::new()
        }
    };
    let legifrance_url = format!("{LEGIFRANCE_URL}{}", am.id);
    if am.legifrance_url.as_deref() != Some(legifrance_url.as_str()) {
        problems.push(format!(
            "legifrance_url {:?} is not {legifrance_url}",
            am.legifrance_url
        ));
    }
    if am.classements_with_alineas != ClassementWithAlineas::group(&am.classements) {
        problems.push(
            "classements_with_alineas are not the classements grouped by rubrique and régime"
                .into(),
        );
    }
    let date_of_signature = am.signature_date();
    if date_of_signature.is_none() {
        problems.push(format!(
            "date_of_signature {:?} is not a date YYYY-MM-DD",
            am.date_of_signature
        ));
    }
    let (Some(date_of_signature), true) = (date_of_signature, problems.is_empty()) else {
        return Err(SplitError {
            am: am.id.clone(),
            problems,
        });
    };
    let metadata = AmMetadata {
        cid: am.id.clone(),
        aida_page,
        title: am.title.text.clone(),
        classements: am.classements.clone(),
        state: AmState::Vigueur,
        date_of_signature,
        source: AmSource::Legifrance,
        nor: None,
        reason_deleted: None,
        is_transverse: am.is_transverse,
        nickname: am.nickname.clone(),
    };
    let mut parametrization = Parametrization::default();
    let mut text = ArreteMinisteriel {
        aida_url: None,
        legifrance_url: None,
        classements: Vec::new(),
        classements_with_alineas: Vec::new(),
        is_transverse: false,
        nickname: None,
        ..am.clone()
    };
    let ids = ElementIds { am: &am.id };
    for section in &mut text.sections {
        take_derived(section, &mut Vec::new(), &mut parametrization, &ids);
    }
    Ok(AmDocuments {
        metadata,
        text,
        parametrization,
    })
}

/// Moves the section's parametrization into elements and drops its derived reference, at
/// every depth.
fn take_derived(
    section: &mut Section,
    titles: &mut Vec<String>,
    parametrization: &mut Parametrization,
    ids: &ElementIds,
) {
    titles.push(section.title.text.clone());
    if section.reference == Some(Some(reference_of(titles))) {
        section.reference = None;
    }
    let published = std::mem::take(&mut section.parametrization);
    let section_id = &section.id;
    for (n, element) in published
        .potential_inapplicabilities
        .into_iter()
        .enumerate()
    {
        parametrization
            .inapplicable_sections
            .push(InapplicableSection {
                id: ids.of(section_id, "inapplicable", n),
                section_id: section_id.clone(),
                subsections_are_inapplicable: element.subsections_are_inapplicable(),
                alineas: element.alineas,
                condition: element.condition,
            });
    }
    for (n, element) in published.potential_modifications.into_iter().enumerate() {
        parametrization
            .alternative_sections
            .push(AlternativeSection {
                id: ids.of(section_id, "alternative", n),
                section_id: section_id.clone(),
                new_text: element.new_version,
                condition: element.condition,
            });
    }
    for (n, text) in published.warnings.into_iter().enumerate() {
        parametrization.warnings.push(SectionWarning {
            id: ids.of(section_id, "warning", n),
            section_id: section_id.clone(),
            text,
        });
    }
    for child in &mut section.sections {
        take_derived(child, titles, parametrization, ids);
    }
    titles.pop();
}

/// Element ids: 12 hexadecimal characters hashed from the AM, the section, the kind and the
/// position, so that they are stable from one seeding to the next.
struct ElementIds<'a> {
    am: &'a str,
}

impl ElementIds<'_> {
    fn of(&self, section_id: &str, kind: &str, position: usize) -> String {
        let mut hash = Fnv::default();
        hash.text(self.am);
        hash.text(section_id);
        hash.text(kind);
        hash.count(position);
        format!("{:012x}", hash.value() & 0xffff_ffff_ffff)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authoring::enrich;
    use serde_json::json;

    fn published(sections: serde_json::Value) -> ArreteMinisteriel {
        serde_json::from_value(json!({
            "id": "JORFTEXT000000568479", "title": {"text": "Arrêté du 23/07/97 relatif aux stockages"},
            "date_of_signature": "1997-07-23", "visa": [], "sections": sections,
            "aida_url": "https://aida.ineris.fr/consultation_document/35346",
            "legifrance_url": "https://www.legifrance.gouv.fr/loda/id/JORFTEXT000000568479",
            "classements": [{"rubrique": "1138", "regime": "A", "alinea": "1", "state": "ACTIVE"}],
            "classements_with_alineas": [{"rubrique": "1138", "regime": "A", "alineas": ["1"]}],
            "is_transverse": false, "nickname": null,
            "applicability": {"warnings": [], "condition_of_inapplicability": null}, "orphan_titles": null}))
        .unwrap()
    }

    #[test]
    fn references_that_titles_do_not_give_stay_in_the_text_and_are_published_again() {
        let am = published(json!([
            {"id": "aaaaaaaaaaaa", "title": {"text": "Article 3"}, "reference": {"nb": "Art. 3", "name": ""}},
            {"id": "bbbbbbbbbbbb", "title": {"text": "Article 4"}, "reference_str": "Art. 4"},
            {"id": "cccccccccccc", "title": {"text": "Article 5"}, "reference": {"nb": "Article 5", "name": ""}}]));
        let docs = split(&am).unwrap();
        let kept: Vec<_> = docs
            .text
            .sections
            .iter()
            .map(|s| (s.reference.clone(), s.reference_str.clone()))
            .collect();
        assert_eq!(kept[0].0, am.sections[0].reference);
        assert_eq!(kept[1], (None, Some("Art. 4".to_string())));
        assert_eq!(kept[2], (None, None));
        let again = enrich(&docs.metadata, &docs.text, &docs.parametrization);
        let labels: Vec<_> = again
            .sections
            .iter()
            .map(Section::reference_label)
            .collect();
        assert_eq!(labels, [Some("Art. 3"), Some("Art. 4"), Some("Article 5")]);
    }

    #[test]
    fn what_publication_could_not_rebuild_is_refused_with_every_reason() {
        let mut am = published(json!([]));
        am.legifrance_url =
            Some("https://www.legifrance.gouv.fr/loda/id/JORFTEXT000000000001".into());
        am.classements_with_alineas.clear();
        let error = split(&am).unwrap_err();
        assert_eq!(error.problems.len(), 2, "{error}");
        assert!(
            error
                .to_string()
                .starts_with("AM JORFTEXT000000568479: legifrance_url")
        );
    }

    #[test]
    fn the_older_schemas_missing_subsection_flag_becomes_true() {
        let am = published(
            json!([{"id": "aaaaaaaaaaaa", "title": {"text": "Article 3"},
            "parametrization": {"potential_inapplicabilities": [{"alineas": null, "condition":
                {"type": "EQUAL", "parameter": {"id": "regime", "type": "REGIME"}, "target": "A"}}]}}]),
        );
        let docs = split(&am).unwrap();
        let element = &docs.parametrization.inapplicable_sections[0];
        assert!(element.subsections_are_inapplicable);
        assert_eq!(element.section_id, "aaaaaaaaaaaa");
        assert!(docs.text.sections[0].parametrization.is_empty());
    }
}
