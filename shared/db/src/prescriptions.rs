//! Prescriptions users pick for their inspections, and what they found for each.

use crate::client::Client;
use crate::error::DbError;
use tokio_postgres::Row;

/// What the inspector found for a prescription.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Status {
    #[default]
    AVerifier,
    Conforme,
    NonConforme,
    SansObjet,
}

impl Status {
    /// Every status, in the order forms and counts show them.
    pub const ALL: [Status; 4] = [
        Status::AVerifier,
        Status::Conforme,
        Status::NonConforme,
        Status::SansObjet,
    ];

    /// Its value in the database and in forms.
    pub fn code(self) -> &'static str {
        match self {
            Status::AVerifier => "a_verifier",
            Status::Conforme => "conforme",
            Status::NonConforme => "non_conforme",
            Status::SansObjet => "sans_objet",
        }
    }

    /// Its French label.
    pub fn label(self) -> &'static str {
        match self {
            Status::AVerifier => "À vérifier",
            Status::Conforme => "Conforme",
            Status::NonConforme => "Non conforme",
            Status::SansObjet => "Sans objet",
        }
    }

    /// The status of a code, `None` for anything else.
    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|status| status.code() == code)
    }
}

/// A prescription to record.
#[derive(Debug, Clone, Copy)]
pub struct NewPrescription<'a> {
    /// Who picked it.
    pub user_id: i64,
    /// For which installation.
    pub installation_id: i64,
    /// The AM's CID; `None` for a prescription typed from an AP.
    pub from_am_id: Option<&'a str>,
    /// `<section_id>_<index>` of the AM alinea.
    pub alinea_id: Option<&'a str>,
    /// Where it comes from ("Art. 2").
    pub reference: &'a str,
    /// Its text (a table as JSON).
    pub content: &'a str,
    /// The text it comes from, as shown ("AM - 09/04/19").
    pub text_reference: Option<&'a str>,
    /// The section's rank, for ordering.
    pub rank: Option<&'a str>,
    /// Its topic (`AUCUN` when none).
    pub topic: &'a str,
    /// Whether `content` is a table.
    pub is_table: bool,
    /// The section title.
    pub name: Option<&'a str>,
}

/// A recorded prescription, as the recap and the exports read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prescription {
    pub id: i64,
    /// The AM's CID; `None` for a prescription typed from an AP.
    pub from_am_id: Option<String>,
    /// `<section_id>_<index>` of the AM alinéa.
    pub alinea_id: Option<String>,
    pub reference: String,
    pub name: Option<String>,
    /// Its text, or its table as JSON (`is_table`).
    pub content: String,
    pub is_table: bool,
    /// "AM - 09/04/19 - 2521 E", "AP - 27/04/21".
    pub text_reference: Option<String>,
    /// Dotted rank of the alinéa in its AM ("3.1.2"), for ordering.
    pub rank: Option<String>,
    /// Topic code (`AUCUN` when none).
    pub topic: String,
    pub status: Status,
    pub comment: String,
    /// When it was taken, in microseconds since 1970: the recap's first ordering key.
    pub created_at_micros: i64,
}

const COLUMNS: &str =
    "id, from_am_id, alinea_id, reference, name, content, is_table, text_reference,
     rank, topic, status, comment,
     (extract(epoch FROM created_at) * 1000000)::bigint";

fn prescription(row: &Row) -> Prescription {
    let status: String = row.get(10);
    Prescription {
        id: row.get(0),
        from_am_id: row.get(1),
        alinea_id: row.get(2),
        reference: row.get(3),
        name: row.get(4),
        content: row.get(5),
        is_table: row.get(6),
        text_reference: row.get(7),
        rank: row.get(8),
        topic: row.get(9),
        // The column's CHECK constraint allows only the four codes.
        status: Status::from_code(&status).unwrap_or_default(),
        comment: row.get(11),
        created_at_micros: row.get(12),
    }
}

/// Records a prescription; returns its id. An AM alinéa is taken once per user and
/// installation (a unique index).
pub async fn insert(client: &impl Client, new: &NewPrescription<'_>) -> Result<i64, DbError> {
    let row = client
        .query_one(
            "INSERT INTO prescriptions
                (user_id, installation_id, from_am_id, alinea_id, reference, content,
                 text_reference, rank, topic, is_table, name)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
            &[
                &new.user_id,
                &new.installation_id,
                &new.from_am_id,
                &new.alinea_id,
                &new.reference,
                &new.content,
                &new.text_reference,
                &new.rank,
                &new.topic,
                &new.is_table,
                &new.name,
            ],
        )
        .await?;
    Ok(row.get(0))
}

