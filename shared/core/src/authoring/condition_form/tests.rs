//! The original's cases (test_condition_form, test_parametrization_edition, test_form_handling)
//! and properties of the form: what it builds survives JSON and a round trip through the rows.

use super::*;
use crate::condition::Condition;
use crate::parameters::Parameters;
use serde_json::json;

fn row(variable: Variable, operator: Operator, value: &str) -> Row {
    Row {
        variable,
        operator,
        value: value.to_owned(),
    }
}

fn condition(value: serde_json::Value) -> Condition {
    serde_json::from_value(value).unwrap()
}

fn parameter(variable: Variable) -> serde_json::Value {
    json!({"id": variable.id(), "type": variable.kind()})
}

fn range(left: &str, right: &str, left_strict: bool, right_strict: bool) -> Condition {
    condition(
        json!({"type": "RANGE", "parameter": parameter(Variable::DateAutorisation),
        "left": left, "right": right, "left_strict": left_strict, "right_strict": right_strict}),
    )
}

/// The short form of the rows joined by ET.
fn and_str(rows: &[Row]) -> String {
    build(rows, Merge::And).unwrap().to_str()
}

fn message(rows: &[Row], merge: Merge) -> String {
    build(rows, merge).unwrap_err().to_string()
}

use Operator::{Equal as Eq, Greater as Gt, GreaterOrEqual as Ge, Less as Lt, LessOrEqual as Le};
use Variable::{DateAutorisation as Autorisation, DateDeclaration as Declaration};

#[test]
fn one_equality_on_the_declaration_date_is_stored_with_an_iso_target() {
    let rows = [Row::parse(1, "Date de déclaration", "=", "01/01/2020").unwrap()];
    assert_eq!(
        serde_json::to_value(build(&rows, Merge::parse("and").unwrap()).unwrap()).unwrap(),
        json!({"type": "EQUAL", "parameter": {"id": "date-d-declaration", "type": "DATE"}, "target": "2020-01-01"})
    );
}

#[test]
fn a_lower_and_an_upper_bound_on_one_date_make_a_range_closed_on_the_left() {
    let rows = [
        row(Declaration, Ge, "01/01/2020"),
        row(Declaration, Lt, "31/01/2020"),
    ];
    assert_eq!(
        serde_json::to_value(build(&rows, Merge::And).unwrap()).unwrap(),
        json!({"type": "RANGE", "parameter": {"id": "date-d-declaration", "type": "DATE"},
            "left": "2020-01-01", "right": "2020-01-31", "left_strict": false, "right_strict": true})
    );
}

#[test]
fn an_equality_on_a_date_and_one_on_the_regime_make_an_and() {
    let rows = [
        row(Declaration, Eq, "01/01/2020"),
        row(Variable::Regime, Eq, "A"),
    ];
    assert_eq!(
        build(&rows, Merge::And).unwrap(),
        condition(json!({"type": "AND", "conditions": [
            {"type": "EQUAL", "parameter": parameter(Declaration), "target": "2020-01-01"},
            {"type": "EQUAL", "parameter": parameter(Variable::Regime), "target": "A"}]}))
    );
}

#[test]
fn a_form_without_rows_is_refused() {
    for merge in [Merge::And, Merge::Or] {
        assert_eq!(
            message(&[], merge),
            "Au moins une condition est nécessaire : ajoutez une ligne au formulaire."
        );
    }
}

#[test]
fn a_lower_and_an_upper_bound_make_a_range_whatever_their_order_keeping_their_strictness() {
    let cases = [
        ((Lt, Ge), (false, true)),
        ((Ge, Lt), (false, true)),
        ((Le, Gt), (true, false)),
    ];
    for ((first, second), (left_strict, right_strict)) in cases {
        let value = |operator| match operator {
            Lt | Le => "01/01/2020",
            _ => "01/01/2010",
        };
        let rows = [
            row(Autorisation, first, value(first)),
            row(Autorisation, second, value(second)),
        ];
        assert_eq!(
            build(&rows, Merge::And).unwrap(),
            range("2010-01-01", "2020-01-01", left_strict, right_strict)
        );
    }
}

