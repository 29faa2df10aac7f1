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

/// The SDK configuration for an emulator (moto, LocalStack), which accepts any credentials:
/// dummy ones, so that neither the machine's nor their absence changes what happens.
pub async fn emulator_sdk_config(settings: &AwsSettings) -> SdkConfig {
    aws_config_loader(settings)
        .credentials_provider(aws_sdk_s3::config::Credentials::new(
            "test", "test", None, None, "emulator",
        ))
        .load()
        .await
}

/// An S3 client honouring the custom endpoint, path-style flag, and the buckets' own region and
/// key when they live on another provider.
pub fn s3_client(sdk: &SdkConfig, settings: &AwsSettings) -> aws_sdk_s3::Client {
    let mut builder =
        aws_sdk_s3::config::Builder::from(sdk).force_path_style(settings.force_path_style);
    if let Some(region) = &settings.s3_region {
        builder = builder.region(Region::new(region.clone()));
    }
    if let Some(key) = &settings.s3_credentials {
        builder = builder.credentials_provider(aws_sdk_s3::config::Credentials::new(
            &key.access_key_id,
            &key.secret_access_key,
            None,
            None,
            "ENVINORMA_S3_ACCESS_KEY_ID",
        ));
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::S3Credentials;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// The head of the first request an S3 endpoint on localhost receives.
    async fn first_request_head(
        listener: tokio::net::TcpListener,
    ) -> tokio::task::JoinHandle<String> {
        tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut head = Vec::new();
            let mut byte = [0; 1];
            while !head.ends_with(b"\r\n\r\n") {
                socket.read_exact(&mut byte).await.unwrap();
                head.push(byte[0]);
            }
            let _ = socket
                .write_all(b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n")
                .await;
            String::from_utf8(head).unwrap()
        })
    }

    #[tokio::test]
    async fn s3_requests_are_signed_with_the_buckets_own_key_and_region() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let received = first_request_head(listener).await;
        let settings = AwsSettings {
            s3_endpoint: Some(endpoint),
            region: Some("eu-west-3".into()),
            force_path_style: true,
            s3_region: Some("gra".into()),
            s3_credentials: Some(S3Credentials {
                access_key_id: "ovh-key".into(),
                secret_access_key: "ovh-secret".into(),
            }),
            ..AwsSettings::default()
        };
        // The functions' own credentials, as the Lambda role would give them.
        let role = aws_sdk_s3::config::Credentials::new("role-key", "role", None, None, "role");
        let sdk = aws_config_loader(&settings)
            .credentials_provider(role)
            .load()
            .await;
        let s3 = s3_client(&sdk, &settings);
        let _ = s3.list_objects_v2().bucket("envinorma-am").send().await;
        let head = received.await.unwrap().to_lowercase();
        assert!(
            head.contains("credential=ovh-key/") && head.contains("/gra/s3/aws4_request"),
            "{head}"
        );
        let sqs = sqs_client(&sdk, &settings);
        assert_eq!(sqs.config().region().map(|r| r.as_ref()), Some("eu-west-3"));
    }
}
