//! Cloud configuration, read once from environment variables into typed values.

use crate::{BucketNames, CloudError};

/// Everything the cloud adapters need: bucket names and how to reach S3 and SQS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloudConfig {
    /// Real name of each logical bucket.
    pub buckets: BucketNames,
    /// Endpoints, region and addressing style.
    pub aws: AwsSettings,
}

/// How to reach S3 and SQS. Credentials come from the SDK's default chain (Lambda role,
/// `AWS_ACCESS_KEY_ID`…), except where the buckets live on another provider (OVH): then S3 has
/// its own, which this struct's `Debug` never shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AwsSettings {
    /// Custom S3 endpoint (moto, LocalStack, OVH); `None` means AWS.
    pub s3_endpoint: Option<String>,
    /// Custom SQS endpoint; `None` means AWS.
    pub sqs_endpoint: Option<String>,
    /// Region; `None` lets the SDK's default chain decide (`AWS_REGION`, profile…).
    pub region: Option<String>,
    /// Path-style addressing (`endpoint/bucket/key`), required by OVH and emulators.
    pub force_path_style: bool,
    /// The buckets' own region, where it differs from the functions' (OVH's `gra`, `sbg`…).
    pub s3_region: Option<String>,
    /// The buckets' own credentials: on Lambda, the default chain is the function's role, which
    /// another provider does not know.
    pub s3_credentials: Option<S3Credentials>,
}

/// An access key of the buckets' provider.
#[derive(Clone, PartialEq, Eq)]
pub struct S3Credentials {
    /// `ENVINORMA_S3_ACCESS_KEY_ID`.
    pub access_key_id: String,
    /// `ENVINORMA_S3_SECRET_ACCESS_KEY`.
    pub secret_access_key: String,
}

/// The key id only: the secret never reaches a log.
impl std::fmt::Debug for S3Credentials {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("S3Credentials")
            .field("access_key_id", &self.access_key_id)
            .finish_non_exhaustive()
    }
}

impl CloudConfig {
    /// Reads the configuration from the process environment.
    pub fn from_env() -> Result<Self, CloudError> {
        Self::from_lookup(|variable| std::env::var(variable).ok())
    }

    /// Reads the configuration from any source of variables:
    /// - buckets: see [`BucketNames::from_lookup`];
    /// - `ENVINORMA_S3_ENDPOINT`, else `AWS_ENDPOINT_URL`;
    /// - `ENVINORMA_SQS_ENDPOINT`, else `AWS_ENDPOINT_URL`;
    /// - `AWS_REGION`, else `AWS_DEFAULT_REGION`;
    /// - `ENVINORMA_S3_PATH_STYLE` (`true`/`false`), defaulting to true when an S3 endpoint is set,
    ///   because S3-compatible services and emulators rarely resolve virtual-hosted bucket names;
    /// - for buckets on another provider than the functions: `ENVINORMA_S3_REGION`, and
    ///   `ENVINORMA_S3_ACCESS_KEY_ID` with `ENVINORMA_S3_SECRET_ACCESS_KEY` (both or neither).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, CloudError> {
        let lookup = |variable: &str| lookup(variable).filter(|value| !value.trim().is_empty());
        let endpoint = |variable: &str| {
            lookup(variable)
                .map(|endpoint| check_endpoint(variable, endpoint))
                .transpose()
        };
        let shared_endpoint = endpoint("AWS_ENDPOINT_URL")?;
        let s3_endpoint = endpoint("ENVINORMA_S3_ENDPOINT")?.or_else(|| shared_endpoint.clone());
        let sqs_endpoint = endpoint("ENVINORMA_SQS_ENDPOINT")?.or(shared_endpoint);
        let force_path_style = match lookup("ENVINORMA_S3_PATH_STYLE") {
            Some(value) => parse_flag("ENVINORMA_S3_PATH_STYLE", &value)?,
            None => s3_endpoint.is_some(),
        };
        let s3_credentials = match (
            lookup("ENVINORMA_S3_ACCESS_KEY_ID"),
            lookup("ENVINORMA_S3_SECRET_ACCESS_KEY"),
        ) {
            (Some(access_key_id), Some(secret_access_key)) => Some(S3Credentials {
                access_key_id,
                secret_access_key,
            }),
            (None, None) => None,
            (id, _) => {
                let (set, missing) = if id.is_some() {
                    (
                        "ENVINORMA_S3_ACCESS_KEY_ID",
                        "ENVINORMA_S3_SECRET_ACCESS_KEY",
                    )
                } else {
                    (
                        "ENVINORMA_S3_SECRET_ACCESS_KEY",
                        "ENVINORMA_S3_ACCESS_KEY_ID",
                    )
                };
                return Err(CloudError::Config {
                    variable: missing.to_owned(),
                    reason: format!("{set} is set: the buckets' access key needs both"),
                });
            }
        };
        Ok(CloudConfig {
            buckets: BucketNames::from_lookup(lookup)?,
            aws: AwsSettings {
                s3_endpoint,
                sqs_endpoint,
                region: lookup("AWS_REGION").or_else(|| lookup("AWS_DEFAULT_REGION")),
                force_path_style,
                s3_region: lookup("ENVINORMA_S3_REGION"),
                s3_credentials,
            },
        })
    }
}

