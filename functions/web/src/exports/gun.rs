//! The GUN import file: the controlled points of an inspection, one row per article, in the
//! columns of the GUN's import model (sheet "PDC").

use super::{Content, ExportError, ExportHeader, content, findings};
use crate::recap;
use envinorma_core::Date;
use envinorma_core::topics::NO_TOPIC;
use envinorma_db::prescriptions::Prescription;
use envinorma_odf::{Sheet, Value, spreadsheet};

/// The header of the GUN's model, in its order.
const COLUMNS: [&str; 8] = [
    "Nom * (75 caractères max)",
    "Source *",
    "Date source * (jj/mm/aaaa)",
    "Article",
    "Thème *",
    "Sous-Thème * (75 caractères max)",
    "Prescriptions contrôlée *",
    "Notes",
];
const WIDTHS_CM: [f32; 8] = [6.0, 3.5, 3.0, 2.5, 3.5, 3.5, 12.0, 6.0];
/// The original cut names at 70 characters, under the model's 75.
const NAME_LENGTH: usize = 70;

/// Our topics in GUN's words. GUN accepts only the themes of its model's list ("Risques
/// accidentels", "Risques chroniques", "Produits chimiques", "Élevage", "Illégaux", "Actions
/// nationales 2021"): accidents for risks and the site's layout (distances, fire walls),
/// chronic risks for emissions, nuisances, waste and the site's remediation at closure.
/// General provisions and operating rules concern both, so the inspector picks.
const GUN_THEMES: [(&str, &str); 7] = [
    ("RISQUES", "Risques accidentels"),
    ("IMPLANTATION_AMENAGEMENT", "Risques accidentels"),
    ("EAU", "Risques chroniques"),
    ("AIR_ODEURS", "Risques chroniques"),
    ("DECHETS", "Risques chroniques"),
    ("BRUIT_VIBRATIONS", "Risques chroniques"),
    ("FIN_EXPLOITATION", "Risques chroniques"),
];

/// The GUN theme of a topic code; empty when none fits (`AUCUN`, general provisions).
pub fn gun_theme(topic: &str) -> &'static str {
    GUN_THEMES
        .iter()
        .find(|(code, _)| *code == topic && topic != NO_TOPIC)
        .map_or("", |(_, theme)| theme)
}

/// The `.ods` file, never grouped by topic (GUN has its own themes).
pub fn gun(prescriptions: &[Prescription], header: &ExportHeader) -> Result<Vec<u8>, ExportError> {
    if prescriptions.is_empty() {
        return Err(ExportError::NoPrescription);
    }
    let rows = recap::group(prescriptions, false)
        .iter()
        .flat_map(|group| &group.texts)
        .flat_map(|text| {
            text.references
                .iter()
                .map(|reference| row(text.text_reference, &reference.prescriptions))
        })
        .collect();
    let sheet = Sheet {
        name: "PDC".into(),
        header: COLUMNS.map(String::from).to_vec(),
        column_widths_cm: WIDTHS_CM.to_vec(),
        rows,
    };
    let title = format!("Modèle GUN – {}", header.installation_name);
    Ok(spreadsheet(&[sheet], &title)?)
}

/// A row of one reference group; the name, source, article and theme are its first
/// prescription's (the group shares its reference and name).
fn row(text_reference: &str, prescriptions: &[&Prescription]) -> Vec<Value> {
    let first = prescriptions[0];
    let text = |value: String| Value::Text(value);
    vec![
        text(
            first
                .name
                .as_deref()
                .unwrap_or("")
                .chars()
                .take(NAME_LENGTH)
                .collect(),
        ),
        text(source_type(first).into()),
        text_date(text_reference).map_or(Value::Empty, Value::Date),
        text(article(&first.reference).into()),
        text(gun_theme(&first.topic).into()),
        text(String::new()),
        text(prescription_text(prescriptions)),
        text(findings(prescriptions).join("\n")),
    ]
}

fn source_type(prescription: &Prescription) -> &'static str {
    match prescription.from_am_id {
        Some(_) => "Arrêté Ministériel",
        None => "Arrêté Préfectoral",
    }
}

