//! Lambda entry point: the S3 trigger of `am/ams/latest.zip` (see [`envinorma_am_import::AmImport`]).

#[tokio::main]
async fn main() -> Result<(), envinorma_lambda::Error> {
    envinorma_lambda::run_on_objects::<envinorma_am_import::AmImport>().await
}
