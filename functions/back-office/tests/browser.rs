//! The back-office in a real browser (headless Chromium): signing in, the catalogue, the
//! Aperçu with a date, the text editor, the publication; every page checked by axe-core (WCAG 2.1 A and AA).

mod common;

use common::{Bo, PASSWORD};
use envinorma_cloud::{Bucket, ObjectStore};
use envinorma_db::bo;
use envinorma_test_support::chrome::{Chrome, until};

const CID: &str = "JORFTEXT000000568479";

async fn accessible(chrome: &Chrome, page: &str) {
    let violations = chrome.accessibility_violations().await;
    assert!(
        violations.is_empty(),
        "{page}: {} violations\n{}",
        violations.len(),
        violations.join("\n")
    );
}

async fn type_in(chrome: &Chrome, css: &str, text: &str) {
    let field = chrome.find(css).await;
    field.clear().await.expect("the field clears");
    field.send_keys(text).await.expect("the field takes keys");
}

/// Every click of these pages leads to another page (the editors work without JavaScript).
async fn click(chrome: &Chrome, css: &str, text: &str) {
    chrome.follow(chrome.find_text(css, text).await).await;
}

#[tokio::test]
async fn an_editor_signs_in_previews_an_am_for_a_date_edits_a_paragraph_and_publishes() {
    let bo = Bo::start().await;
    bo.seed(CID).await;
    let chrome = Chrome::open(&bo.url).await;

    let preview = format!("/am/{CID}/apercu");
    chrome.visit(&preview).await;
    let login = format!("/connexion?suite={}", urlencoding::encode(&preview));
    chrome.wait_for_path(&login).await;
    accessible(&chrome, "login").await;
    type_in(&chrome, "#login", "editrice").await;
    type_in(&chrome, "#password", PASSWORD).await;
    click(&chrome, "button", "Se connecter").await;
    // Back to the page asked for.
    chrome.wait_for_path(&preview).await;
    accessible(&chrome, "preview").await;
    type_in(&chrome, "#date-d-installation", "01/01/1990").await;
    click(&chrome, "button", "Valider").await;
    until("the changes of an old installation", async || {
        let items = chrome.find_all("h2 + ul li").await;
        if items.is_empty() {
            Err("no change listed".to_owned())
        } else {
            Ok(())
        }
    })
    .await;
    accessible(&chrome, "preview with a date").await;

    chrome.visit(&format!("/am/{CID}")).await;
    accessible(&chrome, "AM").await;
    chrome.visit(&format!("/am/{CID}/texte")).await;
    accessible(&chrome, "text editor").await;
    click(&chrome, "button", "Vérifier les modifications").await;
    chrome.find_text("p, li", "Aucune modification").await;
    accessible(&chrome, "text verified").await;
    // A paragraph edited: the first line that is no title nor table gets a sentence more.
    let edited = chrome
        .run(
            "const box = document.querySelector('#texte');
             const lines = box.value.split('\\n');
             const at = lines.findIndex((line) => line && !line.startsWith('#') && !line.startsWith('<'));
             lines[at] += ' Phrase ajoutée dans le navigateur.';
             box.value = lines.join('\\n');
             return lines[at];",
            Vec::new(),
        )
        .await;
    let edited = edited.as_str().expect("the edited line").to_owned();
    click(&chrome, "button", "Vérifier les modifications").await;
    chrome
        .find_text(".bo-diff__added ins", "Phrase ajoutée dans le navigateur.")
        .await;
    click(&chrome, "button", "Enregistrer").await;
    chrome
        .find_text(".fr-alert p", "Le texte a été enregistré.")
        .await;
    let saved = bo::documents(&bo.db.client().await, CID)
        .await
        .unwrap()
        .unwrap();
    let lines = envinorma_core::authoring::structure::to_lines(&saved.text);
    assert!(lines.contains(&edited), "{edited} not saved");
    chrome.visit(&format!("/am/{CID}/metadonnees")).await;
    accessible(&chrome, "metadata form").await;
    chrome.visit("/").await;
    accessible(&chrome, "catalogue").await;
    click(&chrome, "button", "Exporter les AMs").await;
    chrome
        .find_text(".fr-alert p", "AMs exportés avec succès.")
        .await;
    accessible(&chrome, "publication").await;
    let published = bo.store.list(Bucket::Am, "ams/").await.unwrap();
    assert_eq!(published.len(), 2, "{published:?}");
}

