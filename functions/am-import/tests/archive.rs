//! What an archive may hold, against a real PostgreSQL already holding the AMs: no AM, an entry
//! not named `<CID>.json`, a zip bomb or a lying header is refused and changes nothing;
//! harmless extras are listed and left out.

mod common;

use common::zip_of;
use envinorma_am_import::{
    AmImportReport, ArchiveLimits, FileProblem, IgnoredEntry, import_ams, read_zip,
};
use envinorma_core::parse_am;
use envinorma_db::testing::TestDatabase;
use envinorma_test_support::demo_ams;

/// A database holding the demo AMs, so that an archive deleting them would show.
async fn database_with_demo_ams() -> TestDatabase {
    let db = TestDatabase::new().await;
    let report = import_zip(&db, &zip_of(&demo_ams())).await;
    assert!(report.succeeded(), "{}", report.summary());
    db
}

async fn import_zip(db: &TestDatabase, zip: &[u8]) -> AmImportReport {
    let archive = read_zip("latest.zip", zip, ArchiveLimits::default()).unwrap();
    let mut client = db.config().connect().await.unwrap();
    import_ams(&mut client, "latest.zip", &archive, false)
        .await
        .unwrap()
}

fn problem(file: &str, problem: &str) -> FileProblem {
    FileProblem {
        file: file.into(),
        problem: problem.into(),
    }
}

const NOT_AN_AM_NAME: &str = "not an AM file: AM files are named <CID>.json (JORFTEXT or LEGITEXT, 12 digits, then .json in lower case)";

#[tokio::test]
async fn an_archive_without_any_am_file_is_refused_and_changes_nothing() {
    let db = database_with_demo_ams().await;
    let before = db.checksum().await;
    for entries in [vec![], vec![("README.md", b"Les AM en vigueur".as_slice())]] {
        let report = import_zip(&db, &zip_of(&entries)).await;
        assert_eq!(
            report.problems,
            [problem(
                "latest.zip",
                "no AM file (<CID>.json): importing it would delete every AM"
            )]
        );
        assert!(!report.succeeded());
        assert_eq!(db.checksum().await, before, "nothing changed");
    }
}

#[tokio::test]
async fn an_entry_not_named_exactly_cid_json_is_refused_and_changes_nothing() {
    let db = database_with_demo_ams().await;
    let before = db.checksum().await;
    let ams = demo_ams();
    let cid = ams[0].0.trim_end_matches(".json");
    for name in [
        "X.JSON".to_string(),
        "foo.json".to_string(),
        format!("{cid}.Json"),
        format!("{cid}.JSON"),
    ] {
        let mut entries: Vec<(&str, &[u8])> = vec![(name.as_str(), ams[0].1.as_slice())];
        entries.extend(ams[1..].iter().map(|(n, c)| (n.as_str(), c.as_slice())));
        let report = import_zip(&db, &zip_of(&entries)).await;
        assert_eq!(report.problems, [problem(&name, NOT_AN_AM_NAME)], "{name}");
        assert_eq!(
            report.summary(),
            format!(
                "am-import latest.zip: REJECTED, 1 problem(s) in 2 file(s) read, nothing changed; first: {name}: {NOT_AN_AM_NAME}"
            )
        );
        assert_eq!(db.checksum().await, before, "{name}: nothing changed");
    }
}

#[tokio::test]
async fn folders_macos_metadata_and_a_readme_are_listed_as_ignored() {
    let db = database_with_demo_ams().await;
    let ams = demo_ams();
    let mut entries: Vec<(&str, &[u8])> = vec![
        ("ams/", b"".as_slice()),
        ("__MACOSX/", b""),
        (
            "__MACOSX/ams/._JORFTEXT000090000001.json",
            b"\x00\x05\x16\x07",
        ),
        ("ams/.DS_Store", b"\x00\x00\x00\x01Bud1"),
        ("README.md", b"Les AM en vigueur"),
    ];
    let named: Vec<String> = ams.iter().map(|(name, _)| format!("ams/{name}")).collect();
    entries.extend(
        named
            .iter()
            .zip(&ams)
            .map(|(n, (_, c))| (n.as_str(), c.as_slice())),
    );
    let report = import_zip(&db, &zip_of(&entries)).await;

    assert!(report.succeeded(), "{}", report.summary());
    assert_eq!(report.read, ams.len());
    assert_eq!(report.unchanged, ams.len());
    let ignored = |entry: &str, why: &str| IgnoredEntry {
        entry: entry.into(),
        why: why.into(),
    };
    assert_eq!(
        report.ignored,
        [
            ignored("ams/", "a folder"),
            ignored("__MACOSX/", "a folder"),
            ignored(
                "__MACOSX/ams/._JORFTEXT000090000001.json",
                "macOS archive metadata"
            ),
            ignored("ams/.DS_Store", "macOS folder metadata"),
            ignored("README.md", "a README"),
        ]
    );
    assert!(
        report.summary().ends_with(&format!(
            ", 5 entries ignored (ams/, __MACOSX/, __MACOSX/ams/._JORFTEXT000090000001.json, ams/.DS_Store, README.md), in {} ms",
            report.duration_ms
        )),
        "{}",
        report.summary()
    );
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(
        json["ignored"][4],
        serde_json::json!({"entry": "README.md", "why": "a README"})
    );
}

