//! The back-office served on a random port against a fresh database, and a browser for it:
//! what every flow test starts from.

use envinorma_back_office::seed::add_editor;
use envinorma_back_office::{BoState, Config, router};
use envinorma_cloud::LocalObjectStore;
use envinorma_cloud::testing::local_store;
use envinorma_db::testing::TestDatabase;
use reqwest::redirect::Policy;
use std::sync::Arc;

pub const PASSWORD: &str = "a long enough password";

pub struct Bo {
    pub url: String,
    pub db: TestDatabase,
    // Each test file compiles this module on its own, and not every one looks at the bucket.
    #[allow(dead_code)]
    pub store: Arc<LocalObjectStore>,
    _dir: tempfile::TempDir,
}

impl Bo {
    pub async fn start() -> Bo {
        let db = TestDatabase::new().await;
        let (store, dir) = local_store();
        let store = Arc::new(store);
        add_editor(&db.client().await, "editrice", Some(PASSWORD.into()))
            .await
            .unwrap();
        let state = BoState::new(Config::local(), db.pool().clone(), store.clone());
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
        let html = browser
            .get(format!("{}{path}", self.url))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
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
