//! `envinorma personalise`: one AM personalised for one installation.

use crate::dataset::Sources;
use anyhow::Context;
use envinorma_core::{PersonalisedAm, personalise};
use serde_json::json;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    sources: Sources,
    /// The installation (S3IC id).
    #[arg(long = "s3ic", value_name = "ID")]
    s3ic_id: String,
    /// The AM (CID, e.g. JORFTEXT000038358856).
    #[arg(long = "am", value_name = "CID")]
    am_id: String,
    /// JSON instead of text.
    #[arg(long)]
    json: bool,
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let (catalog, installations) = args.sources.load()?;
    let installation = installations
        .iter()
        .find(|i| i.row.s3ic_id == args.s3ic_id)
        .with_context(|| format!("installation {} is not in the CSV", args.s3ic_id))?;
    let am = catalog
        .get(&args.am_id)
        .with_context(|| format!("AM {} is not in the AM folder", args.am_id))?;
    let personalised = personalise(am, &installation.classements);
    if args.json {
        println!("{}", to_json(&args.s3ic_id, &personalised));
    } else {
        print_text(&personalised);
    }
    Ok(())
}

fn to_json(s3ic_id: &str, personalised: &PersonalisedAm) -> serde_json::Value {
    let sections: Vec<_> = personalised
        .sections
        .iter()
        .zip(personalised.paths())
        .map(|(section, path)| {
            json!({
                "id": section.id(),
                "path": path,
                "title": section.title(),
                "active": section.active,
                "modified": section.modified,
                "warnings": section.warnings,
                "alineas_active": section.alineas_active().collect::<Vec<_>>(),
                "previous_version_title": section.previous_version().map(|p| &p.title.text),
            })
        })
        .collect();
    json!({
        "s3ic_id": s3ic_id,
        "am_id": personalised.am.id,
        "parameters": personalised.parameters,
        "sections": sections,
    })
}

fn print_text(personalised: &PersonalisedAm) {
    let am = personalised.am;
    println!("{}", super::am_list::am_label(am));
    for warning in &am.applicability.warnings {
        println!("⚠ {warning}");
    }
    for section in &personalised.sections {
        let indent = "  ".repeat(section.depth);
        let state = match (section.active, section.modified) {
            (false, _) => " [inapplicable]",
            (true, true) => " [modifiée]",
            (true, false) => "",
        };
        println!("{indent}{}{state}", section.title());
        for warning in &section.warnings {
            println!("{indent}  ⚠ {warning}");
        }
        for (alinea, active) in section
            .content()
            .outer_alineas
            .iter()
            .zip(section.alineas_active())
        {
            let mark = if active { "·" } else { "✗" };
            let text = if alinea.table().is_some() {
                "[tableau]"
            } else {
                alinea.text.as_str()
            };
            println!("{indent}  {mark} {}", truncate(text, 100));
        }
    }
}

fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}
