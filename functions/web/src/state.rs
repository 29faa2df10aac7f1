//! What every handler shares.

use crate::am_cache::AmCache;
use crate::config::Config;
use crate::error::WebError;
use crate::security::Keys;
use deadpool_postgres::{Object, Pool};
use envinorma_cloud::ObjectStore;
use std::sync::Arc;

/// The application state: configuration, signing keys, the database, the `ap` bucket and the
/// AM catalogue cache.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub keys: Keys,
    pub pool: Pool,
    /// Where AP PDFs are (`ap` bucket): presigned in the cloud, streamed locally.
    pub store: Arc<dyn ObjectStore>,
    pub ams: AmCache,
}

impl AppState {
    /// The state of a configuration, a database pool and an object store.
    pub fn new(config: Config, pool: Pool, store: Arc<dyn ObjectStore>) -> AppState {
        AppState {
            keys: Keys::new(&config.secret),
            config: Arc::new(config),
            pool,
            store,
            ams: AmCache::default(),
        }
    }

    /// A connection of the pool.
    pub async fn db(&self) -> Result<Object, WebError> {
        Ok(self.pool.get().await?)
    }
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}
