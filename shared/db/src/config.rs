//! Database settings from the environment, and the connection pool built from them.

use crate::error::DbError;
use crate::tls::{SslMode, TlsConnector, TlsSettings};
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// Where the database is and how many connections to keep.
///
/// The URL (which holds the password) is parsed once and not kept; `Debug` shows no secret.
#[derive(Clone)]
pub struct DbConfig {
    /// The driver's settings, the timeouts included in its `options`.
    pg: tokio_postgres::Config,
    /// The `options` the URL gave, which come after ours and so win.
    url_options: Option<String>,
    ssl_mode: SslMode,
    tls: TlsConnector,
    /// Longest a statement may run (0: no limit); see [`DbConfig::DEFAULT_STATEMENT_TIMEOUT`].
    statement_timeout: Duration,
    /// Longest a statement may wait for a lock (0: no limit).
    lock_timeout: Duration,
    /// Most connections the pool opens, when DATABASE_POOL_SIZE says (see [`DbConfig::pool_size`]).
    pool_size: Option<usize>,
    /// How long to wait for a free connection or a new one.
    pub timeout: Duration,
}

/// An invalid database setting.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// DATABASE_URL is not set.
    #[error("DATABASE_URL is not set (expected postgres://user:password@host:port/dbname)")]
    MissingUrl,
    /// DATABASE_URL cannot be parsed; the message never repeats the URL, which may hold a password.
    #[error("DATABASE_URL is not a valid PostgreSQL URL: {0}")]
    InvalidUrl(String),
    /// DATABASE_POOL_SIZE is not a positive number.
    #[error("DATABASE_POOL_SIZE must be a positive whole number, not {0:?}")]
    InvalidPoolSize(String),
    /// DATABASE_URL's `sslmode` is none of libpq's values that we implement.
    #[error(
        "DATABASE_URL: sslmode must be disable, prefer, require, verify-ca or verify-full, not {0:?}"
    )]
    InvalidSslMode(String),
    /// DATABASE_URL's `sslrootcert` (or the system's roots) gives no usable root certificate.
    #[error("DATABASE_URL: sslrootcert {path}: {reason}")]
    RootCert {
        /// The file, or `system`.
        path: String,
        /// What went wrong reading it.
        reason: String,
    },
    /// The TLS client cannot be set up.
    #[error("cannot set up TLS for the database: {0}")]
    Tls(String),
    /// A timeout variable is not a whole number of milliseconds.
    #[error("{name} must be a whole number of milliseconds (0: no limit), not {value:?}")]
    InvalidTimeout {
        /// The variable.
        name: &'static str,
        /// Its value.
        value: String,
    },
}

impl DbConfig {
    /// The pool size when DATABASE_POOL_SIZE is not set.
    pub const DEFAULT_POOL_SIZE: usize = 4;
    /// The server the tests and the local runner use when DATABASE_URL is not set.
    pub const LOCAL_URL: &'static str = "postgres://postgres@127.0.0.1:5432/postgres";
    /// A statement running longer is cancelled: a stuck query fails the request a little before
    /// a web function's 30 s timeout instead of holding the function until it is killed.
    /// The batch jobs lift it (see [`crate::lock::AdvisoryLock`]).
    pub const DEFAULT_STATEMENT_TIMEOUT: Duration = Duration::from_secs(25);
    /// A statement waiting longer for a lock fails: short, as requests wait on each other's rows
    /// only for moments.
    pub const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(5);

    /// Reads the process environment.
    pub fn from_env() -> Result<DbConfig, ConfigError> {
        DbConfig::from_lookup(|name| std::env::var(name).ok())
    }

