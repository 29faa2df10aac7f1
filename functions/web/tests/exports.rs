//! The exports opened by the real LibreOffice: what an inspector's office suite reads from our
//! files is what we meant to write. LibreOffice is a test dependency (`make deps`): without
//! `soffice` these tests fail rather than pass unseen.

use envinorma_core::Date;
use envinorma_db::prescriptions::{Prescription, Status};
use envinorma_web::exports::{ExportHeader, fiche, gun};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const AM: &str = "AM - 09/04/19 - 2521 E";
const AP: &str = "AP - 27/04/21";

/// A noise table: a header cell spanning two rows, another spanning two columns, and a value
/// spanning two columns.
const TABLE: &str = r#"{"rows":[
 {"is_header":true,"cells":[{"content":{"text":"Paramètre"},"rowspan":2},{"content":{"text":"Valeurs limites"},"colspan":2}]},
 {"is_header":true,"cells":[{"content":{"text":"Jour"}},{"content":{"text":"Nuit"}}]},
 {"cells":[{"content":{"text":"Émergence"}},{"content":{"text":"5 dB(A)"}},{"content":{"text":"3 dB(A)"}}]},
 {"cells":[{"content":{"text":"Poussières"}},{"content":{"text":"500 mg/m3"},"colspan":2}]}
]}"#;

fn prescription(id: i64, text: &str, reference: &str, rank: &str, content: &str) -> Prescription {
    let from_am = text == AM;
    Prescription {
        id,
        from_am_id: from_am.then(|| "JORFTEXT000038358856".into()),
        alinea_id: from_am.then(|| format!("941cf0d1bA08_{id}")),
        reference: reference.into(),
        name: None,
        content: content.into(),
        is_table: false,
        text_reference: Some(text.into()),
        rank: (!rank.is_empty()).then(|| rank.into()),
        topic: "AUCUN".into(),
        status: Status::AVerifier,
        comment: String::new(),
        created_at_micros: id,
    }
}

fn prescriptions() -> Vec<Prescription> {
    let mut first = prescription(
        1,
        AM,
        "Article 2",
        "2.0",
        "Les dispositions du présent arrêté s'appliquent\naux installations & <ateliers>.",
    );
    first.name = Some("Définitions".into());
    first.topic = "AIR_ODEURS".into();
    first.status = Status::Conforme;
    first.comment = "vu le registre".into();
    let mut second = prescription(2, AM, "Article 2", "2.1", "Deuxième alinéa.");
    second.name = Some("Définitions".into());
    second.topic = "AIR_ODEURS".into();
    let mut table = prescription(3, AM, "Article 6", "6.0", TABLE);
    table.is_table = true;
    table.topic = "BRUIT_VIBRATIONS".into();
    table.status = Status::NonConforme;
    table.comment = "62 dB mesurés".into();
    let ap = prescription(4, AP, "Article 3", "", "Le débit est limité à 10 m3/h.");
    vec![ap, table, second, first]
}

fn header() -> ExportHeader<'static> {
    ExportHeader {
        installation_name: "EVA INDUSTRIES",
        s3ic_id: Some("0065.06351"),
        date: Date::new(2021, 4, 27).unwrap(),
    }
}

