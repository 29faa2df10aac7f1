//! One module per command.

pub mod am_list;
pub mod generate;
pub mod personalise;
pub mod sweep;
