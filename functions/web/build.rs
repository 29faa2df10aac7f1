//! Embeds the static assets in the binary: the parts of the DSFR (French State design system,
//! npm `@gouvfr/dsfr`) that the pages use, and our own CSS/JS from `assets/`.
//!
//! Writes `$OUT_DIR/assets.rs` (with the files it embeds copied beside it, `embedded/`): the
//! list of (path, content type, bytes) and a hash of all of them, which the app puts in every
//! asset URL (`/static/<hash>/…`) so that they can be cached forever. Fails with a clear message when `node_modules` is missing (`make deps` runs `npm ci`).

use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The DSFR icons the templates use, by class name (`fr-icon-<name>`); their SVG paths are read
/// from the DSFR's own icon stylesheet so that a DSFR upgrade cannot silently break them.
const ICONS_USED: &[&str] = &["add-line", "delete-line", "edit-line", "printer-line"];

/// Files copied as they are from the DSFR `dist` folder (path under `dist`).
const DSFR_FILES: &[&str] = &[
    "dsfr.min.css",
    "dsfr.module.min.js",
    "dsfr.nomodule.min.js",
    "favicon/favicon.svg",
];

/// Our own files, under `assets/` in this crate.
const OWN_FILES: &[&str] = &[
    "app.css",
    "js/autocomplete.js",
    "js/classement_search.js",
    "js/condition_rows.js",
    "js/confirm.js",
    "js/prescriptions.js",
    "js/prescriptions_link.js",
    "js/print.js",
    "js/progress.js",
    "js/search_as_you_type.js",
    "js/select_all.js",
    "js/text_toc.js",
    "js/topic_filter.js",
];

struct Asset {
    /// URL path under `/static/<hash>/`.
    path: String,
    source: PathBuf,
}

