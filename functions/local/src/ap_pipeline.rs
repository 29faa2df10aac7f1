//! The AP pipeline on this machine: ap-sync's jobs go to the OCR queue (in-process, or SQS on
//! an emulator), which ap-ocr works here until none is left (what Lambda does in the cloud).

use crate::buckets::OcrQueue;
use anyhow::Context;
use envinorma_ap_ocr::{ApOcr, Outcome};
use envinorma_ap_sync::summary::Summary;
use envinorma_ap_sync::{ApSync, DumpSource, Ports};
use envinorma_cloud::ObjectStore;
use envinorma_db::Pool;
use std::time::Duration;

/// Runs ap-sync, then ap-ocr on every job it queued; `lookup` gives both their settings.
pub async fn sync_and_ocr(
    store: &dyn ObjectStore,
    pool: &Pool,
    queue: &OcrQueue,
    dump: DumpSource,
    lookup: impl Fn(&str) -> Option<String>,
) -> anyhow::Result<Summary> {
    let sync = ApSync::from_lookup(&lookup).map_err(anyhow::Error::msg)?;
    let ocr = ApOcr::from_lookup(&lookup)?;
    let ports = Ports {
        store,
        pool,
        queue: queue.jobs(),
    };
    let summary = sync.run(&ports, dump).await.context("ap-sync")?;
    println!(
        "ap-sync: {} APs ({} added, {} removed), {} OCR jobs queued",
        summary.aps, summary.added, summary.removed, summary.queued
    );
    let mut quiet = 0;
    while !queue.drained(quiet) {
        let received =
            envinorma_lambda::poll_once(queue.jobs(), Duration::from_secs(1), async |message| {
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
        quiet = if received == 0 { quiet + 1 } else { 0 };
    }
    let dead = queue.dead_letters().await?;
    anyhow::ensure!(
        dead.is_empty(),
        "{} OCR job(s) failed three times: {}",
        dead.len(),
        dead.join(", ")
    );
    Ok(summary)
}
