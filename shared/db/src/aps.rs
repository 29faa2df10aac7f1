//! Arrêtés préfectoraux (APs) of public installations, as the pages list and serve them. The
//! ICPE import writes them (`icpe::replace_aps`); a copy of an installation shows its
//! original's.

use crate::client::Client;
use crate::error::DbError;
use crate::installations::Installation;
use crate::pg_date::PgDate;
use envinorma_core::Date;
use envinorma_core::icpe_csv::OcrStatus;
use tokio_postgres::Row;

/// An arrêté préfectoral as the pages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAp {
    /// `P/c/b6896c18c4964031a644c67b4618d88c`: also the key of its PDF.
    pub georisques_id: String,
    pub date: Option<Date>,
    pub description: Option<String>,
    pub ocr_status: OcrStatus,
    /// Bytes of the PDF, when known.
    pub size: Option<i32>,
}

/// The APs of installation `$1` (a copy shows its original's), most recent first.
pub(crate) const OF_INSTALLATION_SQL: &str = "SELECT georisques_id, date, description, ocr_status, size FROM aps
    WHERE installation_id = (SELECT coalesce(duplicated_from_id, id) FROM installations WHERE id = $1)
    ORDER BY date DESC NULLS LAST, id";

/// The APs of these georisques ids that belong to an installation, in the order asked.
pub async fn selected(
    client: &impl Client,
    installation: &Installation,
    georisques_ids: &[String],
) -> Result<Vec<StoredAp>, DbError> {
    let rows = client
        .query(
            "SELECT georisques_id, date, description, ocr_status, size FROM aps
             JOIN unnest($2::text[]) WITH ORDINALITY AS asked (georisques_id, position) USING (georisques_id)
             WHERE installation_id = $1 ORDER BY position",
            &[&installation.aps_holder(), &georisques_ids],
        )
        .await?;
    Ok(rows.iter().map(stored_ap).collect())
}

/// One AP by georisques id.
pub async fn get(client: &impl Client, georisques_id: &str) -> Result<Option<StoredAp>, DbError> {
    let row = client
        .query_opt(
            "SELECT georisques_id, date, description, ocr_status, size FROM aps WHERE georisques_id = $1",
            &[&georisques_id],
        )
        .await?;
    Ok(row.as_ref().map(stored_ap))
}

pub(crate) fn stored_ap(row: &Row) -> StoredAp {
    StoredAp {
        georisques_id: row.get(0),
        date: row.get::<_, Option<PgDate>>(1).map(|d| d.0),
        description: row.get(2),
        ocr_status: OcrStatus::parse(row.get(3)).unwrap_or(OcrStatus::Null),
        size: row.get(4),
    }
}

/// Records what the OCR made of an AP (when it has a row: its job may outlive it), so that the
/// pages show the document before ap-sync lists the bucket again.
pub async fn set_ocr_result(
    client: &impl Client,
    georisques_id: &str,
    status: OcrStatus,
    size: Option<i32>,
) -> Result<(), DbError> {
    client
        .execute(
            "UPDATE aps SET ocr_status = $2, size = $3, updated_at = now()
             WHERE georisques_id = $1 AND (ocr_status, size) IS DISTINCT FROM ($2, $3)",
            &[&georisques_id, &status.as_str(), &size],
        )
        .await?;
    Ok(())
}
