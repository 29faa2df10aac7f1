//! Our own small S3 notification type, parsed from Lambda S3 events and from SQS message bodies.

use std::time::SystemTime;

use aws_lambda_events::s3::S3Event;
use aws_sdk_s3::primitives::{DateTime, DateTimeFormat};
use serde::Deserialize;
use serde_json::json;

use crate::{Bucket, BucketNames, CloudError};

/// One change of one object, with the bucket already mapped back to its logical name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectEvent {
    /// Logical bucket of the object.
    pub bucket: Bucket,
    /// Decoded key (events carry it form-encoded).
    pub key: String,
    /// Size in bytes (0 for removals, which carry none).
    pub size: u64,
    /// Etag without quotes, when the event carries one.
    pub etag: Option<String>,
    /// S3 event name without the `s3:` prefix, e.g. `ObjectCreated:Put`.
    pub event_name: String,
}

impl ObjectEvent {
    /// Event name of a put, the only event the local store emits.
    pub const CREATED_PUT: &'static str = "ObjectCreated:Put";

    /// True for every `ObjectCreated:*` event (put, copy, multipart upload).
    pub fn is_created(&self) -> bool {
        self.event_name.starts_with("ObjectCreated:")
    }

    /// The events of an S3 trigger, as Lambda hands it over.
    pub fn from_s3_event(event: &S3Event, names: &BucketNames) -> Result<Vec<Self>, CloudError> {
        event
            .records
            .iter()
            .map(|record| {
                let object = &record.s3.object;
                Self::from_parts(
                    names,
                    record.event_name.as_deref(),
                    record.s3.bucket.name.as_deref(),
                    object.key.as_deref(),
                    object.size,
                    object.e_tag.as_deref(),
                )
            })
            .collect()
    }

    /// The events of an S3 notification delivered through SQS. The `s3:TestEvent` S3 sends when
    /// a notification is configured gives no event. Parsed leniently because emulators (moto)
    /// omit fields AWS sends, such as `userIdentity`.
    pub fn from_sqs_body(body: &str, names: &BucketNames) -> Result<Vec<Self>, CloudError> {
        let notification: SqsNotification =
            serde_json::from_str(body).map_err(|error| CloudError::InvalidEvent {
                reason: format!("SQS body is not an S3 notification: {error}"),
            })?;
        if notification.event.as_deref() == Some("s3:TestEvent") {
            return Ok(Vec::new());
        }
        let records = notification
            .records
            .ok_or_else(|| CloudError::InvalidEvent {
                reason: "SQS body has no Records".to_owned(),
            })?;
        records
            .iter()
            .map(|record| {
                let object = &record.s3.object;
                Self::from_parts(
                    names,
                    record.event_name.as_deref(),
                    Some(&record.s3.bucket.name),
                    Some(&object.key),
                    object.size,
                    object.e_tag.as_deref(),
                )
            })
            .collect()
    }

    /// The S3 event AWS would hand a Lambda function for this change, so the local runner
    /// feeds handlers exactly what they get in the cloud.
    pub fn to_s3_event(&self, names: &BucketNames) -> Result<S3Event, CloudError> {
        let bucket = names.real(self.bucket);
        let now = DateTime::from(SystemTime::now())
            .fmt(DateTimeFormat::DateTime)
            .map_err(|error| CloudError::InvalidEvent {
                reason: format!("cannot format the event time: {error}"),
            })?;
        let record = json!({
            "eventVersion": "2.1",
            "eventSource": "aws:s3",
            "awsRegion": "local",
            "eventTime": now,
            "eventName": self.event_name,
            "userIdentity": { "principalId": "local" },
            "requestParameters": { "sourceIPAddress": "127.0.0.1" },
            "responseElements": {},
            "s3": {
                "s3SchemaVersion": "1.0",
                "configurationId": "local",
                "bucket": {
                    "name": bucket,
                    "ownerIdentity": { "principalId": "local" },
                    "arn": format!("arn:aws:s3:::{bucket}"),
                },
                "object": {
                    "key": encode_key(&self.key),
                    "size": self.size,
                    "eTag": self.etag,
                },
            },
        });
        serde_json::from_value(json!({ "Records": [record] })).map_err(|error| {
            CloudError::InvalidEvent {
                reason: format!("cannot build an S3 event: {error}"),
            }
        })
    }

    fn from_parts(
        names: &BucketNames,
        event_name: Option<&str>,
        bucket: Option<&str>,
        key: Option<&str>,
        size: Option<i64>,
        etag: Option<&str>,
    ) -> Result<Self, CloudError> {
        let missing = |field: &str| CloudError::InvalidEvent {
            reason: format!("record without {field}"),
        };
        let event_name = event_name.ok_or_else(|| missing("eventName"))?;
        Ok(ObjectEvent {
            bucket: names.logical(bucket.ok_or_else(|| missing("s3.bucket.name"))?)?,
            key: decode_key(key.ok_or_else(|| missing("s3.object.key"))?)?,
            size: size.map_or(0, |size| size.max(0).unsigned_abs()),
            etag: etag.map(crate::object::unquote_etag),
            event_name: event_name
                .strip_prefix("s3:")
                .unwrap_or(event_name)
                .to_owned(),
        })
    }
}

