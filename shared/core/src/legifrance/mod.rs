//! The Légifrance import: a text as the Légifrance API's `consult` answer gives it (title, visa,
//! articles and sections in HTML) turned into the structured text of an AM.
//!
//! Steps, as the original (`legifrance_to_am.py`) takes them: the visa's "Vu …" lines; articles
//! not in force dropped, sorted, split articles merged back; articles and sections interleaved
//! by `intOrdre`; each article's HTML read into alinéas and tables, cut into sub-sections at its
//! numbered headings and titled; the AM's title written with its date as `DD/MM/YY`.

mod article;
mod clean;
mod error;
mod html;
pub(crate) mod ids;
mod numbering;
mod payload;
mod rich_text;
mod structure;
pub(crate) mod table;
mod title;
mod visa;

pub use error::LegifranceError;
pub use payload::{MAX_HTML_DEPTH, MAX_JSON_DEPTH, MAX_PAYLOAD_BYTES};

use crate::am::{ArreteMinisteriel, EnrichedString, Section, standardize_title_date};
use article::article_section;
use clean::{clean_articles, clean_section};
use payload::{Article, LegifranceSection, Payload};

/// The AM (id, title, visa, sections) of an uploaded Légifrance payload; every enrichment
/// (classements, parametrization, topics…) is left at its default.
pub fn am_from_legifrance(payload: &[u8]) -> Result<ArreteMinisteriel, LegifranceError> {
    let payload = Payload::parse(payload)?;
    let id = payload
        .cid()
        .ok_or(LegifranceError::MissingCid)?
        .to_string();
    let title = standardize_title_date(&payload.title).ok_or_else(|| {
        LegifranceError::TitleWithoutDate {
            title: payload.title.clone(),
        }
    })?;
    let visa = visa::visa_lines(payload.visa.as_deref().unwrap_or_default());
    let text = payload.in_force();
    let articles = clean_articles(text.articles);
    let sections: Vec<LegifranceSection> = text.sections.into_iter().map(clean_section).collect();
    let mut sections = interleave(&articles, &sections, &[]);
    ids::assign_ids(&title, &mut sections);
    Ok(ArreteMinisteriel {
        id,
        title: EnrichedString {
            text: title,
            ..EnrichedString::default()
        },
        date_of_signature: None,
        visa,
        sections,
        aida_url: None,
        legifrance_url: None,
        classements: Vec::new(),
        classements_with_alineas: Vec::new(),
        is_transverse: false,
        nickname: None,
        applicability: Default::default(),
        orphan_titles: None,
    })
}

/// The articles and sections of one level as AM sections, in `intOrdre` order (articles first
/// on a tie); `ancestors` are the titles of the Légifrance sections above them.
fn interleave(
    articles: &[Article],
    sections: &[LegifranceSection],
    ancestors: &[&str],
) -> Vec<Section> {
    enum Item<'a> {
        Article(&'a Article),
        Section(&'a LegifranceSection),
    }
    let mut items: Vec<(i64, Item)> = articles
        .iter()
        .map(|article| (article.int_ordre, Item::Article(article)))
        .chain(
            sections
                .iter()
                .map(|section| (section.int_ordre, Item::Section(section))),
        )
        .collect();
    items.sort_by_key(|(int_ordre, _)| *int_ordre);
    items
        .into_iter()
        .map(|(_, item)| match item {
            Item::Article(article) => article_section(article, ancestors),
            Item::Section(section) => {
                let ancestors: Vec<&str> = ancestors
                    .iter()
                    .copied()
                    .chain([section.title.as_str()])
                    .collect();
                let children = interleave(&section.articles, &section.sections, &ancestors);
                let title = html::inline_text(&section.title).into_title();
                new_section(title, Vec::new(), children)
            }
        })
        .collect()
}

/// A section as the import makes it: no id yet, every enrichment at its default.
pub(crate) fn new_section(
    title: EnrichedString,
    outer_alineas: Vec<EnrichedString>,
    sections: Vec<Section>,
) -> Section {
    Section {
        id: String::new(),
        title,
        outer_alineas,
        sections,
        applicability: None,
        reference: None,
        reference_str: None,
        annotations: None,
        parametrization: Default::default(),
    }
}
