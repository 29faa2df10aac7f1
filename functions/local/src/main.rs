//! `envinorma`: the product's command line — every function on the embedded default, and the
//! operator commands other tools call (keep their names and arguments stable).

mod ap_pipeline;
mod buckets;
mod commands;
mod dataset;
mod demo;
mod document_site;
mod private_postgres;
mod server;

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
    /// Runs the product here: database (DATABASE_URL or a private cluster), migrations, demo
    /// data through the import functions, then the web app on http://localhost:3000.
    Dev(commands::dev::Args),
    /// Runs one function as a server (what its Lambda runs), against DATABASE_URL.
    #[command(subcommand)]
    Serve(commands::serve::Serve),
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
    /// Times the installation search against DATABASE_URL: p50, p99 and max by kind of query.
    SearchBench(commands::search_bench::Args),
    /// Makes a PDF searchable as the OCR function does (no database, no bucket).
    Ocr(commands::ocr::Args),
    /// Runs a scheduled function once, here (ap-sync, purge).
    #[command(subcommand)]
    Run(commands::run::Run),
    /// The back-office's editors, against DATABASE_URL.
    #[command(subcommand)]
    BoUser(commands::bo::BoUser),
    /// The back-office's AMs, against DATABASE_URL: seed from published files, publish.
    #[command(subcommand)]
    Bo(commands::bo::Bo),
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // Warnings and errors only unless RUST_LOG asks for more: a request must not cost a log line.
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    match Cli::parse().command {
        Command::Dev(args) => commands::dev::run(&args).await,
        Command::Serve(command) => commands::serve::run(&command).await,
        Command::AmList(args) => commands::am_list::run(&args),
        Command::Personalise(args) => commands::personalise::run(&args),
        Command::Sweep(args) => commands::sweep::run(&args),
        Command::Generate(args) => commands::generate::run(&args),
        Command::S3ic(args) => commands::s3ic::run(&args),
        Command::Import(command) => commands::import::run(&command).await,
        Command::SearchBench(args) => commands::search_bench::run(&args).await,
        Command::Ocr(args) => commands::ocr::run(&args),
        Command::Run(command) => commands::run::run(&command).await,
        Command::BoUser(command) => commands::bo::run_user(&command).await,
        Command::Bo(command) => commands::bo::run(&command).await,
    }
}
