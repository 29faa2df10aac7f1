//! The app in a real browser (headless Chromium, see `chrome`): its scripts at work on the
//! reading pages, a user's installations made through their forms, and the accessibility of
//! the main pages checked by axe-core.
mod common;

use common::app::TestApp;
use envinorma_test_support::chrome::{Chrome, until};
use serde::Deserialize;

/// The installation of the scenarios: three applicable AMs, two APs.
const GOULARD: &str = "0065.00037";

async fn click(chrome: &Chrome, css: &str, text: &str) {
    let element = chrome.find_text(css, text).await;
    element
        .click()
        .await
        .unwrap_or_else(|e| panic!("click on {css} {text:?}: {e}"));
}

/// Empties a field and types `text` into it.
async fn type_in(chrome: &Chrome, css: &str, text: &str) {
    let field = chrome.find(css).await;
    field.clear().await.expect("the field clears");
    field.send_keys(text).await.expect("the field takes keys");
}

async fn text_of(chrome: &Chrome, css: &str) -> String {
    chrome
        .find(css)
        .await
        .text()
        .await
        .expect("an element's text")
}

async fn strings(chrome: &Chrome, script: &str) -> Vec<String> {
    let value = chrome.run(script, Vec::new()).await;
    serde_json::from_value(value).expect("a list of strings")
}

/// The AMs ticked on the installation page, in page order.
async fn ticked_ams(chrome: &Chrome) -> Vec<String> {
    strings(
        chrome,
        "return [...document.querySelectorAll('.js_am_checkbox:checked')].map((box) => box.dataset.amId);",
    )
    .await
}

async fn prescriptions_href(chrome: &Chrome) -> String {
    let link = chrome.find("#js_prescriptions_link").await;
    link.attr("href").await.unwrap().expect("an href")
}

/// Waits until the "Voir les prescriptions" link leads to `expected`.
async fn wait_for_prescriptions_href(chrome: &Chrome, expected: &str) {
    until(
        &format!("the prescriptions link to {expected}"),
        async || {
            let href = prescriptions_href(chrome).await;
            if href == expected { Ok(()) } else { Err(href) }
        },
    )
    .await;
}

/// The cells of the classements table, row by row, as shown.
async fn classement_rows(chrome: &Chrome) -> Vec<Vec<String>> {
    let value = chrome
        .run(
            "return [...document.querySelectorAll('.classements-table tbody tr')]
               .map((row) => [...row.cells].map((cell) => cell.innerText.trim()));",
            Vec::new(),
        )
        .await;
    serde_json::from_value(value).expect("table cells")
}

/// Waits for the page of an installation other than the one at `left`, and gives its id.
async fn wait_for_other_installation(chrome: &Chrome, left: &str) -> i64 {
    until("another installation's page", async || {
        let path = chrome.path().await;
        match path.strip_prefix("/installations/").map(str::parse) {
            Some(Ok(id)) if path != left => Ok(id),
            _ => Err(path),
        }
    })
    .await
}

/// What the topic filter left visible in one AM of the AM/AP page.
#[derive(Debug, Deserialize)]
struct FilteredAm {
    /// The class list of each filterable element (sections and table of contents entries),
    /// and whether it is shown.
    filterables: Vec<(String, bool)>,
    empty_topic_message: bool,
}

impl FilteredAm {
    fn shows_everything(&self) -> bool {
        self.filterables.iter().all(|(_, shown)| *shown) && !self.empty_topic_message
    }
}

/// Checks that the AMs show exactly the elements of `topic`, and the empty-topic message
/// where none is left; gives which AMs show the message.
fn only_topic_shown(ams: &[FilteredAm], topic: &str) -> Vec<bool> {
    let class = format!("topic_{topic}");
    for (i, am) in ams.iter().enumerate() {
        for (classes, shown) in &am.filterables {
            let of_topic = classes.split_whitespace().any(|c| c == class);
            assert_eq!(*shown, of_topic, "AM {i}, {topic}: {classes}");
        }
        let none_shown = am.filterables.iter().all(|(_, shown)| !shown);
        assert_eq!(
            am.empty_topic_message, none_shown,
            "AM {i}, {topic}: the empty-topic message"
        );
    }
    ams.iter().map(|am| am.empty_topic_message).collect()
}

