//! proptest strategies: rows of the condition form and installations' parameters, on a few
//! values each so that rows meet (ranges, contradictions) and parameters fall on both sides of
//! their bounds. For the property tests here and downstream (feature `proptest`).

use super::{Operator, Row, Variable};
use crate::date::Date;
use crate::parameters::Parameters;
use proptest::prelude::*;

const DATES: [&str; 5] = [
    "31/12/2009",
    "01/01/2010",
    "02/01/2010",
    "01/01/2020",
    "29/02/2020",
];
const NUMBERS: [&str; 5] = ["0", "10", "10,5", "20.0", "1e3"];

/// 1 to 4 rows on a few variables at most, so that rows often share one, as ranges need.
pub fn some_rows() -> impl Strategy<Value = Vec<Row>> {
    proptest::sample::subsequence(Variable::ALL.to_vec(), 1..=3).prop_flat_map(|pool| {
        proptest::collection::vec(a_row(proptest::sample::select(pool)), 1..5)
    })
}

/// A row on one of `variable`, any operator, a value as an editor could type it (some wrong).
fn a_row(variable: impl Strategy<Value = Variable>) -> impl Strategy<Value = Row> {
    let operator = proptest::sample::select(Operator::ALL.to_vec());
    (variable, operator, 0..5usize).prop_map(|(variable, operator, pick)| {
        let values: [&str; 5] = match variable {
            Variable::Regime => ["A", "E", "D", "NC", "X"],
            Variable::Alinea => ["1", "2-b", "A.2", "1", "2-b"],
            Variable::Rubrique => ["2101", "1510", "4718", "2101", "9999"],
            Variable::QuantiteRubrique => NUMBERS,
            _ => DATES,
        };
        Row {
            variable,
            operator,
            value: values[pick].to_owned(),
        }
    })
}

/// An installation's parameters, each one known or not.
pub fn parameters() -> impl Strategy<Value = Parameters> {
    let date = proptest::option::of(proptest::sample::select(DATES.to_vec()))
        .prop_map(|d| d.and_then(Date::parse));
    let text = |values: &'static [&'static str]| {
        proptest::option::of(proptest::sample::select(values.to_vec()))
            .prop_map(|v| v.map(str::to_owned))
    };
    let number = proptest::option::of(proptest::sample::select(vec![
        0.0, 5.0, 10.0, 10.5, 20.0, 1000.0,
    ]));
    (
        (
            text(&["A", "E", "D", "NC"]),
            text(&["1", "2-b"]),
            text(&["2101", "1510"]),
            number,
        ),
        (date.clone(), date.clone(), date.clone(), date),
    )
        .prop_map(|((regime, alinea, rubrique, quantity), dates)| Parameters {
            regime,
            alinea,
            rubrique,
            quantite_rubrique: quantity,
            date_installation: dates.0,
            date_autorisation: dates.1,
            date_declaration: dates.2,
            date_enregistrement: dates.3,
        })
}
