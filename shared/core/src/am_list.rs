//! Which AMs apply to an installation (the original's FilterAMs).

use crate::am::ArreteMinisteriel;
use crate::classement::Classement;
use crate::parameters::Parameters;
use crate::warnings;
use std::collections::HashMap;

/// The AMs in force, indexed for matching installations' classements.
#[derive(Debug, Clone, Default)]
pub struct AmCatalog {
    /// Sorted by CID: candidates are found in this order (the original's database-id order).
    ams: Vec<ArreteMinisteriel>,
    /// (rubrique, régime) → (AM position, entry position), one item per matching entry, by AM.
    by_classement: HashMap<(String, String), Vec<(usize, usize)>>,
}

/// One AM of an installation's list.
#[derive(Debug, Clone, PartialEq)]
pub struct AmListEntry<'a> {
    pub am: &'a ArreteMinisteriel,
    pub applicable: bool,
    /// The AM's static warnings, then the condition's, then the alinéa mismatch.
    pub warnings: Vec<String>,
    /// `(applicable ? 0 : 1, strictest régime score of the matched classements)`.
    pub sort_key: (u8, u8),
    /// Positions of the matched classements in the installation's list, ascending.
    pub matched_classements: Vec<usize>,
    /// The parameters the AM-level condition was checked with.
    pub parameters: Parameters,
}

impl AmCatalog {
    pub fn new(mut ams: Vec<ArreteMinisteriel>) -> AmCatalog {
        ams.sort_by(|a, b| a.id.cmp(&b.id));
        let mut by_classement: HashMap<(String, String), Vec<(usize, usize)>> = HashMap::new();
        for (am_position, am) in ams.iter().enumerate() {
            for (entry_position, entry) in am.classements_with_alineas.iter().enumerate() {
                by_classement
                    .entry((entry.rubrique.clone(), entry.regime.clone()))
                    .or_default()
                    .push((am_position, entry_position));
            }
        }
        AmCatalog { ams, by_classement }
    }

    pub fn ams(&self) -> &[ArreteMinisteriel] {
        &self.ams
    }

    pub fn get(&self, id: &str) -> Option<&ArreteMinisteriel> {
        self.ams
            .binary_search_by(|am| am.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.ams[i])
    }

    /// The AMs not tied to rubriques (noise, electricity…), shown apart.
    pub fn transverse(&self) -> impl Iterator<Item = &ArreteMinisteriel> {
        self.ams.iter().filter(|am| am.is_transverse)
    }

    /// (AM position, entry position) of every AM entry with this classement's rubrique and régime.
    fn entries_matching(&self, classement: &Classement) -> &[(usize, usize)] {
        let Some(rubrique) = classement.rubrique.as_deref() else {
            return &[];
        };
        // The key is owned: build it once per classement, not per AM.
        let key = (rubrique.to_string(), classement.regime.as_str().to_string());
        self.by_classement.get(&key).map_or(&[], Vec::as_slice)
    }

    /// The AMs matching the installation's classements on rubrique and régime, with their
    /// applicability and warnings, applicable ones first, then by strictest régime.
    pub fn am_list(&self, classements: &[Classement]) -> Vec<AmListEntry<'_>> {
        let mut by_regime: Vec<usize> = (0..classements.len()).collect();
        by_regime.sort_by_key(|&i| classements[i].regime.score());

        // AM position → matched (classement, entry) pairs, AMs in order of first appearance.
        let mut candidates: Vec<(usize, Vec<(usize, usize)>)> = Vec::new();
        for &classement in &by_regime {
            for &(am, entry) in self.entries_matching(&classements[classement]) {
                match candidates
                    .iter_mut()
                    .find(|(candidate, _)| *candidate == am)
                {
                    Some((_, matches)) => matches.push((classement, entry)),
                    None => candidates.push((am, vec![(classement, entry)])),
                }
            }
        }

