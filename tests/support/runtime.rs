//! A Lambda execution environment of our own: a function's `bootstrap` started as Lambda starts
//! it (a clean environment with the `AWS_LAMBDA_*` settings), talking to the Runtime API
//! (`/2018-06-01/runtime/...`) that this module serves on a local port. An invocation hands an
//! event to the process and waits for its answer, one at a time, as one Lambda instance does.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot, watch};

/// How long an invocation may take before the test gives up on it (ap-ocr's longest job in
/// the tests is a few pages).
const INVOCATION_TIMEOUT: Duration = Duration::from_secs(300);
/// How long a function may take to start: its first call for an invocation.
const INIT_TIMEOUT: Duration = Duration::from_secs(60);

/// What a function answered an invocation with.
#[derive(Debug)]
pub enum Answer {
    /// `/response`: the handler's result.
    Response(Value),
    /// `/error`: the handler's error (`errorType`, `errorMessage`).
    Error(Value),
}

impl Answer {
    /// The response, or a panic showing the error and the function's output.
    fn response(self, function: &Function) -> Value {
        match self {
            Answer::Response(value) => value,
            Answer::Error(error) => panic!(
                "{} answered an error: {error}\n--- its output:\n{}",
                function.name,
                function.output()
            ),
        }
    }
}

struct Invocation {
    id: String,
    event: Vec<u8>,
}

/// The Runtime API's side: invocations waiting for the process, answers waiting for the test.
struct Api {
    name: String,
    queue: tokio::sync::Mutex<mpsc::Receiver<Invocation>>,
    answers: Mutex<HashMap<String, oneshot::Sender<Answer>>>,
    /// Set when the process first asks for an invocation: its initialisation is over.
    polled: watch::Sender<Option<Instant>>,
    init_error: Mutex<Option<Value>>,
}

/// One function's process and the Runtime API it talks to; the process is killed when dropped.
pub struct Function {
    pub name: String,
    child: Child,
    api: Arc<Api>,
    invocations: mpsc::Sender<Invocation>,
    server: tokio::task::JoinHandle<()>,
    spawned: Instant,
    output: PathBuf,
    _dir: tempfile::TempDir,
}

impl Function {
    /// Starts `bootstrap` as the function `name` with `settings` (its environment, besides what
    /// Lambda sets): nothing of the test's own environment reaches it, as in Lambda.
    pub async fn start(name: &str, bootstrap: &Path, settings: &[(String, String)]) -> Function {
        let (invocations, queue) = mpsc::channel(1);
        let api = Arc::new(Api {
            name: name.to_owned(),
            queue: tokio::sync::Mutex::new(queue),
            answers: Mutex::new(HashMap::new()),
            polled: watch::channel(None).0,
            init_error: Mutex::new(None),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a local port for the Runtime API");
        let address = listener.local_addr().expect("the Runtime API's address");
        let routes = routes(Arc::clone(&api));
        let server = tokio::spawn(async move {
            axum::serve(listener, routes).await.ok();
        });
        let dir = tempfile::tempdir().expect("a folder for the function's output");
        let output = dir.path().join("output.log");
        let log = std::fs::File::create(&output).expect("the function's output file");
        let spawned = Instant::now();
        let child = Command::new(bootstrap)
            .env_clear()
            .envs(lambda_environment(name, &address.to_string()))
            .envs(settings.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("the output file, twice"))
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", bootstrap.display()));
        Function {
            name: name.to_owned(),
            child,
            api,
            invocations,
            server,
            spawned,
            output,
            _dir: dir,
        }
    }

    /// Hands `event` to the function and returns its response; panics, with the function's
    /// output, if it answers an error.
    pub async fn answer(&mut self, event: &Value) -> Value {
        self.invoke(event).await.response(self)
    }

    /// How long the process took from its start to its first request for work: Lambda's
    /// "Init Duration". Panics if it exits or stalls first.
    pub async fn initialised(&mut self) -> Duration {
        let mut polled = self.api.polled.subscribe();
        let deadline = Instant::now() + INIT_TIMEOUT;
        loop {
            if let Some(at) = *polled.borrow_and_update() {
                return at - self.spawned;
            }
            self.assert_running();
            assert!(
                Instant::now() < deadline,
                "{} did not start within {INIT_TIMEOUT:?}\n--- its output:\n{}",
                self.name,
                self.output()
            );
            let _ = tokio::time::timeout(Duration::from_millis(20), polled.changed()).await;
        }
    }

    /// Hands `event` to the function and waits for its answer.
    pub async fn invoke(&mut self, event: &Value) -> Answer {
        self.initialised().await;
        let id = uuid::Uuid::new_v4().to_string();
        let (tell, answer) = oneshot::channel();
        self.api
            .answers
            .lock()
            .expect("answers")
            .insert(id.clone(), tell);
        let event = serde_json::to_vec(event).expect("an event is JSON");
        self.invocations
            .send(Invocation { id, event })
            .await
            .expect("the Runtime API takes invocations");
        let deadline = Instant::now() + INVOCATION_TIMEOUT;
        let mut answer = std::pin::pin!(answer);
        loop {
            if let Ok(answer) =
                tokio::time::timeout(Duration::from_millis(50), answer.as_mut()).await
            {
                return answer.expect("every invocation is answered");
            }
            self.assert_running();
            assert!(
                Instant::now() < deadline,
                "{} did not answer within {INVOCATION_TIMEOUT:?}\n--- its output:\n{}",
                self.name,
                self.output()
            );
        }
    }

    /// The most memory the process has held (VmHWM, in KiB): what Lambda reports as "Max
    /// Memory Used".
    pub fn peak_memory_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("the process's status");
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmHWM:"))
            .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmHWM in the process's status")
    }

    /// What the function printed (its logs), for failure messages and assertions.
    pub fn output(&self) -> String {
        std::fs::read_to_string(&self.output).unwrap_or_default()
    }

    fn assert_running(&mut self) {
        if let Ok(Some(status)) = self.child.try_wait() {
            let init_error = self.api.init_error.lock().expect("init error").take();
            panic!(
                "{} exited ({status}){}\n--- its output:\n{}",
                self.name,
                init_error.map_or(String::new(), |e| format!(", init error {e}")),
                self.output()
            );
        }
    }
}

impl Drop for Function {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.server.abort();
    }
}

