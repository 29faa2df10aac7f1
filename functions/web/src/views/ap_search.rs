//! The search in the text of the APs (`/aps/recherche`, and one installation's): the form,
//! then the pages of APs found with their snippets, and the links to the other pages of results.

use crate::ap_search::{ApSearch, PER_PAGE};
use crate::paths;
use crate::views::ap_reading::ap_label;
use crate::views::layout::Layout;
use askama::Template;
use envinorma_db::ap_pages::{Found, MATCH_END, MATCH_START, MAX_RANKED, PageHit};
use envinorma_db::installations::Installation;

/// What is searched: one installation's APs, or every installation's with a filter by
/// département.
#[derive(Debug, Clone, Copy)]
pub enum Searched<'a> {
    Installation(&'a Installation),
    Everywhere { departments: &'a [String] },
}

/// The page, ready to render.
#[derive(Debug, Template)]
#[template(path = "ap_search.html")]
pub struct ApSearchPage<'a> {
    pub layout: Layout,
    /// The installation searched, `None` for every installation.
    pub installation: Option<&'a Installation>,
    /// Where the form is sent (this page).
    pub action: String,
    pub search: &'a ApSearch,
    /// The département filter's choices; empty on an installation's search.
    pub departments: &'a [String],
    /// Why the search did not run.
    pub error: Option<&'static str>,
    /// `None` when nothing was searched: the form only.
    pub results: Option<Results>,
}

/// A page of results.
#[derive(Debug)]
pub struct Results {
    pub hits: Vec<HitView>,
    /// How many pages of APs were found, or that there are none.
    pub summary: String,
    /// Said when more pages were found than ranked: how to narrow the search.
    pub narrow: Option<String>,
    /// The links to the other pages of results; empty when they fit in one.
    pub pagination: Vec<PageLink>,
    /// Set when this page is past the last one: the link to the first.
    pub first_page: Option<String>,
}

/// A page of an AP where the words were found.
#[derive(Debug)]
pub struct HitView {
    /// `AP - dd/mm/yy - <description>`.
    pub ap_label: String,
    pub page: i32,
    /// The PDF, opened at the page.
    pub pdf_url: String,
    /// `<S3IC id> | <name>` and the installation page, on the search of every installation.
    pub installation: Option<(String, String)>,
    pub snippet: Vec<SnippetPart>,
}

/// A piece of a snippet: the template escapes its text and marks the words found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetPart {
    pub text: String,
    pub matched: bool,
}

/// An entry of the pagination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageLink {
    Previous(String),
    Page {
        number: i64,
        url: String,
        current: bool,
    },
    /// Pages left out between two links.
    Gap,
    Next(String),
}

impl<'a> ApSearchPage<'a> {
    /// The page of `search` in `searched`: `found` is `None` when it did not run (a blank
    /// query, or `error`).
    pub fn new(
        layout: Layout,
        searched: Searched<'a>,
        search: &'a ApSearch,
        error: Option<&'static str>,
        found: Option<Found>,
    ) -> ApSearchPage<'a> {
        let (installation, action, departments) = match searched {
            Searched::Installation(installation) => (
                Some(installation),
                paths::installation_ap_search(installation.id),
                &[][..],
            ),
            Searched::Everywhere { departments } => {
                (None, paths::AP_SEARCH.to_string(), departments)
            }
        };
        let results = found.map(|found| results(&action, searched, search, found));
        ApSearchPage {
            layout,
            installation,
            action,
            search,
            departments,
            error,
            results,
        }
    }

    /// Whether `department` is the one searched (the select keeps it).
    pub fn is_selected(&self, department: &str) -> bool {
        self.search.department.as_deref() == Some(department)
    }
}

fn results(action: &str, searched: Searched<'_>, search: &ApSearch, found: Found) -> Results {
    let everywhere = matches!(searched, Searched::Everywhere { .. });
    let truncated = found.is_truncated();
    let ranked = found.ranked.min(MAX_RANKED);
    let summary = match found.ranked {
        _ if found.hits.is_empty() && search.page > 1 => {
            "Il n’y a pas de résultat sur cette page.".to_string()
        }
        0 => "Aucune page d’arrêté ne contient ces mots.".to_string(),
        1 => "1 page d’arrêté contient ces mots.".to_string(),
        _ if truncated => format!("Plus de {MAX_RANKED} pages d’arrêtés contiennent ces mots."),
        n => format!("{n} pages d’arrêtés contiennent ces mots."),
    };
    let narrow = truncated.then(|| {
        format!(
            "Seules les {MAX_RANKED} premières pages trouvées sont classées : ajoutez des mots{} \
             pour préciser la recherche.",
            if everywhere {
                " ou choisissez un département"
            } else {
                ""
            }
        )
    });
    let last_page = (ranked + PER_PAGE - 1) / PER_PAGE;
    let first_page = (found.hits.is_empty() && search.page > 1)
        .then(|| paths::ap_search_with(action, search, 1));
    Results {
        hits: found
            .hits
            .iter()
            .map(|hit| hit_view(hit, everywhere))
            .collect(),
        summary,
        narrow,
        pagination: pagination(search.page, last_page, |page| {
            paths::ap_search_with(action, search, page)
        }),
        first_page,
    }
}

