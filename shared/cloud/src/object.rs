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

/// User metadata by which an uploader overrides an import's deletion guard (`x-amz-meta-force: true`).
pub const FORCE_METADATA: &str = "force";

impl ObjectHead {
    /// True when the object was uploaded with `force=true` (any case): its import may delete
    /// more than the guard of that import allows.
    pub fn is_forced(&self) -> bool {
        self.metadata
            .get(FORCE_METADATA)
            .is_some_and(|value| value.eq_ignore_ascii_case("true"))
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn head(metadata: &[(&str, &str)]) -> ObjectHead {
        ObjectHead {
            summary: ObjectSummary {
                key: "ams/latest.zip".into(),
                size: 0,
                last_modified: SystemTime::UNIX_EPOCH,
                etag: String::new(),
            },
            content_type: None,
            metadata: metadata
                .iter()
                .map(|(name, value)| (name.to_string(), value.to_string()))
                .collect(),
        }
    }

    #[test]
    fn an_object_is_forced_by_force_true_in_any_case_only() {
        assert!(head(&[("force", "true")]).is_forced());
        assert!(head(&[("force", "TRUE")]).is_forced());
        assert!(!head(&[("force", "yes")]).is_forced());
        assert!(!head(&[("other", "true")]).is_forced());
        assert!(!head(&[]).is_forced());
    }
}
