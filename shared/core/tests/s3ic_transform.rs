//! The S3IC transform (task 1): golden outputs on the raw fixtures, each tricky rule on small
//! inputs, and one test per kind of bad input.

use envinorma_core::s3ic::{
    CLASSEMENTS_EXTRACT, INSTALLATIONS_EXTRACT, MAX_PROBLEMS, Problem, ProblemKind, S3icError,
    S3icOutput, transform,
};
use envinorma_test_support::assert_same_file;
use std::sync::OnceLock;

// ---------------------------------------------------------------------------------------------
// Real fixtures (read at run time from the shared folder, never copied here)

/// A raw S3IC extract of the shared data.
fn fixture(name: &str) -> Vec<u8> {
    envinorma_test_support::read(&format!("data/raw/s3ic/{name}"))
}

/// The transform of the real fixtures, run once for all the tests that look at it.
fn real_output() -> &'static S3icOutput {
    static OUTPUT: OnceLock<S3icOutput> = OnceLock::new();
    OUTPUT.get_or_init(|| {
        let result = transform(
            &fixture(INSTALLATIONS_EXTRACT),
            &fixture(CLASSEMENTS_EXTRACT),
        );
        result.unwrap_or_else(|e| panic!("{e}\n{:#?}", e.problems))
    })
}

fn data_rows(file: &[u8]) -> usize {
    file.iter().filter(|&&byte| byte == b'\n').count() - 1
}

#[test]
fn installations_all_equals_the_expected_file_byte_for_byte() {
    let expected = fixture("expected_installations.csv");
    assert_same_file(
        "installations_all.csv",
        &real_output().all.installations,
        &expected,
    );
}

#[test]
fn classements_all_equals_the_expected_file_byte_for_byte() {
    let expected = fixture("expected_classements.csv");
    assert_same_file(
        "classements_all.csv",
        &real_output().all.classements,
        &expected,
    );
}

#[test]
fn idf_equals_all_when_every_installation_is_in_ile_de_france() {
    let output = real_output();
    assert_eq!(output.idf.installations, output.all.installations);
    assert_eq!(output.idf.classements, output.all.classements);
}

#[test]
fn sample_keeps_installations_by_the_sum_of_their_code_points_and_their_classements() {
    let output = real_output();
    let ids_of = |file: &[u8]| -> Vec<String> {
        String::from_utf8_lossy(file)
            .lines()
            .skip(1)
            .map(|line| line.split(',').next().unwrap_or_default().to_string())
            .collect()
    };
    let sampled = |id: &String| id.chars().map(u32::from).sum::<u32>() % 10 == 0;
    let all_ids = ids_of(&output.all.installations);
    let sample_ids = ids_of(&output.sample.installations);
    assert!(!sample_ids.is_empty());
    assert_eq!(
        sample_ids,
        all_ids.into_iter().filter(sampled).collect::<Vec<_>>()
    );
    let classement_ids = ids_of(&output.sample.classements);
    assert!(classement_ids.iter().all(sampled));
    assert_eq!(
        classement_ids.len(),
        ids_of(&output.all.classements)
            .iter()
            .filter(|id| sampled(id))
            .count()
    );
}

#[test]
fn small_derived_datasets_give_warnings_not_errors() {
    let output = real_output();
    let warnings: Vec<(String, usize)> = output
        .warnings
        .iter()
        .map(|warning| (warning.file.clone(), warning.rows))
        .collect();
    // Only the sample installations are below 1000 rows here (see the fixtures' README).
    assert_eq!(
        warnings,
        [(
            "installations_sample.csv".to_string(),
            data_rows(&output.sample.installations)
        )]
    );
    assert!(data_rows(&output.sample.classements) >= 1000);
    assert!(
        output.warnings[0]
            .to_string()
            .contains("fewer than the 1000")
    );
}

