//! Users' own installations over HTTP, against a real database: creating fictive ones, copying
//! public ones, renaming, editing and adding classements, deleting, "Mes installations", and
//! the server-side checks (owner only, CSRF, escaping).
mod common;

use common::app::{Browser, Page, TestApp, form_fields, set, text_of};
use common::selector;

/// The number of lines of 0065.00037 (GOULARD Enrobés) in classements_idf.csv.
fn goulard_classements() -> i64 {
    common::classements("idf", "0065.00037").len() as i64
}

/// The app on the IDF data, with the nomenclature catalogue (not part of the IDF template).
async fn app() -> TestApp {
    let app = TestApp::idf().await;
    app.import_classement_references().await;
    app
}

/// The id of a nomenclature line.
async fn reference_id(app: &TestApp, rubrique: &str, regime: &str, alinea: &str) -> i64 {
    let client = app.db.client().await;
    client
        .query_one(
            "SELECT id FROM classement_references
             WHERE rubrique = $1 AND regime = $2 AND coalesce(alinea, '') = $3",
            &[&rubrique, &regime, &alinea],
        )
        .await
        .unwrap_or_else(|e| panic!("reference {rubrique} {regime} {alinea}: {e}"))
        .get(0)
}

/// One value of the database.
async fn scalar<T: for<'a> tokio_postgres::types::FromSql<'a>>(
    app: &TestApp,
    sql: &str,
    params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
) -> T {
    app.db
        .client()
        .await
        .query_one(sql, params)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .get(0)
}

async fn user_installations_count(app: &TestApp) -> i64 {
    scalar(
        app,
        "SELECT count(*) FROM installations WHERE user_id IS NOT NULL",
        &[],
    )
    .await
}

async fn classements_count(app: &TestApp, installation_id: i64) -> i64 {
    scalar(
        app,
        "SELECT count(*) FROM classements WHERE installation_id = $1",
        &[&installation_id],
    )
    .await
}

async fn name_of(app: &TestApp, installation_id: i64) -> String {
    scalar(
        app,
        "SELECT name FROM installations WHERE id = $1",
        &[&installation_id],
    )
    .await
}

