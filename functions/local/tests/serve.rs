//! `envinorma serve web` and `envinorma dev` as people run them: the real binary on a free port,
//! against a database of its own, driven over HTTP.

use envinorma_cloud::testing;
use envinorma_cloud::{Bucket, CloudConfig, ObjectStore};
use envinorma_db::testing::TestDatabase;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus};
use std::time::{Duration, Instant};

/// The demo APs (`demo/georisques`, their documents in `demo/aps`): a scan, a PDF with text, and a
/// broken file.
const DEMO_AP: &str = "D/9/90000000000000000000000000000001";
const TEXT_DEMO_AP: &str = "D/9/90000000000000000000000000000002";
const FAILED_DEMO_AP: &str = "D/9/90000000000000000000000000000004";

fn demo(file: &str) -> PathBuf {
    envinorma_test_support::repo_path("demo").join(file)
}

fn free_port() -> u16 {
    let probe = TcpListener::bind("127.0.0.1:0").unwrap();
    probe.local_addr().unwrap().port()
}

fn envinorma() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_envinorma"));
    command.env_remove("ENVINORMA_LOCAL_BUCKETS");
    command
}

/// A running `envinorma`, its output in a file; killed when the test ends, however it ends.
struct Running {
    child: Child,
    log: tempfile::NamedTempFile,
    port: u16,
}

impl Running {
    fn spawn(mut command: Command, port: u16) -> Running {
        let log = tempfile::NamedTempFile::new().unwrap();
        let child = command
            .stdout(log.reopen().unwrap())
            .stderr(log.reopen().unwrap())
            .spawn()
            .expect("run envinorma");
        let mut running = Running { child, log, port };
        running.wait_until_listening();
        running
    }

    fn output(&self) -> String {
        std::fs::read_to_string(self.log.path()).unwrap()
    }

