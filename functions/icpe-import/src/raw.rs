//! First trigger: the raw S3IC extracts in `inbox/s3ic/` become the prepared CSVs in `misc`.

use envinorma_core::s3ic::{CLASSEMENTS_EXTRACT, INSTALLATIONS_EXTRACT, S3icError, S3icSummary};
use serde::Serialize;

/// The folder of the inbox bucket editors drop the extracts into.
pub const RAW_FOLDER: &str = "s3ic";

/// Object metadata naming the transform run that wrote a prepared file (`x-amz-meta-transform-run`):
/// the files of one run are imported together, never with those of another.
pub const RUN_METADATA: &str = "transform-run";

/// What one run of the transform did.
#[derive(Debug, Clone, Serialize)]
pub struct RawReport {
    /// The two extracts, as bucket keys.
    pub inputs: Vec<String>,
    pub started_at: String,
    pub duration_ms: u64,
    /// Prepared files written to `misc`.
    pub written: Vec<String>,
    /// Counts per rule of the transform.
    pub summary: Option<S3icSummary>,
    /// Derived datasets below their expected size: written all the same.
    pub warnings: Vec<String>,
    /// Why nothing was written.
    pub error: Option<S3icError>,
}

impl RawReport {
    /// True when the prepared files were written.
    pub fn succeeded(&self) -> bool {
        self.error.is_none()
    }

    /// One line for the logs.
    pub fn summary_line(&self) -> String {
        match (&self.error, &self.summary) {
            (Some(error), _) => format!("icpe-import s3ic: REJECTED, nothing written: {error}"),
            (None, Some(summary)) => format!(
                "icpe-import s3ic: {} installations and {} classements kept, {} files written to misc, {} warning(s), in {} ms",
                summary.installations.kept,
                summary.classements.kept,
                self.written.len(),
                self.warnings.len(),
                self.duration_ms
            ),
            (None, None) => "icpe-import s3ic: nothing done".into(),
        }
    }
}

/// The keys of both extracts in the inbox bucket.
pub fn extract_keys() -> [String; 2] {
    [
        format!("{RAW_FOLDER}/{INSTALLATIONS_EXTRACT}"),
        format!("{RAW_FOLDER}/{CLASSEMENTS_EXTRACT}"),
    ]
}
