//! The AM import against a real PostgreSQL: all or nothing, idempotent, content dates that
//! move only with the text, prescriptions that go with their AM, and the alinéa index.

mod common;

use common::zip_of;
use envinorma_am_import::{AmArchive, ArchiveLimits, import_ams, read_zip};
use envinorma_core::alinea_index::alinea_index;
use envinorma_core::{ArreteMinisteriel, parse_am};
use envinorma_db::testing::{TestDatabase, count};

/// The files of data/ams as (name, content), sorted.
fn am_files() -> Vec<(String, Vec<u8>)> {
    envinorma_test_support::json_files("data/ams")
}

/// The files that parse: the corpus without its truncated file.
fn valid_files() -> Vec<(String, Vec<u8>)> {
    am_files()
        .into_iter()
        .filter(|(name, content)| parse_am(name, content).is_ok())
        .collect()
}

async fn import(
    db: &TestDatabase,
    files: &[(String, Vec<u8>)],
) -> envinorma_am_import::AmImportReport {
    import_with(db, files, false).await
}

async fn import_with(
    db: &TestDatabase,
    files: &[(String, Vec<u8>)],
    force: bool,
) -> envinorma_am_import::AmImportReport {
    let mut client = db.config().connect().await.unwrap();
    import_ams(
        &mut client,
        "test",
        &AmArchive::of_files(files.to_vec()),
        force,
    )
    .await
    .unwrap()
}

async fn content_dates(db: &TestDatabase) -> Vec<(String, String)> {
    let client = db.client().await;
    client
        .query(
            "SELECT cid, content_updated_at::text FROM ams ORDER BY cid",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect()
}

#[tokio::test]
async fn a_truncated_file_rejects_the_whole_archive_and_names_the_file() {
    let db = TestDatabase::new().await;
    let before = db.checksum().await;
    let archive = read_zip("latest.zip", &zip_of(&am_files()), ArchiveLimits::default()).unwrap();
    let mut client = db.config().connect().await.unwrap();
    let report = import_ams(&mut client, "latest.zip", &archive, false)
        .await
        .unwrap();
    assert!(!report.succeeded());
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert_eq!(report.problems[0].file, "LEGITEXT000006074852.json");
    assert!(
        report.problems[0].problem.contains("truncated"),
        "{}",
        report.problems[0].problem
    );
    assert!(report.summary().contains("REJECTED"));
    assert_eq!(db.checksum().await, before, "nothing changed");
}

#[tokio::test]
async fn the_valid_ams_load_and_a_second_import_changes_nothing() {
    let db = TestDatabase::new().await;
    let files = valid_files();
    let first = import(&db, &files).await;
    assert!(first.succeeded(), "{:?}", first.problems);
    assert_eq!(first.changes.inserted.len(), files.len());
    let dates = content_dates(&db).await;
    assert_eq!(dates.len(), files.len());
    let checksum = db.checksum().await;

    let second = import(&db, &files).await;
    assert_eq!(
        (
            second.changes.inserted.len(),
            second.changes.updated.len(),
            second.changes.deleted.len()
        ),
        (0, 0, 0)
    );
    assert_eq!(second.unchanged, files.len());
    assert_eq!(content_dates(&db).await, dates);
    assert_eq!(
        db.checksum().await,
        checksum,
        "the same archive twice leaves every table as it was"
    );
}

#[tokio::test]
async fn changing_one_alinea_moves_only_that_ams_content_date() {
    let db = TestDatabase::new().await;
    let mut files = valid_files();
    import(&db, &files).await;
    let before = content_dates(&db).await;

    let content = &mut files[3].1;
    let mut am: ArreteMinisteriel = serde_json::from_slice(content).unwrap();
    let section = am
        .sections
        .iter_mut()
        .find(|s| !s.outer_alineas.is_empty() || !s.sections.is_empty())
        .unwrap();
    let mut target = section;
    while target.outer_alineas.is_empty() {
        target = &mut target.sections[0];
    }
    target.outer_alineas[0].text.push_str(" (modifié)");
    *content = serde_json::to_vec(&am).unwrap();
    let changed = am.id.clone();

    let report = import(&db, &files).await;
    assert_eq!(report.changes.updated, std::slice::from_ref(&changed));
    assert_eq!(
        report.changes.content_changed,
        std::slice::from_ref(&changed)
    );
    let after = content_dates(&db).await;
    for ((cid, old), (_, new)) in before.iter().zip(&after) {
        assert_eq!(old != new, *cid == changed, "{cid}: {old} → {new}");
    }
}

#[tokio::test]
async fn a_topic_change_updates_the_index_but_not_the_content_date() {
    let db = TestDatabase::new().await;
    let mut files = valid_files();
    import(&db, &files).await;
    let before = content_dates(&db).await;
    let mut am: ArreteMinisteriel = serde_json::from_slice(&files[5].1).unwrap();
    am.sections[0].annotations =
        Some(serde_json::from_value(serde_json::json!({"topic": "EAU"})).unwrap());
    files[5].1 = serde_json::to_vec(&am).unwrap();

    let report = import(&db, &files).await;
    assert_eq!(report.changes.updated, [am.id.clone()]);
    assert!(report.changes.content_changed.is_empty());
    assert_eq!(content_dates(&db).await, before);
    let client = db.client().await;
    let topics: Vec<String> = client
        .query(
            "SELECT DISTINCT topic FROM alinea_stores WHERE am_id = $1 AND section_rank LIKE '0%'",
            &[&am.id],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    if alinea_index(&am)
        .iter()
        .any(|row| row.section_rank.starts_with('0'))
    {
        assert_eq!(topics, ["EAU"]);
    }
}

#[tokio::test]
async fn removing_an_am_deletes_its_prescriptions_and_nothing_else() {
    let db = TestDatabase::new().await;
    let files = valid_files();
    import(&db, &files).await;
    let (kept_am, removed_am) = (
        files[0].0.trim_end_matches(".json").to_string(),
        files[1].0.trim_end_matches(".json").to_string(),
    );
    let client = db.client().await;
    client
        .batch_execute(&format!(
            "INSERT INTO users DEFAULT VALUES;
             INSERT INTO installations (s3ic_id, name, user_id) SELECT '0000.00000', 'Mon installation', id FROM users;
             INSERT INTO prescriptions (user_id, installation_id, from_am_id, alinea_id, reference, content)
                 SELECT u.id, i.id, am, am || '_0', 'Article 1', 'Texte' FROM users u, installations i, (VALUES ('{kept_am}'), ('{removed_am}')) v(am);"
        ))
        .await
        .unwrap();

    let remaining: Vec<_> = files
        .iter()
        .filter(|(name, _)| !name.starts_with(&removed_am))
        .cloned()
        .collect();
    let report = import(&db, &remaining).await;
    assert_eq!(report.changes.deleted, std::slice::from_ref(&removed_am));
    assert_eq!(report.changes.prescriptions_deleted, 1);
    let prescriptions: Vec<String> = client
        .query("SELECT from_am_id FROM prescriptions", &[])
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(prescriptions, [kept_am]);
    let indexed: i64 = client
        .query_one(
            "SELECT count(*) FROM alinea_stores WHERE am_id = $1",
            &[&removed_am],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(indexed, 0);
    assert_eq!(
        report.changes.inserted.len() + report.changes.updated.len(),
        0
    );
}

#[tokio::test]
async fn the_alinea_index_holds_exactly_the_core_index_of_every_am() {
    let db = TestDatabase::new().await;
    let files = valid_files();
    import(&db, &files).await;
    let client = db.client().await;
    for (name, content) in &files {
        let am = parse_am(name, content).unwrap();
        let stored: Vec<(String, i32, String, String, String, bool)> = client
            .query(
                "SELECT section_id, index_in_section, section_rank, topic, content, is_table FROM alinea_stores
                 WHERE am_id = $1 ORDER BY id",
                &[&am.id],
            )
            .await
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5)))
            .collect();
        let expected: Vec<(String, i32, String, String, String, bool)> = alinea_index(&am)
            .into_iter()
            .map(|r| {
                (
                    r.section_id.to_string(),
                    r.index_in_section as i32,
                    r.section_rank,
                    r.topic.to_string(),
                    r.content.into_owned(),
                    r.is_table,
                )
            })
            .collect();
        let outer_alineas: usize = am.all_sections().map(|(_, s)| s.outer_alineas.len()).sum();
        assert_eq!(stored.len(), outer_alineas, "{}", am.id);
        assert_eq!(stored, expected, "{}", am.id);
    }
}

