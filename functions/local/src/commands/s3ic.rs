//! `envinorma s3ic`: the raw S3IC extracts → the prepared CSVs, as icpe-import does in the cloud.

use anyhow::Context;
use envinorma_core::s3ic::transform;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// `s3ic-liste-etablissements.csv`
    etablissements: PathBuf,
    /// `sic-liste-rubriques.csv`
    rubriques: PathBuf,
    /// Folder to write the prepared files into (same names as in the `misc` bucket).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let read = |path: &PathBuf| {
        std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
    };
    let output = transform(&read(&args.etablissements)?, &read(&args.rubriques)?)?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    for (name, bytes) in output.files() {
        let path = args.out.join(&name);
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
        println!("wrote {}", path.display());
    }
    for warning in &output.warnings {
        eprintln!("warning: {warning}");
    }
    println!("{}", serde_json::to_string_pretty(&output.summary)?);
    Ok(())
}
