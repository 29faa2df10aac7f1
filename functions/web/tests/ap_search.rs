//! The search in the text of the APs over HTTP, on the IDF data with pages of text put in the
//! database as the OCR stores them: one installation's (from its page) and every public
//! installation's, without JavaScript (GET forms), escaped, bounded, and never a private AP.
mod common;

use askama::Template;
use common::app::{Browser, Page, TestApp, form_fields, set, text_of};
use common::{first, selector, text, texts};
use envinorma_core::Date;
use envinorma_core::icpe_csv::OcrStatus;
use envinorma_db::ap_pages::{self, Found, HitInstallation, MATCH_END, MATCH_START, PageHit};
use envinorma_db::aps::StoredAp;
use envinorma_web::ap_search::ApSearch;
use envinorma_web::views::Layout;
use envinorma_web::views::ap_search::{ApSearchPage, Searched};

/// APs of GOULARD Enrobés (0065.00037, Seine-et-Marne): "APC-AP complémentaire (Art. R.
/// 512-31)" of 25/01/2011, and "APC - modifiant conditions exploitation" of 09/01/2008.
const GOULARD_2011: &str = "P/c/91e4aacb00994b34898f78f3182f543c";
const GOULARD_2008: &str = "P/1/29cdec79afe1484aac478c0d06d79901";
/// An AP of CERESIA (0065.00005, Seine-et-Marne).
const CERESIA: &str = "P/c/b6896c18c4964031a644c67b4618d88c";
/// An AP of SMCA (0065.03634, Essonne), "Nouveau document" of 12/03/2018.
const SMCA: &str = "P/5/8acb3401624e146301624e1d36cf0005";

async fn put_pages(app: &TestApp, georisques_id: &str, texts: &[&str]) {
    let texts: Vec<String> = texts.iter().map(|t| t.to_string()).collect();
    ap_pages::replace(&app.db.client().await, georisques_id, &texts)
        .await
        .unwrap_or_else(|e| panic!("pages of {georisques_id}: {e}"));
}

/// What a browser does with the GET form matching `css` once its fields are `changes`: the
/// page at its action with its fields in the query string.
async fn send_form(browser: &Browser, page: &Page, css: &str, changes: &[(&str, &str)]) -> Page {
    let html = page.html();
    let action = first(html.root_element(), css)
        .value()
        .attr("action")
        .expect("an action")
        .to_string();
    assert_eq!(
        first(html.root_element(), css).value().attr("method"),
        Some("get")
    );
    let mut fields = form_fields(page, css);
    for (name, value) in changes {
        set(&mut fields, name, value);
    }
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&fields)
        .finish();
    browser.get(&format!("{action}?{query}")).await
}

/// The hits of a results page: (AP label, installation link text, PDF link).
fn hits(page: &Page) -> Vec<(String, String, String)> {
    let html = page.html();
    html.select(&selector(".ap-hit"))
        .map(|hit| {
            let installation = hit
                .select(&selector(".ap-hit__installation"))
                .next()
                .map(text)
                .unwrap_or_default();
            let pdf = first(hit, ".ap-hit__pdf").value().attr("href").unwrap();
            (text(first(hit, "h3")), installation, pdf.to_string())
        })
        .collect()
}

fn summary(page: &Page) -> String {
    text_at(page, "#resultats-resume")
}

/// The text of the first element matching `css`.
fn text_at(page: &Page, css: &str) -> String {
    text(first(page.html().root_element(), css))
}

/// An attribute of the first element matching `css`.
fn attr(page: &Page, css: &str, name: &str) -> Option<String> {
    let html = page.html();
    first(html.root_element(), css)
        .value()
        .attr(name)
        .map(str::to_string)
}

/// (text, URL) of the pagination's links; the current page without URL.
fn pagination(page: &Page) -> Vec<(String, String)> {
    let html = page.html();
    html.select(&selector(".fr-pagination__link"))
        .map(|link| {
            let href = link.value().attr("href").unwrap_or_default();
            (text(link), href.to_string())
        })
        .collect()
}

fn pair(text: &str, url: &str) -> (String, String) {
    (text.to_string(), url.to_string())
}

