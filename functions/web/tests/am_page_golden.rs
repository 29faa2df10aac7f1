//! The AM page for every pair of golden/personalised: each section shows exactly its
//! personalised state (title, inactive, warnings, modification with the original title,
//! alinéa states, topics), read back from the HTML. IDF pairs are asked to the running app
//! (database, AM import, personalisation, page); the other datasets, which have no database
//! here, are rendered from the views.
mod common;

use askama::Template;
use common::app::TestApp;
use common::{selector, text, texts};
use envinorma_core::personalise;
use envinorma_web::selection::Selection;
use envinorma_web::views::format::am_infos;
use envinorma_web::views::{AmReading, ArretesInput, ArretesPage, Layout};
use serde_json::Value;
use std::collections::HashSet;

/// The page of one AM for a golden case of a dataset without database, from the views.
fn rendered_page(expected: &Value) -> String {
    let field = |key: &str| expected[key].as_str().unwrap();
    let (dataset, s3ic_id, am_id) = (field("dataset"), field("s3ic_id"), field("am_id"));
    let classements = common::classements(dataset, s3ic_id);
    let am = common::am(am_id);
    let personalised = personalise(am, classements);
    let infos = am_infos(
        am,
        classements
            .iter()
            .filter_map(|c| Some((c.rubrique.as_deref()?, c.regime))),
    );
    let readings = [AmReading {
        personalised: &personalised,
        infos,
    }];
    let csrf = common::csrf(&common::keys());
    ArretesPage::new(
        Layout::new("Arrêtés"),
        ArretesInput {
            installation_id: 1,
            installation_name: "Installation",
            selection: &Selection::default(),
            ams: &readings,
            aps: &[],
            checked_alineas: &HashSet::new(),
            prescription_count: 0,
            by_topic: false,
            csrf: &csrf,
        },
    )
    .render()
    .unwrap()
}

/// Lists every difference between an AM page and its golden case.
fn check_page(name: &str, expected: &Value, html: &str, mismatches: &mut Vec<String>) {
    let document = common::parse(html);
    let root = document.root_element();
    let mut mismatch = |what: String| mismatches.push(format!("{name}: {what}"));

    let am_warnings = texts(root, ".am-warning p");
    if am_warnings != string_list(&expected["am_applicability_warnings"]) {
        mismatch(format!("AM warnings {am_warnings:?}"));
    }
    let sections: Vec<_> = root.select(&selector(".am-sections > .section")).collect();
    let wanted = expected["sections"].as_array().unwrap();
    if sections.len() != wanted.len() {
        mismatch(format!(
            "{} sections, expected {}",
            sections.len(),
            wanted.len()
        ));
    }
    let toc_entries = root.select(&selector(".am-toc li")).count();
    if toc_entries != wanted.len() {
        mismatch(format!("{toc_entries} table of contents entries"));
    }
    for (section, want) in sections.iter().zip(wanted) {
        let id = want["id"].as_str().unwrap();
        let mut differs = |what: &str, got: String| mismatch(format!("section {id}: {what} {got}"));
        if section.value().attr("id") != Some(format!("section_{id}").as_str()) {
            differs("id", format!("{:?}", section.value().attr("id")));
        }
        let heading = section.select(&selector(".section-title")).next().unwrap();
        if text(heading) != want["title"].as_str().unwrap() {
            differs("title", text(heading));
        }
        let inactive = heading.value().classes().any(|c| c == "inactive");
        if inactive == want["active"].as_bool().unwrap() {
            differs("inactive class", inactive.to_string());
        }
        let warnings = texts(*section, ".section-warning p");
        if warnings != string_list(&want["warnings"]) {
            differs("warnings", format!("{warnings:?}"));
        }
        let previous_title = texts(
            *section,
            "details.previous-version .previous-version__title",
        );
        let expected_previous: Vec<String> = want["previous_version_title"]
            .as_str()
            .map(str::to_string)
            .into_iter()
            .collect();
        if previous_title != expected_previous {
            differs("previous version", format!("{previous_title:?}"));
        }
        let previous_alineas = section
            .select(&selector(
                "details.previous-version > p:not(.previous-version__title), details.previous-version > .fr-table",
            ))
            .count();
        let expected_previous_alineas = want["previous_version_n_alineas"].as_u64().unwrap_or(0);
        if previous_alineas as u64 != expected_previous_alineas {
            differs("previous version alinéas", previous_alineas.to_string());
        }
        let alineas_active: Vec<Value> = section
            .select(&selector(".alinea"))
            .map(|alinea| Value::Bool(!alinea.value().classes().any(|c| c == "inactive")))
            .collect();
        if Value::Array(alineas_active.clone()) != want["alineas_active"] {
            differs("alinéas active", format!("{alineas_active:?}"));
        }
        // Class order carries no meaning (and the parser does not keep it): compare sets.
        let mut topics: Vec<String> = section
            .value()
            .classes()
            .filter_map(|c| c.strip_prefix("topic_").map(str::to_string))
            .collect();
        topics.sort();
        let mut expected_topics = string_list(&want["topics"]);
        expected_topics.sort();
        if topics != expected_topics {
            differs("topics", format!("{topics:?}"));
        }
    }
}

fn string_list(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn every_golden_personalised_am_shows_its_inactive_modified_sections_and_warnings_exactly() {
    let app = TestApp::idf().await;
    let browser = app.browser();
    let files = common::json_files("golden/personalised");
    let mut asked = 0;
    assert!(files.len() >= 5, "too few golden cases: {}", files.len());
    let mut mismatches = Vec::new();
    let mut modified_sections = 0;
    let mut inactive_sections = 0;
    for (name, content) in &files {
        let expected: Value = serde_json::from_slice(content).unwrap();
        for section in expected["sections"].as_array().unwrap() {
            modified_sections += usize::from(section["modified"] == Value::Bool(true));
            inactive_sections += usize::from(section["active"] == Value::Bool(false));
        }
        let html = if expected["dataset"] == "idf" {
            asked += 1;
            let id = app.public_id(expected["s3ic_id"].as_str().unwrap()).await;
            let am_id = expected["am_id"].as_str().unwrap();
            let page = browser
                .get(&format!("/installations/{id}/arretes?am_ids[]={am_id}"))
                .await;
            assert_eq!(page.status, 200, "{name}: {}", page.body);
            page.body
        } else {
            rendered_page(&expected)
        };
        check_page(name, &expected, &html, &mut mismatches);
    }
    assert!(asked >= 100, "only {asked} IDF cases asked to the app");
    assert!(
        modified_sections > 0 && inactive_sections > 0,
        "the cases exercise nothing"
    );
    envinorma_test_support::assert_no_mismatch("AM pages", files.len(), &mismatches);
}
