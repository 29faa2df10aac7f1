//! The OCR jobs in flight (`ap_ocr_jobs`): ap-sync claims a document before sending its job,
//! so that a document is never queued twice while a job for it may still run.
//!
//! A table rather than SQS's deduplication: that exists on FIFO queues only, forgets after five
//! minutes, and a job may be retried for hours (visibility timeout × receives); the table also
//! knows how many times a document was sent, so that one whose jobs keep dying stops costing.

use crate::client::Client;
use crate::error::DbError;
use std::time::Duration;

/// When a claim may be renewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClaimRules {
    /// How long a job may stay in flight: the queue's whole retry window (visibility timeout ×
    /// receives before the dead-letter queue) with a margin. A claim older than this is a job
    /// that died (in the dead-letter queue, or lost): it may be sent again.
    pub in_flight: Duration,
    /// How many times a document is sent at most.
    pub max_sends: i32,
}

/// Claims the documents `ids` (unique) for a new job and returns those claimed: the ones
/// without a claim, and those whose claim ran out with sends left.
pub async fn claim(
    client: &impl Client,
    ids: &[String],
    rules: ClaimRules,
) -> Result<Vec<String>, DbError> {
    let statement = client
        .prepare_cached(
            "INSERT INTO ap_ocr_jobs (georisques_id) SELECT unnest($1::text[])
             ON CONFLICT (georisques_id) DO UPDATE SET queued_at = now(), sends = ap_ocr_jobs.sends + 1
             WHERE ap_ocr_jobs.queued_at < now() - make_interval(secs => $2)
               AND ap_ocr_jobs.sends < $3
             RETURNING georisques_id",
        )
        .await?;
    let rows = client
        .query(
            &statement,
            &[&ids, &rules.in_flight.as_secs_f64(), &rules.max_sends],
        )
        .await?;
    Ok(rows.iter().map(|row| row.get(0)).collect())
}

/// Gives back the claims of jobs that could not be sent: as if they had not been claimed.
pub async fn release(client: &impl Client, ids: &[String]) -> Result<(), DbError> {
    client
        .execute(
            // Both parts see the rows as they were: a first claim goes, a renewed one is
            // counted back and left claimable at once.
            "WITH first AS (DELETE FROM ap_ocr_jobs WHERE georisques_id = ANY($1) AND sends = 1)
             UPDATE ap_ocr_jobs SET sends = sends - 1, queued_at = '-infinity'
             WHERE georisques_id = ANY($1) AND sends > 1",
            &[&ids],
        )
        .await?;
    Ok(())
}

/// Forgets the jobs of documents that have their result (or no longer need one).
pub async fn finished(client: &impl Client, ids: &[String]) -> Result<(), DbError> {
    client
        .execute(
            "DELETE FROM ap_ocr_jobs WHERE georisques_id = ANY($1)",
            &[&ids],
        )
        .await?;
    Ok(())
}

/// Forgets every job but those of `ids`: the documents that now have a result, or are no
/// longer APs, need none.
pub async fn keep_only(client: &impl Client, ids: &[String]) -> Result<(), DbError> {
    client
        .execute(
            // An anti-join, hashed: `<> ALL` would compare each row with the whole array.
            "DELETE FROM ap_ocr_jobs j WHERE NOT EXISTS
                 (SELECT FROM unnest($1::text[]) AS kept (id) WHERE kept.id = j.georisques_id)",
            &[&ids],
        )
        .await?;
    Ok(())
}

/// Documents given up: sent the most times allowed, the last job out of its window, still
/// without a result.
pub async fn abandoned(client: &impl Client, rules: ClaimRules) -> Result<Vec<String>, DbError> {
    let rows = client
        .query(
            "SELECT georisques_id FROM ap_ocr_jobs
             WHERE sends >= $2 AND queued_at < now() - make_interval(secs => $1)
             ORDER BY georisques_id",
            &[&rules.in_flight.as_secs_f64(), &rules.max_sends],
        )
        .await?;
    Ok(rows.iter().map(|row| row.get(0)).collect())
}
