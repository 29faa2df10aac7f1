//! Creating buckets and notifications, which infra does in the cloud: for tests and emulators.

use aws_sdk_s3::types::{
    BucketLocationConstraint, CreateBucketConfiguration, Event, NotificationConfiguration,
    QueueConfiguration,
};

use crate::aws::sdk_error;
use crate::{Bucket, CloudError, S3ObjectStore};

impl S3ObjectStore {
    /// Creates every logical bucket that does not exist yet (emulators, tests, first run).
    pub async fn create_buckets(&self) -> Result<(), CloudError> {
        // Outside us-east-1, S3 wants the region repeated as a location constraint.
        let location = self
            .client
            .config()
            .region()
            .map(|region| region.as_ref().to_owned())
            .filter(|region| region != "us-east-1")
            .map(|region| {
                CreateBucketConfiguration::builder()
                    .location_constraint(BucketLocationConstraint::from(region.as_str()))
                    .build()
            });
        for bucket in Bucket::ALL {
            let result = self
                .client
                .create_bucket()
                .bucket(self.real(bucket))
                .set_create_bucket_configuration(location.clone())
                .send()
                .await;
            match result {
                Ok(_) => {}
                Err(error)
                    if error.as_service_error().is_some_and(|service| {
                        service.is_bucket_already_owned_by_you()
                            || service.is_bucket_already_exists()
                    }) => {}
                Err(error) => {
                    return Err(CloudError::Storage {
                        operation: "create_bucket",
                        bucket: self.real(bucket),
                        key: String::new(),
                        source: sdk_error(&error),
                    });
                }
            }
        }
        Ok(())
    }

    /// Sends an `ObjectCreated:*` notification of `bucket` to the SQS queue `queue_arn`,
    /// replacing the bucket's notification configuration. On AWS the queue policy must also
    /// allow s3.amazonaws.com to send; emulators do not check it.
    pub async fn notify_queue_on_create(
        &self,
        bucket: Bucket,
        queue_arn: &str,
    ) -> Result<(), CloudError> {
        let storage_error = |source| CloudError::Storage {
            operation: "put_bucket_notification_configuration",
            bucket: self.real(bucket),
            key: String::new(),
            source,
        };
        let queue = QueueConfiguration::builder()
            .id(format!("{}-created", bucket.name()))
            .queue_arn(queue_arn)
            .events(Event::from("s3:ObjectCreated:*"))
            .build()
            .map_err(|error| storage_error(Box::new(error)))?;
        self.client
            .put_bucket_notification_configuration()
            .bucket(self.real(bucket))
            .notification_configuration(
                NotificationConfiguration::builder()
                    .queue_configurations(queue)
                    .build(),
            )
            .send()
            .await
            .map_err(|error| storage_error(sdk_error(&error)))?;
        Ok(())
    }
}
