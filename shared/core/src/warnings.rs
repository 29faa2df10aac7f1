//! The French warnings shown to inspectors, word for word as in the original web app.

use crate::condition::{Condition, join_french};

/// The whole AM does not apply.
pub fn inapplicable_arrete(condition: &Condition) -> String {
    format!(
        "Cet arrêté ne s'applique pas à cette installation car {}.",
        condition.human()
    )
}

/// The whole AM might not apply (some values are unknown).
pub fn potentially_inapplicable_arrete(condition: &Condition) -> String {
    format!(
        "Cet arrêté pourrait ne pas être applicable. C'est le cas pour les installations dont {}.",
        condition.human()
    )
}

/// None of the installation's alinéas is one the AM targets.
pub const ALINEAS_MISMATCH: &str = "Les alinéas auxquels cet arrêté s'applique semblent ne pas correspondre aux alinéas de classements de cette installation.";

/// A section, or some of its alinéas (`alineas` non-empty), does not apply.
pub fn inapplicability(condition: &Condition, alineas: Option<&[usize]>) -> String {
    let prefix = match alineas {
        Some([_, ..]) => "Certains alinéas sont inapplicables",
        _ => "Cette section est inapplicable",
    };
    format!("{prefix} car {}.", condition.human())
}

/// A section was replaced by its modified version.
pub fn modification(condition: &Condition) -> String {
    format!("Cette section a été modifiée car {}.", condition.human())
}

/// A section might be replaced.
pub fn potential_modification(condition: &Condition) -> String {
    format!(
        "Cette section pourrait être modifiée. C'est le cas si {}.",
        condition.human()
    )
}

/// A section (`alineas` empty or absent), or some of its alinéas, might not apply.
pub fn potential_inapplicability(condition: &Condition, alineas: Option<&[usize]>) -> String {
    let sentence = match alineas {
        Some(alineas @ [_, ..]) => potentially_inapplicable_alineas(alineas),
        _ => "Cette section pourrait être inapplicable".to_string(),
    };
    format!("{sentence}. C'est le cas si {}.", condition.human())
}

/// "L'alinéa 3 pourrait…", "Les alinéas 3 à 7 pourraient…", "Les alinéas 1, 3 et 5 pourraient…"
/// (1-based; duplicates kept, as in the original).
fn potentially_inapplicable_alineas(alineas: &[usize]) -> String {
    let mut numbers: Vec<usize> = alineas.iter().map(|a| a + 1).collect();
    numbers.sort_unstable();
    let (min, max) = (numbers[0], numbers[numbers.len() - 1]);
    match numbers.len() {
        1 => format!("L'alinéa {min} pourrait être inapplicable"),
        n if n >= 3 && n == max - min + 1 => {
            format!("Les alinéas {min} à {max} pourraient être inapplicables")
        }
        _ => {
            let numbers: Vec<String> = numbers.iter().map(usize::to_string).collect();
            format!(
                "Les alinéas {} pourraient être inapplicables",
                join_french(&numbers, " et ")
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regime_a() -> Condition {
        serde_json::from_value(serde_json::json!({"type": "EQUAL", "parameter": {"id": "regime", "type": "REGIME"}, "target": "A"})).unwrap()
    }

    fn sentence(alineas: &[usize]) -> String {
        let text = potential_inapplicability(&regime_a(), Some(alineas));
        text.split(". C'est le cas si").next().unwrap().to_string()
    }

    #[test]
    fn three_or_more_consecutive_alineas_read_as_a_range() {
        assert_eq!(
            sentence(&[4, 2, 3]),
            "Les alinéas 3 à 5 pourraient être inapplicables"
        );
        assert_eq!(
            sentence(&[0, 1]),
            "Les alinéas 1 et 2 pourraient être inapplicables"
        );
        assert_eq!(
            sentence(&[0, 2, 4]),
            "Les alinéas 1, 3 et 5 pourraient être inapplicables"
        );
        assert_eq!(sentence(&[6]), "L'alinéa 7 pourrait être inapplicable");
    }

    #[test]
    fn repeated_alineas_are_kept_as_the_original_does() {
        assert_eq!(
            sentence(&[5, 5, 6]),
            "Les alinéas 6, 6 et 7 pourraient être inapplicables"
        );
    }

    #[test]
    fn an_empty_alinea_list_means_the_whole_section() {
        assert!(
            potential_inapplicability(&regime_a(), Some(&[]))
                .starts_with("Cette section pourrait être inapplicable. ")
        );
        assert!(
            inapplicability(&regime_a(), Some(&[]))
                .starts_with("Cette section est inapplicable car ")
        );
        assert!(
            inapplicability(&regime_a(), Some(&[1]))
                .starts_with("Certains alinéas sont inapplicables car ")
        );
    }
}
