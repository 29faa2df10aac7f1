//! The object-storage port.

use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;

use crate::{Bucket, CloudError, Object, ObjectHead, ObjectSummary, PutOptions};

/// The headers a presigned GET answers with, whatever the object was stored with (S3's
/// `response-content-type` and `response-content-disposition` overrides): a PDF uploaded as
/// `binary/octet-stream` must still open in the browser, not download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseHeaders {
    /// `Content-Type` of the answer, e.g. `application/pdf`.
    pub content_type: String,
    /// `Content-Disposition` of the answer, e.g. `inline; filename="x.pdf"`.
    pub content_disposition: String,
}

/// Object storage addressed by logical bucket and key; S3 in the cloud, a directory tree locally.
#[async_trait]
pub trait ObjectStore: Send + Sync {
    /// Reads a whole object with its head; [`CloudError::NotFound`] when it does not exist.
    async fn get(&self, bucket: Bucket, key: &str) -> Result<Object, CloudError>;

    /// Creates or replaces an object, with a content type and user metadata.
    async fn put(
        &self,
        bucket: Bucket,
        key: &str,
        body: Bytes,
        options: PutOptions,
    ) -> Result<(), CloudError>;

    /// Every object whose key starts with `prefix`, sorted by key (all pages).
    async fn list(&self, bucket: Bucket, prefix: &str) -> Result<Vec<ObjectSummary>, CloudError>;

    /// Deletes an object; deleting a missing object succeeds, as on S3.
    async fn delete(&self, bucket: Bucket, key: &str) -> Result<(), CloudError>;

    /// Size, etag, content type and metadata without the body; [`CloudError::NotFound`] when absent.
    async fn head(&self, bucket: Bucket, key: &str) -> Result<ObjectHead, CloudError>;

    /// A URL anyone can GET for `expires` without credentials, to redirect a browser to a large
    /// file; the answer carries `headers`. The object is not checked (`head` it first to answer a
    /// missing one yourself). `None` when the backend has no such URL (local store): serve the
    /// bytes from `get` instead.
    async fn presign_get(
        &self,
        bucket: Bucket,
        key: &str,
        expires: Duration,
        headers: &ResponseHeaders,
    ) -> Result<Option<String>, CloudError>;
}
