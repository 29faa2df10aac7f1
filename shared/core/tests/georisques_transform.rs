//! The Géorisques dump transform (task 2): golden outputs on the real fixture, the OCR columns,
//! the original's checks as warnings, and one test per kind of bad archive.

use envinorma_core::georisques::{
    DOCUMENTS_MEMBER, DumpLimits, GeorisquesError, GeorisquesOutput, GeorisquesWarning, OcrState,
    PublishedInstallation, TYPES_MEMBER, transform,
};
use envinorma_core::icpe_csv::{GeorisquesId, InstallationRow, read_installations};
use envinorma_test_support::{assert_same_file, read};
use flate2::Compression;
use flate2::write::GzEncoder;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

// ---------------------------------------------------------------------------------------------
// Real fixtures (read at run time from the shared folder, never copied here)

const DUMP: &str = "data/raw/georisques/georisques_dump.tar.gz";
/// The installations output of task 1 on the same extracts (`installations_all.csv`).
const INSTALLATIONS: &str = "data/raw/s3ic/expected_installations.csv";
/// The real `aps_all.csv` of these APs, with the `ocr_status` and `size` of the `ap` bucket.
const REAL_APS: &str = "data/icpe/aps_idf.csv";

fn installation_rows() -> &'static [InstallationRow] {
    static ROWS: OnceLock<Vec<InstallationRow>> = OnceLock::new();
    ROWS.get_or_init(|| {
        read_installations(INSTALLATIONS, read(INSTALLATIONS).as_slice())
            .unwrap_or_else(|e| panic!("{e}"))
    })
}

fn published(rows: &[InstallationRow]) -> impl Iterator<Item = PublishedInstallation<'_>> {
    rows.iter().map(|row| PublishedInstallation {
        s3ic_id: &row.s3ic_id,
        region: &row.region,
    })
}

/// The OCR state of each AP as the real `aps_all.csv` has it.
fn real_ocr_states() -> HashMap<GeorisquesId, OcrState> {
    csv_records(&read(REAL_APS))
        .iter()
        .map(|record| {
            let id = GeorisquesId::parse(&record[3]).expect("a Géorisques id");
            let state = match (&record[4], &record[5]) {
                ("SUCCESS", size) => OcrState::Success {
                    size: size.strip_suffix(".0").unwrap_or(size).parse().unwrap(),
                },
                ("ERROR", "") => OcrState::Error,
                ("NOT_ATTEMPTED", "") => OcrState::NotAttempted,
                other => panic!("unexpected status and size {other:?}"),
            };
            (id, state)
        })
        .collect()
}

/// The transform of the real dump with the real OCR states, run once for the tests that look at it.
fn real_output() -> &'static GeorisquesOutput {
    static OUTPUT: OnceLock<GeorisquesOutput> = OnceLock::new();
    OUTPUT.get_or_init(|| {
        let states = real_ocr_states();
        let result = transform(
            &read(DUMP),
            DumpLimits::default(),
            published(installation_rows()),
            |id| states.get(&id).copied().unwrap_or(OcrState::NotAttempted),
        );
        result.unwrap_or_else(|e| panic!("{e}"))
    })
}

/// The data rows of a prepared file, read by the csv crate (cells may hold commas and quotes).
fn csv_records(file: &[u8]) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(file)
        .records()
        .collect::<Result<_, _>>()
        .expect("a readable CSV file")
}

/// The file with only its first `columns` columns, quoted where needed.
fn first_columns(file: &[u8], columns: usize) -> Vec<u8> {
    let mut reader = csv::Reader::from_reader(file);
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = reader.headers().expect("a header").clone();
    writer
        .write_record(header.iter().take(columns))
        .expect("in memory");
    for record in reader.records() {
        let record = record.expect("a readable row");
        writer
            .write_record(record.iter().take(columns))
            .expect("in memory");
    }
    writer.into_inner().expect("in memory")
}

#[test]
fn documents_all_equals_the_expected_file_byte_for_byte() {
    let expected = read("data/raw/georisques/expected_documents.csv");
    assert_same_file("documents_all.csv", &real_output().all.documents, &expected);
}

#[test]
fn aps_all_without_its_ocr_columns_equals_the_expected_file_byte_for_byte() {
    let expected = read("data/raw/georisques/expected_aps.csv");
    let aps = &real_output().all.aps;
    assert_same_file("aps_all.csv", &first_columns(aps, 4), &expected);
}

#[test]
fn aps_all_with_the_ocr_states_of_the_ap_bucket_equals_the_real_file() {
    assert_same_file("aps_all.csv", &real_output().all.aps, &read(REAL_APS));
}

#[test]
fn the_real_dump_with_its_real_ocr_states_raises_no_warning() {
    let warnings: Vec<String> = real_output()
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(warnings, Vec::<String>::new());
}

