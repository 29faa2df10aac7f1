//! The parametrization pages over HTTP, without JavaScript: the overview, the editors of
//! inapplicabilities, alternative sections and warnings (round trips keep what was typed, the
//! consistency check refuses clashes and saves nothing), the AM-level applicability, the
//! Aperçu and the publication that follow at once, and the edit log.

mod common;

use common::{Bo, location, post_form, sent_to_login, texts};
use envinorma_core::authoring::{AmDocuments, is_element_id};
use envinorma_db::bo;
use reqwest::StatusCode;
use std::io::Read;

/// A large AM of the published ones, 127 sections.
const CID: &str = "JORFTEXT000034429274";

fn overview() -> String {
    format!("/am/{CID}/parametrage")
}

fn editor(kind: &str) -> String {
    format!("/am/{CID}/parametrage/{kind}")
}

/// The ids of the sections with at least `alineas` alinéas and no element, in reading order.
fn free_sections(documents: &AmDocuments, alineas: usize) -> Vec<String> {
    documents
        .text
        .all_sections()
        .filter(|(_, section)| section.outer_alineas.len() >= alineas)
        .map(|(_, section)| section.id.clone())
        .filter(|id| documents.parametrization.targeting(id) == Default::default())
        .collect()
}

/// The back-office with the AM seeded, as the signed-in editor sees it.
struct Am {
    bo: Bo,
    browser: reqwest::Client,
}

impl Am {
    async fn start() -> (Am, AmDocuments) {
        let bo = Bo::start().await;
        let seeded = bo.seed(CID).await;
        let browser = bo.signed_in().await;
        (Am { bo, browser }, seeded)
    }

    async fn page(&self, path: &str) -> String {
        self.bo.page(&self.browser, path).await
    }

    /// Posts `fields` to `to` with the token of the page `from`.
    async fn post(&self, from: &str, to: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        post_form(&self.bo, &self.browser, from, to, fields).await
    }

    async fn saved(&self) -> AmDocuments {
        let client = self.bo.db.client().await;
        bo::documents(&client, CID).await.unwrap().unwrap()
    }

    /// The edit log, newest first, without the seeding's entry.
    async fn log(&self) -> Vec<String> {
        let client = self.bo.db.client().await;
        let mut edits = bo::edits(&client, CID, 100).await.unwrap();
        let seeding = edits.pop().map(|edit| edit.what);
        assert_eq!(seeding.as_deref(), Some("chargement"));
        edits.into_iter().map(|edit| edit.what).collect()
    }
}

/// The value attributes of the elements `css` selects.
fn values(html: &str, css: &str) -> Vec<String> {
    let selector = scraper::Selector::parse(css).unwrap();
    scraper::Html::parse_document(html)
        .select(&selector)
        .filter_map(|element| element.value().attr("value").map(str::to_owned))
        .collect()
}

