//! The reading pages served by the running app on the IDF data and the AMs: installation page,
//! AM/AP page, search, AP PDFs, the anonymous user's cookie, who may see what, escaping.
mod common;

use common::app::{Browser, TestApp};
use common::{first, ids, selector, text, texts};
use envinorma_cloud::PutOptions;
use envinorma_core::{Regime, personalise};
use serde_json::Value;
use std::collections::HashMap;

/// The golden AM lists of IDF installations, by S3IC id.
fn golden_am_lists() -> HashMap<String, Value> {
    String::from_utf8(common::read("golden/am_lists.jsonl"))
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap())
        .filter(|case| case["dataset"] == "idf")
        .map(|case| (case["s3ic_id"].as_str().unwrap().to_string(), case))
        .collect()
}

async fn installation_page(app: &TestApp, browser: &Browser, s3ic_id: &str) -> scraper::Html {
    let id = app.public_id(s3ic_id).await;
    let page = browser.get(&format!("/installations/{id}")).await;
    assert_eq!(page.status, 200, "{s3ic_id}: {}", page.body);
    page.html()
}

#[tokio::test]
async fn installation_pages_list_the_golden_applicable_ams_ticked_when_applicable() {
    let app = TestApp::idf().await;
    let browser = app.browser();
    let golden = golden_am_lists();
    let mut cases: Vec<&String> = golden.keys().collect();
    cases.sort();
    // Every 15th installation: enough variety (A, E, D, no AM) at a test's cost.
    let mut with_ams = 0;
    for s3ic_id in cases.into_iter().step_by(15) {
        let html = installation_page(&app, &browser, s3ic_id).await;
        let got: Vec<(String, bool, bool)> = html
            .select(&selector(".am-list input.js_am_checkbox"))
            .map(|input| {
                let id = input.value().attr("data-am-id").unwrap().to_string();
                let label = first(html.root_element(), &format!("label[for=am_{id}]"));
                let active = label.value().classes().any(|c| c == "active");
                (id, active, input.value().attr("checked").is_some())
            })
            .collect();
        let expected: Vec<(String, bool, bool)> = golden[s3ic_id]["ams"]
            .as_array()
            .unwrap()
            .iter()
            .map(|am| {
                let applicable = am["applicable"].as_bool().unwrap();
                (
                    am["am_id"].as_str().unwrap().to_string(),
                    applicable,
                    applicable,
                )
            })
            .collect();
        let sorted = |mut list: Vec<(String, bool, bool)>| {
            // The golden order is unspecified between AMs of equal rank.
            list.sort();
            list
        };
        assert_eq!(sorted(got), sorted(expected), "AMs of {s3ic_id}");
        with_ams += usize::from(!golden[s3ic_id]["ams"].as_array().unwrap().is_empty());
    }
    assert!(with_ams > 10, "too few installations with AMs checked");
}

#[tokio::test]
async fn the_installation_page_shows_classements_by_regime_and_aps_by_date() {
    let app = TestApp::idf().await;
    let browser = app.browser();
    let html = installation_page(&app, &browser, "0065.00037").await;
    let regimes: Vec<u8> = html
        .select(&selector(".classements-table tbody tr"))
        .map(|row| {
            // The régime, then the act's on its own line.
            let cell = row.select(&selector("td")).nth(2).unwrap();
            let shown = cell.text().next().unwrap_or_default().trim();
            Regime::parse(if shown == "inconnu" { "unknown" } else { shown })
                .unwrap_or_else(|| panic!("régime {shown:?}"))
                .score()
        })
        .collect();
    let classements = common::classements("idf", "0065.00037");
    assert_eq!(regimes.len(), classements.len());
    assert!(
        regimes.is_sorted(),
        "régimes not A>E>D>NC>unknown: {regimes:?}"
    );

    let aps_csv = String::from_utf8(common::read("data/icpe/aps_idf.csv")).unwrap();
    let expected_aps = aps_csv.lines().filter(|l| l.contains("0065.00037")).count();
    let aps: Vec<String> = texts(html.root_element(), ".ap-list .arrete-choice label");
    assert_eq!(aps.len(), expected_aps);
    let dates: Vec<String> = aps
        .iter()
        .map(|label| {
            let date = label.split(" - ").nth(1).unwrap();
            let (day, rest) = date.split_once('/').unwrap();
            let (month, year) = rest.split_once('/').unwrap();
            format!("{year}{month}{day}")
        })
        .collect();
    assert!(
        dates.is_sorted_by(|a, b| a >= b),
        "APs not by date: {aps:?}"
    );
    let title = text(html.select(&selector("h1")).next().unwrap());
    assert!(title.contains("GOULARD"), "{title}");
}

