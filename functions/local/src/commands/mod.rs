//! One module per command.

pub mod am_list;
pub mod personalise;
pub mod sweep;