#[test]
fn summary_counts_every_row_once_and_matches_the_fixtures_readme() {
    let summary = &real_output().summary;
    let installations = &summary.installations;
    let regime_dropped: usize = installations.regime_dropped.values().sum();
    let inactive: usize = installations.inactive_dropped.values().sum();
    assert_eq!(
        installations.rows_read,
        installations.duplicates_dropped
            + regime_dropped
            + installations.missing_code_dropped
            + installations.older_rows_dropped
            + inactive
            + installations.kept
    );
    let classements = &summary.classements;
    let state_dropped: usize = classements.state_dropped.values().sum();
    assert_eq!(
        classements.rows_read,
        classements.duplicates_dropped
            + classements.installation_dropped
            + classements.installation_absent
            + state_dropped
            + classements.kept
    );
    // The counts the fixtures' README documents for each rule.
    let json = serde_json::to_value(summary).unwrap();
    let expected = serde_json::json!({
        "installations": {
            "rows_read": 2416, "duplicates_dropped": 46,
            // D: 50 rows, plus the 12 later D rows that must not hide the published one.
            "regime_dropped": {"": 4, "D": 62, "NC": 6},
            // 70 older rows, plus the 8 running rows replaced by a stopped one.
            "older_rows_dropped": 78,
            // 15 and 20, plus the 8 installations whose latest row stopped (3 and 5 of them).
            "inactive_dropped": {"": 5, "A l'arrêt": 18, "Cessation déclarée": 25, "Récolement fait": 8},
            "kept": 2164, "regime_s_to_a": 197, "regime_2_to_a": 126,
            "seveso_ssh_to_sh": 20, "seveso_ssb_to_sb": 45,
        },
        "classements": {
            "rows_read": 14180, "duplicates_dropped": 170, "installation_dropped": 432,
            "installation_absent": 31,
            "state_dropped": {"": 10, "A l'arrêt": 150, "En projet": 80, "Reprise": 20},
            "kept": 13287, "blanked_47xx": 814, "regime_dc_to_d": 1211, "regime_to_unknown": 1,
            "regime_acte_dc_to_d": 1195, "regime_acte_to_unknown": 121,
        },
    });
    for (part, counts) in expected.as_object().unwrap() {
        for (key, value) in counts.as_object().unwrap() {
            assert_eq!(&json[part][key], value, "{part}.{key}");
        }
    }
    assert_eq!(json["datasets"][0]["installations"], 2164);
    assert_eq!(json["datasets"][0]["classements"], 13287);
}

// ---------------------------------------------------------------------------------------------
// Small inputs built here, with invented values

const ETABLISSEMENTS_HEADER: &str = "code_s3ic;raison_sociale;region;département;commune_principale;\
code_postal;code_insee_commune;coordonnées_géographiques_x;coordonnées_géographiques_y;code_naf;\
régime_etab_en_vigueur;statut_seveso;famille;état_de_l_activité;date_inspection";

const RUBRIQUES_HEADER: &str = "code_s3ic;rubrique_envigueur;alinéa_envigueur;régime_envigueur;\
libellé_court_envigueur;date_acte_rub_en_vigueur;date_début_exploitation_rub;\
date_dernière_modification_notable_rub;état_technique;rubrique_autorisé;alinéa_autorisé;\
régime_autorisé;quantité;unité";

const ETABLISSEMENT_DEFAULTS: [&str; 15] = [
    "0001.00001",
    "ACME",
    "ILE DE FRANCE",
    "ESSONNE",
    "EVRY",
    "91000",
    "91228",
    "650000",
    "6830000",
    "10.89Z",
    "A",
    "NS",
    "industrie",
    "En fonctionnement",
    "2021-03-18",
];

const RUBRIQUE_DEFAULTS: [&str; 14] = [
    "0001.00001",
    "2910",
    "A-2",
    "E",
    "Combustion",
    "2010-01-01",
    "2010-01-02",
    "2010-01-03",
    "En fonctionnement",
    "2910",
    "A-2",
    "E",
    "12.000",
    "MW",
];