fn main() {
    let crate_dir = PathBuf::from(env_var("CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(env_var("OUT_DIR"));
    let dist = dsfr_dist(&crate_dir);
    // Each embedded file is watched below; the package manifest tells of an upgrade (watching
    // the whole folder would stat thousands of files on every build).
    watch(&dist.join("../package.json"), &crate_dir);
    println!("cargo:rerun-if-env-changed=ENVINORMA_NODE_MODULES");

    let mut assets = Vec::new();
    for file in DSFR_FILES {
        assets.push(Asset {
            path: format!("dsfr/{file}"),
            source: dist.join(file),
        });
    }
    // Browsers that run the DSFR all read woff2: the woff fallbacks would only weigh.
    for font in sorted_files(&dist.join("fonts"), ".woff2") {
        assets.push(Asset {
            path: format!("dsfr/fonts/{}", file_name(&font)),
            source: font,
        });
    }
    let css = read_text(&dist.join("dsfr.min.css"));
    let mut icons = relative_icon_urls(&css, "url(icons/");
    let icons_css = icons_stylesheet(&dist, &mut icons);
    let icons_css_path = out_dir.join("icons.css");
    write(&icons_css_path, icons_css.as_bytes());
    assets.push(Asset {
        path: "dsfr/icons.css".into(),
        source: icons_css_path,
    });
    icons.sort();
    icons.dedup();
    for icon in icons {
        assets.push(Asset {
            path: format!("dsfr/icons/{icon}"),
            source: dist.join("icons").join(&icon),
        });
    }
    let own = crate_dir.join("assets");
    for file in OWN_FILES {
        assets.push(Asset {
            path: format!("app/{file}"),
            source: own.join(file),
        });
    }

    assets.sort_by(|a, b| a.path.cmp(&b.path));
    write(
        &out_dir.join("assets.rs"),
        generated_module(&assets, &crate_dir, &out_dir).as_bytes(),
    );
}

/// `node_modules/@gouvfr/dsfr/dist` at the workspace root (or under `$ENVINORMA_NODE_MODULES`).
fn dsfr_dist(crate_dir: &Path) -> PathBuf {
    let node_modules = std::env::var_os("ENVINORMA_NODE_MODULES")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate_dir.join("../../node_modules"));
    let dist = node_modules.join("@gouvfr/dsfr/dist");
    if !dist.join("dsfr.min.css").is_file() {
        panic!(
            "\n\nThe DSFR (npm package @gouvfr/dsfr) is missing: {} does not exist.\n\
             The web function embeds it at compile time: run `make deps` (npm ci) at the \
             repository root, then build again.\n\n",
            dist.join("dsfr.min.css").display()
        );
    }
    dist
}

/// The `icons/…` paths that a stylesheet refers to, relative to its `icons` folder.
fn relative_icon_urls(css: &str, prefix: &str) -> Vec<String> {
    css.match_indices(prefix)
        .filter_map(|(start, _)| {
            let rest = &css[start + prefix.len()..];
            rest.find(')').map(|end| rest[..end].to_string())
        })
        .collect()
}

/// A stylesheet with the mask rules of [`ICONS_USED`] only (the DSFR's one weighs 350 kB);
/// adds their SVG paths to `icons`.
fn icons_stylesheet(dist: &Path, icons: &mut Vec<String>) -> String {
    let all = read_text(&dist.join("utility/icons/icons.min.css"));
    let mut css = String::new();
    for name in ICONS_USED {
        let selector = format!(".fr-icon-{name}:after,.fr-icon-{name}:before{{");
        let path = all
            .find(&selector)
            .and_then(|at| {
                relative_icon_urls(&all[at..], "url(../../icons/")
                    .into_iter()
                    .next()
            })
            .unwrap_or_else(|| panic!("icon fr-icon-{name} not found in the DSFR icons"));
        let _ = writeln!(
            css,
            "{selector}-webkit-mask-image:url(icons/{path});mask-image:url(icons/{path})}}"
        );
        icons.push(path);
    }
    css
}

/// Reruns this script when `file` changes. A file of the checkout is named relative to the
/// package: cargo reuses this script's output in a clone elsewhere (CI's build cache), and an
/// absolute path of the clone that ran it made every clone at another place rerun it and
/// rebuild the crate and all above it.
fn watch(file: &Path, crate_dir: &Path) {
    let path = file.strip_prefix(crate_dir).unwrap_or(file);
    println!("cargo:rerun-if-changed={}", path.display());
}

fn generated_module(assets: &[Asset], crate_dir: &Path, out_dir: &Path) -> String {
    let mut hasher = Sha256::new();
    let mut entries = String::new();
    for asset in assets {
        let bytes = std::fs::read(&asset.source)
            .unwrap_or_else(|e| panic!("cannot read asset {}: {e}", asset.source.display()));
        hasher.update(asset.path.as_bytes());
        hasher.update([0]);
        hasher.update(&bytes);
        // Compiled from a copy in OUT_DIR, in the build cache: cargo remembers the files a
        // crate included by their absolute paths, and those of the clone this script ran in
        // made every clone elsewhere rebuild web and all above it (or fail, the clone gone).
        let included = if asset.source.starts_with(out_dir) {
            // What this script writes itself is newer than the run it came from: watched, it
            // made every build rerun this script and rebuild the crate.
            asset.source.clone()
        } else {
            watch(&asset.source, crate_dir);
            let copy = out_dir.join("embedded").join(&asset.path);
            std::fs::create_dir_all(copy.parent().expect("a folder"))
                .unwrap_or_else(|e| panic!("cannot create the folder of {}: {e}", copy.display()));
            write(&copy, &bytes);
            copy
        };
        let _ = writeln!(
            entries,
            "    Asset {{ path: {:?}, content_type: {:?}, bytes: include_bytes!({:?}) }},",
            asset.path,
            content_type(&asset.path),
            included.display().to_string(),
        );
    }
    let hash: String = hasher
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    format!(
        "/// Hash of every embedded asset: part of their URLs, so a new build never serves stale files.\n\
         pub const ASSETS_HASH: &str = {hash:?};\n\n\
         /// Every embedded asset, sorted by path.\n\
         pub static ASSETS: &[Asset] = &[\n{entries}];\n"
    )
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("woff2") => "font/woff2",
        other => panic!("no content type for asset extension {other:?} ({path})"),
    }
}

fn sorted_files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| file_name(path).ends_with(suffix))
        .collect();
    files.sort();
    files
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn read_text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

fn env_var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set (cargo sets it)"))
}