/// What the user's list for an installation holds after a section was saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionSaved {
    /// `false` when the list would have held more than the limit: nothing changed.
    pub within_limit: bool,
    pub taken: Taken,
}

/// The size of a user's list for an installation and the AM alinéas it holds: what the AM/AP
/// page's counter and boxes show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Taken {
    pub count: i64,
    /// `<section_id>_<index>`.
    pub alinea_ids: Vec<String>,
}

/// What the user's list for an installation holds (see [`Taken`]).
pub async fn taken(
    client: &impl Client,
    user_id: i64,
    installation_id: i64,
) -> Result<Taken, DbError> {
    let statement = client
        .prepare_cached(
            "SELECT count(*),
                    coalesce(array_agg(alinea_id) FILTER (WHERE alinea_id IS NOT NULL), '{}')
             FROM prescriptions WHERE user_id = $1 AND installation_id = $2",
        )
        .await?;
    let row = client
        .query_one(&statement, &[&user_id, &installation_id])
        .await?;
    Ok(Taken {
        count: row.get(0),
        alinea_ids: row.get(1),
    })
}

/// One statement (atomic, prepared once per connection: saving a tick is the most frequent
/// change): the section's alinéas not ticked go, the ticked ones not yet taken come, those
/// already taken stay as they are (status and comment kept); nothing changes when the list
/// would exceed `$12` prescriptions. Answers the list's state after.
const REPLACE_SECTION_SQL: &str = "
WITH before AS (
    SELECT id, alinea_id, from_am_id IS NOT NULL
           AND left(alinea_id, length($3) + 1) = $3 || '_' AS in_section
    FROM prescriptions WHERE user_id = $1 AND installation_id = $2
), ticked AS (
    SELECT * FROM unnest($5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                         $10::bool[], $11::text[])
        AS t (alinea_id, reference, content, rank, topic, is_table, name)
), allowed AS (
    SELECT (SELECT count(*) FROM before WHERE NOT in_section) + (SELECT count(*) FROM ticked)
           <= $12 AS ok
), removed AS (
    DELETE FROM prescriptions p USING before b
    WHERE p.id = b.id AND b.in_section AND (SELECT ok FROM allowed)
      AND b.alinea_id NOT IN (SELECT alinea_id FROM ticked)
    RETURNING p.id
), added AS (
    INSERT INTO prescriptions
        (user_id, installation_id, from_am_id, alinea_id, reference, content, text_reference,
         rank, topic, is_table, name)
    SELECT $1, $2, $4, t.alinea_id, t.reference, t.content, $13, t.rank, t.topic, t.is_table,
           t.name
    FROM ticked t WHERE (SELECT ok FROM allowed)
    ON CONFLICT (installation_id, user_id, alinea_id) WHERE from_am_id IS NOT NULL DO NOTHING
    RETURNING alinea_id
), kept AS (
    SELECT alinea_id FROM before WHERE id NOT IN (SELECT id FROM removed)
    UNION ALL SELECT alinea_id FROM added
)
SELECT (SELECT ok FROM allowed), (SELECT count(*) FROM kept),
       ARRAY(SELECT alinea_id FROM kept WHERE alinea_id IS NOT NULL)";

/// The AM alinéas ticked in one section, to save with [`replace_section`].
#[derive(Debug, Clone, Copy)]
pub struct TickedSection<'a> {
    pub user_id: i64,
    pub installation_id: i64,
    /// The AM's CID.
    pub am_id: &'a str,
    pub section_id: &'a str,
    /// The AM's reference as the page shows it ("AM - 09/04/19 - 2521 E").
    pub text_reference: &'a str,
    pub alineas: &'a [TickedAlinea<'a>],
}

/// One ticked alinéa of a section.
#[derive(Debug, Clone, Copy)]
pub struct TickedAlinea<'a> {
    /// `<section_id>_<index>`.
    pub alinea_id: &'a str,
    /// The section's reference ("Article 2") and title.
    pub reference: &'a str,
    pub name: &'a str,
    /// Its text, or its table as JSON.
    pub content: &'a str,
    pub is_table: bool,
    /// The section's dotted rank in the AM.
    pub rank: &'a str,
    pub topic: &'a str,
}

