//! Lambda entry point: wires the S3 trigger to [`envinorma_am_import::handle`].

use aws_lambda_events::s3::S3Event;
use envinorma_cloud::{CloudConfig, ObjectEvent, S3ObjectStore};
use envinorma_db::DbConfig;
use lambda_runtime::{Error, LambdaEvent, service_fn};

#[tokio::main]
async fn main() -> Result<(), Error> {
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .init();
    let cloud = CloudConfig::from_env()?;
    let store = S3ObjectStore::from_config(&cloud).await;
    let db = DbConfig::from_env()?;
    envinorma_db::migrate(&mut db.connect().await?).await?;
    let pool = db.pool()?;
    lambda_runtime::run(service_fn(|event: LambdaEvent<S3Event>| {
        let (store, pool, names) = (&store, &pool, &cloud.buckets);
        async move {
            for object in ObjectEvent::from_s3_event(&event.payload, names)? {
                envinorma_am_import::handle(store, pool, &object).await?;
            }
            Ok::<(), Error>(())
        }
    }))
    .await
}