#[tokio::test]
async fn the_selection_of_the_url_decides_the_ticks_and_travels_to_the_am_page_and_back() {
    let app = TestApp::idf().await;
    let browser = app.browser();
    let id = app.public_id("0065.00037").await;
    let page = browser
        .get(&format!("/installations/{id}?am_ids[]=empty"))
        .await;
    let html = page.html();
    assert_eq!(html.select(&selector("input[checked]")).count(), 0);
    let link = first(html.root_element(), "#js_prescriptions_link");
    assert!(link.value().attr("hidden").is_some());

    let am = common::catalog()
        .am_list(common::classements("idf", "0065.00037"))
        .into_iter()
        .find(|entry| entry.applicable)
        .expect("an applicable AM")
        .am
        .id
        .clone();
    let page = browser
        .get(&format!("/installations/{id}?am_ids[]={am}"))
        .await;
    let html = page.html();
    let checked = ids(html.root_element(), "input[checked]");
    assert_eq!(checked, [format!("am_{am}")]);
    let href = first(html.root_element(), "#js_prescriptions_link")
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    // No AP ticked is said explicitly, so that the way back ticks none either.
    assert_eq!(
        href,
        format!("/installations/{id}/arretes?am_ids[]={am}&ap_ids[]=empty")
    );
    let arretes = browser.get(&href).await;
    assert_eq!(arretes.status, 200);
    let back = arretes.html();
    let back = back
        .select(&selector("#back-to-installation"))
        .next()
        .expect("the link back")
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    assert_eq!(
        back,
        format!("/installations/{id}?am_ids[]={am}&ap_ids[]=empty")
    );
}

#[tokio::test]
async fn the_2521_am_page_of_0065_00037_greys_exactly_what_the_engine_deactivates() {
    let app = TestApp::idf().await;
    let browser = app.browser();
    let id = app.public_id("0065.00037").await;
    let classements = common::classements("idf", "0065.00037");
    let am = common::catalog()
        .am_list(classements)
        .into_iter()
        .find(|entry| {
            entry
                .am
                .classements_with_alineas
                .iter()
                .any(|c| c.rubrique == "2521")
        })
        .expect("the 2521 AM")
        .am;
    let page = browser
        .get(&format!("/installations/{id}/arretes?am_ids[]={}", am.id))
        .await;
    assert_eq!(page.status, 200);
    let html = page.html();
    let inactive: Vec<String> = texts(html.root_element(), ".section-title.inactive");
    let personalised = personalise(am, classements);
    let expected: Vec<String> = personalised
        .sections
        .iter()
        .filter(|s| !s.active)
        .map(|s| s.title().to_string())
        .collect();
    assert_eq!(inactive, expected);
    // The example: these articles do not apply to an installation started before the AM.
    for article in ["2.1", "4.2", "4.3", "4.4", "6.4"] {
        let title = format!("Article {article}");
        let section = html
            .select(&selector(".am-sections > .section"))
            .find(|s| {
                texts(*s, ".section-title")
                    .iter()
                    .any(|t| t.starts_with(&title))
            })
            .unwrap_or_else(|| panic!("{title} missing"));
        assert!(
            texts(section, ".section-warning p").contains(
                &"Cette section est inapplicable car la date de mise en service est antérieure au 09/04/2019."
                    .to_string()
            ),
            "{title}"
        );
    }
    let article_410 = html
        .select(&selector(".am-sections > .section"))
        .find(|s| {
            texts(*s, ".section-title")
                .iter()
                .any(|t| t.starts_with("Article 4.10"))
        })
        .expect("Article 4.10");
    assert_eq!(
        article_410
            .select(&selector("details.previous-version"))
            .count(),
        0,
        "Article 4.10 is not modified"
    );
}