/// An inapplicability's fields on `section` (alinéas shown for it), with rows.
fn inapplicability<'a>(
    section: &'a str,
    alineas: &[&'a str],
    rows: &[(&'a str, &'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("section-0", section),
        ("affiche-0", section),
        ("sous-sections", "1"),
    ];
    fields.extend(alineas.iter().map(|alinea| ("alineas-0", *alinea)));
    for &(variable, operator, value) in rows {
        fields.extend([
            ("variable", variable),
            ("operateur", operator),
            ("valeur", value),
        ]);
    }
    fields.push(("fusion", "and"));
    fields
}

const RANGE: [(&str, &str, &str); 2] = [
    ("date-d-installation", ">=", "01/01/2010"),
    ("date-d-installation", "<", "01/01/2020"),
];

#[tokio::test]
async fn an_anonymous_visitor_and_a_post_without_its_token_are_refused() {
    let (am, _) = Am::start().await;
    let bo = &am.bo;
    for path in [overview(), editor("inapplicabilite")] {
        sent_to_login(bo, &path).await;
    }
    let forged = am
        .browser
        .post(format!("{}{}", bo.url, editor("avertissement")))
        .form(&[
            ("csrf_token", "0"),
            ("section-0", "x"),
            ("texte", "Un avertissement."),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let unknown = am
        .browser
        .get(format!("{}{}", bo.url, editor("autre-chose")))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert!(am.log().await.is_empty());
}

#[tokio::test]
async fn an_inapplicability_on_a_date_range_is_created_shown_edited_copied_and_deleted() {
    let (am, seeded) = Am::start().await;
    let free = free_sections(&seeded, 3);
    let (section, other) = (free[0].as_str(), free[1].as_str());
    let new = editor("inapplicabilite");
    let tab = format!("href=\"{}\"", overview());
    assert!(am.page(&format!("/am/{CID}")).await.contains(&tab));

    let form = am.page(&new).await;
    assert!(form.contains("Rendre inapplicable les sous-sections ?"));
    assert_eq!(values(&form, "#sous-sections[checked]"), ["1"]);
    assert_eq!(
        values(&form, "#variable-1 option[selected]"),
        ["date-d-installation"]
    );
    assert_eq!(values(&form, "#operateur-1 option[selected]"), ["<"]);
    assert_eq!(
        texts(&form, "#fusion-groupe[hidden] label").len(),
        1,
        "ET/OU hidden with one row"
    );
    let labels = texts(&form, "#section-0 option");
    assert!(
        labels.iter().any(|label| label.starts_with("## ")),
        "{labels:?}"
    );

    // Round trips keep what was typed: a row more, then the alinéas of another section.
    let mut fields = inapplicability(section, &["0", "2"], &RANGE[..1]);
    fields.push(("action", "ajouter-condition"));
    let more = am.post(&new, &new, &fields).await;
    assert_eq!(more.status(), StatusCode::OK);
    let more = more.text().await.unwrap();
    assert_eq!(
        values(&more, "#condition > .bo-condition-row input[name=valeur]"),
        ["01/01/2010", ""]
    );
    assert_eq!(values(&more, "#operateur-1 option[selected]"), [">="]);
    assert_eq!(
        values(&more, "#fusion-groupe:not([hidden]) option"),
        ["and", "or"]
    );
    assert_eq!(values(&more, "input[name=alineas-0][checked]"), ["0", "2"]);
    let mut fields = inapplicability(other, &["0"], &RANGE);
    fields[1] = ("affiche-0", section);
    let changed = am.post(&new, &new, &fields).await;
    assert_eq!(
        changed.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "saved with stale alinéas"
    );
    let changed = changed.text().await.unwrap();
    assert!(changed.contains("la section a changé"), "{changed}");
    assert_eq!(values(&changed, "input[name=affiche-0]"), [other]);
    assert_eq!(
        values(
            &changed,
            "#condition > .bo-condition-row input[name=valeur]"
        ),
        ["01/01/2010", "01/01/2020"]
    );
    assert!(am.log().await.is_empty());

    let created = am
        .post(&new, &new, &inapplicability(section, &["0", "2"], &RANGE))
        .await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&created), overview());
    let stored = am.saved().await.parametrization.targeting(section);
    let element = &stored.inapplicable_sections[0];
    assert_eq!(element.alineas, Some(vec![0, 2]));
    assert!(element.subsections_are_inapplicable);
    let range = "2010-01-01 <= date-d-installation < 2020-01-01";
    assert_eq!(element.condition.to_str(), range);
    let page = am.page(&overview()).await;
    let card = texts(&page, &format!("#section-{section} .fr-card"));
    assert!(card[0].contains(range), "{card:?}");
    assert!(card[0].contains("Alineas visés : 1, 3"), "{card:?}");
    assert!(card[0].contains("Sous-sections également inapplicables : Oui"));
    let conditions = texts(&page, ".bo-conditions li");
    assert!(
        conditions.iter().any(|c| c.starts_with(range)),
        "{conditions:?}"
    );

    // Editing shows the two rows back, the upper bound first.
    let edit = format!("{new}/{}", element.id);
    let form = am.page(&edit).await;
    assert_eq!(
        values(&form, "#condition > .bo-condition-row input[name=valeur]"),
        ["01/01/2020", "01/01/2010"]
    );
    assert_eq!(
        values(
            &form,
            "#condition > .bo-condition-row select[name=operateur] option[selected]"
        ),
        ["<", ">="]
    );
    assert_eq!(values(&form, "input[name=alineas-0][checked]"), ["0", "2"]);
    assert!(!form.contains("Ajouter un paragraphe"));

    // A second condition that overlaps on the same section: refused, nothing saved.
    let before = am.saved().await;
    let overlap = [("date-d-installation", "<", "01/01/2015")];
    let refused = am
        .post(&new, &new, &inapplicability(section, &[], &overlap))
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = refused.text().await.unwrap();
    // The refused element's id is drawn at random: named « nouveau » here.
    let message: Vec<String> = texts(&refused, ".bo-errors li")
        .join("\n")
        .split(' ')
        .map(
            |word| match is_element_id(word) && ![element.id.as_str(), section].contains(&word) {
                true => "nouveau".to_owned(),
                false => word.to_owned(),
            },
        )
        .collect();
    assert_eq!(
        message.join(" "),
        format!(
            "Erreur: la section visée est déjà visée par au moins une autre condition. Celle-ci \
             est incompatible avec celle(s) déjà définie(s) :\nSection {section} : la condition \
             « date-d-installation < 2015-01-01 » de l’inapplicabilité nouveau et la condition \
             « {range} » de l’inapplicabilité {} peuvent être remplies en même temps.",
            element.id
        )
    );
    assert_eq!(
        values(
            &refused,
            "#condition > .bo-condition-row input[name=valeur]"
        ),
        ["01/01/2015"]
    );
    assert_eq!(am.saved().await, before);

    // Editing replaces the element by a new one.
    let edited = am
        .post(&edit, &edit, &inapplicability(section, &[], &overlap))
        .await;
    assert_eq!(edited.status(), StatusCode::SEE_OTHER);
    let stored = am.saved().await.parametrization.targeting(section);
    assert_eq!(stored.inapplicable_sections.len(), 1);
    let element = stored.inapplicable_sections[0].clone();
    assert_ne!(element.id, edit.rsplit('/').next().unwrap());
    assert_eq!(element.alineas, None);

    // A copy, on another section, is a new element.
    let copy = format!("{new}/{}/copie", element.id);
    let form = am.page(&copy).await;
    assert_eq!(
        values(&form, "#condition > .bo-condition-row input[name=valeur]"),
        ["01/01/2015"]
    );
    let copied = am
        .post(&copy, &new, &inapplicability(other, &[], &overlap))
        .await;
    assert_eq!(copied.status(), StatusCode::SEE_OTHER);
    let copy = am.saved().await.parametrization.targeting(other);
    assert_eq!(copy.inapplicable_sections[0].condition, element.condition);

    let delete = format!("{new}/{}/supprimer", element.id);
    let edit = format!("{new}/{}", element.id);
    let deleted = am.post(&edit, &delete, &[]).await;
    assert_eq!(deleted.status(), StatusCode::SEE_OTHER);
    let after = am.saved().await;
    assert!(
        after
            .parametrization
            .targeting(section)
            .inapplicable_sections
            .is_empty()
    );
    assert_eq!(after.parametrization.targeting(other), copy);

    let title = |id: &str| {
        let section = seeded
            .text
            .all_sections()
            .find(|(_, s)| s.id == id)
            .unwrap()
            .1;
        section.title.text.clone()
    };
    assert_eq!(
        am.log().await,
        [
            format!(
                "inapplicabilité supprimée : « {} » si date-d-installation < 2015-01-01",
                title(section)
            ),
            format!(
                "inapplicabilité ajoutée : « {} » si date-d-installation < 2015-01-01",
                title(other)
            ),
            format!(
                "inapplicabilité modifiée : « {} » si date-d-installation < 2015-01-01",
                title(section)
            ),
            format!(
                "inapplicabilité ajoutée : « {} » si {range}",
                title(section)
            ),
        ]
    );
}

#[tokio::test]
async fn alternative_sections_and_warnings_are_saved_from_their_forms() {
    let (am, seeded) = Am::start().await;
    let free = free_sections(&seeded, 1);
    let (first, second) = (free[0].as_str(), free[1].as_str());

    // A warning too short is refused; a block more keeps the text typed.
    let new = editor("avertissement");
    let short = [
        ("section-0", first),
        ("affiche-0", first),
        ("texte", "Trop court"),
    ];
    let refused = am.post(&new, &new, &short).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        texts(&refused.text().await.unwrap(), ".bo-errors li"),
        [
            "Le champ « Contenu de l’avertissement » doit contenir plus de 10 caractères ; il en contient 10."
        ]
    );
    let warning = "Cette section ne vaut que pour les installations existantes.";
    let mut fields = vec![
        ("section-0", first),
        ("affiche-0", first),
        ("texte", warning),
    ];
    fields.push(("action", "ajouter-paragraphe"));
    let more = am.post(&new, &new, &fields).await.text().await.unwrap();
    assert_eq!(texts(&more, "#texte"), [warning]);
    assert_eq!(values(&more, "input[name=affiche-1]"), [first]);
    let mut fields = vec![
        ("section-0", first),
        ("affiche-0", first),
        ("texte", warning),
    ];
    fields.extend([("section-1", second), ("affiche-1", second)]);
    let created = am.post(&new, &new, &fields).await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let stored = am.saved().await.parametrization;
    assert_eq!(stored.targeting(first).warnings[0].text, warning);
    assert_eq!(stored.targeting(second).warnings[0].text, warning);

    // An alternative section: its textarea starts with the section's text.
    let new = editor("section-alternative");
    let form = am.page(&new).await;
    let section = seeded.text.sections[0].clone();
    assert_eq!(
        texts(&form, "#contenu-0"),
        [envinorma_core::authoring::alternative_content(&section)]
    );
    let fields = [
        ("section-0", first),
        ("affiche-0", first),
        ("contenu-0", "Nouveau premier alinéa.\nSecond alinéa."),
        ("variable", "regime"),
        ("operateur", "="),
        ("valeur", "A"),
    ];
    let created = am.post(&new, &new, &fields).await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let stored = am.saved().await.parametrization.targeting(first);
    let alternative = &stored.alternative_sections[0];
    assert_eq!(alternative.condition.to_str(), "regime == A");
    assert_eq!(alternative.new_text.outer_alineas.len(), 2);
    let page = am.page(&overview()).await;
    let cards = texts(&page, &format!("#section-{first} .fr-card"));
    assert!(cards.iter().any(|card| card.contains(warning)), "{cards:?}");
    assert_eq!(
        texts(&page, &format!("#section-{first} .bo-diff__added ins")),
        ["Nouveau premier alinéa.", "Second alinéa."]
    );
    let log = am.log().await;
    assert!(
        log[0].starts_with("section alternative ajoutée : « "),
        "{log:?}"
    );
    assert!(log[0].ends_with(" si regime == A"), "{log:?}");
    assert!(log[1].starts_with("avertissement ajouté : « "), "{log:?}");
}

