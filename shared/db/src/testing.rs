//! A fresh database per test, copied from a template built once: tests run in parallel, each
//! on its own data, against the real PostgreSQL.
//!
//! The server is `DATABASE_URL` when set, else [`DbConfig::LOCAL_URL`]. A template is named by
//! the schema fingerprint and the caller's key, so it is built once per schema and reused by
//! later runs; change the key when the loader changes. Builders in several test binaries at
//! once queue on an advisory lock, and a template only gets its final name once complete.
//!
//! This is test support: it panics with a clear message instead of returning errors.

use crate::client::Client;
use crate::config::DbConfig;
use crate::error::DbError;
use crate::lock::AdvisoryLock;
use crate::migrate::{migrate, schema_fingerprint};
use deadpool_postgres::Pool;
use futures::future::BoxFuture;
use std::collections::HashSet;
use std::sync::Mutex;
use std::time::Duration;

/// Fills a template after the migrations (e.g. "IDF data loaded"), given the template's settings.
pub type Loader = for<'a> fn(&'a DbConfig) -> BoxFuture<'a, Result<(), LoadError>>;

/// Whatever a loader fails with.
pub type LoadError = Box<dyn std::error::Error + Send + Sync>;

/// A template database: the migrated schema, plus what its loader adds.
#[derive(Clone, Copy)]
pub struct Template {
    /// Names the template's content: lower-case letters, digits, `_`; at most 20 characters.
    pub key: &'static str,
    /// Runs on the migrated template, once.
    pub load: Option<Loader>,
}

impl Template {
    /// The migrated schema, no data.
    pub const EMPTY: Template = Template {
        key: "empty",
        load: None,
    };

    fn database_name(&self) -> String {
        assert!(
            !self.key.is_empty()
                && self.key.len() <= 20
                && self
                    .key
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "template key {:?}: use 1 to 20 lower-case letters, digits or _",
            self.key
        );
        format!("envinorma_tpl_{}_{}", &schema_fingerprint()[..12], self.key)
    }
}

/// The server tests use: `DATABASE_URL`, else the local one.
pub fn server_config() -> DbConfig {
    DbConfig::new(&server_url()).unwrap_or_else(|e| panic!("test database: {e}"))
}

fn server_url() -> String {
    std::env::var("DATABASE_URL").unwrap_or_else(|_| DbConfig::LOCAL_URL.into())
}

/// What a counting query without parameters (`SELECT count(*) …`) answers, the number tests
/// assert on.
pub async fn count(client: &impl Client, sql: &str) -> i64 {
    let row = client.query_one(sql, &[]).await;
    row.unwrap_or_else(|e| panic!("{sql}: {e}")).get(0)
}

/// A database of its own for one test, dropped with it.
pub struct TestDatabase {
    name: String,
    config: DbConfig,
    pool: Pool,
}

impl TestDatabase {
    /// A fresh database with the migrated schema and no data.
    pub async fn new() -> TestDatabase {
        TestDatabase::from_template(Template::EMPTY).await
    }

    /// A fresh copy of `template`, built first if needed.
    pub async fn from_template(template: Template) -> TestDatabase {
        let server = server_config();
        let template_name = ensure_template(&server, template).await;
        TestDatabase::create(server, &template_name).await
    }

    /// A fresh database without any table, not even the migrations' (to test migrating).
    pub async fn bare() -> TestDatabase {
        TestDatabase::create(server_config(), "template0").await
    }

    async fn create(server: DbConfig, template_name: &str) -> TestDatabase {
        let name = format!("envinorma_test_{}", uuid::Uuid::new_v4().simple());
        let admin = connect(&server).await;
        let sql = format!("CREATE DATABASE {name} TEMPLATE {template_name}");
        // A template being copied by another test at the same instant is "in use": retry.
        retry(
            || admin.batch_execute(&sql),
            &format!("cannot create {name}"),
        )
        .await;
        let config = server.with_dbname(&name);
        let pool = config.pool().unwrap_or_else(|e| panic!("{e}"));
        TestDatabase { name, config, pool }
    }

    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// This database's URL, for the `DATABASE_URL` of a child process (a CLI under test): the
    /// server's URL, which for tests carries no query string, ending in this database's name.
    pub fn url(&self) -> String {
        let server = server_url();
        let (server, _) = server.rsplit_once('/').expect("a URL with a database");
        format!("{server}/{}", self.name)
    }

