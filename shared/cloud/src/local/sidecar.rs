//! What S3 keeps beside an object's bytes, stored locally as a small JSON file.

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::Metadata;

/// Content type, metadata and etag of a put, with the size and modification time of the file
/// it describes: a file replaced by hand no longer matches, and its stale sidecar is ignored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Sidecar {
    pub content_type: Option<String>,
    pub metadata: Metadata,
    pub etag: String,
    pub size: u64,
    pub modified_nanos: u128,
}

impl Sidecar {
    /// Reads the sidecar of a file, if there is one that still describes it.
    pub(crate) async fn read_matching(path: &Path, file: &std::fs::Metadata) -> Option<Sidecar> {
        let text = tokio::fs::read(path).await.ok()?;
        let sidecar: Sidecar = serde_json::from_slice(&text).ok()?;
        (sidecar.size == file.len() && sidecar.modified_nanos == modified_nanos(file))
            .then_some(sidecar)
    }
}

/// Modification time of a file in nanoseconds since the epoch (0 when unknown).
pub(crate) fn modified_nanos(file: &std::fs::Metadata) -> u128 {
    file.modified()
        .ok()
        .and_then(|time| time.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |elapsed| elapsed.as_nanos())
}

/// Modification time of a file (the epoch when unknown).
pub(crate) fn modified(file: &std::fs::Metadata) -> SystemTime {
    file.modified().unwrap_or(UNIX_EPOCH)
}