    /// From DATABASE_URL (required), DATABASE_POOL_SIZE, DATABASE_STATEMENT_TIMEOUT_MS and
    /// DATABASE_LOCK_TIMEOUT_MS (optional) read through `lookup` (the environment, or a map in
    /// tests); blank values count as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<DbConfig, ConfigError> {
        let get = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        let url = get("DATABASE_URL").ok_or(ConfigError::MissingUrl)?;
        let mut config = DbConfig::new(&url)?;
        if let Some(size) = get("DATABASE_POOL_SIZE") {
            let size = size
                .trim()
                .parse()
                .ok()
                .filter(|n| *n > 0)
                .ok_or(ConfigError::InvalidPoolSize(size))?;
            config.pool_size = Some(size);
        }
        let millis = |name: &'static str| -> Result<Option<Duration>, ConfigError> {
            get(name)
                .map(|value| {
                    value
                        .trim()
                        .parse()
                        .map(Duration::from_millis)
                        .map_err(|_| ConfigError::InvalidTimeout { name, value })
                })
                .transpose()
        };
        if let Some(timeout) = millis("DATABASE_STATEMENT_TIMEOUT_MS")? {
            config.statement_timeout = timeout;
        }
        if let Some(timeout) = millis("DATABASE_LOCK_TIMEOUT_MS")? {
            config.lock_timeout = timeout;
        }
        config.set_options();
        Ok(config)
    }

    /// From a URL (`postgres://…`) or a key=value connection string, with the default timeouts.
    /// The URL's `sslmode` and `sslrootcert` mean what they mean to libpq (see [`crate::tls`]);
    /// the verifying modes and `sslrootcert` need the URL form.
    pub fn new(url: &str) -> Result<DbConfig, ConfigError> {
        let (url, tls) = TlsSettings::take_from_url(url)?;
        let mut pg = tokio_postgres::Config::from_str(&url)
            .map_err(|e| ConfigError::InvalidUrl(e.to_string()))?;
        pg.ssl_mode(tls.mode.driver_mode());
        if pg.get_application_name().is_none() {
            pg.application_name("envinorma");
        }
        if pg.get_connect_timeout().is_none() {
            pg.connect_timeout(Duration::from_secs(10));
        }
        let mut config = DbConfig {
            url_options: pg.get_options().map(str::to_string),
            pg,
            ssl_mode: tls.mode,
            tls: tls.connector()?,
            statement_timeout: DbConfig::DEFAULT_STATEMENT_TIMEOUT,
            lock_timeout: DbConfig::DEFAULT_LOCK_TIMEOUT,
            pool_size: None,
            timeout: Duration::from_secs(30),
        };
        config.set_options();
        Ok(config)
    }

    /// The timeouts as startup parameters, so that every connection has them from its first
    /// statement, pooled or not, without a round trip. The URL's own `options` come after: the
    /// server applies `-c` settings in order, so a user's `-c statement_timeout=…` wins.
    fn set_options(&mut self) {
        let mut options = format!(
            "-c statement_timeout={} -c lock_timeout={}",
            self.statement_timeout.as_millis(),
            self.lock_timeout.as_millis()
        );
        if let Some(theirs) = &self.url_options {
            options.push(' ');
            options.push_str(theirs);
        }
        self.pg.options(options);
    }

    /// The same server and credentials, another database.
    pub fn with_dbname(&self, dbname: &str) -> DbConfig {
        let mut config = self.clone();
        config.pg.dbname(dbname);
        config
    }

    /// The same settings with `size` connections unless DATABASE_POOL_SIZE set another number:
    /// a server answers many requests at once, where a Lambda instance answers one.
    pub fn with_default_pool_size(mut self, size: usize) -> DbConfig {
        self.pool_size.get_or_insert(size);
        self
    }

    /// Most connections the pool opens: DATABASE_POOL_SIZE, else [`DbConfig::DEFAULT_POOL_SIZE`]
    /// (a Lambda instance handles one event at a time: keep it small).
    pub fn pool_size(&self) -> usize {
        self.pool_size.unwrap_or(DbConfig::DEFAULT_POOL_SIZE)
    }

    /// The database name (for logs).
    pub fn dbname(&self) -> &str {
        self.pg.get_dbname().unwrap_or("postgres")
    }

    /// The driver's settings, for direct connections.
    pub fn pg_config(&self) -> &tokio_postgres::Config {
        &self.pg
    }

    /// A pool of connections; none is opened until one is asked for.
    pub fn pool(&self) -> Result<Pool, DbError> {
        let manager = Manager::from_config(
            self.pg.clone(),
            self.tls.clone(),
            ManagerConfig {
                // Fast: a broken connection fails its next statement and is replaced then.
                recycling_method: RecyclingMethod::Fast,
            },
        );
        Pool::builder(manager)
            .max_size(self.pool_size())
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(self.timeout))
            .create_timeout(Some(self.timeout))
            .build()
            .map_err(|e| DbError::Data(format!("cannot build the connection pool: {e}")))
    }

    /// One connection outside any pool, its driver task spawned on the current runtime.
    pub async fn connect(&self) -> Result<tokio_postgres::Client, DbError> {
        let (client, connection) = self.pg.connect(self.tls.clone()).await?;
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::warn!(%error, "database connection closed with an error");
            }
        });
        Ok(client)
    }
}

