//! Prescriptions over HTTP, as a browser without JavaScript sends them, against a real
//! database holding the IDF data: ticking alinéas of a section, typing one from an AP, the
//! recap and its status, deleting, and the server-side checks (own prescriptions only, CSRF,
//! arrêtés of the installation only).
mod common;

use common::app::{Browser, Page, TestApp, form_fields, set, text_of};
use common::{selector, texts};

/// GOULARD Enrobés: three applicable AMs (2521 E among them) and APs.
const GOULARD: &str = "0065.00037";
/// The 2521 E AM (signed 09/04/19).
const AM_2521: &str = "JORFTEXT000038358856";

async fn count(app: &TestApp, sql: &str) -> i64 {
    let client = app.db.pool().get().await.unwrap();
    client.query_one(sql, &[]).await.unwrap().get(0)
}

async fn column<T: for<'a> tokio_postgres::types::FromSql<'a>>(app: &TestApp, sql: &str) -> Vec<T> {
    let client = app.db.pool().get().await.unwrap();
    let rows = client.query(sql, &[]).await.unwrap();
    rows.iter().map(|row| row.get(0)).collect()
}

/// The AM/AP page of GOULARD with the 2521 AM and its first AP.
async fn arretes_page(app: &TestApp, browser: &Browser) -> (i64, String, Page) {
    let id = app.public_id(GOULARD).await;
    let client = app.db.pool().get().await.unwrap();
    let ap: String = client
        .query_one(
            "SELECT georisques_id FROM aps a JOIN installations i ON i.s3ic_id = a.installation_s3ic_id
             WHERE i.id = $1 ORDER BY georisques_id LIMIT 1",
            &[&id],
        )
        .await
        .unwrap()
        .get(0);
    let path = format!(
        "/installations/{id}/arretes?am_ids[]={AM_2521}&ap_ids[]={}",
        urlencoding(&ap)
    );
    let page = browser.get(&path).await;
    assert_eq!(page.status, 200, "{}", page.body);
    (id, path, page)
}

