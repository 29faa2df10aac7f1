//! [`ObjectStore`] on S3 or any S3-compatible service (OVH, moto, LocalStack).

mod provision;

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::primitives::{ByteStream, DateTime};
use bytes::Bytes;

use crate::aws::{is_not_found, sdk_error};
use crate::object::unquote_etag;
use crate::{
    Bucket, BucketNames, CloudConfig, CloudError, Object, ObjectHead, ObjectStore, ObjectSummary,
    PutOptions, ResponseHeaders,
};

/// Object store on S3; logical buckets are mapped to real ones by [`BucketNames`].
#[derive(Debug, Clone)]
pub struct S3ObjectStore {
    client: aws_sdk_s3::Client,
    names: BucketNames,
}

impl S3ObjectStore {
    /// A store on an existing client.
    pub fn new(client: aws_sdk_s3::Client, names: BucketNames) -> Self {
        S3ObjectStore { client, names }
    }

    /// A store configured from [`CloudConfig`], with credentials from the SDK's default chain.
    pub async fn from_config(config: &CloudConfig) -> Self {
        let sdk = crate::aws_config_loader(&config.aws).load().await;
        Self::new(crate::s3_client(&sdk, &config.aws), config.buckets.clone())
    }

    /// The real bucket names, to parse events coming from these buckets.
    pub fn names(&self) -> &BucketNames {
        &self.names
    }

    fn real(&self, bucket: Bucket) -> String {
        self.names.real(bucket).to_owned()
    }

    fn error<E>(
        &self,
        operation: &'static str,
        bucket: Bucket,
        key: &str,
        error: aws_sdk_s3::error::SdkError<E>,
    ) -> CloudError
    where
        E: std::error::Error + 'static,
    {
        if is_not_found(&error) {
            CloudError::NotFound {
                bucket: self.real(bucket),
                key: key.to_owned(),
            }
        } else {
            CloudError::Storage {
                operation,
                bucket: self.real(bucket),
                key: key.to_owned(),
                source: sdk_error(&error),
            }
        }
    }
}

#[async_trait]
impl ObjectStore for S3ObjectStore {
    async fn get(&self, bucket: Bucket, key: &str) -> Result<Object, CloudError> {
        let output = self
            .client
            .get_object()
            .bucket(self.real(bucket))
            .key(key)
            .send()
            .await
            .map_err(|error| self.error("get", bucket, key, error))?;
        let head = head_of(
            key,
            output.content_length(),
            output.last_modified(),
            output.e_tag(),
            output.content_type(),
            output.metadata(),
        );
        let body = output
            .body
            .collect()
            .await
            .map_err(|error| CloudError::Storage {
                operation: "get",
                bucket: self.real(bucket),
                key: key.to_owned(),
                source: Box::new(error),
            })?
            .into_bytes();
        Ok(Object { head, body })
    }

    async fn put(
        &self,
        bucket: Bucket,
        key: &str,
        body: Bytes,
        options: PutOptions,
    ) -> Result<(), CloudError> {
        let metadata = crate::metadata::normalise(key, &options.metadata)?;
        self.client
            .put_object()
            .bucket(self.real(bucket))
            .key(key)
            .body(ByteStream::from(body))
            .set_content_type(options.content_type)
            .set_metadata(Some(metadata.into_iter().collect()))
            .send()
            .await
            .map_err(|error| self.error("put", bucket, key, error))?;
        tracing::debug!(bucket = %self.real(bucket), key, "object put");
        Ok(())
    }

    async fn list(&self, bucket: Bucket, prefix: &str) -> Result<Vec<ObjectSummary>, CloudError> {
        let mut summaries = Vec::new();
        let mut continuation = None;
        loop {
            let page = self
                .client
                .list_objects_v2()
                .bucket(self.real(bucket))
                .prefix(prefix)
                .set_continuation_token(continuation)
                .send()
                .await
                .map_err(|error| self.error("list", bucket, prefix, error))?;
            summaries.extend(page.contents().iter().filter_map(|object| {
                Some(summary(
                    object.key()?,
                    object.size(),
                    object.last_modified(),
                    object.e_tag(),
                ))
            }));
            continuation = page.next_continuation_token().map(str::to_owned);
            if continuation.is_none() {
                break;
            }
        }
        // S3 already sorts by UTF-8 bytes, but S3-compatible services do not all promise it.
        summaries.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(summaries)
    }

    async fn delete(&self, bucket: Bucket, key: &str) -> Result<(), CloudError> {
        self.client
            .delete_object()
            .bucket(self.real(bucket))
            .key(key)
            .send()
            .await
            .map_err(|error| self.error("delete", bucket, key, error))?;
        tracing::debug!(bucket = %self.real(bucket), key, "object deleted");
        Ok(())
    }

    async fn head(&self, bucket: Bucket, key: &str) -> Result<ObjectHead, CloudError> {
        let output = self
            .client
            .head_object()
            .bucket(self.real(bucket))
            .key(key)
            .send()
            .await
            .map_err(|error| self.error("head", bucket, key, error))?;
        Ok(head_of(
            key,
            output.content_length(),
            output.last_modified(),
            output.e_tag(),
            output.content_type(),
            output.metadata(),
        ))
    }

    async fn presign_get(
        &self,
        bucket: Bucket,
        key: &str,
        expires: Duration,
        headers: &ResponseHeaders,
    ) -> Result<Option<String>, CloudError> {
        let storage_error = |source| CloudError::Storage {
            operation: "presign_get",
            bucket: self.real(bucket),
            key: key.to_owned(),
            source,
        };
        let config = PresigningConfig::expires_in(expires)
            .map_err(|error| storage_error(Box::new(error)))?;
        let request = self
            .client
            .get_object()
            .bucket(self.real(bucket))
            .key(key)
            .response_content_type(&headers.content_type)
            .response_content_disposition(&headers.content_disposition)
            .presigned(config)
            .await
            .map_err(|error| storage_error(sdk_error(&error)))?;
        Ok(Some(request.uri().to_owned()))
    }
}

fn summary(
    key: &str,
    size: Option<i64>,
    last_modified: Option<&DateTime>,
    etag: Option<&str>,
) -> ObjectSummary {
    ObjectSummary {
        key: key.to_owned(),
        size: size.map_or(0, |size| size.max(0).unsigned_abs()),
        last_modified: last_modified
            .and_then(|time| SystemTime::try_from(*time).ok())
            .unwrap_or(SystemTime::UNIX_EPOCH),
        etag: etag.map(unquote_etag).unwrap_or_default(),
    }
}

fn head_of(
    key: &str,
    size: Option<i64>,
    last_modified: Option<&DateTime>,
    etag: Option<&str>,
    content_type: Option<&str>,
    metadata: Option<&HashMap<String, String>>,
) -> ObjectHead {
    ObjectHead {
        summary: summary(key, size, last_modified, etag),
        content_type: content_type.map(str::to_owned),
        metadata: metadata
            .map(|metadata| {
                metadata
                    .iter()
                    .map(|(name, value)| (name.to_ascii_lowercase(), value.clone()))
                    .collect()
            })
            .unwrap_or_default(),
    }
}