        let mut list: Vec<AmListEntry> = candidates
            .into_iter()
            .map(|(am, matches)| self.entry(&self.ams[am], classements, &matches))
            .collect();
        list.sort_by_key(|entry| entry.sort_key);
        list
    }

    fn entry<'a>(
        &'a self,
        am: &'a ArreteMinisteriel,
        classements: &[Classement],
        matches: &[(usize, usize)],
    ) -> AmListEntry<'a> {
        let alinea_match = matches.iter().any(|&(classement, entry)| {
            let alineas = &am.classements_with_alineas[entry].alineas;
            alineas.is_empty()
                || classements[classement]
                    .alinea
                    .as_ref()
                    .is_some_and(|a| alineas.contains(a))
        });
        let mut matched_classements: Vec<usize> =
            matches.iter().map(|&(classement, _)| classement).collect();
        matched_classements.sort_unstable();
        let parameters =
            Parameters::of_classements(matched_classements.iter().map(|&i| &classements[i]));

        let mut warnings = am.applicability.warnings.clone();
        let mut condition_ok = true;
        if let Some(condition) = &am.applicability.condition_of_inapplicability {
            if condition.satisfied(&parameters) {
                condition_ok = false;
                warnings.push(warnings::inapplicable_arrete(condition));
            } else if condition.potentially_satisfied(&parameters) {
                warnings.push(warnings::potentially_inapplicable_arrete(condition));
            }
        }
        if !alinea_match {
            warnings.push(warnings::ALINEAS_MISMATCH.to_string());
        }
        let applicable = condition_ok && alinea_match;
        let best_regime = matched_classements
            .iter()
            .map(|&i| classements[i].regime.score())
            .min()
            .unwrap_or(u8::MAX);
        AmListEntry {
            am,
            applicable,
            warnings,
            sort_key: (u8::from(!applicable), best_regime),
            matched_classements,
            parameters,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classement::{Regime, Volume};
    use crate::date::Date;
    use serde_json::json;

    fn am(id: &str, entries: serde_json::Value, condition: serde_json::Value) -> ArreteMinisteriel {
        serde_json::from_value(json!({
            "id": id, "title": {"text": "Arrêté du 01/01/20 relatif à un test"},
            "classements_with_alineas": entries,
            "applicability": {"warnings": [], "condition_of_inapplicability": condition},
        }))
        .unwrap()
    }

    fn classement(
        rubrique: &str,
        regime: Regime,
        alinea: Option<&str>,
        date: Option<&str>,
    ) -> Classement {
        Classement {
            rubrique: Some(rubrique.into()),
            regime,
            alinea: alinea.map(Into::into),
            date_autorisation: date.and_then(Date::parse),
            date_mise_en_service: None,
            volume: Volume::from_csv("", ""),
        }
    }

    #[test]
    fn an_am_whose_alineas_do_not_match_is_listed_as_not_applicable_with_a_warning() {
        let catalog = AmCatalog::new(vec![am(
            "JORFTEXT000000000001",
            json!([{"rubrique": "2521", "regime": "E", "alineas": ["1", "2"]}]),
            json!(null),
        )]);
        let list = catalog.am_list(&[classement("2521", Regime::E, Some("3"), None)]);
        assert_eq!(list.len(), 1);
        assert!(!list[0].applicable);
        assert_eq!(list[0].warnings, [warnings::ALINEAS_MISMATCH]);
        assert_eq!(list[0].sort_key, (1, 1));
    }

    #[test]
    fn an_empty_alinea_list_matches_every_alinea() {
        let catalog = AmCatalog::new(vec![am(
            "JORFTEXT000000000001",
            json!([{"rubrique": "2521", "regime": "E", "alineas": []}]),
            json!(null),
        )]);
        let list = catalog.am_list(&[
            classement("2521", Regime::E, Some("3"), None),
            classement("2521", Regime::E, None, None),
        ]);
        assert!(list[0].applicable && list[0].warnings.is_empty());
        assert_eq!(list[0].matched_classements, [0, 1]);
    }

    #[test]
    fn the_am_condition_decides_applicability_and_its_warning() {
        let condition = json!({"type": "LITTLER", "parameter": {"id": "date-d-declaration", "type": "DATE"}, "target": "1999-04-16", "strict": true});
        let catalog = AmCatalog::new(vec![am(
            "JORFTEXT000000000001",
            json!([{"rubrique": "2910", "regime": "D", "alineas": []}]),
            condition,
        )]);
        let old = catalog.am_list(&[classement("2910", Regime::D, None, Some("1998-01-01"))]);
        assert!(!old[0].applicable);
        assert_eq!(
            old[0].warnings,
            [
                "Cet arrêté ne s'applique pas à cette installation car la date de déclaration est antérieure au 16/04/1999."
            ]
        );
        let unknown = catalog.am_list(&[classement("2910", Regime::D, None, None)]);
        assert!(unknown[0].applicable);
        assert!(unknown[0].warnings[0].starts_with(
            "Cet arrêté pourrait ne pas être applicable. C'est le cas pour les installations dont"
        ));
        let recent = catalog.am_list(&[classement("2910", Regime::D, None, Some("2000-01-01"))]);
        assert!(recent[0].applicable && recent[0].warnings.is_empty());
    }

    #[test]
    fn applicable_ams_come_first_then_the_strictest_regime() {
        let catalog = AmCatalog::new(vec![
            am(
                "JORFTEXT000000000001",
                json!([{"rubrique": "1", "regime": "D", "alineas": []}]),
                json!(null),
            ),
            am(
                "JORFTEXT000000000002",
                json!([{"rubrique": "2", "regime": "A", "alineas": ["x"]}]),
                json!(null),
            ),
            am(
                "JORFTEXT000000000003",
                json!([{"rubrique": "3", "regime": "A", "alineas": []}]),
                json!(null),
            ),
        ]);
        let list = catalog.am_list(&[
            classement("1", Regime::D, None, None),
            classement("2", Regime::A, None, None),
            classement("3", Regime::A, None, None),
        ]);
        let order: Vec<&str> = list.iter().map(|e| e.am.id.as_str()).collect();
        assert_eq!(
            order,
            [
                "JORFTEXT000000000003",
                "JORFTEXT000000000001",
                "JORFTEXT000000000002"
            ]
        );
    }

    #[test]
    fn transverse_ams_are_never_candidates() {
        let mut transverse = am("JORFTEXT000000000009", json!([]), json!(null));
        transverse.is_transverse = true;
        let catalog = AmCatalog::new(vec![transverse]);
        assert!(
            catalog
                .am_list(&[classement("2521", Regime::E, None, None)])
                .is_empty()
        );
        assert_eq!(catalog.transverse().count(), 1);
    }
}
