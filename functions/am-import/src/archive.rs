//! Reading the published archive.

use std::io::{Cursor, Read};

/// The archive itself cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("{archive}: not a readable zip archive ({source})")]
pub struct ArchiveError {
    pub archive: String,
    #[source]
    pub source: zip::result::ZipError,
}

/// The `.json` files of a zip archive as (name, content), folders in names dropped.
pub fn files_from_zip(archive: &str, bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, ArchiveError> {
    let error = |source| ArchiveError {
        archive: archive.to_string(),
        source,
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(error)?;
    let mut files = Vec::with_capacity(zip.len());
    for index in 0..zip.len() {
        let mut file = zip.by_index(index).map_err(error)?;
        let full_name = file.name().map_err(error)?.into_owned();
        let name = full_name.rsplit('/').next().unwrap_or_default().to_string();
        if file.is_dir() || !name.ends_with(".json") {
            continue;
        }
        let mut content = Vec::with_capacity(usize::try_from(file.size()).unwrap_or(0));
        file.read_to_end(&mut content)
            .map_err(|e| error(e.into()))?;
        files.push((name, content));
    }
    Ok(files)
}
