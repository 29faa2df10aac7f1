//! Pages without data of their own: home (search), about, FAQ, errors.

use crate::views::layout::{Layout, NavItem};
use askama::Template;

/// The home page: the installation search, with its results when the form was sent without
/// JavaScript (the script shows them as you type).
#[derive(Debug, Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub layout: Layout,
    /// What was searched.
    pub query: String,
    /// The installations found, when a search was sent.
    pub found: Option<Vec<FoundInstallation>>,
}

/// One installation found: what the results list shows and where it leads.
#[derive(Debug, serde::Serialize)]
pub struct FoundInstallation {
    pub name: String,
    pub link: String,
}

/// "À propos": what Envinorma is, where its data comes from, what it rebuilds, its source
/// and whom to write to.
#[derive(Debug, Template)]
#[template(path = "about.html")]
pub struct AboutPage<'a> {
    pub layout: Layout,
    /// The address users write to, when this server has one.
    pub contact: Option<&'a str>,
    /// The published source code, when it is.
    pub source_url: Option<&'a str>,
}

/// "FAQ": the original's questions, in five blocks, answered with our system's facts.
#[derive(Debug, Template)]
#[template(path = "faq.html")]
pub struct FaqPage<'a> {
    pub layout: Layout,
    /// The address the answers that say "écrivez-nous" link to.
    pub contact: Option<&'a str>,
}

/// An error page (404, 403, 500…).
#[derive(Debug, Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub layout: Layout,
    pub status: u16,
    pub heading: String,
    pub message: String,
}

/// The layout of a page of the header's `item`.
pub fn layout_for(title: &str, item: NavItem) -> Layout {
    Layout {
        current: item,
        ..Layout::new(title)
    }
}
