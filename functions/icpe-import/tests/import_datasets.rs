//! The real prepared files into fresh databases, and the second import that changes them.

mod common;

use common::*;
use envinorma_core::icpe_csv::FileKind;
use envinorma_core::{Classement, Regime, Volume};
use envinorma_db::installations::{add_classement, create_fictive, duplicate, public_id};
use envinorma_db::prescriptions::{NewPrescription, insert};
use envinorma_db::testing::TestDatabase;
use envinorma_db::users;
use envinorma_icpe_import::prepared::Outcome;
use std::collections::HashMap;
use std::time::Instant;

#[tokio::test]
async fn the_idf_files_fill_an_empty_database_with_exactly_their_rows() {
    let db = TestDatabase::new().await;
    let started = Instant::now();
    let report = import(db.pool(), &dataset("idf", "all"), &options("all")).await;
    eprintln!(
        "IDF import: {} ({:?} in the test)",
        report.summary(),
        started.elapsed()
    );
    assert_eq!(report.outcome, Outcome::Imported, "{}", report.summary());
    let counts: Vec<(FileKind, u64, u64)> = report
        .tables
        .iter()
        .map(|t| (t.table, t.read, t.inserted))
        .collect();
    assert_eq!(
        counts,
        [
            (FileKind::Installations, 2164, 2164),
            (FileKind::Classements, 13287, 13287),
            (FileKind::Aps, 3693, 3693)
        ]
    );
    assert_tables_hold(&db, &dataset("idf", "all")).await;
}

#[tokio::test]
async fn the_sample_files_fill_their_own_database_with_their_own_content() {
    let db = TestDatabase::new().await;
    let files = dataset("sample_rspec", "sample_rspec");
    let report = import(db.pool(), &files, &options("sample_rspec")).await;
    assert_eq!(report.outcome, Outcome::Imported, "{}", report.summary());
    assert_tables_hold(&db, &files).await;
    // Same S3IC id as in IDF, another name: each database has its own.
    let name = table(
        &db,
        "SELECT name FROM installations WHERE s3ic_id = '0065.00005'",
    )
    .await;
    assert_eq!(name, [[Some("ACOLYANCE".to_string())]]);
    assert!(
        report.warnings.iter().any(|w| w.contains("at least 1000")),
        "{:?}",
        report.warnings
    );
}

#[tokio::test]
async fn the_classement_catalogue_imports_alone() {
    let db = TestDatabase::new().await;
    let files = vec![(
        "classement_references.csv".to_string(),
        icpe("classement_references.csv").into_bytes(),
    )];
    let report = import(db.pool(), &files, &options("all")).await;
    assert_eq!(report.outcome, Outcome::Imported, "{}", report.summary());
    assert_eq!(
        count(&db, "SELECT count(*) FROM classement_references").await,
        956
    );
    let catalogue = table(
        &db,
        "SELECT id::text FROM classement_references WHERE rubrique = '1185' AND alinea = '1-b'",
    )
    .await;

    let changed = with_field(
        &icpe("classement_references.csv"),
        3,
        "description",
        "Nouvelle description",
    );
    let changed = changed
        .lines()
        .filter(|l| !l.starts_with("1185,1-a,"))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    let report = import(
        db.pool(),
        &vec![("classement_references.csv".into(), changed.into_bytes())],
        &options("all"),
    )
    .await;
    let table_report = &report.tables[0];
    assert_eq!(
        (
            table_report.deleted,
            table_report.updated,
            table_report.inserted
        ),
        (1, 1, 0)
    );
    assert_eq!(
        table(
            &db,
            "SELECT id::text FROM classement_references WHERE rubrique = '1185' AND alinea = '1-b'"
        )
        .await,
        catalogue,
        "kept lines keep their ids"
    );
}

