//! The back-office's authoring model and its publication.
//!
//! The back-office stores each AM as three documents: its [`AmMetadata`], its structured text
//! (an [`ArreteMinisteriel`](crate::ArreteMinisteriel) without what publication derives) and its
//! [`Parametrization`]. Publication [`enrich`]es them into the AM the web app imports,
//! [`check`]s it and writes it with [`to_published_json`]; [`split`] goes the other way, to
//! seed the back-office from published files.
//!
//! The parametrization editors build their elements with the [`condition_form`] (rows of
//! variable, operator and value, to a [`Condition`](crate::Condition) and back), the field
//! helpers [`target_alineas`], [`alternative_text`] and [`warning_text`], and save them once
//! [`Parametrization::check_consistency`] passes.

mod check;
pub mod condition_form;
mod consistency;
mod element_form;
mod enrich;
mod metadata;
mod metadata_form;
mod numbering;
mod parametrization;
mod published_json;
mod reference;
mod split;
pub mod structure;
mod topic_edit;

pub use check::{check, is_element_id};
pub use consistency::{Clash, ConsistencyError, ElementCondition, ElementKind};
pub use element_form::{
    ElementFormError, WARNING_MIN_EXCLUSIVE, alternative_content, alternative_text, target_alineas,
    warning_text,
};
pub use enrich::enrich;
pub use metadata::{AmMetadata, AmSource, AmState};
pub use metadata_form::{
    FieldError, INVALID_AM_ID, MIN_DELETION_REASON, MetadataForm, is_new_am_id, state_code,
};
pub use parametrization::{
    AlternativeSection, InapplicableSection, Parametrization, SectionWarning,
};
pub use published_json::to_published_json;
pub use reference::reference_of;
pub use split::{AmDocuments, SplitError, split};
pub use topic_edit::{TopicError, assignable_topics, set_topic, topic_label, topic_of_code};
