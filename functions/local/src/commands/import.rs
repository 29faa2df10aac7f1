//! `envinorma import ams|icpe`: the import functions' code, run against `DATABASE_URL`
//! (migrations applied first). Non-zero exit and the report on stderr when anything is invalid.

use anyhow::{Context, bail};
use envinorma_am_import::{AmArchive, ArchiveLimits, ArchiveReader, read_zip};
use envinorma_db::DbConfig;
use envinorma_icpe_import::prepared::{ImportOptions, PreparedFile, import_prepared};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::{Path, PathBuf};

#[derive(clap::Subcommand)]
pub enum Import {
    /// Published AMs (a zip of `<CID>.json`, or a folder of them) → database, all or nothing.
    Ams {
        /// The archive or folder.
        source: PathBuf,
        /// Import even when more than 20% of the AMs in the database would be deleted.
        #[arg(long)]
        force: bool,
    },
    /// Prepared CSVs → database; the kind of each file is told by its name
    /// (`installations_`, `classements_`, `aps_`, `classement_references`).
    Icpe {
        /// The files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Import even when more than 20% of the public installations would be deleted.
        #[arg(long)]
        force: bool,
    },
}

/// A connection to the database of `DATABASE_URL`, migrated: what the operator commands start from.
pub(crate) async fn migrated_database() -> anyhow::Result<envinorma_db::tokio_postgres::Client> {
    let config = DbConfig::from_env().context("DATABASE_URL")?;
    let mut client = config
        .connect()
        .await
        .context("cannot connect to the database of DATABASE_URL")?;
    envinorma_db::migrate(&mut client).await?;
    Ok(client)
}

pub async fn run(command: &Import) -> anyhow::Result<()> {
    let mut client = migrated_database().await?;
    match command {
        Import::Ams { source, force } => {
            let archive = read_ams(source)?;
            let report = envinorma_am_import::import_ams(
                &mut client,
                &source.display().to_string(),
                &archive,
                *force,
            )
            .await?;
            finish(report.succeeded(), &report, &report.summary())
        }
        Import::Icpe { files, force } => {
            let contents = read_all(files)?;
            let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
            let prepared: Vec<PreparedFile> = names
                .iter()
                .zip(&contents)
                .map(|(name, bytes)| PreparedFile { name, bytes })
                .collect();
            // Files named on the command line are imported whatever their dataset (told by their
            // names): ICPE_DATASET only says which dataset the S3 triggers import.
            let options = ImportOptions {
                force: *force,
                ..ImportOptions::default()
            };
            let spinner = ProgressBar::new_spinner().with_message("validating and importing…");
            spinner.enable_steady_tick(std::time::Duration::from_millis(120));
            let pool = DbConfig::from_env().context("DATABASE_URL")?.pool()?;
            let report = import_prepared(&pool, &prepared, &options).await?;
            spinner.finish_and_clear();
            finish(report.is_success(), &report, &report.summary())
        }
    }
}

/// Prints the summary; on failure the whole report goes to stderr and the exit is non-zero.
pub(crate) fn finish(
    succeeded: bool,
    report: &impl serde::Serialize,
    summary: &str,
) -> anyhow::Result<()> {
    if succeeded {
        println!("{summary}");
        return Ok(());
    }
    eprintln!("{}", serde_json::to_string_pretty(report)?);
    bail!("{summary}")
}

/// The entries of a zip archive or of a folder (and its subfolders, named `sub/…` as in a zip),
/// sorted and read within the limits of the published archive, with a progress bar.
pub(crate) fn read_ams(source: &Path) -> anyhow::Result<AmArchive> {
    let name = source.display().to_string();
    if source.is_file() {
        let bytes = std::fs::read(source).with_context(|| format!("cannot read {name}"))?;
        return Ok(read_zip(&name, &bytes, ArchiveLimits::default())?);
    }
    let mut entries = Vec::new();
    folder_entries(source, "", &mut entries)?;
    let mut reader = ArchiveReader::new(&name, entries.len(), ArchiveLimits::default());
    let bar = ProgressBar::new(entries.len() as u64).with_style(
        ProgressStyle::with_template("reading {bar:30} {pos}/{len} files")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    for (entry, path) in &entries {
        if !reader.wants_more() {
            break;
        }
        bar.inc(1);
        if path.is_dir() {
            reader.add(entry, true, std::io::empty());
        } else {
            let file = std::fs::File::open(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            reader.add(entry, false, file);
        }
    }
    bar.finish_and_clear();
    Ok(reader.finish())
}

/// Every file and folder under `folder`, named by its path from the top with `/`, sorted.
fn folder_entries(
    folder: &Path,
    prefix: &str,
    entries: &mut Vec<(String, PathBuf)>,
) -> anyhow::Result<()> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(folder)
        .with_context(|| format!("cannot list {}", folder.display()))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    paths.sort();
    for path in paths {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if path.is_dir() {
            let entry = format!("{prefix}{name}/");
            entries.push((entry.clone(), path.clone()));
            folder_entries(&path, &entry, entries)?;
        } else {
            entries.push((format!("{prefix}{name}"), path));
        }
    }
    Ok(())
}

fn read_all(paths: &[PathBuf]) -> anyhow::Result<Vec<Vec<u8>>> {
    let bar = ProgressBar::new(paths.len() as u64).with_style(
        ProgressStyle::with_template("reading {bar:30} {pos}/{len} files")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let contents = paths
        .iter()
        .map(|path| {
            bar.inc(1);
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
        })
        .collect();
    bar.finish_and_clear();
    contents
}
