//! Serving the web functions' routers over HTTP, shared by `envinorma dev` and `envinorma serve`.

use anyhow::Context;
use axum::Router;
use envinorma_db::{DbConfig, Pool};
use envinorma_web::Config;
use envinorma_web::config::{BASE_URL_VAR, ConfigError, ENV_VAR};
use tokio::net::TcpListener;
use tokio::signal::unix::{Signal, SignalKind, signal};

/// Connections of the web app's pool unless `DATABASE_POOL_SIZE` says otherwise.
const POOL_SIZE: usize = 16;

/// The web configuration read through `lookup`. On a developer's machine
/// (`ENVINORMA_ENV=local`) links point at `port` unless `ENVINORMA_BASE_URL` is set.
pub fn web_config(
    port: u16,
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<Config, ConfigError> {
    Config::from_lookup(at_port(port, BASE_URL_VAR, lookup))
}

/// `lookup`, with `base_url_var` pointing at `port` on a developer's machine
/// (`ENVINORMA_ENV=local`) when it is not set.
fn at_port(
    port: u16,
    base_url_var: &'static str,
    lookup: impl Fn(&str) -> Option<String>,
) -> impl Fn(&str) -> Option<String> {
    let env = move |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
    let local = env(ENV_VAR).is_some_and(|value| value.trim() == "local");
    move |name| {
        env(name)
            .or_else(|| (local && name == base_url_var).then(|| format!("http://localhost:{port}")))
    }
}

/// The back-office's configuration read through `lookup`, its links pointing at `port` on a
/// developer's machine unless `ENVINORMA_BO_BASE_URL` is set.
pub fn bo_config(
    port: u16,
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<envinorma_back_office::Config, ConfigError> {
    let base_url_var = envinorma_back_office::config::BASE_URL_VAR;
    envinorma_back_office::Config::from_lookup(at_port(port, base_url_var, lookup))
}

/// The web app's pool on `db`.
pub fn web_pool(db: DbConfig) -> anyhow::Result<Pool> {
    Ok(db.with_default_pool_size(POOL_SIZE).pool()?)
}

/// Ctrl-C or SIGTERM. Listening starts when this is created: from then on these signals no
/// longer kill the process, they end the server once it runs.
pub struct Shutdown {
    interrupt: Signal,
    terminate: Signal,
}

impl Shutdown {
    pub fn listen() -> anyhow::Result<Shutdown> {
        let listen = |kind| signal(kind).context("cannot listen to signals");
        Ok(Shutdown {
            interrupt: listen(SignalKind::interrupt())?,
            terminate: listen(SignalKind::terminate())?,
        })
    }

    /// Resolves at the first of the signals (including one received before this is awaited).
    pub async fn requested(mut self) {
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
    }
}

/// A listener on `127.0.0.1:port`: the local runner is for this machine only.
pub async fn bind(port: u16) -> anyhow::Result<TcpListener> {
    TcpListener::bind(("127.0.0.1", port))
        .await
        .with_context(|| format!("cannot listen on 127.0.0.1:{port} (choose another --port)"))
}

/// Serves a function's router until `shutdown`, then lets the requests in flight finish.
pub async fn serve(listener: TcpListener, app: Router, shutdown: Shutdown) -> anyhow::Result<()> {
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown.requested())
        .await
        .context("the server stopped on an error")
}