#[test]
fn two_lower_or_two_upper_bounds_on_one_date_are_redundant() {
    let lower = [
        row(Autorisation, Ge, "01/01/2010"),
        row(Autorisation, Ge, "01/01/2020"),
    ];
    let upper = [
        row(Variable::Regime, Eq, "E"),
        row(Autorisation, Lt, "01/01/2010"),
        row(Autorisation, Le, "01/01/2020"),
    ];
    let expected = |rows: &str, operators: &str| {
        format!(
            "Conditions {rows} : deux conditions {operators} sur « Date d'autorisation » reliées \
             par ET sont redondantes ; gardez-en une seule."
        )
    };
    assert_eq!(
        message(&lower, Merge::And),
        expected("n°1 et n°2", "« >= » (ou « > »)")
    );
    assert_eq!(
        message(&upper, Merge::And),
        expected("n°2 et n°3", "« < » (ou « <= »)")
    );
}

#[test]
fn a_bound_and_an_equality_on_one_date_are_refused() {
    let bound_and_equality = [Lt, Eq].map(|operator| row(Autorisation, operator, "01/01/2010"));
    assert_eq!(
        message(&bound_and_equality, Merge::And),
        "Conditions n°1 et n°2 : une condition « = » sur « Date d'autorisation » ne peut pas être \
         reliée par ET à une autre condition sur « Date d'autorisation » ; elles sont soit \
         redondantes, soit incompatibles."
    );
}

#[test]
fn bounds_that_meet_or_cross_leave_no_value_and_are_refused() {
    let expected = |variable: &str| {
        format!(
            "Conditions n°1 et n°2 : elles sont incompatibles, aucune valeur de « {variable} » ne \
             remplit les deux ; la valeur de la condition « >= » doit être strictement inférieure \
             à celle de la condition « < »."
        )
    };
    for (lower, upper) in [("01/01/2010", "01/01/2010"), ("01/01/2020", "01/01/2010")] {
        let rows = [row(Autorisation, Ge, lower), row(Autorisation, Lt, upper)];
        assert_eq!(message(&rows, Merge::And), expected("Date d'autorisation"));
    }
    for (lower, upper) in [("1", "1"), ("2", "1")] {
        let rows = [
            row(Variable::QuantiteRubrique, Ge, lower),
            row(Variable::QuantiteRubrique, Lt, upper),
        ];
        assert_eq!(
            message(&rows, Merge::And),
            expected("Quantité associée à la rubrique")
        );
    }
    let rows = [
        row(Variable::QuantiteRubrique, Ge, "1"),
        row(Variable::QuantiteRubrique, Lt, "2"),
    ];
    assert!(build(&rows, Merge::And).is_ok());
}

#[test]
fn a_range_stays_beside_the_rows_on_other_variables() {
    let rows = [
        row(Autorisation, Lt, "01/01/2020"),
        row(Autorisation, Ge, "01/01/2010"),
        row(Variable::Regime, Eq, "E"),
        row(Variable::QuantiteRubrique, Eq, "10"),
    ];
    assert_eq!(
        build(&rows, Merge::And).unwrap(),
        Condition::And {
            conditions: vec![
                range("2010-01-01", "2020-01-01", false, true),
                condition(
                    json!({"type": "EQUAL", "parameter": parameter(Variable::Regime), "target": "E"})
                ),
                condition(
                    json!({"type": "EQUAL", "parameter": parameter(Variable::QuantiteRubrique), "target": 10.0})
                ),
            ]
        }
    );
}

#[test]
fn two_rows_on_the_regime_are_refused_with_et_and_kept_with_ou() {
    let rows = [
        row(Variable::Regime, Eq, "A"),
        row(Variable::Regime, Eq, "A"),
    ];
    assert_eq!(
        message(&rows, Merge::And),
        "Conditions n°1 et n°2 : deux conditions sur « Régime » reliées par ET sont soit \
         redondantes, soit incompatibles ; gardez-en une seule, ou reliez-les par OU."
    );
    assert_eq!(
        build(&rows, Merge::Or).unwrap().to_str(),
        "(regime == A) or (regime == A)"
    );
}

