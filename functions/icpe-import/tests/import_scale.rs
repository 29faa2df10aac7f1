//! Timing of the IDF import. Run in release:
//! `cargo test --release -p envinorma-icpe-import --test import_scale -- --ignored --nocapture`.
//! National scale: the `national_files` and `import_files` examples (memory needs a process of
//! its own).

mod common;

use common::*;
use envinorma_db::testing::TestDatabase;
use envinorma_icpe_import::prepared::{ImportReport, Outcome};
use std::time::Instant;

/// Imports `files` and prints how long the `which` IDF import took.
async fn timed_import(db: &TestDatabase, files: &Files, which: &str) -> ImportReport {
    let started = Instant::now();
    let report = import(db.pool(), files, &options("all")).await;
    eprintln!(
        "IDF {which} import: {:?} — {}",
        started.elapsed(),
        report.summary()
    );
    report
}

#[tokio::test]
#[ignore = "timing: run in release"]
async fn idf_import_timing() {
    let db = TestDatabase::new().await;
    let mut files = dataset("idf", "all");
    let report = timed_import(&db, &files, "first").await;
    assert_eq!(report.outcome, Outcome::Imported);
    files[0].1 = with_field(&icpe("installations_idf.csv"), 2, "name", "RENOMMÉE").into_bytes();
    timed_import(&db, &files, "second").await;
}
