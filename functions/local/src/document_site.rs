//! A local site standing for the one the AP documents are downloaded from: the files of a
//! folder, by georisques id, at `http://127.0.0.1:<port>/commun/<id>.pdf`, until dropped.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use envinorma_core::icpe_csv::GeorisquesId;
use std::path::PathBuf;
use tokio::task::JoinHandle;

pub struct DocumentSite {
    url: String,
    server: JoinHandle<()>,
}

impl DocumentSite {
    /// Serves `folder` on a free port of 127.0.0.1.
    pub async fn start(folder: PathBuf) -> anyhow::Result<DocumentSite> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}/commun/", listener.local_addr()?);
        let app = axum::Router::new()
            .route("/commun/{*file}", axum::routing::get(document))
            .with_state(folder);
        let server = tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, app).await {
                eprintln!("document site: {error}");
            }
        });
        Ok(DocumentSite { url, server })
    }

    /// The folder URL documents are under (what ap-sync's jobs name).
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for DocumentSite {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn document(
    State(folder): State<PathBuf>,
    Path(file): Path<String>,
) -> Result<Vec<u8>, StatusCode> {
    // Only a georisques id names a file: never a path out of the folder.
    let id = file.strip_suffix(".pdf").ok_or(StatusCode::NOT_FOUND)?;
    GeorisquesId::parse(id).ok_or(StatusCode::NOT_FOUND)?;
    tokio::fs::read(folder.join(&file))
        .await
        .map_err(|_| StatusCode::NOT_FOUND)
}