/// The date of a text reference: its first `JJ/MM/AA` (or `JJ/MM/AAAA`). Two-digit years
/// read as the original's Ruby `strptime('%y')` reads them: 69–99 in the 1900s (AMs of the
/// 1990s), 00–68 in the 2000s. `None` without a valid date.
fn text_date(text_reference: &str) -> Option<Date> {
    let bytes = text_reference.as_bytes();
    let digits = |at: usize, n: usize| -> Option<u32> {
        let part = bytes.get(at..at + n)?;
        part.iter().all(u8::is_ascii_digit).then(|| {
            part.iter()
                .fold(0, |value, digit| value * 10 + u32::from(digit - b'0'))
        })
    };
    let start = (0..bytes.len()).find(|&at| {
        digits(at, 2).is_some()
            && bytes.get(at + 2) == Some(&b'/')
            && digits(at + 3, 2).is_some()
            && bytes.get(at + 5) == Some(&b'/')
            && digits(at + 6, 2).is_some()
    })?;
    let (day, month) = (digits(start, 2)?, digits(start + 3, 2)?);
    let year = match (digits(start + 6, 4), digits(start + 6, 2)?) {
        (Some(year), _) => year,
        (None, short) if short >= 69 => 1900 + short,
        (None, short) => 2000 + short,
    };
    Date::new(year as i32, month as u8, day as u8)
}

/// The article's number: the reference without its leading "Article(s)" or "Annexe(s)".
fn article(reference: &str) -> &str {
    let reference = reference.trim();
    ["articles", "annexes", "article", "annexe"]
        .iter()
        .find_map(|word| {
            reference
                .get(..word.len())
                .filter(|start| start.eq_ignore_ascii_case(word))
                .map(|_| reference[word.len()..].trim())
        })
        .unwrap_or(reference)
}

