//! What every handler shares.

use crate::config::Config;
use crate::error::BoError;
use deadpool_postgres::{Object, Pool};
use envinorma_cloud::ObjectStore;
use envinorma_web::security::Keys;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How long the classement counts are kept: they change with an ICPE import (daily at most),
/// and reading them costs a pass over every classement.
const COUNTS_LIFETIME: Duration = Duration::from_secs(60 * 60);

/// The number of classements of each (rubrique, régime), as last read.
pub type ClassementCounts = Arc<HashMap<(String, String), i64>>;

/// The back-office's state: configuration, signing keys, the database and the buckets
/// (publication writes to `am`).
#[derive(Clone)]
pub struct BoState {
    pub config: Arc<Config>,
    pub keys: Keys,
    pub pool: Pool,
    pub store: Arc<dyn ObjectStore>,
    counts: Arc<Mutex<Option<(Instant, ClassementCounts)>>>,
}

impl BoState {
    pub fn new(config: Config, pool: Pool, store: Arc<dyn ObjectStore>) -> BoState {
        BoState {
            keys: Keys::new(&config.site.secret),
            config: Arc::new(config),
            pool,
            store,
            counts: Arc::default(),
        }
    }

    /// The classement counts, read again once an hour.
    pub async fn classement_counts(&self) -> Result<ClassementCounts, BoError> {
        let kept = self
            .counts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if let Some((read, counts)) = kept
            && read.elapsed() < COUNTS_LIFETIME
        {
            return Ok(counts);
        }
        let counts = Arc::new(envinorma_db::bo::classement_counts(&self.db().await?).await?);
        *self.counts.lock().unwrap_or_else(PoisonError::into_inner) =
            Some((Instant::now(), Arc::clone(&counts)));
        Ok(counts)
    }

    /// A connection of the pool.
    pub async fn db(&self) -> Result<Object, BoError> {
        Ok(self.pool.get().await.map_err(envinorma_db::DbError::from)?)
    }
}
