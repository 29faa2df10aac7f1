//! The structure editor on real AMs and on small made-up ones: an unchanged text saves as it
//! was, and an edit keeps the ids of the sections it continues and lists what it loses.
mod common;

use envinorma_core::authoring::structure::{Change, DiffLine, apply_edit, diff_lines, to_lines};
use envinorma_core::authoring::{Parametrization, is_element_id, split};
use envinorma_core::{ArreteMinisteriel, parse_am_files};
use serde_json::{Value, json};

#[test]
fn every_real_am_saved_without_change_keeps_its_sections_ids_and_topics_and_loses_nothing() {
    let (ams, _truncated) = parse_am_files(common::json_files("data/ams"));
    let mut mismatches = Vec::new();
    for am in &ams {
        let docs = split(am).unwrap_or_else(|e| panic!("{e}"));
        let lines = to_lines(&docs.text).join("\n");
        let edit = match apply_edit(&docs.text, &docs.parametrization, &lines) {
            Ok(edit) => edit,
            Err(errors) => {
                mismatches.push(format!("{}: {errors:?}", am.id));
                continue;
            }
        };
        if !edit.orphans.is_empty() {
            mismatches.push(format!("{}: orphans {:?}", am.id, edit.orphans));
        }
        if !edit.diff.is_unchanged() || !edit.diff.minimal {
            let first = edit.diff.lines.iter().find(|l| l.change != Change::Same);
            mismatches.push(format!("{}: the diff shows changes {first:?}", am.id));
        }
        if edit.text != docs.text {
            mismatches.push(format!("{}: the saved text differs", am.id));
        }
    }
    common::assert_no_mismatch("unchanged edit", ams.len(), &mismatches);
}

/// A text in the back-office's form, its sections given as (title, alinéas, subsections).
fn text(sections: Value) -> ArreteMinisteriel {
    serde_json::from_value(json!({"id": "JORFTEXT000000000001",
        "title": {"text": "Arrêté du 01/01/20 relatif aux essais"}, "sections": sections}))
    .unwrap()
}

fn section(id: &str, title: &str, topic: Option<&str>, sections: Value) -> Value {
    json!({"id": id, "title": {"text": title}, "outer_alineas": [{"text": format!("Texte de {title}.")}],
        "sections": sections, "annotations": {"topic": topic}})
}

/// Two annexes with an "Article 1" each, and a unique "Article 2".
fn annexes() -> ArreteMinisteriel {
    text(json!([
        section(
            "a00000000001",
            "Annexe I",
            None,
            json!([
                section("a00000000011", "Article 1", Some("EAU"), json!([])),
                section("a00000000012", "Article 2", None, json!([]))
            ])
        ),
        section(
            "a00000000002",
            "Annexe II",
            None,
            json!([section(
                "a00000000021",
                "Article 1",
                Some("BRUIT_VIBRATIONS"),
                json!([])
            )])
        )
    ]))
}

/// (id, title) of every section in reading order.
fn ids(text: &ArreteMinisteriel) -> Vec<(String, String)> {
    text.all_sections()
        .map(|(_, s)| (s.id.clone(), s.title.text.clone()))
        .collect()
}

fn edited(text: &ArreteMinisteriel, edit: impl Fn(&mut Vec<String>)) -> String {
    let mut lines = to_lines(text);
    edit(&mut lines);
    lines.join("\n")
}

fn id_of<'a>(kept: &'a [(String, String)], title: &str) -> &'a str {
    &kept.iter().find(|(_, t)| t == title).unwrap().0
}

#[test]
fn a_unique_title_keeps_its_id_when_its_section_moves_and_its_text_changes() {
    let stored = annexes();
    let lines = edited(&stored, |lines| {
        let article_2: Vec<String> = lines.drain(4..6).collect();
        lines.extend(article_2);
        let last = lines.len() - 1;
        lines[last] = "Nouveau texte.".into();
    });
    let edit = apply_edit(&stored, &Parametrization::default(), &lines).unwrap();
    let moved = &edit.text.sections[1].sections[1];
    assert_eq!(
        (moved.id.as_str(), moved.title.text.as_str()),
        ("a00000000012", "Article 2")
    );
    assert_eq!(moved.outer_alineas[0].text, "Nouveau texte.");
    assert!(edit.orphans.is_empty());
}

#[test]
fn duplicate_titles_keep_their_ids_by_their_parents_title() {
    let stored = annexes();
    let lines = edited(&stored, |lines| lines.insert(0, "# Préambule".into()));
    let edit = apply_edit(&stored, &Parametrization::default(), &lines).unwrap();
    let kept = ids(&edit.text);
    assert_eq!(kept[1..], ids(&stored)[..]);
    let topics: Vec<Option<&str>> = edit.text.all_sections().map(|(_, s)| s.topic()).collect();
    assert_eq!(
        topics[1..],
        [None, Some("EAU"), None, None, Some("BRUIT_VIBRATIONS")]
    );
    assert!(is_element_id(&kept[0].0));
    assert!(ids(&stored).iter().all(|(id, _)| *id != kept[0].0));
}

