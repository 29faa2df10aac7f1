//! One contract for every [`ObjectStore`]: each test below runs on the local directory store and
//! on S3 (moto), through `&dyn ObjectStore`, as handlers use it.

mod common;

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use envinorma_cloud::{Bucket, CloudError, Metadata, ObjectStore, PutOptions};
use futures::{StreamExt, TryStreamExt};

/// Generates `local::<test>` and `s3::<test>` for every contract test.
macro_rules! contract {
    ($($test:ident),* $(,)?) => {
        mod local {
            $(
                #[tokio::test]
                async fn $test() {
                    let (store, _dir) = crate::common::local_store();
                    super::$test(&store).await;
                }
            )*
        }
        mod s3 {
            $(
                #[tokio::test]
                async fn $test() {
                    let (store, _config) = crate::common::s3_store().await;
                    super::$test(&store).await;
                }
            )*
        }
    };
}

contract!(
    an_object_is_read_back_with_its_content_type_and_metadata,
    a_head_gives_size_etag_date_and_metadata,
    metadata_names_come_back_lowercased,
    invalid_metadata_is_rejected_and_nothing_is_stored,
    a_missing_object_is_not_found_on_get_and_head,
    a_listing_holds_only_the_keys_under_the_prefix_in_order,
    a_listing_agrees_with_head_on_size_and_etag,
    a_listing_of_more_than_a_thousand_objects_returns_them_all,
    a_deleted_object_is_gone_and_deleting_it_again_succeeds,
    keys_with_spaces_and_accents_round_trip,
    a_put_replaces_the_object_and_the_etag_follows_the_content,
    an_empty_object_round_trips,
);

fn csv() -> PutOptions {
    PutOptions::content_type("text/csv")
}

async fn an_object_is_read_back_with_its_content_type_and_metadata(store: &dyn ObjectStore) {
    let options = csv().with_metadata("force", "true");
    store
        .put(
            Bucket::Inbox,
            "s3ic.csv",
            Bytes::from_static(b"a;b\n1;2\n"),
            options,
        )
        .await
        .unwrap();

    let object = store.get(Bucket::Inbox, "s3ic.csv").await.unwrap();
    assert_eq!(object.body, Bytes::from_static(b"a;b\n1;2\n"));
    assert_eq!(object.head.content_type.as_deref(), Some("text/csv"));
    assert_eq!(
        object.head.metadata,
        Metadata::from([("force".into(), "true".into())])
    );
    assert_eq!(object.head.summary.size, 8);
}

async fn a_head_gives_size_etag_date_and_metadata(store: &dyn ObjectStore) {
    let before = SystemTime::now() - Duration::from_secs(5);
    let options = csv().with_metadata("source", "georisques");
    store
        .put(
            Bucket::Misc,
            "reports/run.json",
            Bytes::from_static(b"{}"),
            options,
        )
        .await
        .unwrap();

    let head = store.head(Bucket::Misc, "reports/run.json").await.unwrap();
    assert_eq!(head.summary.key, "reports/run.json");
    assert_eq!(head.summary.size, 2);
    assert!(!head.summary.etag.is_empty() && !head.summary.etag.contains('"'));
    assert!(
        head.summary.last_modified >= before,
        "{:?}",
        head.summary.last_modified
    );
    assert_eq!(
        head.metadata.get("source").map(String::as_str),
        Some("georisques")
    );
    assert_eq!(head.content_type.as_deref(), Some("text/csv"));
}

async fn metadata_names_come_back_lowercased(store: &dyn ObjectStore) {
    let options = PutOptions::default().with_metadata("Force", "true");
    store
        .put(Bucket::Inbox, "a.csv", Bytes::from_static(b"x"), options)
        .await
        .unwrap();

    let head = store.head(Bucket::Inbox, "a.csv").await.unwrap();
    assert_eq!(
        head.metadata,
        Metadata::from([("force".into(), "true".into())])
    );
}

async fn invalid_metadata_is_rejected_and_nothing_is_stored(store: &dyn ObjectStore) {
    let options = PutOptions::default().with_metadata("author", "Hélène");
    let error = store
        .put(Bucket::Inbox, "a.csv", Bytes::from_static(b"x"), options)
        .await
        .unwrap_err();
    assert!(
        matches!(error, CloudError::InvalidMetadata { .. }),
        "{error}"
    );
    assert!(
        store
            .head(Bucket::Inbox, "a.csv")
            .await
            .unwrap_err()
            .is_not_found()
    );
}

async fn a_missing_object_is_not_found_on_get_and_head(store: &dyn ObjectStore) {
    let error = store.get(Bucket::Am, "ams/latest.zip").await.unwrap_err();
    assert!(error.is_not_found(), "{error}");
    assert!(error.to_string().contains("ams/latest.zip"), "{error}");
    let error = store.head(Bucket::Am, "ams/latest.zip").await.unwrap_err();
    assert!(error.is_not_found(), "{error}");
}

