//! Lambda entry point: the S3 triggers of the inbox and misc buckets (see
//! [`envinorma_icpe_import::IcpeImport`]).

#[tokio::main]
async fn main() -> Result<(), envinorma_lambda::Error> {
    envinorma_lambda::run_on_objects::<envinorma_icpe_import::IcpeImport>().await
}