/// The settings Lambda gives every function (`lambda_runtime` reads them at start).
fn lambda_environment(name: &str, api: &str) -> Vec<(&'static str, String)> {
    vec![
        ("AWS_LAMBDA_RUNTIME_API", api.to_owned()),
        ("AWS_LAMBDA_FUNCTION_NAME", name.to_owned()),
        ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST".to_owned()),
        ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024".to_owned()),
        (
            "AWS_LAMBDA_LOG_GROUP_NAME",
            format!("/envinorma/e2e/{name}"),
        ),
        ("AWS_LAMBDA_LOG_STREAM_NAME", "e2e".to_owned()),
        ("LAMBDA_TASK_ROOT", "/var/task".to_owned()),
        ("TZ", ":UTC".to_owned()),
    ]
}

fn routes(api: Arc<Api>) -> Router {
    Router::new()
        .route("/2018-06-01/runtime/invocation/next", get(next))
        .route(
            "/2018-06-01/runtime/invocation/{id}/response",
            post(response),
        )
        .route("/2018-06-01/runtime/invocation/{id}/error", post(error))
        .route("/2018-06-01/runtime/init/error", post(init_error))
        .with_state(api)
}

async fn next(State(api): State<Arc<Api>>) -> Response {
    api.polled.send_if_modified(|polled| {
        let first = polled.is_none();
        if first {
            *polled = Some(Instant::now());
        }
        first
    });
    let Some(invocation) = api.queue.lock().await.recv().await else {
        return StatusCode::GONE.into_response();
    };
    let deadline = std::time::SystemTime::now() + INVOCATION_TIMEOUT;
    let deadline_ms = deadline
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_millis();
    let mut headers = HeaderMap::new();
    let mut set = |name: &'static str, value: String| {
        headers.insert(name, HeaderValue::from_str(&value).expect("a header value"));
    };
    set("lambda-runtime-aws-request-id", invocation.id);
    set("lambda-runtime-deadline-ms", deadline_ms.to_string());
    set(
        "lambda-runtime-invoked-function-arn",
        format!(
            "arn:aws:lambda:eu-west-3:123456789012:function:{}",
            api.name
        ),
    );
    set("content-type", "application/json".to_owned());
    (headers, invocation.event).into_response()
}

fn answer(api: &Api, id: &str, answer: Answer) -> StatusCode {
    match api.answers.lock().expect("answers").remove(id) {
        Some(tell) => {
            let _ = tell.send(answer);
            StatusCode::ACCEPTED
        }
        None => StatusCode::NOT_FOUND,
    }
}

async fn response(
    State(api): State<Arc<Api>>,
    UrlPath(id): UrlPath<String>,
    body: Bytes,
) -> StatusCode {
    let value = serde_json::from_slice(&body)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&body).into_owned()));
    answer(&api, &id, Answer::Response(value))
}

async fn error(
    State(api): State<Arc<Api>>,
    UrlPath(id): UrlPath<String>,
    body: Bytes,
) -> StatusCode {
    let value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    answer(&api, &id, Answer::Error(value))
}

async fn init_error(State(api): State<Arc<Api>>, body: Bytes) -> StatusCode {
    *api.init_error.lock().expect("init error") = serde_json::from_slice(&body).ok();
    StatusCode::ACCEPTED
}
