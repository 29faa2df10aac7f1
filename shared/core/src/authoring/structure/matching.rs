//! Which stored section each edited section continues, so that it keeps the stored id (and
//! what hangs on it: topic, parametrization) — the original's `create_copy_with_new_content`.

use super::lines::one_line;
use super::parse::ParsedSection;
use crate::am::{ArreteMinisteriel, Section};
use std::collections::HashMap;
use std::hash::Hash;

/// For each edited section in pre-order, the stored section it continues, if any: the one with
/// the same title when that title is borne by exactly one section in each version; else the
/// one with the same (parent title, title) pair when that pair is unique in each version.
/// Titles are compared on one line and trimmed, as the editor shows them.
pub(super) fn match_sections<'a>(
    stored: &'a ArreteMinisteriel,
    edited: &[ParsedSection],
) -> Vec<Option<&'a Section>> {
    let stored = stored_keys(stored);
    let edited = edited_keys(edited);
    let titles = Counts::new(
        stored.iter().map(|(key, _)| key.title.as_str()),
        edited.iter().map(|key| key.title),
    );
    let pairs = Counts::new(
        stored.iter().map(|(key, _)| key.pair()),
        edited.iter().map(Key::pair),
    );
    let mut by_title = HashMap::new();
    let mut by_pair = HashMap::new();
    for (key, section) in &stored {
        if titles.unique_in_both(&key.title.as_str()) {
            by_title.insert(key.title.as_str(), *section);
        } else if pairs.unique_in_both(&key.pair()) {
            by_pair.insert(key.pair(), *section);
        }
    }
    edited
        .iter()
        .map(|key| {
            by_title
                .get(key.title)
                .or_else(|| by_pair.get(&key.pair()))
                .copied()
        })
        .collect()
}

/// A section's title and its parent's (none for top sections).
struct Key<T> {
    parent: Option<T>,
    title: T,
}

impl<T: AsRef<str>> Key<T> {
    fn pair(&self) -> (Option<&str>, &str) {
        (self.parent.as_ref().map(AsRef::as_ref), self.title.as_ref())
    }
}

/// The stored sections in pre-order with their keys.
fn stored_keys(stored: &ArreteMinisteriel) -> Vec<(Key<String>, &Section)> {
    let mut path: Vec<String> = Vec::new();
    stored
        .all_sections()
        .map(|(depth, section)| {
            path.truncate(depth);
            let key = Key {
                parent: path.last().cloned(),
                title: one_line(&section.title.text),
            };
            path.push(key.title.clone());
            (key, section)
        })
        .collect()
}

/// The edited sections' keys in pre-order (the tree is at most `MAX_LEVEL` deep).
fn edited_keys(edited: &[ParsedSection]) -> Vec<Key<&str>> {
    fn walk<'a>(
        sections: &'a [ParsedSection],
        parent: Option<&'a str>,
        keys: &mut Vec<Key<&'a str>>,
    ) {
        for section in sections {
            keys.push(Key {
                parent,
                title: &section.title,
            });
            walk(&section.sections, Some(&section.title), keys);
        }
    }
    let mut keys = Vec::new();
    walk(edited, None, &mut keys);
    keys
}

/// How many times each key occurs in the stored and in the edited version.
struct Counts<K>(HashMap<K, (usize, usize)>);

impl<K: Hash + Eq> Counts<K> {
    fn new(stored: impl Iterator<Item = K>, edited: impl Iterator<Item = K>) -> Self {
        let mut counts: HashMap<K, (usize, usize)> = HashMap::new();
        for key in stored {
            counts.entry(key).or_default().0 += 1;
        }
        for key in edited {
            counts.entry(key).or_default().1 += 1;
        }
        Counts(counts)
    }

    fn unique_in_both(&self, key: &K) -> bool {
        self.0.get(key) == Some(&(1, 1))
    }
}
