//! AP PDFs (`/aps/<georisques id>.pdf`): shown in the browser whatever type they were uploaded
//! with, and a missing one is our 404 page, in the cloud (presigned links to S3, here moto) as
//! locally (bytes streamed from the local bucket).

mod common;

use common::app::{Page, TestApp};
use envinorma_cloud::PutOptions;

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

/// An AP's PDF put in the bucket with a type that is not PDF's, and the app's answer to it.
async fn uploaded_pdf(app: &TestApp, pdf: &[u8]) -> (String, Page) {
    let ap = known_ap(app).await;
    let uploaded_as = PutOptions::content_type("binary/octet-stream");
    app.put_ap_pdf(&ap, pdf, uploaded_as).await;
    let page = app.browser().get(&format!("/aps/{ap}.pdf")).await;
    (ap, page)
}

/// The disposition an AP's PDF is answered with: shown in the browser, under its own name.
fn inline_disposition(ap: &str) -> String {
    let name = ap.rsplit('/').next().unwrap();
    format!("inline; filename=\"{name}.pdf\"")
}

/// Asserts that the PDF of an AP the database knows but the bucket does not is our 404 page,
/// the very one of an address the app does not know, with no redirection.
async fn assert_missing_pdf_is_our_404_page(app: &TestApp) {
    let ap = known_ap(app).await;
    let browser = app.browser();
    let page = browser.get(&format!("/aps/{ap}.pdf")).await;
    assert_eq!(page.status, 404);
    assert_eq!(page.headers.get("location"), None);
    let not_found = browser.get("/no/such/page").await;
    assert_eq!(not_found.status, 404);
    assert_eq!(page.body, not_found.body);
}

#[tokio::test]
async fn a_presigned_ap_link_asks_for_a_pdf_shown_in_the_browser_whatever_type_it_was_uploaded_with()
 {
    let app = TestApp::idf_on_s3().await;
    let pdf = b"%PDF-1.4 uploaded as bytes";
    let (ap, page) = uploaded_pdf(&app, pdf).await;
    assert_eq!(page.status, 302);
    // S3 answers a presigned GET with the headers its signed `response-*` parameters name
    // (moto 5.2 ignores them: the parameters themselves are checked here).
    let link = reqwest::Url::parse(page.location()).unwrap();
    let overrides: Vec<(String, String)> = link
        .query_pairs()
        .filter(|(name, _)| name.starts_with("response-"))
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    assert_eq!(
        overrides,
        [
            (
                "response-content-disposition".to_string(),
                inline_disposition(&ap)
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
    assert_eq!(response.bytes().await.unwrap().as_ref(), pdf);
}

#[tokio::test]
async fn an_ap_missing_from_the_s3_bucket_is_our_404_page_not_an_s3_error() {
    assert_missing_pdf_is_our_404_page(&TestApp::idf_on_s3().await).await;
}

#[tokio::test]
async fn an_ap_missing_from_the_local_bucket_is_our_404_page() {
    assert_missing_pdf_is_our_404_page(&TestApp::idf().await).await;
}

#[tokio::test]
async fn a_local_ap_is_streamed_as_a_pdf_shown_in_the_browser() {
    let pdf = b"%PDF-1.4 local";
    let (ap, page) = uploaded_pdf(&TestApp::idf().await, pdf).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.headers["content-type"], "application/pdf");
    assert_eq!(
        page.headers["content-disposition"],
        inline_disposition(&ap).as_str()
    );
    assert_eq!(page.body.as_bytes(), pdf);
}
