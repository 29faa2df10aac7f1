//! Listing the files of a bucket directory whose keys start with a prefix.

use std::io;
use std::path::Path;

/// Keys (relative paths joined by `/`) of every file under `bucket_dir` starting with `prefix`,
/// sorted by UTF-8 bytes as S3 sorts them. Starts at the deepest folder the prefix names, so
/// listing `ap/2024/` does not read the whole bucket.
pub(crate) fn walk(bucket_dir: &Path, prefix: &str) -> io::Result<Vec<String>> {
    let folder = prefix.rfind('/').map_or("", |end| &prefix[..end]);
    let start = if folder.is_empty() {
        bucket_dir.to_path_buf()
    } else {
        bucket_dir.join(folder)
    };
    let mut keys = Vec::new();
    let mut pending = vec![(start, folder.to_owned())];
    while let Some((dir, key_prefix)) = pending.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            // A missing folder is an empty listing, as for S3 prefixes.
            Err(error)
                if matches!(
                    error.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) =>
            {
                continue;
            }
            Err(error) => return Err(error),
        };
        for entry in entries {
            let entry = entry?;
            // Names that are not UTF-8 cannot be keys: skip them.
            let Ok(name) = entry.file_name().into_string() else {
                continue;
            };
            let key = if key_prefix.is_empty() {
                name
            } else {
                format!("{key_prefix}/{name}")
            };
            let file_type = entry.file_type()?;
            if file_type.is_dir() {
                if key.starts_with(prefix) || prefix.starts_with(&format!("{key}/")) {
                    pending.push((entry.path(), key));
                }
            } else if file_type.is_file() && key.starts_with(prefix) {
                keys.push(key);
            }
        }
    }
    keys.sort();
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_under_the_prefix_are_listed_in_byte_order() {
        let dir = tempfile::tempdir().unwrap();
        for path in [
            "ams/b.zip",
            "ams/a.zip",
            "amsterdam.txt",
            "other/ams.txt",
            "é.txt",
        ] {
            let file = dir.path().join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, "x").unwrap();
        }
        assert_eq!(
            walk(dir.path(), "ams").unwrap(),
            ["ams/a.zip", "ams/b.zip", "amsterdam.txt"]
        );
        assert_eq!(
            walk(dir.path(), "ams/").unwrap(),
            ["ams/a.zip", "ams/b.zip"]
        );
        assert_eq!(walk(dir.path(), "ams/b").unwrap(), ["ams/b.zip"]);
        assert_eq!(walk(dir.path(), "").unwrap().len(), 5);
        assert_eq!(walk(dir.path(), "").unwrap().last().unwrap(), "é.txt");
    }

    #[test]
    fn a_missing_bucket_lists_nothing() {
        let dir = tempfile::tempdir().unwrap();
        assert!(walk(&dir.path().join("nothing"), "").unwrap().is_empty());
    }
}