/// The topics whose button is pressed, as assistive technologies are told.
async fn pressed_topics(chrome: &Chrome) -> Vec<String> {
    strings(
        chrome,
        "return [...document.querySelectorAll('.js-topic[aria-pressed=true]')].map((b) => b.dataset.topic);",
    )
    .await
}

async fn filtered_ams(chrome: &Chrome) -> Vec<FilteredAm> {
    let value = chrome
        .run(
            "return [...document.querySelectorAll('.js-am')].map((am) => ({
               filterables: [...am.querySelectorAll('.filterable')]
                 .map((element) => [element.className, element.checkVisibility()]),
               empty_topic_message: am.querySelector('.js-empty-topic').checkVisibility(),
             }));",
            Vec::new(),
        )
        .await;
    serde_json::from_value(value).expect("the AMs' filter state")
}

#[tokio::test]
async fn a_search_leads_to_the_installation_whose_ams_lead_to_their_prescriptions_filtered_by_topic()
 {
    let app = TestApp::idf().await;
    let id = app.public_id(GOULARD).await;
    let chrome = Chrome::open(&app.url).await;

    chrome.visit("/").await;
    type_in(&chrome, "#autocomplete", "goulard").await;
    let results = until("search results", async || {
        let links = chrome.find_all("#autocomplete-resultats li a").await;
        if links.is_empty() {
            Err("none".into())
        } else {
            Ok(links)
        }
    })
    .await;
    assert!(results.len() <= 10, "{} results", results.len());
    click(&chrome, "#autocomplete-resultats a", GOULARD).await;
    let installation = format!("/installations/{id}");
    chrome.wait_for_path(&installation).await;
    let title = text_of(&chrome, "h1").await;
    assert!(title.contains("GOULARD"), "{title}");

    // The link follows the ticks: an AM unticked leaves it, ticked again comes back in place.
    let ticked = ticked_ams(&chrome).await;
    assert_eq!(ticked.len(), 3, "the applicable AMs are ticked: {ticked:?}");
    let all = prescriptions_href(&chrome).await;
    assert!(
        all.starts_with(&format!("{installation}/arretes?am_ids[]={}&", ticked[0])),
        "{all}"
    );
    let label = format!("label[for=am_{}]", ticked[0]);
    chrome.find(&label).await.click().await.unwrap();
    let without_first = all.replace(&format!("am_ids[]={}&", ticked[0]), "");
    wait_for_prescriptions_href(&chrome, &without_first).await;
    chrome.find(&label).await.click().await.unwrap();
    wait_for_prescriptions_href(&chrome, &all).await;

    click(&chrome, "#js_prescriptions_link", "Voir les prescriptions").await;
    chrome.wait_for_path(&all).await;
    let ams = filtered_ams(&chrome).await;
    assert_eq!(ams.len(), 3);
    assert!(
        ams.iter().all(FilteredAm::shows_everything),
        "everything is shown before a topic is chosen"
    );

    // All three AMs have water prescriptions; the 2521 one (first) has none about the end of
    // operations.
    click(&chrome, ".js-topic", "Eau").await;
    let ams = filtered_ams(&chrome).await;
    assert_eq!(only_topic_shown(&ams, "EAU"), [false, false, false]);
    click(&chrome, ".js-topic", "Fin d'exploitation").await;
    let ams = filtered_ams(&chrome).await;
    assert_eq!(
        only_topic_shown(&ams, "FIN_EXPLOITATION"),
        [true, false, false]
    );
    // Hidden text is no text to WebDriver: this finds the message shown.
    chrome
        .find_text(
            ".js-empty-topic",
            "Cet arrêté ne contient pas de prescriptions correspondant au thème choisi",
        )
        .await;
    assert_eq!(pressed_topics(&chrome).await, ["FIN_EXPLOITATION"]);

    click(&chrome, ".js-topic", "Fin d'exploitation").await;
    let ams = filtered_ams(&chrome).await;
    assert!(
        ams.iter().all(FilteredAm::shows_everything),
        "choosing the topic again shows everything"
    );
    assert!(pressed_topics(&chrome).await.is_empty());
}

