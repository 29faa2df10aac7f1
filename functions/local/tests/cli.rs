//! The data commands, run as other tools run them: the real binary on the shared data.

mod common;

use envinorma_db::testing::count;
use envinorma_test_support::{read, shared_dir};
use serde_json::Value;
use std::process::Command;

/// Runs `envinorma <args> --ams … --installations … --classements …` on the IDF data.
fn envinorma_on_idf(args: &[&str]) -> (String, String) {
    let shared = shared_dir();
    let output = common::envinorma_on(
        args,
        &shared.join("data/ams"),
        &shared.join("data/icpe/installations_idf.csv"),
        &shared.join("data/icpe/classements_idf.csv"),
    );
    let (stdout, stderr) = (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    );
    assert!(
        output.status.success(),
        "envinorma {args:?} failed: {stderr}"
    );
    (stdout, stderr)
}

/// Entries as comparable strings, sorted, keeping only the fields the command prints.
fn entries(ams: &Value) -> Vec<String> {
    let mut entries: Vec<String> = ams
        .as_array()
        .unwrap()
        .iter()
        .map(|am| {
            serde_json::json!([
                am["am_id"],
                am["applicable"],
                am["warnings"],
                am["sort_key"]
            ])
            .to_string()
        })
        .collect();
    entries.sort();
    entries
}

#[test]
fn am_list_json_gives_the_original_lists_and_reports_the_bad_am_file() {
    let (stdout, stderr) = envinorma_on_idf(&["am-list", "--json"]);
    let printed: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let golden: Vec<Value> = envinorma_test_support::jsonl("golden/am_lists.jsonl")
        .into_iter()
        .filter(|l| l["dataset"] == "idf")
        .collect();
    assert!(!golden.is_empty());
    for expected in &golden {
        let line = printed
            .iter()
            .find(|p| p["s3ic_id"] == expected["s3ic_id"])
            .expect("installation printed");
        assert_eq!(
            entries(&line["ams"]),
            entries(&expected["ams"]),
            "{}",
            expected["s3ic_id"]
        );
    }
    assert!(
        stderr.contains("LEGITEXT000006074852.json:"),
        "the truncated AM is reported: {stderr}"
    );
}

#[test]
fn am_list_text_names_each_selected_installation_and_its_ams() {
    let golden = envinorma_test_support::jsonl("golden/am_lists.jsonl");
    let case = golden
        .iter()
        .find(|l| l["dataset"] == "idf" && l["ams"].as_array().unwrap().len() > 1)
        .unwrap();
    let s3ic_id = case["s3ic_id"].as_str().unwrap();
    let (stdout, _) = envinorma_on_idf(&["am-list", "--s3ic", s3ic_id]);
    assert!(stdout.starts_with(s3ic_id), "{stdout}");
    for am in case["ams"].as_array().unwrap() {
        assert!(stdout.contains(am["am_id"].as_str().unwrap()), "{stdout}");
    }
}

#[test]
fn personalise_json_gives_the_original_sections() {
    let folder = shared_dir().join("golden/personalised");
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.matches("__").count() == 1)
        .collect();
    names.sort();
    // A few cases with inactive or modified sections are enough here: the core tests cover all.
    let interesting = names.iter().filter(|name| {
        let text = std::fs::read_to_string(folder.join(name)).unwrap();
        text.contains("\"modified\": true") || text.contains("\"active\": false")
    });
    for name in interesting.take(3) {
        let expected: Value =
            serde_json::from_slice(&std::fs::read(folder.join(name)).unwrap()).unwrap();
        let (s3ic_id, am_id) = (
            expected["s3ic_id"].as_str().unwrap(),
            expected["am_id"].as_str().unwrap(),
        );
        let (stdout, _) =
            envinorma_on_idf(&["personalise", "--json", "--s3ic", s3ic_id, "--am", am_id]);
        let printed: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(printed["parameters"], expected["parameters"], "{name}");
        let sections = printed["sections"].as_array().unwrap();
        assert_eq!(
            sections.len(),
            expected["sections"].as_array().unwrap().len(),
            "{name}"
        );
        for (got, wanted) in sections
            .iter()
            .zip(expected["sections"].as_array().unwrap())
        {
            for key in got.as_object().unwrap().keys() {
                assert_eq!(
                    got[key], wanted[key],
                    "{name} section {} field {key}",
                    wanted["id"]
                );
            }
        }
    }
}

#[test]
fn sweep_counts_every_pair_of_the_am_lists() {
    let (lists, _) = envinorma_on_idf(&["am-list", "--json"]);
    let pairs: usize = lists
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["ams"]
                .as_array()
                .unwrap()
                .len()
        })
        .sum();
    let (stdout, _) = envinorma_on_idf(&["sweep"]);
    assert!(
        stdout.contains(&format!("personalisations: {pairs} pairs")),
        "{stdout}"
    );
}

