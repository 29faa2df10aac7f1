//! The back-office's operator commands as an operator runs them: `envinorma bo-user add`,
//! `bo seed` and `bo publish --out`, on a database of their own.

use envinorma_db::testing::{TestDatabase, count};
use std::io::Write;
use std::process::{Command, Stdio};

/// Runs `envinorma ARGS` against `db`, `stdin` as its input: (success, stdout, stderr).
fn envinorma(db: &TestDatabase, args: &[&str], stdin: &str) -> (bool, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_envinorma"))
        .args(args)
        .env("DATABASE_URL", db.url())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run envinorma");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    (
        output.status.success(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[tokio::test]
async fn bo_user_add_checks_the_login_and_the_password_and_shows_a_generated_one_once() {
    let db = TestDatabase::new().await;
    let (ok, _, stderr) = envinorma(&db, &["bo-user", "add", "x"], "");
    assert!(!ok);
    assert!(
        stderr.contains("login \"x\": 2 to 64 letters, digits or . - _ @"),
        "{stderr}"
    );

    let args = ["bo-user", "add", "editrice", "--password-stdin"];
    let (ok, _, stderr) = envinorma(&db, &args, "court\n");
    assert!(!ok);
    assert!(stderr.contains("at least 12 characters"), "{stderr}");

    let (ok, stdout, stderr) = envinorma(&db, &args, "un mot de passe assez long\n");
    assert!(ok, "{stderr}");
    assert_eq!(stdout, "", "a password given is never printed");

    let (ok, stdout, stderr) = envinorma(&db, &["bo-user", "add", "redacteur"], "");
    assert!(ok, "{stderr}");
    let password = stdout.trim_end();
    assert!(
        password.len() >= 12 && !password.contains(char::is_whitespace),
        "{stdout}"
    );
    let client = db.client().await;
    assert_eq!(count(&client, "SELECT count(*) FROM bo.editors").await, 2);
}

#[tokio::test]
async fn bo_seed_is_all_or_nothing_and_bo_publish_out_gives_back_the_files_seeded() {
    let db = TestDatabase::new().await;
    let out = tempfile::tempdir().unwrap();
    let out_dir = out.path().join("publies");
    let publish = ["bo", "publish", "--out", out_dir.to_str().unwrap()];

    // Nothing in force: an empty publication would empty the web app.
    let (ok, _, stderr) = envinorma(&db, &publish, "");
    assert!(!ok);
    assert!(
        stderr.contains("nothing published: no AM is in force"),
        "{stderr}"
    );
    assert!(!out_dir.exists());

    let ams = envinorma_test_support::demo_ams();
    let folder = tempfile::tempdir().unwrap();
    for (name, content) in &ams {
        std::fs::write(folder.path().join(name), content).unwrap();
    }
    std::fs::write(
        folder.path().join("JORFTEXT000000000001.json"),
        "{\"id\": 3}",
    )
    .unwrap();
    let seed = ["bo", "seed", folder.path().to_str().unwrap()];
    let (ok, _, stderr) = envinorma(&db, &seed, "");
    assert!(!ok);
    assert!(
        stderr.contains("nothing seeded: 1 file(s) refused")
            && stderr.contains("JORFTEXT000000000001.json"),
        "{stderr}"
    );
    let client = db.client().await;
    assert_eq!(count(&client, "SELECT count(*) FROM bo.ams").await, 0);

    std::fs::remove_file(folder.path().join("JORFTEXT000000000001.json")).unwrap();
    let (ok, _, stderr) = envinorma(&db, &seed, "");
    assert!(ok, "{stderr}");
    let (ok, _, stderr) = envinorma(&db, &publish, "");
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains(&format!("{} AMs written to ", ams.len())),
        "{stderr}"
    );
    // Our demo files are not in the original writer's layout (the real ones come back byte for
    // byte: back-office tests/round_trip.rs): the same JSON, in its layout.
    let json = |bytes: &[u8]| serde_json::from_slice::<serde_json::Value>(bytes).unwrap();
    for (name, content) in &ams {
        let published = std::fs::read(out_dir.join(name)).unwrap();
        assert_eq!(json(&published), json(content), "{name}");
    }
}
