//! The structure editor and the Légifrance import, driven over HTTP as a browser does: a real
//! AM edited, checked and saved; errors and losses shown before anything is saved; a
//! Légifrance payload replacing a text; and an edit followed through publication into the web
//! app's `ams` table.

mod common;

use common::{Bo, location, post_form, post_multipart, texts};
use envinorma_am_import::{ArchiveLimits, import_ams, read_zip};
use envinorma_back_office::Config;
use envinorma_back_office::auth::MAX_FORM_BYTES;
use envinorma_back_office::piste::Piste;
use envinorma_back_office::publish::{published_files, zipped};
use envinorma_core::ArreteMinisteriel;
use envinorma_core::authoring::AmDocuments;
use envinorma_core::authoring::structure::{ParseError, to_lines};
use envinorma_db::bo;
use envinorma_db::testing::count;
use envinorma_test_support::{json_files, read};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use scraper::{Html, Selector};

/// The AM of the Légifrance payload DEVP1706393A: topics, parametrization, a deep tree.
const CID: &str = "JORFTEXT000034429274";

async fn stored(bo: &Bo, cid: &str) -> AmDocuments {
    bo::documents(&bo.db.client().await, cid)
        .await
        .unwrap()
        .unwrap()
}

async fn edits(bo: &Bo, cid: &str) -> i64 {
    let client = bo.db.client().await;
    let sql = format!("SELECT count(*) FROM bo.edits WHERE cid = '{cid}' AND editor <> 'seed'");
    count(&client, &sql).await
}

/// The lines with the one ending with `old` now ending with `new`.
fn replaced(lines: &[String], old: &str, new: &str) -> (Vec<String>, String, String) {
    let mut lines = lines.to_vec();
    let at = lines.iter().position(|line| line.ends_with(old)).unwrap();
    let before = lines[at].clone();
    lines[at] = format!("{}{new}", before.strip_suffix(old).unwrap());
    let after = lines[at].clone();
    (lines, before, after)
}

/// The paragraph of Article 3 (its only one).
fn article_3(lines: &[String]) -> String {
    let title = lines.iter().position(|line| line == "# Article 3").unwrap();
    lines[title + 1].clone()
}

