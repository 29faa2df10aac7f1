//! The search in the text of the APs as URLs carry it: `q=<words>&departement=<name>&page=<n>`,
//! read once into what to search, or the French message saying what is wrong with it.

use envinorma_db::ap_pages::MAX_RANKED;

/// The longest query, in characters (the field's `maxlength`): each word is one more lookup.
pub const MAX_QUERY_CHARS: usize = 200;

/// Results on a page.
pub const PER_PAGE: i64 = 20;

/// The last page there can be: the search ranks at most [`MAX_RANKED`] pages of APs.
pub const MAX_PAGE: i64 = MAX_RANKED / PER_PAGE;

const QUERY_TOO_LONG: &str = "La recherche ne doit pas dépasser 200 caractères.";
const PAGE_INVALID: &str = "Le numéro de page doit être un nombre entier de 1 à 25.";
const DEPARTMENT_UNKNOWN: &str =
    "Aucune installation n’est dans ce département : choisissez-en un dans la liste.";

/// One search, as asked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApSearch {
    /// As typed (the form shows it back).
    pub query: String,
    /// One of the départements offered, `None` for all.
    pub department: Option<String>,
    /// From 1.
    pub page: i64,
}

impl ApSearch {
    /// The search of a query string. `departments` are those the page offers (`None`: the page
    /// has no such filter, and ignores the parameter). A search that cannot run comes with the
    /// message to show next to the form; its fields keep what was typed.
    pub fn parse(query: &str, departments: Option<&[String]>) -> (ApSearch, Option<&'static str>) {
        let mut search = ApSearch {
            page: 1,
            ..ApSearch::default()
        };
        let mut error = None;
        let mut seen = Vec::new();
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            // The first of each, as forms are read (`FormFields`).
            if seen.contains(&key) {
                continue;
            }
            seen.push(key.clone());
            match key.as_ref() {
                "q" => search.query = value.into_owned(),
                "departement" if departments.is_some() && !value.is_empty() => {
                    search.department = Some(value.into_owned());
                }
                "page" => match value.parse() {
                    Ok(page) if (1..=MAX_PAGE).contains(&page) => search.page = page,
                    _ => error = Some(PAGE_INVALID),
                },
                _ => {}
            }
        }
        if search.query.chars().count() > MAX_QUERY_CHARS {
            error = Some(QUERY_TOO_LONG);
        }
        if let (Some(department), Some(offered)) = (&search.department, departments)
            && !offered.contains(department)
        {
            error = Some(DEPARTMENT_UNKNOWN);
        }
        (search, error)
    }

    /// Whether there is nothing to search (the page then shows the form only).
    pub fn is_blank(&self) -> bool {
        self.query.trim().is_empty()
    }

    /// How many results come before this page's.
    pub fn offset(&self) -> i64 {
        (self.page - 1) * PER_PAGE
    }

    /// The query string (without `?`) of this search's page `page`: the first page has no
    /// number, as the form sends it.
    pub fn to_query(&self, page: i64) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.append_pair("q", &self.query);
        if let Some(department) = &self.department {
            query.append_pair("departement", department);
        }
        if page > 1 {
            query.append_pair("page", &page.to_string());
        }
        query.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn departments() -> Vec<String> {
        vec!["ESSONNE".into(), "VAL D'OISE".into()]
    }

    #[test]
    fn a_search_round_trips_through_its_query_string() {
        let (search, error) = ApSearch::parse(
            "q=rejets+%22eaux+pluviales%22&departement=VAL+D%27OISE&page=3",
            Some(&departments()),
        );
        assert_eq!(error, None);
        assert_eq!(
            search,
            ApSearch {
                query: "rejets \"eaux pluviales\"".into(),
                department: Some("VAL D'OISE".into()),
                page: 3,
            }
        );
        assert_eq!(search.offset(), 40);
        assert_eq!(
            ApSearch::parse(&search.to_query(3), Some(&departments())).0,
            search
        );
        assert_eq!(
            search.to_query(1),
            "q=rejets+%22eaux+pluviales%22&departement=VAL+D%27OISE"
        );
    }

    #[test]
    fn an_empty_form_is_blank_on_its_first_page() {
        let (search, error) = ApSearch::parse("q=++&departement=", Some(&departments()));
        assert_eq!(error, None);
        assert!(search.is_blank());
        assert_eq!((search.department, search.page), (None, 1));
        assert!(ApSearch::parse("", None).0.is_blank());
    }

    #[test]
    fn out_of_bounds_values_are_refused_with_french_messages_keeping_the_query() {
        assert!(PAGE_INVALID.ends_with(&format!("de 1 à {MAX_PAGE}.")));
        for page in ["0", "26", "-1", "deux", "", "1e3"] {
            let (search, error) = ApSearch::parse(&format!("q=bruit&page={page}"), None);
            assert_eq!(error, Some(PAGE_INVALID), "page {page:?}");
            assert_eq!(search.query, "bruit");
        }
        assert_eq!(ApSearch::parse("q=bruit&page=25", None).1, None);
        let long = "é".repeat(201);
        assert_eq!(
            ApSearch::parse(&format!("q={long}"), None).1,
            Some(QUERY_TOO_LONG)
        );
        assert_eq!(
            ApSearch::parse(&format!("q={}", &long[2..]), None).1,
            None,
            "200 characters, 400 bytes"
        );
        assert_eq!(
            ApSearch::parse("q=bruit&departement=NORD", Some(&departments())).1,
            Some(DEPARTMENT_UNKNOWN)
        );
    }

    #[test]
    fn a_page_without_filter_ignores_the_departement_and_repeats_count_once() {
        let (search, error) = ApSearch::parse("q=bruit&departement=NORD&q=odeurs", None);
        assert_eq!(error, None);
        assert_eq!(search.department, None);
        assert_eq!(search.query, "bruit");
    }
}
