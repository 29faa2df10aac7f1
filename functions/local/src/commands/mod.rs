//! One module per command.

pub mod am_list;
pub mod bo;
pub mod dev;
pub mod generate;
pub mod import;
pub mod ocr;
pub mod personalise;
pub mod run;
pub mod s3ic;
pub mod search_bench;
pub mod serve;
pub mod sweep;
