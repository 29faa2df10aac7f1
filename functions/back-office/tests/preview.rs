//! The Aperçu over HTTP: one input per parameter the AM's conditions read, and the AM
//! personalised exactly as the web app's engine personalises the published file.

mod common;

use common::{Bo, texts};
use envinorma_core::personalise::personalise_with;
use envinorma_core::{Date, Parameters};
use envinorma_test_support::read;
use reqwest::StatusCode;

const CID: &str = "JORFTEXT000000568479";

#[tokio::test]
async fn the_preview_greys_what_the_engine_greys_for_the_dates_given() {
    let bo = Bo::start().await;
    bo.seed(CID).await;
    let file = read(&format!("data/ams/{CID}.json"));
    let browser = bo.signed_in().await;
    let page = |query: &'static str| {
        let browser = browser.clone();
        let url = format!("{}/am/{CID}/apercu{query}", bo.url);
        async move { browser.get(url).send().await.unwrap() }
    };

    let blank = page("").await;
    assert_eq!(blank.status(), StatusCode::OK);
    let html = blank.text().await.unwrap();
    let labels = texts(&html, "fieldset .fr-label");
    assert!(
        labels
            .iter()
            .any(|label| label.starts_with("Date de mise en service")),
        "{labels:?}"
    );

    // An old installation and a recent one: the page lists the sections the engine changes on
    // the published file, no more, no less.
    let am = envinorma_core::parse_am(CID, &file).unwrap();
    let mut changed = 0;
    for (query, date) in [
        ("?date-d-installation=01/01/1990", "1990-01-01"),
        ("?date-d-installation=01/01/2030", "2030-01-01"),
    ] {
        let html = page(query).await.text().await.unwrap();
        let parameters = Parameters {
            date_installation: Date::parse(date),
            ..Parameters::default()
        };
        let engine = personalise_with(&am, Vec::new(), parameters);
        let expected: Vec<String> = engine
            .sections
            .iter()
            .filter(|s| !s.active || s.modified)
            .map(|s| {
                let what = if s.modified {
                    "modifiée"
                } else {
                    "inapplicable"
                };
                format!("{} : {what}", s.title())
            })
            .collect();
        changed += expected.len();
        let listed = texts(&html, "h2 + ul li");
        assert_eq!(listed, expected, "{query}");
        let greyed = texts(
            &html,
            "section h3.inactive, section h4.inactive, section h5.inactive, section h6.inactive, section h7.inactive",
        );
        let inactive = engine.sections.iter().filter(|s| !s.active).count();
        assert_eq!(greyed.len(), inactive, "{query}");
    }

    assert!(
        changed > 0,
        "the dates change nothing: a test that cannot fail"
    );

    let wrong = page("?date-d-installation=1990-01-01").await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = wrong.text().await.unwrap();
    assert_eq!(
        texts(&html, ".fr-error-text"),
        ["« 1990-01-01 » n’est pas une date JJ/MM/AAAA."]
    );
}
