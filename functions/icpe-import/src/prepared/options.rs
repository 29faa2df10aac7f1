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

/// The variable naming the dataset the S3 triggers import.
pub const DATASET_VAR: &str = "ICPE_DATASET";

/// A dataset name no prepared file can carry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{DATASET_VAR}={0:?}: expected a lower-case name such as all, idf or sample")]
pub struct InvalidDataset(pub String);

impl ImportOptions {
    /// Reads the process environment.
    pub fn from_env() -> Result<ImportOptions, InvalidDataset> {
        ImportOptions::from_lookup(|name| std::env::var(name).ok())
    }

    /// From `ICPE_DATASET` read through `lookup` (default `all`; blank counts as unset).
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<ImportOptions, InvalidDataset> {
        let options = ImportOptions::default();
        match lookup(DATASET_VAR).filter(|value| !value.trim().is_empty()) {
            Some(dataset) => options.for_dataset(dataset.trim()),
            None => Ok(options),
        }
    }

    /// The same settings for another dataset (`idf`, `sample_rspec`…).
    pub fn for_dataset(mut self, dataset: &str) -> Result<ImportOptions, InvalidDataset> {
        if FileKind::from_file_name(&FileKind::Aps.file_name(dataset)).is_none() {
            return Err(InvalidDataset(dataset.into()));
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
    fn the_triggers_dataset_is_read_from_icpe_dataset() {
        let with = |value: &str| {
            let value = value.to_string();
            ImportOptions::from_lookup(move |name| (name == DATASET_VAR).then(|| value.clone()))
        };
        assert_eq!(with("idf").unwrap().dataset, "idf");
        assert_eq!(with(" ").unwrap().dataset, "all");
        assert_eq!(ImportOptions::from_lookup(|_| None).unwrap().dataset, "all");
        assert_eq!(
            with("IDF").unwrap_err().to_string(),
            "ICPE_DATASET=\"IDF\": expected a lower-case name such as all, idf or sample"
        );
    }

    #[test]
    fn datasets_are_lower_case_names() {
        assert_eq!(ImportOptions::default().dataset, "all");
        assert!(ImportOptions::default().for_dataset("sample_rspec").is_ok());
        assert!(ImportOptions::default().for_dataset("IDF").is_err());
        assert!(ImportOptions::default().for_dataset("").is_err());
    }
}
