//! The icpe-import function: raw S3IC extracts → prepared CSVs; prepared CSVs → database.