/// A user with a fictive installation, a copy of `copied` (with one prescription each) and
/// prescriptions on the public installations `prescribed`.
async fn user_data(db: &TestDatabase, copied: &[&str], prescribed: &[&str]) {
    let client = db.client().await;
    let user = users::save(&client, uuid::Uuid::new_v4()).await.unwrap();
    let prescription = |installation_id| NewPrescription {
        user_id: user.id,
        installation_id,
        from_am_id: None,
        alinea_id: None,
        reference: "Art. 1",
        content: "Contenu",
        text_reference: None,
        rank: None,
        topic: "AUCUN",
        is_table: false,
        name: None,
    };
    let fictive = create_fictive(&client, user.id, "Mon installation")
        .await
        .unwrap();
    let classement = Classement {
        rubrique: Some("2521".into()),
        regime: Regime::E,
        alinea: None,
        date_autorisation: None,
        date_mise_en_service: None,
        volume: Volume::from_csv("10", "t"),
    };
    add_classement(&client, fictive, &classement).await.unwrap();
    insert(&client, &prescription(fictive)).await.unwrap();
    // The named installations are public ones of the imported data.
    let public = async |s3ic: &str| {
        public_id(&client, s3ic.parse().unwrap())
            .await
            .unwrap()
            .unwrap()
    };
    for s3ic in copied {
        let copy = duplicate(&client, public(s3ic).await, user.id)
            .await
            .unwrap()
            .unwrap();
        insert(&client, &prescription(copy)).await.unwrap();
    }
    for s3ic in prescribed {
        insert(&client, &prescription(public(s3ic).await))
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn a_second_import_gives_exactly_the_new_rows_and_keeps_users_data_and_ids() {
    let db = idf_database().await;
    // 0065.00005 stays, 0065.00037 is removed: each is copied and has a prescription.
    user_data(
        &db,
        &["0065.00005", "0065.00037"],
        &["0065.00005", "0065.00037"],
    )
    .await;
    let public_ids = "SELECT s3ic_id, id::text FROM installations WHERE user_id IS NULL";
    let ids_before: HashMap<Option<String>, Option<String>> = table(&db, public_ids)
        .await
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    let user_rows = "SELECT i.s3ic_id, i.name, c.rubrique, c.regime FROM installations i
        LEFT JOIN classements c ON c.installation_id = i.id WHERE i.user_id IS NOT NULL";
    let user_before = table(&db, user_rows).await;

    let removed = ["0065.00037", "0065.00049", "0065.00055"];
    let keep = |content: &str, column: usize| {
        let all = rows(content);
        let kept: Vec<Vec<String>> = all
            .into_iter()
            .filter(|r| !removed.contains(&r[column].as_str()))
            .collect();
        csv_text(&kept)
    };
    let mut installations = keep(&icpe("installations_idf.csv"), 0);
    installations = with_field(&installations, 2, "name", "YNSECT RENOMMÉE");
    installations += "9999.00001,75,ILE DE FRANCE,PARIS,PARIS,NOUVELLE,,,,E,NS,Industries,En fonctionnement,75001,75101,\n";
    let mut classements = keep(&icpe("classements_idf.csv"), 0);
    classements = with_field(&classements, 2, "regime", "E");
    classements += "9999.00001,2521,1,E,Centrale d'enrobage,2020-01-01,,,En fonctionnement,2521,1,E,100.000,t/j\n";
    classements += "9999.00001,47xx,,NC,,,,,En fonctionnement,47xx,,NC,,\n";
    let mut aps = keep(&icpe("aps_idf.csv"), 0);
    aps += "9999.00001,AP d'autorisation,2020-01-01,P/a/0123456789abcdef0123456789abcdef,NOT_ATTEMPTED,\n";
    let files: Files = vec![
        ("installations_all.csv".into(), installations.into_bytes()),
        ("classements_all.csv".into(), classements.into_bytes()),
        ("aps_all.csv".into(), aps.into_bytes()),
    ];
    let report = import(db.pool(), &files, &options("all")).await;

    assert_eq!(report.outcome, Outcome::Imported, "{}", report.summary());
    let installations_report = &report.tables[0];
    assert_eq!(
        (
            installations_report.inserted,
            installations_report.updated,
            installations_report.deleted
        ),
        (1, 1, 3)
    );
    assert_eq!(
        report.removed_with.prescriptions, 1,
        "{:?}",
        report.removed_with
    );
    assert_eq!(
        report.removed_with.detached_copies, 1,
        "{:?}",
        report.removed_with
    );
    assert_tables_hold(&db, &files).await;
    let ids_after = table(&db, public_ids).await;
    for row in &ids_after {
        if row[0].as_deref() != Some("9999.00001") {
            assert_eq!(ids_before.get(&row[0]), Some(&row[1]), "{row:?} changed id");
        }
    }
    assert_eq!(
        table(&db, user_rows).await,
        user_before,
        "users' installations and classements are theirs"
    );
    let prescriptions = table(
        &db,
        "SELECT i.s3ic_id, (i.user_id IS NULL)::text FROM prescriptions p JOIN installations i ON i.id = p.installation_id",
    )
    .await;
    let some = |s: &str| Some(s.to_string());
    assert_eq!(
        prescriptions,
        [
            [some("0000.00000"), some("false")],
            [some("0065.00005"), some("false")],
            [some("0065.00005"), some("true")],
            [some("0065.00037"), some("false")],
        ]
    );
    let copy_of_removed = table(
        &db,
        "SELECT duplicated_from_id::text FROM installations WHERE s3ic_id = '0065.00037'",
    )
    .await;
    assert_eq!(copy_of_removed, [[None]]);
}

#[tokio::test]
async fn classements_of_unchanged_installations_are_not_rewritten() {
    let db = idf_database().await;
    let before = table(&db, "SELECT id::text FROM classements").await;
    let mut files = dataset("idf", "all");
    files[1].1 = with_field(&icpe("classements_idf.csv"), 2, "alinea", "2").into_bytes();
    let report = import(db.pool(), &files, &options("all")).await;
    let classements = &report.tables[1];
    // 0065.00005 has 9 classements: they are replaced; the 13,278 others stay.
    let of_first = count(&db, "SELECT count(*) FROM classements c JOIN installations i ON i.id = c.installation_id WHERE i.s3ic_id = '0065.00005'").await as u64;
    assert_eq!(
        (
            classements.deleted,
            classements.inserted,
            classements.unchanged
        ),
        (of_first, of_first, 13287 - of_first)
    );
    let after = table(&db, "SELECT id::text FROM classements").await;
    assert_eq!(
        before.iter().filter(|id| after.contains(id)).count() as u64,
        13287 - of_first
    );
}