async fn a_listing_holds_only_the_keys_under_the_prefix_in_order(store: &dyn ObjectStore) {
    for key in ["ams/b.zip", "ams/a.zip", "amsterdam.txt", "other/ams/c.zip"] {
        store
            .put(
                Bucket::Am,
                key,
                Bytes::from_static(b"zip"),
                PutOptions::default(),
            )
            .await
            .unwrap();
    }

    let keys = |summaries: Vec<envinorma_cloud::ObjectSummary>| {
        summaries
            .into_iter()
            .map(|summary| summary.key)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        keys(store.list(Bucket::Am, "ams/").await.unwrap()),
        ["ams/a.zip", "ams/b.zip"]
    );
    assert_eq!(
        keys(store.list(Bucket::Am, "ams").await.unwrap()),
        ["ams/a.zip", "ams/b.zip", "amsterdam.txt"]
    );
    assert_eq!(keys(store.list(Bucket::Am, "").await.unwrap()).len(), 4);
    assert!(store.list(Bucket::Am, "none/").await.unwrap().is_empty());
    assert!(store.list(Bucket::Ap, "").await.unwrap().is_empty());
}

async fn a_listing_agrees_with_head_on_size_and_etag(store: &dyn ObjectStore) {
    store
        .put(
            Bucket::Ap,
            "P/1.pdf",
            Bytes::from_static(b"%PDF-1.4"),
            PutOptions::default(),
        )
        .await
        .unwrap();

    let listed = store.list(Bucket::Ap, "P/").await.unwrap();
    let head = store.head(Bucket::Ap, "P/1.pdf").await.unwrap();
    assert_eq!(head.summary.size, 8);
    assert_eq!(listed, [head.summary]);
}

async fn a_listing_of_more_than_a_thousand_objects_returns_them_all(store: &dyn ObjectStore) {
    // S3 pages listings by 1000 keys: the store must follow continuation tokens.
    let keys: Vec<String> = (0..1003)
        .map(|index| format!("pages/{index:04}.txt"))
        .collect();
    futures::stream::iter(&keys)
        .map(|key| {
            store.put(
                Bucket::Misc,
                key,
                Bytes::from_static(b"."),
                PutOptions::default(),
            )
        })
        .buffer_unordered(16)
        .try_collect::<Vec<_>>()
        .await
        .unwrap();

    let listed = store.list(Bucket::Misc, "pages/").await.unwrap();
    let listed: Vec<String> = listed.into_iter().map(|summary| summary.key).collect();
    assert_eq!(listed, keys);
}

async fn a_deleted_object_is_gone_and_deleting_it_again_succeeds(store: &dyn ObjectStore) {
    store
        .put(
            Bucket::Misc,
            "a/b/c.csv",
            Bytes::from_static(b"x"),
            PutOptions::default(),
        )
        .await
        .unwrap();

    store.delete(Bucket::Misc, "a/b/c.csv").await.unwrap();
    assert!(
        store
            .get(Bucket::Misc, "a/b/c.csv")
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert!(store.list(Bucket::Misc, "").await.unwrap().is_empty());
    store.delete(Bucket::Misc, "a/b/c.csv").await.unwrap();
    // The former folder's name is free for an object.
    store
        .put(
            Bucket::Misc,
            "a/b",
            Bytes::from_static(b"y"),
            PutOptions::default(),
        )
        .await
        .unwrap();
    assert_eq!(
        store.get(Bucket::Misc, "a/b").await.unwrap().body,
        Bytes::from_static(b"y")
    );
}

async fn keys_with_spaces_and_accents_round_trip(store: &dyn ObjectStore) {
    let key = "extraits été/s3ic liste établissements (1)+copie.csv";
    store
        .put(Bucket::Inbox, key, Bytes::from("é;à\n"), csv())
        .await
        .unwrap();

    assert_eq!(
        store.get(Bucket::Inbox, key).await.unwrap().body,
        Bytes::from("é;à\n")
    );
    assert_eq!(
        store.head(Bucket::Inbox, key).await.unwrap().summary.key,
        key
    );
    let listed = store.list(Bucket::Inbox, "extraits été/").await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].key, key);
}

async fn a_put_replaces_the_object_and_the_etag_follows_the_content(store: &dyn ObjectStore) {
    let put = |content: &'static [u8]| {
        store.put(
            Bucket::Misc,
            "installations_all.csv",
            Bytes::from_static(content),
            csv(),
        )
    };
    let etag = || async {
        store
            .head(Bucket::Misc, "installations_all.csv")
            .await
            .unwrap()
            .summary
            .etag
    };
    put(b"version 1").await.unwrap();
    let first = etag().await;
    put(b"version 1").await.unwrap();
    assert_eq!(etag().await, first, "same content, same etag");
    put(b"version two").await.unwrap();
    assert_ne!(etag().await, first, "new content, new etag");
    let object = store
        .get(Bucket::Misc, "installations_all.csv")
        .await
        .unwrap();
    assert_eq!(object.body, Bytes::from_static(b"version two"));
}

async fn an_empty_object_round_trips(store: &dyn ObjectStore) {
    store
        .put(
            Bucket::Misc,
            "empty.csv",
            Bytes::new(),
            PutOptions::default(),
        )
        .await
        .unwrap();

    let object = store.get(Bucket::Misc, "empty.csv").await.unwrap();
    assert!(object.body.is_empty());
    assert_eq!(object.head.summary.size, 0);
}
