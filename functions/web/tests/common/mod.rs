//! Shared test helpers: the shared data (read at run time, never copied), the app, HTML parsing.
#![allow(dead_code, unused_imports)] // each test binary uses its own subset of these helpers

pub mod app;

use envinorma_core::icpe_csv::read_classements;
use envinorma_core::{AmCatalog, ArreteMinisteriel, Classement, parse_am_files};
pub use envinorma_test_support::{json_files, read};
use envinorma_web::security::{CsrfToken, Keys};
use envinorma_web::{AppState, Config};
use scraper::{ElementRef, Html, Selector};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The AMs of data/ams (the truncated file left out), loaded once per test binary.
pub fn catalog() -> &'static AmCatalog {
    static CATALOG: OnceLock<AmCatalog> = OnceLock::new();
    CATALOG.get_or_init(|| AmCatalog::new(parse_am_files(json_files("data/ams")).0))
}

pub fn am(id: &str) -> &'static ArreteMinisteriel {
    catalog()
        .get(id)
        .unwrap_or_else(|| panic!("AM {id} not loaded"))
}

/// The classements of an installation of a dataset (`idf`, `sample_rspec`, `synthetic`), in
/// CSV order.
pub fn classements(dataset: &str, s3ic_id: &str) -> &'static [Classement] {
    static DATASETS: OnceLock<HashMap<String, HashMap<String, Vec<Classement>>>> = OnceLock::new();
    let datasets = DATASETS.get_or_init(|| {
        ["idf", "sample_rspec", "synthetic"]
            .into_iter()
            .map(|name| {
                let folder = if name == "synthetic" {
                    "data/icpe-synthetic"
                } else {
                    "data/icpe"
                };
                let file = format!("{folder}/classements_{name}.csv");
                let classements =
                    read_classements(&file, read(&file).as_slice()).expect("classements");
                (name.to_string(), classements)
            })
            .collect()
    });
    datasets[dataset].get(s3ic_id).map_or(&[], Vec::as_slice)
}

/// A state for requests that never reach the database (no user cookie, no data): its pool
/// points nowhere and its buckets are empty.
pub fn state_without_database() -> AppState {
    let pool = envinorma_db::DbConfig::new("postgres://nobody@127.0.0.1:9/nowhere")
        .expect("a database URL")
        .pool()
        .expect("a lazy pool");
    let store =
        envinorma_cloud::LocalObjectStore::new(std::env::temp_dir().join("envinorma-no-buckets"));
    AppState::new(Config::local(), pool, std::sync::Arc::new(store))
}

pub fn keys() -> Keys {
    Keys::new(&Config::local().secret)
}

pub fn csrf(keys: &Keys) -> CsrfToken {
    CsrfToken::for_user(keys, uuid::Uuid::nil())
}

pub fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e:?}"))
}

/// The text of an element, whitespace as in the source.
pub fn text(element: ElementRef<'_>) -> String {
    element.text().collect()
}

/// The texts of the elements matching `css` under `root`.
pub fn texts(root: ElementRef<'_>, css: &str) -> Vec<String> {
    root.select(&selector(css)).map(text).collect()
}

/// The first element matching `css` under `root`: the test fails when there is none.
pub fn first<'a>(root: ElementRef<'a>, css: &str) -> ElementRef<'a> {
    root.select(&selector(css))
        .next()
        .unwrap_or_else(|| panic!("no element {css}"))
}

/// The ids of the elements matching `css` under `root`, in page order.
pub fn ids<'a>(root: ElementRef<'a>, css: &str) -> Vec<&'a str> {
    root.select(&selector(css))
        .map(|element| element.value().attr("id").expect("an id"))
        .collect()
}

pub fn parse(html: &str) -> Html {
    Html::parse_document(html)
}
