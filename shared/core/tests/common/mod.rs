//! Access to the shared data and golden files (read at run time, never copied into the repo).
#![allow(dead_code)] // each test binary uses its own subset of these helpers

use envinorma_core::icpe_csv::{InstallationRow, read_classements, read_installations};
use envinorma_core::{AmCatalog, ArreteMinisteriel, Classement, parse_am_files};
use std::path::PathBuf;
use std::sync::OnceLock;

/// `$ENVINORMA_SHARED`, else `<workspace root>/../shared`.
pub fn shared_dir() -> PathBuf {
    let dir = match std::env::var_os("ENVINORMA_SHARED") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    assert!(
        dir.join("golden").is_dir(),
        "shared data folder not found at {} (set ENVINORMA_SHARED)",
        dir.display()
    );
    dir
}

pub fn read(relative: &str) -> Vec<u8> {
    let path = shared_dir().join(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

pub fn jsonl(relative: &str) -> Vec<serde_json::Value> {
    String::from_utf8(read(relative))
        .expect("UTF-8")
        .lines()
        .enumerate()
        .map(|(i, line)| {
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{relative}:{}: {e}", i + 1))
        })
        .collect()
}

pub fn json(relative: &str) -> serde_json::Value {
    serde_json::from_slice(&read(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// (file name, content) of every JSON file of a data folder.
pub fn json_files(relative: &str) -> Vec<(String, Vec<u8>)> {
    let dir = shared_dir().join(relative);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| {
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&path).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

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

/// Fails with every mismatch listed (up to 30), so one run shows the whole picture.
pub fn assert_no_mismatch(what: &str, checked: usize, mismatches: &[String]) {
    assert!(checked > 0, "{what}: nothing was checked");
    assert!(
        mismatches.is_empty(),
        "{what}: {} mismatches in {checked} cases:\n{}",
        mismatches.len(),
        mismatches
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
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
