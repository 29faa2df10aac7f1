//! The condition builder as posted: its rows kept as typed (so that a form shown again, after a
//! round trip or a refusal, shows what the editor wrote), read into a condition by core's
//! `condition_form`.

use crate::error::BoError;
use crate::forms::Fields;
use crate::views::SelectOption;
use envinorma_core::Condition;
use envinorma_core::authoring::condition_form::{
    self, ConditionFormError, Merge, OFFERED_OPERATORS, Row, RowsError, Variable,
};

/// Most rows one condition has: the original's conditions have at most four.
pub const MAX_ROWS: usize = 10;

/// Longest value of a row, in characters (a date has 10, the longest alinéa a few more).
const MAX_VALUE_CHARS: usize = 100;

/// One row, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowInput {
    /// The variable's parameter id.
    pub variable: String,
    /// The operator's symbol.
    pub operator: String,
    pub value: String,
}

impl RowInput {
    fn of(row: &Row) -> RowInput {
        RowInput {
            variable: row.variable.id().to_owned(),
            operator: row.operator.symbol().to_owned(),
            value: row.value.clone(),
        }
    }

    /// The dropdown of variables, this row's selected.
    pub fn variable_options(&self) -> Vec<SelectOption> {
        let variables = Variable::ALL.map(|variable| (variable.id(), variable.label()));
        SelectOption::all(&variables, &self.variable)
    }

    /// The dropdown of operators: the offered ones, and this row's when a stored condition
    /// has another (`<=`), so that it is kept.
    pub fn operator_options(&self) -> Vec<SelectOption> {
        let mut operators: Vec<(&'static str, &'static str)> = OFFERED_OPERATORS
            .iter()
            .map(|operator| (operator.symbol(), operator.symbol()))
            .collect();
        if let Some(other) = condition_form::Operator::parse(&self.operator)
            .filter(|operator| !OFFERED_OPERATORS.contains(operator))
        {
            operators.push((other.symbol(), other.symbol()));
        }
        SelectOption::all(&operators, &self.operator)
    }
}

/// The condition builder's fields, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionInput {
    pub rows: Vec<RowInput>,
    /// `and` or `or`; posted only when there are two rows or more.
    pub merge: String,
}

impl Default for ConditionInput {
    /// One row, « Date de mise en service » `<`, joined by ET once others come.
    fn default() -> Self {
        ConditionInput {
            rows: vec![ConditionInput::default_row()],
            merge: Merge::And.value().to_owned(),
        }
    }
}

impl ConditionInput {
    /// The builder's fields of a post: `variable`, `operateur` and `valeur` repeated, `fusion`.
    pub fn read(fields: &Fields) -> Result<ConditionInput, BoError> {
        let rows: Vec<RowInput> = fields
            .all("variable")
            .zip(fields.all("operateur"))
            .zip(fields.all("valeur"))
            .map(|((variable, operator), value)| RowInput {
                variable,
                operator,
                value,
            })
            .collect();
        if rows.len() > MAX_ROWS {
            return Err(BoError::BadRequest(too_many_rows()));
        }
        if let Some(row) = rows
            .iter()
            .position(|row| row.value.chars().count() > MAX_VALUE_CHARS)
        {
            return Err(BoError::BadRequest(format!(
                "Condition n°{} : la valeur dépasse {MAX_VALUE_CHARS} caractères.",
                row + 1
            )));
        }
        let merge = match fields.text("fusion") {
            "" => Merge::And.value(),
            merge => merge,
        };
        Ok(ConditionInput {
            rows,
            merge: merge.to_owned(),
        })
    }

    /// The rows of a stored condition, or why the form cannot show it.
    pub fn of(condition: &Condition) -> Result<ConditionInput, RowsError> {
        let (rows, merge) = condition_form::rows_of(condition)?;
        Ok(ConditionInput {
            rows: rows.iter().map(RowInput::of).collect(),
            merge: merge.value().to_owned(),
        })
    }

    /// The condition the rows give, or the first mistake.
    pub fn build(&self) -> Result<Condition, ConditionFormError> {
        let rows = self
            .rows
            .iter()
            .enumerate()
            .map(|(index, row)| Row::parse(index + 1, &row.variable, &row.operator, &row.value))
            .collect::<Result<Vec<_>, _>>()?;
        condition_form::build(&rows, Merge::parse(&self.merge)?)
    }

    /// « Ajouter une condition »: a default row more, refused beyond [`MAX_ROWS`].
    pub fn add_row(&mut self) -> Result<(), String> {
        if self.rows.len() >= MAX_ROWS {
            return Err(too_many_rows());
        }
        self.rows.push(ConditionInput::default_row());
        Ok(())
    }

    /// The row « Ajouter une condition » adds: « Date de mise en service » `<`, no value.
    pub fn default_row() -> RowInput {
        RowInput::of(&Row::default())
    }

    /// [`MAX_ROWS`], for the script that adds rows without a round trip.
    pub fn max_rows(&self) -> usize {
        MAX_ROWS
    }

    /// « Supprimer » on row `index`; a row the form does not have is ignored.
    pub fn remove_row(&mut self, index: usize) {
        if index < self.rows.len() {
            self.rows.remove(index);
        }
    }

    /// The ET / OU dropdown, shown from two rows on.
    pub fn merge_options(&self) -> Vec<SelectOption> {
        let merges = [Merge::And, Merge::Or].map(|merge| (merge.value(), merge.label()));
        SelectOption::all(&merges, &self.merge)
    }
}

fn too_many_rows() -> String {
    format!(
        "Une condition compte au plus {MAX_ROWS} lignes : regroupez-les, ou découpez l’élément en plusieurs."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(rows: &[(&str, &str, &str)], merge: &str) -> ConditionInput {
        ConditionInput {
            rows: rows
                .iter()
                .map(|&(variable, operator, value)| RowInput {
                    variable: variable.into(),
                    operator: operator.into(),
                    value: value.into(),
                })
                .collect(),
            merge: merge.into(),
        }
    }

    #[test]
    fn two_dates_joined_by_et_make_a_range_and_come_back_as_the_same_rows() {
        let typed = input(
            &[
                ("date-d-installation", ">=", "01/01/2010"),
                ("date-d-installation", "<", "01/01/2020"),
            ],
            "and",
        );
        let condition = typed.build().unwrap();
        assert_eq!(
            condition.to_str(),
            "2010-01-01 <= date-d-installation < 2020-01-01"
        );
        let shown = ConditionInput::of(&condition).unwrap();
        assert_eq!(shown.rows.len(), 2);
        assert_eq!(shown.rows[0].operator, "<");
        assert_eq!(shown.rows[1].value, "01/01/2010");
    }

    #[test]
    fn rows_are_added_up_to_the_bound_and_a_stored_operator_stays_offered() {
        let mut typed = ConditionInput::default();
        assert_eq!(typed.rows[0].variable, "date-d-installation");
        for _ in 1..MAX_ROWS {
            typed.add_row().unwrap();
        }
        assert!(typed.add_row().unwrap_err().contains("au plus 10 lignes"));
        typed.remove_row(42);
        typed.remove_row(0);
        assert_eq!(typed.rows.len(), MAX_ROWS - 1);
        let row = input(&[("regime", "<=", "A")], "and").rows.remove(0);
        let symbols: Vec<&str> = row.operator_options().iter().map(|o| o.value).collect();
        assert_eq!(symbols, ["<", "=", ">=", "<="]);
    }
}
