//! The topic editor over HTTP, as a browser without JavaScript uses it: a topic set and
//! shown, refused under or above another with its reason and nothing saved, removed; every
//! change in the edit log.

mod common;

use common::{Bo, location, post_form, texts};
use envinorma_db::bo;
use reqwest::StatusCode;

/// The AM of the Légifrance payload DEVP1706393A: topics on the sections of its Annexe II.
const CID: &str = "JORFTEXT000034429274";
/// « Annexe I - DÉFINITIONS », without topic nor any around it.
const ANNEXE_I: &str = "CDCc27C01D6a";
/// « Annexe II … », whose « 1. Dispositions générales » has a topic.
const ANNEXE_II: &str = "E425d7DCEefb";
/// « 1.6. Eau », under « 1. Dispositions générales ».
const EAU: &str = "f3bCceF36be7";
/// « 24. Bruits » (BRUIT_VIBRATIONS) and its « 24.1. Valeurs limites de bruit ».
const BRUITS: &str = "6ff36650c2ee";
const BRUITS_1: &str = "9eeB16f50beD";

fn page() -> String {
    format!("/am/{CID}/themes")
}

/// The topic of each section of the stored text that has one, by id.
async fn topic(bo: &Bo, id: &str) -> Option<String> {
    let documents = bo::documents(&bo.db.client().await, CID)
        .await
        .unwrap()
        .unwrap();
    let (_, section) = documents
        .text
        .all_sections()
        .find(|(_, section)| section.id == id)
        .unwrap();
    section.topic().map(str::to_owned)
}

/// The editors' changes of the log, oldest first.
async fn logged(bo: &Bo) -> Vec<String> {
    let client = bo.db.client().await;
    let rows = client
        .query(
            "SELECT what FROM bo.edits WHERE cid = $1 AND editor = 'editrice' ORDER BY id",
            &[&CID],
        )
        .await
        .unwrap();
    rows.iter().map(|row| row.get(0)).collect()
}

async fn set(bo: &Bo, browser: &reqwest::Client, section: &str, theme: &str) -> reqwest::Response {
    let fields = [("section", section), ("theme", theme)];
    post_form(bo, browser, &page(), &page(), &fields).await
}