#[tokio::test]
async fn a_fictive_installation_is_created_renamed_and_its_classement_edited_through_the_forms() {
    let app = TestApp::idf().await;
    app.import_classement_references().await;
    let chrome = Chrome::open(&app.url).await;

    chrome.visit("/").await;
    click(&chrome, "a", "Créer une installation fictive").await;
    chrome.wait_for_path("/installations/new").await;
    type_in(&chrome, "#installation_name", "Entrepôt d’essai").await;
    // The nomenclature comes as you type, as radio buttons.
    type_in(&chrome, "#reference_query", "1510 e 2").await;
    click(
        &chrome,
        "#reference_choices label",
        "1510 E 2-b - Entrepot enregistré",
    )
    .await;
    assert!(
        chrome.find_all("#reference_search").await.is_empty(),
        "the search button is for pages without script"
    );
    type_in(&chrome, "#volume", "250 m3").await;
    click(&chrome, "button", "Créer l'installation").await;
    let id = wait_for_other_installation(&chrome, "/installations/new").await;
    assert_eq!(text_of(&chrome, "h1").await, "Entrepôt d’essai");
    let rows = classement_rows(&chrome).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0][..4], ["1510", "2-b", "E", "Entrepot enregistré"]);
    assert_eq!(rows[0][6], "250 m3");

    click(&chrome, "a", "Modifier le nom de l'installation").await;
    chrome
        .wait_for_path(&format!("/installations/{id}/edit_name"))
        .await;
    type_in(&chrome, "#installation_name", "Entrepôt renommé").await;
    click(&chrome, "button", "Sauvegarder la modification").await;
    let installation = format!("/installations/{id}");
    chrome.wait_for_path(&installation).await;
    assert_eq!(text_of(&chrome, "h1").await, "Entrepôt renommé");
    assert_eq!(
        text_of(&chrome, "[role=alert]").await,
        "L'installation a bien été mise à jour"
    );

    click(&chrome, "a", "Modifier les classements").await;
    chrome
        .wait_for_path(&format!("/installations/{id}/edit"))
        .await;
    let regime = chrome.find("#classement_0_regime").await;
    regime.select_by_value("A").await.expect("régime A");
    type_in(&chrome, "#classement_0_alinea", "1").await;
    click(&chrome, "button", "Sauvegarder les modifications").await;
    chrome.wait_for_path(&installation).await;
    let rows = classement_rows(&chrome).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0][..3], ["1510", "1", "A"]);
}

#[tokio::test]
async fn a_copy_of_a_public_installation_is_the_visitors_own_and_the_public_page_leads_to_it() {
    let app = TestApp::idf().await;
    let public = format!("/installations/{}", app.public_id(GOULARD).await);
    let chrome = Chrome::open(&app.url).await;

    chrome.visit(&public).await;
    click(
        &chrome,
        "button",
        "Créer une copie de l’installation (accessible par vous seul).",
    )
    .await;
    let copy = wait_for_other_installation(&chrome, &public).await;
    chrome
        .find_text(".fr-alert", "Cette installation a été créée par vos soins")
        .await;

    chrome.visit(&public).await;
    let link = chrome
        .find_text("a", "Consulter votre version de l’installation.")
        .await;
    link.click().await.unwrap();
    chrome
        .wait_for_path(&format!("/installations/{copy}"))
        .await;
}

#[tokio::test]
async fn the_main_pages_ap_searches_faq_and_about_included_pass_the_wcag_2_1_aa_checks_of_axe() {
    let app = TestApp::idf().await;
    let id = app.public_id(GOULARD).await;
    // Text in one of its APs: the AP searches show results, highlights and pages of results.
    let pages: Vec<String> = (1..=25)
        .map(|n| format!("Les rejets {}du site.", "d'odeurs ".repeat(n)))
        .collect();
    envinorma_db::ap_pages::replace(
        &app.db.client().await,
        "P/c/91e4aacb00994b34898f78f3182f543c",
        &pages,
    )
    .await
    .unwrap();
    let chrome = Chrome::open(&app.url).await;

    let installation = format!("/installations/{id}");
    chrome.visit(&installation).await;
    let am = ticked_ams(&chrome)
        .await
        .into_iter()
        .next()
        .expect("an applicable AM");
    for path in [
        "/".to_string(),
        installation.clone(),
        format!("{installation}/arretes?am_ids[]={am}"),
        format!("{installation}/aps/recherche?q=odeurs"),
        "/aps/recherche".to_string(),
        "/aps/recherche?q=odeurs&page=2".to_string(),
        "/installations/new".to_string(),
        "/pages/faq".to_string(),
        "/pages/about".to_string(),
    ] {
        chrome.visit(&path).await;
        let violations = chrome.accessibility_violations().await;
        assert!(
            violations.is_empty(),
            "{path}: {} violations\n{}",
            violations.len(),
            violations.join("\n")
        );
    }
}