#[tokio::test]
async fn the_am_level_applicability_takes_warnings_and_an_optional_condition() {
    let (am, _) = Am::start().await;
    let page = format!("/am/{CID}/parametrage/applicabilite");
    let form = am.page(&page).await;
    assert!(form.contains("Définir la condition d'inapplicabilité ?"));
    let warnings = "Premier avertissement.\n\n  Second avertissement.  ";
    let mut fields = vec![
        ("avertissements", warnings),
        ("avec-condition", "1"),
        ("variable", "regime"),
        ("operateur", "="),
        ("valeur", "D"),
        ("action", "ajouter-condition"),
    ];
    let more = am.post(&page, &page, &fields).await.text().await.unwrap();
    assert_eq!(
        values(&more, "#condition > .bo-condition-row input[name=valeur]"),
        ["D", ""]
    );
    assert_eq!(texts(&more, "#avertissements"), [warnings.trim_end()]);
    fields.pop();
    let saved_page = am.post(&page, &page, &fields).await;
    assert_eq!(saved_page.status(), StatusCode::SEE_OTHER);
    let applicability = am.saved().await.text.applicability;
    assert_eq!(
        applicability.warnings,
        ["Premier avertissement.", "Second avertissement."]
    );
    assert_eq!(
        applicability.condition_of_inapplicability.unwrap().to_str(),
        "regime == D"
    );
    let html = am.page(&overview()).await;
    assert_eq!(
        texts(&html, ".bo-am-condition"),
        ["Cas d'inapplicabilité : Si regime == D"]
    );
    assert_eq!(texts(&html, ".bo-am-warnings li").len(), 2);

    // Unticked, the condition goes.
    fields.retain(|(name, _)| *name != "avec-condition");
    am.post(&page, &page, &fields).await;
    assert!(
        am.saved()
            .await
            .text
            .applicability
            .condition_of_inapplicability
            .is_none()
    );
    assert_eq!(
        am.log().await,
        [
            "applicabilité de l’arrêté modifiée : 2 avertissement(s), sans condition d’inapplicabilité",
            "applicabilité de l’arrêté modifiée : 2 avertissement(s), inapplicable si regime == D",
        ]
    );
}