#[tokio::test]
async fn an_am_reads_back_from_the_database_as_it_was_published() {
    let db = TestDatabase::new().await;
    let files = valid_files();
    import(&db, &files[..3]).await;
    let client = db.client().await;
    for (name, content) in &files[..3] {
        let am = parse_am(name, content).unwrap();
        let stored = envinorma_db::ams::get(&client, &am.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.am, am);
    }
}

#[tokio::test]
async fn an_import_deleting_more_than_a_fifth_of_the_ams_is_refused_unless_forced() {
    let db = TestDatabase::new().await;
    let files = valid_files();
    import(&db, &files).await;
    let before = db.checksum().await;
    let half = &files[..files.len() / 2];
    let deleted = files.len() - half.len();

    let refused = import(&db, half).await;
    assert!(!refused.succeeded());
    let reason = format!(
        "test would delete {deleted} of the {} AMs (50 %, more than 20 %): a truncated upload? Nothing changed; import again with force to confirm",
        files.len()
    );
    assert_eq!(refused.refused.as_deref(), Some(reason.as_str()));
    assert_eq!(
        refused.summary(),
        format!("am-import test: REFUSED, {reason}")
    );
    assert_eq!(refused.changes, Default::default());
    assert!(!refused.forced);
    assert_eq!(db.checksum().await, before, "nothing changed");

    let forced = import_with(&db, half, true).await;
    assert!(forced.succeeded(), "{}", forced.summary());
    assert!(forced.forced);
    assert_eq!(forced.changes.deleted.len(), deleted);
    assert!(
        forced.summary().contains(", forced, in "),
        "{}",
        forced.summary()
    );
    let stored: i64 = count(&db.client().await, "SELECT count(*) FROM ams").await;
    assert_eq!(stored as usize, half.len());
}

#[tokio::test]
async fn a_fifth_of_the_ams_may_go_and_a_quarter_may_not() {
    let db = TestDatabase::new().await;
    let files = valid_files();
    let first = import(&db, &files[..10]).await;
    assert!(first.succeeded(), "an empty database accepts any archive");

    let fifth = import(&db, &files[..8]).await;
    assert!(fifth.succeeded(), "{}", fifth.summary());
    assert_eq!(fifth.changes.deleted.len(), 2);
    assert!(!fifth.forced);

    let quarter = import(&db, &files[..6]).await;
    assert_eq!(
        quarter.refused.as_deref(),
        Some(
            "test would delete 2 of the 8 AMs (25 %, more than 20 %): a truncated upload? Nothing changed; import again with force to confirm"
        )
    );
}
