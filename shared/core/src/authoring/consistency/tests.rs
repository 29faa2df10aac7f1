use super::*;
use serde_json::{Value, json};

fn date(kind: &str, target: &str) -> Value {
    json!({"type": kind, "parameter": {"id": "date-d-installation", "type": "DATE"}, "target": target, "strict": kind == "LITTLER"})
}

fn date_range(left: &str, right: &str) -> Value {
    json!({"type": "RANGE", "parameter": {"id": "date-d-installation", "type": "DATE"},
        "left": left, "right": right, "left_strict": false, "right_strict": true})
}

fn equal(id: &str, kind: &str, target: Value) -> Value {
    json!({"type": "EQUAL", "parameter": {"id": id, "type": kind}, "target": target})
}

fn quantity(kind: &str, target: f64) -> Value {
    json!({"type": kind, "parameter": {"id": "quantite-rubrique", "type": "REAL_NUMBER"}, "target": target, "strict": false})
}

/// A parametrization with these inapplicabilities on `s1`, then these alternatives on `s1`.
fn on_one_section(inapplicable: &[Value], alternative: &[Value]) -> Parametrization {
    let new_text = json!({"id": "n", "title": {"text": "Nouveau"}, "outer_alineas": []});
    let inapplicable: Vec<Value> = inapplicable
        .iter()
        .enumerate()
        .map(|(n, c)| json!({"id": format!("i{n}"), "section_id": "s1", "alineas": null, "condition": c}))
        .collect();
    let alternative: Vec<Value> = alternative
        .iter()
        .enumerate()
        .map(|(n, c)| json!({"id": format!("a{n}"), "section_id": "s1", "new_text": new_text, "condition": c}))
        .collect();
    serde_json::from_value(
        json!({"inapplicable_sections": inapplicable, "alternative_sections": alternative}),
    )
    .unwrap()
}

fn message(parametrization: &Parametrization) -> String {
    parametrization.check_consistency().unwrap_err().to_string()
}

/// Whether these inapplicabilities and alternatives on one section are consistent.
fn consistent(inapplicable: &[Value], alternative: &[Value]) -> bool {
    on_one_section(inapplicable, alternative)
        .check_consistency()
        .is_ok()
}

const INTRO: &str = "Erreur: la section visée est déjà visée par au moins une autre condition. \
    Celle-ci est incompatible avec celle(s) déjà définie(s) :\nSection s1 : ";

#[test]
fn date_intervals_that_only_touch_are_consistent() {
    assert!(consistent(
        &[
            date("LITTLER", "2010-01-01"),
            date("GREATER", "2020-01-01"),
            equal("date-d-installation", "DATE", json!("2020-01-01")),
        ],
        &[date_range("2010-01-01", "2020-01-01")],
    ));
}

#[test]
fn overlapping_date_intervals_name_both_conditions_and_their_elements() {
    let parametrization = on_one_section(
        &[date("LITTLER", "2015-01-01")],
        &[date_range("2010-01-01", "2020-01-01")],
    );
    assert_eq!(
        message(&parametrization),
        format!(
            "{INTRO}la condition « date-d-installation < 2015-01-01 » de l’inapplicabilité i0 et \
             la condition « 2010-01-01 <= date-d-installation < 2020-01-01 » de la section \
             alternative a0 peuvent être remplies en même temps."
        )
    );
}

#[test]
fn intervals_inside_an_or_are_checked_leaf_by_leaf() {
    let or = json!({"type": "OR", "conditions": [date("LITTLER", "2010-01-01"), date("GREATER", "2020-01-01")]});
    assert!(consistent(
        &[or.clone(), date_range("2010-01-01", "2020-01-01")],
        &[]
    ));
    let clashing = on_one_section(&[or, date("GREATER", "2019-01-01")], &[]);
    assert_eq!(
        message(&clashing),
        format!(
            "{INTRO}la condition « date-d-installation >= 2019-01-01 » de l’inapplicabilité i1 et \
             la condition « date-d-installation >= 2020-01-01 » de l’inapplicabilité i0 peuvent \
             être remplies en même temps."
        )
    );
}

