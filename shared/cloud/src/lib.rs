//! Storage and queue ports, with cloud (S3, SQS) and local adapters.
