//! The core [`Date`] as a PostgreSQL `date`, in the binary protocol (days since 2000-01-01).

use bytes::{BufMut, BytesMut};
use envinorma_core::Date;
use postgres_types::{FromSql, IsNull, ToSql, Type, accepts, to_sql_checked};
use std::error::Error;

/// A [`Date`] that PostgreSQL reads and writes as `date`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PgDate(pub Date);

/// Days from 1970-01-01 to 2000-01-01, PostgreSQL's date epoch.
const PG_EPOCH_DAYS: i64 = 10_957;

impl PgDate {
    /// Wraps an optional date (the common case of nullable columns).
    pub fn option(date: Option<Date>) -> Option<PgDate> {
        date.map(PgDate)
    }

    fn days(self) -> Result<i32, Box<dyn Error + Sync + Send>> {
        let date = self.0;
        let (year, month, day) = (
            i64::from(date.year()),
            i64::from(date.month()),
            i64::from(date.day()),
        );
        Ok(i32::try_from(
            days_from_civil(year, month, day) - PG_EPOCH_DAYS,
        )?)
    }
}

/// Today in France (what dates the inspectors' documents), as the database's clock says.
pub async fn today_in_france(client: &impl crate::Client) -> Result<Date, crate::DbError> {
    let row = client
        .query_one("SELECT (now() AT TIME ZONE 'Europe/Paris')::date", &[])
        .await?;
    Ok(row.get::<_, PgDate>(0).0)
}

/// Days since 1970-01-01 of a proleptic Gregorian day (H. Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The day `days` after 1970-01-01 (H. Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

impl ToSql for PgDate {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, Box<dyn Error + Sync + Send>> {
        out.put_i32(self.days()?);
        Ok(IsNull::No)
    }

    accepts!(DATE);
    to_sql_checked!();
}

impl<'a> FromSql<'a> for PgDate {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<PgDate, Box<dyn Error + Sync + Send>> {
        let days = i32::from_be_bytes(raw.try_into()?);
        if days == i32::MAX || days == i32::MIN {
            return Err("infinite dates have no calendar day".into());
        }
        let (year, month, day) = civil_from_days(i64::from(days) + PG_EPOCH_DAYS);
        let date = Date::new(
            i32::try_from(year)?,
            u8::try_from(month)?,
            u8::try_from(day)?,
        )
        .ok_or("not a calendar day")?;
        Ok(PgDate(date))
    }

    accepts!(DATE);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_epoch_and_known_days_have_their_day_numbers() {
        let days = |text: &str| PgDate(Date::parse(text).unwrap()).days().unwrap();
        assert_eq!(days("2000-01-01"), 0);
        assert_eq!(days("2000-03-01"), 60);
        assert_eq!(days("1970-01-01"), -10_957);
        assert_eq!(days("2021-03-18"), 7747);
    }

    #[test]
    fn every_day_of_four_centuries_round_trips() {
        for days in -150_000..150_000 {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn odd_years_of_real_data_round_trip() {
        for text in ["0019-12-09", "1814-11-23", "2020-02-29"] {
            let date = Date::parse(text).unwrap();
            let days = PgDate(date).days().unwrap();
            let (y, m, d) = civil_from_days(i64::from(days) + PG_EPOCH_DAYS);
            assert_eq!(format!("{y:04}-{m:02}-{d:02}"), text);
        }
    }
}
