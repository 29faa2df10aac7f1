//! The AM catalogue (spec A.5, "AM list"): three groups by state, each AM with its columns,
//! sorted with the AMs that apply to the most installations first.

use envinorma_core::authoring::{AmMetadata, AmState};
use std::collections::{HashMap, HashSet};

/// One line of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueLine {
    pub cid: String,
    pub nor: String,
    /// `dd/mm/yy`.
    pub date: String,
    pub is_transverse: bool,
    /// `rubrique-regime[-al.alinea]`, joined with `, `, the nickname after.
    pub classements: String,
    pub source: &'static str,
    /// The classements of public installations its (rubrique, régime) pairs have.
    pub occurrences: i64,
}

/// The three groups, each sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalogue {
    pub in_creation: Vec<CatalogueLine>,
    pub in_force: Vec<CatalogueLine>,
    /// Repealed or deleted: listed struck through.
    pub gone: Vec<CatalogueLine>,
}

impl Catalogue {
    /// The catalogue of `ams`, given the number of classements of each (rubrique, régime).
    pub fn new(ams: &[AmMetadata], counts: &HashMap<(String, String), i64>) -> Catalogue {
        let mut catalogue = Catalogue::default();
        for am in ams {
            let line = line(am, counts);
            match am.state {
                AmState::EnCreation => catalogue.in_creation.push(line),
                AmState::Vigueur => catalogue.in_force.push(line),
                AmState::Abroge | AmState::Deleted => catalogue.gone.push(line),
            }
        }
        for group in [
            &mut catalogue.in_creation,
            &mut catalogue.in_force,
            &mut catalogue.gone,
        ] {
            // Non-transverse AMs first, then by occurrences, both descending; the CID keeps
            // the order stable.
            group.sort_by(|a, b| {
                (!b.is_transverse, b.occurrences, &a.cid).cmp(&(
                    !a.is_transverse,
                    a.occurrences,
                    &b.cid,
                ))
            });
        }
        catalogue
    }
}

fn line(am: &AmMetadata, counts: &HashMap<(String, String), i64>) -> CatalogueLine {
    let mut classements: Vec<String> = am
        .classements
        .iter()
        .map(|c| match c.alinea.as_deref().filter(|a| !a.is_empty()) {
            Some(alinea) => format!("{}-{}-al.{alinea}", c.rubrique, c.regime),
            None => format!("{}-{}", c.rubrique, c.regime),
        })
        .collect();
    classements.extend(am.nickname.iter().filter(|n| !n.is_empty()).cloned());
    let pairs: HashSet<(String, String)> = am
        .classements
        .iter()
        .map(|c| (c.rubrique.clone(), c.regime.clone()))
        .collect();
    CatalogueLine {
        cid: am.cid.clone(),
        nor: am.nor.clone().unwrap_or_default(),
        date: am.date_of_signature.french_short(),
        is_transverse: am.is_transverse,
        classements: classements.join(", "),
        source: am.source.label(),
        occurrences: pairs.iter().filter_map(|pair| counts.get(pair)).sum(),
    }
}
