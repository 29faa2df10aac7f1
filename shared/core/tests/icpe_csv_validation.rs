//! The prepared ICPE CSVs: the real files are valid, and each kind of damage is reported with
//! its file, line, column and rule. Damaged inputs are built by editing the real files in memory.

mod common;

use envinorma_core::icpe_csv::{
    ApRecord, CsvFile, FileKind, KnownInstallations, Problem, Problems, Rule, check_aps,
    check_classement_references, check_classements, check_installations, read_classements,
    read_installations,
};

const INSTALLATIONS: &str = "data/icpe/installations_idf.csv";
const CLASSEMENTS: &str = "data/icpe/classements_idf.csv";
const APS: &str = "data/icpe/aps_idf.csv";
const REFERENCES: &str = "data/icpe/classement_references.csv";

fn text(relative: &str) -> String {
    String::from_utf8(common::read(relative)).expect("UTF-8")
}

/// Every problem of an installations + classements + APs set, as the import validates it.
fn problems_of(installations: &[u8], classements: &[u8], aps: &[u8]) -> Vec<Problem> {
    let mut problems = Problems::new(usize::MAX);
    let open = |kind, name, bytes| CsvFile::open(kind, name, bytes);
    let mut files = Vec::new();
    for (kind, name, bytes) in [
        (
            FileKind::Installations,
            "installations_idf.csv",
            installations,
        ),
        (FileKind::Classements, "classements_idf.csv", classements),
        (FileKind::Aps, "aps_idf.csv", aps),
    ] {
        match open(kind, name, bytes) {
            Ok(file) => files.push(file),
            Err(file_problems) => file_problems.into_iter().for_each(|p| problems.push(p)),
        }
    }
    if files.len() == 3 {
        let (_, ids) = check_installations(&files[0], &mut problems);
        let known = KnownInstallations {
            ids: &ids,
            source: "installations_idf.csv",
        };
        check_classements(&files[1], known, &mut problems);
        check_aps(&files[2], known, &mut problems);
    }
    problems.into_kept()
}

/// The problems of the IDF set with one file replaced.
fn problems_with(kind: FileKind, content: &[u8]) -> Vec<Problem> {
    let pick = |k: FileKind| {
        if k == kind {
            content.to_vec()
        } else {
            common::read(idf_file(k).0)
        }
    };
    problems_of(
        &pick(FileKind::Installations),
        &pick(FileKind::Classements),
        &pick(FileKind::Aps),
    )
}

/// The file with one field of one line (1-based, the header is line 1) replaced.
fn with_field(relative: &str, line: usize, column: &str, value: &str) -> String {
    with_field_text(&text(relative), line, column, value)
}

/// The IDF file of this kind and its name in the problems.
fn idf_file(kind: FileKind) -> (&'static str, &'static str) {
    match kind {
        FileKind::Installations => (INSTALLATIONS, "installations_idf.csv"),
        FileKind::Classements => (CLASSEMENTS, "classements_idf.csv"),
        FileKind::Aps => (APS, "aps_idf.csv"),
        other => panic!("no IDF file of kind {other:?}"),
    }
}

/// Asserts that one field of the IDF file of this kind set to `value` gives exactly one
/// problem, on that field and for this rule; returns it for more checks.
fn field_problem(kind: FileKind, line: usize, column: &str, value: &str, rule: Rule) -> Problem {
    let (path, _) = idf_file(kind);
    let content = with_field(path, line, column, value);
    only_problem_in(kind, content.as_bytes(), line as u64, column, rule)
}

/// Asserts that the IDF set with the file of this kind replaced by `content` has exactly one
/// problem, in that file, at this place and for this rule; returns it for more checks.
fn only_problem_in(kind: FileKind, content: &[u8], line: u64, column: &str, rule: Rule) -> Problem {
    only_problem(
        problems_with(kind, content),
        idf_file(kind).1,
        line,
        column,
        rule,
    )
}