#[tokio::test]
async fn the_search_ignores_case_and_accents_splits_on_the_last_space_and_lists_public_installations()
 {
    let app = TestApp::idf().await;
    let browser = app.browser();
    let search = |q: &str| {
        let url = format!("/installations/search?q={}", urlencoding::encode(q));
        let browser = &browser;
        async move {
            let page = browser.get(&url).await;
            assert_eq!(page.status, 200);
            serde_json::from_str::<Vec<Value>>(&page.body).unwrap()
        }
    };
    let goulard = app.public_id("0065.00037").await;
    let found = search("0065.00037").await;
    assert_eq!(found.len(), 1);
    assert!(
        found[0]["name"]
            .as_str()
            .unwrap()
            .starts_with("0065.00037 | GOULARD")
    );
    assert!(
        found[0]["link"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/installations/{goulard}"))
    );

    // An accented name found without its accents, any case, with the city after a space.
    let client = app.db.client().await;
    let row = client
        .query_one(
            "SELECT name, city FROM installations WHERE name ~ '[éèÉ]' AND city IS NOT NULL
             ORDER BY s3ic_id LIMIT 1",
            &[],
        )
        .await
        .unwrap();
    let (name, city): (String, String) = (row.get(0), row.get(1));
    let plain: String = name
        .to_lowercase()
        .replace(['é', 'è'], "e")
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let found = search(&format!("{} {}", plain.to_uppercase(), city.to_lowercase())).await;
    assert!(
        found
            .iter()
            .any(|f| f["name"].as_str().unwrap().contains(&name)),
        "{plain} {city} did not find {name}: {found:?}"
    );
    assert!(
        search("e").await.len() == 10,
        "at most 10 results, and a common letter fills them"
    );
    assert!(
        search("%").await.is_empty(),
        "% is a character, not a wildcard"
    );
    assert!(search("   ").await.is_empty());

    // A user's copy is never found by others.
    client
        .execute(
            "WITH u AS (INSERT INTO users DEFAULT VALUES RETURNING id)
             INSERT INTO installations (s3ic_id, name, user_id) SELECT '0000.00000', 'Zzyzx privée', id FROM u",
            &[],
        )
        .await
        .unwrap();
    assert!(search("zzyzx").await.is_empty());
}

#[tokio::test]
async fn someone_elses_installation_is_refused_on_every_reading_page() {
    let app = TestApp::idf().await;
    let client = app.db.client().await;
    let private: i64 = client
        .query_one(
            "WITH u AS (INSERT INTO users DEFAULT VALUES RETURNING id)
             INSERT INTO installations (s3ic_id, name, user_id) SELECT '0000.00000', 'Privée', id FROM u
             RETURNING id",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    let stranger = app.browser();
    for path in [
        format!("/installations/{private}"),
        format!("/installations/{private}/arretes"),
        format!("/installations/{private}/arretes?am_ids[]=JORFTEXT000038358856"),
        format!("/installations/{private}/aps/recherche?q=installation"),
    ] {
        let page = stranger.get(&path).await;
        page.assert_forbidden(&path);
        assert!(!page.body.contains("Privée"), "{path} leaks the name");
    }
    assert_eq!(stranger.get("/installations/999999999").await.status, 404);
}

#[tokio::test]
async fn an_id_that_is_not_a_number_gets_our_french_404_on_every_route_with_an_id() {
    use envinorma_web::paths;
    let app = TestApp::empty().await;
    let browser = app.browser();
    // A form page first: the visitor's cookie and the CSRF token its unsafe requests need.
    let csrf = browser.get(paths::NEW_INSTALLATION).await.csrf();
    let routes = [
        ("GET", paths::INSTALLATION),
        ("PATCH", paths::INSTALLATION),
        ("PUT", paths::INSTALLATION),
        ("DELETE", paths::INSTALLATION),
        ("GET", paths::EDIT_NAME),
        ("GET", paths::EDIT_CLASSEMENTS),
        ("GET", paths::NEW_CLASSEMENT),
        ("POST", paths::CLASSEMENTS),
        ("GET", paths::ARRETES),
        ("GET", paths::INSTALLATION_AP_SEARCH),
        ("POST", paths::PRESCRIPTIONS_FROM_AM),
    ];
    for (method, pattern) in routes {
        for id in ["abc", "1.5", "99999999999999999999"] {
            let path = pattern.replace("{id}", id);
            let response = browser
                .client
                .request(method.parse().unwrap(), format!("{}{path}", app.url))
                .header("x-csrf-token", &csrf)
                .send()
                .await
                .unwrap();
            let request = format!("{method} {path}");
            assert_eq!(response.status().as_u16(), 404, "{request}");
            let body = response.text().await.unwrap();
            assert!(body.contains("Page non trouvée"), "{request}: {body}");
            assert!(body.contains("lang=\"fr\""), "{request}");
        }
    }
}

#[tokio::test]
async fn a_first_visit_gets_a_signed_cookie_that_later_visits_keep_and_a_forged_one_is_replaced() {
    let app = TestApp::empty().await;
    let browser = app.browser();
    let first = browser.get("/").await;
    let cookie = first
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|v| v.starts_with("user="))
        .expect("a user cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    assert!(cookie.contains("Max-Age=157680000"), "5 years: {cookie}");
    // On an http://localhost address browsers refuse Secure and `__Host-` cookies.
    assert!(
        !cookie.contains("Secure"),
        "plain HTTP on localhost: {cookie}"
    );
    let again = browser.get("/").await;
    assert!(
        again
            .headers
            .get_all("set-cookie")
            .iter()
            .all(|v| !v.to_str().unwrap().starts_with("user=")),
        "the cookie is kept"
    );
    let forged = reqwest::Client::new()
        .get(format!("{}/", app.url))
        .header("cookie", "user=00000000-0000-4000-8000-000000000000.AAAA")
        .send()
        .await
        .unwrap();
    let replaced = forged
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|v| v.starts_with("user="))
        .expect("a new cookie for a forged one");
    assert!(!replaced.starts_with("user=00000000-0000-4000-8000-000000000000"));
}

#[tokio::test]
async fn an_installation_named_like_a_script_is_shown_as_text() {
    let app = TestApp::idf().await;
    let client = app.db.client().await;
    client
        .execute(
            "UPDATE installations SET name = '<script>alert(1)</script>' WHERE s3ic_id = '0065.00037'",
            &[],
        )
        .await
        .unwrap();
    let browser = app.browser();
    let id = app.public_id("0065.00037").await;
    for path in [
        format!("/installations/{id}"),
        format!("/installations/{id}/arretes?am_ids[]=empty"),
    ] {
        let page = browser.get(&path).await;
        assert!(!page.body.contains("<script>alert(1)"), "{path}");
        let html = page.html();
        let title = html.select(&selector("h1")).next().expect("a title");
        assert_eq!(
            text(title),
            "<script>alert(1)</script>",
            "{path}: shown as text"
        );
    }
    let json = browser.get("/installations/search?q=0065.00037").await;
    let found: Vec<Value> = serde_json::from_str(&json.body).unwrap();
    let place = client
        .query_one(
            "SELECT zipcode || ' ' || city FROM installations WHERE id = $1",
            &[&id],
        )
        .await
        .unwrap()
        .get::<_, String>(0);
    // JSON carries the name as data; the script escapes it when it builds the list.
    assert_eq!(
        found[0]["name"],
        format!("0065.00037 | <script>alert(1)</script> - {place}")
    );
    assert_eq!(json.headers["content-type"], "application/json");
}

#[tokio::test]
async fn ap_pdfs_are_streamed_from_the_local_bucket_and_shown_by_ocr_state() {
    let app = TestApp::idf().await;
    let client = app.db.client().await;
    let rows = client
        .query(
            "SELECT georisques_id, ocr_status, size, i.s3ic_id FROM aps JOIN installations i ON i.id = installation_id
             WHERE ocr_status IN ('SUCCESS', 'ERROR') ORDER BY georisques_id",
            &[],
        )
        .await
        .unwrap();
    let with = |status: &str, small: bool| {
        rows.iter()
            .find(|row| {
                row.get::<_, &str>(1) == status
                    && row
                        .get::<_, Option<i32>>(2)
                        .is_some_and(|s| (s < 13 * 1024 * 1024) == small)
            })
            .map(|row| (row.get::<_, String>(0), row.get::<_, String>(3)))
    };
    let (small, small_s3ic) = with("SUCCESS", true).expect("a small OCR'd AP");
    let pdf = b"%PDF-1.4 test";
    app.put_ap_pdf(&small, pdf, PutOptions::default()).await;
    let browser = app.browser();
    let page = browser.get(&format!("/aps/{small}.pdf")).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.headers["content-type"], "application/pdf");
    assert_eq!(page.body.as_bytes(), pdf);
    assert_eq!(
        browser
            .get("/aps/P/0/00000000000000000000000000000000.pdf")
            .await
            .status,
        404
    );
    assert_eq!(browser.get("/aps/../../etc/passwd").await.status, 404);

    let id = app.public_id(&small_s3ic).await;
    let page = browser
        .get(&format!(
            "/installations/{id}/arretes?am_ids[]=empty&ap_ids[]={small}"
        ))
        .await;
    let html = page.html();
    let object = html
        .select(&selector("object[type='application/pdf']"))
        .next()
        .expect("the PDF viewer");
    assert_eq!(
        object.value().attr("data"),
        Some(format!("/aps/{small}.pdf").as_str())
    );
    if let Some((failed, failed_s3ic)) = with("ERROR", true).or(with("ERROR", false)) {
        let id = app.public_id(&failed_s3ic).await;
        let page = browser
            .get(&format!(
                "/installations/{id}/arretes?am_ids[]=empty&ap_ids[]={failed}"
            ))
            .await;
        assert!(page.body.contains(
            "Cet arrêté n'est pas affiché car le traitement OCR (reconnaissance des caractères) a échoué."
        ));
    }
}

