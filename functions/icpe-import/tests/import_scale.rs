//! Timing of the IDF import. Run in release:
//! `cargo test --release -p envinorma-icpe-import --test import_scale -- --ignored --nocapture`.
//! National scale: the `national_files` and `import_files` examples (memory needs a process of
//! its own).

mod common;

use common::*;
use envinorma_db::testing::TestDatabase;
use envinorma_icpe_import::prepared::Outcome;
use std::time::Instant;

#[tokio::test]
#[ignore = "timing: run in release"]
async fn idf_import_timing() {
    let db = TestDatabase::new().await;
    let files = dataset("idf", "all");
    let started = Instant::now();
    let report = import(db.pool(), &files, &options("all")).await;
    eprintln!(
        "IDF first import: {:?} — {}",
        started.elapsed(),
        report.summary()
    );
    assert_eq!(report.outcome, Outcome::Imported);
    let mut files = files;
    files[0].1 = with_field(&icpe("installations_idf.csv"), 2, "name", "RENOMMÉE").into_bytes();
    let started = Instant::now();
    let report = import(db.pool(), &files, &options("all")).await;
    eprintln!(
        "IDF second import: {:?} — {}",
        started.elapsed(),
        report.summary()
    );
}
