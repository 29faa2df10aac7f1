//! Digests of each installation's classements, taken as a multiset (classements have no key,
//! identical rows are legitimate, order does not matter): equal digests, equal lists.

use envinorma_core::icpe_csv::{ClassementRecord, S3icId};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// Changes whenever the stored form of a classement changes, so that every list is rewritten
/// once by the next import.
const VERSION: &[u8] = b"envinorma classements v1";

/// The digest of each installation's classements in a file.
#[derive(Debug, Clone, Default)]
pub struct ClassementDigests {
    by_installation: HashMap<S3icId, u128>,
}

impl ClassementDigests {
    /// An empty set (every installation has no classement).
    pub fn new() -> ClassementDigests {
        ClassementDigests::default()
    }

    /// Counts one classement in its installation's digest.
    pub fn add(&mut self, record: &ClassementRecord) {
        let digest = self.by_installation.entry(record.s3ic_id).or_default();
        // A sum of row hashes does not depend on order and counts repeated rows.
        *digest = digest.wrapping_add(row_hash(record));
    }

    /// The digest of an installation's classements (that of no classement when it has none).
    pub fn get(&self, id: S3icId) -> [u8; 16] {
        self.by_installation
            .get(&id)
            .copied()
            .unwrap_or_default()
            .to_be_bytes()
    }
}

/// SHA-256 of every stored field, each told apart from a blank one and from its neighbours.
fn row_hash(record: &ClassementRecord) -> u128 {
    let record = &record.details;
    let mut hasher = Sha256::new();
    hasher.update(VERSION);
    let dates =
        [record.date_autorisation, record.date_mise_en_service].map(|d| d.map(|d| d.to_string()));
    let fields = [
        Some(record.rubrique.as_str()),
        Some(record.regime.as_str()),
        record.alinea.as_deref(),
        record.rubrique_acte.as_deref(),
        record.regime_acte.map(|r| r.as_str()),
        record.alinea_acte.as_deref(),
        record.activite.as_deref(),
        dates[0].as_deref(),
        dates[1].as_deref(),
        record.volume.stored(),
    ];
    for field in fields {
        match field {
            None => hasher.update([0]),
            Some(text) => {
                hasher.update([1]);
                hasher.update((text.len() as u64).to_be_bytes());
                hasher.update(text.as_bytes());
            }
        }
    }
    let hash = hasher.finalize();
    let mut first = [0u8; 16];
    first.copy_from_slice(&hash[..16]);
    u128::from_be_bytes(first)
}
