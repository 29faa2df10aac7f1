//! The back-office's routes, one module each.

mod am;
mod applicability;
mod catalogue;
mod compare;
mod element;
mod legifrance;
mod login;
mod metadata;
mod parametrization;
mod preview;
mod publish;
mod text;
mod topics;

pub use login::{TOO_MANY_FAILURES, WRONG_CREDENTIALS};

use crate::auth::LOGIN_PATH;
use crate::state::BoState;
use axum::Router;
use axum::routing::{get, post};

/// Every route; the guard around them (see `auth::guard`) signs requests in.
pub fn routes() -> Router<BoState> {
    Router::new()
        .route("/", get(catalogue::show))
        .route(LOGIN_PATH, get(login::show).post(login::sign_in))
        .route("/deconnexion", post(login::sign_out))
        .route("/am/{cid}", get(am::show))
        .route(
            "/nouvel-arrete",
            get(metadata::new_am).post(metadata::create_am),
        )
        .route(
            "/am/{cid}/metadonnees",
            get(metadata::edit_metadata).post(metadata::save_metadata),
        )
        .route("/am/{cid}/supprimer", post(metadata::delete))
        .route("/am/{cid}/en-vigueur", post(metadata::put_in_force))
        .route("/am/{cid}/apercu", get(preview::show))
        .route("/am/{cid}/texte", get(text::show).post(text::save))
        .route("/am/{cid}/texte/verifier", post(text::verify))
        .route(
            "/am/{cid}/legifrance",
            get(legifrance::show).post(legifrance::import),
        )
        .route("/am/{cid}/legifrance/api", post(legifrance::fetch))
        .route("/am/{cid}/parametrage", get(parametrization::show))
        .route("/am/{cid}/comparer", get(compare::show))
        .route("/am/{cid}/comparer/legifrance", post(compare::legifrance))
        .route("/am/{cid}/themes", get(topics::show).post(topics::save))
        .route("/am/{cid}/themes/supprimer", post(topics::remove))
        .route(
            "/am/{cid}/parametrage/applicabilite",
            get(applicability::show).post(applicability::save),
        )
        .route(
            "/am/{cid}/parametrage/{kind}",
            get(element::new).post(element::post_new),
        )
        .route(
            "/am/{cid}/parametrage/{kind}/{id}",
            get(element::edit).post(element::post_edit),
        )
        .route(
            "/am/{cid}/parametrage/{kind}/{id}/copie",
            get(element::copy),
        )
        .route(
            "/am/{cid}/parametrage/{kind}/{id}/supprimer",
            post(element::delete),
        )
        .route("/publier", post(publish::publish))
        .route(
            envinorma_web::paths::STATIC_FILE,
            get(envinorma_web::static_file),
        )
}
