//! One job, on moto S3 and a real PostgreSQL, with a local HTTP site as the documents' source:
//! each kind of document of the OCR corpus ends as its README says.

mod common;

use axum::http::StatusCode;
use common::{Site, ap_row, georisques_id, installation_with_aps, page_texts};
use envinorma_ap_ocr::{DEFAULT_MAX_BYTES, Outcome, PAGE_BUDGET_VAR, Retry, error_key, pdf_key};
use envinorma_cloud::{Bucket, ObjectStore, S3ObjectStore};
use envinorma_core::icpe_csv::OcrStatus;
use envinorma_db::testing::{TestDatabase, count};
use envinorma_test_support::read;

/// The text of an object of the `ap` bucket, or None when there is none.
async fn object(store: &S3ObjectStore, key: &str) -> Option<Vec<u8>> {
    match store.get(Bucket::Ap, key).await {
        Ok(object) => Some(object.body.to_vec()),
        Err(error) if error.is_not_found() => None,
        Err(error) => panic!("{key}: {error}"),
    }
}

struct Bench {
    site: Site,
    store: S3ObjectStore,
    db: TestDatabase,
}

async fn bench(ids: &[String]) -> Bench {
    let site = Site::start().await;
    let (store, _) = envinorma_cloud::testing::s3_store().await;
    let db = TestDatabase::new().await;
    installation_with_aps(&db.client().await, ids).await;
    Bench { site, store, db }
}

#[tokio::test]
async fn a_scan_is_made_searchable_and_a_text_layer_stored_byte_for_byte() {
    let (scan, text) = (georisques_id(1), georisques_id(2));
    let bench = bench(&[scan.clone(), text.clone()]).await;
    let function = bench.site.function(DEFAULT_MAX_BYTES);
    let scan_pdf = read("data/ocr/scan-01.pdf");
    let text_pdf = read("data/ocr/text-layer.pdf");
    bench.site.serve(&scan, StatusCode::OK, scan_pdf.clone());
    bench.site.serve(&text, StatusCode::OK, text_pdf.clone());
    let client = bench.db.client().await;
    client
        .execute(
            "INSERT INTO ap_ocr_jobs (georisques_id) VALUES ($1), ($2)",
            &[&scan, &text],
        )
        .await
        .unwrap();

    let outcome = function
        .handle(&bench.store, bench.db.pool(), &bench.site.job(&scan))
        .await
        .unwrap();
    let stored = object(&bench.store, &pdf_key(&scan))
        .await
        .expect("the searchable PDF");
    assert_eq!(
        outcome,
        Outcome::Ocred {
            pages: 1,
            size: stored.len()
        }
    );
    assert!(stored.starts_with(b"%PDF-") && stored != scan_pdf);
    assert_eq!(
        ap_row(&client, &scan).await,
        ("SUCCESS".into(), Some(stored.len() as i32))
    );
    let texts = page_texts(&client, &scan).await;
    assert_eq!(texts.len(), 1);
    assert!(
        texts[0].contains("ARRÊTE"),
        "OCR text of scan-01: {}",
        texts[0]
    );

    let outcome = function
        .handle(&bench.store, bench.db.pool(), &bench.site.job(&text))
        .await
        .unwrap();
    assert_eq!(
        object(&bench.store, &pdf_key(&text)).await,
        Some(text_pdf.clone())
    );
    let pages = read("data/ocr/text-layer.txt")
        .split(|&b| b == b'\x0c')
        .count();
    assert_eq!(
        outcome,
        Outcome::PassedThrough {
            pages,
            size: text_pdf.len()
        }
    );
    assert_eq!(page_texts(&client, &text).await.len(), pages);
    assert!(object(&bench.store, &error_key(&text)).await.is_none());
    // Both jobs are over.
    assert_eq!(count(&client, "SELECT count(*) FROM ap_ocr_jobs").await, 0);
}

#[tokio::test]
async fn each_bad_file_is_an_error_with_its_own_reason_and_no_pdf() {
    let cases = [
        ("bad-empty.pdf", "empty file"),
        ("bad-not-a-pdf.pdf", "not a PDF (no %PDF- header)"),
        ("bad-truncated.pdf", "truncated or corrupt PDF"),
        ("bad-encrypted.pdf", "encrypted, password required"),
        ("bad-zero-pages.pdf", "PDF has no pages"),
    ];
    let ids: Vec<String> = (0..cases.len() as u32)
        .map(|n| georisques_id(10 + n))
        .collect();
    let bench = bench(&ids).await;
    let function = bench.site.function(DEFAULT_MAX_BYTES);
    let client = bench.db.client().await;
    for (id, (file, reason)) in ids.iter().zip(cases) {
        bench
            .site
            .serve(id, StatusCode::OK, read(&format!("data/ocr/{file}")));
        let outcome = function
            .handle(&bench.store, bench.db.pool(), &bench.site.job(id))
            .await
            .unwrap();
        assert_eq!(outcome, Outcome::Refused(reason.into()), "{file}");
        let error = object(&bench.store, &error_key(id)).await;
        assert_eq!(error, Some(format!("{reason}\n").into_bytes()), "{file}");
        assert!(object(&bench.store, &pdf_key(id)).await.is_none(), "{file}");
        assert_eq!(ap_row(&client, id).await, ("ERROR".into(), None), "{file}");
    }
}

