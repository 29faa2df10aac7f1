//! What a store says about its objects.

use std::time::SystemTime;

use bytes::Bytes;

use crate::Metadata;

/// Options of a put; `PutOptions::default()` stores bytes with no type and no metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PutOptions {
    /// MIME type served back on get and by presigned URLs.
    pub content_type: Option<String>,
    /// User metadata, e.g. `force=true` on an upload that must be re-imported.
    pub metadata: Metadata,
}

impl PutOptions {
    /// Options with a content type only.
    pub fn content_type(content_type: impl Into<String>) -> Self {
        PutOptions {
            content_type: Some(content_type.into()),
            ..PutOptions::default()
        }
    }

    /// Adds one metadata entry.
    pub fn with_metadata(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.metadata.insert(name.into(), value.into());
        self
    }
}

/// One entry of a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectSummary {
    /// Full key.
    pub key: String,
    /// Content length in bytes.
    pub size: u64,
    /// Time of the last put.
    pub last_modified: SystemTime,
    /// Entity tag without quotes; changes when the content changes.
    pub etag: String,
}

/// What a head returns: the summary plus content type and user metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectHead {
    /// Key, size, last modification and etag.
    pub summary: ObjectSummary,
    /// MIME type given at put time, if any.
    pub content_type: Option<String>,
    /// User metadata given at put time (names lowercased).
    pub metadata: Metadata,
}

/// An object read whole: its head and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Object {
    /// Size, etag, content type, metadata.
    pub head: ObjectHead,
    /// The content.
    pub body: Bytes,
}

/// S3 quotes etags in headers but not in events: keep one form so they compare.
pub(crate) fn unquote_etag(etag: &str) -> String {
    etag.trim_matches('"').to_owned()
}
