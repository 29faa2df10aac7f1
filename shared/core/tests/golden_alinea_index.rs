//! The alinéa index of every AM: one row per outer alinéa, ranks = index paths, and the topic
//! of each topic-bearing section equal to golden/topics.
mod common;

use envinorma_core::alinea_index::alinea_index;
use serde_json::Value;

#[test]
fn every_outer_alinea_is_indexed_with_its_rank_and_topic() {
    let mut mismatches = Vec::new();
    let mut checked = 0;
    for am in common::catalog().ams() {
        let rows = alinea_index(am);
        let expected_count: usize = am.all_sections().map(|(_, s)| s.outer_alineas.len()).sum();
        if rows.len() != expected_count {
            mismatches.push(format!(
                "{}: {} rows, expected {expected_count}",
                am.id,
                rows.len()
            ));
        }
        let golden: serde_json::Map<String, Value> =
            serde_json::from_slice(&common::read(&format!("golden/topics/{}.json", am.id)))
                .unwrap();
        for row in &rows {
            checked += 1;
            let section = am
                .all_sections()
                .find(|(_, s)| s.id == row.section_id)
                .map(|(_, s)| s)
                .unwrap();
            let path: Vec<usize> = row
                .section_rank
                .split('.')
                .map(|p| p.parse().unwrap())
                .collect();
            let mut at = &am.sections[path[0]];
            for &i in &path[1..] {
                at = &at.sections[i];
            }
            if at.id != row.section_id {
                mismatches.push(format!(
                    "{} section {}: rank {} points to {}",
                    am.id, row.section_id, row.section_rank, at.id
                ));
            }
            if section.topic().is_some() && golden[row.section_id] != Value::from(vec![row.topic]) {
                mismatches.push(format!(
                    "{} section {}: topic {}, golden {}",
                    am.id, row.section_id, row.topic, golden[row.section_id]
                ));
            }
            if row.is_table
                != section.outer_alineas[row.index_in_section]
                    .table()
                    .is_some()
            {
                mismatches.push(format!(
                    "{} section {} alinea {}: is_table wrong",
                    am.id, row.section_id, row.index_in_section
                ));
            }
        }
    }
    common::assert_no_mismatch("alinea index rows", checked, &mismatches);
}