#[tokio::test]
async fn the_new_pages_send_anonymous_visitors_to_the_login_page_and_need_the_token() {
    let bo = Bo::start().await;
    bo.seed(CID).await;
    let anonymous = bo.browser();
    let paths = [
        format!("/am/{CID}/texte"),
        format!("/am/{CID}/texte/verifier"),
        format!("/am/{CID}/legifrance"),
    ];
    for path in &paths {
        let url = format!("{}{path}", bo.url);
        let get = anonymous.get(&url).send().await.unwrap();
        let posted = anonymous.post(&url).form(&[("texte", "# x")]);
        for response in [get, posted.send().await.unwrap()] {
            assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
            assert!(
                location(&response).starts_with("/connexion?suite="),
                "{path}"
            );
        }
    }
    let browser = bo.signed_in().await;
    for path in &paths {
        let response = browser
            .post(format!("{}{path}", bo.url))
            .form(&[("texte", "# x"), ("payload", "{}")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(edits(&bo, CID).await, 0);
}

#[tokio::test]
async fn an_edited_paragraph_and_title_are_shown_as_a_diff_then_saved_and_logged() {
    let bo = Bo::start().await;
    let seeded = bo.seed(CID).await;
    let browser = bo.signed_in().await;
    let page = bo.page(&browser, &format!("/am/{CID}/texte")).await;
    let saved = to_lines(&seeded.text);
    assert_eq!(texts(&page, "textarea[name=texte]"), [saved.join("\n")]);
    // The table of contents' script is ours, embedded with the DSFR.
    let selector = Selector::parse("script[src*=text_toc]").unwrap();
    let script = Html::parse_document(&page)
        .select(&selector)
        .map(|script| script.value().attr("src").unwrap().to_string())
        .next()
        .unwrap();
    let script = browser
        .get(format!("{}{script}", bo.url))
        .send()
        .await
        .unwrap();
    assert_eq!(script.status(), StatusCode::OK);
    assert!(texts(&page, ".bo-toc li").contains(&"1.6.2. Entretien et surveillance".into()));

    let (lines, old_title, new_title) = replaced(
        &saved,
        "1.6.2. Entretien et surveillance",
        "1.6.2. Entretien et surveillance des réseaux",
    );
    let paragraph = article_3(&saved);
    let (lines, old_paragraph, new_paragraph) =
        replaced(&lines, &paragraph, &format!("{paragraph} (modifié)"));
    let edited = lines.join("\n");
    let response = post_form(
        &bo,
        &browser,
        "/",
        &format!("/am/{CID}/texte/verifier"),
        &[("texte", &edited)],
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.unwrap();
    assert_eq!(
        texts(&html, ".bo-diff ins"),
        [new_paragraph.clone(), new_title.clone()]
    );
    assert_eq!(texts(&html, ".bo-diff del"), [old_paragraph, old_title]);
    assert_eq!(texts(&html, "textarea[name=texte]"), [edited.as_str()]);
    assert_eq!(edits(&bo, CID).await, 0, "checking saves nothing");

    let response = post_form(
        &bo,
        &browser,
        "/",
        &format!("/am/{CID}/texte"),
        &[("texte", &edited)],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), format!("/am/{CID}?message=texte"));
    let am_page = browser
        .get(format!("{}{}", bo.url, location(&response)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        texts(&am_page, ".fr-alert--success p"),
        ["Le texte a été enregistré."]
    );

    let after = stored(&bo, CID).await;
    assert_eq!(to_lines(&after.text), lines);
    let new_ids: Vec<(&str, &str)> = after
        .text
        .all_sections()
        .map(|(_, section)| (section.id.as_str(), section.title.text.as_str()))
        .collect();
    for (_, section) in seeded.text.all_sections() {
        if section.title.text != "1.6.2. Entretien et surveillance" {
            let kept = (section.id.as_str(), section.title.text.as_str());
            assert!(new_ids.contains(&kept), "{kept:?}");
        }
    }
    let client = bo.db.client().await;
    let logged = client
        .query(
            "SELECT id, editor, what, text FROM bo.edits WHERE cid = $1 AND editor <> 'seed'",
            &[&CID],
        )
        .await
        .unwrap();
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].get::<_, String>(1), "editrice");
    assert_eq!(logged[0].get::<_, String>(2), "texte modifié");
    // The log keeps the new text; the versions before and after the change are whole.
    let text: ArreteMinisteriel = serde_json::from_value(logged[0].get(3)).unwrap();
    assert_eq!(text, after.text);
    let seeding: i64 = client
        .query_one(
            "SELECT max(id) FROM bo.edits WHERE cid = $1 AND editor = 'seed'",
            &[&CID],
        )
        .await
        .unwrap()
        .get(0);
    let version = async |id| bo::version(&client, CID, id).await.unwrap().unwrap();
    assert_eq!(version(seeding).await, seeded);
    assert_eq!(version(logged[0].get(0)).await, after);
}

#[tokio::test]
async fn a_text_that_does_not_parse_shows_each_french_error_with_its_line_and_saves_nothing() {
    let bo = Bo::start().await;
    bo.seed(CID).await;
    let browser = bo.signed_in().await;
    let text = "Un alinéa sans titre\n# Article 1\nLe site est clos.\n<table><tr><td>x</td></tr></table> suite";
    let expected = [
        ParseError::TextBeforeFirstTitle { line: 1 }.to_string(),
        ParseError::TableNotEnded { line: 4 }.to_string(),
    ];
    assert!(expected[0].starts_with("Ligne 1 : ce texte précède le premier titre"));
    assert_eq!(
        expected[1],
        "Ligne 4 : une ligne de tableau doit se terminer par « </table> »."
    );
    for path in [
        format!("/am/{CID}/texte/verifier"),
        format!("/am/{CID}/texte"),
    ] {
        let response = post_form(&bo, &browser, "/", &path, &[("texte", text)]).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path}"
        );
        let html = response.text().await.unwrap();
        assert_eq!(texts(&html, ".bo-errors li"), expected, "{path}");
        assert_eq!(texts(&html, "textarea[name=texte]"), [text]);
    }
    assert_eq!(edits(&bo, CID).await, 0);
}

