//! Storage and queue ports, with cloud (S3, SQS) and local adapters.
//!
//! Handlers take an `Arc<dyn ObjectStore>` and an `Arc<dyn JobQueue>`, so the same code runs in Lambda
//! (S3 + SQS), against an emulator (moto, LocalStack) and in the local runner (a directory tree and an
//! in-process queue). Buckets are named logically ([`Bucket`]); [`BucketNames`] maps them to real names.

#![warn(missing_docs)]

mod aws;
mod bucket;
mod config;
mod download;
mod error;
mod event;
mod local;
mod metadata;
mod object;
mod queue;
mod report;
mod s3;
mod sqs;
mod store;
#[cfg(feature = "testing")]
pub mod testing;

pub use aws::{aws_config_loader, emulator_sdk_config, s3_client, sqs_client};
pub use bucket::{Bucket, BucketNames};
pub use config::{AwsSettings, CloudConfig, S3Credentials};
pub use download::{DownloadError, Downloader};
pub use error::CloudError;
pub use event::ObjectEvent;
pub use local::{DeadLetter, LocalObjectStore, LocalQueue};
pub use metadata::Metadata;
pub use object::{FORCE_METADATA, Object, ObjectHead, ObjectSummary, PutOptions};
pub use queue::{JobQueue, Message, QueueSettings, ReceiptHandle};
pub use report::put_report;
pub use s3::S3ObjectStore;
pub use sqs::{Redrive, SqsQueue};
pub use store::{ObjectStore, ResponseHeaders};

/// Result of every fallible operation of this crate.
pub type Result<T, E = CloudError> = std::result::Result<T, E>;