/// Clicks the label of box `id`, brought to the middle of the window first (the sticky topic
/// bar covers the top).
async fn click_label(chrome: &Chrome, id: &str) {
    let css = format!("label[for={id}]");
    chrome
        .run(
            "document.querySelector(arguments[0]).scrollIntoView({block: 'center'});",
            vec![css.clone().into()],
        )
        .await;
    chrome.find(&css).await.click().await.unwrap();
}

/// The counter of the AM/AP page, once it says `expected`.
async fn wait_for_counter(chrome: &Chrome, expected: usize) {
    until(&format!("the counter at {expected}"), async || {
        let shown = text_of(chrome, ".js-counter").await;
        if shown == expected.to_string() {
            Ok(())
        } else {
            Err(shown)
        }
    })
    .await;
}

async fn number(chrome: &Chrome, script: &str) -> usize {
    let value = chrome.run(script, Vec::new()).await;
    value.as_u64().expect("a number") as usize
}

async fn ticked_alineas(chrome: &Chrome) -> usize {
    number(
        chrome,
        "return document.querySelectorAll('input[name^=prescription_checkbox_]:checked').length;",
    )
    .await
}

/// Waits until the recap dialog shows `count` prescriptions.
async fn wait_for_recap(chrome: &Chrome, count: usize) {
    until(&format!("{count} prescriptions in the recap"), async || {
        let shown = number(
            chrome,
            "return document.querySelectorAll('.js-recap-dialog[open] #recap .prescription').length;",
        )
        .await;
        if shown == count { Ok(()) } else { Err(shown.to_string()) }
    })
    .await;
}

/// Whether `bytes` are an OpenDocument package of `media_type`: `mimetype` first, stored.
fn is_open_document(bytes: &[u8], media_type: &str) -> bool {
    // Local file header: name at 30, method at 8 (0 = stored), name length at 26.
    bytes.starts_with(b"PK\x03\x04")
        && bytes[8..10] == [0, 0]
        && &bytes[30..38] == b"mimetype"
        && bytes[38..].starts_with(media_type.as_bytes())
}

