//! What an AM must satisfy to be published to the web app (the original's `AM.from_hash` checks).

use super::{AIDA_URL, ArreteMinisteriel, LEGIFRANCE_URL};
use crate::date::Date;

/// Every problem of an AM that the web app would refuse, as sentences naming the field.
pub fn validate_am(am: &ArreteMinisteriel) -> Vec<String> {
    let mut problems = Vec::new();
    if !is_cid(&am.id) {
        problems.push(format!(
            "id {:?}: expected JORFTEXT or LEGITEXT followed by 12 digits",
            am.id
        ));
    }
    if am.title.text.chars().count() < 10 {
        problems.push(format!(
            "title {:?}: expected at least 10 characters",
            am.title.text
        ));
    }
    match am.aida_url.as_deref() {
        Some(url) if is_aida_url(url) => {}
        other => problems.push(format!(
            "aida_url {other:?}: expected {AIDA_URL}<number of 3 digits or more>"
        )),
    }
    match am.legifrance_url.as_deref() {
        Some(url) if url.starts_with(LEGIFRANCE_URL) => {}
        other => problems.push(format!(
            "legifrance_url {other:?}: expected {LEGIFRANCE_URL}…"
        )),
    }
    match am.signature_date() {
        None => problems.push(format!(
            "date_of_signature {:?}: expected a date YYYY-MM-DD",
            am.date_of_signature
        )),
        Some(signed) => {
            if let Some(in_title) = title_date(&am.title.text)
                && in_title != signed.french_short()
            {
                problems.push(format!(
                    "date_of_signature {signed}: the title says {in_title} (\"Arrêté du DD/MM/YY relatif…\")"
                ));
            }
        }
    }
    problems
}

/// `JORFTEXT` or `LEGITEXT` followed by 12 digits.
pub fn is_cid(id: &str) -> bool {
    let digits = id
        .strip_prefix("JORFTEXT")
        .or_else(|| id.strip_prefix("LEGITEXT"));
    digits.is_some_and(|d| d.len() == 12 && d.bytes().all(|b| b.is_ascii_digit()))
}

fn is_aida_url(url: &str) -> bool {
    url.strip_prefix(AIDA_URL)
        .is_some_and(|page| page.len() >= 3 && page.bytes().all(|b| b.is_ascii_digit()))
}

/// The `DD/MM/YY` date of a title "Arrêté du 23/07/97 relatif…" (the last word before
/// "relatif" or "fixant"), when the title has one.
fn title_date(title: &str) -> Option<&str> {
    let head = title.split("relatif").next()?.split("fixant").next()?;
    let word = head.split_whitespace().last()?;
    let bytes = word.as_bytes();
    let shaped = bytes.len() == 8
        && bytes.iter().enumerate().all(|(i, b)| {
            if i == 2 || i == 5 {
                *b == b'/'
            } else {
                b.is_ascii_digit()
            }
        });
    (shaped && Date::parse(&format!("{}/{}/20{}", &word[..2], &word[3..5], &word[6..])).is_some())
        .then_some(word)
}

/// The date of signature a title gives ("Arrêté du 23/07/97 relatif…" → 1997-07-23), its
/// two-digit year read as Python's `%y` reads it (69 to 99 in the 1900s, the rest in the
/// 2000s), as the original back-office did.
pub fn title_signature_date(title: &str) -> Option<Date> {
    let word = title_date(title)?;
    let year: i32 = word[6..].parse().ok()?;
    let century = if year >= 69 { 1900 } else { 2000 };
    Date::new(
        century + year,
        word[3..5].parse().ok()?,
        word[..2].parse().ok()?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn am(title: &str, signed: &str) -> ArreteMinisteriel {
        serde_json::from_value(serde_json::json!({
            "id": "JORFTEXT000000568479", "title": {"text": title}, "date_of_signature": signed,
            "aida_url": "https://aida.ineris.fr/consultation_document/35346",
            "legifrance_url": "https://www.legifrance.gouv.fr/loda/id/JORFTEXT000000568479",
        }))
        .unwrap()
    }

    #[test]
    fn a_titles_two_digit_year_is_read_as_python_reads_it() {
        let date = |title| title_signature_date(title).map(|d| d.to_string());
        assert_eq!(
            date("Arrêté du 19/10/93 relatif à").as_deref(),
            Some("1993-10-19")
        );
        assert_eq!(
            date("Arrêté du 01/02/21 fixant").as_deref(),
            Some("2021-02-01")
        );
        assert_eq!(date("Arrêté du 19/10/1993 relatif à"), None);
        assert_eq!(date("Arrêté du 10/19/93 relatif à"), None);
        assert_eq!(date(""), None);
    }

    #[test]
    fn a_well_formed_am_has_no_problem() {
        assert!(
            validate_am(&am(
                "Arrêté du 23/07/97 relatif aux stockages",
                "1997-07-23"
            ))
            .is_empty()
        );
    }

    #[test]
    fn a_signature_date_that_contradicts_the_title_is_a_problem() {
        let problems = validate_am(&am(
            "Arrêté du 23/07/97 relatif aux stockages",
            "1997-07-24",
        ));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("date_of_signature 1997-07-24"));
    }

    #[test]
    fn bad_ids_urls_and_short_titles_are_each_reported() {
        let mut bad = am("Arrêté", "1997-07-23");
        bad.id = "JORFTEXT0001".into();
        bad.aida_url = Some("http://aida.ineris.fr/consultation_document/12".into());
        bad.legifrance_url = None;
        let problems = validate_am(&bad);
        let fields: Vec<&str> = problems
            .iter()
            .map(|p| p.split(' ').next().unwrap())
            .collect();
        assert_eq!(fields, ["id", "title", "aida_url", "legifrance_url"]);
    }
}
