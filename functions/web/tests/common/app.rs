//! The app served on a random port against a fresh database, as a browser sees it.

use envinorma_cloud::{Bucket, LocalObjectStore, ObjectStore, PutOptions};
use envinorma_db::DbConfig;
use envinorma_db::testing::{LoadError, Template, TestDatabase};
use envinorma_web::{AppState, Config, router};
use futures::future::BoxFuture;
use std::sync::Arc;
use tempfile::TempDir;

use super::{json_files, read};

/// The IDF installations, classements and APs, and every AM of data/ams that parses (the
/// corpus holds a truncated file, which would refuse the whole import).
pub const IDF: Template = Template {
    key: "web_idf_ams",
    load: Some(load_idf),
};

fn load_idf(config: &DbConfig) -> BoxFuture<'_, Result<(), LoadError>> {
    Box::pin(async move {
        envinorma_icpe_import::testing::import_idf(&config.pool()?).await?;
        let ams: Vec<(String, Vec<u8>)> = json_files("data/ams")
            .into_iter()
            .filter(|(name, bytes)| envinorma_core::parse_am(name, bytes).is_ok())
            .collect();
        let archive = envinorma_am_import::AmArchive::of_files(ams);
        let mut client = config.connect().await?;
        let report =
            envinorma_am_import::import_ams(&mut client, "data/ams", &archive, false).await?;
        if !report.succeeded() {
            return Err(report.summary().into());
        }
        Ok(())
    })
}

/// A running app: its URL, its database and its buckets.
pub struct TestApp {
    pub url: String,
    pub db: TestDatabase,
    pub state: AppState,
    pub buckets: Arc<dyn ObjectStore>,
    /// The local buckets' directory (none on the emulator).
    _buckets_dir: Option<TempDir>,
    server: tokio::task::JoinHandle<()>,
}

impl TestApp {
    /// The app on an empty (migrated) database.
    pub async fn empty() -> TestApp {
        TestApp::start(Template::EMPTY).await
    }

    /// The app on the IDF data and the AMs.
    pub async fn idf() -> TestApp {
        TestApp::start(IDF).await
    }

    /// The app on the IDF data and the AMs, its buckets on the S3 emulator (as in the cloud:
    /// AP PDFs are presigned links).
    pub async fn idf_on_s3() -> TestApp {
        let (store, _config) = envinorma_cloud::testing::s3_store().await;
        TestApp::serve(IDF, Arc::new(store), None).await
    }

    async fn start(template: Template) -> TestApp {
        let buckets_dir = tempfile::tempdir().expect("temporary buckets");
        let buckets = Arc::new(LocalObjectStore::new(buckets_dir.path()));
        TestApp::serve(template, buckets, Some(buckets_dir)).await
    }

