//! Timing of the search in AP texts at national scale. Run in release:
//! `cargo test --release -p envinorma-db --test ap_search_scale -- --ignored --nocapture`.
//!
//! The data: 100,000 public installations in 101 départements of unequal sizes (the largest
//! holds 5 % of them), 30,000 of which have an AP of ten pages, as the OCR leaves them once it
//! has read every AP: 300,000 pages of about 3,200 characters, 15 sentences of the AMs of the
//! shared data drawn at random, written AP by AP. Generated for each run (about five minutes),
//! in a database of its own: as a test template, its building would hold the templates' lock,
//! and every test run on the server would wait for it.

use envinorma_db::Client;
use envinorma_db::ap_pages::{Scope, search};
use envinorma_db::testing::TestDatabase;
use serde_json::Value;
use std::time::{Duration, Instant};

/// The sentences of the AMs' texts, the vocabulary of the generated pages.
fn sentences() -> Vec<String> {
    fn texts(value: &Value, out: &mut String) {
        match value {
            Value::Object(fields) => {
                for (name, field) in fields {
                    match field {
                        Value::String(text) if name == "text" => {
                            out.push_str(text);
                            out.push(' ');
                        }
                        _ => texts(field, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|item| texts(item, out)),
            _ => {}
        }
    }
    let mut all = String::new();
    for (_, bytes) in envinorma_test_support::json_files("data/ams") {
        // The corpus holds a truncated file on purpose.
        if let Ok(am) = serde_json::from_slice::<Value>(&bytes) {
            texts(&am, &mut all);
        }
    }
    all.split(". ")
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| s.chars().count() > 20)
        .collect()
}

/// Fills `db` with the national-scale data.
async fn load_national(db: &TestDatabase) -> Result<(), tokio_postgres::Error> {
    let client = db.client().await;
    // Generating 300,000 pages takes minutes: past the pools' statement timeout.
    client.batch_execute("SET statement_timeout = 0").await?;
    client
        .batch_execute(
            "INSERT INTO installations (s3ic_id, name, department, city)
             SELECT lpad((i / 100000)::text, 4, '0') || '.' || lpad((i % 100000)::text, 5, '0'),
                    'Établissement ' || i,
                    -- The product of two uniform draws: département 1 is the largest.
                    'DEPARTEMENT ' || (1 + (abs(hashint4(i)) % 101) * (abs(hashint4(-i)) % 101) / 101),
                    'VILLE ' || (i % 5000)
             FROM generate_series(1, 100000) i;
             INSERT INTO aps (georisques_id, installation_id, installation_s3ic_id, description, date)
             SELECT 'P/' || substr(md5(i.id::text), 1, 1) || '/' || md5('ap' || i.id),
                    i.id, i.s3ic_id, 'AP complémentaire ' || i.id, date '2000-01-01' + (i.id % 8000)::int
             FROM installations i WHERE i.id % 10 < 3;
             CREATE TEMPORARY TABLE sentences (n integer PRIMARY KEY, s text NOT NULL);",
        )
        .await?;
    client
        .execute(
            "INSERT INTO sentences SELECT n - 1, s FROM unnest($1::text[]) WITH ORDINALITY AS t (s, n)",
            &[&sentences()],
        )
        .await?;
    client
        .batch_execute(
            "INSERT INTO ap_pages (georisques_id, page, text)
             SELECT a.georisques_id, p.page,
                    (SELECT string_agg(s.s, '. ' ORDER BY k) FROM generate_series(1, 15) k
                     JOIN sentences s
                       ON s.n = abs(hashint4(a.id::integer * 1000 + p.page * 20 + k))
                                % (SELECT count(*) FROM sentences))
             FROM aps a CROSS JOIN generate_series(1, 10) p (page)
             ORDER BY a.id, p.page",
        )
        .await?;
    // Alone: a batch of several statements is one transaction, which VACUUM refuses.
    client.batch_execute("VACUUM ANALYZE").await?;
    Ok(())
}

/// The queries, by kind, each with its scope.
fn queries(installations: &[i64]) -> Vec<(&'static str, Vec<(String, Scope<'static>)>)> {
    let everywhere = Scope::Everywhere { department: None };
    let largest = Scope::Everywhere {
        department: Some("DEPARTEMENT 1"),
    };
    let median = Scope::Everywhere {
        department: Some("DEPARTEMENT 30"),
    };
    let frequent = [
        "installation",
        "article",
        "exploitant",
        "arrêté préfectoral",
    ];
    let common = [
        "rejets atmosphériques",
        "eaux pluviales",
        "bruit",
        "déchets dangereux",
    ];
    let rare = ["piézomètre", "légionelles", "amiante", "hydrocarbures"];
    let phrases = [
        "\"valeurs limites d'émission\"",
        "\"eaux pluviales\"",
        "\"mise en service\"",
    ];
    let none = ["zzyzx", "raffinerie quokka", "installation zzyzx"];
    let long = "installation classée rejets atmosphériques eaux pluviales bruit déchets dangereux \
        valeurs limites d'émission surveillance des eaux souterraines piézomètre hydrocarbures \
        stockage de liquides inflammables prévention des risques incendie";
    let with = |words: &[&str], scope: Scope<'static>| -> Vec<(String, Scope<'static>)> {
        words.iter().map(|w| (w.to_string(), scope)).collect()
    };
    let words: Vec<&str> = [frequent, common, rare].concat();
    vec![
        ("frequent words", with(&frequent, everywhere)),
        ("common words", with(&common, everywhere)),
        ("rare words", with(&rare, everywhere)),
        ("phrases", with(&phrases, everywhere)),
        ("no match", with(&none, everywhere)),
        (
            "200 characters",
            vec![(long.chars().take(200).collect(), everywhere)],
        ),
        ("largest départ.", with(&words, largest)),
        ("median départ.", with(&words, median)),
        (
            "one installation",
            installations
                .iter()
                .flat_map(|&id| with(&words, Scope::Installation(id)))
                .collect(),
        ),
    ]
}

