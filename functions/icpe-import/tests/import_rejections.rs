//! Malformed inputs: each is rejected with a problem naming file, line, column and rule, and the
//! database is left exactly as it was. Inputs are the real IDF files damaged in memory.

mod common;

use common::*;
use envinorma_core::icpe_csv::Rule;
use envinorma_icpe_import::prepared::Outcome;

/// Which file of the IDF set a case damages.
#[derive(Clone, Copy)]
enum Target {
    Installations,
    Classements,
    Aps,
    /// The APs file imported alone.
    ApsAlone,
    /// The catalogue imported alone.
    References,
}

struct Case {
    name: &'static str,
    target: Target,
    damage: fn(String) -> Vec<u8>,
    /// The first problem expected: file, line, column, rule.
    expected: (&'static str, u64, &'static str, Rule),
}

fn text(content: String) -> Vec<u8> {
    content.into_bytes()
}

fn cases() -> Vec<Case> {
    use Target::*;
    let case = |name, target, damage, expected| Case {
        name,
        target,
        damage,
        expected,
    };
    vec![
        case(
            "misspelt header column",
            Installations,
            |c| text(c.replacen(",name,", ",nom,", 1)),
            ("installations_all.csv", 1, "nom", Rule::UnknownColumn),
        ),
        case(
            "missing column",
            Classements,
            |c| {
                let rows: Vec<Vec<String>> = rows(&c)
                    .into_iter()
                    .map(|mut r| {
                        r.pop();
                        r
                    })
                    .collect();
                text(csv_text(&rows))
            },
            ("classements_all.csv", 1, "unit", Rule::MissingColumn),
        ),
        case(
            "semicolon separator",
            Installations,
            |c| text(c.replace(',', ";")),
            ("installations_all.csv", 1, "", Rule::Header),
        ),
        case(
            "Latin-1 value",
            Installations,
            |c| {
                let mut bytes = c.into_bytes();
                let at = bytes.windows(7).position(|w| w == b"CERESIA").unwrap();
                bytes[at + 1] = 0xC9;
                bytes
            },
            ("installations_all.csv", 3, "name", Rule::Encoding),
        ),
        case(
            "UTF-16 file",
            Aps,
            |c| {
                let mut bytes = vec![0xFF, 0xFE];
                c.encode_utf16().for_each(|u| bytes.extend(u.to_le_bytes()));
                bytes
            },
            ("aps_all.csv", 0, "", Rule::Encoding),
        ),
        case(
            "bad s3ic id",
            Installations,
            |c| text(with_field(&c, 5, "s3ic_id", "65.00049")),
            ("installations_all.csv", 5, "s3ic_id", Rule::S3icId),
        ),
        case(
            "fictive s3ic id",
            Installations,
            |c| text(with_field(&c, 5, "s3ic_id", "0000.00000")),
            ("installations_all.csv", 5, "s3ic_id", Rule::ReservedS3icId),
        ),
        case(
            "bad regime",
            Classements,
            |c| text(with_field(&c, 7, "regime", "DC")),
            ("classements_all.csv", 7, "regime", Rule::Regime),
        ),
        case(
            "bad regime_acte",
            Classements,
            |c| text(with_field(&c, 8, "regime_acte", "S")),
            ("classements_all.csv", 8, "regime_acte", Rule::Regime),
        ),
        case(
            "day that does not exist",
            Classements,
            |c| text(with_field(&c, 9, "date_mise_en_service", "2021-13-01")),
            ("classements_all.csv", 9, "date_mise_en_service", Rule::Date),
        ),
        case(
            "French date",
            Installations,
            |c| text(with_field(&c, 3, "last_inspection", "18/03/2021")),
            ("installations_all.csv", 3, "last_inspection", Rule::Date),
        ),
        case(
            "bad volume",
            Classements,
            |c| text(with_field(&c, 10, "volume", "environ 5")),
            ("classements_all.csv", 10, "volume", Rule::Volume),
        ),
        case(
            "duplicate s3ic id",
            Installations,
            |c| text(with_field(&c, 4, "s3ic_id", "0065.00005")),
            ("installations_all.csv", 4, "s3ic_id", Rule::DuplicateKey),
        ),
        case(
            "duplicate georisques id",
            Aps,
            |c| {
                let first = rows(&c)[1][3].clone();
                text(with_field(&c, 11, "georisques_id", &first))
            },
            ("aps_all.csv", 11, "georisques_id", Rule::DuplicateKey),
        ),
        case(
            "classement of an unknown installation",
            Classements,
            |c| text(with_field(&c, 12, "s3ic_id", "0065.99999")),
            (
                "classements_all.csv",
                12,
                "s3ic_id",
                Rule::UnknownInstallation,
            ),
        ),
        case(
            "AP of an unknown installation",
            Aps,
            |c| text(with_field(&c, 13, "installation_s3ic_id", "0065.99999")),
            (
                "aps_all.csv",
                13,
                "installation_s3ic_id",
                Rule::UnknownInstallation,
            ),
        ),
        case(
            "file cut mid-row",
            Classements,
            |c| text(c[..c.len() - 25].to_string()),
            ("classements_all.csv", 13288, "", Rule::Truncated),
        ),
        case(
            "empty file",
            Installations,
            |_| Vec::new(),
            ("installations_all.csv", 0, "", Rule::EmptyFile),
        ),
        case(
            "header only",
            Installations,
            |c| text(c.lines().next().unwrap().to_string() + "\n"),
            ("installations_all.csv", 0, "", Rule::NoRows),
        ),
        case(
            "huge field",
            Aps,
            |c| text(with_field(&c, 14, "description", &"x".repeat(2_000_000))),
            ("aps_all.csv", 14, "description", Rule::FieldTooLong),
        ),
        case(
            "bad georisques id",
            Aps,
            |c| {
                text(with_field(
                    &c,
                    15,
                    "georisques_id",
                    "P/c/b6896c18c4964031a644c67b4618d88c.pdf",
                ))
            },
            ("aps_all.csv", 15, "georisques_id", Rule::GeorisquesId),
        ),
        case(
            "bad OCR status",
            Aps,
            |c| text(with_field(&c, 16, "ocr_status", "success")),
            ("aps_all.csv", 16, "ocr_status", Rule::OcrStatus),
        ),
        case(
            "negative size",
            Aps,
            |c| text(with_field(&c, 17, "size", "-5")),
            ("aps_all.csv", 17, "size", Rule::Size),
        ),
        case(
            "extra field",
            Aps,
            |c| {
                let mut lines: Vec<String> = c.lines().map(String::from).collect();
                lines[17] += ",extra";
                text(lines.join("\n") + "\n")
            },
            ("aps_all.csv", 18, "", Rule::FieldCount),
        ),
        case(
            "blank name",
            Installations,
            |c| text(with_field(&c, 6, "name", "")),
            ("installations_all.csv", 6, "name", Rule::Required),
        ),
        case(
            "unknown Seveso status",
            Installations,
            |c| text(with_field(&c, 7, "seveso", "SSH")),
            ("installations_all.csv", 7, "seveso", Rule::Seveso),
        ),
        case(
            "unknown activity state",
            Installations,
            |c| text(with_field(&c, 8, "active", "Actif")),
            ("installations_all.csv", 8, "active", Rule::State),
        ),
        case(
            "no final line break",
            Aps,
            |c| text(c.trim_end().to_string()),
            ("aps_all.csv", 3694, "", Rule::Truncated),
        ),
        case(
            "APs alone, of an unknown installation",
            ApsAlone,
            |c| text(with_field(&c, 19, "installation_s3ic_id", "0065.99999")),
            (
                "aps_all.csv",
                19,
                "installation_s3ic_id",
                Rule::UnknownInstallation,
            ),
        ),
        case(
            "catalogue line with régime unknown",
            References,
            |c| text(with_field(&c, 20, "regime", "unknown")),
            ("classement_references.csv", 20, "regime", Rule::Regime),
        ),
    ]
}

