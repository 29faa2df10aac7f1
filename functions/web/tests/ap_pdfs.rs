//! AP PDFs (`/aps/<georisques id>.pdf`): shown in the browser whatever type they were uploaded
//! with, and a missing one is our 404 page, in the cloud (presigned links to S3, here moto) as
//! locally (bytes streamed from the local bucket).

mod common;

use common::app::{Browser, Page, TestApp};
use envinorma_cloud::{Bucket, PutOptions};

/// The georisques id of an AP the IDF data knows.
async fn known_ap(app: &TestApp) -> String {
    app.db
        .client()
        .await
        .query_one(
            "SELECT georisques_id FROM aps ORDER BY georisques_id LIMIT 1",
            &[],
        )
        .await
        .unwrap()
        .get(0)
}

/// The 404 page of an address the app does not know, to compare with.
async fn not_found_page(browser: &Browser) -> Page {
    let page = browser.get("/no/such/page").await;
    assert_eq!(page.status, 404);
    page
}

#[tokio::test]
async fn a_presigned_ap_link_asks_for_a_pdf_shown_in_the_browser_whatever_type_it_was_uploaded_with()
 {
    let app = TestApp::idf_on_s3().await;
    let ap = known_ap(&app).await;
    let pdf = b"%PDF-1.4 uploaded as bytes".to_vec();
    app.buckets
        .put(
            Bucket::Ap,
            &format!("{ap}.pdf"),
            pdf.clone().into(),
            PutOptions::content_type("binary/octet-stream"),
        )
        .await
        .unwrap();

    let page = app.browser().get(&format!("/aps/{ap}.pdf")).await;
    assert_eq!(page.status, 302);
    // S3 answers a presigned GET with the headers its signed `response-*` parameters name
    // (moto 5.2 ignores them: the parameters themselves are checked here).
    let link = reqwest::Url::parse(page.location()).unwrap();
    let overrides: Vec<(String, String)> = link
        .query_pairs()
        .filter(|(name, _)| name.starts_with("response-"))
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    let name = ap.rsplit('/').next().unwrap();
    assert_eq!(
        overrides,
        [
            (
                "response-content-disposition".to_string(),
                format!("inline; filename=\"{name}.pdf\"")
            ),
            (
                "response-content-type".to_string(),
                "application/pdf".to_string()
            ),
        ]
    );
    // The signature covers them: the link opens the PDF.
    let response = reqwest::get(link).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.bytes().await.unwrap().as_ref(), pdf.as_slice());
}

#[tokio::test]
async fn an_ap_missing_from_the_s3_bucket_is_our_404_page_not_an_s3_error() {
    let app = TestApp::idf_on_s3().await;
    let ap = known_ap(&app).await;
    let browser = app.browser();

    let page = browser.get(&format!("/aps/{ap}.pdf")).await;
    assert_eq!(page.status, 404);
    assert_eq!(page.headers.get("location"), None);
    assert_eq!(page.body, not_found_page(&browser).await.body);
}

#[tokio::test]
async fn an_ap_missing_from_the_local_bucket_is_our_404_page() {
    let app = TestApp::idf().await;
    let ap = known_ap(&app).await;
    let browser = app.browser();

    let page = browser.get(&format!("/aps/{ap}.pdf")).await;
    assert_eq!(page.status, 404);
    assert_eq!(page.body, not_found_page(&browser).await.body);
}

#[tokio::test]
async fn a_local_ap_is_streamed_as_a_pdf_shown_in_the_browser() {
    let app = TestApp::idf().await;
    let ap = known_ap(&app).await;
    let pdf = b"%PDF-1.4 local".to_vec();
    app.buckets
        .put(
            Bucket::Ap,
            &format!("{ap}.pdf"),
            pdf.clone().into(),
            PutOptions::content_type("binary/octet-stream"),
        )
        .await
        .unwrap();

    let page = app.browser().get(&format!("/aps/{ap}.pdf")).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.headers["content-type"], "application/pdf");
    let name = ap.rsplit('/').next().unwrap();
    assert_eq!(
        page.headers["content-disposition"],
        format!("inline; filename=\"{name}.pdf\"").as_str()
    );
    assert_eq!(page.body.as_bytes(), pdf.as_slice());
}
