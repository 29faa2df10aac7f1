//! Installations of users: fictive ones and copies of public ones, with their classements.

use crate::aps::{self, StoredAp};
use crate::client::Client;
use crate::error::DbError;
use crate::icpe::PgS3icId;
use crate::pg_date::PgDate;
use envinorma_core::icpe_csv::S3icId;
use envinorma_core::{Classement, ClassementDetails, Date, Regime, Volume};
use tokio_postgres::Row;
use tokio_postgres::types::ToSql;

/// The id of the public installation with this S3IC id.
pub async fn public_id(client: &impl Client, s3ic_id: S3icId) -> Result<Option<i64>, DbError> {
    optional_id(
        client,
        "SELECT id FROM installations WHERE user_id IS NULL AND s3ic_id = $1",
        &[&PgS3icId(s3ic_id)],
    )
    .await
}

/// Creates a user's fictive installation (S3IC id `0000.00000`), without classements.
pub async fn create_fictive(
    client: &impl Client,
    user_id: i64,
    name: &str,
) -> Result<i64, DbError> {
    let row = client
        .query_one(
            "INSERT INTO installations (s3ic_id, name, user_id) VALUES ($1, $2, $3) RETURNING id",
            &[&PgS3icId(S3icId::FICTIVE), &name, &user_id],
        )
        .await?;
    Ok(row.get(0))
}

/// Adds a classement to an installation.
pub async fn add_classement(
    client: &impl Client,
    installation_id: i64,
    classement: &Classement,
) -> Result<i64, DbError> {
    add_classement_with_activite(client, installation_id, classement, None).await
}

/// Adds a classement with the activity it covers (a nomenclature line's description).
pub async fn add_classement_with_activite(
    client: &impl Client,
    installation_id: i64,
    classement: &Classement,
    activite: Option<&str>,
) -> Result<i64, DbError> {
    let row = client
        .query_one(
            "INSERT INTO classements
                (installation_id, rubrique, regime, alinea, activite, date_autorisation,
                 date_mise_en_service, volume)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            &[
                &installation_id,
                &classement.rubrique,
                &classement.regime.as_str(),
                &classement.alinea,
                &activite,
                &PgDate::option(classement.date_autorisation),
                &PgDate::option(classement.date_mise_en_service),
                &classement.volume.stored(),
            ],
        )
        .await?;
    Ok(row.get(0))
}

/// Copies a public installation and its classements for a user; `None` when there is no such
/// public installation. A second copy by the same user violates `installations_one_copy_per_user_key`.
pub async fn duplicate(
    client: &impl Client,
    installation_id: i64,
    user_id: i64,
) -> Result<Option<i64>, DbError> {
    optional_id(
        client,
        include_str!("installations/duplicate.sql"),
        &[&installation_id, &user_id],
    )
    .await
}

/// The id in the first column of the query's one row, if it has one.
async fn optional_id(
    client: &impl Client,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
) -> Result<Option<i64>, DbError> {
    let row = client.query_opt(sql, params).await?;
    Ok(row.map(|row| row.get(0)))
}

/// An installation as the pages show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Installation {
    /// Our internal id (the one in URLs).
    pub id: i64,
    pub s3ic_id: S3icId,
    pub name: String,
    pub zipcode: Option<String>,
    pub city: Option<String>,
    pub department: Option<String>,
    pub region: Option<String>,
    pub last_inspection: Option<Date>,
    pub regime: Option<Regime>,
    /// `NS`, `SB`, `SH`, `AS`.
    pub seveso: Option<String>,
    pub state: Option<String>,
    /// The owner; `None` for public installations.
    pub user_id: Option<i64>,
    /// The public installation this one copies.
    pub duplicated_from_id: Option<i64>,
}

impl Installation {
    /// Fictive installations (made up by a user) have no real details to show.
    pub fn is_fictive(&self) -> bool {
        self.s3ic_id.is_fictive()
    }

    /// Public installations are everyone's; the others are their owner's only.
    pub fn visible_to(&self, user_id: Option<i64>) -> bool {
        self.user_id.is_none() || self.user_id == user_id
    }

    /// Only a user's own installations may change; public ones are read-only for everybody.
    pub fn owned_by(&self, user_id: Option<i64>) -> bool {
        self.user_id.is_some() && self.user_id == user_id
    }

    /// The installation whose APs this one shows: APs belong to public installations, and a
    /// copy shows its original's.
    pub fn aps_holder(&self) -> i64 {
        self.duplicated_from_id.unwrap_or(self.id)
    }
}

const INSTALLATION_COLUMNS: &str = "id, s3ic_id, name, zipcode, city, department, region, \
     last_inspection, regime, seveso, state, user_id, duplicated_from_id";

fn installation(row: &Row) -> Result<Installation, DbError> {
    Ok(Installation {
        id: row.get(0),
        s3ic_id: row.try_get::<_, PgS3icId>(1)?.0,
        name: row.get(2),
        zipcode: row.get(3),
        city: row.get(4),
        department: row.get(5),
        region: row.get(6),
        last_inspection: row.get::<_, Option<PgDate>>(7).map(|d| d.0),
        regime: row.get::<_, Option<&str>>(8).and_then(Regime::parse),
        seveso: row.get(9),
        state: row.get(10),
        user_id: row.get(11),
        duplicated_from_id: row.get(12),
    })
}