#[test]
fn rows_joined_by_et_give_ranges_on_the_quantity_too_and_keep_three_bounds_as_typed() {
    let cases = [
        // A range on the quantity is made like one on a date.
        (
            vec![
                row(Variable::QuantiteRubrique, Lt, "20"),
                row(Variable::QuantiteRubrique, Ge, "10"),
                row(Variable::Regime, Eq, "D"),
            ],
            "(10.0 <= quantite-rubrique < 20.0) and (regime == D)",
        ),
        // Three rows on one date: the original left the ET as typed.
        (
            vec![row(Autorisation, Ge, "01/01/2010"); 3],
            "(date-d-autorisation >= 2010-01-01) and (date-d-autorisation >= 2010-01-01) and \
             (date-d-autorisation >= 2010-01-01)",
        ),
        // Values are trimmed and read leniently where no doubt is possible.
        (
            vec![
                row(Variable::QuantiteRubrique, Ge, " 12,5 "),
                row(Variable::Regime, Eq, "nc"),
                row(Variable::Alinea, Eq, " 2-b "),
                row(Variable::Rubrique, Eq, "2101"),
            ],
            "(quantite-rubrique >= 12.5) and (regime == NC) and (alinea == 2-b) and \
             (rubrique == 2101)",
        ),
    ];
    for (rows, expected) in cases {
        assert_eq!(and_str(&rows), expected);
    }
}

#[test]
fn one_row_gives_its_condition_whatever_the_merge() {
    let rows = [row(Autorisation, Ge, "01/01/2010")];
    let expected = condition(
        json!({"type": "GREATER", "parameter": parameter(Autorisation),
        "target": "2010-01-01", "strict": false}),
    );
    assert_eq!(build(&rows, Merge::And).unwrap(), expected);
    assert_eq!(build(&rows, Merge::Or).unwrap(), expected);
}

#[test]
fn each_value_is_read_as_its_variable_requires() {
    let cases = [
        (
            Declaration,
            "2020-01-01",
            "une date au format JJ/MM/AAAA (par exemple 31/12/2020)",
        ),
        (
            Declaration,
            "31/02/2020",
            "une date au format JJ/MM/AAAA (par exemple 31/12/2020)",
        ),
        (
            Declaration,
            "01/01/20",
            "une date au format JJ/MM/AAAA (par exemple 31/12/2020)",
        ),
        (Variable::Regime, "X", "un régime : A, E, D ou NC"),
        (Variable::Regime, "unknown", "un régime : A, E, D ou NC"),
        (
            Variable::Rubrique,
            "5000",
            "une rubrique de 4 chiffres commençant par 1, 2, 3 ou 4 (par exemple 2510)",
        ),
        (
            Variable::Rubrique,
            "25a0",
            "une rubrique de 4 chiffres commençant par 1, 2, 3 ou 4 (par exemple 2510)",
        ),
        (
            Variable::QuantiteRubrique,
            "dix",
            "un nombre (par exemple 50000 ou 12,5)",
        ),
        (
            Variable::QuantiteRubrique,
            "inf",
            "un nombre (par exemple 50000 ou 12,5)",
        ),
    ];
    for (variable, value, expected) in cases {
        let rows = [row(Variable::Regime, Eq, "A"), row(variable, Eq, value)];
        assert_eq!(
            message(&rows, Merge::Or),
            format!(
                "Condition n°2 : la valeur « {value} » ne convient pas pour « {} » ; attendu {expected}.",
                variable.label()
            )
        );
    }
}

#[test]
fn an_empty_value_is_refused_even_for_the_free_text_alinea() {
    let rows = [row(Variable::Alinea, Eq, "  ")];
    assert_eq!(
        message(&rows, Merge::And),
        "Condition n°1 : aucune valeur pour « Alinéa » ; attendu un alinéa écrit comme dans les \
         classements des installations (par exemple 2-b)."
    );
}

#[test]
fn posted_rows_name_what_is_unknown() {
    assert_eq!(
        Row::parse(3, "Surface", "=", "1").unwrap_err().to_string(),
        "Condition n°3 : la variable « Surface » est inconnue ; attendu l’une de : Régime, Date \
         d'autorisation, Date de déclaration, Date d'enregistrement, Date de mise en service, \
         Alinéa, Rubrique, Quantité associée à la rubrique."
    );
    assert_eq!(
        Row::parse(1, "regime", "!=", "A").unwrap_err().to_string(),
        "Condition n°1 : l’opérateur « != » est inconnu ; attendu <, <=, =, > ou >=."
    );
    assert_eq!(
        Merge::parse("xor").unwrap_err().to_string(),
        "L’opération « xor » est inconnue ; attendu ET ou OU."
    );
    assert_eq!(
        Row::parse(1, "date-d-installation", ">", "01/01/2020"),
        Ok(row(Variable::DateInstallation, Gt, "01/01/2020"))
    );
    assert_eq!(Merge::parse("OU"), Ok(Merge::Or));
}