/// Asserts exactly one problem, at this place and for this rule; returns it for more checks.
fn only_problem(
    problems: Vec<Problem>,
    file: &str,
    line: u64,
    column: &str,
    rule: Rule,
) -> Problem {
    assert_eq!(problems.len(), 1, "expected one problem, got {problems:#?}");
    let problem = problems.into_iter().next().unwrap();
    assert_eq!(
        (
            problem.file.as_str(),
            problem.line,
            problem.column.as_str(),
            problem.rule
        ),
        (file, line, column, rule),
        "{problem}"
    );
    assert!(!problem.message.is_empty());
    problem
}

#[test]
fn the_real_idf_and_sample_files_have_no_problem() {
    for dataset in ["idf", "sample_rspec"] {
        let read = |kind: &str| common::read(&format!("data/icpe/{kind}_{dataset}.csv"));
        let problems = problems_of(&read("installations"), &read("classements"), &read("aps"));
        assert_eq!(problems, Vec::<Problem>::new(), "{dataset}");
    }
}

#[test]
fn the_real_files_are_read_row_by_row_with_their_counts() {
    let bytes = common::read(INSTALLATIONS);
    let file = CsvFile::open(FileKind::Installations, "installations_idf.csv", &bytes).unwrap();
    let (checked, ids) = check_installations(&file, &mut Problems::default());
    assert_eq!((checked.rows, checked.rejected, ids.len()), (2164, 0, 2164));
    let bytes = common::read(APS);
    let file = CsvFile::open(FileKind::Aps, "aps_idf.csv", &bytes).unwrap();
    let records: Vec<_> = file
        .records::<ApRecord>()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(records.len(), 3693);
    let (line, first) = &records[0];
    assert_eq!(*line, 2);
    assert_eq!(
        first.description.as_deref(),
        Some("APC poursuite de l'exploitation ")
    );
    assert_eq!(first.size, Some(199821));
}

#[test]
fn the_real_catalogue_has_no_problem_and_956_lines() {
    let bytes = common::read(REFERENCES);
    let file = CsvFile::open(
        FileKind::ClassementReferences,
        "classement_references.csv",
        &bytes,
    )
    .unwrap();
    let mut problems = Problems::default();
    let checked = check_classement_references(&file, &mut problems);
    assert_eq!((checked.rows, problems.total()), (956, 0));
}

#[test]
fn the_whole_file_readers_still_read_the_datasets() {
    let installations =
        read_installations(INSTALLATIONS, common::read(INSTALLATIONS).as_slice()).unwrap();
    let classements = read_classements(CLASSEMENTS, common::read(CLASSEMENTS).as_slice()).unwrap();
    assert_eq!(installations.len(), 2164);
    assert_eq!(classements.values().map(Vec::len).sum::<usize>(), 13287);
    assert_eq!(installations[1].s3ic_id, "0065.00005");
    assert_eq!(installations[1].name, "CERESIA (ACOLYANCE)");
}

#[test]
fn the_whole_file_readers_fail_on_the_first_problem() {
    let damaged = with_field(INSTALLATIONS, 7, "s3ic_id", "65.00005");
    let error = read_installations("installations_idf.csv", damaged.as_bytes()).unwrap_err();
    assert_eq!(
        (error.line, error.column.as_str(), error.rule),
        (7, "s3ic_id", Rule::S3icId)
    );
}

#[test]
fn an_empty_file_is_reported_as_empty() {
    let problem = only_problem_in(FileKind::Classements, b"", 0, "", Rule::EmptyFile);
    assert!(problem.message.contains("0 bytes"), "{problem}");
}

#[test]
fn an_installations_file_with_only_a_header_is_refused() {
    let header = text(INSTALLATIONS).lines().next().unwrap().to_string() + "\n";
    only_problem_in(
        FileKind::Installations,
        header.as_bytes(),
        0,
        "",
        Rule::NoRows,
    );
}

#[test]
fn a_semicolon_separated_file_is_named_as_such() {
    let content = text(INSTALLATIONS).replace(',', ";");
    let problem = only_problem_in(
        FileKind::Installations,
        content.as_bytes(),
        1,
        "",
        Rule::Header,
    );
    assert!(problem.message.contains("';'"), "{problem}");
}

