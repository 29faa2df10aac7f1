//! No program has the path of its checkout compiled in. Cargo reuses what another checkout
//! sharing the build cache built (CI's clones, with their files' times restored by
//! scripts/source-times.py), so such a path can name a checkout gone since: tests then looked
//! for the shared data in a deleted clone. Paths are found at run time
//! (`envinorma_test_support::repo_path`).

use std::path::Path;

#[test]
fn no_rust_source_compiles_in_the_path_of_its_checkout() {
    // Written in two pieces so that this file does not match itself.
    let compiled_in = concat!("env!(\"CARGO_", "MANIFEST_DIR\")");
    let mut found = Vec::new();
    visit(
        &envinorma_test_support::workspace_root(),
        &mut |path, text| {
            for (number, line) in text.lines().enumerate() {
                if line.contains(compiled_in) {
                    found.push(format!("{}:{}", path.display(), number + 1));
                }
            }
        },
    );
    assert!(
        found.is_empty(),
        "{compiled_in} in {found:#?}: read CARGO_MANIFEST_DIR when the program runs instead"
    );
}

/// Every `.rs` file of the repository, outside what tools put there.
fn visit(dir: &Path, check: &mut dyn FnMut(&Path, &str)) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a folder entry").path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if path.is_dir() {
            if !matches!(&*name, "target" | "node_modules" | ".git" | ".envinorma") {
                visit(&path, check);
            }
        } else if name.ends_with(".rs") {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            check(&path, &text);
        }
    }
}
