//! Installations of users: fictive ones and copies of public ones, with their classements.

use crate::error::DbError;
use crate::pg_date::PgDate;
use envinorma_core::Classement;
use envinorma_core::icpe_csv::S3icId;
use tokio_postgres::GenericClient;

/// The id of the public installation with this S3IC id.
pub async fn public_id(
    client: &impl GenericClient,
    s3ic_id: S3icId,
) -> Result<Option<i64>, DbError> {
    let row = client
        .query_opt(
            "SELECT id FROM installations WHERE user_id IS NULL AND s3ic_id = $1",
            &[&s3ic_id.to_string()],
        )
        .await?;
    Ok(row.map(|row| row.get(0)))
}

/// Creates a user's fictive installation (S3IC id `0000.00000`), without classements.
pub async fn create_fictive(
    client: &impl GenericClient,
    user_id: i64,
    name: &str,
) -> Result<i64, DbError> {
    let row = client
        .query_one(
            "INSERT INTO installations (s3ic_id, name, user_id) VALUES ($1, $2, $3) RETURNING id",
            &[&S3icId::FICTIVE.to_string(), &name, &user_id],
        )
        .await?;
    Ok(row.get(0))
}

/// Adds a classement to an installation.
pub async fn add_classement(
    client: &impl GenericClient,
    installation_id: i64,
    classement: &Classement,
) -> Result<i64, DbError> {
    let row = client
        .query_one(
            "INSERT INTO classements
                (installation_id, rubrique, regime, alinea, date_autorisation, date_mise_en_service, volume)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            &[
                &installation_id,
                &classement.rubrique,
                &classement.regime.as_str(),
                &classement.alinea,
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
    client: &impl GenericClient,
    installation_id: i64,
    user_id: i64,
) -> Result<Option<i64>, DbError> {
    let row = client
        .query_opt(
            include_str!("installations/duplicate.sql"),
            &[&installation_id, &user_id],
        )
        .await?;
    Ok(row.map(|row| row.get(0)))
}