#[tokio::test]
async fn a_scan_whose_page_runs_over_its_time_budget_is_an_error() {
    let id = georisques_id(15);
    let bench = bench(std::slice::from_ref(&id)).await;
    let function = bench
        .site
        .function_with(&[(PAGE_BUDGET_VAR, "1".to_owned())]);
    bench
        .site
        .serve(&id, StatusCode::OK, read("data/ocr/scan-01.pdf"));
    let outcome = function
        .handle(&bench.store, bench.db.pool(), &bench.site.job(&id))
        .await
        .unwrap();
    let reason = "page 1 over its time budget (1ms)";
    assert_eq!(outcome, Outcome::Refused(reason.into()));
    let error = object(&bench.store, &error_key(&id)).await;
    assert_eq!(error, Some(format!("{reason}\n").into_bytes()));
    assert!(object(&bench.store, &pdf_key(&id)).await.is_none());
    let client = bench.db.client().await;
    assert_eq!(ap_row(&client, &id).await, ("ERROR".into(), None));
    assert!(page_texts(&client, &id).await.is_empty());
}

#[tokio::test]
async fn a_document_with_a_result_is_not_downloaded_again() {
    let id = georisques_id(20);
    let bench = bench(std::slice::from_ref(&id)).await;
    let function = bench.site.function(DEFAULT_MAX_BYTES);
    bench
        .site
        .serve(&id, StatusCode::OK, read("data/ocr/text-layer.pdf"));
    let job = bench.site.job(&id);
    function
        .handle(&bench.store, bench.db.pool(), &job)
        .await
        .unwrap();
    assert_eq!(bench.site.hits(), 1);
    // The status was lost (a run killed after the upload): the redelivery sets it from the
    // result, without downloading.
    let client = bench.db.client().await;
    client
        .execute(
            "UPDATE aps SET ocr_status = 'NOT_ATTEMPTED', size = NULL",
            &[],
        )
        .await
        .unwrap();
    let again = function
        .handle(&bench.store, bench.db.pool(), &job)
        .await
        .unwrap();
    assert_eq!(again, Outcome::AlreadyDone(OcrStatus::Success));
    assert_eq!(bench.site.hits(), 1);
    let size = read("data/ocr/text-layer.pdf").len() as i32;
    assert_eq!(ap_row(&client, &id).await, ("SUCCESS".into(), Some(size)));
}

#[tokio::test]
async fn the_sites_refusals_are_errors_and_its_troubles_are_retried() {
    let (gone, busy, big) = (georisques_id(30), georisques_id(31), georisques_id(32));
    let bench = bench(&[gone.clone(), busy.clone(), big.clone()]).await;
    let function = bench.site.function(10_000);
    let client = bench.db.client().await;
    // Nothing served for `gone`: the site answers 404.
    let outcome = function
        .handle(&bench.store, bench.db.pool(), &bench.site.job(&gone))
        .await
        .unwrap();
    assert_eq!(
        outcome,
        Outcome::Refused("source answered HTTP 404 Not Found".into())
    );

    bench
        .site
        .serve(&busy, StatusCode::SERVICE_UNAVAILABLE, Vec::new());
    let retried = function
        .handle(&bench.store, bench.db.pool(), &bench.site.job(&busy))
        .await;
    assert!(matches!(retried, Err(Retry::Download(_))), "{retried:?}");
    assert!(object(&bench.store, &error_key(&busy)).await.is_none());
    assert_eq!(ap_row(&client, &busy).await, ("NOT_ATTEMPTED".into(), None));

    bench
        .site
        .serve(&big, StatusCode::OK, read("data/ocr/text-layer.pdf"));
    let outcome = function
        .handle(&bench.store, bench.db.pool(), &bench.site.job(&big))
        .await
        .unwrap();
    assert_eq!(
        outcome,
        Outcome::Refused("document over 10000 bytes".into())
    );
}

#[tokio::test]
async fn a_message_that_is_no_job_of_ap_sync_is_never_written() {
    let bench = bench(&[]).await;
    let function = bench.site.function(DEFAULT_MAX_BYTES);
    let foreign = serde_json::json!({
        "georisques_id": georisques_id(40),
        "url": "http://169.254.169.254/latest/meta-data/",
    });
    let traversal = serde_json::json!({
        "georisques_id": "../../etc/passwd",
        "url": format!("{}x.pdf", bench.site.base),
    });
    for body in [
        "{}".to_owned(),
        "not json".into(),
        foreign.to_string(),
        traversal.to_string(),
    ] {
        let result = function.handle(&bench.store, bench.db.pool(), &body).await;
        assert!(
            matches!(result, Err(Retry::Malformed(_))),
            "{body}: {result:?}"
        );
    }
    assert_eq!(bench.site.hits(), 0);
    assert!(bench.store.list(Bucket::Ap, "").await.unwrap().is_empty());
}
