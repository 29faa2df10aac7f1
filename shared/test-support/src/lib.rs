//! What every crate's tests read: the real data and the original's expected outputs, in the
//! shared folder beside the repository (`$ENVINORMA_SHARED`, else `<workspace root>/../shared`).
//! They are read at run time and never copied into the repository. Every helper panics with
//! the path at fault: these are for tests.

#[cfg(feature = "browser")]
pub mod chrome;
#[cfg(feature = "webhook")]
pub mod webhook;

use std::path::{Path, PathBuf};

/// The repository's root, found when the test runs: the nearest folder holding `Cargo.lock`
/// above the package under test (`cargo test` gives its folder as `CARGO_MANIFEST_DIR`, and
/// runs the test there). Never a path compiled in (`env!`): cargo reuses a build from another
/// checkout sharing the build cache, and that checkout's path would then outlive it.
pub fn workspace_root() -> PathBuf {
    let start = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::current_dir().expect("the current directory"));
    start
        .ancestors()
        .find(|dir| dir.join("Cargo.lock").is_file())
        .unwrap_or_else(|| panic!("no Cargo.lock above {}", start.display()))
        .to_path_buf()
}

/// A path inside the repository.
pub fn repo_path(relative: &str) -> PathBuf {
    workspace_root().join(relative)
}

/// The shared folder: `$ENVINORMA_SHARED`, else `<workspace root>/../shared`.
pub fn shared_dir() -> PathBuf {
    let dir = match std::env::var_os("ENVINORMA_SHARED") {
        Some(dir) => PathBuf::from(dir),
        None => repo_path("../shared"),
    };
    assert!(
        dir.join("data").is_dir() && dir.join("golden").is_dir(),
        "shared data folder not found at {} (set ENVINORMA_SHARED)",
        dir.display()
    );
    dir
}

/// A path inside the shared folder.
pub fn shared_path(relative: &str) -> PathBuf {
    shared_dir().join(relative)
}

/// The bytes of a shared file.
pub fn read(relative: &str) -> Vec<u8> {
    let path = shared_path(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// A shared file as text.
pub fn read_text(relative: &str) -> String {
    String::from_utf8(read(relative)).unwrap_or_else(|e| panic!("{relative}: not UTF-8 ({e})"))
}

/// A shared JSON file.
pub fn json(relative: &str) -> serde_json::Value {
    serde_json::from_slice(&read(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// A shared JSON Lines file, one value a line.
pub fn jsonl(relative: &str) -> Vec<serde_json::Value> {
    read_text(relative)
        .lines()
        .enumerate()
        .map(|(i, line)| {
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{relative}:{}: {e}", i + 1))
        })
        .collect()
}

/// (file name, content) of every `.json` file of a shared folder, sorted by name.
pub fn json_files(relative: &str) -> Vec<(String, Vec<u8>)> {
    json_files_in(&shared_path(relative))
}

/// (file name, content) of the repository's demo AMs (`demo/ams`), sorted by name: the AMs the
/// demo and the import tests load.
pub fn demo_ams() -> Vec<(String, Vec<u8>)> {
    json_files_in(&repo_path("demo/ams"))
}

fn json_files_in(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| {
            let content = std::fs::read(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            (name.into_owned(), content)
        })
        .collect();
    files.sort();
    files
}

/// Fails unless the two files are equal byte for byte, naming the first line that differs (which
/// says far more than two megabyte-long byte strings).
pub fn assert_same_file(name: &str, got: &[u8], expected: &[u8]) {
    if got == expected {
        return;
    }
    let got = String::from_utf8_lossy(got);
    let expected = String::from_utf8_lossy(expected);
    let first_difference = got
        .split_inclusive('\n')
        .zip(expected.split_inclusive('\n'))
        .enumerate()
        .find(|(_, (got, expected))| got != expected);
    match first_difference {
        Some((index, (got, expected))) => panic!(
            "{name}: line {} differs\n     got: {got:?}\nexpected: {expected:?}",
            index + 1
        ),
        None => panic!(
            "{name}: {} lines, expected {}",
            got.lines().count(),
            expected.lines().count()
        ),
    }
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
