//! Run reports of data functions, written as JSON next to their input.

use bytes::Bytes;
use serde::Serialize;

use crate::{Bucket, CloudError, ObjectStore, PutOptions};

/// Writes `report` to `reports/<input file name>.<started>.json` in `bucket` and returns the key;
/// `started` is a compact UTC time (`20261128T232737Z`), so reports of one input sort by time.
pub async fn put_report(
    store: &dyn ObjectStore,
    bucket: Bucket,
    input_key: &str,
    started: &str,
    report: &impl Serialize,
) -> Result<String, CloudError> {
    let file_name = input_key.rsplit('/').next().unwrap_or(input_key);
    let key = format!("reports/{file_name}.{started}.json");
    // Reports are plain data (strings, numbers, lists): serialising them cannot fail.
    let body = serde_json::to_vec_pretty(report).unwrap_or_default();
    store
        .put(
            bucket,
            &key,
            Bytes::from(body),
            PutOptions::content_type("application/json"),
        )
        .await?;
    Ok(key)
}
