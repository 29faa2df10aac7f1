//! Reading AMs and installations from files, shared by the data commands.

use anyhow::Context;
use envinorma_core::icpe_csv::{InstallationRow, read_classements, read_installations};
use envinorma_core::{AmCatalog, Classement, parse_am_files};
use std::path::{Path, PathBuf};

/// Where the data of a command comes from.
#[derive(clap::Args)]
pub struct Sources {
    /// Folder of AM JSON files (`<CID>.json`).
    #[arg(long, value_name = "DIR")]
    pub ams: PathBuf,
    /// Prepared installations CSV (`installations_<dataset>.csv`).
    #[arg(long, value_name = "CSV")]
    pub installations: PathBuf,
    /// Prepared classements CSV (`classements_<dataset>.csv`).
    #[arg(long, value_name = "CSV")]
    pub classements: PathBuf,
}

/// An installation with its classements in stored order.
pub struct Installation {
    pub row: InstallationRow,
    pub classements: Vec<Classement>,
}

/// Loads every readable AM of the folder; unreadable ones are reported on stderr and skipped.
pub fn load_catalog(dir: &Path) -> anyhow::Result<AmCatalog> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json") {
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            files.push((
                name,
                std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?,
            ));
        }
    }
    let (ams, errors) = parse_am_files(files);
    for error in &errors {
        eprintln!("skipped AM {}", error);
    }
    Ok(AmCatalog::new(ams))
}

/// Loads the installations in CSV order, each with its classements.
pub fn load_installations(
    installations: &Path,
    classements: &Path,
) -> anyhow::Result<Vec<Installation>> {
    let open = |path: &Path| {
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))
    };
    let rows = read_installations(&installations.display().to_string(), open(installations)?)?;
    let mut by_installation =
        read_classements(&classements.display().to_string(), open(classements)?)?;
    Ok(rows
        .into_iter()
        .map(|row| Installation {
            classements: by_installation.remove(&row.s3ic_id).unwrap_or_default(),
            row,
        })
        .collect())
}

impl Sources {
    pub fn load(&self) -> anyhow::Result<(AmCatalog, Vec<Installation>)> {
        Ok((
            load_catalog(&self.ams)?,
            load_installations(&self.installations, &self.classements)?,
        ))
    }
}
