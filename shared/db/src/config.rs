//! Database settings from the environment, and the connection pool built from them.

use crate::error::DbError;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use std::fmt;
use std::str::FromStr;
use std::time::Duration;
use tokio_postgres::NoTls;

/// Where the database is and how many connections to keep.
///
/// The URL (which holds the password) is parsed once and not kept; `Debug` shows no secret.
#[derive(Clone)]
pub struct DbConfig {
    pg: tokio_postgres::Config,
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
}

impl DbConfig {
    /// The pool size when DATABASE_POOL_SIZE is not set.
    pub const DEFAULT_POOL_SIZE: usize = 4;
    /// The server the tests and the local runner use when DATABASE_URL is not set.
    pub const LOCAL_URL: &'static str = "postgres://postgres@127.0.0.1:5432/postgres";

    /// Reads the process environment.
    pub fn from_env() -> Result<DbConfig, ConfigError> {
        DbConfig::from_lookup(|name| std::env::var(name).ok())
    }

    /// From DATABASE_URL (required) and DATABASE_POOL_SIZE (optional) read through `lookup`
    /// (the environment, or a map in tests); blank values count as unset.
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
        Ok(config)
    }

    /// From a URL (`postgres://…`) or a key=value connection string.
    pub fn new(url: &str) -> Result<DbConfig, ConfigError> {
        let mut pg = tokio_postgres::Config::from_str(url)
            .map_err(|e| ConfigError::InvalidUrl(e.to_string()))?;
        if pg.get_application_name().is_none() {
            pg.application_name("envinorma");
        }
        if pg.get_connect_timeout().is_none() {
            pg.connect_timeout(Duration::from_secs(10));
        }
        Ok(DbConfig {
            pg,
            pool_size: None,
            timeout: Duration::from_secs(30),
        })
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
            NoTls,
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
        let (client, connection) = self.pg.connect(NoTls).await?;
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
    fn another_database_keeps_server_and_credentials() {
        let config = DbConfig::new(DbConfig::LOCAL_URL)
            .unwrap()
            .with_dbname("other");
        assert_eq!(config.dbname(), "other");
        assert_eq!(config.pg_config().get_user(), Some("postgres"));
    }
}
