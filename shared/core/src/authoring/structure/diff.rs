//! A line diff of the saved text against the edited one ("Vérifier les modifications"): the
//! common start and end are set aside, then Myers' algorithm finds a shortest edit script for
//! the middle, within a bound on its length.

/// Above this many added and removed lines (once the common start and end are set aside), the
/// middle is shown as removed then added: Myers' search costs time and memory growing with it.
pub const MAX_EDIT_DISTANCE: usize = 1_000;

/// How a line of the diff relates the two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// In both versions.
    Same,
    /// Only in the edited version.
    Added,
    /// Only in the saved version.
    Removed,
}

/// One line of the diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffLine {
    /// Where the line is.
    pub change: Change,
    /// The line.
    pub line: String,
}

/// The saved and the edited lines interleaved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineDiff {
    /// Every line of both versions once, in order; the lines in both are `Same`.
    pub lines: Vec<DiffLine>,
    /// False when the edit was over [`MAX_EDIT_DISTANCE`] and its middle is shown whole.
    pub minimal: bool,
}

impl LineDiff {
    /// Whether the two versions have the same lines.
    pub fn is_unchanged(&self) -> bool {
        self.lines.iter().all(|line| line.change == Change::Same)
    }
}

/// The diff from `saved` to `edited`, with as few added and removed lines as possible when
/// they number at most [`MAX_EDIT_DISTANCE`].
pub fn diff_lines(saved: &[String], edited: &[String]) -> LineDiff {
    let start = saved.iter().zip(edited).take_while(|(a, b)| a == b).count();
    let end = saved[start..]
        .iter()
        .rev()
        .zip(edited[start..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (a, b) = (
        &saved[start..saved.len() - end],
        &edited[start..edited.len() - end],
    );
    let mut lines: Vec<DiffLine> = same(&saved[..start]).collect();
    let middle = shortest_edit(a, b);
    let minimal = middle.is_some();
    match middle {
        Some(middle) => lines.extend(middle),
        None => {
            lines.extend(a.iter().map(|line| diff_line(Change::Removed, line)));
            lines.extend(b.iter().map(|line| diff_line(Change::Added, line)));
        }
    }
    lines.extend(same(&saved[saved.len() - end..]));
    LineDiff { lines, minimal }
}

fn same(lines: &[String]) -> impl Iterator<Item = DiffLine> + '_ {
    lines.iter().map(|line| diff_line(Change::Same, line))
}

fn diff_line(change: Change, line: &str) -> DiffLine {
    DiffLine {
        change,
        line: line.to_string(),
    }
}

/// Myers' greedy search: for d = 0, 1, … the furthest point reached on each diagonal
/// k = x − y with d edits, kept per d to walk the path back. `None` above the bound.
fn shortest_edit(a: &[String], b: &[String]) -> Option<Vec<DiffLine>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let bound = (a.len() + b.len()).min(MAX_EDIT_DISTANCE) as isize;
    // frontiers[d][(k + d) / 2] is the furthest x on diagonal k (of d's parity) with d edits.
    let mut frontiers: Vec<Vec<isize>> = Vec::new();
    for d in 0..=bound {
        let previous = frontiers.last();
        let mut frontier = Vec::with_capacity(d as usize + 1);
        for k in (-d..=d).step_by(2) {
            let mut x = match previous {
                None => 0,
                Some(previous) => {
                    let at = |k: isize| previous[((k + d - 1) / 2) as usize];
                    if k == -d || (k != d && at(k - 1) < at(k + 1)) {
                        at(k + 1)
                    } else {
                        at(k - 1) + 1
                    }
                }
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            frontier.push(x);
            if x >= n && y >= m {
                frontiers.push(frontier);
                return Some(walk_back(a, b, &frontiers));
            }
        }
        frontiers.push(frontier);
    }
    None
}

/// The path that reached the end, from its last frontier back to the start.
fn walk_back(a: &[String], b: &[String], frontiers: &[Vec<isize>]) -> Vec<DiffLine> {
    let (mut x, mut y) = (a.len() as isize, b.len() as isize);
    let mut lines = Vec::new();
    for d in (1..frontiers.len() as isize).rev() {
        let previous = &frontiers[d as usize - 1];
        let at = |k: isize| previous[((k + d - 1) / 2) as usize];
        let k = x - y;
        let previous_k = if k == -d || (k != d && at(k - 1) < at(k + 1)) {
            k + 1
        } else {
            k - 1
        };
        let previous_x = at(previous_k);
        let previous_y = previous_x - previous_k;
        while x > previous_x && y > previous_y {
            x -= 1;
            y -= 1;
            lines.push(diff_line(Change::Same, &a[x as usize]));
        }
        if x == previous_x {
            y -= 1;
            lines.push(diff_line(Change::Added, &b[y as usize]));
        } else {
            x -= 1;
            lines.push(diff_line(Change::Removed, &a[x as usize]));
        }
    }
    while x > 0 && y > 0 {
        x -= 1;
        y -= 1;
        lines.push(diff_line(Change::Same, &a[x as usize]));
    }
    lines.reverse();
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.chars().map(String::from).collect()
    }

    fn written(diff: &LineDiff) -> String {
        diff.lines
            .iter()
            .map(|line| {
                let sign = match line.change {
                    Change::Same => ' ',
                    Change::Added => '+',
                    Change::Removed => '-',
                };
                format!("{sign}{}", line.line)
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The length of a longest common subsequence, by the textbook table.
    fn lcs(a: &[String], b: &[String]) -> usize {
        let mut table = vec![vec![0; b.len() + 1]; a.len() + 1];
        for i in 0..a.len() {
            for j in 0..b.len() {
                table[i + 1][j + 1] = if a[i] == b[j] {
                    table[i][j] + 1
                } else {
                    table[i][j + 1].max(table[i + 1][j])
                };
            }
        }
        table[a.len()][b.len()]
    }

    #[test]
    fn the_classic_example_has_a_shortest_script() {
        let diff = diff_lines(&lines("ABCABBA"), &lines("CBABAC"));
        assert!(diff.minimal);
        assert_eq!(
            diff.lines
                .iter()
                .filter(|l| l.change == Change::Same)
                .count(),
            4
        );
    }

    #[test]
    fn either_side_empty_gives_only_additions_or_only_removals() {
        assert_eq!(written(&diff_lines(&[], &lines("ab"))), "+a +b");
        assert_eq!(written(&diff_lines(&lines("ab"), &[])), "-a -b");
        assert!(diff_lines(&[], &[]).lines.is_empty());
    }

    #[test]
    fn every_diff_gives_back_both_versions_and_keeps_a_longest_common_subsequence() {
        // A small linear congruential generator: varied cases, the same at every run.
        let mut state: u64 = 7;
        let mut draw = |below: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 33) % below
        };
        for _ in 0..500 {
            let text = |draw: &mut dyn FnMut(u64) -> u64| -> Vec<String> {
                let len = draw(9);
                (0..len)
                    .map(|_| ["a", "b", "c"][draw(3) as usize].to_string())
                    .collect()
            };
            let (a, b) = (text(&mut draw), text(&mut draw));
            let diff = diff_lines(&a, &b);
            let side = |skip: Change| -> Vec<String> {
                diff.lines
                    .iter()
                    .filter(|l| l.change != skip)
                    .map(|l| l.line.clone())
                    .collect()
            };
            assert_eq!(side(Change::Added), a);
            assert_eq!(side(Change::Removed), b);
            let same = diff
                .lines
                .iter()
                .filter(|l| l.change == Change::Same)
                .count();
            assert_eq!(same, lcs(&a, &b), "{a:?} {b:?}");
        }
    }

    #[test]
    fn an_edit_over_the_bound_shows_its_middle_removed_then_added() {
        let saved: Vec<String> = (0..=MAX_EDIT_DISTANCE).map(|n| format!("a{n}")).collect();
        let mut edited: Vec<String> = (0..=MAX_EDIT_DISTANCE).map(|n| format!("b{n}")).collect();
        edited.insert(0, "a0".to_string());
        let diff = diff_lines(&saved, &edited);
        assert!(!diff.minimal);
        assert_eq!(diff.lines[0], diff_line(Change::Same, "a0"));
        assert_eq!(diff.lines[1], diff_line(Change::Removed, "a1"));
        assert_eq!(diff.lines[MAX_EDIT_DISTANCE + 1].change, Change::Added);
        assert_eq!(diff.lines.len(), 2 * MAX_EDIT_DISTANCE + 2);
    }
}