/// One installation by id.
pub async fn get(client: &impl Client, id: i64) -> Result<Option<Installation>, DbError> {
    // Prepared once per connection: every route of an installation starts here.
    let sql = format!("SELECT {INSTALLATION_COLUMNS} FROM installations WHERE id = $1");
    let statement = client.prepare_cached(&sql).await?;
    client
        .query_opt(&statement, &[&id])
        .await?
        .as_ref()
        .map(installation)
        .transpose()
}

/// A user's installations, by name.
pub async fn of_user(client: &impl Client, user_id: i64) -> Result<Vec<Installation>, DbError> {
    let sql = format!(
        "SELECT {INSTALLATION_COLUMNS} FROM installations WHERE user_id = $1 ORDER BY name, id"
    );
    client
        .query(&sql, &[&user_id])
        .await?
        .iter()
        .map(installation)
        .collect()
}

/// The user's copy of a public installation, if they made one.
pub async fn copy_of(
    client: &impl Client,
    installation_id: i64,
    user_id: i64,
) -> Result<Option<i64>, DbError> {
    optional_id(
        client,
        "SELECT id FROM installations WHERE duplicated_from_id = $1 AND user_id = $2",
        &[&installation_id, &user_id],
    )
    .await
}

/// Renames an installation.
pub async fn rename(client: &impl Client, id: i64, name: &str) -> Result<(), DbError> {
    client
        .execute(
            "UPDATE installations SET name = $2, updated_at = now() WHERE id = $1",
            &[&id, &name],
        )
        .await?;
    Ok(())
}

/// Deletes an installation with its classements and prescriptions (foreign key cascades).
pub async fn delete(client: &impl Client, id: i64) -> Result<(), DbError> {
    client
        .execute("DELETE FROM installations WHERE id = $1", &[&id])
        .await?;
    Ok(())
}

/// What a user may change of one of their classements (the rubrique stays).
#[derive(Debug, Clone, PartialEq)]
pub struct ClassementChange {
    pub id: i64,
    pub regime: Regime,
    pub alinea: Option<String>,
    pub date_autorisation: Option<Date>,
    pub date_mise_en_service: Option<Date>,
    pub volume: Volume,
}

/// Applies a change to a classement of an installation (ids of other installations are left
/// alone).
pub async fn update_classement(
    client: &impl Client,
    installation_id: i64,
    change: &ClassementChange,
) -> Result<(), DbError> {
    client
        .execute(
            "UPDATE classements
             SET regime = $3, alinea = $4, date_autorisation = $5, date_mise_en_service = $6,
                 volume = $7, updated_at = now()
             WHERE id = $1 AND installation_id = $2",
            &[
                &change.id,
                &installation_id,
                &change.regime.as_str(),
                &change.alinea,
                &PgDate::option(change.date_autorisation),
                &PgDate::option(change.date_mise_en_service),
                &change.volume.stored(),
            ],
        )
        .await?;
    Ok(())
}

/// Deletes classements of an installation (ids of other installations are left alone).
pub async fn delete_classements(
    client: &impl Client,
    installation_id: i64,
    ids: &[i64],
) -> Result<(), DbError> {
    client
        .execute(
            "DELETE FROM classements WHERE installation_id = $1 AND id = ANY($2)",
            &[&installation_id, &ids],
        )
        .await?;
    Ok(())
}

/// A classement of an installation, with its row id (forms edit it by id).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredClassement {
    pub id: i64,
    pub details: ClassementDetails,
}

const CLASSEMENTS_SQL: &str = "SELECT id, rubrique, regime, alinea, rubrique_acte, regime_acte,
        alinea_acte, activite, date_autorisation, date_mise_en_service, volume
    FROM classements WHERE installation_id = $1 ORDER BY id";

/// The classements of an installation, in stored order.
pub async fn classements(
    client: &impl Client,
    installation_id: i64,
) -> Result<Vec<StoredClassement>, DbError> {
    let statement = client.prepare_cached(CLASSEMENTS_SQL).await?;
    let rows = client.query(&statement, &[&installation_id]).await?;
    Ok(rows.iter().map(stored_classement).collect())
}

fn stored_classement(row: &Row) -> StoredClassement {
    StoredClassement {
        id: row.get(0),
        details: ClassementDetails {
            rubrique: row.get(1),
            // The schema's CHECK allows only known régimes.
            regime: Regime::parse(row.get(2)).unwrap_or(Regime::Unknown),
            alinea: row.get(3),
            rubrique_acte: row.get(4),
            regime_acte: row.get::<_, Option<&str>>(5).and_then(Regime::parse),
            alinea_acte: row.get(6),
            activite: row.get(7),
            date_autorisation: row.get::<_, Option<PgDate>>(8).map(|d| d.0),
            date_mise_en_service: row.get::<_, Option<PgDate>>(9).map(|d| d.0),
            volume: Volume::new(row.get(10)),
        },
    }
}

