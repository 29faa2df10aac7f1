//! One personalised AM on the AM/AP page: header, links, table of contents, sections.

use crate::views::format::{am_label, truncate};
use crate::views::rich_text::{Piece, is_web_url, pieces};
use crate::views::table::TableView;
use envinorma_core::{EnrichedString, PersonalisedAm, PersonalisedSection};
use std::collections::HashSet;

/// Table-of-contents titles are cut to this many characters.
const TOC_TITLE_LENGTH: usize = 50;

/// An AM to show, as the caller prepared it.
#[derive(Debug, Clone)]
pub struct AmReading<'a> {
    pub personalised: &'a PersonalisedAm<'a>,
    /// What the AM covers of the installation (see [`crate::views::format::am_infos`]).
    pub infos: String,
}

/// An AM ready for the template.
#[derive(Debug, Clone)]
pub struct AmView<'a> {
    pub cid: &'a str,
    /// The element id of the AM's block, for the sidebar.
    pub anchor: String,
    /// `AM - dd/mm/yy - <infos>`, also the reference of its prescriptions.
    pub label: String,
    pub title: &'a str,
    pub aida_url: Option<&'a str>,
    pub legifrance_url: Option<&'a str>,
    /// The AM's static warnings.
    pub warnings: &'a [String],
    pub toc: Vec<TocEntry>,
    pub sections: Vec<SectionView<'a>>,
}

/// One line of the table of contents.
#[derive(Debug, Clone)]
pub struct TocEntry {
    pub anchor: String,
    pub label: String,
    /// `filterable`, the topic classes and the depth class, as on the section.
    pub classes: String,
}

/// One section, in pre-order (sections are not nested in the markup, so that the topic
/// filter can hide each one alone).
#[derive(Debug, Clone)]
pub struct SectionView<'a> {
    pub id: &'a str,
    pub anchor: String,
    /// `h4` for top-level sections, then one more per depth, up to `h6`.
    pub heading_level: u8,
    pub classes: String,
    pub title: &'a str,
    pub active: bool,
    pub warnings: &'a [String],
    /// The text before modification, for modified sections.
    pub previous: Option<PreviousVersion<'a>>,
    pub alineas: Vec<AlineaView<'a>>,
    /// Whether a "select all" box heads the alinéas (active sections with several alinéas).
    pub select_all: bool,
}

/// A modified section's original text.
#[derive(Debug, Clone)]
pub struct PreviousVersion<'a> {
    pub title: &'a str,
    pub alineas: Vec<AlineaContent<'a>>,
}

/// An alinéa with its prescription checkbox.
#[derive(Debug, Clone)]
pub struct AlineaView<'a> {
    /// `prescription_checkbox_<sectionId>_<index>`.
    pub checkbox_id: String,
    /// Inactive alinéas are greyed out but stay selectable.
    pub active: bool,
    pub checked: bool,
    pub content: AlineaContent<'a>,
}

/// What an alinéa shows.
#[derive(Debug, Clone)]
pub enum AlineaContent<'a> {
    Text(Vec<Piece<'a>>),
    Table(TableView<'a>),
}

impl<'a> AlineaContent<'a> {
    fn of(alinea: &'a EnrichedString) -> AlineaContent<'a> {
        match alinea.table() {
            Some(table) => AlineaContent::Table(TableView::new(table)),
            None => AlineaContent::Text(pieces(alinea)),
        }
    }
}

/// The id of a prescription taken from an alinéa: `<sectionId>_<index>`.
pub fn alinea_id(section_id: &str, index: usize) -> String {
    format!("{section_id}_{index}")
}

impl<'a> AmView<'a> {
    /// The view of `reading`; `checked` holds the alinéa ids (`<sectionId>_<index>`) the user
    /// already took as prescriptions.
    pub fn new(reading: &AmReading<'a>, checked: &HashSet<String>) -> AmView<'a> {
        let personalised = reading.personalised;
        let am = personalised.am;
        let topics = personalised.topics();
        let mut toc = Vec::with_capacity(personalised.sections.len());
        let mut sections = Vec::with_capacity(personalised.sections.len());
        for (section, topics) in personalised.sections.iter().zip(&topics) {
            let anchor = format!("section_{}", section.id());
            let classes = section_classes(section.depth, topics);
            toc.push(TocEntry {
                anchor: anchor.clone(),
                label: truncate(section.title(), TOC_TITLE_LENGTH),
                classes: classes.clone(),
            });
            sections.push(section_view(section, anchor, classes, checked));
        }
        AmView {
            cid: &am.id,
            anchor: format!("am_{}", am.id),
            label: am_label(am, &reading.infos),
            title: &am.title.text,
            aida_url: am.aida_url.as_deref().filter(|url| is_web_url(url)),
            legifrance_url: am.legifrance_url.as_deref().filter(|url| is_web_url(url)),
            warnings: &am.applicability.warnings,
            toc,
            sections,
        }
    }
}

fn section_view<'a>(
    section: &'a PersonalisedSection<'a>,
    anchor: String,
    classes: String,
    checked: &HashSet<String>,
) -> SectionView<'a> {
    let id = section.id();
    let alineas: Vec<AlineaView<'a>> = section
        .content()
        .outer_alineas
        .iter()
        .zip(section.alineas_active())
        .enumerate()
        .map(|(index, (alinea, active))| AlineaView {
            checkbox_id: format!("prescription_checkbox_{}", alinea_id(id, index)),
            active,
            checked: checked.contains(&alinea_id(id, index)),
            content: AlineaContent::of(alinea),
        })
        .collect();
    let previous = section.previous_version().map(|previous| PreviousVersion {
        title: &previous.title.text,
        alineas: previous
            .outer_alineas
            .iter()
            .map(AlineaContent::of)
            .collect(),
    });
    SectionView {
        id,
        anchor,
        heading_level: u8::try_from(4 + section.depth.min(2)).unwrap_or(6),
        classes,
        title: section.title(),
        active: section.active,
        warnings: &section.warnings,
        previous,
        select_all: section.active && alineas.len() > 1,
        alineas,
    }
}

/// `filterable depth-<d> topic_<T>…`: the topic filter shows a section when one of its
/// topics is chosen.
fn section_classes(depth: usize, topics: &[&str]) -> String {
    let mut classes = format!("filterable depth-{}", depth.min(5));
    for topic in topics {
        classes.push_str(" topic_");
        classes.push_str(topic);
    }
    classes
}