fn check_endpoint(variable: &str, endpoint: String) -> Result<String, CloudError> {
    if endpoint.starts_with("http://") || endpoint.starts_with("https://") {
        Ok(endpoint)
    } else {
        Err(CloudError::Config {
            variable: variable.to_owned(),
            reason: format!("endpoint {endpoint:?} must start with http:// or https://"),
        })
    }
}

fn parse_flag(variable: &str, value: &str) -> Result<bool, CloudError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        other => Err(CloudError::Config {
            variable: variable.to_owned(),
            reason: format!("{other:?} is not a boolean (true/false)"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Bucket;

    #[test]
    fn buckets_on_another_provider_have_their_own_region_and_key_never_logged() {
        let config = config(&[
            ("ENVINORMA_S3_ENDPOINT", "https://s3.gra.io.cloud.ovh.net"),
            ("ENVINORMA_S3_REGION", "gra"),
            ("ENVINORMA_S3_ACCESS_KEY_ID", "ovh-key"),
            ("ENVINORMA_S3_SECRET_ACCESS_KEY", "ovh-secret"),
            ("AWS_REGION", "eu-west-3"),
        ])
        .unwrap();
        assert_eq!(config.aws.s3_region.as_deref(), Some("gra"));
        assert_eq!(config.aws.region.as_deref(), Some("eu-west-3"));
        let credentials = config.aws.s3_credentials.as_ref().unwrap();
        assert_eq!(credentials.secret_access_key, "ovh-secret");
        let logged = format!("{config:?}");
        assert!(
            logged.contains("ovh-key") && !logged.contains("ovh-secret"),
            "{logged}"
        );
    }

    #[test]
    fn half_an_access_key_is_refused_naming_the_missing_half() {
        let error = config(&[("ENVINORMA_S3_ACCESS_KEY_ID", "ovh-key")]).unwrap_err();
        assert!(
            error.to_string().contains("ENVINORMA_S3_SECRET_ACCESS_KEY"),
            "{error}"
        );
        let error = config(&[("ENVINORMA_S3_SECRET_ACCESS_KEY", "s")]).unwrap_err();
        assert!(
            error.to_string().contains("ENVINORMA_S3_ACCESS_KEY_ID"),
            "{error}"
        );
        assert!(!error.to_string().contains("\"s\""), "{error}");
    }

    fn config(variables: &[(&str, &str)]) -> Result<CloudConfig, CloudError> {
        CloudConfig::from_lookup(|name| {
            variables
                .iter()
                .find(|(variable, _)| *variable == name)
                .map(|(_, value)| (*value).to_owned())
        })
    }

    #[test]
    fn without_variables_the_config_targets_aws_with_default_buckets() {
        let config = config(&[]).unwrap();
        assert_eq!(config.aws, AwsSettings::default());
        assert_eq!(config.buckets.real(Bucket::Inbox), "envinorma-inbox");
    }

    #[test]
    fn the_shared_endpoint_serves_both_services_and_implies_path_style() {
        let config = config(&[("AWS_ENDPOINT_URL", "http://127.0.0.1:4566")]).unwrap();
        assert_eq!(
            config.aws.s3_endpoint.as_deref(),
            Some("http://127.0.0.1:4566")
        );
        assert_eq!(
            config.aws.sqs_endpoint.as_deref(),
            Some("http://127.0.0.1:4566")
        );
        assert!(config.aws.force_path_style);
    }

    #[test]
    fn an_s3_endpoint_of_its_own_leaves_sqs_on_aws() {
        let config = config(&[
            ("ENVINORMA_S3_ENDPOINT", "https://s3.gra.io.cloud.ovh.net"),
            ("ENVINORMA_S3_PATH_STYLE", "false"),
            ("AWS_REGION", "gra"),
        ])
        .unwrap();
        assert_eq!(
            config.aws.s3_endpoint.as_deref(),
            Some("https://s3.gra.io.cloud.ovh.net")
        );
        assert_eq!(config.aws.sqs_endpoint, None);
        assert!(!config.aws.force_path_style);
        assert_eq!(config.aws.region.as_deref(), Some("gra"));
    }

    #[test]
    fn a_path_style_flag_that_is_not_a_boolean_is_rejected() {
        let error = config(&[("ENVINORMA_S3_PATH_STYLE", "maybe")]).unwrap_err();
        assert!(
            error.to_string().contains("ENVINORMA_S3_PATH_STYLE"),
            "{error}"
        );
    }

    #[test]
    fn an_endpoint_without_scheme_is_rejected() {
        let error = config(&[("ENVINORMA_S3_ENDPOINT", "127.0.0.1:4566")]).unwrap_err();
        assert!(error.to_string().contains("http://"), "{error}");
    }
}
