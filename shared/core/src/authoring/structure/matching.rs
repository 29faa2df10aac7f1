//! Which stored section each edited section continues, so that it keeps the stored id (and
//! what hangs on it: topic, parametrization) — the original's `create_copy_with_new_content`,
//! with one more rule so that an unchanged text keeps every id.

use super::lines::one_line;
use super::parse::ParsedSection;
use crate::am::{ArreteMinisteriel, Section};
use std::collections::{HashMap, HashSet};
use std::hash::Hash;

/// For each edited section in pre-order, the stored section it continues, if any:
/// 1. the one with the same title, when exactly one section bears it in each version;
/// 2. else the one with the same (parent title, title) pair, when that pair is unique in each;
/// 3. else, among the sections the first two rules left, the n-th with the same titles from
///    the top down, when as many sections have these titles in each version. The original
///    stopped at rule 2 and so lost, on every save, the ids of repeated titles under repeated
///    parents ("Annexe" > "1. Dispositions générales" twice); rule 3 keeps them as long as
///    no such section is added or removed, when the n-th is most likely the same section.
///
/// Titles are compared on one line and trimmed, as the editor shows them.
pub(super) fn match_sections<'a>(
    stored: &'a ArreteMinisteriel,
    edited: &[ParsedSection],
) -> Vec<Option<&'a Section>> {
    let stored = stored_paths(stored);
    let edited = edited_paths(edited);
    let titles = Counts::new(
        stored.iter().map(|(path, _)| title(path)),
        edited.iter().map(|path| title(path)),
    );
    let pairs = Counts::new(
        stored.iter().map(|(path, _)| pair(path)),
        edited.iter().map(|path| pair(path)),
    );
    let mut by_title = HashMap::new();
    let mut by_pair = HashMap::new();
    for (index, (path, _)) in stored.iter().enumerate() {
        if titles.unique_in_both(&title(path)) {
            by_title.insert(title(path), index);
        } else if pairs.unique_in_both(&pair(path)) {
            by_pair.insert(pair(path), index);
        }
    }
    let mut continued: Vec<Option<usize>> = edited
        .iter()
        .map(|path| {
            by_title
                .get(title(path))
                .or_else(|| by_pair.get(&pair(path)))
                .copied()
        })
        .collect();
    match_repeated_paths(&stored, &edited, &mut continued);
    continued
        .into_iter()
        .map(|index| index.map(|index| stored[index].1))
        .collect()
}

/// Rule 3: the sections still unmatched (given by their index in `stored`), paired in order
/// within each title path when both versions have as many.
fn match_repeated_paths(
    stored: &[(Vec<String>, &Section)],
    edited: &[Vec<&str>],
    continued: &mut [Option<usize>],
) {
    let taken: HashSet<usize> = continued.iter().flatten().copied().collect();
    let mut left: HashMap<Vec<&str>, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for (index, (path, _)) in stored.iter().enumerate() {
        if !taken.contains(&index) {
            let path = path.iter().map(String::as_str).collect();
            left.entry(path).or_default().0.push(index);
        }
    }
    for (position, path) in edited.iter().enumerate() {
        if continued[position].is_none() {
            left.entry(path.clone()).or_default().1.push(position);
        }
    }
    for (indices, positions) in left.into_values() {
        if indices.len() == positions.len() {
            for (index, position) in indices.into_iter().zip(positions) {
                continued[position] = Some(index);
            }
        }
    }
}

fn title<T: AsRef<str>>(path: &[T]) -> &str {
    path.last().map_or("", AsRef::as_ref)
}

/// The parent's title (none for top sections) and the title.
fn pair<T: AsRef<str>>(path: &[T]) -> (Option<&str>, &str) {
    let parent = path.len().checked_sub(2).map(|n| path[n].as_ref());
    (parent, title(path))
}

/// The stored sections in pre-order with their titles from the top down.
fn stored_paths(stored: &ArreteMinisteriel) -> Vec<(Vec<String>, &Section)> {
    let mut path: Vec<String> = Vec::new();
    stored
        .all_sections()
        .map(|(depth, section)| {
            path.truncate(depth);
            path.push(one_line(&section.title.text));
            (path.clone(), section)
        })
        .collect()
}

/// The edited sections' titles from the top down, in pre-order (the tree is at most
/// `MAX_LEVEL` deep).
fn edited_paths(edited: &[ParsedSection]) -> Vec<Vec<&str>> {
    fn walk<'a>(
        sections: &'a [ParsedSection],
        path: &mut Vec<&'a str>,
        paths: &mut Vec<Vec<&'a str>>,
    ) {
        for section in sections {
            path.push(&section.title);
            paths.push(path.clone());
            walk(&section.sections, path, paths);
            path.pop();
        }
    }
    let mut paths = Vec::new();
    walk(edited, &mut Vec::new(), &mut paths);
    paths
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