    /// Settings pointing at this database.
    pub fn config(&self) -> &DbConfig {
        &self.config
    }

    /// A pool of connections to this database.
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// One connection to this database.
    pub async fn client(&self) -> deadpool_postgres::Object {
        self.pool.get().await.unwrap_or_else(|e| panic!("{e}"))
    }

    /// A fingerprint of every row of every table: equal fingerprints, equal contents.
    pub async fn checksum(&self) -> String {
        let client = self.client().await;
        let tables = client
            .query(
                "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
                &[],
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let mut sums = Vec::new();
        for table in tables {
            let table: String = table.get(0);
            // The names come from the catalog, quoted by the server.
            let sql = format!(
                "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {table} t"
            );
            let row = client
                .query_one(&sql, &[])
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            sums.push(format!(
                "{table}:{}:{}",
                row.get::<_, i64>(0),
                row.get::<_, String>(1)
            ));
        }
        sums.join(" ")
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        self.pool.close();
        let server = self.config.with_dbname(server_config().dbname());
        let name = self.name.clone();
        // Drop cannot await, and the test's runtime may be shutting down: a thread of its own.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            runtime.block_on(async {
                let admin = server.connect().await?;
                admin
                    .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await?;
                Ok::<_, DbError>(())
            })?;
            Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
        })
        .join();
        if let Ok(Err(error)) = dropped {
            eprintln!("could not drop test database {}: {error}", self.name);
        }
    }
}

/// Templates known complete in this process.
static READY: Mutex<Option<HashSet<String>>> = Mutex::new(None);

fn is_ready(name: &str) -> bool {
    READY
        .lock()
        .map(|ready| ready.as_ref().is_some_and(|set| set.contains(name)))
        .unwrap_or(false)
}

/// The template's name, after building it if no process has.
async fn ensure_template(server: &DbConfig, template: Template) -> String {
    let name = template.database_name();
    if is_ready(&name) {
        return name;
    }
    let admin = connect(server).await;
    AdvisoryLock::TestTemplates
        .for_session(&admin)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let exists = admin
        .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&name])
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .is_some();
    if !exists {
        build_template(server, &admin, &name, template).await;
    }
    AdvisoryLock::TestTemplates
        .release(&admin)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    if let Ok(mut ready) = READY.lock() {
        ready.get_or_insert_with(HashSet::new).insert(name.clone());
    }
    name
}

/// Builds under a temporary name, renamed when complete: a half-built template (a panicking
/// loader, a killed process) is never used, and is rebuilt by the next run.
async fn build_template(
    server: &DbConfig,
    admin: &tokio_postgres::Client,
    name: &str,
    template: Template,
) {
    let building = format!("{name}_building");
    let run = |sql: String| async move {
        admin
            .batch_execute(&sql)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    };
    run(format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)")).await;
    run(format!("CREATE DATABASE {building}")).await;
    let config = server.with_dbname(&building);
    {
        let mut client = connect(&config).await;
        migrate(&mut client).await.unwrap_or_else(|e| panic!("{e}"));
    }
    if let Some(load) = template.load {
        load(&config)
            .await
            .unwrap_or_else(|e| panic!("loading template {name}: {e}"));
    }
    // Connections close asynchronously: renaming waits until they are gone.
    let rename = format!("ALTER DATABASE {building} RENAME TO {name}");
    retry(
        || admin.batch_execute(&rename),
        &format!("cannot rename {building}"),
    )
    .await;
}

async fn connect(config: &DbConfig) -> tokio_postgres::Client {
    config
        .connect()
        .await
        .unwrap_or_else(|e| panic!("cannot connect to the test server ({config:?}): {e}"))
}

/// Retries a statement that fails while another session uses a database.
async fn retry<'a, F, Fut>(mut attempt: F, what: &str)
where
    F: FnMut() -> Fut + 'a,
    Fut: std::future::Future<Output = Result<(), tokio_postgres::Error>>,
{
    let mut last = None;
    for _ in 0..100 {
        match attempt().await {
            Ok(()) => return,
            Err(error) if error.code() == Some(&tokio_postgres::error::SqlState::OBJECT_IN_USE) => {
                last = Some(error);
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(error) => panic!("{what}: {error}"),
        }
    }
    panic!("{what}: still in use after 5 s: {last:?}");
}
