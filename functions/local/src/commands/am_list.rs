//! `envinorma am-list`: each installation's applicable AMs with their warnings.

use crate::dataset::Sources;
use envinorma_core::{AmListEntry, ArreteMinisteriel};
use serde_json::json;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    sources: Sources,
    /// Only these installations (S3IC id, repeatable); every installation of the CSV otherwise.
    #[arg(long = "s3ic", value_name = "ID")]
    s3ic_ids: Vec<String>,
    /// One JSON line per installation instead of text.
    #[arg(long)]
    json: bool,
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let (catalog, installations) = args.sources.load()?;
    for wanted in &args.s3ic_ids {
        anyhow::ensure!(
            installations.iter().any(|i| &i.row.s3ic_id == wanted),
            "installation {wanted} is not in the CSV"
        );
    }
    let selected = installations
        .iter()
        .filter(|i| args.s3ic_ids.is_empty() || args.s3ic_ids.contains(&i.row.s3ic_id));
    for installation in selected {
        let list = catalog.am_list(&installation.classements);
        if args.json {
            let ams: Vec<_> = list
                .iter()
                .map(|e| json!({"am_id": e.am.id, "applicable": e.applicable, "warnings": e.warnings, "sort_key": [e.sort_key.0, e.sort_key.1]}))
                .collect();
            println!(
                "{}",
                json!({"s3ic_id": installation.row.s3ic_id, "ams": ams})
            );
        } else {
            println!(
                "{} {} — {} classement(s)",
                installation.row.s3ic_id,
                installation.row.name,
                installation.classements.len()
            );
            if list.is_empty() {
                println!("  Il n’y a pas d’arrêté ministériel associé.");
            }
            for entry in &list {
                print_entry(entry);
            }
            println!();
        }
    }
    Ok(())
}

fn print_entry(entry: &AmListEntry) {
    let status = if entry.applicable {
        "applicable"
    } else {
        "non applicable"
    };
    println!("  [{status}] {} {}", entry.am.id, am_label(entry.am));
    for warning in &entry.warnings {
        println!("      ⚠ {warning}");
    }
}

/// "AM - 09/04/19 - <title>", as the installation page labels an AM.
pub fn am_label(am: &ArreteMinisteriel) -> String {
    let date = am
        .signature_date()
        .map(|d| d.french_short())
        .unwrap_or_default();
    format!("AM - {date} - {}", am.title.text)
}
