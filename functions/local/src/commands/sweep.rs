//! `envinorma sweep`: the whole AM workload of a dataset — every installation's AM list, then
//! every (installation, AM) pair personalised — with counts and the time of each phase.

use crate::dataset::Sources;
use envinorma_core::personalise;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    sources: Sources,
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let started = Instant::now();
    let (catalog, installations) = args.sources.load()?;
    println!(
        "load: {} AMs, {} installations in {:.3} s (peak memory {})",
        catalog.ams().len(),
        installations.len(),
        started.elapsed().as_secs_f64(),
        peak_memory()
    );

    let started = Instant::now();
    let lists: Vec<_> = installations
        .iter()
        .map(|i| catalog.am_list(&i.classements))
        .collect();
    let pairs: usize = lists.iter().map(Vec::len).sum();
    let not_applicable = lists.iter().flatten().filter(|e| !e.applicable).count();
    let with_am = lists.iter().filter(|l| !l.is_empty()).count();
    println!(
        "am lists: {} installations, {with_am} with at least one AM, {pairs} (installation, AM) pairs, {not_applicable} not applicable, in {:.3} s",
        installations.len(),
        started.elapsed().as_secs_f64()
    );

    let started = Instant::now();
    let (mut sections, mut inactive, mut modified) = (0, 0, 0);
    for (installation, list) in installations.iter().zip(&lists) {
        for entry in list {
            let personalised = personalise(entry.am, &installation.classements);
            sections += personalised.sections.len();
            inactive += personalised.sections.iter().filter(|s| !s.active).count();
            modified += personalised.sections.iter().filter(|s| s.modified).count();
        }
    }
    println!(
        "personalisations: {pairs} pairs, {sections} sections, {inactive} inactive, {modified} modified, in {:.3} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The process's peak resident memory, as Linux reports it (VmHWM).
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l["VmHWM:".len()..].trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}
