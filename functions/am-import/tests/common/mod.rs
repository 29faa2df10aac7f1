//! What the archive, handler and import tests build their archives from.

use std::io::Write;

/// A zip of these (name, content) entries, deflated as the back-office publishes them; a name
/// ending in `/` is a folder.
pub fn zip_of(entries: &[(impl AsRef<str>, impl AsRef<[u8]>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in entries {
        if let Some(folder) = name.as_ref().strip_suffix('/') {
            zip.add_directory(folder, options).unwrap();
        } else {
            zip.start_file(name.as_ref(), options).unwrap();
            zip.write_all(content.as_ref()).unwrap();
        }
    }
    zip.finish().unwrap().into_inner()
}
