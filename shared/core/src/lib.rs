//! Pure domain of Envinorma: no I/O, no async, no global state.
//!
//! # Glossary
//! - **ICPE**: *installation classée pour la protection de l'environnement*, a regulated site.
//! - **Rubrique**: a line of the nomenclature of activities (`2521`, `47xx`, `1185`).
//! - **Régime** ([`Regime`]): how strictly an activity is regulated: A (autorisation),
//!   E (enregistrement), D (déclaration), NC (non classé), `unknown`.
//! - **Alinéa**: the sub-case of a rubrique, by threshold (`1`, `2-a`).
//! - **Classement** ([`Classement`]): one line of an installation's classification, with its dates and volume.
//! - **AM**, *arrêté ministériel* ([`ArreteMinisteriel`]): a national text applying to given rubriques and régimes.
//! - **Légifrance**: the State's site of legal texts; its API gives an AM's text as HTML articles
//!   and sections, which [`legifrance`] imports.
//! - **AP**, *arrêté préfectoral*: an order signed for one installation (scanned PDF).
//! - **Géorisques**: the State's risk portal; its daily dump lists every installation's documents,
//!   the APs among them, each named by its Géorisques id (`P/c/b6896c18…`).
//! - **Paramétrage** ([`SectionParametrization`]): conditions ([`Condition`]) under which a section of an AM
//!   does not apply, or applies in a modified form, for an installation's [`Parameters`].
//! - **Prescription**: one requirement picked by an inspector to check.

pub mod alinea_index;
pub mod am;
pub mod am_list;
pub mod ap_results;
pub mod authoring;
pub mod classement;
pub mod condition;
pub mod date;
pub mod georisques;
pub mod icpe_csv;
/// The Légifrance import: an API payload turned into an AM's structured text.
pub mod legifrance;
pub mod parameters;
pub mod personalise;
pub mod ruby_number;
pub mod s3ic;
pub mod topics;
pub mod warnings;

pub use am::{
    AmApplicability, AmLoadError, ArreteMinisteriel, Cell, ClassementWithAlineas, EnrichedString,
    Link, PotentialInapplicability, PotentialModification, Reference, Row, Section,
    SectionApplicability, SectionParametrization, Table, content_fingerprint, parse_am,
    parse_am_files, validate_am,
};
pub use am_list::{AmCatalog, AmListEntry};
pub use classement::{Classement, ClassementDetails, Regime, Volume};
pub use condition::{Condition, Parameter};
pub use date::Date;
pub use parameters::Parameters;
pub use personalise::{PersonalisedAm, PersonalisedSection, personalise};
pub use topics::{TOPICS, Topic, topics_by_section};
