//! Where a local object lives on disk, and which keys a directory tree can hold.
//!
//! Layout under the root: `<bucket>/<key>` for contents (browsable, and files dropped there by
//! hand are objects too), `.meta/<bucket>/<key>.meta.json` for what S3 keeps beside the bytes,
//! `.tmp/` for writes in progress (renamed into place so readers never see half a file).

use std::path::{Path, PathBuf};

use crate::{Bucket, CloudError};

const META_DIR: &str = ".meta";
const META_SUFFIX: &str = ".meta.json";
const TMP_DIR: &str = ".tmp";

/// Rejects keys a file tree cannot hold, or that would escape the bucket directory.
pub(crate) fn check_key(key: &str) -> Result<(), CloudError> {
    let invalid = |reason: &str| CloudError::InvalidKey {
        key: key.to_owned(),
        reason: reason.to_owned(),
    };
    if key.is_empty() {
        return Err(invalid("a key cannot be empty"));
    }
    if key.contains('\0') {
        return Err(invalid("a key cannot contain a NUL character"));
    }
    for segment in key.split('/') {
        match segment {
            "" => return Err(invalid("the local store cannot hold empty path segments")),
            "." | ".." => return Err(invalid("'.' and '..' segments would leave the bucket")),
            _ => {}
        }
    }
    Ok(())
}

/// Rejects listing prefixes whose folder part (up to the last `/`) is no valid key: the walk
/// starts in that folder, so `../` would list outside the bucket. The rest is matched as text.
pub(crate) fn check_prefix(prefix: &str) -> Result<(), CloudError> {
    match prefix.rsplit_once('/') {
        Some((folder, _)) => check_key(folder),
        None if prefix.contains('\0') => check_key(prefix),
        None => Ok(()),
    }
}

/// Directory of a bucket.
pub(crate) fn bucket_dir(root: &Path, bucket: Bucket) -> PathBuf {
    root.join(bucket.name())
}

/// File holding an object's content; the key must have passed [`check_key`].
pub(crate) fn object_path(root: &Path, bucket: Bucket, key: &str) -> PathBuf {
    bucket_dir(root, bucket).join(key)
}

/// File holding an object's content type, metadata and etag.
pub(crate) fn sidecar_path(root: &Path, bucket: Bucket, key: &str) -> PathBuf {
    root.join(META_DIR)
        .join(bucket.name())
        .join(format!("{key}{META_SUFFIX}"))
}

/// Directory of the sidecars of a bucket.
pub(crate) fn sidecar_bucket_dir(root: &Path, bucket: Bucket) -> PathBuf {
    root.join(META_DIR).join(bucket.name())
}

/// A fresh path for a write in progress, on the same file system as the objects.
pub(crate) fn temporary_path(root: &Path) -> PathBuf {
    root.join(TMP_DIR).join(uuid::Uuid::new_v4().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_with_folders_spaces_and_accents_are_accepted() {
        assert!(check_key("extraits/s3ic liste établissements.csv").is_ok());
    }

    #[test]
    fn keys_that_would_escape_the_bucket_are_rejected() {
        for key in [
            "../secret",
            "a/../../b",
            "a/./b",
            "/etc/passwd",
            "a//b",
            "dir/",
            "",
        ] {
            assert!(
                matches!(check_key(key), Err(CloudError::InvalidKey { .. })),
                "{key:?} was accepted"
            );
        }
    }

    #[test]
    fn prefixes_are_keys_but_for_their_last_partial_segment() {
        for prefix in ["", "ams", "ams/", "ams/la", "a/b/.x", ".."] {
            assert!(check_prefix(prefix).is_ok(), "{prefix:?} was rejected");
        }
        for prefix in ["../", "../x", "a/../b/", "/etc/", "a//b", "./", "a\0"] {
            assert!(
                matches!(check_prefix(prefix), Err(CloudError::InvalidKey { .. })),
                "{prefix:?} was accepted"
            );
        }
    }

    #[test]
    fn sidecars_live_outside_the_bucket_directory() {
        let root = Path::new("/data");
        let sidecar = sidecar_path(root, Bucket::Misc, "a/b.csv");
        assert_eq!(sidecar, Path::new("/data/.meta/misc/a/b.csv.meta.json"));
        assert!(!sidecar.starts_with(bucket_dir(root, Bucket::Misc)));
    }
}
