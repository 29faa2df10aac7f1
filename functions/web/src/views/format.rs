//! Small formatting rules shared by the views: dates, labels, truncation.

use envinorma_core::{ArreteMinisteriel, Date, Regime};
use envinorma_db::installations::StoredClassement;

/// `dd/mm/yy`, or an empty string.
pub fn short_date(date: Option<Date>) -> String {
    date.map(|d| d.french_short()).unwrap_or_default()
}

/// `dd/mm/YYYY`, or an empty string.
pub fn long_date(date: Option<Date>) -> String {
    date.map(|d| d.french()).unwrap_or_default()
}

/// `<kind> - dd/mm/yy - <details>`, leaving out the parts that are missing
/// ("AM - 09/04/19 - 2521 E", "AP - 27/04/21 - APC poursuite de l'exploitation").
pub fn arrete_label(kind: &str, date: Option<Date>, details: &str) -> String {
    let mut label = kind.to_string();
    for part in [short_date(date).as_str(), details.trim()] {
        if !part.is_empty() {
            label.push_str(" - ");
            label.push_str(part);
        }
    }
    label
}

/// The label of an AM in lists and headers: `AM - dd/mm/yy - <infos>`.
pub fn am_label(am: &ArreteMinisteriel, infos: &str) -> String {
    arrete_label("AM", am.signature_date(), infos)
}

/// The reference of an AM for an installation, as the AM/AP page heads it and the
/// prescriptions taken from it record it: `AM - dd/mm/yy - <infos>`.
pub fn am_reference(am: &ArreteMinisteriel, classements: &[StoredClassement]) -> String {
    am_label(
        am,
        &am_infos(
            am,
            classements
                .iter()
                .map(|c| (c.details.rubrique.as_str(), c.details.regime)),
        ),
    )
}

/// What an AM covers of an installation: its (rubrique, régime) entries that the installation
/// also has (`classements` gives the installation's rubriques and régimes),
/// `"<rubrique> <régime>"` or `"<rubrique> <régime> al. 1 ou 2"`, joined with " - ";
/// for a transverse AM, its nickname.
pub fn am_infos<'c>(
    am: &ArreteMinisteriel,
    classements: impl IntoIterator<Item = (&'c str, Regime)>,
) -> String {
    if am.is_transverse {
        return am.nickname.clone().unwrap_or_default();
    }
    let present: Vec<(&str, Regime)> = classements.into_iter().collect();
    am.classements_with_alineas
        .iter()
        .filter(|entry| {
            present.iter().any(|&(rubrique, regime)| {
                rubrique == entry.rubrique && regime.as_str() == entry.regime
            })
        })
        .map(|entry| {
            if entry.alineas.is_empty() {
                format!("{} {}", entry.rubrique, entry.regime)
            } else {
                format!(
                    "{} {} al. {}",
                    entry.rubrique,
                    entry.regime,
                    entry.alineas.join(" ou ")
                )
            }
        })
        .collect::<Vec<_>>()
        .join(" - ")
}

/// At most `max` characters, the end replaced by "..." when cut (the table of contents).
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let kept: String = text.chars().take(max.saturating_sub(3)).collect();
    format!("{kept}...")
}

/// The Seveso status shown to users.
pub fn seveso_label(code: &str) -> &str {
    match code {
        "NS" => "Non Seveso",
        "SH" => "Seuil haut",
        "SB" => "Seuil bas",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn am_infos_list_the_shared_classements_with_their_alineas() {
        let am: ArreteMinisteriel = serde_json::from_value(json!({
            "id": "JORFTEXT000000000001", "title": {"text": "Arrêté du 01/01/20"},
            "date_of_signature": "2020-01-01",
            "classements_with_alineas": [
                {"rubrique": "1234", "regime": "A", "alineas": ["1", "2"]},
                {"rubrique": "2521", "regime": "E", "alineas": []},
                {"rubrique": "9999", "regime": "D", "alineas": []}]
        }))
        .unwrap();
        let infos = am_infos(&am, [("2521", Regime::E), ("1234", Regime::A)]);
        assert_eq!(infos, "1234 A al. 1 ou 2 - 2521 E");
        assert_eq!(
            am_label(&am, &infos),
            "AM - 01/01/20 - 1234 A al. 1 ou 2 - 2521 E"
        );
    }

    #[test]
    fn truncation_counts_characters_not_bytes() {
        let title = "Article 2 – Définitions générales applicables à l’installation";
        let cut = truncate(title, 50);
        assert_eq!(cut.chars().count(), 50);
        assert!(cut.ends_with("...") && cut.starts_with("Article 2 – Définitions"));
        assert_eq!(truncate("Article 1", 50), "Article 1");
    }

    #[test]
    fn labels_leave_out_missing_parts() {
        assert_eq!(arrete_label("AP", None, " "), "AP");
        assert_eq!(
            arrete_label("AP", Date::parse("2021-04-27"), "APC"),
            "AP - 27/04/21 - APC"
        );
        assert_eq!(seveso_label("SH"), "Seuil haut");
    }
}
