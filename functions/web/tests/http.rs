//! The router over HTTP: security headers, error pages, static assets, CSRF and cookies.
mod common;

use common::app::TestApp;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use axum::response::Response;
use axum::routing::{delete, post};
use envinorma_web::assets::ASSETS_HASH;
use envinorma_web::config::ContactEmail;
use envinorma_web::security::{CsrfToken, Keys, csrf, set_user_cookie, user_token};
use envinorma_web::{AppState, Config, router};
use tower::{Layer, ServiceExt};
use uuid::Uuid;

async fn send(app: Router, request: Request<Body>) -> (Response, String) {
    let response = app.oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    (Response::from_parts(parts, Body::empty()), text)
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

fn header_of<'r>(response: &'r Response, name: &str) -> &'r str {
    response
        .headers()
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .unwrap()
}

/// A browser that has its user cookie (the app looks it up in its database).
struct User {
    /// Keeps the database alive as long as the user.
    _app: TestApp,
    state: AppState,
    token: Uuid,
}

impl User {
    async fn new() -> User {
        let app = TestApp::empty().await;
        User {
            state: app.state.clone(),
            _app: app,
            token: Uuid::new_v4(),
        }
    }

    fn cookie(&self) -> String {
        let set_cookie = set_user_cookie(&self.state.keys, self.token, false);
        set_cookie.split(';').next().unwrap().to_string()
    }

    fn csrf(&self) -> CsrfToken {
        CsrfToken::for_user(&self.state.keys, self.token)
    }

    fn form(&self, method: Method, uri: &str, body: &str) -> Request<Body> {
        Request::builder()
            .method(method)
            .uri(uri)
            .header(header::COOKIE, self.cookie())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body.to_string()))
            .unwrap()
    }
}

