//! The one PostgreSQL database of Envinorma: migrations, connection pool, repositories, bulk loads.
//!
//! SQL is plain SQL next to the Rust that runs it (a constant, or a `.sql` file when long).
//! Every function takes its client ([`Client`]: a pooled connection, a transaction or a plain
//! connection, passed as it is) as an argument, so that callers decide what
//! runs in one transaction.

pub mod ams;
pub mod ap_jobs;
pub mod ap_pages;
pub mod aps;
pub mod bo;
pub mod classement_references;
mod client;
pub mod config;
pub mod error;
pub mod icpe;
pub mod installations;
pub mod lock;
pub mod migrate;
pub mod pg_date;
pub mod prescriptions;
#[cfg(feature = "testing")]
pub mod testing;
pub mod tls;
pub mod users;

pub use client::Client;
pub use config::{ConfigError, DbConfig};
pub use deadpool_postgres::Pool;
pub use error::DbError;
pub use migrate::{MIGRATIONS, Migration, MigrationReport, migrate};
pub use tokio_postgres;
