//! The PostgreSQL cluster `envinorma dev` runs when DATABASE_URL is not set: created once in a
//! folder with the machine's `initdb`, started for the run on a free port of 127.0.0.1 (no unix
//! socket, whose path would be too long in deep folders), stopped when the run ends.

use anyhow::{Context, bail};
use envinorma_db::DbConfig;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where Debian's `postgresql-NN` packages put the server programs.
const POSTGRESQL_LIB: &str = "/usr/lib/postgresql";
/// The database the app uses in the cluster.
const DATABASE: &str = "envinorma";

/// A running cluster; dropping it stops the server if this run started it.
pub struct PrivateCluster {
    bin: PathBuf,
    data: PathBuf,
    /// `initdb` and `pg_ctl` refuse to run as root: as root they run as `postgres`.
    as_postgres: bool,
    port: u16,
    started_here: bool,
}

impl PrivateCluster {
    /// Creates the cluster in `dir` if needed, and starts it, or joins it when it runs already
    /// (a previous run killed before it could stop it, or another `envinorma dev`).
    pub fn start(dir: &Path) -> anyhow::Result<PrivateCluster> {
        let mut cluster = PrivateCluster {
            bin: newest_server_bin()?,
            data: dir.join("data"),
            as_postgres: running_as_root()?,
            port: 0,
            started_here: false,
        };
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        if cluster.as_postgres {
            run(
                Command::new("chown").arg("postgres:postgres").arg(dir),
                "chown to postgres",
            )?;
        }
        if !cluster.data.join("PG_VERSION").exists() {
            println!(
                "creating a PostgreSQL cluster in {}",
                cluster.data.display()
            );
            run(
                cluster
                    .program("initdb")
                    .arg("-D")
                    .arg(&cluster.data)
                    .args(["--auth=trust", "--username=postgres"])
                    .args(["--encoding=UTF8", "--locale=C.UTF-8"]),
                "initdb",
            )?;
        }
        let status = cluster
            .program("pg_ctl")
            .arg("status")
            .arg("-D")
            .arg(&cluster.data)
            .output()
            .context("cannot run pg_ctl status")?;
        if status.status.success() {
            cluster.port = cluster.running_port()?;
            println!(
                "PostgreSQL of {} already runs (port {}): used, and left running",
                cluster.data.display(),
                cluster.port
            );
            return Ok(cluster);
        }
        cluster.port = free_port()?;
        let log = dir.join("postgres.log");
        let options = format!(
            "-c listen_addresses=127.0.0.1 -c port={} -c unix_socket_directories=''",
            cluster.port
        );
        run(
            cluster
                .program("pg_ctl")
                .arg("start")
                .arg("-w")
                .arg("-D")
                .arg(&cluster.data)
                .arg("-l")
                .arg(&log)
                .arg("-o")
                .arg(options),
            &format!("pg_ctl start (see {})", log.display()),
        )?;
        cluster.started_here = true;
        Ok(cluster)
    }

    /// The URL of the app's database (no password: trust authentication, local connections only).
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{DATABASE}", self.port)
    }

    /// The app's database in the cluster, created on first use.
    pub async fn database(&self) -> anyhow::Result<DbConfig> {
        let app = DbConfig::new(&self.url())?;
        let server = app.with_dbname("postgres");
        let admin = server
            .connect()
            .await
            .context("cannot connect to the private PostgreSQL")?;
        let exists = admin
            .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&DATABASE])
            .await?
            .is_some();
        if !exists {
            admin
                .batch_execute(&format!("CREATE DATABASE {DATABASE}"))
                .await
                .context("cannot create the database of the private PostgreSQL")?;
        }
        Ok(app)
    }

    /// A program of the server's, run as the cluster's owner.
    fn program(&self, name: &str) -> Command {
        let program = self.bin.join(name);
        if !self.as_postgres {
            return Command::new(program);
        }
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    }

    /// The port of a running server: the fourth line of its `postmaster.pid`.
    fn running_port(&self) -> anyhow::Result<u16> {
        let pid_file = self.data.join("postmaster.pid");
        let content = std::fs::read_to_string(&pid_file)
            .with_context(|| format!("cannot read {}", pid_file.display()))?;
        content
            .lines()
            .nth(3)
            .and_then(|line| line.trim().parse().ok())
            .with_context(|| format!("no port in {}", pid_file.display()))
    }
}

impl Drop for PrivateCluster {
    fn drop(&mut self) {
        if !self.started_here {
            return;
        }
        let mut stop = self.program("pg_ctl");
        stop.args(["stop", "-w", "-m", "fast", "-D"])
            .arg(&self.data);
        match run(&mut stop, "pg_ctl stop") {
            Ok(()) => println!("PostgreSQL stopped"),
            Err(error) => eprintln!("{error:#}"),
        }
    }
}

/// The `bin` folder of the newest PostgreSQL installed (`/usr/lib/postgresql/<version>/bin`).
fn newest_server_bin() -> anyhow::Result<PathBuf> {
    let versions = std::fs::read_dir(POSTGRESQL_LIB).ok().into_iter().flatten();
    let newest = versions
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            let version: Vec<u32> = name
                .split('.')
                .map(|n| n.parse().ok())
                .collect::<Option<_>>()?;
            Some((version, name))
        })
        .max();
    match newest {
        Some((_, name)) => Ok(Path::new(POSTGRESQL_LIB).join(name).join("bin")),
        None => bail!(
            "no PostgreSQL server in {POSTGRESQL_LIB} (install the postgresql package, \
             or set DATABASE_URL to a database)"
        ),
    }
}

fn running_as_root() -> anyhow::Result<bool> {
    let output = Command::new("id")
        .arg("-u")
        .output()
        .context("cannot run id -u")?;
    Ok(String::from_utf8_lossy(&output.stdout).trim() == "0")
}

/// A port nobody listens on now (the server binds it a moment later).
fn free_port() -> anyhow::Result<u16> {
    let probe =
        std::net::TcpListener::bind("127.0.0.1:0").context("cannot find a free local port")?;
    Ok(probe.local_addr()?.port())
}

/// Runs a command to completion; its stderr tells why it failed.
fn run(command: &mut Command, what: &str) -> anyhow::Result<()> {
    let output = command
        .output()
        .with_context(|| format!("cannot run {what}"))?;
    if !output.status.success() {
        bail!(
            "{what} failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(())
}
