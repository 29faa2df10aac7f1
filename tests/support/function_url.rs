//! What a Lambda function URL does in front of the web app and the back-office: an HTTP server
//! on a local port that turns each request into the event Lambda sends (payload version 2.0,
//! the body base64-encoded), invokes the function, and turns its answer back into a response.
//! Browsers and HTTP clients then use the deployed binaries as they use the deployed URLs.

use crate::runtime::{Answer, Function};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Map, Value, json};
use std::sync::Arc;

/// The most a request body may be, as function URLs allow (6 MB).
const MAX_BODY: usize = 6 * 1024 * 1024;

/// A function behind its URL, until dropped.
pub struct FunctionUrl {
    url: String,
    function: Arc<tokio::sync::Mutex<Function>>,
    server: tokio::task::JoinHandle<()>,
}

impl FunctionUrl {
    /// Serves `function` on a free port of 127.0.0.1.
    pub async fn start(function: Function) -> FunctionUrl {
        let function = Arc::new(tokio::sync::Mutex::new(function));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a local port for the function URL");
        let url = format!("http://{}", listener.local_addr().expect("its address"));
        let app = axum::Router::new()
            .fallback(forward)
            .with_state(Arc::clone(&function));
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.ok();
        });
        FunctionUrl {
            url,
            function,
            server,
        }
    }

    /// The URL's origin, `http://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The function behind the URL (its output, its memory).
    pub fn function(&self) -> &tokio::sync::Mutex<Function> {
        &self.function
    }
}

impl Drop for FunctionUrl {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn forward(
    State(function): State<Arc<tokio::sync::Mutex<Function>>>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_BODY).await else {
        return status(StatusCode::PAYLOAD_TOO_LARGE);
    };
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    let event = request_event(
        parts.method.as_str(),
        parts.uri.path(),
        parts.uri.query().unwrap_or(""),
        &headers,
        &body,
    );
    let mut function = function.lock().await;
    match function.invoke(&event).await {
        Answer::Response(answer) => response_of(&answer),
        // Lambda answers a function's error with a 502 and no details.
        Answer::Error(_) => status(StatusCode::BAD_GATEWAY),
    }
}

/// The event a function URL sends for a request (payload version 2.0).
pub fn request_event(
    method: &str,
    path: &str,
    query: &str,
    headers: &[(String, String)],
    body: &[u8],
) -> Value {
    let mut header_map = Map::new();
    let mut cookies = Vec::new();
    for (name, value) in headers {
        if name == "cookie" {
            cookies.extend(value.split("; ").map(|cookie| json!(cookie)));
        }
        // Repeated headers arrive joined with commas.
        match header_map.get_mut(name) {
            Some(Value::String(joined)) => {
                joined.push(',');
                joined.push_str(value);
            }
            _ => {
                header_map.insert(name.clone(), json!(value));
            }
        }
    }
    let parameters: Map<String, Value> = form_urlencoded::parse(query.as_bytes())
        .map(|(name, value)| (name.into_owned(), json!(value)))
        .collect();
    let mut event = json!({
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": query,
        "headers": header_map,
        "requestContext": {
            "accountId": "anonymous",
            "apiId": "e2e",
            "domainName": "e2e.lambda-url.eu-west-3.on.aws",
            "domainPrefix": "e2e",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "127.0.0.1",
                "userAgent": headers.iter().find(|(n, _)| n == "user-agent").map_or("", |(_, v)| v.as_str()),
            },
            "requestId": uuid::Uuid::new_v4().to_string(),
            "routeKey": "$default",
            "stage": "$default",
        },
        "isBase64Encoded": false,
    });
    if !cookies.is_empty() {
        event["cookies"] = json!(cookies);
    }
    if !parameters.is_empty() {
        event["queryStringParameters"] = Value::Object(parameters);
    }
    if !body.is_empty() {
        event["body"] = json!(BASE64.encode(body));
        event["isBase64Encoded"] = json!(true);
    }
    event
}

/// The HTTP response of a function's answer to a function URL event.
pub fn response_of(answer: &Value) -> Response {
    let code = answer["statusCode"].as_u64().unwrap_or(200);
    let mut response = Response::new(Body::from(body_of(answer)));
    *response.status_mut() = StatusCode::from_u16(code as u16).unwrap_or(StatusCode::BAD_GATEWAY);
    let headers = response.headers_mut();
    if let Some(map) = answer["headers"].as_object() {
        for (name, value) in map {
            if let (Ok(name), Some(Ok(value))) = (
                HeaderName::try_from(name.as_str()),
                value.as_str().map(HeaderValue::from_str),
            ) {
                headers.insert(name, value);
            }
        }
    }
    for cookie in answer["cookies"].as_array().into_iter().flatten() {
        if let Some(Ok(value)) = cookie.as_str().map(HeaderValue::from_str) {
            headers.append("set-cookie", value);
        }
    }
    response
}

/// The body of a function's answer, decoded when it says it is base64.
pub fn body_of(answer: &Value) -> Bytes {
    let body = answer["body"].as_str().unwrap_or("");
    if answer["isBase64Encoded"].as_bool() == Some(true) {
        Bytes::from(BASE64.decode(body).expect("a base64 body"))
    } else {
        Bytes::from(body.to_owned())
    }
}

fn status(code: StatusCode) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = code;
    response
}