/// Converts `file` with LibreOffice next to it and returns the converted file. Each call has its
/// own profile, so that tests running in parallel do not share (and lock) one.
fn convert(file: &Path, format: &str, extension: &str) -> Vec<u8> {
    let dir = file.parent().unwrap();
    let profile = tempfile::tempdir().unwrap();
    let spawned = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            format,
            "--outdir",
        ])
        .arg(dir)
        .arg(file)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    let mut child = spawned.unwrap_or_else(|error| {
        panic!("LibreOffice (soffice) is needed by these tests ({error}): run `make deps`")
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!(
                "soffice took more than 2 minutes to convert {}",
                file.display()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(
        status.success(),
        "soffice failed on {}: {status}",
        file.display()
    );
    let converted: PathBuf = file.with_extension(extension);
    std::fs::read(&converted)
        .unwrap_or_else(|error| panic!("no {} from soffice: {error}", converted.display()))
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// An OpenDocument package: `mimetype` first, stored, then a manifest naming the content.
fn assert_package(bytes: &[u8], media_type: &str) {
    assert_eq!(&bytes[..4], b"PK\x03\x04");
    assert_eq!(bytes[8..10], [0, 0], "mimetype is stored");
    assert!(bytes[30..].starts_with(format!("mimetype{media_type}").as_bytes()));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut manifest = String::new();
    zip.by_name("META-INF/manifest.xml")
        .unwrap()
        .read_to_string(&mut manifest)
        .unwrap();
    assert!(manifest.contains("manifest:full-path=\"content.xml\""));
}

fn content_xml(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("content.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

/// The non-empty lines of a converted text, trimmed (and without the byte order mark).
fn lines(converted: &[u8]) -> Vec<String> {
    let text = String::from_utf8(converted.to_vec()).unwrap();
    text.trim_start_matches('\u{feff}')
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(String::from)
        .collect()
}

#[test]
fn libreoffice_reads_the_fiche_with_its_rows_contents_findings_and_nested_table() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = fiche(&prescriptions(), false, &header()).unwrap();
    assert_package(&bytes, "application/vnd.oasis.opendocument.text");
    assert_eq!(content_xml(&bytes).matches("<table:table ").count(), 2);
    let odt = write(dir.path(), "fiche.odt", &bytes);
    let text = convert(&odt, "txt:Text (encoded):UTF8", "txt");
    assert_eq!(lines(&text), expected_fiche());
}

#[test]
fn libreoffice_reads_the_fiche_by_topic_with_one_titled_table_per_topic() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = fiche(&prescriptions(), true, &header()).unwrap();
    assert_eq!(content_xml(&bytes).matches("<table:table ").count(), 4);
    let odt = write(dir.path(), "fiche-themes.odt", &bytes);
    let text = convert(&odt, "txt:Text (encoded):UTF8", "txt");
    assert_eq!(lines(&text), expected_fiche_by_topic());
}

#[test]
fn libreoffice_keeps_the_spans_of_a_table_prescription() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = fiche(&prescriptions(), false, &header()).unwrap();
    let odt = write(dir.path(), "fiche.odt", &bytes);
    let html = convert(&odt, "html:HTML (StarWriter)", "html");
    let html = String::from_utf8(html).unwrap().to_lowercase();
    assert_eq!(html.matches("<table").count(), 2, "{html}");
    assert_eq!(html.matches("rowspan=\"2\"").count(), 1, "{html}");
    assert_eq!(html.matches("colspan=\"2\"").count(), 2, "{html}");
    let pdf = convert(&odt, "pdf", "pdf");
    assert!(pdf.starts_with(b"%PDF"));
}

#[test]
fn libreoffice_reads_the_gun_file_with_a_real_date_and_the_articles_number() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = gun(&prescriptions(), &header()).unwrap();
    assert_package(&bytes, "application/vnd.oasis.opendocument.spreadsheet");
    assert!(content_xml(&bytes).contains("office:date-value=\"2021-04-27\""));
    let ods = write(dir.path(), "gun.ods", &bytes);
    // Comma-separated, double quotes, UTF-8 (76): LibreOffice's CSV filter options.
    let csv = convert(&ods, "csv:Text - txt - csv (StarCalc):44,34,76", "csv");
    let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_slice())
        .records()
        .map(|record| record.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(rows, expected_gun_rows());
}

/// The header, then for each reference: the reference, its contents, the findings.
const TITLE: [&str; 3] = [
    "Fiche d'inspection",
    "EVA INDUSTRIES – S3IC 0065.06351",
    "Fiche éditée le 27/04/2021",
];
const COLUMNS: [&str; 3] = [
    "Références réglementaires",
    "Éléments / justifications apportés par l’exploitant",
    "Constats de l’Inspection",
];
const ARTICLE_2: [&str; 6] = [
    "AM - 09/04/19 - 2521 E - Article 2 - Définitions",
    "Les dispositions du présent arrêté s'appliquent",
    "aux installations & <ateliers>.",
    "Deuxième alinéa.",
    "1. Conforme : vu le registre",
    "2. À vérifier",
];
/// The nested table's cells in reading order.
const ARTICLE_6: [&str; 11] = [
    "AM - 09/04/19 - 2521 E - Article 6",
    "Paramètre",
    "Valeurs limites",
    "Jour",
    "Nuit",
    "Émergence",
    "5 dB(A)",
    "3 dB(A)",
    "Poussières",
    "500 mg/m3",
    "Non conforme : 62 dB mesurés",
];
const AP_ARTICLE_3: [&str; 3] = [
    "AP - 27/04/21 - Article 3",
    "Le débit est limité à 10 m3/h.",
    "À vérifier",
];

fn expected_fiche() -> Vec<&'static str> {
    [&TITLE[..], &COLUMNS, &ARTICLE_2, &ARTICLE_6, &AP_ARTICLE_3].concat()
}

fn expected_fiche_by_topic() -> Vec<&'static str> {
    [
        &TITLE[..],
        &["Thème : Air - odeurs"],
        &COLUMNS,
        &ARTICLE_2,
        &["Thème : Bruit - vibrations"],
        &COLUMNS,
        &ARTICLE_6,
        &["Aucun thème"],
        &COLUMNS,
        &AP_ARTICLE_3,
    ]
    .concat()
}

fn expected_gun_rows() -> Vec<Vec<&'static str>> {
    vec![
        vec![
            "Nom * (75 caractères max)",
            "Source *",
            "Date source * (jj/mm/aaaa)",
            "Article",
            "Thème *",
            "Sous-Thème * (75 caractères max)",
            "Prescriptions contrôlée *",
            "Notes",
        ],
        vec![
            "Définitions",
            "Arrêté Ministériel",
            "09/04/2019",
            "2",
            "Risques chroniques",
            "",
            "Les dispositions du présent arrêté s'appliquent\naux installations & <ateliers>.\n\nDeuxième alinéa.",
            "1. Conforme : vu le registre\n2. À vérifier",
        ],
        vec![
            "",
            "Arrêté Ministériel",
            "09/04/2019",
            "6",
            "Risques chroniques",
            "",
            "Paramètre\tValeurs limites\nJour\tNuit\nÉmergence\t5 dB(A)\t3 dB(A)\nPoussières\t500 mg/m3",
            "Non conforme : 62 dB mesurés",
        ],
        vec![
            "",
            "Arrêté Préfectoral",
            "27/04/2021",
            "3",
            "",
            "",
            "Le débit est limité à 10 m3/h.",
            "À vérifier",
        ],
    ]
}
