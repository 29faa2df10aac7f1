//! The AM title's date written the way every stored AM writes it: "Arrêté du 27 juillet 2015
//! relatif…" becomes "Arrêté du 27/07/15 relatif…", so that the short title and the date of
//! signature can be read back from it.

use crate::date::Date;

const FRENCH_MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// The title with its third to fifth words ("27 juillet 2015", "1er mars 2010") replaced by
/// `DD/MM/YY`; `None` when the title has five words or fewer or when they are not a real date.
pub fn standardize_title_date(title: &str) -> Option<String> {
    let words: Vec<&str> = title.split_whitespace().collect();
    let [first, second, day, month, year, rest @ ..] = words.as_slice() else {
        return None;
    };
    if rest.is_empty() {
        return None;
    }
    let date = french_date(day, month, year)?;
    let date = date.french_short();
    Some(
        [*first, *second, date.as_str()]
            .into_iter()
            .chain(rest.iter().copied())
            .collect::<Vec<_>>()
            .join(" "),
    )
}

fn french_date(day: &str, month: &str, year: &str) -> Option<Date> {
    let day = if day == "1er" { "1" } else { day };
    let number = |text: &str| {
        (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse::<i32>().ok())
            .flatten()
    };
    let month = FRENCH_MONTHS.iter().position(|name| *name == month)? + 1;
    Date::new(
        number(year)?,
        u8::try_from(month).ok()?,
        u8::try_from(number(day)?).ok()?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spelled_out_date_becomes_day_month_and_two_digit_year() {
        assert_eq!(
            standardize_title_date("Arrêté du 27 juillet 2015 relatif aux installations")
                .as_deref(),
            Some("Arrêté du 27/07/15 relatif aux installations")
        );
    }

    #[test]
    fn the_first_of_the_month_may_be_written_1er() {
        assert_eq!(
            standardize_title_date("Arrêté du 1er mars 2010 fixant les règles").as_deref(),
            Some("Arrêté du 01/03/10 fixant les règles")
        );
    }

    #[test]
    fn a_day_that_does_not_exist_or_a_short_title_is_refused() {
        assert_eq!(
            standardize_title_date("Arrêté du 31 septembre 2015 relatif"),
            None
        );
        assert_eq!(standardize_title_date("Arrêté du 3 juillet 2015"), None);
        assert_eq!(
            standardize_title_date("Arrêté du 3 juliet 2015 relatif"),
            None
        );
        assert_eq!(standardize_title_date("Faux arrêté"), None);
    }
}
