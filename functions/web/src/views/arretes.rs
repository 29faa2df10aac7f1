//! The AM/AP reading page (`/installations/:id/arretes`): the selected AMs personalised for
//! the installation and its selected APs.

use crate::paths;
use crate::security::CsrfToken;
use crate::selection::Selection;
use crate::views::am_reading::{AlineaContent, AmReading, AmView};
use crate::views::ap_reading::{ApDisplay, ApView};
use crate::views::layout::Layout;
use crate::views::recap::Downloads;
use crate::views::rich_text::Piece;
use askama::Template;
use envinorma_core::{TOPICS, Topic};
use envinorma_db::aps::StoredAp;
use std::collections::HashSet;

/// What the page shows, as the caller gathered it.
#[derive(Debug, Clone, Copy)]
pub struct ArretesInput<'a> {
    pub installation_id: i64,
    pub installation_name: &'a str,
    /// The selection in the URL, kept by the link back to the installation.
    pub selection: &'a Selection,
    pub ams: &'a [AmReading<'a>],
    pub aps: &'a [StoredAp],
    /// Alinéa ids (`<sectionId>_<index>`) the user already took as prescriptions.
    pub checked_alineas: &'a HashSet<String>,
    /// How many prescriptions the user has for this installation.
    pub prescription_count: i64,
    /// Whether the user groups their prescriptions by topic (the fiche's default).
    pub by_topic: bool,
    pub csrf: &'a CsrfToken,
}

/// The page, ready to render.
#[derive(Debug, Template)]
#[template(path = "arretes.html")]
pub struct ArretesPage<'a> {
    pub layout: Layout,
    pub installation_name: &'a str,
    /// "< Retour à l’installation", with the same selection.
    pub back_url: String,
    pub topics: &'static [Topic],
    pub ams: Vec<AmView<'a>>,
    pub aps: Vec<ApView>,
    pub csrf: &'a CsrfToken,
    /// Where the alinéa checkboxes of a section are sent.
    pub prescriptions_action: String,
    /// Where a prescription typed from an AP is sent.
    pub ap_prescription_action: String,
    /// The selection, for the forms to come back to this page.
    pub return_query: String,
    /// The recap page (the counter's link).
    pub recap_url: String,
    pub prescription_count: i64,
    pub downloads: Downloads,
}

impl<'a> ArretesPage<'a> {
    /// Builds the page's views.
    pub fn new(layout: Layout, input: ArretesInput<'a>) -> ArretesPage<'a> {
        ArretesPage {
            layout,
            installation_name: input.installation_name,
            back_url: paths::installation_with(input.installation_id, input.selection),
            topics: &TOPICS,
            ams: input
                .ams
                .iter()
                .map(|reading| AmView::new(reading, input.checked_alineas))
                .collect(),
            aps: input
                .aps
                .iter()
                .enumerate()
                .map(|(position, ap)| ApView::new(position, ap))
                .collect(),
            csrf: input.csrf,
            prescriptions_action: paths::prescriptions_from_am(input.installation_id),
            ap_prescription_action: paths::prescriptions_from_ap(input.installation_id),
            return_query: input.selection.to_query(),
            recap_url: paths::prescriptions_with(input.installation_id, input.selection),
            prescription_count: input.prescription_count,
            downloads: Downloads::new(input.installation_id, input.by_topic),
        }
    }
}
