//! `envinorma bo-user add` and `envinorma bo seed|publish`: the back-office's operator
//! commands, against `DATABASE_URL` (migrations applied first).

use crate::commands::import::{migrated_database, read_ams};
use anyhow::{Context, bail};
use envinorma_back_office::publish::{self, Unpublishable, published_files};
use envinorma_back_office::seed::{self, add_editor};
use std::io::Read;
use std::path::PathBuf;

#[derive(clap::Subcommand)]
pub enum BoUser {
    /// Adds an editor and prints their password (generated, unless --password-stdin).
    Add {
        login: String,
        /// Reads the password from standard input (one line; its newline is dropped).
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(clap::Subcommand)]
pub enum Bo {
    /// Loads the published AM files of DIR (`*.json`, or a zip of them) as AMs in force, all
    /// or nothing.
    Seed { dir: PathBuf },
    /// Publishes the AMs in force to the `am` bucket (S3 settings, or $ENVINORMA_LOCAL_BUCKETS),
    /// or writes their files to DIR with --out.
    Publish {
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

pub async fn run_user(command: &BoUser) -> anyhow::Result<()> {
    let BoUser::Add {
        login,
        password_stdin,
    } = command;
    let password = if *password_stdin {
        let mut line = String::new();
        std::io::stdin()
            .read_to_string(&mut line)
            .context("reading the password from standard input")?;
        let line = line.strip_suffix('\n').unwrap_or(&line);
        Some(line.strip_suffix('\r').unwrap_or(line).to_owned())
    } else {
        None
    };
    let client = migrated_database().await?;
    let password = add_editor(&client, login, password.clone()).await?;
    if *password_stdin {
        eprintln!("editor {login} added");
    } else {
        println!("{password}");
        eprintln!("editor {login} added; their password is above (it is shown once)");
    }
    Ok(())
}

pub async fn run(command: &Bo) -> anyhow::Result<()> {
    let mut client = migrated_database().await?;
    match command {
        Bo::Seed { dir } => {
            let archive = read_ams(dir)?;
            if !archive.problems.is_empty() {
                let problems: Vec<String> = archive
                    .problems
                    .iter()
                    .map(|p| format!("{}: {}", p.file, p.problem))
                    .collect();
                bail!("nothing seeded: {}", problems.join("; "));
            }
            if archive.files.is_empty() {
                bail!("nothing seeded: {} holds no <CID>.json file", dir.display());
            }
            let documents = match seed::documents_of(&archive.files) {
                Ok(documents) => documents,
                Err(refusals) => bail!(
                    "nothing seeded: {} file(s) refused\n{}",
                    refusals.len(),
                    refusals.join("\n")
                ),
            };
            let transaction = client.transaction().await?;
            seed::seed(&transaction, &documents).await?;
            transaction.commit().await?;
            eprintln!("{} AMs seeded from {}", documents.len(), dir.display());
            Ok(())
        }
        Bo::Publish { out } => {
            let documents = envinorma_db::bo::all_documents(&client).await?;
            let files = match published_files(&documents) {
                Ok(files) => files,
                Err(Unpublishable::NothingInForce) => bail!(
                    "nothing published: no AM is in force (an empty archive would remove every \
                     AM from the web app)"
                ),
                Err(Unpublishable::Refused(refusals)) => {
                    let lines: Vec<String> = refusals
                        .iter()
                        .map(|r| format!("{}: {}", r.cid, r.reasons.join("; ")))
                        .collect();
                    bail!(
                        "nothing published: {} AM(s) fail their checks\n{}",
                        lines.len(),
                        lines.join("\n")
                    );
                }
            };
            match out {
                Some(dir) => {
                    std::fs::create_dir_all(dir)
                        .with_context(|| format!("cannot create {}", dir.display()))?;
                    for (name, json) in &files {
                        let path = dir.join(name);
                        std::fs::write(&path, json)
                            .with_context(|| format!("cannot write {}", path.display()))?;
                    }
                    eprintln!("{} AMs written to {}", files.len(), dir.display());
                }
                None => {
                    let store = crate::commands::serve::store().await?;
                    let published = publish::publish(&*store, &files).await?;
                    eprintln!(
                        "{} AMs published: am/{} and am/{}",
                        published.ams,
                        published.key,
                        envinorma_am_import::LATEST_ARCHIVE
                    );
                }
            }
            Ok(())
        }
    }
}