#[test]
fn renaming_a_unique_title_loses_its_id_unless_its_parent_and_title_pair_still_match() {
    let stored = annexes();
    let lines = edited(&stored, |lines| {
        lines[4] = "## Article 2 bis".into();
        lines[6] = "# Annexe III".into();
    });
    let edit = apply_edit(&stored, &Parametrization::default(), &lines).unwrap();
    let kept = ids(&edit.text);
    // "Article 2" and "Annexe II" are gone; the second "Article 1" now sits under a renamed
    // annexe, so neither its title nor its (parent, title) pair is unique in both versions.
    assert_eq!(id_of(&kept, "Annexe I"), "a00000000001");
    assert_eq!(kept[1].0, "a00000000011");
    let lost: Vec<&str> = edit
        .orphans
        .sections
        .iter()
        .map(|o| o.section_id.as_str())
        .collect();
    assert_eq!(lost, ["a00000000012", "a00000000002", "a00000000021"]);
    let stored_ids = ids(&stored);
    for fresh in ["Article 2 bis", "Annexe III"] {
        let id = id_of(&kept, fresh);
        assert!(
            is_element_id(id) && stored_ids.iter().all(|(old, _)| old != id),
            "{id}"
        );
    }
    assert_eq!(
        edit.text.orphan_titles.unwrap()["a00000000021"],
        ["Annexe II", "Article 1"]
    );
}

#[test]
fn a_deleted_section_is_an_orphan_with_its_topic_and_the_elements_that_target_it() {
    let mut stored = annexes();
    stored.orphan_titles = Some([("b00000000001".to_string(), vec!["Ancien".to_string()])].into());
    let parametrization: Parametrization = serde_json::from_value(json!({
        "inapplicable_sections": [
            {"id": "e00000000001", "section_id": "a00000000021", "alineas": null,
             "condition": {"type": "EQUAL", "parameter": {"id": "regime", "type": "REGIME"}, "target": "A"}},
            {"id": "e00000000002", "section_id": "a00000000011", "alineas": null,
             "condition": {"type": "EQUAL", "parameter": {"id": "regime", "type": "REGIME"}, "target": "E"}}],
        "warnings": [{"id": "e00000000003", "section_id": "a00000000021", "text": "Attention."}]}))
    .unwrap();
    let lines = edited(&stored, |lines| {
        lines.truncate(6);
    });
    let edit = apply_edit(&stored, &parametrization, &lines).unwrap();
    let [annexe, article] = &edit.orphans.sections[..] else {
        panic!("{:?}", edit.orphans)
    };
    assert_eq!(annexe.titles, ["Annexe II"]);
    assert_eq!(annexe.parametrization, Parametrization::default());
    assert_eq!(article.titles, ["Annexe II", "Article 1"]);
    assert_eq!(article.topic.as_deref(), Some("BRUIT_VIBRATIONS"));
    let targeting: Vec<&str> = article
        .parametrization
        .inapplicable_sections
        .iter()
        .map(|e| e.id.as_str())
        .chain(
            article
                .parametrization
                .warnings
                .iter()
                .map(|e| e.id.as_str()),
        )
        .collect();
    assert_eq!(targeting, ["e00000000001", "e00000000003"]);
    let orphan_titles = edit.text.orphan_titles.unwrap();
    assert_eq!(
        orphan_titles.keys().collect::<Vec<_>>(),
        ["a00000000002", "a00000000021", "b00000000001"]
    );
}

#[test]
fn repeated_title_paths_keep_their_ids_in_order_until_one_is_added() {
    let annexe = |n: &str| {
        section(
            &format!("c0000000000{n}"),
            "Annexe",
            None,
            json!([section(
                &format!("c000000000{n}1"),
                "Article 1",
                None,
                json!([])
            )]),
        )
    };
    let stored = text(json!([annexe("1"), annexe("2")]));
    let unchanged = to_lines(&stored).join("\n");
    let edit = apply_edit(&stored, &Parametrization::default(), &unchanged).unwrap();
    assert_eq!(ids(&edit.text), ids(&stored));
    let one_more = format!("{unchanged}\n# Annexe");
    let edit = apply_edit(&stored, &Parametrization::default(), &one_more).unwrap();
    let lost: Vec<&str> = edit
        .orphans
        .sections
        .iter()
        .map(|o| o.section_id.as_str())
        .collect();
    assert_eq!(lost, ["c00000000001", "c00000000002"]);
}

#[test]
fn the_same_edit_gives_the_same_fresh_ids() {
    let stored = annexes();
    let lines = edited(&stored, |lines| lines.push("# Annexe III".into()));
    let first = apply_edit(&stored, &Parametrization::default(), &lines).unwrap();
    let again = apply_edit(&stored, &Parametrization::default(), &lines).unwrap();
    assert_eq!(ids(&first.text), ids(&again.text));
}

#[test]
fn an_edit_that_cannot_be_read_gives_every_error_in_french() {
    let errors = apply_edit(
        &annexes(),
        &Parametrization::default(),
        "Préambule\n# A\n### B",
    )
    .unwrap_err();
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "Ligne 1 : ce texte précède le premier titre ; le texte doit commencer par un titre, sur une ligne commençant par « # ».",
            "Ligne 3 : ce titre de niveau 3 suit un titre de niveau 1 ; un titre ne peut descendre que d’un niveau à la fois."
        ]
    );
}

#[test]
fn the_diff_of_an_edit_lists_kept_removed_and_added_lines_in_reading_order() {
    let lines = |text: &str| -> Vec<String> { text.split('|').map(String::from).collect() };
    let diff = diff_lines(
        &lines("# Article 1|Un.|Deux.|# Article 2|Trois."),
        &lines("# Article 1|Un bis.|Deux.|# Article 2|Trois.|Quatre."),
    );
    let line = |change, line: &str| DiffLine {
        change,
        line: line.to_string(),
    };
    assert_eq!(
        diff.lines,
        [
            line(Change::Same, "# Article 1"),
            line(Change::Removed, "Un."),
            line(Change::Added, "Un bis."),
            line(Change::Same, "Deux."),
            line(Change::Same, "# Article 2"),
            line(Change::Same, "Trois."),
            line(Change::Added, "Quatre."),
        ]
    );
    assert!(diff.minimal);
}
