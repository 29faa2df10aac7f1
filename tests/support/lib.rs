//! The functions as Lambda runs them, here: the `bootstrap` binaries `cargo lambda build`
//! made (`scripts/lambda-build.sh`, run by `make test` before the tests), each started by
//! [`runtime::Function`] against the S3 and SQS emulator (moto) and a database of its own.
//! The web app and the back-office are reached through [`function_url::FunctionUrl`].

pub mod data;
pub mod function_url;
pub mod runtime;

use envinorma_cloud::{CloudConfig, S3ObjectStore};
use envinorma_db::testing::TestDatabase;
use runtime::Function;
use std::path::PathBuf;

/// The functions, by their name in the template, with their binaries.
pub const FUNCTIONS: [(&str, &str); 7] = [
    ("web", "envinorma-web"),
    ("back-office", "envinorma-back-office"),
    ("icpe-import", "envinorma-icpe-import"),
    ("am-import", "envinorma-am-import"),
    ("ap-sync", "envinorma-ap-sync"),
    ("ap-ocr", "envinorma-ap-ocr"),
    ("purge", "envinorma-purge"),
];

/// Where `cargo lambda build` put the binaries: `$ENVINORMA_LAMBDA_DIR`, else
/// `$CARGO_TARGET_DIR/lambda`, else the workspace's `target/lambda`.
pub fn lambda_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("ENVINORMA_LAMBDA_DIR") {
        return PathBuf::from(dir);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| envinorma_test_support::repo_path("target"));
    target.join("lambda")
}

/// The `bootstrap` of the function `name` (a key of [`FUNCTIONS`]).
pub fn bootstrap(name: &str) -> PathBuf {
    let (_, binary) = FUNCTIONS
        .iter()
        .find(|(function, _)| *function == name)
        .unwrap_or_else(|| panic!("no function {name}"));
    let path = lambda_dir().join(binary).join("bootstrap");
    assert!(
        path.is_file(),
        "{} is missing: build the functions for Lambda first (bash scripts/lambda-build.sh; \
         make test does), or point ENVINORMA_LAMBDA_DIR at them",
        path.display()
    );
    path
}

/// A deployment on the emulators: its buckets (created), its database (migrated), and the
/// settings the template gives every function.
pub struct Stack {
    pub cloud: CloudConfig,
    pub store: S3ObjectStore,
    pub db: TestDatabase,
    prefix: String,
}

impl Stack {
    /// Buckets named `<prefix>inbox`, `<prefix>misc`… on the emulator, and a fresh database.
    pub async fn new(prefix: &str) -> Stack {
        let endpoint = envinorma_cloud::testing::endpoint();
        let cloud = CloudConfig::from_lookup(|name| match name {
            "AWS_ENDPOINT_URL" => Some(endpoint.clone()),
            "AWS_REGION" => Some(REGION.to_owned()),
            "ENVINORMA_BUCKET_PREFIX" => Some(prefix.to_owned()),
            _ => None,
        })
        .expect("the emulator's configuration");
        let store = envinorma_cloud::testing::s3_store_of(&cloud).await;
        Stack {
            cloud,
            store,
            db: TestDatabase::new().await,
            prefix: prefix.to_owned(),
        }
    }

    /// What every function of the template gets, and `extra`.
    pub fn settings(&self, extra: &[(&str, String)]) -> Vec<(String, String)> {
        let mut settings: Vec<(String, String)> = [
            ("DATABASE_URL", self.db.url()),
            ("AWS_ENDPOINT_URL", envinorma_cloud::testing::endpoint()),
            ("AWS_REGION", REGION.to_owned()),
            ("AWS_ACCESS_KEY_ID", "test".to_owned()),
            ("AWS_SECRET_ACCESS_KEY", "test".to_owned()),
            ("ENVINORMA_BUCKET_PREFIX", self.prefix.clone()),
            ("RUST_LOG", "info".to_owned()),
            ("OMP_THREAD_LIMIT", "1".to_owned()),
        ]
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value))
        .collect();
        settings.extend(
            extra
                .iter()
                .map(|(name, value)| ((*name).to_owned(), value.clone())),
        );
        settings
    }

    /// Starts the function `name` of this deployment, with `extra` settings.
    pub async fn start(&self, name: &str, extra: &[(&str, String)]) -> Function {
        Function::start(name, &bootstrap(name), &self.settings(extra)).await
    }
}

/// The emulator's region (moto accepts any; the sample events say eu-west-3, and so does this).
const REGION: &str = "eu-west-3";

/// A sample event of the repository's `events/` folder, as JSON.
pub fn sample_event(file: &str) -> serde_json::Value {
    let path = envinorma_test_support::repo_path("events").join(file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