#[tokio::test]
async fn an_inspector_picks_prescriptions_records_findings_and_downloads_the_files() {
    let app = TestApp::idf().await;
    let id = app.public_id(GOULARD).await;
    let chrome = Chrome::open(&app.url).await;

    chrome.visit("/").await;
    type_in(&chrome, "#autocomplete", "goulard").await;
    click(&chrome, "#autocomplete-resultats a", GOULARD).await;
    chrome.wait_for_path(&format!("/installations/{id}")).await;
    click(&chrome, "#js_prescriptions_link", "Voir les prescriptions").await;
    chrome.find(".js-recap-open").await;
    wait_for_counter(&chrome, 0).await;

    // A whole section ("Tout sélectionner"), then a table, then one alinéa of another section.
    let section = chrome
        .run(
            "const form = [...document.querySelectorAll('.js-alinea-form')]
               .find((f) => f.querySelector('[data-select-all]') && !f.querySelector('table'));
             return [form.querySelector('[data-select-all]').id,
                     form.querySelectorAll('input[name^=prescription_checkbox_]').length];",
            Vec::new(),
        )
        .await;
    let (select_all, in_section): (String, usize) = serde_json::from_value(section).unwrap();
    click_label(&chrome, &select_all).await;
    wait_for_counter(&chrome, in_section).await;
    let table_box: String = serde_json::from_value(
        chrome
            .run(
                "return [...document.querySelectorAll('.alinea')]
                   .find((a) => a.querySelector('table')).querySelector('input').id;",
                Vec::new(),
            )
            .await,
    )
    .unwrap();
    click_label(&chrome, &table_box).await;
    wait_for_counter(&chrome, in_section + 1).await;
    let single: String = serde_json::from_value(
        chrome
            .run(
                "return [...document.querySelectorAll('input[name^=prescription_checkbox_]')]
                   .find((b) => !b.checked && !b.closest('form').querySelector(':checked')).id;",
                Vec::new(),
            )
            .await,
    )
    .unwrap();
    click_label(&chrome, &single).await;
    wait_for_counter(&chrome, in_section + 2).await;

    // An AP prescription: blank content refused with the message, then a real one.
    type_in(
        &chrome,
        ".js-ap-form input[name='prescription[reference]']",
        "Article 2",
    )
    .await;
    type_in(&chrome, ".js-ap-form textarea", "   ").await;
    click(&chrome, ".js-ap-form button", "Ajouter la prescription").await;
    chrome
        .find_text(
            ".js-ap-form .js-form-error",
            "Les champs contenu et référence ne doivent pas être vides.",
        )
        .await;
    type_in(
        &chrome,
        ".js-ap-form textarea",
        "Les rejets sont contrôlés chaque année.",
    )
    .await;
    click(&chrome, ".js-ap-form button", "Ajouter la prescription").await;
    let total = in_section + 3;
    wait_for_counter(&chrome, total).await;

    // The recap, grouped by topic, a finding recorded.
    chrome.find(".js-recap-open").await.click().await.unwrap();
    wait_for_recap(&chrome, total).await;
    click(&chrome, ".js-recap-dialog button", "Grouper par thème").await;
    chrome
        .find_text(".js-recap-dialog #recap h2", "Aucun thème")
        .await;
    let first_status = chrome.find(".js-recap-dialog #recap select").await;
    first_status
        .select_by_value("conforme")
        .await
        .expect("a status chosen");
    click(&chrome, ".js-recap-dialog button", "Enregistrer le constat").await;
    chrome
        .find_text(".js-recap-dialog .recap-counts", "Conforme : 1")
        .await;
    let violations = chrome.accessibility_violations().await;
    assert!(violations.is_empty(), "{}", violations.join("\n"));

    // Both files, as the browser saves them.
    let today: String = {
        let client = app.db.pool().get().await.unwrap();
        let row = client
            .query_one(
                "SELECT ((now() AT TIME ZONE 'Europe/Paris')::date)::text",
                &[],
            )
            .await
            .unwrap();
        row.get(0)
    };
    chrome.find("#recap_btn_fiche").await.click().await.unwrap();
    let fiche = chrome
        .downloaded(&format!("fiche_inspection_{GOULARD}_{today}.odt"))
        .await;
    assert!(is_open_document(
        &fiche,
        "application/vnd.oasis.opendocument.text"
    ));
    chrome.find("#recap_btn_gun").await.click().await.unwrap();
    let gun = chrome
        .downloaded(&format!("fiche_GUN_{GOULARD}_{today}.ods"))
        .await;
    assert!(is_open_document(
        &gun,
        "application/vnd.oasis.opendocument.spreadsheet"
    ));

    // Reloaded: ticks, counter and finding are kept.
    chrome.run("location.reload();", Vec::new()).await;
    wait_for_counter(&chrome, total).await;
    assert_eq!(ticked_alineas(&chrome).await, in_section + 2);
    chrome.find(".js-recap-open").await.click().await.unwrap();
    wait_for_recap(&chrome, total).await;
    chrome
        .find_text(".js-recap-dialog .recap-counts", "Conforme : 1")
        .await;

    // "Tout supprimer": the list, the counter and the ticks are emptied.
    chrome.run("window.confirm = () => true;", Vec::new()).await;
    click(&chrome, ".js-recap-dialog button", "Tout supprimer").await;
    wait_for_recap(&chrome, 0).await;
    wait_for_counter(&chrome, 0).await;
    assert_eq!(ticked_alineas(&chrome).await, 0);
}
