//! The zip container of an OpenDocument file.

use crate::OdfError;
use crate::styles;
use std::io::{Cursor, Write};
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

/// The kind of document, as named by its `mimetype` entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Spreadsheet,
}

impl Kind {
    /// The media type of the file, for its `mimetype` entry and HTTP's `Content-Type`.
    pub fn media_type(self) -> &'static str {
        match self {
            Kind::Text => "application/vnd.oasis.opendocument.text",
            Kind::Spreadsheet => "application/vnd.oasis.opendocument.spreadsheet",
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Kind::Text => "odt",
            Kind::Spreadsheet => "ods",
        }
    }
}

/// A document's file: `content.xml` holds `automatic_styles` and `body` (in the body element of
/// its kind), beside our styles and its metadata (`title`).
pub fn document(
    kind: Kind,
    automatic_styles: &str,
    body: &str,
    title: &str,
) -> Result<Vec<u8>, OdfError> {
    let element = match kind {
        Kind::Text => "office:text",
        Kind::Spreadsheet => "office:spreadsheet",
    };
    let content = format!(
        "{}{automatic_styles}</office:automatic-styles><office:body><{element}>{body}</{element}>\
         </office:body></office:document-content>\n",
        styles::content_start()
    );
    write(
        kind,
        &content,
        &styles::styles_xml(),
        &styles::meta_xml(title),
    )
}

/// Zips a document's parts. `mimetype` comes first and stored (uncompressed, no extra field)
/// because readers identify the format from those fixed first bytes of the file.
fn write(kind: Kind, content: &str, styles: &str, meta: &str) -> Result<Vec<u8>, OdfError> {
    let parts = [
        ("content.xml", content),
        ("styles.xml", styles),
        ("meta.xml", meta),
    ];
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file(
        "mimetype",
        SimpleFileOptions::default().compression_method(CompressionMethod::Stored),
    )?;
    zip.write_all(kind.media_type().as_bytes())?;
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    zip.start_file("META-INF/manifest.xml", deflated)?;
    zip.write_all(manifest(kind, parts.map(|(name, _)| name)).as_bytes())?;
    for (name, xml) in parts {
        zip.start_file(name, deflated)?;
        zip.write_all(xml.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

fn manifest(kind: Kind, parts: [&str; 3]) -> String {
    let mut xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="{}"/>
"#,
        kind.media_type()
    );
    for part in parts {
        xml.push_str(&format!(
            " <manifest:file-entry manifest:full-path=\"{part}\" manifest:media-type=\"text/xml\"/>\n"
        ));
    }
    xml.push_str("</manifest:manifest>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn package() -> Vec<u8> {
        write(Kind::Text, "<c/>", "<s/>", "<m/>").unwrap()
    }

    #[test]
    fn the_file_starts_with_the_stored_mimetype_entry_without_extra_field() {
        let bytes = package();
        let u16_at = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]);
        assert_eq!(&bytes[..4], b"PK\x03\x04");
        assert_eq!(u16_at(8), 0, "compression method: stored");
        assert_eq!(u16_at(26), 8, "name length");
        assert_eq!(u16_at(28), 0, "extra field length");
        assert_eq!(&bytes[30..38], b"mimetype");
        let media_type = b"application/vnd.oasis.opendocument.text";
        assert_eq!(&bytes[38..38 + media_type.len()], media_type);
    }

    #[test]
    fn the_manifest_lists_every_entry_with_its_media_type() {
        let mut zip = zip::ZipArchive::new(Cursor::new(package())).unwrap();
        let names: Vec<String> = (0..zip.len())
            .map(|i| zip.by_index(i).unwrap().name().unwrap().to_string())
            .collect();
        let parts = ["content.xml", "styles.xml", "meta.xml"];
        assert_eq!(
            names,
            [&["mimetype", "META-INF/manifest.xml"][..], &parts].concat()
        );
        let mut manifest = String::new();
        zip.by_name("META-INF/manifest.xml")
            .unwrap()
            .read_to_string(&mut manifest)
            .unwrap();
        for part in parts {
            assert!(manifest.contains(&format!(
                "full-path=\"{part}\" manifest:media-type=\"text/xml\""
            )));
        }
        assert!(manifest.contains(
            "full-path=\"/\" manifest:version=\"1.3\" \
             manifest:media-type=\"application/vnd.oasis.opendocument.text\""
        ));
    }
}