#[test]
fn quantity_thresholds_are_compared_as_numbers() {
    assert!(consistent(
        &[quantity("LITTLER", 9.5), quantity("GREATER", 10.0)],
        &[]
    ));
    let clashing = on_one_section(
        &[quantity("LITTLER", 100.0), quantity("GREATER", 10.0)],
        &[],
    );
    assert_eq!(
        message(&clashing),
        format!(
            "{INTRO}la condition « quantite-rubrique <= 100.0 » de l’inapplicabilité i0 et la \
             condition « quantite-rubrique >= 10.0 » de l’inapplicabilité i1 peuvent être \
             remplies en même temps."
        )
    );
}

#[test]
fn regime_conditions_must_be_equalities_with_distinct_values() {
    let regime = |target: &str| equal("regime", "REGIME", json!(target));
    assert!(consistent(&[regime("A")], &[regime("E")]));
    assert_eq!(
        message(&on_one_section(&[regime("A")], &[regime("A")])),
        format!(
            "{INTRO}la condition « regime == A » de l’inapplicabilité i0 et la condition \
             « regime == A » de la section alternative a0 visent la même valeur."
        )
    );
    let below = json!({"type": "LITTLER", "parameter": {"id": "rubrique", "type": "RUBRIQUE"}, "target": "2000", "strict": true});
    assert_eq!(
        message(&on_one_section(&[below], &[])),
        format!(
            "{INTRO}la condition « rubrique < 2000 » de l’inapplicabilité i0 n’est pas une \
             égalité ; sur ce paramètre, seules des conditions « = » de valeurs distinctes sont \
             admises."
        )
    );
}

#[test]
fn sections_whose_conditions_read_two_parameters_are_not_checked() {
    assert!(consistent(
        &[
            date("LITTLER", "2015-01-01"),
            equal("regime", "REGIME", json!("A")),
        ],
        &[date("LITTLER", "2016-01-01")],
    ));
}

#[test]
fn conditions_on_different_sections_never_clash() {
    let mut parametrization = on_one_section(&[date("LITTLER", "2015-01-01")], &[]);
    let mut other = parametrization.inapplicable_sections[0].clone();
    other.section_id = "s2".into();
    parametrization.inapplicable_sections.push(other);
    assert_eq!(parametrization.check_consistency(), Ok(()));
}

#[test]
fn a_section_whose_only_condition_is_empty_is_refused() {
    let parametrization = on_one_section(&[json!({"type": "AND", "conditions": []})], &[]);
    assert_eq!(
        message(&parametrization),
        format!(
            "{INTRO}la condition « () » de l’inapplicabilité i0 ne porte sur aucun paramètre (un \
             ET ou un OU vide)."
        )
    );
}

#[test]
fn a_date_that_does_not_exist_is_reported() {
    let parametrization = on_one_section(&[date("LITTLER", "2015-02-30")], &[]);
    assert_eq!(
        message(&parametrization),
        format!(
            "{INTRO}la condition « date-d-installation < 2015-02-30 » de l’inapplicabilité i0 a \
             une valeur illisible pour un paramètre de type DATE."
        )
    );
}

#[test]
fn the_first_clashing_section_in_document_order_is_reported() {
    let mut parametrization = on_one_section(
        &[
            date("LITTLER", "2015-01-01"),
            date("LITTLER", "2016-01-01"),
            date("LITTLER", "2017-01-01"),
            date("LITTLER", "2018-01-01"),
            date("LITTLER", "2019-01-01"),
        ],
        &[],
    );
    let sections = ["ok", "s3", "s2", "s3", "s2"];
    for (element, section) in parametrization
        .inapplicable_sections
        .iter_mut()
        .zip(sections)
    {
        element.section_id = section.into();
    }
    let error = parametrization.check_consistency().unwrap_err();
    assert_eq!(error.section_id, "s3");
    assert!(matches!(*error.clash, Clash::Overlap { .. }));
}