#[tokio::test]
async fn import_icpe_imports_the_files_it_is_given_whatever_the_triggers_dataset() {
    let db = envinorma_db::testing::TestDatabase::new().await;
    let icpe = shared_dir().join("data/icpe");
    let output = Command::new(env!("CARGO_BIN_EXE_envinorma"))
        .args(["import", "icpe"])
        .arg(icpe.join("installations_idf.csv"))
        .arg(icpe.join("classements_idf.csv"))
        .env("DATABASE_URL", db.url())
        .env("ICPE_DATASET", "all")
        .output()
        .expect("run envinorma");
    let (stdout, stderr) = (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    );
    assert!(output.status.success(), "{stdout}{stderr}");
    let (summary, duration) = stdout.trim_end().rsplit_once("; ").unwrap();
    assert_eq!(
        summary,
        "icpe import imported (idf): installations 2164 read, 2164 inserted, 0 updated, 0 deleted; \
         classements 13287 read, 13287 inserted, 0 updated, 0 deleted; \
         warning: no APs file: the APs of kept installations are left as they are"
    );
    assert!(duration.ends_with(" s"), "{stdout}");
    let client = db.client().await;
    let installations: i64 = count(
        &client,
        "SELECT count(*) FROM installations WHERE user_id IS NULL",
    )
    .await;
    assert_eq!(installations, 2164);
}

/// Runs `envinorma import ams FOLDER [--force]` on a test database: (exit success, stdout, stderr).
fn import_ams_folder(
    db: &envinorma_db::testing::TestDatabase,
    folder: &std::path::Path,
    force: bool,
) -> (bool, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_envinorma"));
    command.args(["import", "ams"]).arg(folder);
    if force {
        command.arg("--force");
    }
    let output = command
        .env("DATABASE_URL", db.url())
        .output()
        .expect("run envinorma");
    (
        output.status.success(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// A folder holding `files` (name, content), and a `notes/` subfolder holding a README.
fn folder_of(files: &[(String, Vec<u8>)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in files {
        std::fs::write(dir.path().join(name), content).unwrap();
    }
    std::fs::create_dir(dir.path().join("notes")).unwrap();
    std::fs::write(dir.path().join("notes/README.md"), "Les AM en vigueur").unwrap();
    dir
}

#[tokio::test]
async fn import_ams_refuses_a_misnamed_file_and_a_folder_deleting_most_ams_unless_forced() {
    let db = envinorma_db::testing::TestDatabase::new().await;
    let ams = envinorma_test_support::demo_ams();
    let all = folder_of(&ams);
    let (ok, stdout, stderr) = import_ams_folder(&db, all.path(), false);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains(": 3 AMs read, 3 inserted, ")
            && stdout.contains(", 2 entries ignored (notes/, notes/README.md), in "),
        "{stdout}"
    );
    let before = db.checksum().await;

    let mut misnamed = ams.clone();
    misnamed[0].0 = "X.JSON".into();
    let misnamed = folder_of(&misnamed);
    let (ok, _, stderr) = import_ams_folder(&db, misnamed.path(), false);
    assert!(!ok);
    assert!(
        stderr.contains(&format!(
            "am-import {}: REJECTED, 1 problem(s) in 2 file(s) read, nothing changed; first: X.JSON: not an AM file: AM files are named <CID>.json (JORFTEXT or LEGITEXT, 12 digits, then .json in lower case)",
            misnamed.path().display()
        )),
        "{stderr}"
    );
    assert_eq!(db.checksum().await, before, "nothing changed");

    let one = folder_of(&ams[..1]);
    let (ok, _, stderr) = import_ams_folder(&db, one.path(), false);
    assert!(!ok);
    let source = one.path().display();
    assert!(
        stderr.contains(&format!(
            "am-import {source}: REFUSED, {source} would delete 2 of the 3 AMs (67 %, more than 20 %): a truncated upload? Nothing changed; import again with force to confirm"
        )),
        "{stderr}"
    );
    assert_eq!(db.checksum().await, before, "nothing changed");

    let (ok, stdout, stderr) = import_ams_folder(&db, one.path(), true);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains(": 1 AMs read, 0 inserted, 0 updated (0 with new text), 2 deleted (0 prescriptions), 1 unchanged, 0 alinéas indexed, forced, "),
        "{stdout}"
    );
}

/// Runs `envinorma ocr data/ocr/NAME -o OUT`: (exit success, stdout, stderr, output file if any).
fn ocr(name: &str) -> (bool, String, String, Option<Vec<u8>>) {
    let out_dir = tempfile::tempdir().unwrap();
    let output_path = out_dir.path().join("out.pdf");
    let output = Command::new(env!("CARGO_BIN_EXE_envinorma"))
        .arg("ocr")
        .arg(shared_dir().join("data/ocr").join(name))
        .arg("-o")
        .arg(&output_path)
        .output()
        .expect("run envinorma");
    (
        output.status.success(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
        std::fs::read(&output_path).ok(),
    )
}

#[test]
fn ocr_makes_a_scan_searchable_passes_text_through_and_refuses_a_bad_file() {
    let (ok, stdout, stderr, pdf) = ocr("scan-01.pdf");
    assert!(ok, "{stdout}{stderr}");
    assert!(
        stdout.starts_with("OCRed: 1 pages made searchable → "),
        "{stdout}"
    );
    let pdf = pdf.expect("a searchable PDF");
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(
        stdout
            .trim_end()
            .ends_with(&format!("({} bytes)", pdf.len())),
        "{stdout}"
    );

    let (ok, stdout, _, copied) = ocr("text-layer.pdf");
    assert!(ok);
    assert!(stdout.starts_with("passed through: "), "{stdout}");
    assert_eq!(copied.unwrap(), read("data/ocr/text-layer.pdf"));

    let (ok, stdout, stderr, written) = ocr("bad-encrypted.pdf");
    assert!(!ok, "{stdout}");
    assert!(
        stderr.contains("bad-encrypted.pdf: refused: encrypted, password required"),
        "{stderr}"
    );
    assert!(written.is_none(), "no output for a refused document");
}