#[tokio::test]
async fn the_installation_page_searches_the_text_of_its_aps_without_javascript() {
    let app = TestApp::idf().await;
    put_pages(
        &app,
        GOULARD_2011,
        &[
            "Article 1 : l'exploitant respecte les valeurs limites.",
            "Les rejets atmosphériques de la centrale d'enrobage sont canalisés.",
        ],
    )
    .await;
    put_pages(
        &app,
        GOULARD_2008,
        &[
            "",
            "",
            "Les rejets de la centrale sont mesurés chaque année.",
        ],
    )
    .await;
    put_pages(&app, CERESIA, &["Les rejets atmosphériques du séchoir."]).await;
    let id = app.public_id("0065.00037").await;
    let browser = app.browser();
    let installation = browser.get(&format!("/installations/{id}")).await;
    let form = format!("form[role=search][action='/installations/{id}/aps/recherche']");
    assert_eq!(
        text_at(&installation, &format!("{form} label")),
        "Rechercher dans le texte de ces arrêtés"
    );

    let results = send_form(
        &browser,
        &installation,
        &form,
        &[("q", "rejet ATMOSPHERIQUE")],
    )
    .await;
    assert_eq!(results.status, 200, "{}", results.body);
    // The whole hit: its AP, the words found marked in the escaped text, the PDF at the page.
    let expected = format!(
        "<li class=\"ap-hit\"><h3 class=\"fr-h6 fr-mb-1v\">AP - 25/01/11 - APC-AP complémentaire \
         (Art. R. 512-31)</h3><p class=\"ap-hit__snippet fr-mb-1v\"><mark>rejets</mark> \
         <mark>atmosphériques</mark> de la centrale d&#39;enrobage sont canalisés</p><p><a \
         class=\"fr-link ap-hit__pdf\" href=\"/aps/{GOULARD_2011}.pdf#page=2\">Ouvrir l’arrêté à \
         la page 2</a></p></li>"
    );
    assert!(results.body.contains(&expected), "{}", results.body);
    assert_eq!(summary(&results), "1 page d’arrêté contient ces mots.");
    assert_eq!(text_at(&results, "h1"), "GOULARD Enrobés");
    assert_eq!(
        attr(&results, "#back-to-installation", "href"),
        Some(format!("/installations/{id}"))
    );

    // The form keeps the query; sent again from the results, it finds the same.
    let search_form = format!("form[action='/installations/{id}/aps/recherche']");
    let fields = form_fields(&results, &search_form);
    assert_eq!(
        fields,
        [("q".to_string(), "rejet ATMOSPHERIQUE".to_string())]
    );
    let again = send_form(&browser, &results, &search_form, &[]).await;
    assert_eq!(hits(&again), hits(&results));

    // Both APs, the page with more of the words first; CERESIA's AP is another installation's.
    let both = send_form(
        &browser,
        &results,
        &search_form,
        &[("q", "rejets centrale")],
    )
    .await;
    let label_2008 = "AP - 09/01/08 - APC - modifiant conditions exploitation";
    let label_2011 = "AP - 25/01/11 - APC-AP complémentaire (Art. R. 512-31)";
    assert_eq!(
        hits(&both),
        [
            (
                label_2008.to_string(),
                String::new(),
                format!("/aps/{GOULARD_2008}.pdf#page=3")
            ),
            (
                label_2011.to_string(),
                String::new(),
                format!("/aps/{GOULARD_2011}.pdf#page=2")
            ),
        ]
    );
    let none = send_form(&browser, &results, &search_form, &[("q", "séchoir")]).await;
    assert_eq!(none.status, 200);
    assert_eq!(summary(&none), "Aucune page d’arrêté ne contient ces mots.");
    assert!(hits(&none).is_empty());

    // Nothing typed: the form only.
    let empty = send_form(&browser, &results, &search_form, &[("q", " ")]).await;
    assert_eq!(empty.status, 200);
    assert!(
        empty
            .html()
            .select(&selector("#resultats"))
            .next()
            .is_none()
    );
}

