//! The back-office served on a random port against a fresh database, as a browser sees it:
//! nothing without signing in, no unsafe request without its CSRF token, guessers slowed and
//! stopped, and a publication that puts the AMs in force into the `am` bucket.

mod common;

use common::{Bo, PASSWORD, alert, location};
use envinorma_back_office::seed::{self, add_editor};
use envinorma_back_office::{Config, TOO_MANY_FAILURES, WRONG_CREDENTIALS};
use envinorma_cloud::{Bucket, ObjectStore};
use envinorma_observe::Slack;
use envinorma_test_support::json_files;
use envinorma_test_support::webhook::Webhook;
use reqwest::StatusCode;
use std::io::Read;

#[tokio::test]
async fn every_page_sends_an_anonymous_visitor_to_the_login_page_and_back() {
    let bo = Bo::start().await;
    let browser = bo.browser();
    for path in ["/", "/am/JORFTEXT000000000001?x=1", "/no-such-page"] {
        let response = browser
            .get(format!("{}{path}", bo.url))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(
            location(&response),
            format!("/connexion?suite={}", urlencoding::encode(path)),
        );
    }
    // Unsafe requests too, whatever their token.
    let response = browser
        .post(format!("{}/publier", bo.url))
        .form(&[("csrf_token", "0")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(bo.store.list(Bucket::Am, "").await.unwrap().is_empty());

    let signed_in = bo.sign_in(&browser, PASSWORD, "1.1.1.1").await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&signed_in), "/am/X");
    let cookie = signed_in.headers()["set-cookie"].to_str().unwrap();
    assert!(
        cookie.starts_with("bo_session=") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    let catalogue = browser.get(format!("{}/", bo.url)).send().await.unwrap();
    assert_eq!(catalogue.status(), StatusCode::OK);
    assert!(
        catalogue
            .text()
            .await
            .unwrap()
            .contains("Se déconnecter (editrice)")
    );

    // Signing out ends the session on the server: the old cookie is worth nothing.
    let token = bo.token(&browser, "/").await;
    let out = browser
        .post(format!("{}/deconnexion", bo.url))
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&out), "/connexion");
    let client = bo.db.client().await;
    assert_eq!(
        envinorma_db::testing::count(&client, "SELECT count(*) FROM bo.sessions").await,
        0
    );
    let again = browser.get(format!("{}/", bo.url)).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn an_unsafe_request_without_its_sessions_token_is_refused() {
    let bo = Bo::start().await;
    let browser = bo.browser();
    bo.sign_in(&browser, PASSWORD, "1.1.1.1").await;
    for form in [vec![], vec![("csrf_token", "00ff")]] {
        let response = browser
            .post(format!("{}/publier", bo.url))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("Ce formulaire a expiré")
        );
    }
    // Another browser's token (of its login page) is not this session's.
    let other = bo.browser();
    let foreign = bo.token(&other, "/connexion").await;
    let response = browser
        .post(format!("{}/publier", bo.url))
        .form(&[("csrf_token", foreign.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    // The login form needs its token too.
    let response = other
        .post(format!("{}/connexion", bo.url))
        .form(&[("login", "editrice"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(bo.store.list(Bucket::Am, "").await.unwrap().is_empty());
}

#[tokio::test]
async fn the_web_apps_cookie_is_no_back_office_session() {
    let bo = Bo::start().await;
    // A user cookie the web app signs for its local configuration.
    let web_keys = envinorma_web::security::Keys::new(&envinorma_web::Config::local().secret);
    let token = uuid::Uuid::new_v4();
    let value = envinorma_web::security::user_cookie::user_cookie_value(&web_keys, token);
    let response = bo
        .browser()
        .get(format!("{}/", bo.url))
        .header("cookie", format!("bo_session={value}; user={value}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn failed_logins_are_slowed_then_refused_per_login_and_per_address() {
    let bo = Bo::start().await;
    let browser = bo.browser();
    for attempt in 1..=5 {
        let response = bo
            .sign_in(&browser, "wrong password", &format!("10.0.0.{attempt}"))
            .await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(alert(response).await, WRONG_CREDENTIALS);
    }
    // The sixth try of this login is refused, even with the right password.
    let response = bo.sign_in(&browser, PASSWORD, "10.0.0.9").await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(alert(response).await, TOO_MANY_FAILURES);

    // One address trying many logins is stopped after twenty failures.
    let client = bo.db.client().await;
    client
        .execute(
            "INSERT INTO bo.login_failures (login, address)
             SELECT 'someone' || n, '6.6.6.6' FROM generate_series(1, 20) n",
            &[],
        )
        .await
        .unwrap();
    add_editor(&client, "autre", Some(PASSWORD.into()))
        .await
        .unwrap();
    let token = bo.token(&browser, "/connexion").await;
    let response = browser
        .post(format!("{}/connexion", bo.url))
        .header("x-forwarded-for", "6.6.6.6")
        .form(&[
            ("csrf_token", token.as_str()),
            ("login", "autre"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn the_catalogue_groups_the_seeded_ams_and_publishing_puts_them_in_the_am_bucket() {
    let webhook = Webhook::start().await;
    let config = Config {
        slack: Slack::to(Some(webhook.url.clone())),
        ..Config::local()
    };
    let bo = Bo::start_with(config).await;
    let files: Vec<(String, Vec<u8>)> = json_files("data/ams")
        .into_iter()
        .filter(|(name, bytes)| envinorma_core::parse_am(name, bytes).is_ok())
        .take(5)
        .collect();
    let documents = seed::documents_of(&files).unwrap();
    seed::seed(&bo.db.client().await, &documents).await.unwrap();
    let browser = bo.browser();
    bo.sign_in(&browser, PASSWORD, "1.1.1.1").await;
    let html = bo.page(&browser, "/").await;
    assert!(html.contains("<caption>En vigueur (5)</caption>"), "{html}");
    for (name, _) in &files {
        let cid = name.trim_end_matches(".json");
        assert!(html.contains(&format!("href=\"/am/{cid}\"")), "{cid}");
    }

    let token = bo.token(&browser, "/").await;
    let response = browser
        .post(format!("{}/publier", bo.url))
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("AMs exportés avec succès.")
    );
    let mut archive = bo.latest_archive().await;
    assert_eq!(archive.len(), files.len());
    for (name, bytes) in &files {
        let mut entry = archive.by_name(name).unwrap();
        let mut published = Vec::new();
        entry.read_to_end(&mut published).unwrap();
        assert!(
            published == *bytes,
            "{name} was not published as it was seeded"
        );
    }
    let keys: Vec<String> = bo
        .store
        .list(Bucket::Am, "ams/")
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.key)
        .collect();
    assert_eq!(keys.len(), 2, "{keys:?}");
    let key = keys.iter().find(|key| *key != "ams/latest.zip").unwrap();
    assert_eq!(
        webhook.received(),
        [serde_json::json!({"text": format!(
            "editrice a publié les 5 arrêtés en vigueur : am/{key} (import dans l’application en cours)"
        )})]
    );
}