#[tokio::test]
async fn deleting_a_section_with_a_topic_needs_confirmation_then_leaves_an_orphan() {
    let bo = Bo::start().await;
    let seeded = bo.seed(CID).await;
    let browser = bo.signed_in().await;
    let title = "10. Stockage de matières susceptibles de créer une pollution du sol ou des eaux";
    let (_, section) = seeded
        .text
        .all_sections()
        .find(|(_, section)| section.title.text.starts_with("10. Stockage de matières"))
        .unwrap();
    assert_eq!(
        (section.title.text.as_str(), section.topic()),
        (title, Some("EAU"))
    );
    let targeting = seeded.parametrization.targeting(&section.id);
    assert!(!targeting.inapplicable_sections.is_empty() || !targeting.warnings.is_empty());
    let mut lines = to_lines(&seeded.text);
    let start = lines.iter().position(|line| line.ends_with(title)).unwrap();
    let end = start
        + 1
        + lines[start + 1..]
            .iter()
            .position(|line| line.starts_with('#'))
            .unwrap();
    lines.drain(start..end);
    let edited = lines.join("\n");

    let path = format!("/am/{CID}/texte");
    let response = post_form(&bo, &browser, "/", &path, &[("texte", &edited)]).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let html = response.text().await.unwrap();
    let orphans = texts(&html, ".bo-orphans > li strong");
    assert_eq!(orphans.len(), 1);
    assert!(orphans[0].ends_with(&format!(" › {title}")), "{orphans:?}");
    assert!(html.contains("thème : EAU"));
    assert!(html.contains("Je confirme la perte de ces éléments"));
    assert_eq!(edits(&bo, CID).await, 0);

    let confirmed = [("texte", edited.as_str()), ("confirmation", "1")];
    let response = post_form(&bo, &browser, "/", &path, &confirmed).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let after = stored(&bo, CID).await;
    let orphan_titles = after.text.orphan_titles.unwrap();
    assert_eq!(orphan_titles[&section.id].last().unwrap(), title);
    assert_eq!(
        after.parametrization.targeting(&section.id),
        Default::default()
    );
    assert_eq!(edits(&bo, CID).await, 1);
}

