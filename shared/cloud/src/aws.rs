//! Building SDK clients from [`AwsSettings`].

use aws_config::{BehaviorVersion, ConfigLoader, Region, SdkConfig};
use aws_sdk_s3::config::{RequestChecksumCalculation, ResponseChecksumValidation};

use crate::AwsSettings;

/// The SDK configuration loader with the region set; credentials come from the default chain.
/// Tests add `.credentials_provider(..)` before `.load().await`.
pub fn aws_config_loader(settings: &AwsSettings) -> ConfigLoader {
    let loader = aws_config::defaults(BehaviorVersion::latest());
    match &settings.region {
        Some(region) => loader.region(Region::new(region.clone())),
        None => loader,
    }
}

/// An S3 client honouring the custom endpoint and path-style flag.
pub fn s3_client(sdk: &SdkConfig, settings: &AwsSettings) -> aws_sdk_s3::Client {
    let mut builder =
        aws_sdk_s3::config::Builder::from(sdk).force_path_style(settings.force_path_style);
    if let Some(endpoint) = &settings.s3_endpoint {
        // S3-compatible services (OVH, older emulators) reject the CRC checksums the SDK now
        // adds to every request by default; only send them where the API requires one.
        builder = builder
            .endpoint_url(endpoint)
            .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
            .response_checksum_validation(ResponseChecksumValidation::WhenRequired);
    }
    aws_sdk_s3::Client::from_conf(builder.build())
}

/// An SQS client honouring the custom endpoint.
pub fn sqs_client(sdk: &SdkConfig, settings: &AwsSettings) -> aws_sdk_sqs::Client {
    let mut builder = aws_sdk_sqs::config::Builder::from(sdk);
    if let Some(endpoint) = &settings.sqs_endpoint {
        builder = builder.endpoint_url(endpoint);
    }
    aws_sdk_sqs::Client::from_conf(builder.build())
}

/// The SDK error with its whole chain of causes: the SDK's own `Display` says only "service error".
pub(crate) fn sdk_error<E>(error: &aws_sdk_s3::error::SdkError<E>) -> crate::error::BoxError
where
    E: std::error::Error + 'static,
{
    aws_sdk_s3::error::DisplayErrorContext(error)
        .to_string()
        .into()
}

/// True when S3 answered 404: a missing key (`NoSuchKey`, or a bare 404 on HEAD) or bucket.
pub(crate) fn is_not_found<E>(error: &aws_sdk_s3::error::SdkError<E>) -> bool {
    error
        .raw_response()
        .is_some_and(|response| response.status().as_u16() == 404)
}