fn hit_view(hit: &PageHit, everywhere: bool) -> HitView {
    HitView {
        ap_label: ap_label(&hit.ap),
        page: hit.page,
        pdf_url: paths::ap_pdf_page(&hit.ap.georisques_id, hit.page),
        installation: everywhere.then(|| {
            (
                format!("{} | {}", hit.installation.s3ic_id, hit.installation.name),
                paths::installation(hit.installation.id),
            )
        }),
        snippet: snippet_parts(&hit.snippet),
    }
}

/// The pieces of a snippet marked by the search: the text between [`MATCH_START`] and
/// [`MATCH_END`] is matched. The text is OCR's, as it came: the template escapes every piece.
pub fn snippet_parts(snippet: &str) -> Vec<SnippetPart> {
    let mut parts = Vec::new();
    let mut push = |text: &str, matched: bool| {
        // A marker out of place is no text of the page.
        let text = text.replace(MATCH_START, "").replace(MATCH_END, "");
        if !text.is_empty() {
            parts.push(SnippetPart { text, matched });
        }
    };
    let mut pieces = snippet.split(MATCH_START);
    push(pieces.next().unwrap_or_default(), false);
    for piece in pieces {
        let (matched, rest) = piece.split_once(MATCH_END).unwrap_or((piece, ""));
        push(matched, true);
        push(rest, false);
    }
    parts
}

/// The links to pages `1..=last` around `current`: previous and next, the first and last pages,
/// and the two on each side of the current one; none when there is one page.
pub fn pagination(current: i64, last: i64, url: impl Fn(i64) -> String) -> Vec<PageLink> {
    if last <= 1 {
        return Vec::new();
    }
    let mut links = Vec::new();
    if current > 1 {
        links.push(PageLink::Previous(url(current - 1)));
    }
    let mut shown = 0;
    for number in 1..=last {
        if number == 1 || number == last || (number - current).abs() <= 2 {
            if number > shown + 1 {
                links.push(PageLink::Gap);
            }
            links.push(PageLink::Page {
                number,
                url: url(number),
                current: number == current,
            });
            shown = number;
        }
    }
    if current < last {
        links.push(PageLink::Next(url(current + 1)));
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(text: &str, matched: bool) -> SnippetPart {
        SnippetPart {
            text: text.into(),
            matched,
        }
    }

    #[test]
    fn a_snippet_is_cut_at_its_marks() {
        let snippet = format!(
            "Les {MATCH_START}rejets{MATCH_END} <b>atmosphériques</b> ... {MATCH_START}rejet{MATCH_END}"
        );
        assert_eq!(
            snippet_parts(&snippet),
            [
                part("Les ", false),
                part("rejets", true),
                part(" <b>atmosphériques</b> ... ", false),
                part("rejet", true),
            ]
        );
        assert_eq!(snippet_parts("sans mot"), [part("sans mot", false)]);
        assert_eq!(snippet_parts(""), []);
    }

    #[test]
    fn marks_out_of_place_are_dropped() {
        let snippet = format!("a{MATCH_END}b{MATCH_START}c{MATCH_START}d");
        assert_eq!(
            snippet_parts(&snippet),
            [part("ab", false), part("c", true), part("d", true)]
        );
    }

    fn numbers(links: &[PageLink]) -> Vec<String> {
        links
            .iter()
            .map(|link| match link {
                PageLink::Previous(url) => format!("<{url}"),
                PageLink::Page {
                    number, current, ..
                } => format!("{number}{}", if *current { "*" } else { "" }),
                PageLink::Gap => "…".into(),
                PageLink::Next(url) => format!(">{url}"),
            })
            .collect()
    }

    #[test]
    fn pagination_shows_the_ends_and_the_neighbours_of_the_current_page() {
        let url = |page: i64| page.to_string();
        assert_eq!(numbers(&pagination(1, 1, url)), Vec::<String>::new());
        assert_eq!(numbers(&pagination(1, 3, url)), ["1*", "2", "3", ">2"]);
        assert_eq!(
            numbers(&pagination(10, 50, url)),
            [
                "<9", "1", "…", "8", "9", "10*", "11", "12", "…", "50", ">11"
            ]
        );
        assert_eq!(
            numbers(&pagination(50, 50, url)),
            ["<49", "1", "…", "48", "49", "50*"]
        );
        assert_eq!(
            numbers(&pagination(4, 7, url)),
            ["<3", "1", "2", "3", "4*", "5", "6", "7", ">5"]
        );
    }
}
