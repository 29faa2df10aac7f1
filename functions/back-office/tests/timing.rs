//! Timing of the back-office on the 216 published AMs: publication (read, enrich, check,
//! write, zip, upload to a local bucket), saving an edit of the largest AM, saving a
//! parametrization element of the largest AM (consistency check included), its
//! parametrization overview and the catalogue page. Run:
//! `cargo test -p envinorma-back-office --test timing -- --ignored --nocapture` (add
//! `--release` for the README's figures).

mod common;

use common::{Bo, PASSWORD};
use envinorma_back_office::{publish, seed};
use envinorma_db::bo;
use envinorma_test_support::json_files;
use std::time::{Duration, Instant};

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

#[tokio::test]
#[ignore = "timing: run with --ignored --nocapture"]
async fn publication_and_catalogue_timing_on_the_published_ams() {
    let bo = Bo::start().await;
    let files: Vec<(String, Vec<u8>)> = json_files("data/ams")
        .into_iter()
        .filter(|(name, bytes)| envinorma_core::parse_am(name, bytes).is_ok())
        .collect();
    let documents = seed::documents_of(&files).unwrap();
    seed::seed(&bo.db.client().await, &documents).await.unwrap();

    let mut runs = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let stored = bo::all_documents(&bo.db.client().await).await.unwrap();
        let published = publish::published_files(&stored).unwrap();
        publish::publish(&*bo.store, &published).await.unwrap();
        runs.push(started.elapsed());
    }
    runs.sort();
    println!(
        "publish {} AMs: min {}, median {}, max {}",
        files.len(),
        ms(runs[0]),
        ms(runs[2]),
        ms(runs[4])
    );

    let browser = bo.browser();
    bo.sign_in(&browser, PASSWORD, "1.1.1.1").await;

    // Saving an edit of the largest AM: one alinea changed each time, so that each save has
    // something to write (parse, ids kept, orphans, the diff, the transaction, the log).
    let (largest, _) = files.iter().max_by_key(|(_, bytes)| bytes.len()).unwrap();
    let cid = largest.trim_end_matches(".json");
    let stored = bo::documents(&bo.db.client().await, cid)
        .await
        .unwrap()
        .unwrap();
    let lines = envinorma_core::authoring::structure::to_lines(&stored.text);
    let alinea = lines
        .iter()
        .position(|line| !line.starts_with('#') && !line.starts_with('<'))
        .unwrap();
    let forms = (0..11).map(|round| {
        let mut edited = lines.clone();
        edited[alinea] = format!("{} (modification {round})", lines[alinea]);
        vec![("texte".to_owned(), edited.join("\n"))]
    });
    let (median, max) = timed_saves(&bo, &browser, &format!("/am/{cid}/texte"), forms).await;
    println!(
        "save an edit of the largest AM ({cid}, {} lines): median {median}, max {max}",
        lines.len(),
    );

    // Saving an inapplicability on the largest AM: each on a section without any element, so
    // that each passes the consistency check of the whole parametrization.
    let stored = bo::documents(&bo.db.client().await, cid)
        .await
        .unwrap()
        .unwrap();
    let free: Vec<String> = stored
        .text
        .all_sections()
        .map(|(_, section)| section.id.clone())
        .filter(|id| stored.parametrization.targeting(id) == Default::default())
        .take(11)
        .collect();
    let forms = free.iter().map(|section| {
        [
            ("section-0", section.as_str()),
            ("affiche-0", section),
            ("sous-sections", "1"),
            ("variable", "date-d-installation"),
            ("operateur", "<"),
            ("valeur", "01/01/2010"),
        ]
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .to_vec()
    });
    let editor = format!("/am/{cid}/parametrage/inapplicabilite");
    let (median, max) = timed_saves(&bo, &browser, &editor, forms).await;
    println!(
        "save an inapplicability of the largest AM ({cid}, consistency checked): median {median}, max {max}"
    );

    let (p50, p99, max) = percentiles(&browser, &format!("{}/am/{cid}/parametrage", bo.url)).await;
    println!(
        "parametrization overview of the largest AM ({cid}), 500 requests: p50 {p50}, p99 {p99}, max {max}"
    );
    let (p50, p99, max) = percentiles(&browser, &format!("{}/", bo.url)).await;
    println!(
        "catalogue page ({} AMs), 500 requests: p50 {p50}, p99 {p99}, max {max}",
        files.len(),
    );
}

/// The median and max of posting each form to `page` (the first one warms up, untimed), with
/// the token of that page; each must save and redirect.
async fn timed_saves(
    bo: &Bo,
    browser: &reqwest::Client,
    page: &str,
    forms: impl Iterator<Item = Vec<(String, String)>>,
) -> (String, String) {
    let mut saves = Vec::new();
    for (round, mut form) in forms.enumerate() {
        form.push(("csrf_token".to_owned(), bo.token(browser, page).await));
        let started = Instant::now();
        let response = browser
            .post(format!("{}{page}", bo.url))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303);
        if round > 0 {
            saves.push(started.elapsed());
        }
    }
    saves.sort();
    (ms(saves[saves.len() / 2]), ms(saves[saves.len() - 1]))
}

/// The p50, p99 and max of 500 GETs of `url`, after 20 that warm the pool and the caches.
async fn percentiles(browser: &reqwest::Client, url: &str) -> (String, String, String) {
    let mut times = Vec::new();
    for round in 0..520 {
        let started = Instant::now();
        let response = browser.get(url).send().await.unwrap();
        assert_eq!(response.status(), 200);
        response.bytes().await.unwrap();
        if round >= 20 {
            times.push(started.elapsed());
        }
    }
    times.sort();
    let at = |q: f64| ms(times[((times.len() - 1) as f64 * q).round() as usize]);
    (at(0.5), at(0.99), at(1.0))
}
