//! An AM's life in the back-office over HTTP: created from a CID, its metadata form with the
//! spec's rules and French messages, its move to "en vigueur", its deletion with a reason.

mod common;

use common::{Bo, PASSWORD, location, post_form};
use envinorma_core::authoring::AmState;
use envinorma_db::bo;
use envinorma_db::testing::count;
use reqwest::StatusCode;

const CID: &str = "JORFTEXT000012345678";

/// The error messages of a page.
async fn errors(response: reqwest::Response) -> Vec<String> {
    let html = response.text().await.unwrap();
    let document = scraper::Html::parse_document(&html);
    let selector = scraper::Selector::parse(".fr-error-text, .fr-alert p").unwrap();
    document
        .select(&selector)
        .map(|element| element.text().collect())
        .collect()
}

fn valid_form() -> Vec<(&'static str, &'static str)> {
    vec![
        ("title", "Arrêté du 01/02/21 relatif aux installations"),
        ("has_nor", "1"),
        ("nor", "DEVP0123456A"),
        ("aida_page", "1234"),
        ("rubrique", "5000"),
        ("regime", "E"),
        ("alinea", "A.2"),
        ("rubrique", ""),
        ("regime", ""),
        ("alinea", ""),
        ("state", "EN_CREATION"),
        ("reason_deleted", ""),
        ("source", "LEGIFRANCE"),
    ]
}

#[tokio::test]
async fn an_am_is_created_from_its_cid_then_put_in_force_then_deleted_with_a_reason() {
    let bo = Bo::start().await;
    let browser = bo.browser();
    bo.sign_in(&browser, PASSWORD, "1.1.1.1").await;

    let refused = post_form(
        &bo,
        &browser,
        "/nouvel-arrete",
        "/nouvel-arrete",
        &[("cid", "JORFTEXT1")],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        errors(refused).await,
        [envinorma_core::authoring::INVALID_AM_ID]
    );
    let accepted = post_form(
        &bo,
        &browser,
        "/nouvel-arrete",
        "/nouvel-arrete",
        &[("cid", CID)],
    )
    .await;
    assert_eq!(location(&accepted), format!("/am/{CID}/metadonnees"));

    let form_page = format!("/am/{CID}/metadonnees");
    let mut form = valid_form();
    form.retain(|(name, _)| *name != "title");
    form.push((
        "title",
        "Arrêté du 1er février 2021 relatif aux installations",
    ));
    let invalid = post_form(&bo, &browser, &form_page, &form_page, &form).await;
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let messages = errors(invalid).await;
    assert!(
        messages.contains(&"Le titre doit donner la date de signature au format JJ/MM/AA juste avant « relatif » ou « fixant », par exemple « Arrêté du 01/02/21 relatif aux… ».".to_owned()),
        "{messages:?}"
    );
    let client = bo.db.client().await;
    assert!(bo::documents(&client, CID).await.unwrap().is_none());

    let saved = post_form(&bo, &browser, &form_page, &form_page, &valid_form()).await;
    assert_eq!(location(&saved), format!("/am/{CID}"));
    let documents = bo::documents(&client, CID).await.unwrap().unwrap();
    assert_eq!(documents.metadata.state, AmState::EnCreation);
    assert_eq!(
        documents.metadata.date_of_signature.to_string(),
        "2021-02-01"
    );
    assert_eq!(
        documents.text.title.text,
        "Arrêté du 01/02/21 relatif aux installations"
    );
    assert!(documents.text.sections.is_empty());

    let am_page = format!("/am/{CID}");
    let in_force = post_form(
        &bo,
        &browser,
        &am_page,
        &format!("/am/{CID}/en-vigueur"),
        &[],
    )
    .await;
    assert_eq!(location(&in_force), am_page);
    let state = bo::documents(&client, CID)
        .await
        .unwrap()
        .unwrap()
        .metadata
        .state;
    assert_eq!(state, AmState::Vigueur);

    let delete = format!("/am/{CID}/supprimer");
    let short = post_form(&bo, &browser, &am_page, &delete, &[("reason", "doublon")]).await;
    assert_eq!(short.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        errors(short)
            .await
            .contains(&"Le motif de suppression doit compter au moins 10 caractères.".to_owned())
    );
    let reason = "doublon de JORFTEXT000000000001";
    let deleted = post_form(&bo, &browser, &am_page, &delete, &[("reason", reason)]).await;
    assert_eq!(location(&deleted), am_page);
    let metadata = bo::documents(&client, CID).await.unwrap().unwrap().metadata;
    assert_eq!(
        (metadata.state, metadata.reason_deleted.as_deref()),
        (AmState::Deleted, Some(reason))
    );

    // Each change is in the log.
    let edits = bo::edits(&client, CID, 10).await.unwrap();
    let whats: Vec<&str> = edits.iter().map(|edit| edit.what.as_str()).collect();
    assert_eq!(
        whats,
        [
            "arrêté supprimé : doublon de JORFTEXT000000000001",
            "statut : en vigueur",
            "arrêté créé"
        ]
    );
    assert!(edits.iter().all(|edit| edit.editor == "editrice"));
    // The creation logged the three documents, the two changes only the metadata.
    for (column, logged) in [("metadata", 3), ("text", 1), ("parametrization", 1)] {
        let sql = format!("SELECT count(*) FROM bo.edits WHERE {column} IS NOT NULL");
        assert_eq!(count(&client, &sql).await, logged, "{column}");
    }
    let page = bo.page(&browser, &am_page).await;
    assert!(page.contains(reason), "{page}");
    let catalogue = bo.page(&browser, "/").await;
    assert!(
        catalogue.contains("<caption>Abrogés ou supprimés (1)</caption>"),
        "{catalogue}"
    );
}

#[tokio::test]
async fn an_existing_cid_cannot_be_created_twice_and_an_unknown_one_is_not_found() {
    let bo = Bo::start().await;
    let browser = bo.browser();
    bo.sign_in(&browser, PASSWORD, "1.1.1.1").await;
    let form_page = format!("/am/{CID}/metadonnees");
    post_form(&bo, &browser, &form_page, &form_page, &valid_form()).await;
    let again = post_form(
        &bo,
        &browser,
        "/nouvel-arrete",
        "/nouvel-arrete",
        &[("cid", CID)],
    )
    .await;
    assert_eq!(
        errors(again).await,
        [format!("L’arrêté {CID} existe déjà.")]
    );
    let unknown = browser
        .get(format!("{}/am/not-a-cid/metadonnees", bo.url))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}
