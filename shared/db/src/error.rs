//! Errors of the database layer.

/// What can go wrong talking to PostgreSQL.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// No connection could be had from the pool.
    #[error("cannot get a database connection: {0}")]
    Pool(#[from] deadpool_postgres::PoolError),
    /// A statement failed.
    #[error("database error: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    /// A migration failed; nothing of it was applied.
    #[error("migration {name} failed: {source}")]
    Migration {
        /// Its number.
        version: i32,
        /// Its file name, without `.sql`.
        name: &'static str,
        /// Why.
        source: tokio_postgres::Error,
    },
    /// A migration file was edited after it was applied somewhere: the schemas have diverged.
    #[error(
        "migration {name} differs from the one applied on {applied_at}: never edit an applied migration, add a new one"
    )]
    MigrationChanged {
        /// Its number.
        version: i32,
        /// Its file name, without `.sql`.
        name: &'static str,
        /// When the other version was applied.
        applied_at: String,
    },
    /// The database holds something the code cannot read: a broken invariant.
    #[error("unexpected data in the database: {0}")]
    Data(String),
}

impl DbError {
    /// Whether a statement broke a unique index (the same thing done twice at once).
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, DbError::Postgres(error)
            if error.code() == Some(&tokio_postgres::error::SqlState::UNIQUE_VIOLATION))
    }
}
