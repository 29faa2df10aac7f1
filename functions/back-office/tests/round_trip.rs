//! The key acceptance test of the back-office's storage: the published AMs seeded into the
//! database and published again, with no edit in between, come out byte for byte as they went
//! in; a bad file seeds nothing.

use envinorma_back_office::publish::published_files;
use envinorma_back_office::seed;
use envinorma_db::bo;
use envinorma_db::testing::{TestDatabase, count};
use envinorma_test_support::json_files;

#[tokio::test]
async fn every_published_am_seeded_then_published_again_is_the_same_file() {
    let files: Vec<(String, Vec<u8>)> = json_files("data/ams")
        .into_iter()
        .filter(|(name, bytes)| envinorma_core::parse_am(name, bytes).is_ok())
        .collect();
    assert!(files.len() >= 216, "{} AM files", files.len());
    let documents = seed::documents_of(&files).unwrap();
    let db = TestDatabase::new().await;
    let mut client = db.client().await;
    let transaction = client.transaction().await.unwrap();
    seed::seed(&transaction, &documents).await.unwrap();
    transaction.commit().await.unwrap();

    let stored = bo::all_documents(&client).await.unwrap();
    let published = published_files(&stored).unwrap();
    assert_eq!(published.len(), files.len());
    let mut differ = Vec::new();
    for ((name, bytes), (published_name, json)) in files.iter().zip(&published) {
        assert_eq!(name, published_name);
        if json.as_bytes() != bytes.as_slice() {
            differ.push(name.as_str());
        }
    }
    assert!(
        differ.is_empty(),
        "{} files differ: {differ:?}",
        differ.len()
    );
    // Each seeded version is in the edit log.
    let logged = count(
        &client,
        "SELECT count(*) FROM bo.edits WHERE editor = 'seed'",
    )
    .await;
    assert_eq!(logged as usize, files.len());
}

#[test]
fn a_bad_file_among_good_ones_is_refused_with_its_reason() {
    let files = json_files("data/ams");
    let refusals = seed::documents_of(&files).unwrap_err();
    assert_eq!(refusals.len(), 1, "{refusals:?}");
    let bad: Vec<&String> = files
        .iter()
        .filter(|(name, bytes)| envinorma_core::parse_am(name, bytes).is_err())
        .map(|(name, _)| name)
        .collect();
    assert!(refusals[0].starts_with(bad[0].as_str()), "{}", refusals[0]);
}