#[tokio::test]
async fn a_copy_searches_its_originals_aps_and_private_aps_are_never_found() {
    let app = TestApp::idf().await;
    put_pages(&app, GOULARD_2011, &["Prescriptions relatives au bruit."]).await;
    let public = app.public_id("0065.00037").await;
    let alice = app.browser();
    let csrf = alice.get("/installations/new").await.csrf();
    let copied = alice
        .post(
            &format!("/installations?id={public}"),
            &[("csrf_token", &csrf)],
        )
        .await;
    let copy: i64 = copied
        .location()
        .strip_prefix("/installations/")
        .and_then(|id| id.parse().ok())
        .expect("the copy's page");
    let path = format!("/installations/{copy}/aps/recherche?q=bruit");
    let found = alice.get(&path).await;
    assert_eq!(found.status, 200, "{}", found.body);
    assert_eq!(
        hits(&found),
        [(
            "AP - 25/01/11 - APC-AP complémentaire (Art. R. 512-31)".to_string(),
            String::new(),
            format!("/aps/{GOULARD_2011}.pdf#page=1")
        )]
    );
    app.browser().get(&path).await.assert_forbidden(&path);

    // A fictive installation has no AP: its page offers no search.
    let client = app.db.client().await;
    let fictive: i64 = client
        .query_one(
            "INSERT INTO installations (s3ic_id, name, department, user_id)
             SELECT '0000.00000', 'Fictive', 'ESSONNE', user_id FROM installations WHERE id = $1
             RETURNING id",
            &[&copy],
        )
        .await
        .unwrap()
        .get(0);
    let page = alice.get(&format!("/installations/{fictive}")).await;
    assert_eq!(page.status, 200);
    let searches = page.html().select(&selector("form[role=search]")).count();
    assert_eq!(searches, 0);

    // Were it to hold one (no import makes that), its text would never be found: not by its
    // owner, nor in the search of every AP.
    let private_ap = "A/1/00000000000000000000000000000001";
    client
        .execute(
            "INSERT INTO aps (georisques_id, installation_id, installation_s3ic_id)
             VALUES ($1, $2, '0000.00000')",
            &[&private_ap, &fictive],
        )
        .await
        .unwrap();
    put_pages(&app, private_ap, &["Texte confidentiel sur le bruit."]).await;
    let own = alice
        .get(&format!(
            "/installations/{fictive}/aps/recherche?q=confidentiel"
        ))
        .await;
    assert_eq!(own.status, 200);
    assert_eq!(summary(&own), "Aucune page d’arrêté ne contient ces mots.");
    let everywhere = alice.get("/aps/recherche?q=bruit").await;
    assert_eq!(
        hits(&everywhere),
        [(
            "AP - 25/01/11 - APC-AP complémentaire (Art. R. 512-31)".to_string(),
            "0065.00037 | GOULARD Enrobés".to_string(),
            format!("/aps/{GOULARD_2011}.pdf#page=1")
        )]
    );
}

