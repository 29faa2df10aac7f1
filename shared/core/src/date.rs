//! Calendar dates as the original handles them (`String#to_date` on ISO or French input).

use std::fmt;

/// A calendar date (proleptic Gregorian); ordering is chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// Builds a date, `None` when the day does not exist.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        (1..=12).contains(&month).then_some(())?;
        (day >= 1 && day <= days_in_month(year, month)).then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD` or `DD/MM/YYYY` (the two forms found in data and forms).
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        let numbers = |sep: char| -> Option<Vec<i32>> {
            text.split(sep)
                .map(|part| {
                    (!part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
                        .then(|| part.parse().ok())
                        .flatten()
                })
                .collect()
        };
        let to_date =
            |y: i32, m: i32, d: i32| Date::new(y, u8::try_from(m).ok()?, u8::try_from(d).ok()?);
        if let Some([y, m, d]) = numbers('-').as_deref() {
            return to_date(*y, *m, *d);
        }
        match numbers('/').as_deref() {
            Some([d, m, y]) => to_date(*y, *m, *d),
            _ => None,
        }
    }

    /// The day `days` days after 1970-01-01 (before it when negative).
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        // Civil-from-days over 400-year eras of 146,097 days, counted from 0000-03-01 so that
        // leap days end the year.
        let shifted = days.checked_add(719_468)?;
        let era = shifted.div_euclid(146_097);
        let day_of_era = shifted.rem_euclid(146_097);
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let month_index = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * month_index + 2) / 5 + 1;
        let month = if month_index < 10 {
            month_index + 3
        } else {
            month_index - 9
        };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Date::new(
            i32::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// `DD/MM/YYYY`, as in every French warning.
    pub fn french(&self) -> String {
        format!("{:02}/{:02}/{:04}", self.day, self.month, self.year)
    }

    /// `DD/MM/YY`, as in AM labels ("AM - 09/04/19").
    pub fn french_short(&self) -> String {
        format!(
            "{:02}/{:02}/{:02}",
            self.day,
            self.month,
            self.year.rem_euclid(100)
        )
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    /// 1 to 12.
    pub fn month(&self) -> u8 {
        self.month
    }

    /// 1 to 31.
    pub fn day(&self) -> u8 {
        self.day
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// ISO form `YYYY-MM-DD`.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Date::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("invalid date {text:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_iso_and_french_forms_to_the_same_day() {
        assert_eq!(Date::parse("2019-04-09"), Date::parse("09/04/2019"));
        assert_eq!(Date::parse("2019-04-09").unwrap().french(), "09/04/2019");
    }

    #[test]
    fn rejects_days_that_do_not_exist() {
        assert_eq!(Date::parse("2021-02-29"), None);
        assert!(Date::parse("2020-02-29").is_some());
        assert_eq!(Date::parse("2020-13-01"), None);
        assert_eq!(Date::parse("20-01"), None);
        assert_eq!(Date::parse(""), None);
    }

    #[test]
    fn counts_days_from_the_epoch_across_leap_years_and_centuries() {
        let day = |days| Date::from_days_since_epoch(days).map(|d| d.to_string());
        assert_eq!(day(0).as_deref(), Some("1970-01-01"));
        assert_eq!(day(-1).as_deref(), Some("1969-12-31"));
        assert_eq!(day(11_016).as_deref(), Some("2000-02-29"));
        assert_eq!(day(19_782).as_deref(), Some("2024-02-29"));
        assert_eq!(day(10_043).as_deref(), Some("1997-07-01"));
    }

    #[test]
    fn orders_chronologically() {
        assert!(Date::parse("1999-12-31") < Date::parse("2000-01-01"));
    }
}