#[test]
fn a_new_form_starts_with_the_commissioning_date_below_a_value() {
    assert_eq!(Row::default(), row(Variable::DateInstallation, Lt, ""));
    assert_eq!(OFFERED_OPERATORS.map(Operator::symbol), ["<", "=", ">="]);
}

#[test]
fn every_variable_maps_to_its_parameter_and_back() {
    for variable in Variable::ALL {
        assert_eq!(
            Variable::of_parameter(&variable.parameter()),
            Some(variable)
        );
        assert_eq!(Variable::parse(variable.label()), Some(variable));
    }
}

// test_parametrization_edition

fn rows(condition: &Condition) -> (Vec<(Variable, &'static str, String)>, Merge) {
    let (rows, merge) = rows_of(condition).unwrap();
    let rows = rows
        .into_iter()
        .map(|r| (r.variable, r.operator.symbol(), r.value))
        .collect();
    (rows, merge)
}

fn date_rows(rows: &[(&'static str, &str)]) -> Vec<(Variable, &'static str, String)> {
    rows.iter()
        .map(|(operator, value)| (Autorisation, *operator, value.to_string()))
        .collect()
}

#[test]
fn a_range_splits_back_into_its_upper_then_lower_bound_keeping_their_strictness() {
    let cases = [
        ((false, true), ["<", ">="]),
        ((true, true), ["<", ">"]),
        ((false, false), ["<=", ">="]),
        ((true, false), ["<=", ">"]),
    ];
    for ((left_strict, right_strict), [upper, lower]) in cases {
        let stored = range("2010-01-01", "2020-01-01", left_strict, right_strict);
        assert_eq!(
            rows(&stored),
            (
                date_rows(&[(upper, "01/01/2020"), (lower, "01/01/2010")]),
                Merge::And
            )
        );
        let (split, merge) = rows_of(&stored).unwrap();
        assert_eq!(build(&split, merge).unwrap(), stored);
    }
}

#[test]
fn single_bounds_split_into_one_row_with_their_strictness() {
    let littler = condition(
        json!({"type":"LITTLER","parameter":{"type":"DATE","id":"date-d-installation"},"target":"2020-01-01","strict":false}),
    );
    assert!(matches!(
        littler,
        Condition::Littler {
            strict: Some(false),
            ..
        }
    ));
    let (split, merge) = rows_of(&littler).unwrap();
    assert_eq!(
        (split, merge),
        (
            vec![row(Variable::DateInstallation, Le, "01/01/2020")],
            Merge::And
        )
    );
    let greater = condition(
        json!({"type": "GREATER", "parameter": parameter(Autorisation),
        "target": "2010-01-01", "strict": false}),
    );
    assert_eq!(
        rows(&greater),
        (date_rows(&[(">=", "01/01/2010")]), Merge::And)
    );
}

#[test]
fn an_or_of_single_bounds_and_equalities_splits_into_ou_rows() {
    let or = condition(json!({"type": "OR", "conditions": [
        {"type": "GREATER", "parameter": parameter(Autorisation), "target": "2010-01-01", "strict": false},
        {"type": "EQUAL", "parameter": parameter(Variable::Regime), "target": "A"}]}));
    assert_eq!(
        rows(&or),
        (
            vec![
                (Autorisation, ">=", "01/01/2010".to_string()),
                (Variable::Regime, "=", "A".to_string())
            ],
            Merge::Or
        )
    );
}

/// The 2010s of the authorisation date, as the form makes ranges.
fn decade() -> Condition {
    range("2010-01-01", "2020-01-01", false, true)
}

fn regime_a() -> Condition {
    condition(json!({"type": "EQUAL", "parameter": parameter(Variable::Regime), "target": "A"}))
}

#[test]
fn an_and_holding_a_range_splits_the_range_among_the_other_rows() {
    let and = Condition::And {
        conditions: vec![
            decade(),
            regime_a(),
            condition(
                json!({"type": "GREATER", "parameter": parameter(Variable::QuantiteRubrique), "target": 50000.0, "strict": false}),
            ),
        ],
    };
    assert_eq!(
        rows(&and),
        (
            vec![
                (Autorisation, "<", "01/01/2020".to_string()),
                (Autorisation, ">=", "01/01/2010".to_string()),
                (Variable::Regime, "=", "A".to_string()),
                (Variable::QuantiteRubrique, ">=", "50000.0".to_string()),
            ],
            Merge::And
        )
    );
}

#[test]
fn an_or_holding_a_range_cannot_be_edited() {
    let or = Condition::Or {
        conditions: vec![decade(), regime_a()],
    };
    assert_eq!(
        rows_of(&or).unwrap_err().to_string(),
        "Cette condition ne peut pas être modifiée dans le formulaire : elle relie par OU \
         l’intervalle « 2010-01-01 <= date-d-autorisation < 2020-01-01 », que le formulaire ne \
         sait écrire qu’avec ET."
    );
}

#[test]
fn nested_and_or_empty_or_foreign_conditions_cannot_be_edited() {
    let equal = json!({"type": "EQUAL", "parameter": parameter(Variable::Regime), "target": "A"});
    let nested = condition(json!({"type": "AND", "conditions": [equal,
        {"type": "OR", "conditions": [equal, equal]}]}));
    assert_eq!(
        rows_of(&nested).unwrap_err().to_string(),
        "Cette condition ne peut pas être modifiée dans le formulaire : elle imbrique des ET et \
         des OU (« (regime == A) and ((regime == A) or (regime == A)) ») plus profondément que le \
         formulaire, qui n’en montre qu’un niveau."
    );
    assert_eq!(
        rows_of(&condition(json!({"type": "OR", "conditions": []})))
            .unwrap_err()
            .to_string(),
        "Cette condition ne peut pas être modifiée dans le formulaire : elle est vide (un ET ou \
         un OU sans aucune condition)."
    );
    let foreign = condition(
        json!({"type": "EQUAL", "parameter": {"id": "regime", "type": "STRING"}, "target": "A"}),
    );
    assert_eq!(
        rows_of(&foreign).unwrap_err().to_string(),
        "Cette condition ne peut pas être modifiée dans le formulaire : elle porte sur le \
         paramètre « regime » (de type STRING), que le formulaire ne propose pas."
    );
}

// Properties: any condition the form accepts survives JSON, means what its rows say, and
// comes back from its rows unchanged.

mod properties {
    use super::super::strategies::{parameters, some_rows};
    use super::*;
    use proptest::prelude::*;

    /// What one row says of the parameters, read straight from the form's values.
    fn row_holds(row: &Row, parameters: &Parameters) -> bool {
        let Ok(expected) = row.variable.read(1, &row.value) else {
            return false;
        };
        let Some(order) = parameters
            .get(row.variable.id())
            .and_then(|value| value.compare(&expected))
        else {
            return false;
        };
        match row.operator {
            Operator::Less => order.is_lt(),
            Operator::LessOrEqual => order.is_le(),
            Operator::Equal => order.is_eq(),
            Operator::Greater => order.is_gt(),
            Operator::GreaterOrEqual => order.is_ge(),
        }
    }

    proptest! {
        // Failures are shown, not written into the source tree.
        #![proptest_config(ProptestConfig {
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn an_accepted_condition_survives_json_and_means_what_its_rows_say(
            rows in some_rows(),
            or in any::<bool>(),
            values in proptest::collection::vec(parameters(), 8),
        ) {
            let merge = if or { Merge::Or } else { Merge::And };
            let Ok(built) = build(&rows, merge) else { return Ok(()); };
            let json = serde_json::to_string(&built).unwrap();
            let read: Condition = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(&read, &built);
            for parameters in &values {
                let by_rows = match merge {
                    Merge::And => rows.iter().all(|r| row_holds(r, parameters)),
                    Merge::Or => rows.iter().any(|r| row_holds(r, parameters)),
                };
                prop_assert_eq!(read.satisfied(parameters), built.satisfied(parameters));
                prop_assert_eq!(built.satisfied(parameters), by_rows, "{}", built.to_str());
            }
        }

        #[test]
        fn an_accepted_condition_comes_back_from_its_rows_unchanged(
            rows in some_rows(),
            or in any::<bool>(),
        ) {
            let merge = if or { Merge::Or } else { Merge::And };
            let Ok(built) = build(&rows, merge) else { return Ok(()); };
            let (split, split_merge) = rows_of(&built).unwrap();
            prop_assert_eq!(build(&split, split_merge).unwrap(), built);
        }
    }
}
