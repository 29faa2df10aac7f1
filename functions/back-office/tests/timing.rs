//! Timing of the back-office on the 216 published AMs: publication (read, enrich, check,
//! write, zip, upload to a local bucket), saving an edit of the largest AM and the catalogue
//! page. Run:
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
    let mut saves = Vec::new();
    for round in 0..11 {
        let mut edited = lines.clone();
        edited[alinea] = format!("{} (modification {round})", lines[alinea]);
        let token = bo.token(&browser, &format!("/am/{cid}/texte")).await;
        let started = Instant::now();
        let response = browser
            .post(format!("{}/am/{cid}/texte", bo.url))
            .form(&[
                ("csrf_token", token.as_str()),
                ("texte", &edited.join("\n")),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303);
        if round > 0 {
            saves.push(started.elapsed());
        }
    }
    saves.sort();
    println!(
        "save an edit of the largest AM ({cid}, {} lines): median {}, max {}",
        lines.len(),
        ms(saves[saves.len() / 2]),
        ms(saves[saves.len() - 1])
    );

    let url = format!("{}/", bo.url);
    let mut times = Vec::new();
    for round in 0..520 {
        let started = Instant::now();
        let response = browser.get(&url).send().await.unwrap();
        assert_eq!(response.status(), 200);
        response.bytes().await.unwrap();
        // The first 20 warm the pool and the classement counts.
        if round >= 20 {
            times.push(started.elapsed());
        }
    }
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "catalogue page ({} AMs), {} requests: p50 {}, p99 {}, max {}",
        files.len(),
        times.len(),
        ms(at(0.5)),
        ms(at(0.99)),
        ms(at(1.0))
    );
}