#[test]
fn idf_equals_all_when_every_installation_is_in_ile_de_france() {
    let output = real_output();
    assert_eq!(output.idf.documents, output.all.documents);
    assert_eq!(output.idf.aps, output.all.aps);
}

#[test]
fn sample_keeps_the_rows_of_the_sample_installations_of_task_1_in_the_same_order() {
    let s3ic = envinorma_core::s3ic::transform(
        &read("data/raw/s3ic/s3ic-liste-etablissements.csv"),
        &read("data/raw/s3ic/sic-liste-rubriques.csv"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let sampled: HashSet<String> = csv_records(&s3ic.sample.installations)
        .iter()
        .map(|record| record[0].to_string())
        .collect();
    let output = real_output();
    for (file, all, sample, s3ic_column) in [
        (
            "documents",
            &output.all.documents,
            &output.sample.documents,
            4,
        ),
        ("aps", &output.all.aps, &output.sample.aps, 0),
    ] {
        let expected: Vec<csv::StringRecord> = csv_records(all)
            .into_iter()
            .filter(|record| sampled.contains(&record[s3ic_column]))
            .collect();
        assert_eq!(csv_records(sample), expected, "{file}_sample.csv");
    }
    // The counts the fixtures' README gives.
    assert_eq!(csv_records(&output.sample.documents).len(), 510);
    assert_eq!(csv_records(&output.sample.aps).len(), 398);
}

#[test]
fn ap_ids_are_those_of_aps_all_sorted_and_each_once() {
    let output = real_output();
    let mut expected: Vec<String> = csv_records(&output.all.aps)
        .iter()
        .map(|record| record[3].to_string())
        .collect();
    expected.sort();
    expected.dedup();
    let ids: Vec<String> = output.ap_ids.iter().map(ToString::to_string).collect();
    assert_eq!(ids, expected);
}

#[test]
fn without_any_ocr_result_every_ap_is_not_attempted_and_the_share_is_warned_about() {
    let output = transform(
        &read(DUMP),
        DumpLimits::default(),
        published(installation_rows()),
        |_| OcrState::NotAttempted,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let records = csv_records(&output.all.aps);
    assert!(
        records
            .iter()
            .all(|record| (&record[4], &record[5]) == ("NOT_ATTEMPTED", ""))
    );
    assert_eq!(
        output.warnings,
        [GeorisquesWarning::LowOcrSuccess {
            successes: 0,
            aps: records.len()
        }]
    );
}

// ---------------------------------------------------------------------------------------------
// Small dumps built here, with invented values

/// A tar.gz holding these (path, content) entries, in order.
fn archive(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut builder = tar::Builder::new(GzEncoder::new(Vec::new(), Compression::fast()));
    for (path, content) in entries {
        let mut header = tar::Header::new_gnu();
        header.set_size(content.len() as u64);
        header.set_mode(0o644);
        builder
            .append_data(&mut header, path, *content)
            .expect("in memory");
    }
    builder
        .into_inner()
        .and_then(GzEncoder::finish)
        .expect("in memory")
}

const TYPES: &str = "1;Arrêté préfectoral\n2;Rapport\n";

fn dump(documents: &str) -> Vec<u8> {
    archive(&[
        (DOCUMENTS_MEMBER, documents.as_bytes()),
        (TYPES_MEMBER, TYPES.as_bytes()),
    ])
}

/// An AP row of `IC_documents.csv`, numbered `n` (its url's last digit), of installation `s3ic_id`.
fn ap(n: u8, s3ic_id: &str, date: &str) -> String {
    format!("{n};{s3ic_id};1;AP n°{n};P/c/b6896c18c4964031a644c67b4618d88{n}.pdf;{date}\n")
}

fn id(n: u8) -> GeorisquesId {
    GeorisquesId::parse(&format!("P/c/b6896c18c4964031a644c67b4618d88{n}")).unwrap()
}

/// An installation of `all` and `idf`, not of `sample`.
const S3IC: &str = "0065.00002";
const INSTALLATION: PublishedInstallation<'static> = PublishedInstallation {
    s3ic_id: S3IC,
    region: "ILE DE FRANCE",
};

fn run(archive: &[u8], limits: DumpLimits) -> Result<GeorisquesOutput, GeorisquesError> {
    transform(archive, limits, [INSTALLATION], |_| OcrState::NotAttempted)
}

fn error_message(archive: &[u8], limits: DumpLimits) -> String {
    match run(archive, limits) {
        Ok(_) => panic!("the dump was accepted"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn ocr_status_and_size_follow_the_state_of_each_ap() {
    let documents = [
        ap(1, S3IC, "2020-01-03"),
        ap(2, S3IC, "2020-01-02"),
        ap(3, S3IC, "2020-01-01"),
    ]
    .concat();
    let states = HashMap::from([
        (id(1), OcrState::Success { size: 199_821 }),
        (id(2), OcrState::Error),
    ]);
    let output = transform(
        &dump(&documents),
        DumpLimits::default(),
        [INSTALLATION],
        |id| states.get(&id).copied().unwrap_or(OcrState::NotAttempted),
    )
    .unwrap();
    assert_eq!(
        String::from_utf8(output.all.aps.clone()).unwrap(),
        "installation_s3ic_id,description,date,georisques_id,ocr_status,size\n\
         0065.00002,AP n°1,2020-01-03,P/c/b6896c18c4964031a644c67b4618d881,SUCCESS,199821.0\n\
         0065.00002,AP n°2,2020-01-02,P/c/b6896c18c4964031a644c67b4618d882,ERROR,\n\
         0065.00002,AP n°3,2020-01-01,P/c/b6896c18c4964031a644c67b4618d883,NOT_ATTEMPTED,\n"
    );
}

#[test]
fn only_the_type_makes_an_ap_and_an_unknown_type_is_left_empty() {
    let documents = "1;0065.00002;2;Arrêté préfectoral de mise en demeure;P/1/x.pdf;2020-01-01\n\
                     2;0065.00002;9;Inconnu;P/2/y.pdf;\n";
    let output = run(&dump(documents), DumpLimits::default()).unwrap();
    assert_eq!(
        String::from_utf8(output.all.documents.clone()).unwrap(),
        "date,type,description,url,s3ic_id\n\
         2020-01-01,Rapport,Arrêté préfectoral de mise en demeure,P/1/x.pdf,0065.00002\n\
         ,,Inconnu,P/2/y.pdf,0065.00002\n"
    );
    assert_eq!(csv_records(&output.all.aps).len(), 0);
}

#[test]
fn the_original_checks_become_warnings_naming_the_first_bad_cell() {
    let documents = [
        ap(1, S3IC, "2020-01-03"),
        ap(1, S3IC, "2020-01-02"),
        ap(2, "65.1", "03/01/2020"),
        "9;0065.00002;1;AP;../../etc/passwd;2020-01-01\n".to_string(),
        "8;0065.00002;7;AP;P/1/x.pdf;2020-01-01\n".to_string(),
    ]
    .concat();
    let bad_id = PublishedInstallation {
        s3ic_id: "65.1",
        region: "BRETAGNE",
    };
    let output = transform(
        &dump(&documents),
        DumpLimits::default(),
        [INSTALLATION, bad_id],
        |_| OcrState::Success { size: 1 },
    )
    .unwrap();
    let warnings: Vec<String> = output.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "documents_all.csv has 5 rows, fewer than the 100 expected",
            "aps_all.csv has 4 rows, fewer than the 100 expected",
            "documents_idf.csv has 4 rows, fewer than the 100 expected",
            "aps_idf.csv has 3 rows, fewer than the 100 expected",
            "documents_sample.csv has 0 rows, fewer than the 100 expected",
            "aps_sample.csv has 0 rows, fewer than the 100 expected",
            // The AP with no id has no PDF either.
            "only 3 of the 4 APs of aps_all.csv have an OCRed PDF (more than 90 % expected)",
            "IC_documents.csv, column code_s3ic: 1 cell(s) not an S3IC id dddd.ddddd, \
             the first on line 3: \"65.1\"",
            "IC_documents.csv, column type_id_document: 1 cell(s) not an id of \
             IC_types_document.csv, the first on line 5: \"7\"",
            "IC_documents.csv, column url_document: 1 cell(s) not a Géorisques id \
             X/h/<32 hexadecimal digits> followed by .pdf, the first on line 4: \
             \"../../etc/passwd\"",
            "IC_documents.csv, column url_document: 1 cell(s) not a url that no other AP has, \
             the first on line 2: \"P/c/b6896c18c4964031a644c67b4618d881.pdf\"",
            "IC_documents.csv, column date_document: 1 cell(s) not an existing date written \
             YYYY-MM-DD, or an empty cell, the first on line 3: \"03/01/2020\"",
        ]
    );
    // Only well-formed ids are given back, each once.
    assert_eq!(output.ap_ids, [id(1), id(2)]);
}

#[test]
fn a_file_that_is_not_gzip_is_refused() {
    assert_eq!(
        error_message(b"IC_documents.csv;not a dump", DumpLimits::default()),
        "georisques_data.tar.gz: not a readable tar.gz archive (invalid gzip header)"
    );
}

#[test]
fn a_dump_without_the_types_member_is_refused() {
    let archive = archive(&[(DOCUMENTS_MEMBER, ap(1, S3IC, "").as_bytes())]);
    assert_eq!(
        error_message(&archive, DumpLimits::default()),
        "georisques_data.tar.gz: no IC_types_document.csv at the root of the archive"
    );
}

#[test]
fn members_are_read_at_the_root_only() {
    let archive = archive(&[
        ("old/IC_documents.csv", ap(1, S3IC, "").as_bytes()),
        (TYPES_MEMBER, TYPES.as_bytes()),
    ]);
    assert_eq!(
        error_message(&archive, DumpLimits::default()),
        "georisques_data.tar.gz: no IC_documents.csv at the root of the archive"
    );
}

#[test]
fn a_member_larger_than_the_bound_is_refused_before_it_is_unpacked() {
    let big = vec![b'x'; 5000];
    let archive = archive(&[(TYPES_MEMBER, TYPES.as_bytes()), (DOCUMENTS_MEMBER, &big)]);
    let limits = DumpLimits {
        uncompressed_bytes: 4096,
        ..DumpLimits::default()
    };
    assert_eq!(
        error_message(&archive, limits),
        "IC_documents.csv: refused, unpacking the dump goes past 4096 bytes"
    );
}

#[test]
fn what_the_tar_reader_reads_by_itself_counts_against_the_bound() {
    // A path this long is stored in a GNU long-name entry, which the reader takes in whole.
    let long_path = format!("{}/{DOCUMENTS_MEMBER}", "d".repeat(5000));
    let archive = archive(&[(long_path.as_str(), b"1"), (TYPES_MEMBER, TYPES.as_bytes())]);
    let limits = DumpLimits {
        uncompressed_bytes: 4096,
        ..DumpLimits::default()
    };
    assert_eq!(
        error_message(&archive, limits),
        "georisques_data.tar.gz: refused, unpacking the dump goes past 4096 bytes"
    );
}

#[test]
fn an_archive_with_more_entries_than_the_bound_is_refused() {
    let archive = archive(&[
        ("a.csv", b"1"),
        ("b.csv", b"2"),
        ("c.csv", b"3"),
        (DOCUMENTS_MEMBER, ap(1, S3IC, "").as_bytes()),
        (TYPES_MEMBER, TYPES.as_bytes()),
    ]);
    let limits = DumpLimits {
        entries: 3,
        ..DumpLimits::default()
    };
    assert_eq!(
        error_message(&archive, limits),
        "IC_documents.csv: refused, the dump has more than 3 entries"
    );
}

#[test]
fn a_row_with_a_missing_cell_is_located() {
    let documents = format!(
        "{}2;0065.00002;1;AP;P/c/b6896c18c4964031a644c67b4618d882.pdf\n",
        ap(1, S3IC, "2020-01-01")
    );
    assert_eq!(
        error_message(&dump(&documents), DumpLimits::default()),
        "1 problem(s) in the Géorisques dump, the first: IC_documents.csv, line 2: wrong number \
         of cells \"5 cells\" (expected 6 cells separated by ';', one per column \
         id_document;code_s3ic;type_id_document;nom;url_document;date_document)"
    );
}

#[test]
fn a_cell_that_is_not_utf8_is_located_with_its_column() {
    let mut documents = ap(1, S3IC, "2020-01-01").into_bytes();
    let latin1 = documents.iter().position(|&b| b == b'A').unwrap();
    documents.splice(latin1..=latin1, [0xC9]);
    let archive = archive(&[
        (DOCUMENTS_MEMBER, &documents),
        (TYPES_MEMBER, TYPES.as_bytes()),
    ]);
    let message = error_message(&archive, DumpLimits::default());
    assert!(
        message.starts_with(
            "1 problem(s) in the Géorisques dump, the first: IC_documents.csv, line 1, \
             column nom: not valid UTF-8"
        ),
        "{message}"
    );
}

#[test]
fn a_type_id_given_twice_is_refused_as_it_would_double_its_documents() {
    let archive = archive(&[
        (DOCUMENTS_MEMBER, ap(1, S3IC, "").as_bytes()),
        (
            TYPES_MEMBER,
            b"1;Arr\xC3\xAAt\xC3\xA9 pr\xC3\xA9fectoral\n1;Rapport\n",
        ),
    ]);
    assert_eq!(
        error_message(&archive, DumpLimits::default()),
        "1 problem(s) in the Géorisques dump, the first: IC_types_document.csv, line 2, \
         column id: invalid value \"1\" (expected each type id once)"
    );
}

#[test]
fn an_empty_member_is_refused() {
    let archive = archive(&[(DOCUMENTS_MEMBER, b""), (TYPES_MEMBER, TYPES.as_bytes())]);
    assert_eq!(
        error_message(&archive, DumpLimits::default()),
        "1 problem(s) in the Géorisques dump, the first: IC_documents.csv: empty file \
         (expected at least one row)"
    );
}
