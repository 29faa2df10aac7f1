//! `envinorma bo seed DIR`: published AM files (either schema version) loaded as AMs in force,
//! each split back into its three documents. All or nothing: one bad file and nothing is seeded.

use envinorma_core::am::parse_am;
use envinorma_core::authoring::{AmDocuments, split};
use envinorma_db::{Client, DbError, bo};

/// The editor the seeded versions are logged under.
pub const SEED_EDITOR: &str = "seed";

/// The documents of every file `(name, bytes)`, or every file's reason for refusal.
pub fn documents_of(files: &[(String, Vec<u8>)]) -> Result<Vec<AmDocuments>, Vec<String>> {
    let mut documents = Vec::new();
    let mut refusals = Vec::new();
    for (name, bytes) in files {
        let split = parse_am(name, bytes)
            .map_err(|error| error.to_string())
            .and_then(|am| split(&am).map_err(|error| format!("{name}: {error}")));
        match split {
            Ok(am) => documents.push(am),
            Err(reason) => refusals.push(reason),
        }
    }
    if refusals.is_empty() {
        Ok(documents)
    } else {
        Err(refusals)
    }
}

/// Writes every AM, each change logged; the caller runs it in one transaction.
pub async fn seed(client: &impl Client, documents: &[AmDocuments]) -> Result<(), DbError> {
    for am in documents {
        let before = bo::documents(client, &am.metadata.cid).await?;
        bo::save(client, SEED_EDITOR, "chargement", before.as_ref(), am).await?;
    }
    Ok(())
}

/// Adds an editor; a generated password when none is given. Logins are 2 to 64 letters,
/// digits or `.`, `-`, `_`, `@`.
pub async fn add_editor(
    client: &impl Client,
    login: &str,
    password: Option<String>,
) -> Result<String, EditorError> {
    let valid = (2..=64).contains(&login.chars().count())
        && login
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '@'));
    if !valid {
        return Err(EditorError::InvalidLogin(login.to_owned()));
    }
    let password = password.unwrap_or_else(crate::auth::generate_password);
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(EditorError::ShortPassword);
    }
    let hash = crate::auth::hash_password(&password)
        .map_err(|error| EditorError::Hash(error.to_string()))?;
    match bo::add_editor(client, login, &hash).await? {
        Some(_) => Ok(password),
        None => Err(EditorError::Taken(login.to_owned())),
    }
}

/// Shorter passwords are guessed offline from a stolen hash in days.
pub const MIN_PASSWORD_LEN: usize = 12;

/// Why an editor cannot be added.
#[derive(Debug, thiserror::Error)]
pub enum EditorError {
    #[error("login {0:?}: 2 to 64 letters, digits or . - _ @")]
    InvalidLogin(String),
    #[error("the password must be at least {MIN_PASSWORD_LEN} characters long")]
    ShortPassword,
    #[error("an editor {0:?} exists already")]
    Taken(String),
    #[error("argon2: {0}")]
    Hash(String),
    #[error(transparent)]
    Db(#[from] DbError),
}