/// Times `search` over `queries` (page `offset / 20 + 1`), `rounds` times each after one
/// untimed run; prints the kind's line, with how many pages each query ranked, and gives back
/// its times.
async fn timed(
    client: &impl Client,
    kind: &str,
    queries: &[(String, Scope<'_>)],
    offset: i64,
    rounds: u32,
) -> Vec<Duration> {
    let mut times = Vec::new();
    let mut found = Vec::new();
    for (query, scope) in queries {
        let first = search(client, query, *scope, offset, 20).await.unwrap();
        found.push(first.ranked);
        for _ in 0..rounds {
            let start = Instant::now();
            search(client, query, *scope, offset, 20).await.unwrap();
            times.push(start.elapsed());
        }
    }
    print_line(kind, &mut times, &format!("{found:?}"));
    times
}

fn print_line(kind: &str, times: &mut [Duration], found: &str) {
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
    println!(
        "{kind:<17} {:>5} {:>9} {:>9} {:>9}  {found}",
        times.len(),
        ms(at(0.5)),
        ms(at(0.99)),
        ms(at(1.0))
    );
}

#[tokio::test]
#[ignore = "timing at national scale: run in release"]
async fn ap_search_timing_on_300000_pages() {
    let db = TestDatabase::new().await;
    load_national(&db).await.expect("the national data");
    // The pooled connection keeps its statements prepared, as the web function's does.
    let client = db.client().await;
    let installations: Vec<i64> = client
        .query(
            "SELECT DISTINCT a.installation_id FROM ap_pages p
             JOIN aps a USING (georisques_id) ORDER BY 1 LIMIT 3",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    println!(
        "{:<17} {:>5} {:>9} {:>9} {:>9}  pages ranked by query",
        "queries", "runs", "p50", "p99", "max"
    );
    let mut all = Vec::new();
    for (kind, queries) in queries(&installations) {
        all.extend(timed(&client, kind, &queries, 0, 20).await);
    }
    let everywhere = Scope::Everywhere { department: None };
    let later: Vec<(String, Scope)> = ["installation", "bruit", "eaux pluviales"]
        .iter()
        .map(|w| (w.to_string(), everywhere))
        .collect();
    all.extend(timed(&client, "page 10", &later, 180, 20).await);
    print_line("all", &mut all, "");
}
