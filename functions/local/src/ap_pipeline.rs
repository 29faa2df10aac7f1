//! The AP pipeline on this machine: ap-sync's jobs go to an in-process queue, which ap-ocr
//! works here until none is left (what SQS and Lambda do in the cloud).

use anyhow::Context;
use envinorma_ap_ocr::{ApOcr, Outcome};
use envinorma_ap_sync::summary::Summary;
use envinorma_ap_sync::{ApSync, DumpSource, Ports};
use envinorma_cloud::{LocalQueue, ObjectStore, QueueSettings};
use envinorma_db::Pool;
use std::time::Duration;

/// As the cloud's queue: three receives, then the dead letters; a failed job comes back after
/// a second rather than the cloud's hour.
fn queue() -> LocalQueue {
    let settings = QueueSettings {
        visibility_timeout: Duration::from_secs(1),
        max_receive_count: Some(3),
    };
    LocalQueue::new("ap-ocr", settings)
}

/// Runs ap-sync, then ap-ocr on every job it queued; `lookup` gives both their settings.
pub async fn sync_and_ocr(
    store: &dyn ObjectStore,
    pool: &Pool,
    dump: DumpSource,
    lookup: impl Fn(&str) -> Option<String>,
) -> anyhow::Result<Summary> {
    let sync = ApSync::from_lookup(&lookup).map_err(anyhow::Error::msg)?;
    let ocr = ApOcr::from_lookup(&lookup)?;
    let queue = queue();
    let ports = Ports {
        store,
        pool,
        queue: &queue,
    };
    let summary = sync.run(&ports, dump).await.context("ap-sync")?;
    println!(
        "ap-sync: {} APs ({} added, {} removed), {} OCR jobs queued",
        summary.aps, summary.added, summary.removed, summary.queued
    );
    while !queue.is_empty() {
        envinorma_lambda::poll_once(&queue, Duration::from_secs(1), async |message| {
            let outcome = ocr.handle(store, pool, &message.body).await;
            match &outcome {
                Ok(Outcome::Ocred { pages, .. }) => println!("ap-ocr: OCRed, {pages} page(s)"),
                Ok(Outcome::PassedThrough { pages, .. }) => {
                    println!("ap-ocr: passed through, {pages} page(s) with text")
                }
                Ok(Outcome::Refused(reason)) => println!("ap-ocr: ERROR: {reason}"),
                Ok(Outcome::AlreadyDone(_)) => {}
                Err(error) => println!("ap-ocr: will retry: {error}"),
            }
            outcome.map(|_| ())
        })
        .await?;
    }
    let dead = queue.dead_letters();
    anyhow::ensure!(
        dead.is_empty(),
        "{} OCR job(s) failed three times: {}",
        dead.len(),
        dead.iter()
            .map(|letter| letter.body.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(summary)
}