/// Makes the user's prescriptions from the section exactly its ticked alinéas (see
/// [`REPLACE_SECTION_SQL`]), within `max` prescriptions in all.
pub async fn replace_section<'a>(
    client: &impl Client,
    section: &TickedSection<'a>,
    max: i64,
) -> Result<SectionSaved, DbError> {
    let alineas = section.alineas;
    let column = |field: fn(&TickedAlinea<'a>) -> &'a str| -> Vec<&'a str> {
        alineas.iter().map(field).collect()
    };
    let alinea_ids = column(|a| a.alinea_id);
    let references = column(|a| a.reference);
    let contents = column(|a| a.content);
    let ranks = column(|a| a.rank);
    let topics = column(|a| a.topic);
    let names = column(|a| a.name);
    let tables: Vec<bool> = alineas.iter().map(|a| a.is_table).collect();
    let statement = client.prepare_cached(REPLACE_SECTION_SQL).await?;
    let row = client
        .query_one(
            &statement,
            &[
                &section.user_id,
                &section.installation_id,
                &section.section_id,
                &section.am_id,
                &alinea_ids,
                &references,
                &contents,
                &ranks,
                &topics,
                &tables,
                &names,
                &max,
                &section.text_reference,
            ],
        )
        .await?;
    Ok(SectionSaved {
        within_limit: row.get(0),
        taken: Taken {
            count: row.get(1),
            alinea_ids: row.get(2),
        },
    })
}

/// The user's prescriptions for an installation, oldest first.
pub async fn list(
    client: &impl Client,
    user_id: i64,
    installation_id: i64,
) -> Result<Vec<Prescription>, DbError> {
    let rows = client
        .query(
            &format!(
                "SELECT {COLUMNS} FROM prescriptions
                 WHERE user_id = $1 AND installation_id = $2 ORDER BY created_at, id"
            ),
            &[&user_id, &installation_id],
        )
        .await?;
    Ok(rows.iter().map(prescription).collect())
}

/// Deletes one of the user's prescriptions for an installation; `false` when the id is not
/// one of them (nothing is deleted).
pub async fn delete(
    client: &impl Client,
    user_id: i64,
    installation_id: i64,
    id: i64,
) -> Result<bool, DbError> {
    let deleted = client
        .execute(
            "DELETE FROM prescriptions WHERE id = $1 AND user_id = $2 AND installation_id = $3",
            &[&id, &user_id, &installation_id],
        )
        .await?;
    Ok(deleted == 1)
}

/// Deletes all the user's prescriptions for an installation; returns how many.
pub async fn delete_all(
    client: &impl Client,
    user_id: i64,
    installation_id: i64,
) -> Result<u64, DbError> {
    Ok(client
        .execute(
            "DELETE FROM prescriptions WHERE user_id = $1 AND installation_id = $2",
            &[&user_id, &installation_id],
        )
        .await?)
}

/// Records what the inspector found for one of their prescriptions; `false` when the id is
/// not one of theirs for this installation (nothing changes).
pub async fn set_compliance(
    client: &impl Client,
    user_id: i64,
    installation_id: i64,
    id: i64,
    status: Status,
    comment: &str,
) -> Result<bool, DbError> {
    let updated = client
        .execute(
            "UPDATE prescriptions SET status = $4, comment = $5, updated_at = now()
             WHERE id = $1 AND user_id = $2 AND installation_id = $3",
            &[&id, &user_id, &installation_id, &status.code(), &comment],
        )
        .await?;
    Ok(updated == 1)
}

/// Whether an AM changed since the oldest of the user's prescriptions taken from it.
pub async fn stale(
    client: &impl Client,
    user_id: i64,
    installation_id: i64,
) -> Result<bool, DbError> {
    let row = client
        .query_one(
            "SELECT EXISTS (
                 SELECT 1 FROM prescriptions p JOIN ams a ON a.cid = p.from_am_id
                 WHERE p.user_id = $1 AND p.installation_id = $2
                 GROUP BY a.cid, a.content_updated_at
                 HAVING a.content_updated_at > min(p.created_at)
             )",
            &[&user_id, &installation_id],
        )
        .await?;
    Ok(row.get(0))
}

/// How many prescriptions the user has for an installation.
pub async fn count(
    client: &impl Client,
    user_id: i64,
    installation_id: i64,
) -> Result<i64, DbError> {
    let row = client
        .query_one(
            "SELECT count(*) FROM prescriptions WHERE user_id = $1 AND installation_id = $2",
            &[&user_id, &installation_id],
        )
        .await?;
    Ok(row.get(0))
}
