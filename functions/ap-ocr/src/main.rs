//! Lambda entry point: the OCR queue's jobs (see [`envinorma_ap_ocr::ApOcr`]).

#[tokio::main]
async fn main() -> Result<(), envinorma_lambda::Error> {
    envinorma_lambda::run_on_messages::<envinorma_ap_ocr::ApOcrFunction>().await
}