/// The installation a redirection leads to.
fn installation_id(page: &Page) -> i64 {
    assert_eq!(page.status, 303, "{}", page.body);
    let location = page.location();
    location
        .strip_prefix("/installations/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("not an installation page: {location}"))
}

/// A form page, and what a browser would send with its form posted to `action`.
async fn open_form(browser: &Browser, page: &str, action: &str) -> (Page, Vec<(String, String)>) {
    let form = browser.get(page).await;
    assert_eq!(form.status, 200, "{}", form.body);
    let fields = form_fields(&form, &format!("form[action='{action}']"));
    (form, fields)
}

/// Asserts that a form came back refused (422) with its alert and a field's message.
fn assert_refused(page: &Page, alert: &str, message: &str) {
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(text_of(page).contains(alert), "{alert} missing");
    assert!(page.body.contains(message), "{message} missing");
}

/// Posts the new-installation form with these values.
async fn create_fictive(browser: &Browser, values: &[(&str, &str)]) -> Page {
    let (_, mut fields) = open_form(browser, "/installations/new", "/installations").await;
    for (name, value) in values {
        set(&mut fields, name, value);
    }
    browser.post_fields("/installations", &fields).await
}

/// A CSRF token of the browser's user.
async fn csrf(browser: &Browser) -> String {
    browser.get("/installations/new").await.csrf()
}

/// Asks for a copy of installation `id` ("Créer une copie de l’installation").
async fn ask_copy(browser: &Browser, id: i64) -> Page {
    let token = csrf(browser).await;
    let path = format!("/installations?id={id}");
    browser.post(&path, &[("csrf_token", &token)]).await
}

/// The browser's copy of a public installation.
async fn copy(app: &TestApp, browser: &Browser, s3ic_id: &str) -> i64 {
    let public = app.public_id(s3ic_id).await;
    installation_id(&ask_copy(browser, public).await)
}

#[tokio::test]
async fn a_fictive_installation_is_created_from_a_nomenclature_line() {
    let app = app().await;
    let browser = app.browser();
    let entrepot = reference_id(&app, "1510", "E", "2-b").await.to_string();
    let form = browser.get("/installations/new").await;
    assert!(form.body.contains("Créer une installation fictive"));
    assert!(form.body.contains(r#"value="Mon installation""#));

    let created = create_fictive(
        &browser,
        &[
            ("installation[name]", "Entrepôt de test"),
            ("installation[classement][reference_id]", &entrepot),
            ("installation[classement][date_autorisation]", "2020-11-03"),
            (
                "installation[classement][date_mise_en_service]",
                "03/12/2020",
            ),
            ("installation[classement][volume]", "2000,000 m3"),
        ],
    )
    .await;
    let id = installation_id(&created);

    let page = browser.get(&format!("/installations/{id}")).await;
    assert_eq!(page.status, 200);
    let text = text_of(&page);
    for expected in [
        "Entrepôt de test",
        "Entrepot enregistré",
        "03/11/2020",
        "03/12/2020",
        "2000 m3",
    ] {
        assert!(text.contains(expected), "{expected} missing");
    }
    // Fictive: no details, and its made-up S3IC id is never shown.
    assert!(!page.body.contains("N° inspection"));
    assert!(!page.body.contains("0000.00000"));
    let row = app
        .db
        .client()
        .await
        .query_one(
            "SELECT i.s3ic_id, i.user_id IS NOT NULL, c.rubrique, c.regime, c.alinea, c.volume
             FROM installations i JOIN classements c ON c.installation_id = i.id WHERE i.id = $1",
            &[&id],
        )
        .await
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "0000.00000");
    assert!(row.get::<_, bool>(1));
    assert_eq!(
        (
            row.get::<_, String>(2),
            row.get::<_, String>(3),
            row.get::<_, String>(4),
            row.get::<_, String>(5)
        ),
        ("1510".into(), "E".into(), "2-b".into(), "2000 m3".into())
    );
    // "Mes installations" (in every header) now lists it.
    let list = browser.get("/user").await;
    assert_eq!(list.status, 200);
    assert!(
        list.body
            .contains(&format!(r#"href="/installations/{id}""#))
    );
}

#[tokio::test]
async fn invalid_fields_are_refused_with_french_messages_and_nothing_is_saved() {
    let app = app().await;
    let browser = app.browser();
    let refused = create_fictive(
        &browser,
        &[
            ("installation[name]", "   "),
            ("installation[classement][reference_id]", "999999"),
            ("installation[classement][date_autorisation]", "2021-02-30"),
            ("installation[classement][volume]", "20m3"),
        ],
    )
    .await;
    assert_eq!(refused.status, 422);
    let text = text_of(&refused);
    for message in [
        "L'installation n'a pas été créée",
        "Le nom de l’installation est obligatoire.",
        "Ce classement n’existe pas dans la nomenclature",
        "Cette date n’existe pas : saisissez-la au format JJ/MM/AAAA.",
        "Le volume doit commencer par un nombre",
    ] {
        assert!(text.contains(message), "{message} missing");
    }
    // What was typed comes back.
    assert!(refused.body.contains(r#"value="20m3""#));

    let unchosen = create_fictive(&browser, &[("installation[name]", "Sans classement")]).await;
    assert_eq!(unchosen.status, 422);
    assert!(
        unchosen
            .body
            .contains("Choisissez un classement dans la liste")
    );
    assert_eq!(user_installations_count(&app).await, 0);
}

#[tokio::test]
async fn without_script_the_search_button_lists_the_lines_to_choose() {
    let app = app().await;
    let browser = app.browser();
    let searched = create_fictive(
        &browser,
        &[
            ("installation[name]", "Mon entrepôt"),
            ("installation[classement][reference_query]", "1510 e"),
            ("installation[classement][volume]", "12 m3"),
            ("search", "1"),
        ],
    )
    .await;
    assert_eq!(searched.status, 200, "{}", searched.body);
    let html = searched.html();
    let choices: Vec<String> = html
        .select(&selector(
            "input[type=radio][name='installation[classement][reference_id]'] + label",
        ))
        .map(common::text)
        .collect();
    assert_eq!(choices, ["1510 E 2-b - Entrepot enregistré"]);
    assert!(searched.body.contains(r#"value="Mon entrepôt""#));
    assert!(searched.body.contains(r#"value="12 m3""#));
    assert_eq!(user_installations_count(&app).await, 0);

    // Choosing the line found and sending creates the installation.
    let mut fields = form_fields(&searched, "form[action='/installations']");
    let entrepot = reference_id(&app, "1510", "E", "2-b").await.to_string();
    set(
        &mut fields,
        "installation[classement][reference_id]",
        &entrepot,
    );
    fields.retain(|(name, _)| name != "search");
    let created = browser.post_fields("/installations", &fields).await;
    installation_id(&created);
}

#[tokio::test]
async fn the_classement_search_answers_lines_by_rubrique_or_description() {
    let app = app().await;
    let browser = app.browser();
    let found = |page: &Page| -> Vec<String> {
        let json: serde_json::Value = serde_json::from_str(&page.body).unwrap();
        json.as_array()
            .unwrap()
            .iter()
            .map(|item| {
                assert!(item["id"].is_i64());
                item["name"].as_str().unwrap().to_string()
            })
            .collect()
    };
    let by_code = found(
        &browser
            .get("/classement_references/search?q=1510%20e%202")
            .await,
    );
    assert_eq!(by_code, ["1510 E 2-b - Entrepot enregistré"]);
    let by_description = found(
        &browser
            .get("/classement_references/search?q=ENTREPOTS%20couverts")
            .await,
    );
    assert!(by_description.contains(&"1510 NC - Entrepôts couverts".to_string()));
    assert!(by_description.iter().all(|name| name.starts_with("1510 ")));
    let many = found(&browser.get("/classement_references/search?q=a").await);
    assert_eq!(many.len(), 15);
    // `%` is a character, not a wildcard.
    let percent = found(&browser.get("/classement_references/search?q=%25").await);
    assert_eq!(percent.len(), 3);
    assert!(percent.iter().all(|name| name.contains('%')));
    assert!(found(&browser.get("/classement_references/search?q=").await).is_empty());
}

#[tokio::test]
async fn a_public_installation_is_copied_once_per_user() {
    let app = app().await;
    let browser = app.browser();
    let public = app.public_id("0065.00037").await;
    let copy_id = copy(&app, &browser, "0065.00037").await;
    assert_ne!(copy_id, public);
    assert_eq!(
        classements_count(&app, copy_id).await,
        classements_count(&app, public).await
    );
    let page = browser.get(&format!("/installations/{copy_id}")).await;
    assert!(
        page.body
            .contains("Cette installation a été créée par vos soins")
    );

    let again = ask_copy(&browser, public).await;
    assert_eq!(installation_id(&again), copy_id);
    let shown = browser.follow(&again).await;
    assert!(
        shown
            .body
            .contains("Vous avez déjà une copie de cette installation")
    );
    assert_eq!(user_installations_count(&app).await, 1);
    let original = browser.get(&format!("/installations/{public}")).await;
    assert!(original.body.contains("Consulter votre version"));
    // Only public installations are copied.
    let of_copy = ask_copy(&browser, copy_id).await;
    assert_eq!(of_copy.status, 400);
    assert_eq!(user_installations_count(&app).await, 1);
}

#[tokio::test]
async fn the_owner_renames_an_installation() {
    let app = app().await;
    let browser = app.browser();
    let id = copy(&app, &browser, "0065.00037").await;
    let path = format!("/installations/{id}");
    let (_, mut fields) = open_form(&browser, &format!("{path}/edit_name"), &path).await;

    set(&mut fields, "installation[name]", "  ");
    let refused = browser.post_fields(&path, &fields).await;
    let blank = "Le nom de l’installation est obligatoire.";
    assert_refused(&refused, "L'installation n'a pas été mise à jour", blank);
    assert_eq!(name_of(&app, id).await, "GOULARD Enrobés");

    set(&mut fields, "installation[name]", " Centrale d'enrobage ");
    let renamed = browser.post_fields(&path, &fields).await;
    assert_eq!(installation_id(&renamed), id);
    let page = browser.follow(&renamed).await;
    assert!(text_of(&page).contains("L'installation a bien été mise à jour"));
    assert_eq!(name_of(&app, id).await, "Centrale d'enrobage");
}

#[tokio::test]
async fn the_owner_edits_every_classement_at_once() {
    let app = app().await;
    let browser = app.browser();
    let id = copy(&app, &browser, "0065.00037").await;
    let path = format!("/installations/{id}");
    let (form, fields) = open_form(&browser, &format!("{path}/edit"), &path).await;
    assert!(form.body.contains("La rubrique ne peut pas être modifiée."));
    assert!(form.body.contains("ex: 250 m3"));
    // Rows come strictest régime first: 2521 E, then 2515 D and 2915 D.
    let row = |n: usize, field: &str| format!("installation[classements_attributes][{n}][{field}]");
    let row_id = |n: usize| -> i64 {
        let id_field = row(n, "id");
        let (_, value) = fields.iter().find(|(name, _)| *name == id_field).unwrap();
        value.parse().unwrap()
    };
    let (first_id, second_id) = (row_id(0), row_id(1));
    let before = classements_count(&app, id).await;

    // One wrong value refuses the whole form.
    let mut wrong = fields.clone();
    set(&mut wrong, &row(0, "regime"), "NC");
    set(&mut wrong, &row(2, "volume"), "beaucoup");
    let refused = browser.post_fields(&path, &wrong).await;
    let volume = "Le volume doit commencer par un nombre";
    assert_refused(&refused, "L'installation n'a pas été mise à jour", volume);
    assert!(refused.body.contains(r#"value="beaucoup""#));
    let regime: String = scalar(
        &app,
        "SELECT regime FROM classements WHERE id = $1",
        &[&first_id],
    )
    .await;
    assert_eq!(regime, "E");

    let mut edited = fields.clone();
    set(&mut edited, &row(0, "regime"), "NC");
    set(&mut edited, &row(0, "alinea"), "2");
    set(&mut edited, &row(0, "volume"), "250,000 m3");
    set(&mut edited, &row(0, "date_autorisation"), "2001-02-03");
    set(&mut edited, &row(1, "_destroy"), "1");
    set(&mut edited, &row(1, "volume"), "ignored when deleted");
    let updated = browser.post_fields(&path, &edited).await;
    assert_eq!(installation_id(&updated), id);
    let page = browser.follow(&updated).await;
    assert!(page.body.contains("bien été mise à jour"));

    let client = app.db.client().await;
    let first = client
        .query_one(
            "SELECT rubrique, regime, alinea, volume, date_autorisation::text FROM classements WHERE id = $1",
            &[&first_id],
        )
        .await
        .unwrap();
    assert_eq!(
        (
            first.get::<_, String>(0),
            first.get::<_, String>(1),
            first.get::<_, String>(2),
            first.get::<_, String>(3),
            first.get::<_, String>(4)
        ),
        (
            "2521".into(),
            "NC".into(),
            "2".into(),
            "250 m3".into(),
            "2001-02-03".into()
        )
    );
    let second_left: i64 = scalar(
        &app,
        "SELECT count(*) FROM classements WHERE id = $1",
        &[&second_id],
    )
    .await;
    assert_eq!(second_left, 0);
    assert_eq!(classements_count(&app, id).await, before - 1);
}

#[tokio::test]
async fn the_rubrique_and_other_installations_classements_cannot_be_changed() {
    let app = app().await;
    let browser = app.browser();
    let id = copy(&app, &browser, "0065.00037").await;
    let path = format!("/installations/{id}");
    let (_, mut fields) = open_form(&browser, &format!("{path}/edit"), &path).await;
    // A forged rubrique is ignored.
    set(
        &mut fields,
        "installation[classements_attributes][0][rubrique]",
        "9999",
    );
    let updated = browser.post_fields(&path, &fields).await;
    assert_eq!(updated.status, 303);
    let forged: i64 = scalar(
        &app,
        "SELECT count(*) FROM classements WHERE rubrique = '9999'",
        &[],
    )
    .await;
    assert_eq!(forged, 0);

    // A classement of another installation (here the public original) is refused.
    let public = app.public_id("0065.00037").await;
    let foreign: i64 = scalar(
        &app,
        "SELECT min(id) FROM classements WHERE installation_id = $1",
        &[&public],
    )
    .await;
    set(
        &mut fields,
        "installation[classements_attributes][0][id]",
        &foreign.to_string(),
    );
    set(
        &mut fields,
        "installation[classements_attributes][0][_destroy]",
        "1",
    );
    let refused = browser.post_fields(&path, &fields).await;
    assert_eq!(refused.status, 400);
    assert_eq!(classements_count(&app, public).await, goulard_classements());
}

#[tokio::test]
async fn a_classement_is_added_from_a_nomenclature_line() {
    let app = app().await;
    let browser = app.browser();
    let id = copy(&app, &browser, "0065.00005").await;
    let before = classements_count(&app, id).await;
    let path = format!("/installations/{id}/classements");
    let (form, mut fields) = open_form(&browser, &format!("{path}/new"), &path).await;
    assert!(form.body.contains("Ajouter un classement"));

    set(&mut fields, "classement[volume]", "m3");
    let refused = browser.post_fields(&path, &fields).await;
    let unchosen = "Choisissez un classement dans la liste";
    assert_refused(&refused, "Le classement n'a pas été ajouté", unchosen);
    assert_eq!(classements_count(&app, id).await, before);

    let entrepot = reference_id(&app, "1510", "E", "2-b").await.to_string();
    set(&mut fields, "classement[reference_id]", &entrepot);
    set(&mut fields, "classement[volume]", "2000 m3");
    set(&mut fields, "classement[date_autorisation]", "2020-11-03");
    let added = browser.post_fields(&path, &fields).await;
    assert_eq!(installation_id(&added), id);
    let page = browser.follow(&added).await;
    assert!(page.body.contains("Le classement a été ajouté"));
    assert!(page.body.contains("Entrepot enregistré"));
    assert_eq!(classements_count(&app, id).await, before + 1);
}

#[tokio::test]
async fn deleting_leads_to_my_installations_then_home_when_none_is_left() {
    let app = app().await;
    let browser = app.browser();
    let first = copy(&app, &browser, "0065.00037").await;
    let second = copy(&app, &browser, "0065.00005").await;
    let list = browser.get("/user").await;
    let delete_first = form_fields(&list, &format!("form[action='/installations/{first}']"));
    assert!(delete_first.contains(&("_method".into(), "delete".into())));

    let deleted = browser
        .post_fields(&format!("/installations/{first}"), &delete_first)
        .await;
    assert_eq!(deleted.status, 303);
    assert_eq!(deleted.location(), "/user");
    let list = browser.follow(&deleted).await;
    assert!(text_of(&list).contains("L'installation a bien été supprimée"));
    assert!(!list.body.contains(&format!("/installations/{first}\"")));
    assert_eq!(classements_count(&app, first).await, 0);

    let delete_second = form_fields(&list, &format!("form[action='/installations/{second}']"));
    let deleted = browser
        .post_fields(&format!("/installations/{second}"), &delete_second)
        .await;
    assert_eq!(deleted.location(), "/");
    let home = browser.follow(&deleted).await;
    assert!(
        text_of(&home)
            .contains("L'installation a bien été supprimée. Vous n'avez plus d'installation")
    );
    assert_eq!(user_installations_count(&app).await, 0);
    // Public installations are untouched.
    assert_eq!(
        classements_count(&app, app.public_id("0065.00037").await).await,
        goulard_classements()
    );
}

#[tokio::test]
async fn my_installations_lists_them_or_sends_users_without_any_home() {
    let app = app().await;
    let browser = app.browser();
    let empty = browser.get("/user").await;
    assert_eq!(empty.status, 303);
    assert_eq!(empty.location(), "/");
    let home = browser.follow(&empty).await;
    assert!(text_of(&home).contains("Désolé, vous n’avez pas d'installation"));

    let id = copy(&app, &browser, "0065.00037").await;
    let list = browser.get("/user").await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains("Mes installations"));
    assert!(
        list.body
            .contains(&format!(r#"href="/installations/{id}""#))
    );
    assert!(list.body.contains("GOULARD Enrobés"));
    let html = list.html();
    let button = html
        .select(&selector(&format!(
            "form[action='/installations/{id}'][data-confirm] button[type=submit]"
        )))
        .next()
        .expect("a delete button");
    assert_eq!(common::text(button).trim(), "Supprimer");
}

#[tokio::test]
async fn another_user_can_neither_see_nor_change_an_installation() {
    let app = app().await;
    let alice = app.browser();
    let id = copy(&app, &alice, "0065.00037").await;
    let bob = app.browser();
    // Bob is a known user too, with his own installation.
    copy(&app, &bob, "0065.00005").await;
    let token = csrf(&bob).await;
    let token = token.as_str();
    for path in [
        format!("/installations/{id}"),
        format!("/installations/{id}/edit"),
        format!("/installations/{id}/edit_name"),
        format!("/installations/{id}/classements/new"),
        format!("/installations/{id}/arretes"),
    ] {
        bob.get(&path)
            .await
            .assert_forbidden(&format!("GET {path}"));
    }
    let path = format!("/installations/{id}");
    let attempts: [(&str, Vec<(&str, &str)>); 5] = [
        (
            path.as_str(),
            vec![
                ("csrf_token", token),
                ("_method", "patch"),
                ("installation[name]", "Volée"),
            ],
        ),
        (
            path.as_str(),
            vec![
                ("csrf_token", token),
                ("_method", "put"),
                ("installation[name]", "Volée"),
            ],
        ),
        (
            path.as_str(),
            vec![("csrf_token", token), ("_method", "delete")],
        ),
        (
            &format!("/installations/{id}/classements"),
            vec![("csrf_token", token), ("classement[reference_id]", "1")],
        ),
        (
            &format!("/installations?id={id}"),
            vec![("csrf_token", token)],
        ),
    ];
    for (path, form) in &attempts {
        let page = bob.post(path, form).await;
        assert_eq!(page.status, 403, "POST {path} {form:?}");
    }
    assert_eq!(name_of(&app, id).await, "GOULARD Enrobés");
    assert_eq!(classements_count(&app, id).await, goulard_classements());
    // An anonymous visitor is refused as well; an unknown id is not found.
    let stranger = app.browser();
    assert_eq!(stranger.get(&format!("{path}/edit")).await.status, 403);
    assert_eq!(alice.get("/installations/999999999/edit").await.status, 404);
}

#[tokio::test]
async fn public_installations_are_read_only_for_everybody() {
    let app = app().await;
    let browser = app.browser();
    copy(&app, &browser, "0065.00005").await;
    let public = app.public_id("0065.00037").await;
    let token = csrf(&browser).await;
    for path in ["edit", "edit_name", "classements/new"] {
        let page = browser
            .get(&format!("/installations/{public}/{path}"))
            .await;
        assert_eq!(page.status, 403, "{path}");
    }
    let path = format!("/installations/{public}");
    let renamed = browser
        .post(
            &path,
            &[
                ("csrf_token", &token),
                ("_method", "patch"),
                ("installation[name]", "Renommée"),
            ],
        )
        .await;
    assert_eq!(renamed.status, 403);
    let deleted = browser
        .post(&path, &[("csrf_token", &token), ("_method", "delete")])
        .await;
    assert_eq!(deleted.status, 403);
    let added = browser
        .post(
            &format!("{path}/classements"),
            &[("csrf_token", &token), ("classement[reference_id]", "1")],
        )
        .await;
    assert_eq!(added.status, 403);
    assert_eq!(name_of(&app, public).await, "GOULARD Enrobés");
    assert_eq!(classements_count(&app, public).await, goulard_classements());
}

#[tokio::test]
async fn forms_without_a_valid_csrf_token_change_nothing() {
    let app = app().await;
    let browser = app.browser();
    let id = copy(&app, &browser, "0065.00037").await;
    let path = format!("/installations/{id}");
    for token in [None, Some("0123456789abcdef")] {
        let mut form = vec![("_method", "patch"), ("installation[name]", "Piratée")];
        form.extend(token.map(|token| ("csrf_token", token)));
        let page = browser.post(&path, &form).await;
        assert_eq!(page.status, 403, "token {token:?}");
        let mut delete = vec![("_method", "delete")];
        delete.extend(token.map(|token| ("csrf_token", token)));
        assert_eq!(browser.post(&path, &delete).await.status, 403);
    }
    let created = browser
        .post("/installations", &[("installation[name]", "Sans jeton")])
        .await;
    assert_eq!(created.status, 403);
    assert_eq!(name_of(&app, id).await, "GOULARD Enrobés");
    assert_eq!(user_installations_count(&app).await, 1);
}

#[tokio::test]
async fn a_name_with_markup_is_shown_as_text() {
    const MARKUP: &str = "<script>alert(1)</script>";
    let app = app().await;
    let browser = app.browser();
    let entrepot = reference_id(&app, "1510", "E", "2-b").await.to_string();
    let created = create_fictive(
        &browser,
        &[
            ("installation[name]", MARKUP),
            ("installation[classement][reference_id]", &entrepot),
        ],
    )
    .await;
    let id = installation_id(&created);
    for path in [
        format!("/installations/{id}"),
        format!("/installations/{id}/edit"),
        format!("/installations/{id}/edit_name"),
        format!("/installations/{id}/classements/new"),
        "/user".to_string(),
    ] {
        let page = browser.get(&path).await;
        assert_eq!(page.status, 200, "{path}");
        assert!(!page.body.contains("<script>alert"), "{path}");
        // Shown as text, or as the value of the name field.
        let in_field = page
            .html()
            .select(&selector("input"))
            .any(|input| input.value().attr("value") == Some(MARKUP));
        assert!(text_of(&page).contains(MARKUP) || in_field, "{path}");
    }
}