/// The IDF set with the case's damage applied.
fn damaged_files(case: &Case) -> Files {
    let damaged = |file: &str| (case.damage)(icpe(file));
    let original = |file: &str| icpe(file).into_bytes();
    let set = |installations, classements, aps| {
        vec![
            ("installations_all.csv".to_string(), installations),
            ("classements_all.csv".to_string(), classements),
            ("aps_all.csv".to_string(), aps),
        ]
    };
    match case.target {
        Target::Installations => set(
            damaged("installations_idf.csv"),
            original("classements_idf.csv"),
            original("aps_idf.csv"),
        ),
        Target::Classements => set(
            original("installations_idf.csv"),
            damaged("classements_idf.csv"),
            original("aps_idf.csv"),
        ),
        Target::Aps => set(
            original("installations_idf.csv"),
            original("classements_idf.csv"),
            damaged("aps_idf.csv"),
        ),
        Target::ApsAlone => vec![("aps_all.csv".into(), damaged("aps_idf.csv"))],
        Target::References => vec![(
            "classement_references.csv".into(),
            damaged("classement_references.csv"),
        )],
    }
}

#[tokio::test]
async fn every_malformed_input_is_rejected_precisely_and_changes_nothing() {
    let db = idf_database().await;
    let before = db.checksum().await;
    let cases = cases();
    assert!(cases.len() >= 20);
    let mut failures = Vec::new();
    for case in &cases {
        let report = import(db.pool(), &damaged_files(case), &options("all")).await;
        let first = report.errors.first();
        let found = first.map(|p| (p.file.as_str(), p.line, p.column.as_str(), p.rule));
        if report.outcome != Outcome::Rejected || found != Some(case.expected) {
            failures.push(format!(
                "{}: {:?} {found:?}, expected {:?}\n  {}",
                case.name,
                report.outcome,
                case.expected,
                report.summary()
            ));
        } else if let Some(problem) = first {
            let shown = problem.to_string();
            assert!(
                shown.starts_with(case.expected.0) && !problem.message.is_empty(),
                "{shown}"
            );
        }
        if db.checksum().await != before {
            failures.push(format!("{}: the database changed", case.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn every_problem_is_counted_and_the_first_thousand_are_listed() {
    let db = idf_database().await;
    let before = db.checksum().await;
    let all_bad: Vec<Vec<String>> = rows(&icpe("classements_idf.csv"))
        .into_iter()
        .enumerate()
        .map(|(i, mut row)| {
            if i > 0 {
                row[3] = "X".into();
            }
            row
        })
        .collect();
    let mut files = dataset("idf", "all");
    files[1].1 = csv_text(&all_bad).into_bytes();
    let report = import(db.pool(), &files, &options("all")).await;
    assert_eq!(report.outcome, Outcome::Rejected);
    assert_eq!((report.errors_total, report.errors.len()), (13287, 1000));
    assert_eq!(report.tables[1].rejected, 13287);
    assert_eq!(db.checksum().await, before);
}

#[tokio::test]
async fn problems_of_several_files_are_all_reported_in_one_run() {
    let db = idf_database().await;
    let mut files = dataset("idf", "all");
    files[0].1 = with_field(&icpe("installations_idf.csv"), 20, "name", "").into_bytes();
    files[1].1 = with_field(&icpe("classements_idf.csv"), 30, "regime", "X").into_bytes();
    files[2].1 = with_field(&icpe("aps_idf.csv"), 40, "ocr_status", "").into_bytes();
    let report = import(db.pool(), &files, &options("all")).await;
    let found: Vec<(&str, u64)> = report
        .errors
        .iter()
        .map(|p| (p.file.as_str(), p.line))
        .collect();
    assert_eq!(
        found,
        [
            ("installations_all.csv", 20),
            ("classements_all.csv", 30),
            ("aps_all.csv", 40)
        ]
    );
    assert_eq!(report.errors_total, 3);
}

#[tokio::test]
async fn files_that_cannot_go_together_are_rejected_with_the_reason() {
    let db = idf_database().await;
    let before = db.checksum().await;
    let files = vec![(
        "installations_all.csv".to_string(),
        icpe("installations_idf.csv").into_bytes(),
    )];
    let report = import(db.pool(), &files, &options("all")).await;
    assert_eq!(report.outcome, Outcome::Rejected);
    assert!(
        report
            .reason
            .as_deref()
            .unwrap_or_default()
            .contains("classements_all.csv"),
        "{}",
        report.summary()
    );
    let files = vec![("documents_all.csv".to_string(), b"x".to_vec())];
    assert_eq!(
        import(db.pool(), &files, &options("all")).await.outcome,
        Outcome::Rejected
    );
    assert_eq!(db.checksum().await, before);
}
