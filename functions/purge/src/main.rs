//! Lambda entry point: the daily schedule (see [`envinorma_purge::purge`]).

#[tokio::main]
async fn main() -> Result<(), envinorma_lambda::Error> {
    envinorma_lambda::run_on_schedule::<envinorma_purge::PurgeFunction>().await
}
