//! `envinorma`: the product's command line — every function on the embedded default, and the
//! operator commands other tools call (keep their names and arguments stable).

mod commands;
mod dataset;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "envinorma",
    version,
    about = "Envinorma: prepare inspections of classified installations (ICPE)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lists the AMs applicable to each installation, with their warnings.
    AmList(commands::am_list::Args),
    /// Shows one AM personalised for one installation.
    Personalise(commands::personalise::Args),
    /// Computes every installation's AM list, then personalises every (installation, AM) pair, timing each phase.
    Sweep(commands::sweep::Args),
    /// Writes made-up prepared CSVs at national scale (import benchmarks).
    Generate(commands::generate::Args),
    /// Transforms the raw S3IC extracts into the prepared CSVs.
    S3ic(commands::s3ic::Args),
    /// Imports data into the database of `DATABASE_URL`.
    #[command(subcommand)]
    Import(commands::import::Import),
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::AmList(args) => commands::am_list::run(&args),
        Command::Personalise(args) => commands::personalise::run(&args),
        Command::Sweep(args) => commands::sweep::run(&args),
        Command::Generate(args) => commands::generate::run(&args),
        Command::S3ic(args) => commands::s3ic::run(&args),
        Command::Import(command) => commands::import::run(&command).await,
    }
}
