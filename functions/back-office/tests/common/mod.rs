//! The back-office served on a random port against a fresh database, with an editor, and a
//! browser that keeps its cookies and shows redirects.

#![allow(dead_code)] // Each test file uses its part.

use envinorma_back_office::seed::{self, add_editor};
use envinorma_back_office::{BoState, Config, router};
use envinorma_cloud::LocalObjectStore;
use envinorma_cloud::testing::local_store;
use envinorma_core::authoring::AmDocuments;
use envinorma_db::testing::{Template, TestDatabase};
use envinorma_test_support::read;
use reqwest::redirect::Policy;
use std::sync::Arc;

pub const PASSWORD: &str = "a long enough password";

pub struct Bo {
    pub url: String,
    pub db: TestDatabase,
    pub store: Arc<LocalObjectStore>,
    _dir: tempfile::TempDir,
}

impl Bo {
    pub async fn start() -> Bo {
        Bo::start_with(Config::local()).await
    }

    pub async fn start_with(config: Config) -> Bo {
        Bo::serve(config, TestDatabase::new().await).await
    }

    /// The back-office on a copy of `template`.
    pub async fn start_on(template: Template) -> Bo {
        Bo::serve(Config::local(), TestDatabase::from_template(template).await).await
    }

    async fn serve(config: Config, db: TestDatabase) -> Bo {
        let (store, dir) = local_store();
        let store = Arc::new(store);
        add_editor(&db.client().await, "editrice", Some(PASSWORD.into()))
            .await
            .unwrap();
        let state = BoState::new(config, db.pool().clone(), store.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router(state)).await.unwrap() });
        Bo {
            url,
            db,
            store,
            _dir: dir,
        }
    }

    /// A browser: cookies kept, redirects not followed (the tests look at them).
    pub fn browser(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .build()
            .unwrap()
    }

    /// The CSRF token of the form on the page at `path`.
    pub async fn token(&self, browser: &reqwest::Client, path: &str) -> String {
        let html = self.page(browser, path).await;
        let document = scraper::Html::parse_document(&html);
        let selector = scraper::Selector::parse("input[name=csrf_token]").unwrap();
        let input = document
            .select(&selector)
            .next()
            .expect("a form with its token");
        input.value().attr("value").unwrap().to_owned()
    }

    pub async fn sign_in(
        &self,
        browser: &reqwest::Client,
        password: &str,
        from: &str,
    ) -> reqwest::Response {
        let token = self.token(browser, "/connexion").await;
        browser
            .post(format!("{}/connexion", self.url))
            .header("x-forwarded-for", from)
            .form(&[
                ("csrf_token", token.as_str()),
                ("login", "editrice"),
                ("password", password),
                ("suite", "/am/X"),
            ])
            .send()
            .await
            .unwrap()
    }
}

/// The text of the page's alert.
pub async fn alert(response: reqwest::Response) -> String {
    let html = response.text().await.unwrap();
    let document = scraper::Html::parse_document(&html);
    let selector = scraper::Selector::parse(".fr-alert p").unwrap();
    let alert = document.select(&selector).next().expect("an alert");
    alert.text().collect()
}

pub fn location(response: &reqwest::Response) -> &str {
    response.headers()["location"].to_str().unwrap()
}

/// Asserts that an anonymous visitor's GET of `path` is sent to the login page.
pub async fn sent_to_login(bo: &Bo, path: &str) {
    let response = bo
        .browser()
        .get(format!("{}{path}", bo.url))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::SEE_OTHER, "{path}");
    assert!(location(&response).starts_with("/connexion"), "{path}");
}

/// Posts a form with the CSRF token of the page at `from`.
pub async fn post_form(
    bo: &Bo,
    browser: &reqwest::Client,
    from: &str,
    to: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let token = bo.token(browser, from).await;
    let mut form = vec![("csrf_token", token.as_str())];
    form.extend_from_slice(fields);
    browser
        .post(format!("{}{to}", bo.url))
        .form(&form)
        .send()
        .await
        .unwrap()
}

/// Posts a multipart form (a file upload, as a browser sends it) with the CSRF token of the
/// page `from`.
pub async fn post_multipart(
    bo: &Bo,
    browser: &reqwest::Client,
    from: &str,
    to: &str,
    form: reqwest::multipart::Form,
) -> reqwest::Response {
    let token = bo.token(browser, from).await;
    browser
        .post(format!("{}{to}", bo.url))
        .multipart(form.text("csrf_token", token))
        .send()
        .await
        .unwrap()
}

/// The texts of the elements `css` selects in `html`, trimmed.
pub fn texts(html: &str, css: &str) -> Vec<String> {
    let selector = scraper::Selector::parse(css).unwrap();
    scraper::Html::parse_document(html)
        .select(&selector)
        .map(|element| element.text().collect::<String>().trim().to_owned())
        .collect()
}

impl Bo {
    /// The AM `cid` of `data/ams`, seeded.
    pub async fn seed(&self, cid: &str) -> AmDocuments {
        let file = (format!("{cid}.json"), read(&format!("data/ams/{cid}.json")));
        let documents = seed::documents_of(&[file]).unwrap();
        seed::seed(&self.db.client().await, &documents)
            .await
            .unwrap();
        documents.into_iter().next().unwrap()
    }

    /// The body of the page at `path`.
    pub async fn page(&self, browser: &reqwest::Client, path: &str) -> String {
        let url = format!("{}{path}", self.url);
        browser.get(url).send().await.unwrap().text().await.unwrap()
    }

    /// The archive the last publication put at `am/ams/latest.zip`.
    pub async fn latest_archive(&self) -> zip::ZipArchive<std::io::Cursor<Vec<u8>>> {
        use envinorma_cloud::{Bucket, ObjectStore};
        let latest = self.store.get(Bucket::Am, "ams/latest.zip").await.unwrap();
        zip::ZipArchive::new(std::io::Cursor::new(latest.body.to_vec())).unwrap()
    }

    /// A browser signed in as the editor.
    pub async fn signed_in(&self) -> reqwest::Client {
        let browser = self.browser();
        self.sign_in(&browser, PASSWORD, "1.1.1.1").await;
        browser
    }
}