#[test]
fn a_file_without_header_says_its_first_line_is_not_a_header() {
    let content: String = text(INSTALLATIONS)
        .lines()
        .skip(1)
        .map(|l| format!("{l}\n"))
        .collect();
    let problem = only_problem_in(
        FileKind::Installations,
        content.as_bytes(),
        1,
        "",
        Rule::Header,
    );
    assert!(problem.message.contains("0038.02068"), "{problem}");
}

#[test]
fn a_missing_column_is_named() {
    let content = text(CLASSEMENTS).replacen(",regime_acte,", ",", 1);
    only_problem_in(
        FileKind::Classements,
        content.as_bytes(),
        1,
        "regime_acte",
        Rule::MissingColumn,
    );
}

#[test]
fn a_misspelt_column_is_reported_with_a_suggestion() {
    let content = text(APS).replacen("georisques_id", "Georisques_ID", 1);
    let problems = problems_with(FileKind::Aps, content.as_bytes());
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert_eq!(
        (problems[0].rule, problems[0].column.as_str()),
        (Rule::UnknownColumn, "Georisques_ID")
    );
    assert!(
        problems[0]
            .message
            .contains("did you mean \"georisques_id\""),
        "{}",
        problems[0]
    );
    assert_eq!(
        (problems[1].rule, problems[1].column.as_str()),
        (Rule::MissingColumn, "georisques_id")
    );
}

#[test]
fn a_column_named_twice_is_reported() {
    let content = text(APS).replacen(",size", ",date", 1);
    let problems = problems_with(FileKind::Aps, content.as_bytes());
    assert!(
        problems
            .iter()
            .any(|p| p.rule == Rule::DuplicateColumn && p.column == "date"),
        "{problems:#?}"
    );
}

#[test]
fn columns_may_come_in_another_order() {
    let content = text(REFERENCES);
    let mut reordered = String::new();
    for line in content.lines() {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(line.as_bytes());
        let record = reader.records().next().unwrap().unwrap();
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer
            .write_record([&record[3], &record[2], &record[1], &record[0]])
            .unwrap();
        reordered += String::from_utf8(writer.into_inner().unwrap())
            .unwrap()
            .trim_end();
        reordered += "\n";
    }
    let file = CsvFile::open(
        FileKind::ClassementReferences,
        "classement_references.csv",
        reordered.as_bytes(),
    )
    .unwrap();
    let mut problems = Problems::default();
    assert_eq!(check_classement_references(&file, &mut problems).rows, 956);
    assert!(problems.is_empty(), "{:#?}", problems.kept());
}

#[test]
fn a_latin1_value_is_reported_at_its_line_and_column() {
    let mut bytes = common::read(INSTALLATIONS);
    // "CERESIA (ACOLYANCE)" on line 3 becomes "CÉRESIA (ACOLYANCE)" in Latin-1.
    let at = bytes.windows(7).position(|w| w == b"CERESIA").unwrap();
    bytes[at + 1] = 0xC9;
    let problem = only_problem_in(FileKind::Installations, &bytes, 3, "name", Rule::Encoding);
    assert!(problem.message.contains("0xC9"), "{problem}");
}

#[test]
fn a_utf16_file_is_refused_as_a_whole() {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text(APS).encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    only_problem_in(FileKind::Aps, &bytes, 0, "", Rule::Encoding);
}

#[test]
fn a_utf8_byte_order_mark_is_accepted() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(common::read(APS));
    assert_eq!(problems_with(FileKind::Aps, &bytes), Vec::<Problem>::new());
}

#[test]
fn a_bad_s3ic_id_is_reported() {
    let content = with_field(INSTALLATIONS, 10, "s3ic_id", "0065.0001");
    let problems = problems_with(FileKind::Installations, content.as_bytes());
    // The classements of that installation now refer to an unknown one: reported too.
    let problem = &problems[0];
    assert_eq!(
        (problem.line, problem.column.as_str(), problem.rule),
        (10, "s3ic_id", Rule::S3icId)
    );
    assert_eq!(problem.value, "0065.0001");
    assert!(
        problems[1..]
            .iter()
            .all(|p| p.rule == Rule::UnknownInstallation),
        "{problems:#?}"
    );
}