    /// The server answers once the migrations and the demo are done: a debug build on a busy
    /// machine takes a while.
    fn wait_until_listening(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(180);
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("envinorma exited ({status}):\n{}", self.output());
            }
            assert!(
                Instant::now() < deadline,
                "not listening:\n{}",
                self.output()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Status and body of `GET path`.
    fn get(&self, path: &str) -> (u16, Vec<u8>) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
            self.port
        )
        .unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let end = response
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no HTTP response to {path}:\n{}", self.output()));
        let head = String::from_utf8_lossy(&response[..end]).to_lowercase();
        assert!(!head.contains("transfer-encoding"), "{head}");
        let status = head[9..12].parse().unwrap();
        (status, response[end + 4..].to_vec())
    }

    /// The page at `path`, which must answer 200.
    fn page(&self, path: &str) -> String {
        let (status, body) = self.get(path);
        let body = String::from_utf8(body).unwrap();
        assert_eq!(status, 200, "GET {path}: {body}\n{}", self.output());
        body
    }

    /// Stops it as Ctrl-C or a service manager would.
    fn terminate(mut self) -> (ExitStatus, String) {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return (status, self.output());
            }
            assert!(
                Instant::now() < deadline,
                "still running:\n{}",
                self.output()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn run_to_success(command: &mut Command) {
    let output = command.output().expect("run envinorma");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

async fn installation_id(db: &TestDatabase, s3ic_id: &str) -> i64 {
    db.client()
        .await
        .query_one(
            "SELECT id FROM installations WHERE s3ic_id = $1 AND user_id IS NULL",
            &[&s3ic_id],
        )
        .await
        .unwrap()
        .get(0)
}

/// The installation page shows the classements of the demo's asphalt plant, its AMs and APs.
fn assert_demo_plant_page(page: &str) {
    for expected in [
        "Centrale d",
        "9000.00001",
        "<td>2521",
        "<td>2910",
        "data-am-id=\"JORFTEXT000090000001\"",
        "Arrêté préfectoral complémentaire (bruit)",
    ] {
        assert!(page.contains(expected), "{expected} not in:\n{page}");
    }
}

#[tokio::test]
async fn serve_web_serves_the_database_as_it_is_and_streams_ap_pdfs_from_local_buckets() {
    let db = TestDatabase::new().await;
    let url = db.url();
    run_to_success(
        envinorma()
            .args(["import", "ams"])
            .arg(demo("ams"))
            .env("DATABASE_URL", &url),
    );
    run_to_success(
        envinorma()
            .args(["import", "icpe"])
            .args(["installations", "classements"].map(|k| demo(&format!("{k}_demo.csv"))))
            .env("DATABASE_URL", &url)
            .env("ICPE_DATASET", "demo"),
    );
    // Two APs of the plant, as ap-sync would have imported them.
    let client = db.client().await;
    let plant = installation_id(&db, "9000.00001").await;
    client
        .execute(
            "INSERT INTO aps (georisques_id, installation_id, installation_s3ic_id, description, ocr_status)
             VALUES ($1, $2, '9000.00001', 'Arrêté préfectoral d''autorisation', 'SUCCESS'),
                    ($3, $2, '9000.00001', 'Arrêté préfectoral complémentaire (bruit)', 'SUCCESS')",
            &[&DEMO_AP, &plant, &TEXT_DEMO_AP],
        )
        .await
        .unwrap();
    let buckets = tempfile::tempdir().unwrap();
    let pdf = buckets.path().join(format!("ap/{DEMO_AP}.pdf"));
    std::fs::create_dir_all(pdf.parent().unwrap()).unwrap();
    std::fs::write(&pdf, b"%PDF-1.4 test").unwrap();

    let port = free_port();
    let mut command = envinorma();
    command
        .args(["serve", "web", "--port", &port.to_string()])
        .env("DATABASE_URL", &url)
        .env("ENVINORMA_ENV", "local")
        .env("ENVINORMA_LOCAL_BUCKETS", buckets.path());
    let server = Running::spawn(command, port);

    assert!(server.page("/").contains("<html lang=\"fr\""));
    let id = installation_id(&db, "9000.00001").await;
    assert_demo_plant_page(&server.page(&format!("/installations/{id}")));
    assert_eq!(
        server.get(&format!("/aps/{DEMO_AP}.pdf")),
        (200, b"%PDF-1.4 test".to_vec())
    );
    // Known to the database, but without a file in the bucket.
    let (status, _) = server.get(&format!("/aps/{TEXT_DEMO_AP}.pdf"));
    assert_eq!(status, 404);
}

#[tokio::test]
async fn dev_loads_the_demo_through_the_imports_and_serves_it_again_on_the_next_run() {
    let db = TestDatabase::bare().await;
    let state = tempfile::tempdir().unwrap();
    for run in 0..2 {
        let (port, bo_port) = (free_port(), free_port());
        let mut command = envinorma();
        command
            .args(["dev", "--port", &port.to_string()])
            .args(["--bo-port", &bo_port.to_string()])
            .env("DATABASE_URL", db.url())
            .env("ENVINORMA_DEV_DIR", state.path());
        let dev = Running::spawn(command, port);

        let found = dev.page("/installations/search?q=9000.00001");
        let id = installation_id(&db, "9000.00001").await;
        // Links point at the port served.
        let link = format!("\"link\":\"http://localhost:{port}/installations/{id}\"");
        assert!(found.contains(&link), "run {run}: {found}");
        assert_demo_plant_page(&dev.page(&format!("/installations/{id}")));
        // The scan was OCRed by the real pipeline: its text is searchable.
        let (status, pdf) = dev.get(&format!("/aps/{DEMO_AP}.pdf"));
        assert_eq!(status, 200);
        assert!(pdf.starts_with(b"%PDF-"));
        let pages = db
            .client()
            .await
            .query_one(
                "SELECT text FROM ap_pages WHERE georisques_id = $1 AND page = 1",
                &[&DEMO_AP],
            )
            .await
            .unwrap();
        let text: String = pages.get(0);
        assert!(
            text.contains("centrale d'enrobage"),
            "run {run}: OCR text {text}"
        );
        // The demo APs show each way an AP is shown.
        for (s3ic_id, ap, shown) in [
            ("9000.00001", DEMO_AP, "<object class=\"ap-pdf\""),
            ("9000.00001", TEXT_DEMO_AP, "<object class=\"ap-pdf\""),
            ("9000.00004", FAILED_DEMO_AP, "le traitement OCR"),
        ] {
            let id = installation_id(&db, s3ic_id).await;
            let ap = ap.replace('/', "%2F");
            let page = dev.page(&format!("/installations/{id}/arretes?ap_ids%5B%5D={ap}"));
            assert!(page.contains(shown), "{s3ic_id}: {shown} not in\n{page}");
        }

        if run == 0 {
            publish_from_the_back_office(&dev, bo_port).await;
        }

        let (status, output) = dev.terminate();
        assert!(status.success(), "run {run}: {status}\n{output}");
        assert!(
            output.contains("icpe import")
                && output.contains(&format!("http://localhost:{port}"))
                && (run == 1 || output.contains("ap-ocr: OCRed, 1 page(s)")),
            "run {run}:\n{output}"
        );
    }
    let counts = db
        .client()
        .await
        .query_one(
            "SELECT (SELECT count(*) FROM installations), (SELECT count(*) FROM aps)",
            &[],
        )
        .await
        .unwrap();
    assert_eq!((counts.get::<_, i64>(0), counts.get::<_, i64>(1)), (4, 4));
}

#[tokio::test]
async fn dev_on_an_s3_and_sqs_emulator_keeps_its_objects_there_and_follows_their_events() {
    let db = TestDatabase::bare().await;
    let state = tempfile::tempdir().unwrap();
    let endpoint = testing::endpoint();
    let prefix = format!("{}-", testing::unique_name());
    let (port, bo_port) = (free_port(), free_port());
    let mut command = envinorma();
    command
        .args(["dev", "--port", &port.to_string()])
        .args(["--bo-port", &bo_port.to_string()])
        .args(["--aws-endpoint", &endpoint])
        .env("DATABASE_URL", db.url())
        .env("ENVINORMA_DEV_DIR", state.path())
        .env("ENVINORMA_BUCKET_PREFIX", &prefix);
    let dev = Running::spawn(command, port);
    let id = installation_id(&db, "9000.00001").await;
    assert_demo_plant_page(&dev.page(&format!("/installations/{id}")));

    // The demo's files, the OCR's results and the reports are the emulator's objects.
    let cloud = CloudConfig::from_lookup(|name| match name {
        "AWS_ENDPOINT_URL" => Some(endpoint.clone()),
        "AWS_REGION" => Some("us-east-1".into()),
        "ENVINORMA_BUCKET_PREFIX" => Some(prefix.clone()),
        _ => None,
    })
    .unwrap();
    let store = testing::s3_store_of(&cloud).await;
    let pdf = store
        .get(Bucket::Ap, &format!("{DEMO_AP}.pdf"))
        .await
        .unwrap();
    assert!(pdf.body.starts_with(b"%PDF-"));
    let prepared = store
        .get(Bucket::Misc, "installations_demo.csv")
        .await
        .unwrap();
    assert_eq!(
        prepared.body,
        std::fs::read(demo("installations_demo.csv")).unwrap()
    );
    assert!(
        !state.path().join("buckets").exists(),
        "nothing in local folders"
    );

    // A publication reaches am-import through the bucket's notifications to SQS.
    publish_from_the_back_office(&dev, bo_port).await;
    let published = store.list(Bucket::Am, "ams/").await.unwrap();
    assert!(
        published
            .iter()
            .any(|object| object.key == "ams/latest.zip"),
        "{published:?}"
    );

    let (status, output) = dev.terminate();
    assert!(status.success(), "{status}\n{output}");
    assert!(
        output.contains("ap-ocr: OCRed, 1 page(s)") && output.contains(&endpoint),
        "{output}"
    );
}

#[test]
fn dev_without_database_url_runs_a_private_postgresql_and_stops_it_on_exit() {
    let state = tempfile::tempdir().unwrap();
    // As root, the cluster belongs to postgres, who must be able to reach it.
    std::fs::set_permissions(state.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let port = free_port();
    let mut command = envinorma();
    command
        .args(["dev", "--no-demo", "--port", &port.to_string()])
        .args(["--bo-port", &free_port().to_string()])
        .env_remove("DATABASE_URL")
        .env("ENVINORMA_DEV_DIR", state.path());
    let dev = Running::spawn(command, port);
    assert_eq!(dev.page("/installations/search?q=9000"), "[]");
    let pid_file = state.path().join("pg/data/postmaster.pid");
    assert!(pid_file.exists());

    let (status, output) = dev.terminate();
    assert!(status.success(), "{status}\n{output}");
    assert!(!pid_file.exists(), "PostgreSQL still runs:\n{output}");
}

/// The demo editor signs in to the back-office with the password `envinorma dev` printed, sees
/// the demo AMs and publishes them: the archive reaches am-import, as S3 notifications do.
async fn publish_from_the_back_office(dev: &Running, bo_port: u16) {
    let output = dev.output();
    let password = output
        .lines()
        .find_map(|line| line.split_once("editor demo with the password "))
        .map(|(_, password)| password.trim().to_owned())
        .unwrap_or_else(|| panic!("no back-office password in:\n{output}"));
    let url = format!("http://localhost:{bo_port}");
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let token = |html: &str| {
        let document = scraper::Html::parse_document(html);
        let selector = scraper::Selector::parse("input[name=csrf_token]").unwrap();
        let input = document.select(&selector).next().expect("a form");
        input.value().attr("value").unwrap().to_owned()
    };
    let login = browser.get(format!("{url}/")).send().await.unwrap();
    assert!(login.url().path().starts_with("/connexion"));
    let login = login.text().await.unwrap();
    let catalogue = browser
        .post(format!("{url}/connexion"))
        .form(&[
            ("csrf_token", token(&login).as_str()),
            ("login", "demo"),
            ("password", password.as_str()),
            ("suite", "/"),
        ])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        catalogue.contains("<caption>En vigueur (3)</caption>"),
        "{catalogue}"
    );
    let imports = |output: &str| output.matches("am-import ").count();
    let before = imports(&dev.output());
    let published = browser
        .post(format!("{url}/publier"))
        .form(&[("csrf_token", token(&catalogue).as_str())])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        published.contains("AMs exportés avec succès."),
        "{published}"
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    while imports(&dev.output()) == before {
        assert!(Instant::now() < deadline, "no am-import:\n{}", dev.output());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