/// Keys in S3 events are form-encoded: `+` is a space, everything else percent-encoded.
fn decode_key(raw: &str) -> Result<String, CloudError> {
    urlencoding::decode(&raw.replace('+', " "))
        .map(|key| key.into_owned())
        .map_err(|error| CloudError::InvalidEvent {
            reason: format!("key {raw:?} is not valid percent-encoded UTF-8: {error}"),
        })
}

/// The inverse of [`decode_key`], keeping `/` readable as AWS does.
fn encode_key(key: &str) -> String {
    key.split('/')
        .map(|segment| urlencoding::encode(segment).replace("%20", "+"))
        .collect::<Vec<_>>()
        .join("/")
}

#[derive(Deserialize)]
struct SqsNotification {
    #[serde(rename = "Event")]
    event: Option<String>,
    #[serde(rename = "Records")]
    records: Option<Vec<SqsRecord>>,
}

#[derive(Deserialize)]
struct SqsRecord {
    #[serde(rename = "eventName")]
    event_name: Option<String>,
    s3: SqsEntity,
}

#[derive(Deserialize)]
struct SqsEntity {
    bucket: SqsBucket,
    object: SqsObject,
}

#[derive(Deserialize)]
struct SqsBucket {
    name: String,
}

#[derive(Deserialize)]
struct SqsObject {
    key: String,
    size: Option<i64>,
    #[serde(rename = "eTag")]
    e_tag: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> BucketNames {
        BucketNames::with_prefix("envinorma-").unwrap()
    }

    fn fixture(name: &str) -> String {
        let path = envinorma_test_support::repo_path("shared/cloud/tests/fixtures").join(name);
        std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
    }

    #[test]
    fn a_lambda_s3_event_gives_the_logical_bucket_and_the_decoded_key() {
        let event: S3Event = serde_json::from_str(&fixture("s3-put-event.json")).unwrap();
        let events = ObjectEvent::from_s3_event(&event, &names()).unwrap();
        assert_eq!(
            events,
            vec![ObjectEvent {
                bucket: Bucket::Inbox,
                key: "extraits/s3ic liste établissements.csv".to_owned(),
                size: 1024,
                etag: Some("d41d8cd98f00b204e9800998ecf8427e".to_owned()),
                event_name: "ObjectCreated:Put".to_owned(),
            }]
        );
    }

    #[test]
    fn an_sqs_body_from_moto_parses_although_it_lacks_aws_fields() {
        let events = ObjectEvent::from_sqs_body(&fixture("sqs-body-moto.json"), &names()).unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].bucket, Bucket::Misc);
        assert_eq!(events[0].key, "prepared/installations_all+1.csv");
        assert!(events[0].is_created());
    }

    #[test]
    fn the_s3_test_event_gives_no_event() {
        let events =
            ObjectEvent::from_sqs_body(&fixture("sqs-body-test-event.json"), &names()).unwrap();
        assert!(events.is_empty());
    }

    #[test]
    fn a_body_that_is_not_a_notification_is_an_invalid_event() {
        let error = ObjectEvent::from_sqs_body("{\"georisques_id\": \"P/1\"}", &names());
        assert!(matches!(error, Err(CloudError::InvalidEvent { .. })));
    }

    #[test]
    fn an_event_from_a_foreign_bucket_is_rejected() {
        let body = fixture("sqs-body-moto.json").replace("envinorma-misc", "someone-else");
        let error = ObjectEvent::from_sqs_body(&body, &names()).unwrap_err();
        assert!(matches!(error, CloudError::UnknownBucket { name } if name == "someone-else"));
    }

    #[test]
    fn an_event_converted_to_an_s3_event_parses_back_unchanged() {
        let event = ObjectEvent {
            bucket: Bucket::Ap,
            key: "dossier à part/AP 2024+1 100%.pdf".to_owned(),
            size: 42,
            etag: Some("abc".to_owned()),
            event_name: ObjectEvent::CREATED_PUT.to_owned(),
        };
        let s3_event = event.to_s3_event(&names()).unwrap();
        assert_eq!(
            s3_event.records[0].s3.bucket.name.as_deref(),
            Some("envinorma-ap")
        );
        assert_eq!(
            ObjectEvent::from_s3_event(&s3_event, &names()).unwrap(),
            vec![event]
        );
    }

    #[test]
    fn a_percent_encoded_plus_stays_a_plus() {
        assert_eq!(decode_key("a%2Bb+c").unwrap(), "a+b c");
    }
}
