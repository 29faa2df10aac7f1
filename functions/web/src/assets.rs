//! The static assets embedded at compile time by `build.rs` (DSFR and our own CSS/JS).

/// One embedded file.
#[derive(Debug)]
pub struct Asset {
    /// Path under `/static/<hash>/`, e.g. `dsfr/dsfr.min.css`.
    pub path: &'static str,
    pub content_type: &'static str,
    pub bytes: &'static [u8],
}

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// The asset at `path`, if embedded.
pub fn get(path: &str) -> Option<&'static Asset> {
    ASSETS
        .binary_search_by(|asset| asset.path.cmp(path))
        .ok()
        .map(|i| &ASSETS[i])
}

/// The URL of an asset: `/static/<hash>/<path>`.
pub fn url(path: &str) -> String {
    crate::paths::static_file(ASSETS_HASH, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dsfr_and_our_scripts_are_embedded_and_sorted() {
        for path in [
            "dsfr/dsfr.min.css",
            "dsfr/dsfr.module.min.js",
            "dsfr/icons.css",
            "app/app.css",
            "app/js/topic_filter.js",
        ] {
            assert!(get(path).is_some_and(|a| !a.bytes.is_empty()), "{path}");
        }
        assert!(ASSETS.windows(2).all(|w| w[0].path < w[1].path));
    }

    #[test]
    fn every_icon_and_font_the_dsfr_stylesheets_name_is_embedded() {
        for sheet in ["dsfr/dsfr.min.css", "dsfr/icons.css"] {
            let css = std::str::from_utf8(get(sheet).unwrap().bytes).unwrap();
            for (at, _) in css.match_indices("url(icons/") {
                let rest = &css[at + 4..];
                let relative = &rest[..rest.find(')').unwrap()];
                assert!(get(&format!("dsfr/{relative}")).is_some(), "{relative}");
            }
            for (at, _) in css.match_indices(".woff2") {
                let start = css[..at].rfind("url(").unwrap() + 4;
                assert!(get(&format!("dsfr/{}.woff2", &css[start..at])).is_some());
            }
        }
    }
}