fn urlencoding(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// The first section form with at least `min` alinéa boxes: its id and its fields with every
/// box ticked, as "Tout sélectionner" then the section's button would send them.
fn section_form(page: &Page, min: usize) -> (String, Vec<(String, String)>, Vec<String>) {
    let html = page.html();
    for form in html.select(&selector("form.js-alinea-form")) {
        let boxes: Vec<String> = form
            .select(&selector("input[name^=prescription_checkbox_]"))
            .map(|b| b.value().attr("name").unwrap().to_string())
            .collect();
        if boxes.len() >= min {
            let id = form.value().attr("id").unwrap().to_string();
            let mut fields = form_fields(page, &format!("form#{id}"));
            for name in &boxes {
                set(&mut fields, name, "1");
            }
            return (id, fields, boxes);
        }
    }
    panic!("no section with {min} alinéas");
}

fn checked_boxes(page: &Page) -> Vec<String> {
    page.html()
        .select(&selector("input[name^=prescription_checkbox_][checked]"))
        .map(|b| b.value().attr("name").unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn ticked_alineas_are_saved_per_section_and_shown_again() {
    let app = TestApp::idf().await;
    let browser = app.browser();
    let (id, path, page) = arretes_page(&app, &browser).await;
    let action = format!("/installations/{id}/prescriptions/from_am");
    let (form_id, mut fields, boxes) = section_form(&page, 3);

    // The section's button (no script): back to the section, every box saved and ticked.
    let saved = browser.post_fields(&action, &fields).await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let section_id = form_id.strip_prefix("alinea_checkbox_form_").unwrap();
    assert!(
        saved
            .location()
            .ends_with(&format!("#section_{section_id}")),
        "{}",
        saved.location()
    );
    assert!(saved.location().contains("am_ids[]=JORFTEXT000038358856"));
    let shown = browser.follow(&saved).await;
    assert!(text_of(&shown).contains("La sélection a été enregistrée."));
    assert_eq!(checked_boxes(&shown), boxes);
    assert_eq!(
        count(&app, "SELECT count(*) FROM prescriptions").await,
        boxes.len() as i64
    );
    let references =
        column::<String>(&app, "SELECT DISTINCT text_reference FROM prescriptions").await;
    assert_eq!(references, ["AM - 09/04/19 - 2521 E"]);

    // Unticking one keeps the others as they were (same rows: their status stays).
    let before = column::<i64>(&app, "SELECT id FROM prescriptions ORDER BY alinea_id").await;
    let dropped = boxes.last().unwrap().clone();
    fields.retain(|(name, _)| *name != dropped);
    let saved = browser.post_fields(&action, &fields).await;
    assert_eq!(saved.status, 303);
    let shown = browser.get(&path).await;
    assert_eq!(checked_boxes(&shown), boxes[..boxes.len() - 1]);
    let after = column::<i64>(&app, "SELECT id FROM prescriptions ORDER BY alinea_id").await;
    assert_eq!(after, before[..before.len() - 1]);

    // A script (fetch) gets the list's state instead of a redirection.
    let response = browser
        .client
        .post(format!("{}{action}", app.url))
        .header("Accept", "application/json")
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let state: serde_json::Value = response.json().await.unwrap();
    assert_eq!(state["count"], (boxes.len() - 1) as u64);
    assert_eq!(
        state["alinea_ids"].as_array().unwrap().len(),
        boxes.len() - 1
    );
}

/// Posts the AP form of the page with these values.
async fn post_ap_form(browser: &Browser, page: &Page, reference: &str, content: &str) -> Page {
    let mut fields = form_fields(page, "form.js-ap-form");
    set(&mut fields, "prescription[reference]", reference);
    set(&mut fields, "prescription[name]", "Rejets");
    set(&mut fields, "prescription[content]", content);
    let action = page
        .html()
        .select(&selector("form.js-ap-form"))
        .next()
        .unwrap()
        .value()
        .attr("action")
        .unwrap()
        .to_string();
    browser.post_fields(&action, &fields).await
}

#[tokio::test]
async fn an_ap_prescription_needs_a_reference_and_a_content() {
    let app = TestApp::idf().await;
    let browser = app.browser();
    let (_, _, page) = arretes_page(&app, &browser).await;

    let refused = post_ap_form(&browser, &page, "Article 2", "   ").await;
    let shown = browser.follow(&refused).await;
    assert!(text_of(&shown).contains("Les champs contenu et référence ne doivent pas être vides."));
    let refused = post_ap_form(&browser, &page, "", "Un contenu").await;
    assert_eq!(refused.status, 303);
    assert_eq!(count(&app, "SELECT count(*) FROM prescriptions").await, 0);

    let added = post_ap_form(
        &browser,
        &page,
        "Article 2",
        "Les rejets sont mesurés chaque année.",
    )
    .await;
    let shown = browser.follow(&added).await;
    assert!(text_of(&shown).contains("La prescription a été ajoutée."));
    let rows = column::<String>(
        &app,
        "SELECT concat_ws('|', reference, name, content, text_reference, topic, from_am_id IS NULL)
         FROM prescriptions",
    )
    .await;
    let ap_date = {
        let label = texts(shown.html().root_element(), "section.ap h2");
        label[0].split(" - ").nth(1).unwrap().to_string()
    };
    assert_eq!(
        rows,
        [format!(
            "Article 2|Rejets|Les rejets sont mesurés chaque année.|AP - {ap_date}|AUCUN|t"
        )]
    );
    // The counter counts it.
    assert_eq!(texts(shown.html().root_element(), ".js-counter"), ["1"]);
}

#[tokio::test]
async fn the_recap_groups_records_a_status_and_deletes() {
    let app = TestApp::idf().await;
    let browser = app.browser();
    let (id, _, page) = arretes_page(&app, &browser).await;
    let (_, fields, boxes) = section_form(&page, 2);
    browser
        .post_fields(
            &format!("/installations/{id}/prescriptions/from_am"),
            &fields,
        )
        .await;
    post_ap_form(&browser, &page, "Article 3", "Contrôle annuel.").await;
    let recap_path = page
        .html()
        .select(&selector("a.js-recap-open"))
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap()
        .replace("&amp;", "&");
    let recap = browser.get(&recap_path).await;
    assert_eq!(recap.status, 200, "{}", recap.body);
    let root = recap.html();
    let headings = texts(root.root_element(), "#recap h3");
    assert_eq!(headings.len(), 2, "{headings:?}");
    assert_eq!(headings[0], "AM - 09/04/19 - 2521 E");
    assert!(headings[1].starts_with("AP - "), "{headings:?}");
    let total = boxes.len() + 1;
    assert_eq!(
        texts(root.root_element(), "#recap .prescription").len(),
        total
    );
    assert_eq!(
        texts(root.root_element(), ".recap-counts")[0],
        format!(
            "{total} prescriptions · À vérifier\u{a0}: {total} · Conforme\u{a0}: 0 · Non conforme\u{a0}: 0 · Sans objet\u{a0}: 0"
        )
    );

    // A status and a comment on the AP prescription.
    let ap_prescription = count(
        &app,
        "SELECT id FROM prescriptions WHERE from_am_id IS NULL",
    )
    .await;
    let form_css = format!("#prescription_{ap_prescription} form.prescription-compliance");
    let mut fields = form_fields(&recap, &form_css);
    set(&mut fields, "prescription[status]", "non_conforme");
    set(
        &mut fields,
        "prescription[comment]",
        "Pas de contrôle en 2025 <à relancer>",
    );
    let saved = browser
        .post_fields(
            &format!("/installations/{id}/prescriptions/{ap_prescription}"),
            &fields,
        )
        .await;
    let recap = browser.follow(&saved).await;
    assert!(text_of(&recap).contains("Le constat a été enregistré."));
    // Escaped in the page, read back as typed.
    assert!(!recap.body.contains("<à relancer>"));
    let kept = form_fields(&recap, &form_css);
    assert!(kept.contains(&(
        "prescription[comment]".into(),
        "Pas de contrôle en 2025 <à relancer>".into()
    )));
    assert!(kept.contains(&("prescription[status]".into(), "non_conforme".into())));
    assert!(text_of(&recap).contains(&format!(
        "À vérifier\u{a0}: {} · Conforme\u{a0}: 0 · Non conforme\u{a0}: 1",
        total - 1
    )));

    // By topic: the user's preference, kept.
    let mut grouping = form_fields(&recap, "form[action$='/prescriptions/grouping']");
    set(&mut grouping, "by_topic", "1");
    let grouped = browser
        .post_fields(
            &format!("/installations/{id}/prescriptions/grouping"),
            &grouping,
        )
        .await;
    let recap = browser.get(grouped.location()).await;
    let topics = texts(recap.html().root_element(), "#recap h2");
    assert!(topics.last().unwrap() == "Aucun thème", "{topics:?}");

    // Deleting one, then all.
    let mut delete = form_fields(
        &recap,
        &format!("#prescription_{ap_prescription} form:not(.prescription-compliance)"),
    );
    set(&mut delete, "_method", "delete");
    let deleted = browser
        .post_fields(
            &format!("/installations/{id}/prescriptions/{ap_prescription}"),
            &delete,
        )
        .await;
    assert_eq!(deleted.status, 303);
    assert_eq!(
        count(&app, "SELECT count(*) FROM prescriptions").await,
        boxes.len() as i64
    );
    let all = form_fields(&recap, "form[data-confirm]");
    let deleted = browser
        .post_fields(&format!("/installations/{id}/prescriptions"), &all)
        .await;
    let recap = browser.follow(&deleted).await;
    assert!(text_of(&recap).contains("Toutes les prescriptions ont été supprimées."));
    assert_eq!(count(&app, "SELECT count(*) FROM prescriptions").await, 0);
}

#[tokio::test]
async fn no_one_reaches_another_users_prescriptions() {
    let app = TestApp::idf().await;
    let (owner, stranger) = (app.browser(), app.browser());
    let (id, _, page) = arretes_page(&app, &owner).await;
    post_ap_form(&owner, &page, "Article 3", "Contrôle annuel.").await;
    let theirs = count(&app, "SELECT id FROM prescriptions").await;

    // The stranger reads the same public installation: their own, empty list.
    let (_, _, stranger_page) = arretes_page(&app, &stranger).await;
    assert_eq!(
        texts(stranger_page.html().root_element(), ".js-counter"),
        ["0"]
    );
    let token = stranger_page.csrf();
    let path = format!("/installations/{id}/prescriptions/{theirs}");
    let deleted = stranger
        .post(
            &path,
            &[("csrf_token", token.as_str()), ("_method", "delete")],
        )
        .await;
    assert_eq!(deleted.status, 404, "{}", deleted.body);
    let changed = stranger
        .post(
            &path,
            &[
                ("csrf_token", token.as_str()),
                ("_method", "patch"),
                ("prescription[status]", "conforme"),
            ],
        )
        .await;
    assert_eq!(changed.status, 404);
    let all = stranger
        .post(
            &format!("/installations/{id}/prescriptions"),
            &[("csrf_token", token.as_str()), ("_method", "delete")],
        )
        .await;
    assert_eq!(all.status, 303);
    assert_eq!(
        column::<String>(&app, "SELECT status FROM prescriptions").await,
        ["a_verifier"]
    );

    // Without the CSRF token, nothing.
    for (path, method) in [
        (format!("/installations/{id}/prescriptions/from_am"), "post"),
        (format!("/installations/{id}/prescriptions/from_ap"), "post"),
        (
            format!("/installations/{id}/prescriptions/grouping"),
            "post",
        ),
        (format!("/installations/{id}/prescriptions"), "delete"),
        (path.clone(), "delete"),
        (path.clone(), "patch"),
        (
            format!("/installations/{id}/arretes/fiche_inspection"),
            "post",
        ),
        (format!("/installations/{id}/arretes/fiche_gun"), "post"),
    ] {
        let refused = owner.post(&path, &[("_method", method)]).await;
        refused.assert_forbidden_csrf(&path);
    }
    assert_eq!(count(&app, "SELECT count(*) FROM prescriptions").await, 1);
}

#[tokio::test]
async fn prescriptions_of_a_users_own_installation_are_theirs_alone() {
    let app = TestApp::idf().await;
    let (owner, stranger) = (app.browser(), app.browser());
    let public = app.public_id(GOULARD).await;
    let token = owner.get("/installations/new").await.csrf();
    let copy = owner
        .post(
            &format!("/installations?id={public}"),
            &[("csrf_token", token.as_str())],
        )
        .await;
    let copy_id = copy
        .location()
        .trim_start_matches("/installations/")
        .to_string();
    let token = stranger.get("/installations/new").await.csrf();
    for (path, fields) in [
        (format!("/installations/{copy_id}/prescriptions"), vec![]),
        (
            format!("/installations/{copy_id}/prescriptions/from_ap"),
            vec![
                ("csrf_token", token.as_str()),
                ("prescription[reference]", "A"),
                ("prescription[content]", "B"),
            ],
        ),
        (
            format!("/installations/{copy_id}/arretes/fiche_gun"),
            vec![("csrf_token", token.as_str())],
        ),
    ] {
        let page = if fields.is_empty() {
            stranger.get(&path).await
        } else {
            stranger.post(&path, &fields).await
        };
        page.assert_forbidden(&path);
    }
}

#[tokio::test]
async fn the_arretes_page_shows_only_the_installations_arretes() {
    let app = TestApp::idf().await;
    let browser = app.browser();
    let id = app.public_id(GOULARD).await;
    // An AM of another rubrique (2160 A, for 0065.00005).
    let other = browser
        .get(&format!(
            "/installations/{id}/arretes?am_ids[]=JORFTEXT000000797999"
        ))
        .await;
    assert_eq!(other.status, 400);
    assert!(
        text_of(&other).contains(
            "L’arrêté ministériel JORFTEXT000000797999 ne concerne pas cette installation."
        )
    );
    let ap = browser
        .get(&format!("/installations/{id}/arretes?ap_ids[]=X/y/z"))
        .await;
    assert_eq!(ap.status, 400);
    assert!(text_of(&ap).contains(
        "Un des arrêtés préfectoraux demandés n’est pas un arrêté de cette installation."
    ));
}

#[tokio::test]
async fn the_recap_warns_when_an_am_changed_since_its_prescriptions_were_taken() {
    let app = TestApp::idf().await;
    let browser = app.browser();
    let (id, _, page) = arretes_page(&app, &browser).await;
    let (_, fields, _) = section_form(&page, 1);
    browser
        .post_fields(
            &format!("/installations/{id}/prescriptions/from_am"),
            &fields,
        )
        .await;
    let recap = format!("/installations/{id}/prescriptions");
    let banner = "Certains arrêtés ministériels dont sont issues ces prescriptions ont été mis à jour depuis leur extraction.";
    assert!(!text_of(&browser.get(&recap).await).contains(banner));
    count(&app, "WITH changed AS (UPDATE ams SET content_updated_at = now() + interval '1 second' WHERE cid = 'JORFTEXT000038358856' RETURNING 1) SELECT count(*) FROM changed").await;
    assert!(text_of(&browser.get(&recap).await).contains(banner));
}

#[tokio::test]
async fn a_modified_sections_prescriptions_hold_the_text_the_inspector_reads() {
    // The fixture AM (2345 D) replaces the text of section 941cf0d1bA08 for declarations
    // before 2020; a fictive installation declared in 2014 reads the new text.
    let app = TestApp::empty().await;
    app.import_classement_references().await;
    let fixture = common::read("data/fixtures/am_with_modified_section.json");
    let archive = envinorma_am_import::AmArchive::of_files(vec![(
        "JORFTEXT000012345678.json".to_string(),
        fixture,
    )]);
    let mut client = app.db.client().await;
    let report = envinorma_am_import::import_ams(&mut client, "fixtures", &archive, false)
        .await
        .unwrap();
    assert!(report.succeeded(), "{}", report.summary());
    let reference: i64 = client
        .query_one(
            "SELECT id FROM classement_references WHERE rubrique = '2345' AND regime = 'D'",
            &[],
        )
        .await
        .unwrap()
        .get(0);

    let browser = app.browser();
    let new = browser.get("/installations/new").await;
    let mut fields = form_fields(&new, "form[action='/installations']");
    set(
        &mut fields,
        "installation[classement][reference_id]",
        &reference.to_string(),
    );
    set(
        &mut fields,
        "installation[classement][date_autorisation]",
        "2014-07-30",
    );
    let created = browser.post_fields("/installations", &fields).await;
    let id = created
        .location()
        .trim_start_matches("/installations/")
        .to_string();
    let page = browser
        .get(&format!(
            "/installations/{id}/arretes?am_ids[]=JORFTEXT000012345678"
        ))
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(text_of(&page).contains("Cette section a été modifiée"));
    let mut fields = form_fields(&page, "#alinea_checkbox_form_941cf0d1bA08");
    for index in 0..2 {
        set(
            &mut fields,
            &format!("prescription_checkbox_941cf0d1bA08_{index}"),
            "1",
        );
    }
    let saved = browser
        .post_fields(
            &format!("/installations/{id}/prescriptions/from_am"),
            &fields,
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(
        column::<String>(&app, "SELECT content FROM prescriptions ORDER BY alinea_id").await,
        [
            "Ceci est un alinea modifié.",
            "Ceci est un autre alinea modifié."
        ]
    );
}

#[tokio::test]
async fn the_downloads_are_named_typed_files_or_a_message_when_nothing_is_picked() {
    let app = TestApp::idf().await;
    let browser = app.browser();
    let (id, _, page) = arretes_page(&app, &browser).await;
    let today = column::<String>(
        &app,
        "SELECT ((now() AT TIME ZONE 'Europe/Paris')::date)::text",
    )
    .await
    .remove(0);
    let fiche_form = form_fields(&page, "form[action$='/fiche_inspection']");
    let fiche = format!("/installations/{id}/arretes/fiche_inspection");
    let empty = browser.post_fields(&fiche, &fiche_form).await;
    assert_eq!(empty.status, 400);
    assert!(text_of(&empty).contains(
        "Aucune prescription sélectionnée : cochez des alinéas ou ajoutez une prescription d’AP \
         avant de télécharger la fiche ou le modèle GUN."
    ));

    post_ap_form(&browser, &page, "Article 3", "Contrôle annuel.").await;
    for (path, fields, media_type, name) in [
        (
            fiche.clone(),
            fiche_form.clone(),
            "application/vnd.oasis.opendocument.text",
            format!("fiche_inspection_{GOULARD}_{today}.odt"),
        ),
        (
            format!("/installations/{id}/arretes/fiche_gun"),
            form_fields(&page, "form[action$='/fiche_gun']"),
            "application/vnd.oasis.opendocument.spreadsheet",
            format!("fiche_GUN_{GOULARD}_{today}.ods"),
        ),
    ] {
        let response = browser
            .client
            .post(format!("{}{path}", app.url))
            .form(&fields)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let header = |name: &str| response.headers()[name].to_str().unwrap().to_string();
        assert_eq!(header("content-type"), media_type);
        assert_eq!(
            header("content-disposition"),
            format!("attachment; filename=\"{name}\"")
        );
        let bytes = response.bytes().await.unwrap();
        assert_eq!(&bytes[30..38], b"mimetype");
        assert!(bytes[38..].starts_with(media_type.as_bytes()));
    }
}

#[tokio::test]
async fn a_users_list_is_bounded_and_a_refused_section_changes_nothing() {
    let app = TestApp::idf().await;
    let browser = app.browser();
    let (id, _, page) = arretes_page(&app, &browser).await;
    post_ap_form(&browser, &page, "Article 1", "Premier.").await;
    // 1,998 more typed prescriptions: 1,999 in all, one short of the limit.
    count(
        &app,
        &format!(
            "WITH added AS (
                 INSERT INTO prescriptions (user_id, installation_id, reference, content)
                 SELECT user_id, installation_id, 'Article ' || n, 'Texte ' || n
                 FROM prescriptions, generate_series(2, 1999) AS n WHERE installation_id = {id}
                 RETURNING 1)
             SELECT count(*) FROM added"
        ),
    )
    .await;
    let (_, fields, _) = section_form(&page, 2);
    let refused = browser
        .post_fields(
            &format!("/installations/{id}/prescriptions/from_am"),
            &fields,
        )
        .await;
    let shown = browser.follow(&refused).await;
    assert!(text_of(&shown).contains(
        "Vous avez atteint le nombre maximal de prescriptions (2 000) pour cette installation"
    ));
    assert_eq!(
        count(&app, "SELECT count(*) FROM prescriptions").await,
        1999
    );
    let refused = post_ap_form(&browser, &page, "Article 2000", "Le dernier.").await;
    assert_eq!(refused.status, 303);
    let added = post_ap_form(&browser, &page, "Article 2001", "De trop.").await;
    assert!(text_of(&browser.follow(&added).await).contains("nombre maximal"));
    assert_eq!(
        count(&app, "SELECT count(*) FROM prescriptions").await,
        2000
    );
}
