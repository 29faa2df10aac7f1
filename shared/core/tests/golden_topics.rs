//! Topics by section, against golden/topics/<cid>.json.
mod common;

use envinorma_core::topics_by_section;
use serde_json::Value;

#[test]
fn topics_by_section_match_the_original_for_every_am() {
    let files = common::json_files("golden/topics");
    let mut mismatches = Vec::new();
    for (name, content) in &files {
        let expected: serde_json::Map<String, Value> = serde_json::from_slice(content).unwrap();
        let am = common::am(name.trim_end_matches(".json"));
        let got = topics_by_section(am);
        if got.len() != expected.len() {
            mismatches.push(format!(
                "{}: {} sections, expected {}",
                am.id,
                got.len(),
                expected.len()
            ));
        }
        for (section, topics) in &expected {
            let got_topics = got.get(section.as_str()).map(|t| Value::from(t.clone()));
            if got_topics.as_ref() != Some(topics) {
                mismatches.push(format!(
                    "{} section {section}: got {got_topics:?}, expected {topics}",
                    am.id
                ));
            }
        }
    }
    common::assert_no_mismatch("topics", files.len(), &mismatches);
}
