//! Logical bucket names and their mapping to real bucket names.

use std::fmt;
use std::str::FromStr;

use crate::CloudError;

/// A bucket as the code knows it; the real name comes from [`BucketNames`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Bucket {
    /// Raw S3IC extracts dropped by editors.
    Inbox,
    /// Prepared CSVs, import reports and other data-task outputs.
    Misc,
    /// Published AM archives.
    Am,
    /// Prefectoral orders (AP) as searchable PDFs and OCR error reports.
    Ap,
}

impl Bucket {
    /// Every logical bucket, in a stable order.
    pub const ALL: [Bucket; 4] = [Bucket::Inbox, Bucket::Misc, Bucket::Am, Bucket::Ap];

    /// The logical name: `inbox`, `misc`, `am`, `ap`.
    pub fn name(self) -> &'static str {
        match self {
            Bucket::Inbox => "inbox",
            Bucket::Misc => "misc",
            Bucket::Am => "am",
            Bucket::Ap => "ap",
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    fn env_variable(self) -> String {
        format!("ENVINORMA_BUCKET_{}", self.name().to_ascii_uppercase())
    }
}

impl fmt::Display for Bucket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Bucket {
    type Err = CloudError;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Bucket::ALL
            .into_iter()
            .find(|bucket| bucket.name() == name)
            .ok_or_else(|| CloudError::UnknownBucket {
                name: name.to_owned(),
            })
    }
}

/// Real bucket name of each logical bucket, parsed once from the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BucketNames {
    names: [String; 4],
}

impl BucketNames {
    /// Prefix used when neither `ENVINORMA_BUCKET_<NAME>` nor `ENVINORMA_BUCKET_PREFIX` is set.
    pub const DEFAULT_PREFIX: &'static str = "envinorma-";

    /// `<prefix><logical name>` for every bucket; tests use a unique prefix to run in parallel.
    pub fn with_prefix(prefix: &str) -> Result<Self, CloudError> {
        Self::from_lookup(|variable| {
            (variable == "ENVINORMA_BUCKET_PREFIX").then(|| prefix.to_owned())
        })
    }

    /// Reads `ENVINORMA_BUCKET_<NAME>` (e.g. `ENVINORMA_BUCKET_MISC`), falling back to
    /// `ENVINORMA_BUCKET_PREFIX` + logical name, the prefix defaulting to `envinorma-`.
    pub fn from_env() -> Result<Self, CloudError> {
        Self::from_lookup(|variable| std::env::var(variable).ok())
    }

    /// Same as [`BucketNames::from_env`] with any source of variables (tests, config files).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, CloudError> {
        let prefix =
            lookup("ENVINORMA_BUCKET_PREFIX").unwrap_or_else(|| Self::DEFAULT_PREFIX.to_owned());
        let name_of = |bucket: Bucket| {
            let variable = bucket.env_variable();
            let name = lookup(&variable).unwrap_or_else(|| format!("{prefix}{}", bucket.name()));
            check_bucket_name(&name).map_err(|reason| CloudError::Config { variable, reason })?;
            Ok(name)
        };
        let [inbox, misc, am, ap] = Bucket::ALL;
        let names = [name_of(inbox)?, name_of(misc)?, name_of(am)?, name_of(ap)?];
        for (index, name) in names.iter().enumerate() {
            if names[..index].contains(name) {
                return Err(CloudError::Config {
                    variable: Bucket::ALL[index].env_variable(),
                    reason: format!("bucket {name:?} is already used by another logical bucket"),
                });
            }
        }
        Ok(BucketNames { names })
    }

    /// The real name of a logical bucket.
    pub fn real(&self, bucket: Bucket) -> &str {
        &self.names[bucket.index()]
    }

    /// The logical bucket behind a real name, as found in S3 events.
    pub fn logical(&self, real: &str) -> Result<Bucket, CloudError> {
        Bucket::ALL
            .into_iter()
            .find(|bucket| self.real(*bucket) == real)
            .ok_or_else(|| CloudError::UnknownBucket {
                name: real.to_owned(),
            })
    }
}

/// The S3 naming rules that matter in practice: a bad name fails at start-up, not at the first put.
fn check_bucket_name(name: &str) -> Result<(), String> {
    if !(3..=63).contains(&name.len()) {
        return Err(format!("bucket name {name:?} must have 3 to 63 characters"));
    }
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.';
    if !name.chars().all(allowed) {
        return Err(format!(
            "bucket name {name:?} may only hold lowercase letters, digits, '-' and '.'"
        ));
    }
    let edge_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if !edge_ok(name.chars().next()) || !edge_ok(name.chars().last()) {
        return Err(format!(
            "bucket name {name:?} must start and end with a letter or a digit"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_default_to_the_envinorma_prefix() {
        let names = BucketNames::from_lookup(|_| None).unwrap();
        assert_eq!(names.real(Bucket::Misc), "envinorma-misc");
        assert_eq!(names.real(Bucket::Ap), "envinorma-ap");
    }

    #[test]
    fn a_bucket_variable_overrides_the_prefix() {
        let names = BucketNames::from_lookup(|variable| match variable {
            "ENVINORMA_BUCKET_PREFIX" => Some("staging-".to_owned()),
            "ENVINORMA_BUCKET_MISC" => Some("my-misc".to_owned()),
            _ => None,
        })
        .unwrap();
        assert_eq!(names.real(Bucket::Misc), "my-misc");
        assert_eq!(names.real(Bucket::Inbox), "staging-inbox");
    }

    #[test]
    fn a_real_name_maps_back_to_its_logical_bucket() {
        let names = BucketNames::with_prefix("test-").unwrap();
        assert_eq!(names.logical("test-am").unwrap(), Bucket::Am);
        assert!(matches!(
            names.logical("other-am"),
            Err(CloudError::UnknownBucket { .. })
        ));
    }

    #[test]
    fn an_invalid_bucket_name_names_its_variable() {
        let error = BucketNames::from_lookup(|variable| {
            (variable == "ENVINORMA_BUCKET_AM").then(|| "Bad_Name".to_owned())
        })
        .unwrap_err();
        assert!(error.to_string().contains("ENVINORMA_BUCKET_AM"), "{error}");
    }

    #[test]
    fn two_logical_buckets_cannot_share_a_real_bucket() {
        let error = BucketNames::from_lookup(|variable| match variable {
            "ENVINORMA_BUCKET_AM" | "ENVINORMA_BUCKET_AP" => Some("shared-bucket".to_owned()),
            _ => None,
        })
        .unwrap_err();
        assert!(error.to_string().contains("ENVINORMA_BUCKET_AP"), "{error}");
    }

    #[test]
    fn logical_names_parse_back_into_buckets() {
        for bucket in Bucket::ALL {
            assert_eq!(bucket.name().parse::<Bucket>().unwrap(), bucket);
        }
        assert!("archive".parse::<Bucket>().is_err());
    }
}
