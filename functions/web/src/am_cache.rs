//! The AM catalogue the installation page needs (every AM without its sections), kept in
//! memory and reloaded when the `ams` table changed.
//!
//! Why not all AMs whole: 41 MB of JSON parsed would break the cold-start and memory budgets,
//! and only the AM/AP page reads sections (it fetches its few AMs by CID).

use crate::error::WebError;
use envinorma_core::AmCatalog;
use envinorma_db::Client;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::RwLock;

/// How long a loaded catalogue is trusted before the database is asked whether it changed.
const FRESHNESS: Duration = Duration::from_secs(30);

/// The cached catalogue, shared by the handlers.
#[derive(Clone, Default)]
pub struct AmCache(Arc<RwLock<Option<Cached>>>);

struct Cached {
    version: envinorma_db::ams::CatalogVersion,
    checked_at: Instant,
    catalog: Arc<AmCatalog>,
}

impl AmCache {
    /// The catalogue, loaded on first use and reloaded after an import.
    pub async fn catalog(&self, client: &impl Client) -> Result<Arc<AmCatalog>, WebError> {
        if let Some(cached) = self.0.read().await.as_ref()
            && cached.checked_at.elapsed() < FRESHNESS
        {
            return Ok(cached.catalog.clone());
        }
        let mut slot = self.0.write().await;
        let version = envinorma_db::ams::catalog_version(client).await?;
        if let Some(cached) = slot.as_mut()
            && cached.version == version
        {
            cached.checked_at = Instant::now();
            return Ok(cached.catalog.clone());
        }
        let catalog = Arc::new(AmCatalog::new(
            envinorma_db::ams::without_sections(client).await?,
        ));
        *slot = Some(Cached {
            version,
            checked_at: Instant::now(),
            catalog: catalog.clone(),
        });
        Ok(catalog)
    }
}