#[tokio::test]
async fn the_topic_pages_send_anonymous_visitors_to_the_login_page_and_need_the_token() {
    let bo = Bo::start().await;
    bo.seed(CID).await;
    let anonymous = bo.browser();
    for path in [page(), format!("{}/supprimer", page())] {
        let url = format!("{}{path}", bo.url);
        let get = anonymous.get(&url).send().await.unwrap();
        let posted = anonymous
            .post(&url)
            .form(&[("section", ANNEXE_I), ("theme", "EAU")])
            .send()
            .await
            .unwrap();
        for response in [get, posted] {
            assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
            assert!(location(&response).starts_with("/connexion?suite="));
        }
        let browser = bo.signed_in().await;
        let without_token = browser
            .post(&url)
            .form(&[("section", BRUITS), ("theme", "EAU")])
            .send()
            .await
            .unwrap();
        assert_eq!(without_token.status(), StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(topic(&bo, ANNEXE_I).await, None);
    assert_eq!(
        topic(&bo, BRUITS).await.as_deref(),
        Some("BRUIT_VIBRATIONS")
    );
    assert!(logged(&bo).await.is_empty());
}

#[tokio::test]
async fn a_topic_is_set_shown_and_logged_then_removed() {
    let bo = Bo::start().await;
    bo.seed(CID).await;
    let browser = bo.signed_in().await;
    // The AM's page links to the editor, which lists the nine topics for each section.
    let am = bo.page(&browser, &format!("/am/{CID}")).await;
    let tab = format!("a[href=\"{}\"]", page());
    assert_eq!(texts(&am, &tab), ["Thèmes"]);
    let html = bo.page(&browser, &page()).await;
    let options = texts(&html, &format!("#section-{ANNEXE_I} select option"));
    assert_eq!(
        options,
        [
            "Choisir un thème",
            "Dispositions générales",
            "Implantation - aménagement",
            "Exploitation",
            "Risques",
            "Eau",
            "Air - odeurs",
            "Déchets",
            "Bruit - vibrations",
            "Fin d'exploitation"
        ]
    );
    let shown = texts(&html, &format!("#section-{BRUITS} .bo-topics__topic"));
    assert_eq!(shown, ["thème : Bruit - vibrations"]);

    let response = set(&bo, &browser, ANNEXE_I, "DISPOSITIONS_GENERALES").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let back = location(&response).to_owned();
    assert_eq!(
        back,
        format!("/am/{CID}/themes?message=enregistre#section-{ANNEXE_I}")
    );
    let html = bo.page(&browser, &back).await;
    assert_eq!(texts(&html, ".fr-alert p"), ["Le thème a été enregistré."]);
    let shown = texts(&html, &format!("#section-{ANNEXE_I} .bo-topics__topic"));
    assert_eq!(shown, ["thème : Dispositions générales"]);
    let selected = texts(&html, &format!("#section-{ANNEXE_I} option[selected]"));
    assert_eq!(selected, ["Dispositions générales"]);
    assert_eq!(
        topic(&bo, ANNEXE_I).await.as_deref(),
        Some("DISPOSITIONS_GENERALES")
    );

    // Its topic removed, a subsection of « 24. Bruits » can have one.
    let remove = format!("{}/supprimer", page());
    let response = post_form(&bo, &browser, &page(), &remove, &[("section", BRUITS)]).await;
    assert_eq!(
        location(&response),
        format!("/am/{CID}/themes?message=supprime#section-{BRUITS}")
    );
    assert_eq!(topic(&bo, BRUITS).await, None);
    let response = set(&bo, &browser, BRUITS_1, "BRUIT_VIBRATIONS").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        topic(&bo, BRUITS_1).await.as_deref(),
        Some("BRUIT_VIBRATIONS")
    );
    // The topic a section has already: nothing to log.
    let response = set(&bo, &browser, BRUITS_1, "BRUIT_VIBRATIONS").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        logged(&bo).await,
        [
            "thème « Dispositions générales » donné à la section « Annexe I - DÉFINITIONS »",
            "thème retiré de la section « 24. Bruits »",
            "thème « Bruit - vibrations » donné à la section « 24.1. Valeurs limites de bruit »",
        ]
    );
}

#[tokio::test]
async fn a_topic_under_or_above_another_is_refused_with_its_reason_and_nothing_is_saved() {
    let bo = Bo::start().await;
    let seeded = bo.seed(CID).await;
    let browser = bo.signed_in().await;
    let response = set(&bo, &browser, EAU, "EAU").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text().await.unwrap();
    assert_eq!(
        texts(&html, ".fr-alert--error p"),
        [
            "Rien n’a été enregistré. La section englobante « 1. Dispositions générales » a déjà \
          le thème « Dispositions générales » : retirez-le avant d’en donner un à cette section."
        ]
    );
    let response = set(&bo, &browser, ANNEXE_II, "RISQUES").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        texts(&response.text().await.unwrap(), ".fr-alert--error p"),
        [
            "Rien n’a été enregistré. La sous-section « 1. Dispositions générales » a déjà le \
          thème « Dispositions générales » : retirez-le avant d’en donner un à cette section."
        ]
    );
    // An unknown topic or section is refused too.
    for (section, theme) in [(ANNEXE_I, "AUCUN"), (ANNEXE_I, ""), ("inconnue", "EAU")] {
        let response = set(&bo, &browser, section, theme).await;
        assert_eq!(
            response.status(),
            StatusCode::BAD_REQUEST,
            "{section} {theme}"
        );
    }
    let stored = bo::documents(&bo.db.client().await, CID)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored, seeded);
    assert!(logged(&bo).await.is_empty());
}
