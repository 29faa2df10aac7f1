//! User metadata of an object, checked so that S3 and the local store keep exactly the same map.

use std::collections::BTreeMap;

use crate::CloudError;

/// User metadata of an object (`x-amz-meta-*` on S3): names are lowercase, values printable ASCII.
pub type Metadata = BTreeMap<String, String>;

/// Lowercases names (S3 returns them lowercased) and rejects what an HTTP header cannot carry
/// unchanged, so a round trip gives back the same map on every backend.
pub(crate) fn normalise(key: &str, metadata: &Metadata) -> Result<Metadata, CloudError> {
    let invalid = |name: &str, reason: &str| CloudError::InvalidMetadata {
        key: key.to_owned(),
        name: name.to_owned(),
        reason: reason.to_owned(),
    };
    let mut normalised = Metadata::new();
    for (name, value) in metadata {
        let name_ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
        if name.is_empty() || !name.chars().all(name_ok) {
            return Err(invalid(
                name,
                "names may only hold ASCII letters, digits, '-', '_' and '.'",
            ));
        }
        if !value.chars().all(|c| c == ' ' || c.is_ascii_graphic()) {
            return Err(invalid(name, "values must be printable ASCII"));
        }
        if value.trim() != value {
            return Err(invalid(
                name,
                "values cannot start or end with spaces (HTTP trims them)",
            ));
        }
        if normalised
            .insert(name.to_ascii_lowercase(), value.clone())
            .is_some()
        {
            return Err(invalid(name, "two names differ only by case"));
        }
    }
    Ok(normalised)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metadata(entries: &[(&str, &str)]) -> Metadata {
        entries
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect()
    }

    #[test]
    fn names_are_lowercased() {
        let normalised = normalise("k", &metadata(&[("Force", "true")])).unwrap();
        assert_eq!(normalised, metadata(&[("force", "true")]));
    }

    #[test]
    fn accented_values_are_rejected_with_the_key_and_name() {
        let error = normalise("inbox/a.csv", &metadata(&[("author", "Hélène")])).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("inbox/a.csv") && message.contains("author"),
            "{message}"
        );
    }

    #[test]
    fn names_with_spaces_are_rejected() {
        assert!(normalise("k", &metadata(&[("my name", "x")])).is_err());
    }

    #[test]
    fn names_differing_only_by_case_are_rejected() {
        assert!(normalise("k", &metadata(&[("force", "a"), ("Force", "b")])).is_err());
    }

    #[test]
    fn values_with_outer_spaces_are_rejected() {
        assert!(normalise("k", &metadata(&[("force", " true")])).is_err());
    }
}