    async fn serve(
        template: Template,
        buckets: Arc<dyn ObjectStore>,
        buckets_dir: Option<TempDir>,
    ) -> TestApp {
        let db = TestDatabase::from_template(template).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port");
        let url = format!("http://{}", listener.local_addr().unwrap());
        // Links the app writes in full (search results) lead back to this server, as
        // the local server (functions/local) does for its port.
        let config = Config {
            base_url: Some(url.clone()),
            ..Config::local()
        };
        let state = AppState::new(config, db.pool().clone(), buckets.clone());
        let app = router(state.clone());
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("server");
        });
        TestApp {
            url,
            db,
            state,
            buckets,
            _buckets_dir: buckets_dir,
            server,
        }
    }

    /// A new browser (its own cookies: its own anonymous user).
    pub fn browser(&self) -> Browser {
        Browser {
            base: self.url.clone(),
            client: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("HTTP client"),
        }
    }

    /// Imports the nomenclature (classement_references.csv), which the IDF template leaves out.
    pub async fn import_classement_references(&self) {
        envinorma_icpe_import::testing::import_shared(
            self.db.pool(),
            &["classement_references.csv"],
        )
        .await
        .expect("classement references import");
    }

    /// Puts the PDF of an AP in the `ap` bucket, where the AP import leaves them.
    pub async fn put_ap_pdf(&self, georisques_id: &str, pdf: &[u8], options: PutOptions) {
        self.buckets
            .put(
                Bucket::Ap,
                &format!("{georisques_id}.pdf"),
                pdf.to_vec().into(),
                options,
            )
            .await
            .unwrap_or_else(|e| panic!("PDF of AP {georisques_id}: {e}"));
    }

    /// The id of the public installation of an S3IC id.
    pub async fn public_id(&self, s3ic_id: &str) -> i64 {
        let s3ic = s3ic_id
            .parse()
            .unwrap_or_else(|e| panic!("S3IC id {s3ic_id}: {e}"));
        envinorma_db::installations::public_id(&self.db.client().await, s3ic)
            .await
            .unwrap_or_else(|e| panic!("public installation {s3ic_id}: {e}"))
            .unwrap_or_else(|| panic!("no public installation {s3ic_id}"))
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// A browser: keeps its cookies, does not follow redirections (tests look at them).
pub struct Browser {
    base: String,
    pub client: reqwest::Client,
}

/// A response, read whole.
#[derive(Debug)]
pub struct Page {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Page {
    /// Asserts that this is our French 403 page; `request` names it in a failure.
    pub fn assert_forbidden(&self, request: &str) {
        assert_eq!(self.status, 403, "{request}");
        let message = "Désolé, vous n’êtes pas autorisé à accéder à cette page";
        assert!(self.body.contains(message), "{request}");
    }

    /// Asserts that this is our French 403 page for a request without its CSRF token.
    pub fn assert_forbidden_csrf(&self, request: &str) {
        assert_eq!(self.status, 403, "{request}");
        let message = "Ce formulaire a expiré ou ne provient pas d’Envinorma.";
        assert!(self.body.contains(message), "{request}: {}", self.body);
    }

    /// The parsed HTML.
    pub fn html(&self) -> scraper::Html {
        scraper::Html::parse_document(&self.body)
    }

    /// Where a redirection goes.
    pub fn location(&self) -> &str {
        self.headers
            .get("location")
            .unwrap_or_else(|| panic!("no Location header (status {})", self.status))
            .to_str()
            .unwrap()
    }

    /// The CSRF token of the page's first form.
    pub fn csrf(&self) -> String {
        let html = self.html();
        let input = html
            .select(&super::selector("input[name=csrf_token]"))
            .next()
            .unwrap_or_else(|| panic!("no CSRF field in the page:\n{}", self.body));
        input.value().attr("value").unwrap().to_string()
    }
}

/// What a browser would send with the page's form matching `css`: named inputs (boxes only
/// when ticked, disabled ones never), text areas and the selected option of each list.
pub fn form_fields(page: &Page, css: &str) -> Vec<(String, String)> {
    let html = page.html();
    let form = html
        .select(&super::selector(css))
        .next()
        .unwrap_or_else(|| panic!("no form {css} in:\n{}", page.body));
    let mut fields = Vec::new();
    for input in form.select(&super::selector("input[name]:not([disabled])")) {
        let element = input.value();
        let kind = element.attr("type").unwrap_or("text");
        if matches!(kind, "checkbox" | "radio") && element.attr("checked").is_none() {
            continue;
        }
        let value = element
            .attr("value")
            .unwrap_or(if kind == "checkbox" { "on" } else { "" });
        fields.push((element.attr("name").unwrap().to_string(), value.to_string()));
    }
    for area in form.select(&super::selector("textarea[name]")) {
        fields.push((
            area.value().attr("name").unwrap().to_string(),
            area.text().collect(),
        ));
    }
    for select in form.select(&super::selector("select[name]")) {
        let option = select
            .select(&super::selector("option[selected]"))
            .next()
            .or_else(|| select.select(&super::selector("option")).next())
            .expect("an option");
        fields.push((
            select.value().attr("name").unwrap().to_string(),
            option.value().attr("value").unwrap().to_string(),
        ));
    }
    fields
}

/// Sets a field of a form (adds it when absent).
pub fn set(fields: &mut Vec<(String, String)>, name: &str, value: &str) {
    match fields.iter_mut().find(|(n, _)| n == name) {
        Some(field) => field.1 = value.to_string(),
        None => fields.push((name.to_string(), value.to_string())),
    }
}

/// The text a person reads on the page (entities decoded).
pub fn text_of(page: &Page) -> String {
    page.html().root_element().text().collect()
}

impl Browser {
    /// `POST path` with these fields.
    pub async fn post_fields(&self, path: &str, fields: &[(String, String)]) -> Page {
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect();
        self.post(path, &pairs).await
    }

    /// The page a redirection leads to, with its flash message.
    pub async fn follow(&self, page: &Page) -> Page {
        assert_eq!(page.status, 303, "{}", page.body);
        self.get(page.location()).await
    }

    async fn read(response: reqwest::Response) -> Page {
        Page {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: response.text().await.expect("response body"),
        }
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> Page {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        Browser::read(response).await
    }

    /// `POST path` with a form.
    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> Page {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .form(form)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"));
        Browser::read(response).await
    }
}
