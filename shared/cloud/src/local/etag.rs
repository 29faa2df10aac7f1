//! Etags of local objects: a content hash, so an unchanged re-upload keeps its etag as on S3.

/// FNV-1a, 64 bits: no dependency, stable across Rust versions (unlike `DefaultHasher`), and
/// enough to tell two versions of a local file apart.
pub(crate) fn etag(content: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in content {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_contents_have_equal_etags_and_different_ones_differ() {
        assert_eq!(etag(b"installations"), etag(b"installations"));
        assert_ne!(etag(b"installations"), etag(b"classements"));
        assert_eq!(etag(b""), "cbf29ce484222325");
    }
}
