//! What the functions are fed: the repository's demo AMs and scans, the shared folder's raw
//! S3IC extracts and Géorisques dump (cut down to a few installations, so that the OCR stays
//! short), and a local site standing for the one AP documents are downloaded from.

use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::Arc;

/// The repository's `demo/` folder.
pub fn demo_dir() -> PathBuf {
    envinorma_test_support::repo_path("demo")
}

/// The demo AMs as the back-office publishes them: a flat zip of `<cid>.json` files.
pub fn demo_am_archive() -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut files: Vec<PathBuf> = std::fs::read_dir(demo_dir().join("ams"))
        .expect("demo/ams")
        .map(|entry| entry.expect("an entry of demo/ams").path())
        .collect();
    files.sort();
    for path in files {
        let name = path.file_name().expect("a file name").to_string_lossy();
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("a zip entry");
        zip.write_all(&std::fs::read(&path).expect("a demo AM"))
            .expect("a zip entry's content");
    }
    zip.finish().expect("the archive").into_inner()
}

/// The shared Géorisques dump cut down to some installations' documents.
pub struct Dump {
    /// As Géorisques serves it: a tar.gz of `IC_documents.csv` and `IC_types_document.csv`.
    pub bytes: Vec<u8>,
    /// The documents it lists: (S3IC id of the installation, georisques id `P/c/…`).
    pub documents: Vec<(String, String)>,
}

impl Dump {
    /// The documents of `installations` (S3IC ids) only.
    pub fn of(installations: &[&str]) -> Dump {
        let dump = envinorma_test_support::read("data/raw/georisques/georisques_dump.tar.gz");
        let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(dump.as_slice()));
        let gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let mut builder = tar::Builder::new(gzip);
        let mut documents = Vec::new();
        for entry in archive.entries().expect("the dump's entries") {
            let mut entry = entry.expect("an entry of the dump");
            let name = entry.path().expect("a name").to_string_lossy().into_owned();
            let mut text = String::new();
            entry.read_to_string(&mut text).expect("a UTF-8 member");
            if name == "IC_documents.csv" {
                // `id;s3ic_id;type;description;<georisques id>.pdf;date`.
                let kept: Vec<&str> = text
                    .lines()
                    .filter(|line| {
                        line.split(';')
                            .nth(1)
                            .is_some_and(|id| installations.contains(&id))
                    })
                    .collect();
                documents.extend(kept.iter().filter_map(|line| {
                    let fields: Vec<&str> = line.split(';').collect();
                    let file = fields.get(4)?.trim_end_matches(".pdf");
                    Some((fields[1].to_owned(), file.to_owned()))
                }));
                text = kept.iter().map(|line| format!("{line}\n")).collect();
            }
            let mut header = tar::Header::new_gnu();
            header.set_size(text.len() as u64);
            header.set_mode(0o644);
            header.set_cksum();
            builder
                .append_data(&mut header, &name, text.as_bytes())
                .expect("a member of the dump");
        }
        let bytes = builder
            .into_inner()
            .expect("the tar")
            .finish()
            .expect("the gzip");
        Dump { bytes, documents }
    }
}

/// A local site serving, at `<url><georisques id>.pdf`, the file each id is given.
pub struct DocumentSite {
    url: String,
    server: tokio::task::JoinHandle<()>,
}

impl DocumentSite {
    /// Serves `files` (georisques id → file) on a free port of 127.0.0.1.
    pub async fn start(files: HashMap<String, PathBuf>) -> DocumentSite {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a local port for the document site");
        let url = format!(
            "http://{}/commun/",
            listener.local_addr().expect("its address")
        );
        let app = axum::Router::new()
            .route("/commun/{*file}", axum::routing::get(document))
            .with_state(Arc::new(files));
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.ok();
        });
        DocumentSite { url, server }
    }

    /// The folder URL the documents are under (ap-sync's and ap-ocr's source URL).
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
    State(files): State<Arc<HashMap<String, PathBuf>>>,
    UrlPath(file): UrlPath<String>,
) -> Result<Vec<u8>, StatusCode> {
    let id = file.strip_suffix(".pdf").ok_or(StatusCode::NOT_FOUND)?;
    let path = files.get(id).ok_or(StatusCode::NOT_FOUND)?;
    tokio::fs::read(path)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)
}
