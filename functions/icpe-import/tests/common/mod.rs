//! Shared data (read at run time, never copied), in-memory edits of it, database views, and the
//! handler's inputs as they land in the buckets.
#![allow(dead_code)] // each test binary uses its own subset of these helpers

use bytes::Bytes;
use envinorma_cloud::testing::sample_event;
use envinorma_cloud::{Bucket, ObjectEvent, ObjectStore, PutOptions};
use envinorma_db::Pool;
use envinorma_db::testing::TestDatabase;
use envinorma_icpe_import::prepared::{ImportOptions, ImportReport, PreparedFile, import_prepared};
use envinorma_icpe_import::{Handled, handle};

/// A file of `data/icpe`, as text.
pub fn icpe(name: &str) -> String {
    envinorma_test_support::read_text(&format!("data/icpe/{name}"))
}

/// A set of named files.
pub type Files = Vec<(String, Vec<u8>)>;

/// The installations, classements and APs of a dataset, under the names of dataset `as_dataset`.
pub fn dataset(name: &str, as_dataset: &str) -> Files {
    ["installations", "classements", "aps"]
        .into_iter()
        .map(|kind| {
            (
                format!("{kind}_{as_dataset}.csv"),
                icpe(&format!("{kind}_{name}.csv")).into_bytes(),
            )
        })
        .collect()
}

/// The options of an import of dataset `name`.
pub fn options(name: &str) -> ImportOptions {
    ImportOptions::default().for_dataset(name).unwrap()
}

/// Imports named files.
pub async fn import(pool: &Pool, files: &Files, options: &ImportOptions) -> ImportReport {
    let prepared: Vec<PreparedFile<'_>> = files
        .iter()
        .map(|(name, bytes)| PreparedFile { name, bytes })
        .collect();
    import_prepared(pool, &prepared, options).await.unwrap()
}

/// A fresh database with the IDF data imported (as dataset `all`).
pub async fn idf_database() -> TestDatabase {
    let db = TestDatabase::new().await;
    let report = import(db.pool(), &dataset("idf", "all"), &options("all")).await;
    assert_eq!(report.errors, vec![], "{}", report.summary());
    db
}

