//! The text of the APs' pages, and the search in it (French full-text: stemmed, accents
//! ignored, ranked).

use crate::client::Client;
use crate::error::DbError;

/// Marks around the words found in a snippet: control characters, which no OCR text holds, so
/// that a page escapes the snippet and then turns them into highlighting.
pub const MATCH_START: &str = "\u{2}";
pub const MATCH_END: &str = "\u{3}";

/// A page where the words were found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageHit {
    pub georisques_id: String,
    /// From 1.
    pub page: i32,
    /// A few lines of the page around the words, marked with [`MATCH_START`]/[`MATCH_END`].
    pub snippet: String,
}

/// Makes the text of a document's pages exactly `texts` (page 1 first).
pub async fn replace(
    client: &impl Client,
    georisques_id: &str,
    texts: &[String],
) -> Result<(), DbError> {
    client
        .execute(
            // One statement, so a reader sees the old pages or the new ones. Its parts see the
            // same snapshot: pages beyond the new count go, the others are overwritten.
            "WITH removed AS (
                 DELETE FROM ap_pages WHERE georisques_id = $1 AND page > cardinality($2::text[]))
             INSERT INTO ap_pages (georisques_id, page, text)
             SELECT $1, page::integer, text FROM unnest($2::text[]) WITH ORDINALITY AS t (text, page)
             ON CONFLICT (georisques_id, page) DO UPDATE SET text = excluded.text",
            &[&georisques_id, &texts],
        )
        .await?;
    Ok(())
}

/// The pages of the APs of public installations where `query` (words, "a phrase", -excluded,
/// as a search engine reads them) is found, best first; only those of installation `s3ic_id`
/// when given.
pub async fn search(
    client: &impl Client,
    query: &str,
    s3ic_id: Option<&str>,
    limit: i64,
) -> Result<Vec<PageHit>, DbError> {
    let rows = client
        .query(
            "WITH query AS (SELECT websearch_to_tsquery('public.french_unaccent', $1) AS q)
             SELECT p.georisques_id, p.page,
                    ts_headline('public.french_unaccent', p.text, query.q,
                                'StartSel=\u{2}, StopSel=\u{3}, MaxFragments=2, MaxWords=25, MinWords=8')
             FROM ap_pages p CROSS JOIN query
             JOIN aps a ON a.georisques_id = p.georisques_id
             JOIN installations i ON i.id = a.installation_id AND i.user_id IS NULL
             WHERE p.search @@ query.q AND ($2::text IS NULL OR a.installation_s3ic_id = $2)
             ORDER BY ts_rank(p.search, query.q) DESC, p.georisques_id, p.page
             LIMIT $3",
            &[&query, &s3ic_id, &limit],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|row| PageHit {
            georisques_id: row.get(0),
            page: row.get(1),
            snippet: row.get(2),
        })
        .collect())
}