#[test]
fn the_fictive_s3ic_id_is_reserved() {
    let content = with_field(INSTALLATIONS, 2, "s3ic_id", "0000.00000");
    let problems = problems_with(FileKind::Installations, content.as_bytes());
    assert_eq!(
        (problems[0].line, problems[0].rule),
        (2, Rule::ReservedS3icId),
        "{problems:#?}"
    );
}

#[test]
fn a_bad_regime_is_reported() {
    let problem = field_problem(FileKind::Classements, 5, "regime", "DC", Rule::Regime);
    assert_eq!(problem.value, "DC");
}

#[test]
fn a_blank_regime_is_required_but_a_blank_regime_acte_is_not() {
    let content = with_field(CLASSEMENTS, 5, "regime_acte", "");
    assert_eq!(
        problems_with(FileKind::Classements, content.as_bytes()),
        Vec::<Problem>::new()
    );
    field_problem(FileKind::Classements, 5, "regime", "", Rule::Required);
}

#[test]
fn dates_that_do_not_exist_or_are_not_iso_are_reported() {
    let problem = field_problem(
        FileKind::Classements,
        3,
        "date_autorisation",
        "2021-02-29",
        Rule::Date,
    );
    assert!(problem.message.contains("does not exist"), "{problem}");
    field_problem(
        FileKind::Installations,
        3,
        "last_inspection",
        "18/03/2021",
        Rule::Date,
    );
}

#[test]
fn a_volume_that_does_not_start_with_a_number_is_reported() {
    let problem = field_problem(FileKind::Classements, 2, "volume", "-90.000", Rule::Volume);
    assert_eq!(problem.value, "-90.000 m3");
}

#[test]
fn a_duplicate_s3ic_id_names_the_first_line() {
    let content = with_field(INSTALLATIONS, 4, "s3ic_id", "0065.00005");
    let problems = problems_with(FileKind::Installations, content.as_bytes());
    let duplicate = problems
        .iter()
        .find(|p| p.rule == Rule::DuplicateKey)
        .expect("a duplicate");
    assert_eq!((duplicate.line, duplicate.column.as_str()), (4, "s3ic_id"));
    assert!(duplicate.message.contains("line 3"), "{duplicate}");
}

#[test]
fn a_classement_of_an_unknown_installation_is_reported() {
    let problem = field_problem(
        FileKind::Classements,
        2,
        "s3ic_id",
        "0065.99999",
        Rule::UnknownInstallation,
    );
    assert!(
        problem.message.contains("installations_idf.csv"),
        "{problem}"
    );
}

#[test]
fn a_file_cut_in_the_middle_of_its_last_row_is_reported_as_truncated() {
    let content = text(CLASSEMENTS);
    let cut = &content[..content.len() - 40];
    let lines = content.lines().count() as u64;
    only_problem_in(
        FileKind::Classements,
        cut.as_bytes(),
        lines,
        "",
        Rule::Truncated,
    );
}

#[test]
fn a_file_without_a_final_line_break_is_reported_as_possibly_truncated() {
    let content = text(APS);
    let cut = content.trim_end().as_bytes();
    only_problem_in(FileKind::Aps, cut, 3694, "", Rule::Truncated);
}

#[test]
fn a_row_with_an_extra_field_is_reported() {
    let mut lines: Vec<String> = text(APS).lines().map(String::from).collect();
    lines[99] += ",extra";
    let content = lines.join("\n") + "\n";
    only_problem_in(FileKind::Aps, content.as_bytes(), 100, "", Rule::FieldCount);
}

#[test]
fn a_huge_field_is_reported_without_flooding_the_message() {
    let problem = field_problem(
        FileKind::Aps,
        8,
        "description",
        &"A".repeat(1_000_000),
        Rule::FieldTooLong,
    );
    assert!(
        problem.value.len() < 300 && problem.message.len() < 300,
        "{problem}"
    );
}

#[test]
fn a_quote_left_open_is_reported_and_not_read_as_one_giant_value() {
    let content = with_field(APS, 8, "description", "x").replacen(",x,", ",\"x,", 1);
    let problems = problems_with(FileKind::Aps, content.as_bytes());
    assert_eq!(problems[0].line, 8, "{problems:#?}");
    assert!(
        matches!(
            problems[0].rule,
            Rule::FieldTooLong | Rule::FieldCount | Rule::Truncated
        ),
        "{problems:#?}"
    );
}

