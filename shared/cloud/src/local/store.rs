//! [`ObjectStore`] on a directory tree, emitting the events S3 would send.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use tokio::sync::RwLock;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use super::etag::etag;
use super::paths::{
    bucket_dir, check_key, check_prefix, object_path, sidecar_bucket_dir, sidecar_path,
    temporary_path,
};
use super::sidecar::{Sidecar, modified, modified_nanos};
use crate::{
    Bucket, CloudError, Metadata, Object, ObjectEvent, ObjectHead, ObjectStore, ObjectSummary,
    PutOptions, ResponseHeaders,
};

/// Buckets as directories under one root (`<root>/<logical bucket>/<key>`).
/// Every put emits an `ObjectCreated:Put` [`ObjectEvent`] to the subscribers, like an S3
/// notification configured for `ObjectCreated:*`, so the local runner triggers the functions.
#[derive(Debug)]
pub struct LocalObjectStore {
    root: PathBuf,
    subscribers: Mutex<Vec<UnboundedSender<ObjectEvent>>>,
    // Writers take it exclusively so an object and its sidecar change together.
    lock: RwLock<()>,
}

impl LocalObjectStore {
    /// A store under `root`; directories are created on first put.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        LocalObjectStore {
            root: root.into(),
            subscribers: Mutex::new(Vec::new()),
            lock: RwLock::new(()),
        }
    }

    /// The root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A receiver of every event emitted from now on. Unbounded, because a put must never wait
    /// for a slow consumer; dropping the receiver unsubscribes.
    pub fn subscribe(&self) -> UnboundedReceiver<ObjectEvent> {
        let (sender, receiver) = unbounded_channel();
        self.subscribers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(sender);
        receiver
    }

    /// The file holding an object, e.g. to show an operator where a report was written.
    pub fn object_path(&self, bucket: Bucket, key: &str) -> Result<PathBuf, CloudError> {
        check_key(key)?;
        Ok(object_path(&self.root, bucket, key))
    }

    fn emit(&self, event: ObjectEvent) {
        tracing::debug!(bucket = %event.bucket, key = %event.key, "local object created");
        self.subscribers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|subscriber| subscriber.send(event.clone()).is_ok());
    }

    fn io_error(
        &self,
        operation: &'static str,
        bucket: Bucket,
        key: &str,
        error: io::Error,
    ) -> CloudError {
        match error.kind() {
            io::ErrorKind::NotFound => CloudError::NotFound {
                bucket: bucket.name().to_owned(),
                key: key.to_owned(),
            },
            // S3 can hold both `a` and `a/b`; a file tree cannot.
            io::ErrorKind::NotADirectory
            | io::ErrorKind::IsADirectory
            | io::ErrorKind::AlreadyExists
            | io::ErrorKind::DirectoryNotEmpty => CloudError::InvalidKey {
                key: key.to_owned(),
                reason: format!(
                    "the local store cannot hold both an object and a folder of that name ({error})"
                ),
            },
            _ => CloudError::Storage {
                operation,
                bucket: bucket.name().to_owned(),
                key: key.to_owned(),
                source: Box::new(error),
            },
        }
    }

    /// The head of an object, reading it whole only when no sidecar gives the etag.
    async fn read_head(&self, bucket: Bucket, key: &str) -> Result<ObjectHead, CloudError> {
        check_key(key)?;
        let path = object_path(&self.root, bucket, key);
        let file = tokio::fs::metadata(&path)
            .await
            .map_err(|error| self.io_error("head", bucket, key, error))?;
        if !file.is_file() {
            return Err(self.io_error("head", bucket, key, io::ErrorKind::NotFound.into()));
        }
        let sidecar = Sidecar::read_matching(&sidecar_path(&self.root, bucket, key), &file).await;
        let (etag, content_type, metadata) = match sidecar {
            Some(sidecar) => (sidecar.etag, sidecar.content_type, sidecar.metadata),
            None => {
                let content = tokio::fs::read(&path)
                    .await
                    .map_err(|error| self.io_error("head", bucket, key, error))?;
                (etag(&content), None, Metadata::new())
            }
        };
        Ok(ObjectHead {
            summary: ObjectSummary {
                key: key.to_owned(),
                size: file.len(),
                last_modified: modified(&file),
                etag,
            },
            content_type,
            metadata,
        })
    }

    /// Writes `content` at `path` through a temporary file, so readers see all or nothing.
    async fn write_atomically(&self, path: &Path, content: &[u8]) -> io::Result<()> {
        let temporary = temporary_path(&self.root);
        for dir in [temporary.parent(), path.parent()].into_iter().flatten() {
            tokio::fs::create_dir_all(dir).await?;
        }
        tokio::fs::write(&temporary, content).await?;
        let renamed = tokio::fs::rename(&temporary, path).await;
        if renamed.is_err() {
            // Best effort: a leftover in .tmp/ is harmless, the rename error is what matters.
            let _ = tokio::fs::remove_file(&temporary).await;
        }
        renamed
    }

    /// Removes the folders a deletion left empty, up to (not including) `stop`, so a later
    /// put of an object named like a former folder works.
    async fn prune_empty_dirs(start: Option<&Path>, stop: &Path) {
        let mut dir = start;
        while let Some(current) = dir {
            if current == stop || !current.starts_with(stop) {
                break;
            }
            // Fails (and stops) at the first folder that still holds something.
            if tokio::fs::remove_dir(current).await.is_err() {
                break;
            }
            dir = current.parent();
        }
    }
}