#[tokio::test]
async fn rows_blocks_and_texts_are_bounded_with_french_refusals() {
    let (am, seeded) = Am::start().await;
    let section = free_sections(&seeded, 1)[0].clone();
    let new = editor("inapplicabilite");
    let mut fields = inapplicability(&section, &[], &[RANGE[1]; 10]);
    fields.push(("action", "ajouter-condition"));
    let full = am.post(&new, &new, &fields).await;
    assert_eq!(full.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let full = full.text().await.unwrap();
    assert!(
        texts(&full, ".bo-errors li")[0].contains("au plus 10 lignes"),
        "{full}"
    );
    assert_eq!(
        values(&full, "#condition > .bo-condition-row input[name=valeur]").len(),
        10
    );
    // Forged posts beyond the bounds: a page of the French refusal.
    let names: Vec<(String, String)> = (0..21)
        .flat_map(|at| {
            [
                (format!("section-{at}"), section.clone()),
                (format!("affiche-{at}"), section.clone()),
            ]
        })
        .collect();
    let mut blocks: Vec<(&str, &str)> = names
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    blocks.push(("texte", "Un avertissement assez long."));
    let long = "x".repeat(5_001);
    let long_warning = vec![("section-0", section.as_str()), ("texte", long.as_str())];
    let refusals = [
        (
            new.clone(),
            inapplicability(&section, &[], &[RANGE[1]; 11]),
            "au plus 10 lignes",
        ),
        (editor("avertissement"), blocks, "au plus 20 sections"),
        (
            editor("avertissement"),
            long_warning,
            "dépasse 5000 caractères",
        ),
    ];
    for (to, fields, refusal) in refusals {
        let refused = am.post(&new, &to, &fields).await;
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST, "{refusal}");
        let html = refused.text().await.unwrap();
        assert!(html.contains(refusal), "{refusal}: {html}");
    }
    assert!(am.log().await.is_empty());
}

