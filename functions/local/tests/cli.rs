//! The data commands, run as other tools run them: the real binary on the shared data.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn shared_dir() -> PathBuf {
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

/// Runs `envinorma <args> --ams … --installations … --classements …` on the IDF data.
fn envinorma_on_idf(args: &[&str]) -> (String, String) {
    let shared = shared_dir();
    let output = Command::new(env!("CARGO_BIN_EXE_envinorma"))
        .args(args)
        .arg("--ams")
        .arg(shared.join("data/ams"))
        .arg("--installations")
        .arg(shared.join("data/icpe/installations_idf.csv"))
        .arg("--classements")
        .arg(shared.join("data/icpe/classements_idf.csv"))
        .output()
        .expect("run envinorma");
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

fn golden_lines(relative: &str) -> Vec<Value> {
    std::fs::read_to_string(shared_dir().join(relative))
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
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
    let golden: Vec<Value> = golden_lines("golden/am_lists.jsonl")
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
    let golden = golden_lines("golden/am_lists.jsonl");
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