#[async_trait]
impl ObjectStore for LocalObjectStore {
    async fn get(&self, bucket: Bucket, key: &str) -> Result<Object, CloudError> {
        let _read = self.lock.read().await;
        let head = self.read_head(bucket, key).await?;
        let body = tokio::fs::read(object_path(&self.root, bucket, key))
            .await
            .map_err(|error| self.io_error("get", bucket, key, error))?;
        Ok(Object {
            head,
            body: Bytes::from(body),
        })
    }

    async fn put(
        &self,
        bucket: Bucket,
        key: &str,
        body: Bytes,
        options: PutOptions,
    ) -> Result<(), CloudError> {
        check_key(key)?;
        let metadata = crate::metadata::normalise(key, &options.metadata)?;
        let event = {
            let _write = self.lock.write().await;
            let path = object_path(&self.root, bucket, key);
            self.write_atomically(&path, &body)
                .await
                .map_err(|error| self.io_error("put", bucket, key, error))?;
            let file = tokio::fs::metadata(&path)
                .await
                .map_err(|error| self.io_error("put", bucket, key, error))?;
            let sidecar = Sidecar {
                content_type: options.content_type,
                metadata,
                etag: etag(&body),
                size: file.len(),
                modified_nanos: modified_nanos(&file),
            };
            let sidecar_json =
                serde_json::to_vec(&sidecar).map_err(|error| CloudError::Storage {
                    operation: "put",
                    bucket: bucket.name().to_owned(),
                    key: key.to_owned(),
                    source: Box::new(error),
                })?;
            self.write_atomically(&sidecar_path(&self.root, bucket, key), &sidecar_json)
                .await
                .map_err(|error| self.io_error("put", bucket, key, error))?;
            ObjectEvent {
                bucket,
                key: key.to_owned(),
                size: sidecar.size,
                etag: Some(sidecar.etag),
                event_name: ObjectEvent::CREATED_PUT.to_owned(),
            }
        };
        self.emit(event);
        Ok(())
    }

    async fn list(&self, bucket: Bucket, prefix: &str) -> Result<Vec<ObjectSummary>, CloudError> {
        check_prefix(prefix)?;
        let _read = self.lock.read().await;
        let root = bucket_dir(&self.root, bucket);
        let prefix_owned = prefix.to_owned();
        let walk = tokio::task::spawn_blocking(move || super::walk::walk(&root, &prefix_owned))
            .await
            .map_err(|error| CloudError::Storage {
                operation: "list",
                bucket: bucket.name().to_owned(),
                key: prefix.to_owned(),
                source: Box::new(error),
            })?;
        let files = walk.map_err(|error| self.io_error("list", bucket, prefix, error))?;
        let mut summaries = Vec::with_capacity(files.len());
        for key in files {
            match self.read_head(bucket, &key).await {
                Ok(head) => summaries.push(head.summary),
                // Files whose names are no valid key (dropped by hand) are not objects.
                Err(CloudError::InvalidKey { .. } | CloudError::NotFound { .. }) => {}
                Err(error) => return Err(error),
            }
        }
        Ok(summaries)
    }

    async fn delete(&self, bucket: Bucket, key: &str) -> Result<(), CloudError> {
        check_key(key)?;
        let _write = self.lock.write().await;
        let path = object_path(&self.root, bucket, key);
        let sidecar = sidecar_path(&self.root, bucket, key);
        for file in [&path, &sidecar] {
            match tokio::fs::remove_file(file).await {
                Ok(()) => {}
                Err(error) if error.kind() == io::ErrorKind::NotFound => {}
                Err(error) => return Err(self.io_error("delete", bucket, key, error)),
            }
        }
        Self::prune_empty_dirs(path.parent(), &bucket_dir(&self.root, bucket)).await;
        Self::prune_empty_dirs(sidecar.parent(), &sidecar_bucket_dir(&self.root, bucket)).await;
        Ok(())
    }

    async fn head(&self, bucket: Bucket, key: &str) -> Result<ObjectHead, CloudError> {
        let _read = self.lock.read().await;
        self.read_head(bucket, key).await
    }

    async fn presign_get(
        &self,
        _bucket: Bucket,
        key: &str,
        _expires: Duration,
        _headers: &ResponseHeaders,
    ) -> Result<Option<String>, CloudError> {
        check_key(key)?;
        Ok(None)
    }
}
