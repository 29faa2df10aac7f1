//! How an import runs: which dataset feeds the database, and whether to force it.

use envinorma_core::icpe_csv::{FileKind, Problems};

/// Settings of an import.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportOptions {
    /// The dataset the S3 triggers import (`$ICPE_DATASET`, default `all`); the others the
    /// transform writes are outputs for people. Files named by a caller (the CLI, the tests) are
    /// imported whatever their dataset: naming them says which.
    pub dataset: String,
    /// Import even when more than `max_deleted_share` of the public installations would go.
    pub force: bool,
    /// Share of the current public installations an import may delete unless forced.
    pub max_deleted_share: f64,
    /// How many problems a report lists (all are counted).
    pub problem_limit: usize,
}

impl Default for ImportOptions {
    fn default() -> ImportOptions {
        ImportOptions {
            dataset: "all".into(),
            force: false,
            max_deleted_share: 0.20,
            problem_limit: Problems::DEFAULT_LIMIT,
        }
    }
}

impl ImportOptions {
    /// From `ICPE_DATASET` (default `all`).
    pub fn from_env() -> Result<ImportOptions, String> {
        let mut options = ImportOptions::default();
        if let Ok(dataset) = std::env::var("ICPE_DATASET") {
            options = options.for_dataset(&dataset)?;
        }
        Ok(options)
    }

    /// The same settings for another dataset (`idf`, `sample_rspec`…).
    pub fn for_dataset(mut self, dataset: &str) -> Result<ImportOptions, String> {
        if FileKind::from_file_name(&FileKind::Aps.file_name(dataset)).is_none() {
            return Err(format!(
                "ICPE_DATASET={dataset:?}: expected a lower-case name such as all, idf or sample"
            ));
        }
        self.dataset = dataset.into();
        Ok(self)
    }

    /// The same settings, with the deletion guard overridden.
    pub fn forced(mut self) -> ImportOptions {
        self.force = true;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datasets_are_lower_case_names() {
        assert_eq!(ImportOptions::default().dataset, "all");
        assert!(ImportOptions::default().for_dataset("sample_rspec").is_ok());
        assert!(ImportOptions::default().for_dataset("IDF").is_err());
        assert!(ImportOptions::default().for_dataset("").is_err());
    }
}
