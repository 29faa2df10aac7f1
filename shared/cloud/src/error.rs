//! The one error type of the crate: every variant names the bucket, key or queue involved.

/// Any error a cloud adapter can raise, boxed so adapters keep their SDK errors as sources.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// An error from an object store, a job queue, an event parser or the configuration.
#[derive(Debug, thiserror::Error)]
pub enum CloudError {
    /// The object (or its bucket) does not exist; callers often treat this as a normal outcome.
    #[error("object {key:?} not found in bucket {bucket}")]
    NotFound {
        /// Bucket as the backend names it (real name for S3, logical name locally).
        bucket: String,
        /// Object key.
        key: String,
    },

    /// The key cannot be stored by this backend (empty, `..` segment on disk…).
    #[error("invalid object key {key:?}: {reason}")]
    InvalidKey {
        /// The rejected key.
        key: String,
        /// What is wrong with it.
        reason: String,
    },

    /// A user metadata entry S3 would reject or mangle (it travels as an HTTP header).
    #[error("invalid metadata {name:?} on object {key:?}: {reason}")]
    InvalidMetadata {
        /// Object key the metadata was meant for.
        key: String,
        /// Metadata name.
        name: String,
        /// What is wrong with it.
        reason: String,
    },

    /// A storage operation failed for another reason (network, permissions, disk).
    #[error("{operation} of {key:?} in bucket {bucket} failed: {source}")]
    Storage {
        /// The operation that failed (`get`, `put`, …).
        operation: &'static str,
        /// Bucket as the backend names it.
        bucket: String,
        /// Object key, or prefix for a listing.
        key: String,
        /// The underlying error.
        #[source]
        source: BoxError,
    },

    /// A queue operation failed.
    #[error("{operation} on queue {queue} failed: {source}")]
    Queue {
        /// The operation that failed (`send`, `receive`, …).
        operation: &'static str,
        /// Queue name or URL.
        queue: String,
        /// The underlying error.
        #[source]
        source: BoxError,
    },

    /// Some entries of a batch failed; the others succeeded (SQS batches are not atomic).
    #[error("{} of {total} entries of a batch {operation} on queue {queue} failed, first: {}", failures.len(), first_failure(failures))]
    BatchPartlyFailed {
        /// `send_batch` or `delete_batch`.
        operation: &'static str,
        /// Queue name or URL.
        queue: String,
        /// Number of entries in the batch.
        total: usize,
        /// Index in the batch and reason, for each failed entry.
        failures: Vec<(usize, String)>,
    },

    /// The receipt handle does not designate a message currently in flight.
    #[error("receipt handle {receipt:?} is not in flight on queue {queue}")]
    InvalidReceipt {
        /// Queue name or URL.
        queue: String,
        /// The stale or unknown receipt handle.
        receipt: String,
    },

    /// An S3 notification that cannot be understood.
    #[error("invalid S3 event: {reason}")]
    InvalidEvent {
        /// What is wrong with it.
        reason: String,
    },

    /// A real bucket name that maps to none of our logical buckets.
    #[error("bucket {name:?} is none of the configured buckets")]
    UnknownBucket {
        /// The real bucket name found in an event.
        name: String,
    },

    /// An environment variable holds an unusable value.
    #[error("invalid configuration {variable}: {reason}")]
    Config {
        /// The environment variable.
        variable: String,
        /// What is wrong with its value.
        reason: String,
    },
}

impl CloudError {
    /// True when the object or its bucket does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, CloudError::NotFound { .. })
    }
}

fn first_failure(failures: &[(usize, String)]) -> String {
    failures
        .first()
        .map(|(index, reason)| format!("entry {index}: {reason}"))
        .unwrap_or_default()
}