#[tokio::test]
async fn the_search_form_sent_without_javascript_answers_a_page_of_links_not_json() {
    let app = TestApp::idf().await;
    let browser = app.browser();
    // What a browser asks for when it submits the form itself.
    let submit = |q: &str| {
        browser
            .client
            .get(format!(
                "{}/installations/search?q={}",
                app.url,
                urlencoding::encode(q)
            ))
            .header(
                "accept",
                "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            )
            .send()
    };
    let found = submit("0065.00037").await.unwrap();
    assert_eq!(found.status(), 200);
    assert!(
        found.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = scraper::Html::parse_document(&found.text().await.unwrap());
    let input = html.select(&selector("input[name=q]")).next().unwrap();
    assert_eq!(input.value().attr("value"), Some("0065.00037"));
    let links: Vec<(String, String)> = html
        .select(&selector("#resultats + ul a"))
        .map(|a| (text(a), a.value().attr("href").unwrap().to_string()))
        .collect();
    let json = browser.get("/installations/search?q=0065.00037").await;
    let expected: Vec<(String, String)> = serde_json::from_str::<Vec<Value>>(&json.body)
        .unwrap()
        .iter()
        .map(|found| {
            let (name, link) = (&found["name"], &found["link"]);
            (name.as_str().unwrap().into(), link.as_str().unwrap().into())
        })
        .collect();
    assert_eq!(links.len(), 1, "{links:?}");
    assert_eq!(links, expected);

    let none = submit("zzzz introuvable").await.unwrap();
    let html = scraper::Html::parse_document(&none.text().await.unwrap());
    let results = html
        .select(&selector("section p"))
        .map(text)
        .collect::<Vec<_>>();
    assert!(
        results.contains(&"Aucune installation trouvée.".to_string()),
        "{results:?}"
    );
}

#[tokio::test]
async fn a_query_longer_than_two_hundred_characters_is_cut_the_same_for_json_and_html() {
    let app = TestApp::idf().await;
    let browser = app.browser();
    // What is past the 200th character (here a word no installation has) does not count.
    let long = format!("{:<200}introuvable", "0065.00037");
    let url = format!("/installations/search?q={}", urlencoding::encode(&long));
    let json = browser.get(&url).await;
    assert_eq!(json.status, 200);
    let found = serde_json::from_str::<Vec<Value>>(&json.body).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    let page = browser
        .client
        .get(format!("{}{url}", app.url))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = scraper::Html::parse_document(&page.text().await.unwrap());
    let input = first(html.root_element(), "input[name=q]");
    assert_eq!(input.value().attr("maxlength"), Some("200"));
    assert_eq!(input.value().attr("value"), Some(&long[..200]));
    assert_eq!(html.select(&selector("#resultats + ul a")).count(), 1);
}
