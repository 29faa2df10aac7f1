//! The "Recueil de prescriptions" (`GET /installations/:id/prescriptions`): the user's
//! prescriptions for an installation, grouped, with their status and comment, and the
//! downloads. The AM/AP page shows the same `#recap` in a dialog.

use crate::paths;
use crate::recap::{TopicGroup, group, status_counts};
use crate::security::CsrfToken;
use crate::selection::Selection;
use crate::views::layout::Layout;
use crate::views::rich_text::Piece;
use crate::views::table::TableView;
use askama::Template;
use envinorma_core::Table;
use envinorma_db::prescriptions::{Prescription, Status};

/// The two download forms (fiche d'inspection, GUN), on the AM/AP page and in the recap.
#[derive(Debug, Clone)]
pub struct Downloads {
    /// Prefix of the forms' element ids: the AM/AP page holds both its own and the recap's.
    pub id_prefix: &'static str,
    pub fiche_url: String,
    pub gun_url: String,
    /// The fiche's default presentation: the user's grouping.
    pub by_topic: bool,
}

impl Downloads {
    /// The forms of the AM/AP page.
    pub fn new(installation_id: i64, by_topic: bool) -> Downloads {
        Downloads {
            id_prefix: "page",
            fiche_url: paths::fiche_inspection(installation_id),
            gun_url: paths::fiche_gun(installation_id),
            by_topic,
        }
    }
}

/// What the recap shows, as the caller gathered it.
#[derive(Debug, Clone, Copy)]
pub struct RecapInput<'a> {
    pub installation_id: i64,
    pub installation_name: &'a str,
    /// The selection of arrêtés the "Retour" link goes back to.
    pub selection: &'a Selection,
    pub prescriptions: &'a [Prescription],
    pub by_topic: bool,
    /// An AM changed since prescriptions were taken from it.
    pub stale: bool,
    pub csrf: &'a CsrfToken,
}

/// How a prescription's content shows: paragraphs, or a table.
#[derive(Debug, Clone)]
pub enum RecapContent<'a> {
    Paragraphs(Vec<&'a str>),
    Table(Table),
}

#[derive(Debug, Template)]
#[template(path = "prescriptions.html")]
pub struct RecapPage<'a> {
    pub layout: Layout,
    pub installation_name: &'a str,
    pub csrf: &'a CsrfToken,
    /// The AM/AP page with the same selection.
    pub back_url: String,
    pub return_query: String,
    pub count: usize,
    /// The AM alinéa ids taken, as JSON: the page's script ticks its boxes from them.
    pub alinea_ids_json: String,
    pub status_counts: [(Status, usize); 4],
    pub statuses: [Status; 4],
    pub stale: bool,
    pub by_topic: bool,
    pub grouping_url: String,
    pub delete_all_url: String,
    pub groups: Vec<TopicGroup<'a>>,
    pub downloads: Downloads,
    installation_id: i64,
}

impl<'a> RecapPage<'a> {
    pub fn new(layout: Layout, input: RecapInput<'a>) -> RecapPage<'a> {
        let id = input.installation_id;
        let alinea_ids: Vec<&str> = input
            .prescriptions
            .iter()
            .filter_map(|p| p.alinea_id.as_deref())
            .collect();
        RecapPage {
            layout,
            installation_name: input.installation_name,
            csrf: input.csrf,
            back_url: paths::arretes_with(id, input.selection),
            return_query: input.selection.to_query(),
            count: input.prescriptions.len(),
            alinea_ids_json: serde_json::to_string(&alinea_ids).unwrap_or_default(),
            status_counts: status_counts(input.prescriptions),
            statuses: Status::ALL,
            stale: input.stale,
            by_topic: input.by_topic,
            grouping_url: paths::prescriptions_grouping(id),
            delete_all_url: paths::prescriptions(id),
            groups: group(input.prescriptions, input.by_topic),
            downloads: Downloads {
                id_prefix: "recap",
                ..Downloads::new(id, input.by_topic)
            },
            installation_id: id,
        }
    }

    /// Where a prescription's status is saved and from where it is deleted.
    pub fn prescription_url(&self, prescription: &Prescription) -> String {
        paths::prescription(self.installation_id, prescription.id)
    }

    /// A table prescription as a table; a text one (or a table that does not parse) as its
    /// paragraphs.
    pub fn content(&self, prescription: &'a Prescription) -> RecapContent<'a> {
        if prescription.is_table
            && let Ok(table) = serde_json::from_str::<Table>(&prescription.content)
        {
            return RecapContent::Table(table);
        }
        RecapContent::Paragraphs(
            prescription
                .content
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .collect(),
        )
    }
}
