//! The parametrization editors on the real data: every published parametrization passes the
//! consistency check the original ran when it was saved, quickly even for the largest AM, and
//! every stored condition the form can show comes back from its rows unchanged.
mod common;

use envinorma_core::authoring::condition_form::{Merge, Row, build, rows_of};
use envinorma_core::authoring::{Parametrization, split};
use envinorma_core::{ArreteMinisteriel, Condition};
use std::time::{Duration, Instant};

/// The AM with the most sections, and the one with the most parametrization elements.
const LARGEST_AMS: [&str; 2] = ["JORFTEXT000037284611", "JORFTEXT000034429274"];

fn parametrization(am: &ArreteMinisteriel) -> Parametrization {
    split(am)
        .unwrap_or_else(|e| panic!("{}: {e}", am.id))
        .parametrization
}

#[test]
fn every_published_parametrization_is_consistent() {
    let ams: Vec<_> = common::catalog().ams().iter().collect();
    let mut mismatches = Vec::new();
    for am in &ams {
        if let Err(error) = parametrization(am).check_consistency() {
            mismatches.push(format!("{}: {error}", am.id));
        }
    }
    common::assert_no_mismatch("consistency checks", ams.len(), &mismatches);
}

#[test]
fn the_largest_parametrizations_are_checked_in_well_under_ten_milliseconds() {
    for id in LARGEST_AMS {
        let parametrization = parametrization(common::am(id));
        // The fastest of a few runs: what the check costs, not what a busy machine adds.
        let fastest = (0..5)
            .map(|_| {
                let start = Instant::now();
                assert_eq!(parametrization.check_consistency(), Ok(()));
                start.elapsed()
            })
            .min()
            .unwrap();
        eprintln!("{id}: checked in {fastest:?}");
        assert!(fastest < Duration::from_millis(10), "{id}: {fastest:?}");
    }
}

#[test]
fn every_stored_condition_the_form_can_show_comes_back_from_its_rows() {
    let mut conditions: Vec<(String, &Condition)> = Vec::new();
    for am in common::catalog().ams() {
        if let Some(condition) = &am.applicability.condition_of_inapplicability {
            conditions.push((am.id.clone(), condition));
        }
        for (_, section) in am.all_sections() {
            let stored = &section.parametrization;
            let inapplicabilities = stored.potential_inapplicabilities.iter();
            let modifications = stored.potential_modifications.iter();
            conditions.extend(inapplicabilities.map(|p| (section.id.clone(), &p.condition)));
            conditions.extend(modifications.map(|p| (section.id.clone(), &p.condition)));
        }
    }
    let mut mismatches = Vec::new();
    let (mut shown, mut ranged) = (0, 0);
    for (place, condition) in &conditions {
        let Ok((rows, merge)) = rows_of(condition) else {
            continue;
        };
        shown += 1;
        // The form gives an ET or OU of one condition as that condition, as the original did.
        let expected = match condition {
            Condition::And { conditions } | Condition::Or { conditions }
                if conditions.len() == 1 =>
            {
                &conditions[0]
            }
            other => other,
        };
        match build(&rows, merge) {
            Ok(rebuilt) if rebuilt == *expected => {}
            // A stored ET that bounds a parameter on both sides without a RANGE (written before
            // the form made ranges) comes back as one: the same rows once the range is split.
            Ok(rebuilt) if same_rows(&rebuilt, (rows.clone(), merge)) => ranged += 1,
            other => mismatches.push(format!("{place}: {} gives {other:?}", condition.to_str())),
        }
    }
    eprintln!(
        "{shown} of {} stored conditions shown in the form, {ranged} of them given a range",
        conditions.len()
    );
    common::assert_no_mismatch("conditions rebuilt from their rows", shown, &mismatches);
}

/// Whether the condition splits into the same rows, in any order, joined the same way.
fn same_rows(condition: &Condition, (rows, merge): (Vec<Row>, Merge)) -> bool {
    let sorted = |rows: Vec<Row>| {
        let mut rows: Vec<String> = rows.iter().map(|row| format!("{row:?}")).collect();
        rows.sort();
        rows
    };
    rows_of(condition)
        .is_ok_and(|(split, split_merge)| split_merge == merge && sorted(split) == sorted(rows))
}