#[test]
fn bad_georisques_ids_and_their_duplicates_are_reported() {
    let content = with_field(
        APS,
        6,
        "georisques_id",
        "P/c/B6896C18C4964031A644C67B4618D88C",
    );
    only_problem_in(
        FileKind::Aps,
        content.as_bytes(),
        6,
        "georisques_id",
        Rule::GeorisquesId,
    );
    let first = text(APS)
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .nth(3)
        .unwrap()
        .to_string();
    let problem = field_problem(
        FileKind::Aps,
        6,
        "georisques_id",
        &first,
        Rule::DuplicateKey,
    );
    assert!(problem.message.contains("line 2"), "{problem}");
}

#[test]
fn a_bad_ocr_status_and_a_bad_size_are_reported_together() {
    let content = with_field(APS, 9, "ocr_status", "DONE");
    let content = with_field_text(&content, 9, "size", "12.5");
    let problems = problems_with(FileKind::Aps, content.as_bytes());
    let found: Vec<_> = problems
        .iter()
        .map(|p| (p.line, p.column.as_str(), p.rule))
        .collect();
    assert_eq!(
        found,
        [(9, "ocr_status", Rule::OcrStatus), (9, "size", Rule::Size)]
    );
}

/// [`with_field`] on text already in memory.
fn with_field_text(content: &str, line: usize, column: &str, value: &str) -> String {
    let header: Vec<&str> = content.lines().next().unwrap().split(',').collect();
    let index = header.iter().position(|c| *c == column).unwrap();
    let mut lines: Vec<String> = content.lines().map(String::from).collect();
    let mut fields: Vec<String> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(lines[line - 1].as_bytes())
        .records()
        .next()
        .unwrap()
        .unwrap()
        .iter()
        .map(String::from)
        .collect();
    fields[index] = value.into();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&fields).unwrap();
    lines[line - 1] = String::from_utf8(writer.into_inner().unwrap())
        .unwrap()
        .trim_end()
        .into();
    lines.join("\n") + "\n"
}

#[test]
fn every_bad_row_of_every_file_is_reported_in_one_go() {
    let installations = with_field(INSTALLATIONS, 20, "name", "");
    let classements = with_field(CLASSEMENTS, 30, "regime", "X");
    let aps = with_field(APS, 40, "ocr_status", "");
    let problems = problems_of(
        installations.as_bytes(),
        classements.as_bytes(),
        aps.as_bytes(),
    );
    let found: Vec<_> = problems
        .iter()
        .map(|p| (p.file.as_str(), p.line, p.rule))
        .collect();
    assert_eq!(
        found,
        [
            ("installations_idf.csv", 20, Rule::Required),
            ("classements_idf.csv", 30, Rule::Regime),
            ("aps_idf.csv", 40, Rule::OcrStatus),
        ]
    );
}

#[test]
fn a_catalogue_line_with_regime_unknown_or_twice_the_same_key_is_reported() {
    let content = with_field(REFERENCES, 2, "regime", "unknown");
    let bytes = content.as_bytes();
    let file = CsvFile::open(
        FileKind::ClassementReferences,
        "classement_references.csv",
        bytes,
    )
    .unwrap();
    let mut problems = Problems::default();
    check_classement_references(&file, &mut problems);
    only_problem(
        problems.into_kept(),
        "classement_references.csv",
        2,
        "regime",
        Rule::Regime,
    );

    let second = text(REFERENCES).lines().nth(1).unwrap().to_string();
    let content = text(REFERENCES) + &second + "\n";
    let file = CsvFile::open(
        FileKind::ClassementReferences,
        "classement_references.csv",
        content.as_bytes(),
    )
    .unwrap();
    let mut problems = Problems::default();
    check_classement_references(&file, &mut problems);
    only_problem(
        problems.into_kept(),
        "classement_references.csv",
        958,
        "rubrique",
        Rule::DuplicateKey,
    );
}
