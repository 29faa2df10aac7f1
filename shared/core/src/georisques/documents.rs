//! The documents of the dump: read, joined with their type's name, kept for the published
//! installations and sorted, as the original does before writing `documents_<dataset>.csv`.

use super::PublishedInstallation;
use super::archive::{DOCUMENTS_MEMBER, Members, TYPES_MEMBER};
use super::error::GeorisquesError;
use crate::s3ic::problem::{Problems, cell_problem};
use crate::s3ic::raw::{Header, RawTable, read_table};
use crate::s3ic::values::{EmptyLast, non_empty};
use crate::s3ic::{Dataset, ProblemKind};
use std::cmp::Reverse;
use std::collections::HashMap;

/// The columns of `IC_documents.csv`, which has no header.
const DOCUMENT_COLUMNS: [&str; 6] = [
    "id_document",
    "code_s3ic",
    "type_id_document",
    "nom",
    "url_document",
    "date_document",
];
const CODE_S3IC: usize = 1;
const TYPE_ID: usize = 2;
const NOM: usize = 3;
const URL: usize = 4;
const DATE: usize = 5;

/// The columns of `IC_types_document.csv`, which has no header.
const TYPE_COLUMNS: [&str; 2] = ["id", "type"];
const ID: usize = 0;
const TYPE: usize = 1;

/// The datasets an installation, and so its documents, is in: one bit per [`Dataset::ALL`] entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Memberships(u8);

impl Memberships {
    fn of(installation: &PublishedInstallation<'_>) -> Memberships {
        Memberships(
            Dataset::ALL
                .into_iter()
                .filter(|dataset| dataset.includes(installation.s3ic_id, installation.region))
                .fold(0, |bits, dataset| bits | bit(dataset)),
        )
    }

    /// Whether the dataset is one of them.
    pub fn contains(self, dataset: Dataset) -> bool {
        self.0 & bit(dataset) != 0
    }
}

fn bit(dataset: Dataset) -> u8 {
    1 << dataset as u8
}

/// Where the documents of a published installation go: its datasets, and its rank by S3IC id
/// (the first sort key, compared as a number rather than as text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Placement {
    datasets: Memberships,
    rank: usize,
}

/// The placement of every published installation, by S3IC id (an id listed twice is in the
/// datasets of either listing).
pub(super) fn placements<'i>(
    installations: impl IntoIterator<Item = PublishedInstallation<'i>>,
) -> HashMap<&'i str, Placement> {
    let mut datasets: HashMap<&str, Memberships> = HashMap::new();
    for installation in installations {
        let entry = datasets.entry(installation.s3ic_id).or_default();
        entry.0 |= Memberships::of(&installation).0;
    }
    let mut ids: Vec<(&str, Memberships)> = datasets.into_iter().collect();
    ids.sort_unstable_by_key(|&(id, _)| id);
    ids.into_iter()
        .enumerate()
        .map(|(rank, (id, datasets))| (id, Placement { datasets, rank }))
        .collect()
}

/// One document of a published installation; text cells borrow the read member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Document<'t> {
    /// Line of `IC_documents.csv`.
    pub line: u64,
    pub s3ic_id: &'t str,
    pub type_id: &'t str,
    /// `None` when the type id is not in `IC_types_document.csv`: the original's left join
    /// leaves the type empty.
    pub type_name: Option<&'t str>,
    pub description: &'t str,
    pub url: &'t str,
    pub date: &'t str,
    pub datasets: Memberships,
    /// The installation's rank by S3IC id.
    rank: usize,
}

/// Both members, read.
#[derive(Debug)]
pub(super) struct Tables {
    documents: RawTable,
    /// Type name by type id.
    type_names: HashMap<String, String>,
}

impl Tables {
    /// Reads both members; every row that cannot be read, and every type id given twice (the
    /// join would double its documents), is a problem.
    pub fn read(members: &Members) -> Result<Tables, GeorisquesError> {
        let mut problems = Problems::default();
        let documents = read_table(
            DOCUMENTS_MEMBER,
            &members.documents,
            &DOCUMENT_COLUMNS,
            Header::Absent,
            &mut problems,
        );
        let types = read_table(
            TYPES_MEMBER,
            &members.types,
            &TYPE_COLUMNS,
            Header::Absent,
            &mut problems,
        );
        let type_names = types.map(|types| type_names(&types, &mut problems));
        match (documents, type_names) {
            (Some(documents), Some(type_names)) if problems.is_empty() => Ok(Tables {
                documents,
                type_names,
            }),
            _ => {
                let (problems, total) = problems.into_sorted(&[DOCUMENTS_MEMBER, TYPES_MEMBER]);
                Err(GeorisquesError::Rows { problems, total })
            }
        }
    }

    /// The documents of the published installations, sorted by S3IC id, then date from the
    /// latest (undated last), then url.
    pub fn kept<'t>(&'t self, published: &HashMap<&str, Placement>) -> Vec<Document<'t>> {
        let table = &self.documents;
        let documents: Vec<Document<'t>> = table
            .rows
            .iter()
            .filter_map(|row| {
                let s3ic_id = table.cell(row, CODE_S3IC);
                let placement = published.get(s3ic_id)?;
                let type_id = table.cell(row, TYPE_ID);
                Some(Document {
                    line: row.line,
                    s3ic_id,
                    type_id,
                    type_name: self.type_names.get(type_id).map(String::as_str),
                    description: table.cell(row, NOM),
                    url: table.cell(row, URL),
                    date: table.cell(row, DATE),
                    datasets: placement.datasets,
                    rank: placement.rank,
                })
            })
            .collect();
        // Positions are sorted rather than documents, a tenth of their size; the texts are
        // read only between documents of one installation.
        let mut order: Vec<(usize, usize)> = documents
            .iter()
            .enumerate()
            .map(|(position, document)| (document.rank, position))
            .collect();
        let later_keys = |position: usize| {
            let document = &documents[position];
            (
                EmptyLast(non_empty(document.date).map(Reverse)),
                document.url,
            )
        };
        // Stable, as pandas' sort on several columns: equal keys keep the dump's order.
        order.sort_by(|&(rank_a, a), &(rank_b, b)| {
            rank_a
                .cmp(&rank_b)
                .then_with(|| later_keys(a).cmp(&later_keys(b)))
        });
        order
            .into_iter()
            .map(|(_, position)| documents[position])
            .collect()
    }
}

/// Type names by id, with a problem for each id given again.
fn type_names(types: &RawTable, problems: &mut Problems) -> HashMap<String, String> {
    let mut names = HashMap::with_capacity(types.rows.len());
    for row in &types.rows {
        let id = types.cell(row, ID);
        if names.contains_key(id) {
            problems.push(cell_problem(
                TYPES_MEMBER,
                row.line,
                TYPE_COLUMNS[ID],
                id,
                ProblemKind::InvalidValue,
                "each type id once",
            ));
            continue;
        }
        names.insert(id.to_string(), types.cell(row, TYPE).to_string());
    }
    names
}
