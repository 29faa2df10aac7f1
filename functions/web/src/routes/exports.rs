//! The downloads of the user's prescriptions for an installation (`POST`, from the AM/AP page
//! and the recap): the fiche d'inspection (ODT, plain or by topic) and the GUN sheet (ODS).

use crate::access::Reading;
use crate::error::WebError;
use crate::exports::{self, ExportError, ExportHeader};
use crate::forms::FormFields;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use envinorma_db::pg_date::today_in_france;
use envinorma_db::prescriptions;
use envinorma_odf::Kind;

/// Which file.
enum Export {
    Fiche { by_topic: bool },
    Gun,
}

/// `POST /installations/:id/arretes/fiche_inspection` (`by_topic` = `1` groups by topic).
pub async fn fiche_inspection(reading: Reading, fields: FormFields) -> Result<Response, WebError> {
    let by_topic = fields.get("by_topic") == "1";
    export(reading, Export::Fiche { by_topic }).await
}

/// `POST /installations/:id/arretes/fiche_gun`.
pub async fn fiche_gun(reading: Reading) -> Result<Response, WebError> {
    export(reading, Export::Gun).await
}

async fn export(reading: Reading, export: Export) -> Result<Response, WebError> {
    let Reading {
        visitor,
        installation,
        client,
        ..
    } = reading;
    let (list, today) = tokio::try_join!(
        async {
            match visitor.user_id() {
                Some(user_id) => prescriptions::list(&client, user_id, installation.id).await,
                None => Ok(Vec::new()),
            }
        },
        today_in_france(&client),
    )?;
    let s3ic_id = installation.s3ic_id.to_string();
    let fictive = installation.is_fictive();
    let header = ExportHeader {
        installation_name: &installation.name,
        s3ic_id: (!fictive).then_some(s3ic_id.as_str()),
        date: today,
    };
    // S3IC ids are digits and a dot, the date digits and dashes: nothing to quote.
    let named = if fictive {
        format!("installation-{}", installation.id)
    } else {
        s3ic_id.clone()
    };
    let (file, kind, name) = match export {
        Export::Fiche { by_topic } => (
            exports::fiche(&list, by_topic, &header),
            Kind::Text,
            "fiche_inspection",
        ),
        Export::Gun => (exports::gun(&list, &header), Kind::Spreadsheet, "fiche_GUN"),
    };
    let bytes = file.map_err(|error| match error {
        ExportError::NoPrescription => WebError::BadRequest(exports::NO_PRESCRIPTION.into()),
        ExportError::Odf(error) => WebError::Internal(format!("export: {error}")),
    })?;
    let disposition = format!(
        "attachment; filename=\"{name}_{named}_{today}.{}\"",
        kind.extension()
    );
    Ok((
        [
            (CONTENT_TYPE, kind.media_type().to_string()),
            (CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}