/// The rows of a CSV text: header first, fields split properly.
pub fn rows(content: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(content.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

/// CSV text of rows, as the data tasks write it (`\n` endings, minimal quoting).
pub fn csv_text(rows: &[Vec<String>]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    for row in rows {
        writer.write_record(row).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

/// The index of a column in a header row.
pub fn column(rows: &[Vec<String>], name: &str) -> usize {
    rows[0]
        .iter()
        .position(|c| c == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

/// The text with one field of one line (1-based; the header is line 1) replaced.
pub fn with_field(content: &str, line: usize, name: &str, value: &str) -> String {
    let mut rows = rows(content);
    let index = column(&rows, name);
    rows[line - 1][index] = value.into();
    csv_text(&rows)
}

/// Asserts that the public installations, classements and APs are exactly those of a full set
/// of files, in [`dataset`]'s order.
pub async fn assert_tables_hold(db: &TestDatabase, files: &Files) {
    let [installations, classements, aps] = &files[..] else {
        panic!("installations, classements and APs")
    };
    let text = |(name, bytes): &(String, Vec<u8>)| {
        String::from_utf8(bytes.clone()).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    assert_eq!(
        table(db, INSTALLATIONS).await,
        expected_installations(&text(installations))
    );
    assert_eq!(
        table(db, CLASSEMENTS).await,
        expected_classements(&text(classements))
    );
    assert_eq!(table(db, APS).await, expected_aps(&text(aps)));
}

/// Every row of a query, each column as text (`None` for NULL), sorted.
pub async fn table(db: &TestDatabase, sql: &str) -> Vec<Vec<Option<String>>> {
    let client = db.client().await;
    let mut rows: Vec<Vec<Option<String>>> = client
        .query(sql, &[])
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .iter()
        .map(|row| (0..row.len()).map(|i| row.get(i)).collect())
        .collect();
    rows.sort();
    rows
}

/// The public installations as stored, in file terms.
pub const INSTALLATIONS: &str =
    "SELECT s3ic_id, name, region, department, zipcode, city, last_inspection::text,
    regime, seveso, state FROM installations WHERE user_id IS NULL";

/// The classements of public installations as stored.
pub const CLASSEMENTS: &str =
    "SELECT i.s3ic_id, c.rubrique, c.regime, c.alinea, c.rubrique_acte, c.regime_acte,
    c.alinea_acte, c.activite, c.date_autorisation::text, c.date_mise_en_service::text, c.volume
    FROM classements c JOIN installations i ON i.id = c.installation_id WHERE i.user_id IS NULL";

/// The APs as stored.
pub const APS: &str = "SELECT georisques_id, installation_s3ic_id, description, date::text, size::text, ocr_status FROM aps";

/// What [`INSTALLATIONS`] must give for an installations file, computed from the CSV alone.
pub fn expected_installations(content: &str) -> Vec<Vec<Option<String>>> {
    expected(
        content,
        &[
            "s3ic_id",
            "name",
            "region",
            "department",
            "code_postal",
            "city",
            "last_inspection",
            "regime",
            "seveso",
            "active",
        ],
        |_, _| None,
    )
}

/// What [`CLASSEMENTS`] must give for a classements file.
pub fn expected_classements(content: &str) -> Vec<Vec<Option<String>>> {
    let columns = [
        "s3ic_id",
        "rubrique",
        "regime",
        "alinea",
        "rubrique_acte",
        "regime_acte",
        "alinea_acte",
        "activite",
        "date_autorisation",
        "date_mise_en_service",
        "volume",
    ];
    expected(content, &columns, |name, row| {
        // Stored as the original did: "<volume> <unit>", even when both are blank.
        (name == "volume").then(|| Some(format!("{} {}", row("volume"), row("unit"))))
    })
}

/// What [`APS`] must give for an APs file.
pub fn expected_aps(content: &str) -> Vec<Vec<Option<String>>> {
    let columns = [
        "georisques_id",
        "installation_s3ic_id",
        "description",
        "date",
        "size",
        "ocr_status",
    ];
    expected(content, &columns, |name, row| {
        // "199821.0" bytes are stored as the integer 199821.
        (name == "size")
            .then(|| Some(row("size").trim_end_matches(".0").to_string()).filter(|s| !s.is_empty()))
    })
}

fn expected(
    content: &str,
    columns: &[&str],
    special: impl Fn(&str, &dyn Fn(&str) -> String) -> Option<Option<String>>,
) -> Vec<Vec<Option<String>>> {
    let all = rows(content);
    let mut expected: Vec<Vec<Option<String>>> = all[1..]
        .iter()
        .map(|row| {
            let get = |name: &str| row[column(&all, name)].clone();
            columns
                .iter()
                .map(|name| {
                    special(name, &get).unwrap_or_else(|| Some(get(name)).filter(|v| !v.is_empty()))
                })
                .collect()
        })
        .collect();
    expected.sort();
    expected
}

/// Runs a query and prints every row as text, sorted: a view of content without ids or
/// timestamps, comparable across databases.
pub async fn content(db: &TestDatabase, sql: &str) -> Vec<String> {
    let client = db.client().await;
    let sql = format!("SELECT t::text FROM ({sql}) t");
    let mut rows: Vec<String> = client
        .query(&sql, &[])
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .iter()
        .map(|r| r.get(0))
        .collect();
    rows.sort();
    rows
}

/// The public ICPE data, without ids or timestamps.
pub async fn public_content(db: &TestDatabase) -> Vec<String> {
    let mut all = content(
        db,
        "SELECT s3ic_id, name, region, department, zipcode, city, last_inspection, regime, seveso, state
         FROM installations WHERE user_id IS NULL",
    )
    .await;
    all.extend(
        content(
            db,
            "SELECT i.s3ic_id, c.rubrique, c.regime, c.alinea, c.rubrique_acte, c.regime_acte, c.alinea_acte,
                    c.activite, c.date_autorisation, c.date_mise_en_service, c.volume
             FROM classements c JOIN installations i ON i.id = c.installation_id WHERE i.user_id IS NULL",
        )
        .await,
    );
    all.extend(
        content(
            db,
            "SELECT georisques_id, installation_s3ic_id, description, date, size, ocr_status FROM aps",
        )
        .await,
    );
    all
}

/// One number from a query.
pub async fn count(db: &TestDatabase, sql: &str) -> i64 {
    let client = db.client().await;
    client
        .query_one(sql, &[])
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .get(0)
}

/// A file of `data/raw/s3ic`, a raw S3IC extract or what its transform must give.
pub fn raw(name: &str) -> Bytes {
    Bytes::from(envinorma_test_support::read(&format!(
        "data/raw/s3ic/{name}"
    )))
}

/// A raw S3IC extract: its name in the inbox's `s3ic/` folder, and the sample event S3 sends
/// when it lands there.
pub struct Extract {
    pub name: &'static str,
    pub event: &'static str,
}

pub const ETABLISSEMENTS: Extract = Extract {
    name: "s3ic-liste-etablissements.csv",
    event: "s3-put-inbox-etablissements.json",
};

pub const RUBRIQUES: Extract = Extract {
    name: "sic-liste-rubriques.csv",
    event: "s3-put-inbox-rubriques.json",
};

/// Puts `bytes` in the inbox as `extract`, as the S3IC export drops it.
pub async fn put_extract(store: &dyn ObjectStore, extract: &Extract, bytes: Bytes) {
    store
        .put(
            Bucket::Inbox,
            &format!("s3ic/{}", extract.name),
            bytes,
            PutOptions::default(),
        )
        .await
        .unwrap();
}

/// Puts the real `extract` in the inbox and hands the handler the sample event S3 sends for it.
pub async fn put_extract_and_handle(
    store: &dyn ObjectStore,
    db: &TestDatabase,
    options: &ImportOptions,
    extract: &Extract,
) -> Handled {
    put_extract(store, extract, raw(extract.name)).await;
    handled(store, db.pool(), options, &sample_event(extract.event)).await
}

/// What the handler makes of `event`.
pub async fn handled(
    store: &dyn ObjectStore,
    pool: &Pool,
    options: &ImportOptions,
    event: &ObjectEvent,
) -> Handled {
    handle(store, pool, options, event).await.unwrap()
}

/// What the handler makes of the event S3 sends when `key` is put in the misc bucket.
pub async fn handle_misc_event(
    store: &dyn ObjectStore,
    pool: &Pool,
    options: &ImportOptions,
    key: &str,
) -> Handled {
    let event = ObjectEvent {
        bucket: Bucket::Misc,
        key: key.into(),
        size: 0,
        etag: None,
        event_name: ObjectEvent::CREATED_PUT.into(),
    };
    handled(store, pool, options, &event).await
}

/// Puts a file in the misc bucket as an editor does by hand: no metadata.
pub async fn drop_by_hand(store: &dyn ObjectStore, key: &str, bytes: &[u8]) {
    store
        .put(
            Bucket::Misc,
            key,
            Bytes::from(bytes.to_vec()),
            PutOptions::default(),
        )
        .await
        .unwrap();
}

/// Drops the classements then the installations of a set of files by hand: the installations'
/// event then finds its partner in the bucket.
pub async fn drop_pair_by_hand(store: &dyn ObjectStore, files: &Files) {
    drop_by_hand(store, &files[1].0, &files[1].1).await;
    drop_by_hand(store, &files[0].0, &files[0].1).await;
}
