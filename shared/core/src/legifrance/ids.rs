//! Section ids: 12 characters from `0-9a-fA-F`, as the original draws them, but drawn from a
//! generator seeded with the AM's title, so that importing the same payload twice gives the same
//! ids; an id already given is drawn again, so ids are unique within the AM. The structure
//! editor draws the ids of the sections an edit adds from the same generator.

use crate::am::Section;
use std::collections::HashSet;

const ID_ALPHABET: &[u8; 22] = b"0123456789abcdefABCDEF";
const ID_LEN: usize = 12;

/// Gives every section, at any depth and in reading order, a fresh id.
pub(super) fn assign_ids(title: &str, sections: &mut [Section]) {
    let mut ids = IdGenerator::new(title, HashSet::new());
    let mut stack: Vec<&mut Section> = sections.iter_mut().rev().collect();
    while let Some(section) = stack.pop() {
        section.id = ids.fresh();
        stack.extend(section.sections.iter_mut().rev());
    }
}

/// Draws section ids from a seed, never one of the ids it has given or was told are taken.
pub(crate) struct IdGenerator {
    state: u64,
    given: HashSet<String>,
}

impl IdGenerator {
    /// A generator seeded with `seed`, which never gives any of `taken`.
    pub(crate) fn new(seed: &str, taken: HashSet<String>) -> Self {
        IdGenerator {
            state: fnv1a(seed.as_bytes()),
            given: taken,
        }
    }

    /// An id not given before.
    pub(crate) fn fresh(&mut self) -> String {
        loop {
            let id: String = (0..ID_LEN)
                .map(|_| {
                    let index = self.next() % ID_ALPHABET.len() as u64;
                    char::from(ID_ALPHABET[index as usize])
                })
                .collect();
            if self.given.insert(id.clone()) {
                return id;
            }
        }
    }

    /// SplitMix64: a small, well-mixed generator, enough for ids that only need to differ.
    fn next(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// FNV-1a: a stable hash (std's `DefaultHasher` may change between Rust releases).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::am::EnrichedString;

    fn tree() -> Vec<Section> {
        let leaf = || super::super::new_section(EnrichedString::default(), vec![], vec![]);
        vec![
            super::super::new_section(EnrichedString::default(), vec![], vec![leaf(), leaf()]),
            leaf(),
        ]
    }

    fn ids(sections: &[Section]) -> Vec<String> {
        sections
            .iter()
            .flat_map(|section| std::iter::once(section.id.clone()).chain(ids(&section.sections)))
            .collect()
    }

    #[test]
    fn every_section_gets_twelve_hexadecimal_characters() {
        let mut sections = tree();
        assign_ids("Arrêté du 01/01/20", &mut sections);
        for id in ids(&sections) {
            assert_eq!(id.len(), ID_LEN);
            assert!(id.chars().all(|ch| ch.is_ascii_hexdigit()), "{id}");
        }
    }

    #[test]
    fn ids_depend_on_the_title_only_and_never_repeat() {
        let (mut first, mut again, mut other) = (tree(), tree(), tree());
        assign_ids("Arrêté du 01/01/20", &mut first);
        assign_ids("Arrêté du 01/01/20", &mut again);
        assign_ids("Arrêté du 02/01/20", &mut other);
        assert_eq!(ids(&first), ids(&again));
        assert_ne!(ids(&first), ids(&other));
        let unique: HashSet<String> = ids(&first).into_iter().collect();
        assert_eq!(unique.len(), 4);
    }
}
