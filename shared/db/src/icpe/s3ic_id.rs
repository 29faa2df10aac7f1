//! The core [`S3icId`] as the `text` PostgreSQL stores (`dddd.ddddd`), so that ids cross the
//! database boundary typed: written without an intermediate `String`, read back parsed once.

use bytes::BytesMut;
use envinorma_core::icpe_csv::S3icId;
use postgres_types::{FromSql, IsNull, ToSql, Type, accepts, to_sql_checked};
use std::error::Error;
use std::fmt::Write as _;

/// An [`S3icId`] that PostgreSQL reads and writes as `text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PgS3icId(pub S3icId);

impl ToSql for PgS3icId {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, Box<dyn Error + Sync + Send>> {
        // `text` travels as its UTF-8 bytes in the binary protocol.
        write!(out, "{}", self.0)?;
        Ok(IsNull::No)
    }

    accepts!(TEXT, VARCHAR);
    to_sql_checked!();
}

impl<'a> FromSql<'a> for PgS3icId {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<PgS3icId, Box<dyn Error + Sync + Send>> {
        let text = <&str as FromSql>::from_sql(ty, raw)?;
        S3icId::parse(text)
            .map(PgS3icId)
            .ok_or_else(|| format!("{text:?} is not an S3IC id (dddd.ddddd)").into())
    }

    accepts!(TEXT, VARCHAR);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_written_as_its_text_and_read_back() {
        let id = S3icId::parse("0065.00005").unwrap();
        let mut out = BytesMut::new();
        PgS3icId(id).to_sql(&Type::TEXT, &mut out).unwrap();
        assert_eq!(&out[..], b"0065.00005");
        assert_eq!(PgS3icId::from_sql(&Type::TEXT, &out).unwrap(), PgS3icId(id));
    }

    #[test]
    fn a_text_that_is_no_id_is_an_error_naming_it() {
        let error = PgS3icId::from_sql(&Type::TEXT, b"65.5").unwrap_err();
        assert_eq!(error.to_string(), "\"65.5\" is not an S3IC id (dddd.ddddd)");
    }
}
