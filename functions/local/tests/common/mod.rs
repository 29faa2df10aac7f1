//! Running the real binary on a data set, as the data-command tests do.

use std::path::Path;
use std::process::{Command, Output};

/// Runs `envinorma <args> --ams <ams> --installations <installations> --classements <classements>`.
pub fn envinorma_on(args: &[&str], ams: &Path, installations: &Path, classements: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_envinorma"))
        .args(args)
        .arg("--ams")
        .arg(ams)
        .arg("--installations")
        .arg(installations)
        .arg("--classements")
        .arg(classements)
        .output()
        .expect("run envinorma")
}
