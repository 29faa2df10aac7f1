//! The AMs kept in memory: the catalogue the installation page needs (every AM without its
//! sections), reloaded when the `ams` table changed, and the last few whole AMs that
//! prescriptions were taken from.
//!
//! Why not all AMs whole: 41 MB of JSON parsed would break the cold-start and memory budgets,
//! and only the AM/AP page and the prescriptions read sections. An inspector ticks alinéa after
//! alinéa of the same AM: parsing its JSON (up to a few MB) on each tick would cost more than
//! the rest of the request.

use crate::error::WebError;
use envinorma_core::AmCatalog;
use envinorma_core::ArreteMinisteriel;
use envinorma_db::Client;
use envinorma_db::ams::Fetched;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::RwLock;

/// How long a loaded catalogue is trusted before the database is asked whether it changed.
const FRESHNESS: Duration = Duration::from_secs(30);

/// Whole AMs kept: a few MB each at most.
const WHOLE_AMS: usize = 16;

/// Whole AMs by CID, each with the version (`updated_at`) it was read at.
type WholeAms = HashMap<String, (String, Arc<ArreteMinisteriel>)>;

/// The cached catalogue and whole AMs, shared by the handlers.
#[derive(Clone, Default)]
pub struct AmCache {
    catalog: Arc<RwLock<Option<Cached>>>,
    whole: Arc<Mutex<WholeAms>>,
}

struct Cached {
    version: envinorma_db::ams::CatalogVersion,
    checked_at: Instant,
    catalog: Arc<AmCatalog>,
}

impl AmCache {
    /// The catalogue, loaded on first use and reloaded after an import.
    pub async fn catalog(&self, client: &impl Client) -> Result<Arc<AmCatalog>, WebError> {
        if let Some(cached) = self.catalog.read().await.as_ref()
            && cached.checked_at.elapsed() < FRESHNESS
        {
            return Ok(cached.catalog.clone());
        }
        let mut slot = self.catalog.write().await;
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

    /// The whole AM `cid` as stored now (checked on each call: one indexed lookup when
    /// unchanged), `None` when there is none.
    pub async fn am(
        &self,
        client: &impl Client,
        cid: &str,
    ) -> Result<Option<Arc<ArreteMinisteriel>>, WebError> {
        let known = self.whole_am(cid);
        let version = known.as_ref().map(|(version, _)| version.as_str());
        match envinorma_db::ams::fetch_if_changed(client, cid, version).await? {
            Fetched::Missing => Ok(None),
            Fetched::Unchanged => Ok(known.map(|(_, am)| am)),
            Fetched::Changed { am, version } => {
                let am: Arc<ArreteMinisteriel> = Arc::from(am);
                let mut whole = self.locked();
                if whole.len() >= WHOLE_AMS && !whole.contains_key(cid) {
                    // Any one goes: the next tick on it reloads it.
                    if let Some(evicted) = whole.keys().next().cloned() {
                        whole.remove(&evicted);
                    }
                }
                whole.insert(cid.to_string(), (version, am.clone()));
                Ok(Some(am))
            }
        }
    }

    fn whole_am(&self, cid: &str) -> Option<(String, Arc<ArreteMinisteriel>)> {
        self.locked().get(cid).cloned()
    }

    /// The map of whole AMs; a panic while it was held left it consistent (inserts and
    /// removals are single calls), so a poisoned lock is taken as it is.
    fn locked(&self) -> std::sync::MutexGuard<'_, WholeAms> {
        self.whole
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