#[tokio::test]
async fn pages_carry_the_security_headers_and_are_never_cached() {
    let state = common::state_without_database();
    let state = AppState {
        config: std::sync::Arc::new(Config {
            secure: true,
            ..Config::local()
        }),
        ..state
    };
    let (response, html) = send(router(state), get("/")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let csp = header_of(&response, "content-security-policy");
    assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"));
    assert!(csp.contains("object-src 'self'") && !csp.contains("unsafe-inline"));
    assert_eq!(header_of(&response, "x-content-type-options"), "nosniff");
    assert_eq!(
        header_of(&response, "referrer-policy"),
        "strict-origin-when-cross-origin"
    );
    assert!(header_of(&response, "strict-transport-security").starts_with("max-age="));
    assert_eq!(header_of(&response, "cache-control"), "no-store");
    assert!(html.contains("<html lang=\"fr\">"));
    assert!(html.contains("Rechercher une installation"));
}

#[tokio::test]
async fn no_hsts_is_sent_on_localhost() {
    let (response, _) = send(router(common::state_without_database()), get("/")).await;
    assert!(
        response
            .headers()
            .get("strict-transport-security")
            .is_none()
    );
}

#[tokio::test]
async fn pages_have_no_inline_script_or_style() {
    for uri in ["/", "/pages/about", "/pages/faq", "/nowhere"] {
        let (_, html) = send(router(common::state_without_database()), get(uri)).await;
        let document = common::parse(&html);
        for script in document.select(&common::selector("script")) {
            assert!(
                script.value().attr("src").is_some(),
                "inline script on {uri}"
            );
        }
        assert_eq!(
            document.select(&common::selector("style, [style]")).count(),
            0,
            "{uri}"
        );
        let skip_links = common::texts(document.root_element(), ".fr-skiplinks a");
        assert_eq!(skip_links, ["Contenu", "Menu", "Pied de page"], "{uri}");
    }
}

#[tokio::test]
async fn every_page_links_to_both_searches_my_installations_about_and_faq_in_its_header() {
    for (uri, current) in [
        ("/", "Rechercher une installation"),
        ("/pages/about", "À propos"),
        ("/pages/faq", "FAQ"),
        ("/nowhere", ""),
        ("/installations/abc", ""),
    ] {
        let (_, html) = send(router(common::state_without_database()), get(uri)).await;
        let document = common::parse(&html);
        let root = document.root_element();
        let header_links = common::texts(root, "header a");
        for expected in [
            "Rechercher une installation",
            "Rechercher dans les AP",
            "Mes installations",
            "À propos",
            "FAQ",
        ] {
            assert!(
                header_links.iter().any(|l| l == expected),
                "{expected} missing on {uri}"
            );
        }
        assert!(html.contains(r#"href="/user""#), "{uri}");
        let marked = common::texts(root, "header [aria-current=page]");
        let expected: Vec<&str> = [current].into_iter().filter(|c| !c.is_empty()).collect();
        assert_eq!(marked, expected, "{uri}");
    }
}

/// The state of a deployed stack's pages: a contact address and a published source.
fn state_with_contact() -> AppState {
    let state = common::state_without_database();
    AppState {
        config: std::sync::Arc::new(Config {
            contact_email: Some(ContactEmail::parse("envinorma@example.gouv.fr").unwrap()),
            source_url: Some("https://git.example.fr/envinorma".into()),
            ..Config::local()
        }),
        ..state
    }
}

#[tokio::test]
async fn the_faq_answers_the_questions_of_its_five_blocks_and_links_the_contact() {
    let (response, html) = send(router(state_with_contact()), get("/pages/faq")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let document = common::parse(&html);
    let root = document.root_element();
    let blocks: Vec<(String, usize)> = document
        .select(&common::selector("section.faq-block"))
        .map(|block| {
            let title = common::texts(block, "h2").concat();
            (title, block.select(&common::selector("h3")).count())
        })
        .collect();
    assert_eq!(
        blocks,
        [
            ("Utiliser Envinorma".to_string(), 2),
            ("Les établissements".to_string(), 4),
            ("Les arrêtés ministériels".to_string(), 4),
            ("Les arrêtés préfectoraux".to_string(), 6),
            ("Pour aller plus loin".to_string(), 2),
        ]
    );
    // Every question has its answer, visible without script (no collapsed accordion).
    assert_eq!(
        document.select(&common::selector(".fr-collapse")).count(),
        0
    );
    for question in document.select(&common::selector("section.faq-block h3")) {
        let answer = question.next_siblings().find_map(scraper::ElementRef::wrap);
        assert!(
            answer.is_some_and(|a| a.value().name() == "p"),
            "{} has no answer",
            common::text(question)
        );
    }
    let mailtos = common::texts(root, "a[href='mailto:envinorma@example.gouv.fr']");
    assert!(mailtos.len() >= 4, "{mailtos:?}");
    assert!(mailtos.iter().all(|m| m == "envinorma@example.gouv.fr"));
    for fact in ["trois mois", "7 h", "Géorisques", "S3IC", "GUN", "cookie"] {
        assert!(html.contains(fact), "the FAQ does not say {fact}");
    }
}

#[tokio::test]
async fn the_about_page_credits_the_original_and_shows_the_contact_and_source() {
    let (response, html) = send(router(state_with_contact()), get("/pages/about")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let document = common::parse(&html);
    let root = document.root_element();
    assert_eq!(
        common::texts(root, "main a[href='mailto:envinorma@example.gouv.fr']"),
        ["envinorma@example.gouv.fr"]
    );
    assert_eq!(
        common::texts(root, "main a[href='https://git.example.fr/envinorma']").len(),
        1
    );
    for credit in ["DRIEAT", "Île-de-France", "Entrepreneurs d’intérêt général"] {
        assert!(html.contains(credit), "{credit}");
    }
}

#[tokio::test]
async fn without_a_contact_address_the_pages_say_none_is_configured() {
    for uri in ["/pages/about", "/pages/faq"] {
        let (_, html) = send(router(common::state_without_database()), get(uri)).await;
        assert!(!html.contains("mailto:"), "{uri}");
        assert!(
            html.contains("aucune n’est configurée sur ce serveur"),
            "{uri}"
        );
    }
}

#[tokio::test]
async fn an_unknown_page_gets_a_french_404_with_the_layout() {
    let (response, html) = send(
        router(common::state_without_database()),
        get("/installations/1/nowhere"),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(html.contains("Page non trouvée") && html.contains("fr-header"));
    let (response, _) = send(
        router(common::state_without_database()),
        get("/pages/secret"),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn static_assets_are_served_immutable_with_their_content_type() {
    for (path, content_type) in [
        ("dsfr/dsfr.min.css", "text/css; charset=utf-8"),
        ("dsfr/dsfr.module.min.js", "text/javascript; charset=utf-8"),
        ("dsfr/fonts/Marianne-Regular.woff2", "font/woff2"),
        ("dsfr/icons/system/close-line.svg", "image/svg+xml"),
        ("app/js/topic_filter.js", "text/javascript; charset=utf-8"),
    ] {
        let (response, body) = send(
            router(common::state_without_database()),
            get(&format!("/static/{ASSETS_HASH}/{path}")),
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(header_of(&response, "content-type"), content_type, "{path}");
        assert_eq!(
            header_of(&response, "cache-control"),
            "public, max-age=31536000, immutable",
            "{path}"
        );
        assert!(!body.is_empty());
    }
}

#[tokio::test]
async fn assets_of_another_build_or_unknown_files_are_not_found() {
    for uri in [
        "/static/0000000000000000/dsfr/dsfr.min.css".to_string(),
        format!("/static/{ASSETS_HASH}/dsfr/dsfr.css"),
        format!("/static/{ASSETS_HASH}/../Cargo.toml"),
    ] {
        let (response, _) = send(router(common::state_without_database()), get(&uri)).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(header_of(&response, "cache-control"), "no-store");
    }
}

#[tokio::test]
async fn pages_link_their_assets_under_the_current_hash() {
    let (_, html) = send(router(common::state_without_database()), get("/")).await;
    assert!(html.contains(&format!("/static/{ASSETS_HASH}/dsfr/dsfr.min.css")));
    assert!(html.contains(&format!("/static/{ASSETS_HASH}/app/js/autocomplete.js")));
}

#[tokio::test]
async fn a_post_without_csrf_token_is_refused_with_a_french_403() {
    let user = User::new().await;
    let requests = [
        Request::post("/").body(Body::empty()).unwrap(),
        user.form(Method::POST, "/", "name=x"),
        user.form(Method::POST, "/", "csrf_token=0123"),
        user.form(Method::DELETE, "/", ""),
        user.form(
            Method::PATCH,
            "/",
            &format!("csrf_token={}", User::new().await.csrf().as_str()),
        ),
    ];
    for request in requests {
        let (method, uri) = (request.method().clone(), request.uri().clone());
        let (response, html) = send(router(user.state.clone()), request).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{method} {uri}");
        assert!(html.contains("Accès refusé"), "{method} {uri}");
    }
}

#[tokio::test]
async fn a_post_with_the_users_csrf_token_goes_through() {
    let user = User::new().await;
    let body = format!("csrf_token={}&name=x", user.csrf().as_str());
    // No POST route exists on `/` yet: reaching the router (405) proves the check passed.
    let (response, _) = send(
        router(user.state.clone()),
        user.form(Method::POST, "/", &body),
    )
    .await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);

    let mut request = Request::post("/").body(Body::empty()).unwrap();
    request
        .headers_mut()
        .insert(header::COOKIE, user.cookie().parse().unwrap());
    request
        .headers_mut()
        .insert("x-csrf-token", user.csrf().as_str().parse().unwrap());
    let (response, _) = send(router(user.state.clone()), request).await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
}

/// A router with unsafe routes, wrapped like the app's.
fn protected(state: &AppState) -> Router {
    let routes: Router = Router::new()
        .route("/things", delete(|| async { "deleted" }))
        .route(
            "/things",
            post(|body: String| async move { format!("posted {body}") }),
        );
    let service = axum::middleware::from_fn_with_state(state.clone(), csrf::protect).layer(routes);
    Router::new().fallback_service(service)
}

#[tokio::test]
async fn a_method_override_is_routed_after_the_check_and_the_form_stays_readable() {
    let user = User::new().await;
    let token = user.csrf();
    let (response, body) = send(
        protected(&user.state),
        user.form(
            Method::POST,
            "/things",
            &format!("_method=delete&csrf_token={}", token.as_str()),
        ),
    )
    .await;
    assert_eq!(
        (response.status(), body.as_str()),
        (StatusCode::OK, "deleted")
    );

    let form = format!("csrf_token={}&name=caf%C3%A9", token.as_str());
    let (response, body) = send(
        protected(&user.state),
        user.form(Method::POST, "/things", &form),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(body, format!("posted {form}"));

    let (response, _) = send(
        protected(&user.state),
        user.form(Method::POST, "/things", "_method=delete"),
    )
    .await;
    assert_eq!(
        response.status(),
        StatusCode::FORBIDDEN,
        "the override needs the token too"
    );
}

#[tokio::test]
async fn a_signed_user_cookie_round_trips_and_a_forged_one_is_ignored() {
    let user = User::new().await;
    let request = user.form(Method::GET, "/", "");
    assert_eq!(
        user_token(&user.state.keys, request.headers(), false),
        Some(user.token)
    );

    let forged = format!("user={}.{}", Uuid::new_v4(), "0".repeat(64));
    let request = Request::get("/")
        .header(header::COOKIE, forged)
        .body(Body::empty())
        .unwrap();
    assert_eq!(user_token(&user.state.keys, request.headers(), false), None);

    let other_keys = Keys::new(&envinorma_web::config::SecretKey::new(vec![1; 32]).unwrap());
    let request = user.form(Method::GET, "/", "");
    assert_eq!(user_token(&other_keys, request.headers(), false), None);
}

#[tokio::test]
async fn behind_https_the_user_cookie_is_a_secure_host_cookie_and_a_bare_one_is_not_theirs() {
    let app = TestApp::empty().await;
    let config = Config::from_lookup(|name| match name {
        "ENVINORMA_SECRET_KEY" => Some("0123456789abcdef0123456789abcdef".into()),
        "ENVINORMA_BASE_URL" => Some("https://envinorma.example.fr".into()),
        "ENVINORMA_CONTACT_EMAIL" => Some("envinorma@example.fr".into()),
        _ => None,
    })
    .unwrap();
    let state = AppState::new(config, app.state.pool.clone(), app.state.store.clone());
    let (response, _) = send(router(state.clone()), get("/")).await;
    let cookies: Vec<&str> = response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|value| value.to_str().unwrap())
        .collect();
    let cookie = cookies
        .iter()
        .find(|c| c.starts_with("__Host-user="))
        .unwrap_or_else(|| panic!("no __Host-user cookie in {cookies:?}"));
    assert!(
        cookie.contains("; Path=/;") && cookie.ends_with("; Secure") && !cookie.contains("Domain"),
        "{cookie}"
    );
    assert!(
        !cookies.iter().any(|c| c.starts_with("user=")),
        "{cookies:?}"
    );

    // A cookie without the prefix could have been planted over plain HTTP or by a sibling
    // subdomain: it is not read, so a form posted with it is refused.
    let token = Uuid::new_v4();
    let post_with = |cookie: String| {
        Request::post("/things")
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!(
                "csrf_token={}",
                CsrfToken::for_user(&state.keys, token).as_str()
            )))
            .unwrap()
    };
    let value = |secure: bool| {
        let set_cookie = set_user_cookie(&state.keys, token, secure);
        set_cookie.split(';').next().unwrap().to_string()
    };
    let (bare, _) = send(protected(&state), post_with(value(false))).await;
    assert_eq!(bare.status(), StatusCode::FORBIDDEN);
    let (host, body) = send(protected(&state), post_with(value(true))).await;
    assert_eq!(host.status(), StatusCode::OK, "{body}");
}
