//! Presigned URLs: how the web function sends a browser straight to a large AP PDF.

mod common;

use std::time::Duration;

use bytes::Bytes;
use envinorma_cloud::{Bucket, ObjectStore, PutOptions, ResponseHeaders};

fn pdf_headers() -> ResponseHeaders {
    ResponseHeaders {
        content_type: "application/pdf".into(),
        content_disposition: "inline".into(),
    }
}

#[tokio::test]
async fn a_presigned_s3_url_serves_the_object_to_a_plain_http_get() {
    let (store, _config) = common::s3_store().await;
    let key = "AP 2024/arrêté n°1.pdf";
    let pdf = Bytes::from_static(b"%PDF-1.4 fake");
    store
        .put(
            Bucket::Ap,
            key,
            pdf.clone(),
            PutOptions::content_type("application/pdf"),
        )
        .await
        .unwrap();

    let url = store
        .presign_get(Bucket::Ap, key, Duration::from_secs(300), &pdf_headers())
        .await
        .unwrap()
        .expect("S3 presigns");
    assert!(url.contains("X-Amz-Expires=300"), "{url}");
    let (status, body) = common::http::get(&url).await;
    assert_eq!(status, 200);
    assert_eq!(body, pdf);
}

#[tokio::test]
async fn the_local_store_has_no_presigned_url_so_callers_serve_the_bytes() {
    let (store, _dir) = common::local_store();
    store
        .put(
            Bucket::Ap,
            "P/1.pdf",
            Bytes::from_static(b"%PDF"),
            PutOptions::default(),
        )
        .await
        .unwrap();

    let url = store
        .presign_get(
            Bucket::Ap,
            "P/1.pdf",
            Duration::from_secs(300),
            &pdf_headers(),
        )
        .await
        .unwrap();
    assert_eq!(url, None);
}