#[tokio::test]
async fn an_editor_builds_a_date_range_in_the_browser_saves_it_and_previews_the_am() {
    let bo = Bo::start().await;
    let seeded = bo.seed(CID).await;
    let section = seeded
        .text
        .all_sections()
        .map(|(_, section)| section.id.clone())
        .find(|id| seeded.parametrization.targeting(id) == Default::default())
        .expect("a section without parametrization");
    let chrome = Chrome::open(&bo.url).await;
    let overview = format!("/am/{CID}/parametrage");
    chrome.visit(&overview).await;
    type_in(&chrome, "#login", "editrice").await;
    type_in(&chrome, "#password", PASSWORD).await;
    click(&chrome, "button", "Se connecter").await;
    chrome.wait_for_path(&overview).await;
    accessible(&chrome, "parametrization overview").await;
    click(&chrome, "a", "Nouvelle inapplicabilité").await;
    chrome
        .wait_for_path(&format!("{overview}/inapplicabilite"))
        .await;
    accessible(&chrome, "inapplicability editor").await;
    // The section chosen, then shown with « Choisir » (a round trip, as without JavaScript).
    chrome
        .run(
            "document.querySelector('#section-0').value = arguments[0];",
            vec![section.clone().into()],
        )
        .await;
    click(&chrome, "button", "Choisir").await;
    until("the chosen section's alinéas", async || {
        let shown = chrome
            .run(
                "const field = document.querySelector('input[name=affiche-0]');
                 return field ? field.value : '';",
                Vec::new(),
            )
            .await;
        match shown.as_str() == Some(section.as_str()) {
            true => Ok(()),
            false => Err(format!("{shown}")),
        }
    })
    .await;
    chrome
        .run(
            "document.querySelector('#operateur-1').value = '>=';",
            Vec::new(),
        )
        .await;
    type_in(&chrome, "#valeur-1", "01/01/2010").await;
    // With JavaScript, rows come and go without a round trip: the page stays the same one.
    chrome
        .run("window.envinormaSamePage = true;", Vec::new())
        .await;
    let add = "[data-add-row]";
    chrome.find(add).await.click().await.unwrap();
    type_in(&chrome, "#valeur-2", "01/01/2020").await;
    chrome.find(add).await.click().await.unwrap();
    type_in(&chrome, "#valeur-3", "31/12/1999").await;
    let remove = "[data-remove-row][value=supprimer-condition-2]";
    chrome.find(remove).await.click().await.unwrap();
    let state = chrome
        .run(
            "return [window.envinormaSamePage === true,
                     document.querySelectorAll('.bo-condition-row').length,
                     document.querySelector('#fusion-groupe').hidden,
                     document.querySelector('label[for=valeur-2]').textContent.trim()];",
            Vec::new(),
        )
        .await;
    assert_eq!(
        state,
        serde_json::json!([true, 2, false, "Valeur n°2 Date : JJ/MM/AAAA"])
    );
    accessible(&chrome, "condition of two rows").await;
    let kept = chrome
        .run(
            "return document.querySelector('#valeur-1').value;",
            Vec::new(),
        )
        .await;
    assert_eq!(kept.as_str(), Some("01/01/2010"));
    // Enter in a value field saves (without JavaScript it would post with « Choisir », the
    // form's first button, and stay on the form).
    let enter = "\u{E007}";
    let field = chrome.find("#valeur-2").await;
    field.send_keys(enter).await.expect("the field takes Enter");
    chrome.wait_for_path(&overview).await;
    chrome
        .find_text("code", "2010-01-01 <= date-d-installation < 2020-01-01")
        .await;
    click(&chrome, "a", "Aperçu").await;
    chrome.wait_for_path(&format!("/am/{CID}/apercu")).await;
    chrome.find("#date-d-installation").await;
    accessible(&chrome, "preview of the new parametrization").await;
}

#[tokio::test]
async fn an_editor_gives_a_section_a_topic_with_its_form_and_compares_the_two_versions() {
    const TITRE_II: &str = "b1977cCA7Ce6";
    let bo = Bo::start().await;
    bo.seed(CID).await;
    let chrome = Chrome::open(&bo.url).await;
    let topics = format!("/am/{CID}/themes");
    chrome.visit(&topics).await;
    type_in(&chrome, "#login", "editrice").await;
    type_in(&chrome, "#password", PASSWORD).await;
    click(&chrome, "button", "Se connecter").await;
    chrome.wait_for_path(&topics).await;
    accessible(&chrome, "topics").await;
    // The option chosen as a person would, then the section's own button: a plain form post.
    let select = format!("#section-{TITRE_II} select");
    chrome
        .run(
            "document.querySelector(arguments[0]).value = 'RISQUES';",
            vec![select.into()],
        )
        .await;
    let button = chrome.find(&format!("#section-{TITRE_II} button")).await;
    chrome.follow(button).await;
    chrome
        .find_text(".fr-alert p", "Le thème a été enregistré.")
        .await;
    chrome
        .find_text(
            &format!("#section-{TITRE_II} .bo-topics__topic"),
            "thème : Risques",
        )
        .await;
    accessible(&chrome, "topic saved").await;
    let saved = bo::documents(&bo.db.client().await, CID)
        .await
        .unwrap()
        .unwrap();
    let (_, section) = saved
        .text
        .all_sections()
        .find(|(_, section)| section.id == TITRE_II)
        .unwrap();
    assert_eq!(section.topic(), Some("RISQUES"));

    // A topic is not in the text's lines: the two versions have the same ones.
    chrome.visit(&format!("/am/{CID}/comparer")).await;
    accessible(&chrome, "comparison").await;
    click(&chrome, "button", "Comparer ces versions").await;
    chrome
        .find_text("p", "Les deux versions ont les mêmes lignes.")
        .await;
    accessible(&chrome, "comparison of two versions").await;
}