impl fmt::Debug for DbConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hosts: Vec<String> = self
            .pg
            .get_hosts()
            .iter()
            .map(|host| match host {
                tokio_postgres::config::Host::Tcp(name) => name.clone(),
                tokio_postgres::config::Host::Unix(path) => path.display().to_string(),
            })
            .collect();
        f.debug_struct("DbConfig")
            .field("hosts", &hosts)
            .field("ports", &self.pg.get_ports())
            .field("user", &self.pg.get_user())
            .field("password", &self.pg.get_password().map(|_| "<redacted>"))
            .field("dbname", &self.pg.get_dbname())
            .field("sslmode", &self.ssl_mode)
            .field("statement_timeout", &self.statement_timeout)
            .field("lock_timeout", &self.lock_timeout)
            .field("pool_size", &self.pool_size())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_never_shows_in_debug_output() {
        let config = DbConfig::new("postgres://app:s3cr3t-pw@db.example:5433/envinorma").unwrap();
        let shown = format!("{config:?}");
        assert!(!shown.contains("s3cr3t-pw"), "{shown}");
        assert!(
            shown.contains("db.example") && shown.contains("5433") && shown.contains("<redacted>"),
            "{shown}"
        );
    }

    #[test]
    fn an_invalid_url_is_refused_without_repeating_it() {
        let error = DbConfig::new("postgres://app:s3cr3t-pw@db.example:notaport/x").unwrap_err();
        assert!(matches!(error, ConfigError::InvalidUrl(_)));
        assert!(!error.to_string().contains("s3cr3t-pw"), "{error}");
    }

    fn from_vars(vars: &[(&str, &str)]) -> Result<DbConfig, ConfigError> {
        let vars: std::collections::HashMap<&str, &str> = vars.iter().copied().collect();
        DbConfig::from_lookup(|name| vars.get(name).map(|value| value.to_string()))
    }

    #[test]
    fn the_url_is_required_and_the_pool_size_a_positive_number() {
        assert_eq!(from_vars(&[]).unwrap_err(), ConfigError::MissingUrl);
        assert_eq!(
            from_vars(&[("DATABASE_URL", " ")]).unwrap_err(),
            ConfigError::MissingUrl
        );
        let url = ("DATABASE_URL", DbConfig::LOCAL_URL);
        assert_eq!(
            from_vars(&[url, ("DATABASE_POOL_SIZE", "0")]).unwrap_err(),
            ConfigError::InvalidPoolSize("0".into())
        );
        assert_eq!(
            from_vars(&[url]).unwrap().pool_size(),
            DbConfig::DEFAULT_POOL_SIZE
        );
        assert_eq!(
            from_vars(&[url, ("DATABASE_POOL_SIZE", "7")])
                .unwrap()
                .pool_size(),
            7
        );
    }

    #[test]
    fn a_default_pool_size_gives_way_to_the_one_set() {
        let url = ("DATABASE_URL", DbConfig::LOCAL_URL);
        let unset = from_vars(&[url]).unwrap().with_default_pool_size(16);
        assert_eq!(unset.pool_size(), 16);
        let set = from_vars(&[url, ("DATABASE_POOL_SIZE", "2")])
            .unwrap()
            .with_default_pool_size(16);
        assert_eq!(set.pool_size(), 2);
    }

    #[test]
    fn every_connection_starts_with_the_timeouts_and_the_url_options_come_after() {
        let config = DbConfig::new(DbConfig::LOCAL_URL).unwrap();
        assert_eq!(
            config.pg_config().get_options(),
            Some("-c statement_timeout=25000 -c lock_timeout=5000")
        );
        let url = "postgres://db/x?options=-c%20statement_timeout%3D0";
        let config = from_vars(&[("DATABASE_URL", url), ("DATABASE_LOCK_TIMEOUT_MS", "750")]);
        assert_eq!(
            config.unwrap().pg_config().get_options(),
            Some("-c statement_timeout=25000 -c lock_timeout=750 -c statement_timeout=0")
        );
    }

    #[test]
    fn a_timeout_is_a_whole_number_of_milliseconds() {
        let url = ("DATABASE_URL", DbConfig::LOCAL_URL);
        let error = from_vars(&[url, ("DATABASE_STATEMENT_TIMEOUT_MS", "25s")]).unwrap_err();
        assert_eq!(
            error,
            ConfigError::InvalidTimeout {
                name: "DATABASE_STATEMENT_TIMEOUT_MS",
                value: "25s".into()
            }
        );
    }

    #[test]
    fn another_database_keeps_server_and_credentials() {
        let config = DbConfig::new(DbConfig::LOCAL_URL)
            .unwrap()
            .with_dbname("other");
        assert_eq!(config.dbname(), "other");
        assert_eq!(config.pg_config().get_user(), Some("postgres"));
    }
}
