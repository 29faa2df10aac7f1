//! Prescriptions users pick for their inspections.

use crate::client::Client;
use crate::error::DbError;

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

/// Records a prescription; returns its id.
pub async fn insert(client: &impl Client, new: &NewPrescription<'_>) -> Result<i64, DbError> {
    let row = client
        .query_one(
            "INSERT INTO prescriptions
                (user_id, installation_id, from_am_id, alinea_id, reference, content, text_reference,
                 rank, topic, is_table, name)
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

/// The AM alinéas (`<section_id>_<index>`) a user took for an installation.
pub async fn alinea_ids(
    client: &impl Client,
    user_id: i64,
    installation_id: i64,
) -> Result<Vec<String>, DbError> {
    let rows = client
        .query(
            "SELECT alinea_id FROM prescriptions
             WHERE user_id = $1 AND installation_id = $2 AND from_am_id IS NOT NULL",
            &[&user_id, &installation_id],
        )
        .await?;
    Ok(rows.iter().map(|row| row.get(0)).collect())
}
