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
