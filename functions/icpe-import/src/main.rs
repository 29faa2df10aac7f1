//! Lambda entry point: wires the S3 triggers (inbox and misc buckets) to [`envinorma_icpe_import::handle`].

use aws_lambda_events::s3::S3Event;
use envinorma_cloud::{CloudConfig, ObjectEvent, S3ObjectStore};
use envinorma_db::DbConfig;
use envinorma_icpe_import::prepared::ImportOptions;
use lambda_runtime::{Error, LambdaEvent, service_fn};

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .init();
    let cloud = CloudConfig::from_env()?;
    let store = S3ObjectStore::from_config(&cloud).await;
    let options = ImportOptions::from_env()?;
    let db = DbConfig::from_env()?;
    envinorma_db::migrate(&mut db.connect().await?).await?;
    let pool = db.pool()?;
    lambda_runtime::run(service_fn(|event: LambdaEvent<S3Event>| {
        let (store, pool, options, names) = (&store, &pool, &options, &cloud.buckets);
        async move {
            for object in ObjectEvent::from_s3_event(&event.payload, names)? {
                envinorma_icpe_import::handle(store, pool, options, &object).await?;
            }
            Ok::<(), Error>(())
        }
    }))
    .await
}