/// A `;` row of `header` with the defaults, changed where `changes` names a column.
fn row(header: &str, defaults: &[&str], changes: &[(&str, &str)]) -> String {
    header
        .split(';')
        .zip(defaults)
        .map(|(column, default)| {
            let changed = changes.iter().find(|(name, _)| *name == column);
            let cell = changed.map_or(*default, |(_, value)| *value);
            match cell.contains([';', '"', '\n']) {
                true => format!("\"{}\"", cell.replace('"', "\"\"")),
                false => cell.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(";")
}

fn etablissement(changes: &[(&str, &str)]) -> String {
    row(ETABLISSEMENTS_HEADER, &ETABLISSEMENT_DEFAULTS, changes)
}

fn rubrique(changes: &[(&str, &str)]) -> String {
    row(RUBRIQUES_HEADER, &RUBRIQUE_DEFAULTS, changes)
}

fn file(header: &str, rows: &[String]) -> Vec<u8> {
    let mut text = format!("{header}\n");
    rows.iter()
        .for_each(|row| text.push_str(&format!("{row}\n")));
    text.into_bytes()
}

/// Runs the transform on the given rows (one default rubrique when `rubriques` is empty).
fn run(etablissements: &[String], rubriques: &[String]) -> Result<S3icOutput, S3icError> {
    let default_rubrique = [rubrique(&[])];
    let rubriques = match rubriques.is_empty() {
        true => &default_rubrique[..],
        false => rubriques,
    };
    transform(
        &file(ETABLISSEMENTS_HEADER, etablissements),
        &file(RUBRIQUES_HEADER, rubriques),
    )
}

fn lines(file: &[u8]) -> Vec<String> {
    String::from_utf8(file.to_vec())
        .unwrap()
        .lines()
        .skip(1)
        .map(str::to_string)
        .collect()
}

fn installations(etablissements: &[String]) -> Vec<String> {
    lines(&run(etablissements, &[]).unwrap().all.installations)
}

fn classements(rubriques: &[String]) -> Vec<String> {
    lines(
        &run(&[etablissement(&[])], rubriques)
            .unwrap()
            .all
            .classements,
    )
}

fn problems(result: Result<S3icOutput, S3icError>) -> Vec<Problem> {
    match result {
        Ok(_) => panic!("the input was accepted"),
        Err(error) => error.problems,
    }
}

/// The only problem of `result`, checked to be of `kind`.
fn only_problem(result: Result<S3icOutput, S3icError>, kind: ProblemKind) -> Problem {
    let problems = problems(result);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].kind, kind, "{problems:#?}");
    problems.into_iter().next().unwrap()
}

// --- installations rules

#[test]
fn installations_are_written_with_renamed_and_derived_columns() {
    assert_eq!(
        installations(&[etablissement(&[])]),
        [
            "0001.00001,91,ILE DE FRANCE,ESSONNE,EVRY,ACME,650000,6830000,2021-03-18,A,NS,Industries,En fonctionnement,91000,91228,10.89Z"
        ]
    );
}

#[test]
fn the_regime_filter_runs_before_keep_last_so_a_later_declared_row_is_ignored() {
    let rows = [
        etablissement(&[("raison_sociale", "PUBLISHED")]),
        etablissement(&[
            ("raison_sociale", "DECLARED"),
            ("régime_etab_en_vigueur", "D"),
        ]),
    ];
    let kept = installations(&rows);
    assert_eq!(kept.len(), 1);
    assert!(kept[0].contains(",PUBLISHED,"), "{kept:?}");
}

#[test]
fn the_last_row_of_an_installation_wins_whole() {
    let rows = [
        etablissement(&[("raison_sociale", "OLD"), ("code_naf", "01.11Z")]),
        etablissement(&[("raison_sociale", "NEW"), ("régime_etab_en_vigueur", "E")]),
    ];
    let kept = installations(&rows);
    assert_eq!(kept.len(), 1);
    assert!(
        kept[0].contains(",NEW,") && kept[0].contains(",E,NS,"),
        "{kept:?}"
    );
    assert!(kept[0].ends_with(",10.89Z"), "{kept:?}");
}

#[test]
fn the_activity_filter_runs_after_keep_last_so_a_stopped_installation_is_dropped() {
    let rows = [
        etablissement(&[("état_de_l_activité", "En fonctionnement")]),
        etablissement(&[("état_de_l_activité", "Cessation déclarée")]),
    ];
    let output = run(&rows, &[]).unwrap();
    assert!(lines(&output.all.installations).is_empty());
    assert!(lines(&output.all.classements).is_empty());
    assert_eq!(output.summary.installations.older_rows_dropped, 1);
    assert_eq!(
        output.summary.installations.inactive_dropped["Cessation déclarée"],
        1
    );
}

#[test]
fn regimes_s_and_2_are_autorisations_and_seveso_and_family_codes_are_spelt_out() {
    let rows = [
        etablissement(&[
            ("code_s3ic", "0001.00001"),
            ("régime_etab_en_vigueur", "S"),
            ("statut_seveso", "SSH"),
            ("famille", "carriere"),
        ]),
        etablissement(&[
            ("code_s3ic", "0001.00002"),
            ("régime_etab_en_vigueur", "2"),
            ("statut_seveso", "SSB"),
            ("famille", "volailles"),
            ("état_de_l_activité", "En construction"),
        ]),
        etablissement(&[("code_s3ic", "0001.00003"), ("statut_seveso", "")]),
    ];
    let kept = installations(&rows);
    assert!(
        kept[0].contains(",A,SH,Carrières,En fonctionnement,"),
        "{kept:?}"
    );
    assert!(
        kept[1].contains(",A,SB,Volailles,En construction,"),
        "{kept:?}"
    );
    assert!(kept[2].contains(",A,,Industries,"), "{kept:?}");
}

#[test]
fn saint_pierre_et_miquelon_gets_its_department_from_the_postal_code() {
    let rows = [etablissement(&[
        ("département", "ST PIERRE ET MIQUELON"),
        ("code_postal", "97500"),
        ("code_insee_commune", "97502"),
    ])];
    assert!(
        installations(&rows)[0].starts_with("0001.00001,97,ILE DE FRANCE,ST PIERRE ET MIQUELON,")
    );
}

#[test]
fn installations_are_sorted_by_code_and_empty_cells_stay_empty() {
    let rows = [
        etablissement(&[("code_s3ic", "0002.00001")]),
        etablissement(&[
            ("code_s3ic", "0001.00001"),
            ("date_inspection", ""),
            ("coordonnées_géographiques_x", ""),
            ("code_naf", ""),
        ]),
    ];
    let kept = installations(&rows);
    assert!(kept[0].starts_with("0001.00001,91,"), "{kept:?}");
    assert!(kept[0].contains(",ACME,,6830000,,A,"), "{kept:?}");
    assert!(kept[0].ends_with(",91228,"), "{kept:?}");
    assert!(kept[1].starts_with("0002.00001,"), "{kept:?}");
}

#[test]
fn cells_with_a_comma_or_a_quote_are_quoted_in_the_output() {
    let rows = [etablissement(&[(
        "raison_sociale",
        "DUPONT, \"FILS\"; CIE",
    )])];
    assert!(installations(&rows)[0].contains(",\"DUPONT, \"\"FILS\"\"; CIE\","));
}

// --- classements rules

#[test]
fn classements_are_renamed_and_their_regimes_simplified() {
    let rows = [
        rubrique(&[("régime_envigueur", "DC"), ("régime_autorisé", "S")]),
        rubrique(&[
            ("rubrique_envigueur", "1510"),
            ("régime_envigueur", "3"),
            ("régime_autorisé", "DC"),
        ]),
    ];
    assert_eq!(
        classements(&rows),
        // Same dates: sorted by régime code, D before unknown.
        [
            "0001.00001,2910,A-2,D,Combustion,2010-01-01,2010-01-02,2010-01-03,En fonctionnement,2910,A-2,unknown,12.000,MW",
            "0001.00001,1510,A-2,unknown,Combustion,2010-01-01,2010-01-02,2010-01-03,En fonctionnement,2910,A-2,D,12.000,MW",
        ]
    );
}

#[test]
fn rows_47xx_are_blanked_except_two_dates() {
    let rows = [rubrique(&[
        ("rubrique_envigueur", "47xx"),
        ("rubrique_autorisé", "4718"),
        ("régime_envigueur", "A"),
    ])];
    assert_eq!(
        classements(&rows),
        ["0001.00001,47xx,,NC,,,2010-01-02,2010-01-03,En fonctionnement,47xx,,NC,,"]
    );
}

#[test]
fn rows_47xx_that_differ_only_before_blanking_are_both_kept() {
    let rows = [
        rubrique(&[("rubrique_envigueur", "47xx"), ("quantité", "1.000")]),
        rubrique(&[("rubrique_envigueur", "47xx"), ("quantité", "2.000")]),
    ];
    let kept = classements(&rows);
    assert_eq!(kept.len(), 2);
    assert_eq!(kept[0], kept[1]);
}

#[test]
fn duplicates_are_dropped_before_blanking() {
    let row = rubrique(&[("rubrique_envigueur", "47xx")]);
    let output = run(&[etablissement(&[])], &[row.clone(), row]).unwrap();
    assert_eq!(lines(&output.all.classements).len(), 1);
    assert_eq!(output.summary.classements.duplicates_dropped, 1);
}

#[test]
fn only_running_classements_of_kept_installations_are_written() {
    let etablissements = [
        etablissement(&[("code_s3ic", "0001.00001")]),
        etablissement(&[("code_s3ic", "0001.00002"), ("régime_etab_en_vigueur", "D")]),
    ];
    let rubriques = [
        rubrique(&[("code_s3ic", "0001.00001")]),
        rubrique(&[("code_s3ic", "0001.00001"), ("état_technique", "En projet")]),
        rubrique(&[("code_s3ic", "0001.00002")]),
        rubrique(&[("code_s3ic", "0009.00009")]),
    ];
    let output = run(&etablissements, &rubriques).unwrap();
    let counts = &output.summary.classements;
    assert_eq!(lines(&output.all.classements).len(), 1);
    assert_eq!(
        (
            counts.installation_dropped,
            counts.installation_absent,
            counts.state_dropped["En projet"]
        ),
        (1, 1, 1)
    );
}

#[test]
fn the_sort_is_stable_with_empty_values_last() {
    let row = |activite: &str, date_acte: &str, date_debut: &str, regime: &str, alinea: &str| {
        rubrique(&[
            ("libellé_court_envigueur", activite),
            ("date_acte_rub_en_vigueur", date_acte),
            ("date_début_exploitation_rub", date_debut),
            ("régime_envigueur", regime),
            ("alinéa_envigueur", alinea),
        ])
    };
    let rows = [
        row("no date", "", "2000-01-01", "A", "1"),
        row("tie first", "2001-01-01", "2000-01-01", "E", "1"),
        row("no alinea", "2001-01-01", "2000-01-01", "D", ""),
        row("tie second", "2001-01-01", "2000-01-01", "E", "1"),
        row("alinea 1", "2001-01-01", "2000-01-01", "D", "1"),
        row("old", "0019-12-09", "", "NC", "1"),
        row("no start", "2001-01-01", "", "A", "1"),
    ];
    let order: Vec<String> = classements(&rows)
        .iter()
        .map(|line| line.split(',').nth(4).unwrap().to_string())
        .collect();
    assert_eq!(
        order,
        [
            "old",
            "alinea 1",
            "no alinea",
            "tie first",
            "tie second",
            "no start",
            "no date"
        ]
    );
}

// --- bad input

#[test]
fn a_misnamed_installation_column_is_reported_as_missing_and_unexpected() {
    let header = ETABLISSEMENTS_HEADER.replace("date_inspection", "date_inspect");
    let result = transform(
        format!("{header}\n{}\n", etablissement(&[])).as_bytes(),
        &file(RUBRIQUES_HEADER, &[rubrique(&[])]),
    );
    let problems = problems(result);
    let found: Vec<(ProblemKind, Option<u64>, Option<&str>)> = problems
        .iter()
        .map(|p| (p.kind, p.line, p.column.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (ProblemKind::MissingColumn, Some(1), Some("date_inspection")),
            (ProblemKind::UnexpectedColumn, Some(1), Some("date_inspect")),
        ]
    );
    assert_eq!(problems[0].file, "s3ic-liste-etablissements.csv");
    assert!(problems[0].expected.contains("code_s3ic;raison_sociale"));
}

#[test]
fn a_missing_classement_column_and_an_extra_one_are_reported() {
    let header = RUBRIQUES_HEADER.replace(";unité", ";unite;commentaire");
    let result = transform(
        &file(ETABLISSEMENTS_HEADER, &[etablissement(&[])]),
        format!("{header}\n{};\n", rubrique(&[])).as_bytes(),
    );
    let found: Vec<(ProblemKind, String)> = problems(result)
        .into_iter()
        .map(|p| (p.kind, format!("{}:{:?}", p.file, p.column)))
        .collect();
    assert_eq!(
        found,
        [
            (
                ProblemKind::MissingColumn,
                "sic-liste-rubriques.csv:Some(\"unité\")".into()
            ),
            (
                ProblemKind::UnexpectedColumn,
                "sic-liste-rubriques.csv:Some(\"unite\")".into()
            ),
            (
                ProblemKind::UnexpectedColumn,
                "sic-liste-rubriques.csv:Some(\"commentaire\")".into()
            ),
        ]
    );
}

#[test]
fn a_bad_inspection_date_names_file_line_column_value_and_what_was_expected() {
    let rows = [
        etablissement(&[("code_s3ic", "0001.00001")]),
        etablissement(&[
            ("code_s3ic", "0001.00002"),
            ("date_inspection", "2021-02-30"),
        ]),
    ];
    let problem = only_problem(run(&rows, &[]), ProblemKind::InvalidDate);
    assert_eq!(
        problem.to_string(),
        "s3ic-liste-etablissements.csv, line 3, column date_inspection: invalid date \"2021-02-30\" \
         (expected an existing date written YYYY-MM-DD, or an empty cell)"
    );
}

#[test]
fn a_bad_classement_date_fails_even_on_a_row_the_state_filter_would_drop() {
    let rows = [rubrique(&[
        ("date_début_exploitation_rub", "12/03/2019"),
        ("état_technique", "En projet"),
    ])];
    let problem = only_problem(run(&[etablissement(&[])], &rows), ProblemKind::InvalidDate);
    assert_eq!(
        (
            problem.file,
            problem.line,
            problem.column.as_deref(),
            problem.value.as_deref()
        ),
        (
            CLASSEMENTS_EXTRACT,
            Some(2),
            Some("date_début_exploitation_rub"),
            Some("12/03/2019")
        )
    );
}

#[test]
fn a_seveso_status_outside_the_enum_is_rejected() {
    let problem = only_problem(
        run(&[etablissement(&[("statut_seveso", "XX")])], &[]),
        ProblemKind::InvalidValue,
    );
    assert_eq!(
        (
            problem.line,
            problem.column.as_deref(),
            problem.value.as_deref()
        ),
        (Some(2), Some("statut_seveso"), Some("XX"))
    );
    assert!(problem.expected.contains("NS, SH, SSH"), "{problem}");
}

#[test]
fn an_activity_status_outside_the_enum_is_rejected() {
    let problem = only_problem(
        run(&[etablissement(&[("état_de_l_activité", "Fermé")])], &[]),
        ProblemKind::InvalidValue,
    );
    assert_eq!(
        (problem.column.as_deref(), problem.value.as_deref()),
        (Some("état_de_l_activité"), Some("Fermé"))
    );
}

#[test]
fn a_family_or_a_classement_regime_outside_the_enum_is_rejected() {
    let family = only_problem(
        run(&[etablissement(&[("famille", "")])], &[]),
        ProblemKind::InvalidValue,
    );
    assert_eq!(family.column.as_deref(), Some("famille"));
    let regime = only_problem(
        run(
            &[etablissement(&[])],
            &[rubrique(&[("régime_autorisé", "")])],
        ),
        ProblemKind::InvalidValue,
    );
    assert_eq!(regime.column.as_deref(), Some("régime_autorisé"));
}

#[test]
fn a_non_utf8_cell_is_located() {
    let mut bytes = file(ETABLISSEMENTS_HEADER, &[etablissement(&[])]);
    bytes.extend_from_slice(b"0001.00002;CAF\xC9;");
    bytes.extend_from_slice(
        etablissement(&[])
            .split_once(";ACME;")
            .unwrap()
            .1
            .as_bytes(),
    );
    bytes.push(b'\n');
    let problem = only_problem(
        transform(&bytes, &file(RUBRIQUES_HEADER, &[rubrique(&[])])),
        ProblemKind::NotUtf8,
    );
    assert_eq!(
        (
            problem.line,
            problem.column.as_deref(),
            problem.value.as_deref()
        ),
        (Some(3), Some("raison_sociale"), Some("CAF\u{FFFD}"))
    );
}

#[test]
fn an_empty_file_or_a_header_without_rows_is_rejected() {
    let etablissements = file(ETABLISSEMENTS_HEADER, &[etablissement(&[])]);
    let empty = only_problem(transform(&etablissements, b""), ProblemKind::EmptyFile);
    assert_eq!((empty.file, empty.line), (CLASSEMENTS_EXTRACT, None));
    let header_only = file(RUBRIQUES_HEADER, &[]);
    let header_only = only_problem(
        transform(&etablissements, &header_only),
        ProblemKind::EmptyFile,
    );
    assert!(header_only.expected.contains("at least one row"));
}

#[test]
fn a_row_with_a_wrong_number_of_cells_is_located() {
    let rows = [etablissement(&[]), "0001.00002;ACME".to_string()];
    let problem = only_problem(run(&rows, &[]), ProblemKind::WrongCellCount);
    assert_eq!(
        (problem.line, problem.value.as_deref()),
        (Some(3), Some("2 cells"))
    );
}

#[test]
fn a_47_rubrique_not_written_47xx_is_rejected_as_it_would_be_published() {
    let problem = only_problem(
        run(
            &[etablissement(&[])],
            &[rubrique(&[("rubrique_envigueur", "4718")])],
        ),
        ProblemKind::Unblanked47xx,
    );
    assert_eq!(problem.column.as_deref(), Some("rubrique_envigueur"));
}

#[test]
fn every_bad_row_of_both_files_is_reported_in_file_then_line_order() {
    // Cell counts are checked on reading, values later: the report still comes in line order.
    let etablissements = [
        etablissement(&[("code_s3ic", "0001.00003"), ("statut_seveso", "?")]),
        etablissement(&[("code_s3ic", "0001.00002")]),
        etablissement(&[("code_s3ic", "0001.00001"), ("date_inspection", "hier")]),
        "0001.00004;short".to_string(),
    ];
    let rubriques = [
        "0001.00002;short".to_string(),
        rubrique(&[("code_s3ic", "0001.00002"), ("régime_envigueur", "Z")]),
        rubrique(&[
            ("code_s3ic", "0001.00002"),
            ("date_acte_rub_en_vigueur", "2019"),
        ]),
    ];
    let found: Vec<(&str, Option<u64>)> = problems(run(&etablissements, &rubriques))
        .iter()
        .map(|p| (p.file, p.line))
        .collect();
    assert_eq!(
        found,
        [
            (INSTALLATIONS_EXTRACT, Some(2)),
            (INSTALLATIONS_EXTRACT, Some(4)),
            (INSTALLATIONS_EXTRACT, Some(5)),
            (CLASSEMENTS_EXTRACT, Some(2)),
            (CLASSEMENTS_EXTRACT, Some(3)),
            (CLASSEMENTS_EXTRACT, Some(4)),
        ]
    );
}

#[test]
fn the_problem_list_is_capped_with_the_total_count() {
    let rows: Vec<String> = (0..MAX_PROBLEMS + 5)
        .map(|i| {
            etablissement(&[
                ("code_s3ic", &format!("0001.{i:05}")),
                ("statut_seveso", "?"),
            ])
        })
        .collect();
    let error = run(&rows, &[]).unwrap_err();
    assert_eq!(
        (error.problems.len(), error.total),
        (MAX_PROBLEMS, MAX_PROBLEMS + 5)
    );
    assert!(
        error
            .to_string()
            .starts_with("1005 problem(s) in the S3IC extracts, the first: ")
    );
}
