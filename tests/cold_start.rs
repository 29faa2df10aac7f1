//! Cold start and memory of each function, on the binaries `cargo lambda build` made (README,
//! "Cold start and memory"): `cargo bench -p envinorma-e2e --bench cold_start` (needs moto and
//! PostgreSQL, as `make test` starts them, and `scripts/lambda-build.sh` run first).
//!
//! For each function, started afresh `RUNS` times: the init duration (from the process's start
//! to its first request for work: settings, the database's migrations check, the clients), then
//! its first invocation and a second one, and the most memory it held (VmHWM, what Lambda reports
//! as "Max Memory Used"). The data functions are invoked on an event with nothing to do (an
//! empty deployment), so that what is measured is the function, not the data.

use envinorma_cloud::testing::unique_name;
use envinorma_cloud::{QueueSettings, SqsQueue};
use envinorma_e2e::function_url::request_event;
use envinorma_e2e::{FUNCTIONS, Stack, bootstrap, sample_event};
use serde_json::Value;
use std::time::{Duration, Instant};

const RUNS: usize = 5;

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

/// The settings and the event of a cheap invocation of `name`.
fn invocation(name: &str, ocr_queue: &str) -> (Vec<(&'static str, String)>, Value) {
    let html = [("accept".to_owned(), "text/html".to_owned())];
    let get = |path: &str, query: &str| request_event("GET", path, query, &html, b"");
    let web_keys = vec![
        (
            "ENVINORMA_SECRET_KEY",
            "bench-web-signing-key-of-at-least-32-bytes".into(),
        ),
        (
            "ENVINORMA_CONTACT_EMAIL",
            "envinorma@example.gouv.fr".into(),
        ),
    ];
    let bo_key = (
        "ENVINORMA_BO_SECRET_KEY",
        "bench-back-office-signing-key-32-bytes".into(),
    );
    match name {
        // The installation search: the first request opens the pool's first connection.
        "web" => (web_keys, get("/installations/search", "q=paris")),
        "back-office" => (vec![bo_key], get("/connexion", "")),
        // No object under the event's key: the functions say so and end (a missing object is
        // the S3 event of a deleted file, not an error).
        "icpe-import" => (vec![], sample_event("s3-put-misc-installations.json")),
        "am-import" => (vec![], sample_event("s3-put-am-latest.json")),
        // No dump in the inbox: ap-sync says so and stops.
        "ap-sync" => (
            vec![("ENVINORMA_OCR_QUEUE_URL", ocr_queue.to_owned())],
            sample_event("schedule-ap-sync.json"),
        ),
        // The job's site is unreachable from here: the job is given back to the queue.
        "ap-ocr" => (vec![], sample_event("sqs-ap-ocr-job.json")),
        "purge" => (vec![], sample_event("schedule-purge.json")),
        other => panic!("no invocation for {other}"),
    }
}

#[tokio::main]
async fn main() {
    println!(
        "| function | binary | init (median of {RUNS}) | first invocation | second | max memory |"
    );
    println!("|---|---|---|---|---|---|");
    for (name, _) in FUNCTIONS {
        let stack = Stack::new(&format!("{}-", unique_name())).await;
        let sqs = envinorma_cloud::testing::sqs_client(&stack.cloud).await;
        let queue = SqsQueue::create(sqs, &unique_name(), &QueueSettings::default(), None)
            .await
            .expect("a queue on the emulator");
        let (settings, event) = invocation(name, queue.url());
        let size = std::fs::metadata(bootstrap(name))
            .expect("the binary")
            .len();
        let (mut inits, mut firsts, mut seconds, mut memory) = (vec![], vec![], vec![], 0);
        for _ in 0..RUNS {
            let mut function = stack.start(name, &settings).await;
            inits.push(function.initialised().await);
            let started = Instant::now();
            function.invoke(&event).await;
            firsts.push(started.elapsed());
            let started = Instant::now();
            function.invoke(&event).await;
            seconds.push(started.elapsed());
            memory = memory.max(function.peak_memory_kib());
        }
        println!(
            "| {name} | {:.1} MB | {:.1} ms | {:.1} ms | {:.1} ms | {:.0} MB |",
            size as f64 / 1e6,
            median(inits).as_secs_f64() * 1e3,
            median(firsts).as_secs_f64() * 1e3,
            median(seconds).as_secs_f64() * 1e3,
            memory as f64 / 1024.0,
        );
    }
}