#[tokio::test]
async fn a_legifrance_payload_replaces_the_text_once_reviewed_and_others_are_refused() {
    let bo = Bo::start().await;
    bo.seed(CID).await;
    let browser = bo.signed_in().await;
    let path = format!("/am/{CID}/legifrance");
    let form = browser
        .get(format!("{}{path}", bo.url))
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), StatusCode::OK);

    // A chosen file and a pasted text, as the page's multipart form sends them.
    let file = |name: &str| {
        let part =
            Part::bytes(read(&format!("data/legifrance/{name}.json"))).file_name("texte.json");
        Form::new().part("fichier", part).text("payload", "")
    };
    let pasted = |text: &str| {
        let no_file = Part::bytes(Vec::new()).file_name("");
        Form::new()
            .part("fichier", no_file)
            .text("payload", text.to_owned())
    };

    let response = post_multipart(&bo, &browser, "/", &path, file("TREP1835514A")).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let alert = texts(&response.text().await.unwrap(), ".fr-alert--error p");
    assert!(
        alert[0].starts_with("Ce texte Légifrance est celui de l’arrêté "),
        "{alert:?}"
    );
    assert!(alert[0].ends_with(&format!(", pas de {CID} : vérifiez le fichier.")));

    let response = post_multipart(&bo, &browser, "/", &path, pasted("pas du JSON")).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    let alert = texts(&html, ".fr-alert--error p");
    assert!(
        alert[0].starts_with("Ce contenu n’est pas du JSON :"),
        "{alert:?}"
    );
    let kept = texts(&html, "textarea[name=payload]");
    assert_eq!(kept, ["pas du JSON"], "the pasted text is shown again");

    let response = post_multipart(&bo, &browser, "/", &path, pasted("  ")).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let alert = texts(&response.text().await.unwrap(), ".fr-alert--error p");
    assert_eq!(
        alert,
        ["Choisissez le fichier JSON du texte, ou collez son contenu."]
    );

    let response = post_multipart(&bo, &browser, "/", &path, file("DEVP1706393A")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.unwrap();
    assert!(!texts(&html, ".bo-diff ins").is_empty());
    // The same payload pasted reads the same.
    let payload = String::from_utf8(read("data/legifrance/DEVP1706393A.json")).unwrap();
    let response = post_multipart(&bo, &browser, "/", &path, pasted(&payload)).await;
    let same = texts(&response.text().await.unwrap(), "textarea[name=texte]");
    let lines = texts(&html, "textarea[name=texte]").remove(0);
    assert_eq!(same, [lines.as_str()]);
    assert_eq!(
        edits(&bo, CID).await,
        0,
        "reading the payload saves nothing"
    );

    let save = [
        ("texte", lines.as_str()),
        ("origine", "legifrance"),
        ("confirmation", "1"),
    ];
    let response = post_form(&bo, &browser, "/", &format!("/am/{CID}/texte"), &save).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let after = stored(&bo, CID).await;
    assert_eq!(after.text.sections.len(), 14);
    assert_eq!(to_lines(&after.text).join("\n"), lines);
    let client = bo.db.client().await;
    let what: String = client
        .query_one("SELECT what FROM bo.edits WHERE editor = 'editrice'", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(what, "texte remplacé par la version Légifrance");
}

/// Publishes the AMs in force and imports the archive into the web app's tables.
async fn publish_and_import(bo: &Bo) {
    let mut client = bo.db.client().await;
    let documents = bo::all_documents(&client).await.unwrap();
    let archive = zipped(&published_files(&documents).unwrap()).unwrap();
    let archive = read_zip("latest.zip", &archive, ArchiveLimits::default()).unwrap();
    let report = import_ams(&mut client, "latest.zip", &archive, false)
        .await
        .unwrap();
    assert!(report.succeeded(), "{}", report.summary());
}

#[tokio::test]
async fn an_edited_paragraph_reaches_the_web_apps_ams_once_published_and_imported_prescriptions_kept()
 {
    let bo = Bo::start().await;
    let seeded = bo.seed(CID).await;
    publish_and_import(&bo).await;
    let row = "SELECT data::text, (extract(epoch FROM content_updated_at) * 1e6)::bigint FROM ams WHERE cid = $1";
    let client = bo.db.client().await;
    let before = client.query_one(row, &[&CID]).await.unwrap();
    let before_updated: i64 = before.get(1);
    // An inspector's prescription taken from this AM's first section.
    let section = &seeded.text.sections[0].id;
    client
        .batch_execute(
            "INSERT INTO users (token) VALUES (gen_random_uuid());
             INSERT INTO installations (s3ic_id, name, user_id)
             SELECT '0000.00001', 'Fictive', id FROM users;",
        )
        .await
        .unwrap();
    client
        .execute(
            "INSERT INTO prescriptions (user_id, installation_id, from_am_id, alinea_id, reference, content)
             SELECT u.id, i.id, $1, $2 || '_0', 'Article 1', 'Prescription prise'
             FROM users u, installations i",
            &[&CID, section],
        )
        .await
        .unwrap();

    let saved = to_lines(&seeded.text);
    let paragraph = article_3(&saved);
    let new_paragraph = format!("{paragraph} Ce paragraphe a été modifié.");
    let (lines, _, _) = replaced(&saved, &paragraph, &new_paragraph);
    let browser = bo.signed_in().await;
    let texte = lines.join("\n");
    let response = post_form(
        &bo,
        &browser,
        "/",
        &format!("/am/{CID}/texte"),
        &[("texte", &texte)],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    publish_and_import(&bo).await;

    let after = client.query_one(row, &[&CID]).await.unwrap();
    let data: String = after.get(0);
    assert!(
        !before
            .get::<_, String>(0)
            .contains("Ce paragraphe a été modifié.")
    );
    assert!(data.contains(&serde_json::to_string(&new_paragraph).unwrap()));
    let after_updated: i64 = after.get(1);
    assert!(
        after_updated > before_updated,
        "{before_updated} then {after_updated}"
    );
    let kept = envinorma_db::testing::count(
        &client,
        "SELECT count(*) FROM prescriptions WHERE content = 'Prescription prise'",
    )
    .await;
    assert_eq!(kept, 1, "the inspector's prescription was lost");
}

#[test]
fn the_largest_ams_text_fits_in_one_form() {
    let largest = json_files("data/ams")
        .into_iter()
        .filter_map(|(name, bytes)| envinorma_core::parse_am(&name, &bytes).ok())
        .map(|am| {
            let lines = to_lines(&am).join("\n");
            form_urlencoded::byte_serialize(lines.as_bytes())
                .map(str::len)
                .sum::<usize>()
        })
        .max()
        .unwrap();
    assert!(
        largest * 2 < MAX_FORM_BYTES,
        "{largest} bytes once urlencoded"
    );
}

/// A stand-in for PISTE: its token endpoint and Légifrance's `consult/lawDecree`, answering the
/// payload of `data/legifrance/DEVP1706393A.json` to the token it gave, or refusing the
/// credentials when `refuse` is set.
async fn fake_piste(refuse: bool) -> String {
    use axum::http::{HeaderMap, StatusCode as Status};
    use axum::routing::post;
    let app = axum::Router::new()
        .route(
            "/oauth/token",
            post(move |body: String| async move {
                let asked = body.contains("grant_type=client_credentials")
                    && body.contains("client_id=envinorma")
                    && body.contains("client_secret=secret");
                if refuse || !asked {
                    return (Status::UNAUTHORIZED, String::new());
                }
                (
                    Status::OK,
                    r#"{"access_token": "t0k3n", "token_type": "Bearer"}"#.into(),
                )
            }),
        )
        .route(
            "/lf/consult/lawDecree",
            post(
                |headers: HeaderMap, axum::Json(query): axum::Json<serde_json::Value>| async move {
                    let bearer = headers["authorization"] == "Bearer t0k3n";
                    if !bearer || query["textId"] != CID || !query["date"].is_i64() {
                        return (Status::FORBIDDEN, Vec::new());
                    }
                    (Status::OK, read("data/legifrance/DEVP1706393A.json"))
                },
            ),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    origin
}

fn piste_config(origin: &str) -> Config {
    let variables = [
        ("LEGIFRANCE_CLIENT_ID", "envinorma".to_owned()),
        ("LEGIFRANCE_CLIENT_SECRET", "secret".to_owned()),
        ("LEGIFRANCE_OAUTH_URL", format!("{origin}/oauth/token")),
        ("LEGIFRANCE_API_URL", format!("{origin}/lf")),
    ];
    Config {
        piste: Piste::from_lookup(|name| {
            variables
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.clone())
        }),
        ..Config::local()
    }
}

#[tokio::test]
async fn with_piste_credentials_the_text_in_force_is_fetched_from_the_legifrance_api() {
    let bo = Bo::start_with(piste_config(&fake_piste(false).await)).await;
    bo.seed(CID).await;
    let browser = bo.signed_in().await;
    let page = format!("/am/{CID}/legifrance");
    let html = bo.page(&browser, &page).await;
    let api = format!("/am/{CID}/legifrance/api");
    assert!(html.contains(&format!("action=\"{api}\"")), "{html}");
    let response = post_form(&bo, &browser, &page, &api, &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let fetched = texts(&response.text().await.unwrap(), "textarea[name=texte]");
    // The same text as the payload given as a file.
    let payload = read("data/legifrance/DEVP1706393A.json");
    let form = Form::new().part("fichier", Part::bytes(payload).file_name("t.json"));
    let response = post_multipart(&bo, &browser, &page, &page, form).await;
    let uploaded = texts(&response.text().await.unwrap(), "textarea[name=texte]");
    assert_eq!(fetched, uploaded);
    assert_eq!(edits(&bo, CID).await, 0, "fetching saves nothing");
}

#[tokio::test]
async fn a_refusing_legifrance_api_is_explained_and_without_credentials_there_is_no_button() {
    let bo = Bo::start_with(piste_config(&fake_piste(true).await)).await;
    bo.seed(CID).await;
    let browser = bo.signed_in().await;
    let page = format!("/am/{CID}/legifrance");
    let api = format!("/am/{CID}/legifrance/api");
    let response = post_form(&bo, &browser, &page, &api, &[]).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let alert = texts(&response.text().await.unwrap(), ".fr-alert--error p");
    assert_eq!(
        alert,
        [
            "L’API Légifrance n’a pas répondu (jeton d’accès) : réessayez plus tard, ou donnez le fichier du texte."
        ]
    );

    let bo = Bo::start().await;
    bo.seed(CID).await;
    let browser = bo.signed_in().await;
    assert!(!bo.page(&browser, &page).await.contains(&api));
    let response = post_form(&bo, &browser, &page, &api, &[]).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}
