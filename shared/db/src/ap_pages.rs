//! The text of the APs' pages, and the search in it (French full-text: stemmed, accents
//! ignored, ranked).

use crate::aps::{self, StoredAp};
use crate::client::Client;
use crate::error::DbError;
use crate::icpe::PgS3icId;
use envinorma_core::icpe_csv::S3icId;

/// Marks around the words found in a snippet: control characters, which no OCR text holds, so
/// that a page escapes the snippet and then turns them into highlighting.
pub const MATCH_START: &str = "\u{2}";
pub const MATCH_END: &str = "\u{3}";

/// The most pages a search ranks. A word found on most pages ("installation") would otherwise
/// have every one of 300,000 pages read and ranked (seconds); the first pages found are ranked
/// instead, and the search says that there are more (a person then adds words or a filter).
pub const MAX_RANKED: i64 = 500;

/// Which APs a search looks into: those of public installations only, whatever the scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    /// The APs of one installation, by the id that holds them
    /// ([`crate::installations::Installation::aps_holder`]).
    Installation(i64),
    /// Every installation's APs, or those of the installations of one département (as the
    /// installations' `department` column writes it).
    Everywhere { department: Option<&'a str> },
}

/// The installation an AP belongs to, as search results name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HitInstallation {
    pub id: i64,
    pub s3ic_id: S3icId,
    pub name: String,
}

/// A page where the words were found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageHit {
    pub ap: StoredAp,
    pub installation: HitInstallation,
    /// From 1.
    pub page: i32,
    /// A few lines of the page around the words, marked with [`MATCH_START`]/[`MATCH_END`].
    pub snippet: String,
}

/// One page of results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Best first.
    pub hits: Vec<PageHit>,
    /// How many pages were ranked: all those found, up to [`MAX_RANKED`], or `MAX_RANKED + 1`
    /// when more were found. 0 when `hits` is empty (a page past the last one included).
    pub ranked: i64,
}

impl Found {
    /// Whether more pages hold the words than were ranked.
    pub fn is_truncated(&self) -> bool {
        self.ranked > MAX_RANKED
    }
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

/// The search of one scope (`scope`, a condition on the APs `a` and installations `i`, its
/// value `$2` when it has one): `$1` the query, then the offset and the limit. The pages found
/// (at most `MAX_RANKED + 1`) are ranked as they are read; their APs and installations, and
/// their snippets, are read for the asked page of results only (`ts_headline` parses the
/// page's text again).
fn search_sql(scope: &str, offset: &str, limit: &str) -> String {
    format!(
        "WITH found AS MATERIALIZED (
             SELECT p.georisques_id, p.page,
                    ts_rank(p.search, websearch_to_tsquery('public.french_unaccent', $1)) AS rank
             FROM ap_pages p
             WHERE p.search @@ websearch_to_tsquery('public.french_unaccent', $1)
               AND p.georisques_id IN (
                   SELECT a.georisques_id FROM aps a
                   JOIN installations i ON i.id = a.installation_id AND i.user_id IS NULL
                   WHERE {scope})
             LIMIT {max}),
         ranked AS (
             SELECT f.*, count(*) OVER () AS ranked FROM found f
             ORDER BY f.rank DESC, f.georisques_id, f.page
             OFFSET {offset} LIMIT {limit})
         SELECT a.georisques_id, a.date, a.description, a.ocr_status, a.size, r.page,
                ts_headline('public.french_unaccent', p.text,
                            websearch_to_tsquery('public.french_unaccent', $1),
                            'StartSel={MATCH_START}, StopSel={MATCH_END}, MaxFragments=2, MaxWords=25, MinWords=8'),
                i.id, i.s3ic_id, i.name, r.ranked
         FROM ranked r
         JOIN ap_pages p USING (georisques_id, page)
         JOIN aps a USING (georisques_id)
         JOIN installations i ON i.id = a.installation_id
         ORDER BY r.rank DESC, r.georisques_id, r.page",
        max = MAX_RANKED + 1,
    )
}

/// The pages of the APs in `scope` where `query` (words, "a phrase", -excluded, as a search
/// engine reads them) is found, best first: `limit` of them from the `offset`-th. Stemmed and
/// accent-blind ("arretes" finds "arrêtés"). The caller bounds the query's length (each word
/// is one more index lookup).
pub async fn search(
    client: &impl Client,
    query: &str,
    scope: Scope<'_>,
    offset: i64,
    limit: i64,
) -> Result<Found, DbError> {
    // Planned for each search, never kept prepared: how many pages hold the words decides
    // where to start (the index of words for rare ones; the table, the département's or the
    // installation's pages for frequent ones). A plan kept for any words guesses instead, and
    // guessed wrong: 15 ms for the ten pages of one installation (the whole index of a frequent
    // word read), 100 ms and more in the largest département. Planning costs about 1 ms.
    let rows = match scope {
        Scope::Installation(id) => {
            let sql = search_sql("a.installation_id = $2", "$3", "$4");
            client.query(&sql, &[&query, &id, &offset, &limit]).await?
        }
        Scope::Everywhere { department: None } => {
            let sql = search_sql("true", "$2", "$3");
            client.query(&sql, &[&query, &offset, &limit]).await?
        }
        Scope::Everywhere {
            department: Some(department),
        } => {
            let sql = search_sql("i.department = $2", "$3", "$4");
            client
                .query(&sql, &[&query, &department, &offset, &limit])
                .await?
        }
    };
    let ranked = rows.first().map_or(0, |row| row.get(10));
    let hits = rows
        .iter()
        .map(|row| {
            Ok(PageHit {
                ap: aps::stored_ap(row),
                page: row.get(5),
                snippet: row.get(6),
                installation: HitInstallation {
                    id: row.get(7),
                    s3ic_id: row.try_get::<_, PgS3icId>(8)?.0,
                    name: row.get(9),
                },
            })
        })
        .collect::<Result<_, DbError>>()?;
    Ok(Found { hits, ranked })
}
