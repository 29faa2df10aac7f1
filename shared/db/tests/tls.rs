//! libpq's `sslmode`s against a real PostgreSQL that accepts TLS only: a private cluster with a
//! self-signed certificate for `localhost`, made by `openssl req`, and `hostssl`-only rules.

use envinorma_db::DbConfig;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A cluster of its own in a temporary folder, stopped when dropped.
struct TlsServer {
    bin: PathBuf,
    data: PathBuf,
    port: u16,
    /// The root that signed the server's certificate.
    root: PathBuf,
    _dir: tempfile::TempDir,
}

/// `initdb` and `pg_ctl` refuse to run as root: as root they run as `postgres`.
fn as_owner(program: &Path) -> Command {
    let root = Command::new("id").arg("-u").output().expect("id -u").stdout == b"0\n";
    if !root {
        return Command::new(program);
    }
    let mut command = Command::new("runuser");
    command.args(["-u", "postgres", "--"]).arg(program);
    command
}

fn openssl(args: &[&str]) -> Command {
    let mut command = Command::new("openssl");
    command.args(args);
    command
}

fn run(command: &mut Command) {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{command:?}: {e}"));
    assert!(
        output.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

impl TlsServer {
    fn start() -> TlsServer {
        let version = std::fs::read_dir("/usr/lib/postgresql")
            .expect("Debian's postgresql package")
            .filter_map(|entry| {
                entry
                    .ok()?
                    .file_name()
                    .into_string()
                    .ok()?
                    .parse::<u32>()
                    .ok()
            })
            .max()
            .expect("a PostgreSQL version");
        let bin = PathBuf::from(format!("/usr/lib/postgresql/{version}/bin"));
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let (cert, key) = (dir.path().join("server.crt"), dir.path().join("server.key"));
        // A root, and the server's certificate for localhost signed by it (webpki refuses a
        // CA certificate as the server's own).
        let (root_key, csr) = (dir.path().join("root.key"), dir.path().join("server.csr"));
        let root = dir.path().join("root.crt");
        run(openssl(&[
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        ])
        .args(["-subj", "/CN=envinorma test root", "-keyout"])
        .arg(&root_key)
        .arg("-out")
        .arg(&root));
        run(openssl(&[
            "req",
            "-new",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=localhost",
        ])
        .args(["-addext", "subjectAltName=DNS:localhost", "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&csr));
        run(openssl(&[
            "x509",
            "-req",
            "-days",
            "2",
            "-copy_extensions",
            "copyall",
            "-in",
        ])
        .arg(&csr)
        .arg("-CA")
        .arg(&root)
        .arg("-CAkey")
        .arg(&root_key)
        .arg("-out")
        .arg(&cert));
        // The server reads its key only when the key is its own and private.
        run(Command::new("chmod").arg("600").arg(&key));
        run(Command::new("chmod").arg("755").arg(dir.path()));
        run(Command::new("chown")
            .arg("-R")
            .arg("postgres:postgres")
            .arg(dir.path()));
        run(as_owner(&bin.join("initdb"))
            .arg("-D")
            .arg(&data)
            .args(["--auth=trust", "--username=postgres"]));
        std::fs::write(
            data.join("pg_hba.conf"),
            "hostssl all all 127.0.0.1/32 trust\nhostssl all all ::1/128 trust\n",
        )
        .unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let options = format!(
            "-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories='' \
             -c ssl=on -c ssl_cert_file={} -c ssl_key_file={}",
            cert.display(),
            key.display()
        );
        run(as_owner(&bin.join("pg_ctl"))
            .args(["start", "-w", "-D"])
            .arg(&data)
            .arg("-l")
            .arg(dir.path().join("log"))
            .arg("-o")
            .arg(options));
        TlsServer {
            bin,
            data,
            port,
            root,
            _dir: dir,
        }
    }

    fn config(&self, host: &str, query: &str) -> Result<DbConfig, envinorma_db::ConfigError> {
        DbConfig::new(&format!(
            "postgres://postgres@{host}:{}/postgres?{query}",
            self.port
        ))
    }

    fn root(&self) -> String {
        self.root.display().to_string()
    }
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        let mut stop = as_owner(&self.bin.join("pg_ctl"));
        let _ = stop
            .args(["stop", "-m", "immediate", "-D"])
            .arg(&self.data)
            .output();
    }
}

/// Whether the session `config` opens is encrypted, or why it could not be opened (the whole
/// chain of causes, as the functions log it).
async fn encrypted(config: &DbConfig) -> Result<bool, String> {
    let client = config.connect().await.map_err(|e| chain(&e))?;
    let row = client
        .query_one(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .await
        .map_err(|e| e.to_string())?;
    Ok(row.get(0))
}

fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(error) = cause {
        text = format!("{text}: {error}");
        cause = error.source();
    }
    text
}

#[tokio::test]
async fn a_tls_only_server_is_reached_as_each_sslmode_says() {
    let server = TlsServer::start();
    let root = format!("sslrootcert={}", server.root());

    // require: encrypted, the self-signed certificate accepted unchecked; prefer likewise.
    for query in ["sslmode=require", "sslmode=prefer", ""] {
        let config = server.config("127.0.0.1", query).unwrap();
        assert_eq!(encrypted(&config).await, Ok(true), "{query}");
        let pooled = config.pool().unwrap().get().await;
        assert!(pooled.is_ok(), "{query}: the pool connects too");
    }

    // verify-full: the certificate is signed by the root and names localhost.
    let full = server
        .config("localhost", &format!("sslmode=verify-full&{root}"))
        .unwrap();
    assert_eq!(encrypted(&full).await, Ok(true));

    // verify-ca checks the chain but not the name; verify-full checks both.
    let ca = server
        .config("127.0.0.1", &format!("sslmode=verify-ca&{root}"))
        .unwrap();
    assert_eq!(encrypted(&ca).await, Ok(true));
    let wrong_name = server
        .config("127.0.0.1", &format!("sslmode=verify-full&{root}"))
        .unwrap();
    let error = encrypted(&wrong_name).await.unwrap_err();
    assert!(error.contains("not valid for name"), "{error}");

    // Without the root, the system's roots do not know the test root.
    let unknown = server.config("localhost", "sslmode=verify-full").unwrap();
    let error = encrypted(&unknown).await.unwrap_err();
    assert!(error.contains("UnknownIssuer"), "{error}");

    // disable: plain, which hostssl-only rules refuse.
    let plain = server.config("127.0.0.1", "sslmode=disable").unwrap();
    let error = encrypted(&plain).await.unwrap_err();
    assert!(
        error.contains("no pg_hba.conf entry") && error.contains("no encryption"),
        "{error}"
    );
}
