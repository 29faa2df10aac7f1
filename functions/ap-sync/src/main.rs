//! Lambda entry point: the daily schedule (see [`envinorma_ap_sync::ApSync`]).

#[tokio::main]
async fn main() -> Result<(), envinorma_lambda::Error> {
    envinorma_lambda::run_on_schedule::<envinorma_ap_sync::ApSyncFunction>().await
}