/// An installation with its classements and its APs: the installation page, the most asked
/// one. The three statements stay prepared on the connection and go out together, so the page
/// costs one round trip and no SQL parsing.
pub async fn with_classements_and_aps(
    client: &impl Client,
    id: i64,
) -> Result<Option<(Installation, Vec<StoredClassement>, Vec<StoredAp>)>, DbError> {
    let get_sql = format!("SELECT {INSTALLATION_COLUMNS} FROM installations WHERE id = $1");
    let query = |sql: &str| {
        let sql = sql.to_string();
        async move {
            let statement = client.prepare_cached(&sql).await?;
            client.query(&statement, &[&id]).await
        }
    };
    let (found, classements, aps) = futures::try_join!(
        query(&get_sql),
        query(CLASSEMENTS_SQL),
        query(aps::OF_INSTALLATION_SQL)
    )?;
    let Some(row) = found.first() else {
        return Ok(None);
    };
    Ok(Some((
        installation(row)?,
        classements.iter().map(stored_classement).collect(),
        aps.iter().map(aps::stored_ap).collect(),
    )))
}

/// The départements of public installations, in alphabetical order, as S3IC writes them
/// (`SEINE ET MARNE`).
pub async fn public_departments(client: &impl Client) -> Result<Vec<String>, DbError> {
    // A DISTINCT would read every installation: each step asks the index (migration 0016) for
    // the first département after the last one found.
    let statement = client
        .prepare_cached(
            "WITH RECURSIVE found (department) AS (
                 (SELECT department FROM installations
                  WHERE user_id IS NULL AND department > '' ORDER BY department LIMIT 1)
                 UNION ALL
                 SELECT (SELECT i.department FROM installations i
                         WHERE i.user_id IS NULL AND i.department > found.department
                         ORDER BY i.department LIMIT 1)
                 FROM found WHERE found.department IS NOT NULL)
             SELECT department FROM found WHERE btrim(department) <> ''",
        )
        .await?;
    let rows = client.query(&statement, &[]).await?;
    Ok(rows.iter().map(|row| row.get(0)).collect())
}

/// The longest query the search reads, in characters: longer ones are cut (a query pasted by
/// mistake finds what its beginning finds), which bounds the work of one search.
pub const MAX_SEARCH_CHARS: usize = 200;

/// The part of `query` the search reads: its first [`MAX_SEARCH_CHARS`] characters.
pub fn search_text(query: &str) -> &str {
    match query.char_indices().nth(MAX_SEARCH_CHARS) {
        Some((end, _)) => &query[..end],
        None => query,
    }
}

/// Public installations matching a search, at most `limit`, in no particular order (as the
/// original): sorting would make a common word read and sort every match, 0.5–1 s at national
/// scale, where the first matches take a few milliseconds.
///
/// The rule of the original: without space, one of name, S3IC id, city or zip code contains
/// the text; otherwise the text is split at its last space and one of these fields contains the
/// first words, and one contains the last word. Each part and each field is compared by its
/// search key (migration 0013): case, accents and punctuation ignored. A part without three
/// letters or digits in a row is looked for at the start of a word only (`75`, `st`): a part
/// that short found anywhere could not use the index, and a user typing it means a beginning.
/// A part without letter or digit is left out; a query without any finds nothing. Only the first
/// [`MAX_SEARCH_CHARS`] characters count.
pub async fn search(
    client: &impl Client,
    query: &str,
    limit: i64,
) -> Result<Vec<Installation>, DbError> {
    let query = search_text(query).trim();
    let (first, last) = match query.rsplit_once(' ') {
        Some((first, last)) => (first.trim_end(), last),
        None => (query, ""),
    };
    // The keys and patterns are computed from the parameters once, while planning (immutable
    // functions of constants), so PostgreSQL sees plain patterns it can look up in the index,
    // and keeps only the branch of each part that applies.
    let sql = format!(
        "SELECT {INSTALLATION_COLUMNS} FROM installations
         WHERE user_id IS NULL
           AND (search_key($1) <> '' OR search_key($2) <> '')
           AND {}
           AND {}
         LIMIT $3",
        part_matches("$1"),
        part_matches("$2"),
    );
    let rows = client.query(&sql, &[&first, &last, &limit]).await?;
    rows.iter().map(installation).collect()
}

/// The condition of one part of a search (the parameter `param`), per migration 0013: none
/// for an empty part; several words found anywhere through the index of the text without
/// spaces, then checked as they are (`search_text || ''` keeps PostgreSQL from also asking
/// the other index, whose candidates would be every row holding the words); else the pattern.
fn part_matches(param: &str) -> String {
    format!(
        "(search_key({param}) = '' OR CASE WHEN search_phrase({param})
            THEN replace(search_text, ' ', '') LIKE replace(search_pattern({param}), ' ', '')
                 AND (search_text || '') LIKE search_pattern({param})
            ELSE search_text LIKE search_pattern({param}) END)"
    )
}

/// `text` matching itself only in a `LIKE` pattern.
pub(crate) fn like_escaped(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}
