//! `/am/{cid}/parametrage/applicabilite`: the AM-level applicability, its warnings (one a line)
//! and, when « Définir la condition d'inapplicabilité ? » is ticked, the condition under which
//! the whole AM does not apply. Saved into the text's `applicability`, and logged.

use super::text::saved;
use crate::auth::Session;
use crate::error::BoError;
use crate::forms::Fields;
use crate::parametrization::{Action, ConditionInput, paths};
use crate::state::BoState;
use crate::views::{Layout, form_status, render};
use askama::Template;
use axum::extract::{Extension, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use envinorma_core::am::AmApplicability;
use envinorma_db::bo;
use envinorma_web::security::CsrfToken;

/// Most warnings an AM shows.
const MAX_WARNINGS: usize = 20;

/// Longest warning, in characters.
const MAX_WARNING_CHARS: usize = 2_000;

#[derive(Template)]
#[template(path = "applicability.html")]
struct ApplicabilityPage {
    layout: Layout,
    csrf: CsrfToken,
    cid: String,
    /// The warnings, one a line.
    warnings: String,
    with_condition: bool,
    condition: ConditionInput,
    errors: Vec<String>,
}

impl ApplicabilityPage {
    fn new(session: &Session, cid: &str) -> ApplicabilityPage {
        ApplicabilityPage {
            layout: Layout::signed_in(format!("Applicabilité de {cid}"), session),
            csrf: session.csrf.clone(),
            cid: cid.to_owned(),
            warnings: String::new(),
            with_condition: false,
            condition: ConditionInput::default(),
            errors: Vec::new(),
        }
    }

    fn answer(&self) -> Result<Response, BoError> {
        render(form_status(&self.errors), self)
    }

    fn condition(&self) -> &ConditionInput {
        &self.condition
    }

    fn overview_path(&self) -> String {
        paths::overview(&self.cid)
    }

    fn action_path(&self) -> String {
        paths::applicability(&self.cid)
    }

    /// The warnings of the textarea: its non-blank lines, trimmed.
    fn warning_lines(&self) -> Result<Vec<String>, String> {
        let warnings: Vec<String> = self
            .warnings
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect();
        if warnings.len() > MAX_WARNINGS {
            return Err(format!(
                "Un arrêté a au plus {MAX_WARNINGS} avertissements ; il y en a {}.",
                warnings.len()
            ));
        }
        match warnings
            .iter()
            .position(|warning| warning.chars().count() > MAX_WARNING_CHARS)
        {
            Some(at) => Err(format!(
                "L’avertissement n°{} dépasse {MAX_WARNING_CHARS} caractères.",
                at + 1
            )),
            None => Ok(warnings),
        }
    }
}

pub async fn show(
    State(state): State<BoState>,
    Extension(session): Extension<Session>,
    Path(cid): Path<String>,
) -> Result<Response, BoError> {
    let documents = saved(&state.db().await?, &cid).await?;
    let applicability = &documents.text.applicability;
    let mut page = ApplicabilityPage::new(&session, &cid);
    page.warnings = applicability.warnings.join("\n");
    if let Some(condition) = &applicability.condition_of_inapplicability {
        page.with_condition = true;
        match ConditionInput::of(condition) {
            Ok(rows) => page.condition = rows,
            Err(error) => page.errors.push(error.to_string()),
        }
    }
    page.answer()
}

pub async fn save(
    State(state): State<BoState>,
    Extension(session): Extension<Session>,
    Path(cid): Path<String>,
    fields: Fields,
) -> Result<Response, BoError> {
    let action = Action::parse(fields.text("action"))?;
    let mut page = ApplicabilityPage::new(&session, &cid);
    page.warnings = fields.text("avertissements").to_owned();
    page.with_condition = fields.text("avec-condition") == "1";
    page.condition = ConditionInput::read(&fields)?;
    match action {
        Action::Save => {}
        Action::AddRow => {
            if let Err(refusal) = page.condition.add_row() {
                page.errors.push(refusal);
            }
            return page.answer();
        }
        Action::RemoveRow(row) => {
            page.condition.remove_row(row);
            return page.answer();
        }
        _ => {
            return Err(BoError::BadRequest(
                "Ce bouton n’existe pas sur ce formulaire : rechargez la page.".to_owned(),
            ));
        }
    }
    let warnings = page
        .warning_lines()
        .map_err(|error| page.errors.push(error));
    let condition = match page.with_condition {
        true => page
            .condition
            .build()
            .map(Some)
            .map_err(|error| page.errors.push(error.to_string())),
        false => Ok(None),
    };
    let (Ok(warnings), Ok(condition)) = (warnings, condition) else {
        return page.answer();
    };
    let mut db = state.db().await?;
    let transaction = db.transaction().await?;
    let before = saved(&transaction, &cid).await?;
    let mut after = before.clone();
    let what = format!(
        "applicabilité de l’arrêté modifiée : {} avertissement(s), {}",
        warnings.len(),
        match &condition {
            Some(condition) => format!("inapplicable si {}", condition.to_str()),
            None => "sans condition d’inapplicabilité".to_owned(),
        }
    );
    after.text.applicability = AmApplicability {
        warnings,
        condition_of_inapplicability: condition,
    };
    let editor = &session.editor.login;
    bo::save(&transaction, editor, &what, Some(&before), &after).await?;
    transaction.commit().await?;
    tracing::info!(%editor, %cid, what, "back-office: AM applicability saved");
    Ok(Redirect::to(&paths::overview(&cid)).into_response())
}