/// An AM whose JSON is followed by `padding` spaces (still valid JSON): what a bomb inflates to,
/// so that only the limit stops it.
fn padded_am(padding: usize) -> (String, Vec<u8>) {
    let (name, mut content) = demo_ams().remove(0);
    content.resize(content.len() + padding, b' ');
    assert!(parse_am(&name, &content).is_ok());
    (name, content)
}

#[tokio::test]
async fn a_zip_bomb_is_refused_at_the_entry_limit_and_changes_nothing() {
    let db = database_with_demo_ams().await;
    let before = db.checksum().await;
    let limit = ArchiveLimits::default().max_entry_bytes;
    let (name, content) = padded_am(limit as usize);
    let zip = zip_of(&[(name.as_str(), content.as_slice())]);
    assert!(zip.len() < 100_000, "a small archive: {} bytes", zip.len());

    let report = import_zip(&db, &zip).await;
    assert_eq!(
        report.problems,
        [problem(
            &name,
            "more than 16777216 bytes once decompressed, the limit of one AM file (the largest published AM is 1 MB): a zip bomb? Nothing read further"
        )]
    );
    assert_eq!(report.read, 0);
    assert_eq!(db.checksum().await, before, "nothing changed");
}

/// The offset of the only central directory header of a zip.
fn central_header(zip: &[u8]) -> usize {
    let offsets: Vec<usize> = zip
        .windows(4)
        .enumerate()
        .filter(|(_, w)| *w == b"PK\x01\x02")
        .map(|(i, _)| i)
        .collect();
    assert_eq!(offsets.len(), 1, "one entry");
    offsets[0]
}

#[tokio::test]
async fn an_entry_larger_than_its_header_declares_is_refused() {
    let db = database_with_demo_ams().await;
    let before = db.checksum().await;
    let (name, content) = padded_am(ArchiveLimits::default().max_entry_bytes as usize);
    let mut zip = zip_of(&[(name.as_str(), content.as_slice())]);
    // The uncompressed size of the central directory says 1 KB.
    let header = central_header(&zip);
    zip[header + 24..header + 28].copy_from_slice(&1024u32.to_le_bytes());

    let report = import_zip(&db, &zip).await;
    assert_eq!(
        report.problems,
        [problem(
            &name,
            "cannot be read (File is larger than its declared uncompressed size)"
        )]
    );
    assert_eq!(db.checksum().await, before, "nothing changed");
}

#[tokio::test]
async fn an_entry_declaring_a_terabyte_is_read_within_the_bound() {
    let db = TestDatabase::new().await;
    let (name, content) = demo_ams().remove(0);
    let mut zip = zip_of(&[(name.as_str(), content.as_slice())]);
    // The central directory declares 1 TiB: its 32-bit size says "see the zip64 field", and a
    // zip64 extra field holding the size goes after the name (the directory grows by 12 bytes).
    let header = central_header(&zip);
    let name_length = u16::from_le_bytes([zip[header + 28], zip[header + 29]]) as usize;
    let extra_length = u16::from_le_bytes([zip[header + 30], zip[header + 31]]);
    zip[header + 24..header + 28].copy_from_slice(&u32::MAX.to_le_bytes());
    zip[header + 30..header + 32].copy_from_slice(&(extra_length + 12).to_le_bytes());
    let mut zip64 = vec![0x01, 0x00, 8, 0];
    zip64.extend_from_slice(&(1u64 << 40).to_le_bytes());
    let at = header + 46 + name_length;
    zip.splice(at..at, zip64);
    let end = zip.len() - 22;
    assert_eq!(&zip[end..end + 4], b"PK\x05\x06");
    let size = u32::from_le_bytes(zip[end + 12..end + 16].try_into().unwrap()) + 12;
    zip[end + 12..end + 16].copy_from_slice(&size.to_le_bytes());

    let mut reader = zip::ZipArchive::new(std::io::Cursor::new(zip.as_slice())).unwrap();
    assert_eq!(
        reader.by_index(0).unwrap().size(),
        1 << 40,
        "the header lies"
    );

    let archive = read_zip("latest.zip", &zip, ArchiveLimits::default()).unwrap();
    assert_eq!(archive.files, [(name, content)]);
    let mut client = db.config().connect().await.unwrap();
    let report = import_ams(&mut client, "latest.zip", &archive, false)
        .await
        .unwrap();
    assert!(report.succeeded(), "{}", report.summary());
    assert_eq!(report.changes.inserted.len(), 1);
}
