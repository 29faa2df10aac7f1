//! What only the local store has to get right: it is a directory tree people look into and drop
//! files into, and it must not let a key escape its root.

mod common;

use bytes::Bytes;
use envinorma_cloud::{Bucket, CloudError, ObjectStore, PutOptions};

#[tokio::test]
async fn objects_are_plain_files_under_the_bucket_folder() {
    let (store, dir) = common::local_store();
    store
        .put(
            Bucket::Misc,
            "prepared/classements_all.csv",
            Bytes::from_static(b"x;y"),
            PutOptions::default(),
        )
        .await
        .unwrap();

    let path = dir.path().join("misc/prepared/classements_all.csv");
    assert_eq!(std::fs::read(&path).unwrap(), b"x;y");
    assert_eq!(
        store
            .object_path(Bucket::Misc, "prepared/classements_all.csv")
            .unwrap(),
        path
    );
}

#[tokio::test]
async fn a_file_dropped_by_hand_is_an_object_without_metadata() {
    let (store, dir) = common::local_store();
    std::fs::create_dir_all(dir.path().join("inbox")).unwrap();
    std::fs::write(dir.path().join("inbox/s3ic.csv"), b"a;b").unwrap();

    let listed = store.list(Bucket::Inbox, "").await.unwrap();
    assert_eq!(listed.len(), 1);
    let object = store.get(Bucket::Inbox, "s3ic.csv").await.unwrap();
    assert_eq!(object.body, Bytes::from_static(b"a;b"));
    assert!(object.head.metadata.is_empty());
    assert_eq!(object.head.summary.etag, listed[0].etag);
}

#[tokio::test]
async fn a_file_replaced_by_hand_loses_the_metadata_of_the_former_put() {
    let (store, dir) = common::local_store();
    let options = PutOptions::content_type("text/csv").with_metadata("force", "true");
    store
        .put(
            Bucket::Inbox,
            "s3ic.csv",
            Bytes::from_static(b"old"),
            options,
        )
        .await
        .unwrap();
    let before = store.head(Bucket::Inbox, "s3ic.csv").await.unwrap();

    std::fs::write(dir.path().join("inbox/s3ic.csv"), b"new content").unwrap();
    let after = store.head(Bucket::Inbox, "s3ic.csv").await.unwrap();
    assert!(after.metadata.is_empty(), "{:?}", after.metadata);
    assert_ne!(after.summary.etag, before.summary.etag);
    assert_eq!(after.summary.size, 11);
}

#[tokio::test]
async fn keys_that_would_leave_the_root_are_rejected() {
    let (store, _dir) = common::local_store();
    for key in ["../escape.txt", "a/../../escape.txt", "/etc/passwd"] {
        let error = store
            .put(
                Bucket::Misc,
                key,
                Bytes::from_static(b"x"),
                PutOptions::default(),
            )
            .await
            .unwrap_err();
        assert!(
            matches!(error, CloudError::InvalidKey { .. }),
            "{key}: {error}"
        );
        let error = store.get(Bucket::Misc, key).await.unwrap_err();
        assert!(
            matches!(error, CloudError::InvalidKey { .. }),
            "{key}: {error}"
        );
    }
}

#[tokio::test]
async fn a_listing_prefix_that_would_leave_the_bucket_is_rejected() {
    let (store, dir) = common::local_store();
    std::fs::create_dir_all(dir.path().join("inbox")).unwrap();
    std::fs::write(dir.path().join("inbox/elsewhere.csv"), b"x").unwrap();
    for prefix in ["../", "../inbox/", "a/../../", "/etc/"] {
        let error = store.list(Bucket::Misc, prefix).await.unwrap_err();
        assert!(
            matches!(error, CloudError::InvalidKey { .. }),
            "{prefix}: {error}"
        );
    }
}

#[tokio::test]
async fn an_object_named_like_a_folder_is_a_clear_invalid_key() {
    let (store, _dir) = common::local_store();
    store
        .put(
            Bucket::Misc,
            "a",
            Bytes::from_static(b"x"),
            PutOptions::default(),
        )
        .await
        .unwrap();

    let error = store
        .put(
            Bucket::Misc,
            "a/b",
            Bytes::from_static(b"y"),
            PutOptions::default(),
        )
        .await
        .unwrap_err();
    assert!(matches!(error, CloudError::InvalidKey { .. }), "{error}");
    assert_eq!(
        store.get(Bucket::Misc, "a").await.unwrap().body,
        Bytes::from_static(b"x")
    );
}

#[tokio::test]
async fn the_bookkeeping_files_never_show_in_a_listing() {
    let (store, _dir) = common::local_store();
    store
        .put(
            Bucket::Misc,
            "a.csv",
            Bytes::from_static(b"x"),
            PutOptions::default().with_metadata("force", "true"),
        )
        .await
        .unwrap();

    let keys: Vec<String> = store
        .list(Bucket::Misc, "")
        .await
        .unwrap()
        .into_iter()
        .map(|summary| summary.key)
        .collect();
    assert_eq!(keys, ["a.csv"]);
}
