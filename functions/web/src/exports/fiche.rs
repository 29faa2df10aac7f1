//! The "fiche d'inspection": one table row per article, to fill in during the inspection.

use super::{Content, ExportError, ExportHeader, content, findings, row_reference};
use crate::recap::{self, TextGroup};
use envinorma_db::prescriptions::Prescription;
use envinorma_odf::{Block, Cell, Row, Style, Table, TextDocument};

/// The column headers of the original's templates (with their typographic apostrophes).
const COLUMNS: [&str; 3] = [
    "Références réglementaires",
    "Éléments / justifications apportés par l’exploitant",
    "Constats de l’Inspection",
];

/// The `.odt` fiche: a title naming the installation and the date, then one table of the
/// prescriptions, or one titled table per topic when `by_topic`.
pub fn fiche(
    prescriptions: &[Prescription],
    by_topic: bool,
    header: &ExportHeader,
) -> Result<Vec<u8>, ExportError> {
    if prescriptions.is_empty() {
        return Err(ExportError::NoPrescription);
    }
    let mut document = TextDocument::new();
    document.push(&Block::Paragraph(Style::Title, "Fiche d'inspection".into()));
    document.push(&Block::Paragraph(
        Style::Subtitle,
        match header.s3ic_id {
            Some(s3ic_id) => format!("{} – S3IC {s3ic_id}", header.installation_name),
            None => header.installation_name.to_string(),
        },
    ));
    document.push(&Block::Paragraph(
        Style::Subtitle,
        format!("Fiche éditée le {}", header.date.french()),
    ));
    for group in recap::group(prescriptions, by_topic) {
        if let Some(label) = group.label() {
            document.push(&Block::Paragraph(Style::Heading, label));
        }
        document.push(&Block::Table(prescriptions_table(&group.texts)));
    }
    let title = format!("Fiche d'inspection – {}", header.installation_name);
    Ok(document.finish(&title)?)
}

/// The original's layout: the reference and the contents in the first column, the other two
/// left for the inspection. Ours also fills "Constats de l’Inspection" with the status and
/// comment the inspector recorded for each prescription, so the fiche carries what was found.
fn prescriptions_table(texts: &[TextGroup]) -> Table {
    let header = Row {
        header: true,
        cells: COLUMNS
            .iter()
            .map(|label| Cell::text(Style::CellHeading, *label))
            .collect(),
    };
    let rows = texts.iter().flat_map(|text| {
        text.references.iter().map(|reference| {
            let mut references = vec![Block::Paragraph(
                Style::CellHeading,
                row_reference(text.text_reference, &reference.full_reference),
            )];
            references.extend(contents(&reference.prescriptions));
            let constats = findings(&reference.prescriptions)
                .into_iter()
                .map(|line| Block::Paragraph(Style::Cell, line))
                .collect();
            Row {
                header: false,
                cells: vec![
                    Cell::new(references),
                    Cell::new(Vec::new()),
                    Cell::new(constats),
                ],
            }
        })
    });
    Table {
        column_widths: vec![2, 1, 1],
        rows: std::iter::once(header).chain(rows).collect(),
    }
}

/// The contents of a row, a blank line between two; a table stays a table.
fn contents(prescriptions: &[&Prescription]) -> Vec<Block> {
    let mut blocks = Vec::new();
    for (i, prescription) in prescriptions.iter().enumerate() {
        if i > 0 {
            blocks.push(Block::Paragraph(Style::Cell, String::new()));
        }
        blocks.push(match content(prescription) {
            Content::Text(text) => Block::Paragraph(Style::Cell, text.to_string()),
            Content::Table(table) => Block::Table(odf_table(&table)),
        });
    }
    blocks
}

/// An AM table as an ODF table, header rows in bold, spans kept.
fn odf_table(table: &envinorma_core::Table) -> Table {
    Table {
        column_widths: Vec::new(),
        rows: table
            .rows
            .iter()
            .map(|row| Row {
                header: row.is_header,
                cells: row
                    .cells
                    .iter()
                    .map(|cell| {
                        let style = if row.is_header {
                            Style::CellHeading
                        } else {
                            Style::Cell
                        };
                        Cell {
                            colspan: cell.colspan(),
                            rowspan: cell.rowspan(),
                            ..Cell::text(style, cell.content.text.clone())
                        }
                    })
                    .collect(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recap::tests::prescription;
    use envinorma_core::Date;

    fn header() -> ExportHeader<'static> {
        ExportHeader {
            installation_name: "EVA INDUSTRIES",
            s3ic_id: Some("0065.06351"),
            date: Date::new(2021, 4, 27).unwrap(),
        }
    }

    fn table_prescription(id: i64) -> Prescription {
        let mut table = prescription(id, "AM - 09/04/19 - 2521 E", "Article 5", "5.0");
        table.is_table = true;
        table.content = r#"{"rows":[{"cells":[{"content":{"text":"A"},"colspan":2,"rowspan":1}],"is_header":true},{"cells":[{"content":{"text":"C"},"colspan":1,"rowspan":1},{"content":{"text":"D"},"colspan":1,"rowspan":1}],"is_header":false}]}"#.into();
        table
    }

    #[test]
    fn no_prescription_is_an_error_with_a_message_for_the_user() {
        let error = fiche(&[], false, &header()).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("Aucune prescription sélectionnée")
        );
    }

    #[test]
    fn one_row_per_reference_with_its_contents_separated_by_a_blank_line() {
        let prescriptions = [
            prescription(1, "AM - 09/04/19 - 2521 E", "Article 2", "2.0"),
            prescription(2, "AM - 09/04/19 - 2521 E", "Article 2", "2.1"),
            prescription(3, "AP - 27/04/21", "Article 3", ""),
        ];
        let groups = recap::group(&prescriptions, false);
        let table = prescriptions_table(&groups[0].texts);
        assert_eq!(table.rows.len(), 3);
        assert_eq!(
            table.rows[1].cells[0].blocks,
            [
                Block::Paragraph(
                    Style::CellHeading,
                    "AM - 09/04/19 - 2521 E - Article 2".into()
                ),
                Block::Paragraph(Style::Cell, "content 1".into()),
                Block::Paragraph(Style::Cell, String::new()),
                Block::Paragraph(Style::Cell, "content 2".into()),
            ]
        );
        assert!(table.rows[1].cells[1].blocks.is_empty());
        assert_eq!(
            table.rows[2].cells[2].blocks,
            [Block::Paragraph(Style::Cell, "À vérifier".into())]
        );
    }

    #[test]
    fn a_table_prescription_becomes_a_table_with_its_spans_and_header() {
        let prescriptions = [table_prescription(1)];
        let groups = recap::group(&prescriptions, false);
        let table = prescriptions_table(&groups[0].texts);
        let Block::Table(inner) = &table.rows[1].cells[0].blocks[1] else {
            panic!("expected a nested table");
        };
        assert!(inner.rows[0].header);
        assert_eq!(
            (
                inner.rows[0].cells[0].colspan,
                inner.rows[0].cells[0].rowspan
            ),
            (2, 1)
        );
        assert_eq!(inner.rows[1].cells.len(), 2);
    }

    #[test]
    fn the_document_is_a_text_package() {
        let bytes = fiche(&[table_prescription(1)], true, &header()).unwrap();
        assert!(bytes[30..].starts_with(b"mimetypeapplication/vnd.oasis.opendocument.text"));
    }
}
