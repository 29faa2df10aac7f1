//! Access to the shared data and golden files (read at run time, never copied into the repo).
#![allow(dead_code, unused_imports)] // each test binary uses its own subset of these helpers

use envinorma_core::icpe_csv::{InstallationRow, read_classements, read_installations};
use envinorma_core::{AmCatalog, ArreteMinisteriel, Classement, parse_am_files};
pub use envinorma_test_support::{assert_no_mismatch, json, json_files, jsonl, read};
use std::sync::OnceLock;

/// The AMs of data/ams (the truncated one left out), loaded once per test binary.
pub fn catalog() -> &'static AmCatalog {
    static CATALOG: OnceLock<AmCatalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let (ams, _errors) = parse_am_files(json_files("data/ams"));
        AmCatalog::new(ams)
    })
}

pub fn am(id: &str) -> &'static ArreteMinisteriel {
    catalog()
        .get(id)
        .unwrap_or_else(|| panic!("AM {id} not loaded"))
}

/// An installation and its classements in CSV order.
pub struct Installation {
    pub row: InstallationRow,
    pub classements: Vec<Classement>,
}

/// The installations of a dataset: `idf`, `sample_rspec` or `synthetic`.
pub fn dataset(name: &str) -> Vec<Installation> {
    let folder = if name == "synthetic" {
        "data/icpe-synthetic"
    } else {
        "data/icpe"
    };
    let installations_file = format!("{folder}/installations_{name}.csv");
    let classements_file = format!("{folder}/classements_{name}.csv");
    let rows = read_installations(&installations_file, read(&installations_file).as_slice())
        .expect("installations");
    let mut classements = read_classements(&classements_file, read(&classements_file).as_slice())
        .expect("classements");
    rows.into_iter()
        .map(|row| Installation {
            classements: classements.remove(&row.s3ic_id).unwrap_or_default(),
            row,
        })
        .collect()
}

/// Installations of the three datasets by (dataset, s3ic id), loaded once per test binary.
pub fn installation(dataset_name: &str, s3ic_id: &str) -> &'static Installation {
    static DATASETS: OnceLock<std::collections::HashMap<(String, String), Installation>> =
        OnceLock::new();
    DATASETS
        .get_or_init(|| {
            ["idf", "sample_rspec", "synthetic"]
                .into_iter()
                .flat_map(|name| {
                    dataset(name)
                        .into_iter()
                        .map(move |i| ((name.to_string(), i.row.s3ic_id.clone()), i))
                })
                .collect()
        })
        .get(&(dataset_name.to_string(), s3ic_id.to_string()))
        .unwrap_or_else(|| panic!("installation {s3ic_id} not in dataset {dataset_name}"))
}