/// The contents, a blank line between two; a table as its cells' texts, tab-separated, one
/// line per row.
fn prescription_text(prescriptions: &[&Prescription]) -> String {
    prescriptions
        .iter()
        .map(|prescription| match content(prescription) {
            Content::Text(text) => text.to_string(),
            Content::Table(table) => table
                .rows
                .iter()
                .map(|row| {
                    let cells: Vec<&str> =
                        row.cells.iter().map(|c| c.content.text.as_str()).collect();
                    cells.join("\t")
                })
                .collect::<Vec<_>>()
                .join("\n"),
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recap::tests::prescription;
    use envinorma_core::topics::TOPICS;
    use envinorma_db::prescriptions::Status;

    fn text(value: &str) -> Value {
        Value::Text(value.into())
    }

    #[test]
    fn the_article_loses_its_leading_word_whatever_its_case() {
        assert_eq!(article("Articles 3 et 6"), "3 et 6");
        assert_eq!(article("ANNEXE  I"), "I");
        assert_eq!(article("Article 3"), "3");
        assert_eq!(article("annexes II et III"), "II et III");
        assert_eq!(article("Chapitre 1"), "Chapitre 1");
        assert_eq!(article("Art."), "Art.");
        assert_eq!(article("Été"), "Été");
    }

    #[test]
    fn the_date_is_the_first_one_of_the_text_reference() {
        assert_eq!(text_date("AM - 2771 A - 01/10/20"), Date::new(2020, 10, 1));
        assert_eq!(text_date("AP - 27/04/21"), Date::new(2021, 4, 27));
        assert_eq!(
            text_date("AM - 09/04/19 - 2521 E - 01/01/20"),
            Date::new(2019, 4, 9)
        );
        assert_eq!(text_date("AM - 02/02/98 - 2515 D"), Date::new(1998, 2, 2));
        assert_eq!(text_date("AP - 27/04/2021"), Date::new(2021, 4, 27));
    }

    #[test]
    fn a_text_reference_without_a_valid_date_has_none() {
        assert_eq!(text_date("AP - 2010"), None);
        assert_eq!(text_date("AM - 31/02/21"), None);
        assert_eq!(text_date(""), None);
        assert_eq!(text_date("é/é/éé 1/2/3"), None);
    }

    #[test]
    fn the_gun_grouping_joins_a_references_contents_with_a_blank_line() {
        let mut prescriptions = vec![
            prescription(1, "AM - 09/04/19", "am-ref", "1.0"),
            prescription(2, "AM - 09/04/19", "am-ref", "1.1"),
            prescription(3, "AM - 09/04/19", "other", "2.0"),
            prescription(4, "AP - 27/04/21", "ap-ref", ""),
        ];
        for (p, content) in
            prescriptions
                .iter_mut()
                .zip(["line 1\nline 2", "line 3", "content", "content ap"])
        {
            p.content = content.into();
        }
        let groups = recap::group(&prescriptions, false);
        let texts: Vec<String> = groups[0]
            .texts
            .iter()
            .flat_map(|t| {
                t.references
                    .iter()
                    .map(|r| prescription_text(&r.prescriptions))
            })
            .collect();
        assert_eq!(texts, ["line 1\nline 2\n\nline 3", "content", "content ap"]);
    }

    #[test]
    fn a_table_is_its_cells_tab_separated_one_line_per_row() {
        let mut table = prescription(1, "AM", "Article 1", "1");
        table.is_table = true;
        table.content = r#"{"rows":[{"cells":[{"content":{"text":"A"}},{"content":{"text":"B"}}]},{"cells":[{"content":{"text":"C"}},{"content":{"text":"D"}}]}]}"#.into();
        assert_eq!(prescription_text(&[&table]), "A\tB\nC\tD");
    }

    #[test]
    fn a_row_holds_the_models_columns_in_order() {
        let mut first = prescription(1, "AM - 09/04/19 - 2521 E", "Article 3", "3.0");
        first.name = Some("x".repeat(80));
        first.topic = "BRUIT_VIBRATIONS".into();
        first.status = Status::Conforme;
        let second = prescription(2, "AM - 09/04/19 - 2521 E", "Article 3", "3.1");
        assert_eq!(
            row("AM - 09/04/19 - 2521 E", &[&first, &second]),
            [
                text(&"x".repeat(70)),
                text("Arrêté Ministériel"),
                Value::Date(Date::new(2019, 4, 9).unwrap()),
                text("3"),
                text("Risques chroniques"),
                text(""),
                text("content 1\n\ncontent 2"),
                text("1. Conforme\n2. À vérifier"),
            ]
        );
    }

    #[test]
    fn an_ap_row_without_name_nor_date_has_empty_cells_there() {
        let mut ap = prescription(1, "AP", "Article 1er", "");
        ap.comment = "vu sur place".into();
        let values = row("AP", &[&ap]);
        assert_eq!(values[0], text(""));
        assert_eq!(values[1], text("Arrêté Préfectoral"));
        assert_eq!(values[2], Value::Empty);
        assert_eq!(values[3], text("1er"));
        assert_eq!(values[4], text(""));
        assert_eq!(values[7], text("À vérifier : vu sur place"));
    }

    #[test]
    fn names_are_cut_at_70_characters_not_bytes() {
        let mut named = prescription(1, "AM", "Article 1", "1");
        named.name = Some("é".repeat(71));
        assert_eq!(row("AM", &[&named])[0], text(&"é".repeat(70)));
    }

    #[test]
    fn every_mapped_topic_exists_and_maps_to_a_theme_of_the_gun_list() {
        let gun_list = ["Risques accidentels", "Risques chroniques"];
        for (code, theme) in GUN_THEMES {
            assert!(TOPICS.iter().any(|topic| topic.code == code), "{code}");
            assert!(gun_list.contains(&theme));
        }
        assert_eq!(gun_theme("AIR_ODEURS"), "Risques chroniques");
        assert_eq!(gun_theme("RISQUES"), "Risques accidentels");
        for unmapped in ["AUCUN", "DISPOSITIONS_GENERALES", "EXPLOITATION", "UNKNOWN"] {
            assert_eq!(gun_theme(unmapped), "");
        }
    }

    #[test]
    fn no_prescription_is_an_error() {
        let header = ExportHeader {
            installation_name: "X",
            s3ic_id: Some("0065.06351"),
            date: Date::new(2021, 4, 27).unwrap(),
        };
        assert!(matches!(
            gun(&[], &header),
            Err(ExportError::NoPrescription)
        ));
    }
}
