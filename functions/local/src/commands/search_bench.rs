//! `envinorma search-bench`: times the installation search against `DATABASE_URL` (a database
//! filled by `envinorma generate` and `envinorma import icpe`, or real data) over a fixed set of
//! queries of every kind, and prints each kind's p50, p99 and max. The web function's target is
//! a max of 100 ms at national scale.

use anyhow::Context;
use envinorma_db::DbConfig;
use envinorma_db::installations::search;
use std::time::{Duration, Instant};

#[derive(clap::Args)]
pub struct Args {
    /// Times each query is run (after one untimed run, which warms the caches).
    #[arg(long, default_value_t = 20)]
    rounds: u32,
}

/// The queries, by kind: parts of 1, 2 and 3 characters, words of the generated and of real
/// data, queries that find nothing (the costliest: no early stop), and 200-character ones.
fn queries() -> Vec<(&'static str, Vec<String>)> {
    let strings = |list: &[&str]| -> Vec<String> { list.iter().map(|q| q.to_string()).collect() };
    let long_words = "établissement ".repeat(15);
    let long_digits = "0123456789".repeat(20);
    let long_text = "Société anonyme des établissements industriels de la vallée, zone industrielle \
        des Hautes Pâtures, 92000 Nanterre, installation de stockage de produits chimiques \
        et de traitement de surface";
    let long_letters: String = (0..200u32)
        .map(|i| char::from(b'a' + ((i * 7 + i / 3) % 26) as u8))
        .collect();
    vec![
        (
            "1 character",
            strings(&["e", "v", "7", "0", "é", "x", "q", "%"]),
        ),
        (
            "2 characters",
            strings(&["et", "vi", "75", "13", "00", "zz", "qu", "l'"]),
        ),
        (
            "3 characters",
            strings(&["eta", "vil", "750", "001", "zzz", "123", "ssé"]),
        ),
        (
            "words",
            strings(&[
                "etablissement",
                "ville 12",
                "établissement 4242",
                "0001.04242",
                "69123",
                "etablissement ville 499",
                "e v",
                "et 7",
                "ét vi 75",
                "a b c",
            ]),
        ),
        (
            "no match",
            strings(&[
                "zzyzx",
                "raffinerie",
                "etablissement zz",
                "ville 9999",
                "établissement x",
                "w",
                "usine 75",
                "0002.00001",
            ]),
        ),
        (
            "200 characters",
            vec![
                long_words,
                long_digits,
                long_text.chars().take(200).collect(),
                long_letters,
            ],
        ),
    ]
}

pub async fn run(args: &Args) -> anyhow::Result<()> {
    let config = DbConfig::from_env().context("DATABASE_URL")?;
    let client = config
        .connect()
        .await
        .context("cannot connect to the database of DATABASE_URL")?;
    let mut all = Vec::new();
    println!(
        "{:<16} {:>7} {:>9} {:>9} {:>9}",
        "queries", "runs", "p50", "p99", "max"
    );
    for (kind, queries) in queries() {
        let mut times = Vec::new();
        for query in &queries {
            search(&client, query, 10).await?;
            for _ in 0..args.rounds {
                let start = Instant::now();
                search(&client, query, 10).await?;
                times.push(start.elapsed());
            }
        }
        print_line(kind, &mut times);
        all.extend(times);
    }
    print_line("all", &mut all);
    Ok(())
}

fn print_line(kind: &str, times: &mut [Duration]) {
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1000.0);
    println!(
        "{kind:<16} {:>7} {:>9} {:>9} {:>9}",
        times.len(),
        ms(at(0.5)),
        ms(at(0.99)),
        ms(at(1.0))
    );
}
