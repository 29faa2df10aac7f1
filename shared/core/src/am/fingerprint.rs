//! A stable fingerprint of what users read in an AM, so that re-publishing an unchanged text
//! does not tell users their prescriptions came from an older version.

use super::{ArreteMinisteriel, EnrichedString, Section};

/// FNV-1a 64 over the title, and for every section at any depth its title, its number of
/// subsections, its alinéa texts and its table cell texts (the original's notion of "content").
/// Stable across runs and Rust versions (unlike `std`'s hasher), so it can be stored.
pub fn content_fingerprint(am: &ArreteMinisteriel) -> u64 {
    let mut hash = Fnv::default();
    hash.text(&am.title.text);
    hash.count(am.sections.len());
    for section in &am.sections {
        section_content(section, &mut hash);
    }
    hash.value()
}

fn section_content(section: &Section, hash: &mut Fnv) {
    hash.text(&section.title.text);
    hash.count(section.sections.len());
    hash.count(section.outer_alineas.len());
    for alinea in &section.outer_alineas {
        alinea_content(alinea, hash);
    }
    for child in &section.sections {
        section_content(child, hash);
    }
}

fn alinea_content(alinea: &EnrichedString, hash: &mut Fnv) {
    hash.text(&alinea.text);
    let Some(table) = alinea.table() else {
        return hash.count(0);
    };
    hash.count(table.rows.len() + 1);
    for row in &table.rows {
        hash.count(row.cells.len());
        for cell in &row.cells {
            hash.text(&cell.content.text);
        }
    }
}

/// FNV-1a 64: stable across runs and Rust versions, so what it gives can be stored.
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    /// The hash so far.
    pub(crate) fn value(&self) -> u64 {
        self.0
    }

    fn bytes(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0 ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// Length-prefixed, so that ("ab", "c") and ("a", "bc") differ.
    pub(crate) fn text(&mut self, text: &str) {
        self.count(text.len());
        self.bytes(text.as_bytes());
    }

    /// A count, as 8 little-endian bytes.
    pub(crate) fn count(&mut self, n: usize) {
        self.bytes(&(n as u64).to_le_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn am() -> ArreteMinisteriel {
        serde_json::from_value(serde_json::json!({"id": "JORFTEXT000000000001", "title": {"text": "Arrêté du 01/01/20 relatif"},
            "sections": [{"id": "a", "title": {"text": "Article 1"}, "outer_alineas": [{"text": "Un."}, {"text": "Deux."}],
                "annotations": {"topic": null}, "parametrization": {"warnings": []}}]}))
        .unwrap()
    }

    #[test]
    fn the_fingerprint_changes_with_an_alinea_text_only() {
        let original = am();
        let mut edited = original.clone();
        edited.sections[0].outer_alineas[1].text = "Trois.".into();
        assert_ne!(content_fingerprint(&original), content_fingerprint(&edited));
    }

    #[test]
    fn topics_and_parametrization_are_not_content() {
        let original = am();
        let mut annotated = original.clone();
        annotated.sections[0].annotations = Some(super::super::Annotations {
            topic: Some("EAU".into()),
        });
        annotated.sections[0]
            .parametrization
            .warnings
            .push("Attention.".into());
        assert_eq!(
            content_fingerprint(&original),
            content_fingerprint(&annotated)
        );
    }

    #[test]
    fn moving_text_between_alineas_changes_the_fingerprint() {
        let original = am();
        let mut moved = original.clone();
        moved.sections[0].outer_alineas[0].text = "Un.Deux.".into();
        moved.sections[0].outer_alineas[1].text = String::new();
        assert_ne!(content_fingerprint(&original), content_fingerprint(&moved));
    }
}
