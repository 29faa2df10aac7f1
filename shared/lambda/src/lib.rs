//! How every Lambda function of Envinorma starts: JSON logs, its configuration read once from
//! the environment, the database migrated and pooled, then the runtime loop handing it its
//! events. A function crate implements [`ObjectFunction`] in its library (so tests and the
//! local runner call the same handler) and its `main.rs` is one call of [`run_on_objects`].

use async_trait::async_trait;
use aws_lambda_events::s3::S3Event;
use envinorma_cloud::{CloudConfig, ObjectEvent, S3ObjectStore};
use envinorma_db::{DbConfig, Pool};
use lambda_runtime::{LambdaEvent, service_fn};

pub use lambda_runtime::Error;

/// What a function triggered by object events is given: the store of its buckets (real names
/// from the environment) and the database pool.
pub struct Ports {
    pub store: S3ObjectStore,
    pub pool: Pool,
}

/// A function triggered by S3 object events.
#[async_trait]
pub trait ObjectFunction: Sized + Send + Sync {
    /// Its own settings, read from the environment (through a `from_lookup`).
    fn from_env() -> Result<Self, Error>;

    /// Handles one object event. An error fails the invocation, which Lambda retries: return
    /// one only when a retry may succeed (an input that is wrong is a report, not an error).
    async fn handle(&self, ports: &Ports, event: &ObjectEvent) -> Result<(), Error>;
}

/// Logs as one JSON object a line, filtered by `RUST_LOG` (CloudWatch keeps them as they are).
pub fn init_tracing() {
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .init();
}

/// Runs `F` in the Lambda runtime: settings, migrations and pool first (a configuration error
/// stops the cold start with its message), then each S3 event's objects handed to it in order.
pub async fn run_on_objects<F: ObjectFunction>() -> Result<(), Error> {
    init_tracing();
    let function = F::from_env()?;
    let cloud = CloudConfig::from_env()?;
    let db = DbConfig::from_env()?;
    envinorma_db::migrate(&mut db.connect().await?).await?;
    let ports = Ports {
        store: S3ObjectStore::from_config(&cloud).await,
        pool: db.pool()?,
    };
    let (function, ports, names) = (&function, &ports, &cloud.buckets);
    lambda_runtime::run(service_fn(|event: LambdaEvent<S3Event>| async move {
        for object in ObjectEvent::from_s3_event(&event.payload, names)? {
            function.handle(ports, &object).await?;
        }
        Ok::<(), Error>(())
    }))
    .await
}