#[tokio::test]
async fn the_apercu_and_the_publication_carry_an_inapplicability_at_once() {
    let (am, seeded) = Am::start().await;
    let section = free_sections(&seeded, 1)[0].clone();
    let title = seeded
        .text
        .all_sections()
        .find(|(_, s)| s.id == section)
        .unwrap()
        .1
        .title
        .text
        .clone();
    let preview = format!("/am/{CID}/apercu?date-d-installation=01/01/2000");
    let listed =
        |html: &str| texts(html, "h2 + ul li").contains(&format!("{title} : inapplicable"));
    assert!(!listed(&am.page(&preview).await));

    let new = editor("inapplicabilite");
    let rows = [("date-d-installation", "<", "01/01/2001")];
    let created = am
        .post(&new, &new, &inapplicability(&section, &[], &rows))
        .await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let html = am.page(&preview).await;
    assert!(listed(&html), "{:?}", texts(&html, "h2 + ul li"));

    let published = am.post("/", "/publier", &[]).await;
    assert_eq!(published.status(), StatusCode::OK);
    let mut archive = am.bo.latest_archive().await;
    let mut json = String::new();
    archive
        .by_name(&format!("{CID}.json"))
        .unwrap()
        .read_to_string(&mut json)
        .unwrap();
    let am: envinorma_core::ArreteMinisteriel = serde_json::from_str(&json).unwrap();
    let published = am.all_sections().find(|(_, s)| s.id == section).unwrap().1;
    let inapplicabilities = &published.parametrization.potential_inapplicabilities;
    assert_eq!(inapplicabilities.len(), 1);
    assert_eq!(
        inapplicabilities[0].condition.to_str(),
        "date-d-installation < 2001-01-01"
    );
}
