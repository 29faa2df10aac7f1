//! The back-office's authoring model and its publication.
//!
//! The back-office stores each AM as three documents: its [`AmMetadata`], its structured text
//! (an [`ArreteMinisteriel`] without what publication derives) and its [`Parametrization`].
//! Publication [`enrich`]es them into the AM the web app imports, [`check`]s it and writes it
//! with [`to_published_json`]; [`split`] goes the other way, to seed the back-office from
//! published files.

mod numbering;
mod reference;

pub use reference::reference_of;