#[tokio::test]
async fn the_search_of_every_ap_filters_by_departement_and_shows_twenty_results_a_page() {
    let app = TestApp::idf().await;
    // Page n of GOULARD's AP holds "odeur" n times: page 25 ranks first.
    let odeurs: Vec<String> = (1..=25)
        .map(|n| format!("Surveillance des {}", "odeurs ".repeat(n)))
        .collect();
    let odeurs: Vec<&str> = odeurs.iter().map(String::as_str).collect();
    put_pages(&app, GOULARD_2011, &odeurs).await;
    put_pages(&app, SMCA, &["Pas d'odeur."]).await;
    let goulard = app.public_id("0065.00037").await;
    let smca = app.public_id("0065.03634").await;
    let browser = app.browser();

    // Linked from every page's header; the form alone at first.
    let home = browser.get("/").await;
    assert_eq!(
        text_at(&home, "header a[href='/aps/recherche']"),
        "Rechercher dans les AP"
    );
    let form_page = browser.get("/aps/recherche").await;
    assert_eq!(form_page.status, 200);
    let html = form_page.html();
    let current = texts(html.root_element(), "header [aria-current=page]");
    assert_eq!(current, ["Rechercher dans les AP"]);
    assert!(html.select(&selector("#resultats")).next().is_none());
    let departments = texts(html.root_element(), "select[name=departement] option");
    assert_eq!(
        departments,
        [
            "Tous les départements",
            "ESSONNE",
            "HAUTS DE SEINE",
            "PARIS",
            "SEINE ET MARNE",
            "SEINE-SAINT-DENIS",
            "ST PIERRE ET MIQUELON",
            "VAL D'OISE",
            "VAL DE MARNE",
            "YVELINES",
        ]
    );

    let form = "form[action='/aps/recherche']";
    let first_page = send_form(&browser, &form_page, form, &[("q", "odeur")]).await;
    assert_eq!(
        summary(&first_page),
        "26 pages d’arrêtés contiennent ces mots."
    );
    let found = hits(&first_page);
    assert_eq!(found.len(), 20);
    assert_eq!(
        found[0],
        (
            "AP - 25/01/11 - APC-AP complémentaire (Art. R. 512-31)".to_string(),
            "0065.00037 | GOULARD Enrobés".to_string(),
            format!("/aps/{GOULARD_2011}.pdf#page=25")
        )
    );
    assert_eq!(
        attr(&first_page, ".ap-hit__installation", "href"),
        Some(format!("/installations/{goulard}"))
    );
    assert_eq!(
        pagination(&first_page),
        [
            pair("1", ""),
            pair("2", "/aps/recherche?q=odeur&page=2"),
            pair("Page suivante", "/aps/recherche?q=odeur&page=2"),
        ]
    );
    let second_page = browser.get("/aps/recherche?q=odeur&page=2").await;
    let found = hits(&second_page);
    assert_eq!(found.len(), 6);
    let mut last_two: Vec<&str> = found[4..].iter().map(|hit| hit.2.as_str()).collect();
    last_two.sort();
    let goulard_1 = format!("/aps/{GOULARD_2011}.pdf#page=1");
    let smca_1 = format!("/aps/{SMCA}.pdf#page=1");
    assert_eq!(
        last_two,
        [smca_1.as_str(), goulard_1.as_str()],
        "the pages with one odeur last"
    );
    assert_eq!(
        attr(&second_page, "ol.ap-hits", "start").as_deref(),
        Some("21")
    );
    assert_eq!(
        pagination(&second_page),
        [
            pair("Page précédente", "/aps/recherche?q=odeur"),
            pair("1", "/aps/recherche?q=odeur"),
            pair("2", ""),
        ]
    );
    let past = browser.get("/aps/recherche?q=odeur&page=3").await;
    assert_eq!(past.status, 200);
    assert_eq!(summary(&past), "Il n’y a pas de résultat sur cette page.");
    assert!(text_of(&past).contains("Revenir à la première page des résultats"));

    // A département: its installations' pages only, and the pages of results keep it.
    let essonne = send_form(&browser, &first_page, form, &[("departement", "ESSONNE")]).await;
    assert_eq!(summary(&essonne), "1 page d’arrêté contient ces mots.");
    assert_eq!(
        hits(&essonne),
        [(
            "AP - 12/03/18 - Nouveau document".to_string(),
            "0065.03634 | SMCA".to_string(),
            format!("/aps/{SMCA}.pdf#page=1")
        )]
    );
    assert_eq!(
        attr(&essonne, ".ap-hit__installation", "href"),
        Some(format!("/installations/{smca}"))
    );
    assert_eq!(
        texts(essonne.html().root_element(), "option[selected]"),
        ["ESSONNE"]
    );
    let seine_et_marne = send_form(
        &browser,
        &essonne,
        form,
        &[("departement", "SEINE ET MARNE")],
    )
    .await;
    assert_eq!(
        summary(&seine_et_marne),
        "25 pages d’arrêtés contiennent ces mots."
    );
    let next = "/aps/recherche?q=odeur&departement=SEINE+ET+MARNE&page=2";
    assert_eq!(
        pagination(&seine_et_marne).last(),
        Some(&pair("Page suivante", next))
    );
    assert_eq!(hits(&browser.get(next).await).len(), 5);

    // More pages than are ranked: said, with how to narrow the search; 25 pages of results.
    let many: Vec<String> = (0..600).map(|n| format!("Article {n}.")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    put_pages(&app, CERESIA, &many).await;
    let truncated = browser.get("/aps/recherche?q=article").await;
    assert_eq!(
        summary(&truncated),
        "Plus de 500 pages d’arrêtés contiennent ces mots."
    );
    assert!(text_of(&truncated).contains(
        "Seules les 500 premières pages trouvées sont classées : ajoutez des mots ou \
         choisissez un département pour préciser la recherche."
    ));
    assert_eq!(
        pagination(&truncated)[3..],
        [
            pair("…", ""),
            pair("25", "/aps/recherche?q=article&page=25"),
            pair("Page suivante", "/aps/recherche?q=article&page=2"),
        ]
    );
}

#[tokio::test]
async fn searches_out_of_bounds_get_the_form_back_with_a_french_message() {
    let app = TestApp::idf().await;
    let id = app.public_id("0065.00037").await;
    let browser = app.browser();
    let long = "bruit ".repeat(34);
    for (path, message) in [
        (
            format!("/aps/recherche?q={}", urlencoding::encode(&long)),
            "La recherche ne doit pas dépasser 200 caractères.",
        ),
        (
            "/aps/recherche?q=bruit&page=26".to_string(),
            "Le numéro de page doit être un nombre entier de 1 à 25.",
        ),
        (
            "/aps/recherche?q=bruit&page=deux".to_string(),
            "Le numéro de page doit être un nombre entier de 1 à 25.",
        ),
        (
            "/aps/recherche?q=bruit&departement=NORD".to_string(),
            "Aucune installation n’est dans ce département : choisissez-en un dans la liste.",
        ),
        (
            format!("/installations/{id}/aps/recherche?q=bruit&page=0"),
            "Le numéro de page doit être un nombre entier de 1 à 25.",
        ),
    ] {
        let page = browser.get(&path).await;
        assert_eq!(page.status, 400, "{path}");
        let html = page.html();
        assert_eq!(
            texts(html.root_element(), "[role=alert] p"),
            [message],
            "{path}"
        );
        assert!(
            html.select(&selector("#resultats")).next().is_none(),
            "{path}"
        );
        let input = first(html.root_element(), "input[name=q]");
        let typed = if path.contains("bruit+") || path.contains("bruit%20") {
            long.as_str()
        } else {
            "bruit"
        };
        assert_eq!(input.value().attr("value"), Some(typed), "{path}");
        assert_eq!(input.value().attr("maxlength"), Some("200"), "{path}");
    }
}

#[tokio::test]
async fn a_snippet_holding_markup_is_shown_as_text() {
    let app = TestApp::idf().await;
    put_pages(
        &app,
        GOULARD_2011,
        &["Le bruit <img src=x onerror=alert(1)> <script>alert(2)</script> de R&D \"fort\"."],
    )
    .await;
    let found = app.browser().get("/aps/recherche?q=bruit").await;
    assert_eq!(found.status, 200);
    assert!(!found.body.contains("<img src=x"), "{}", found.body);
    assert!(!found.body.contains("<script>alert"), "{}", found.body);
    let html = found.html();
    let snippet = first(html.root_element(), ".ap-hit__snippet").inner_html();
    assert_eq!(
        snippet,
        "<mark>bruit</mark> &lt;img src=x onerror=alert(1)&gt;  alert(2)  de R&amp;D \"fort"
    );

    // Whatever the search gives back, the page escapes it: here a snippet as it came.
    let hit = PageHit {
        ap: StoredAp {
            georisques_id: GOULARD_2011.into(),
            date: Date::parse("2011-01-25"),
            description: Some("<b>AP</b>".into()),
            ocr_status: OcrStatus::Success,
            size: None,
        },
        installation: HitInstallation {
            id: 7,
            s3ic_id: "0065.00037".parse().unwrap(),
            name: "<script>alert(3)</script>".into(),
        },
        page: 4,
        snippet: format!("<script>alert(4)</script> {MATCH_START}<i>bruit</i>{MATCH_END}"),
    };
    let search = ApSearch::parse("q=bruit", Some(&[])).0;
    let page = ApSearchPage::new(
        Layout::new("Recherche"),
        Searched::Everywhere { departments: &[] },
        &search,
        None,
        Some(Found {
            hits: vec![hit],
            ranked: 1,
        }),
    );
    let html = page.render().unwrap();
    assert!(!html.contains("<script>alert") && !html.contains("<b>AP") && !html.contains("<i>"));
    // Askama writes `<` and `>` as numeric references.
    let snippet =
        "&#60;script&#62;alert(4)&#60;/script&#62; <mark>&#60;i&#62;bruit&#60;/i&#62;</mark>";
    assert!(html.contains(snippet), "{html}");
    assert!(html.contains(">0065.00037 | &#60;script&#62;alert(3)&#60;/script&#62;</a>"));
    assert!(html.contains(">AP - 25/01/11 - &#60;b&#62;AP&#60;/b&#62;</h3>"));
}
