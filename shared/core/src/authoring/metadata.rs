//! What the back-office knows of an AM besides its text: the `am_metadata` document.

use crate::am::AmClassement;
use crate::date::Date;
use serde::{Deserialize, Deserializer, Serialize};

/// An AM's identity, status and classements, as the back-office stores them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AmMetadata {
    /// The Légifrance CID, also the AM's id.
    pub cid: String,
    /// The page number of the AM on AIDA.
    #[serde(deserialize_with = "text_or_number")]
    pub aida_page: String,
    /// The title as the editor entered it (the text's own title is the one published).
    pub title: String,
    /// The rubriques and régimes the AM applies to, in the order editors gave them.
    pub classements: Vec<AmClassement>,
    /// Whether the AM is published.
    pub state: AmState,
    /// Written `YYYY-MM-DD`; the older back-office wrote a Unix timestamp, still read.
    #[serde(deserialize_with = "date_or_timestamp")]
    pub date_of_signature: Date,
    /// Where its text was imported from.
    pub source: AmSource,
    /// The NOR number of the text, when known.
    #[serde(default)]
    pub nor: Option<String>,
    /// Why the AM was deleted (deletion only marks it).
    #[serde(default)]
    pub reason_deleted: Option<String>,
    /// True for AMs that apply whatever the classements (noise, for instance).
    #[serde(default)]
    pub is_transverse: bool,
    /// A short name for transverse AMs ("Bruit").
    #[serde(default)]
    pub nickname: Option<String>,
}

/// An AM's life in the back-office; only AMs in force are published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AmState {
    /// Being written: not published yet.
    EnCreation,
    /// In force: published.
    Vigueur,
    /// Repealed.
    Abroge,
    /// Deleted by an editor (see `reason_deleted`).
    Deleted,
}

/// Where an AM's text was imported from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum AmSource {
    /// The Légifrance API.
    Legifrance,
    /// The AIDA site (INERIS).
    Aida,
}

impl AmSource {
    /// Its name as pages show it.
    pub fn label(self) -> &'static str {
        match self {
            AmSource::Legifrance => "Légifrance",
            AmSource::Aida => "AIDA",
        }
    }
}

/// The original converted the page with `str()`, so a number is a page too.
fn text_or_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Page {
        Text(String),
        Number(u64),
    }
    Ok(match Page::deserialize(deserializer)? {
        Page::Text(text) => text,
        Page::Number(number) => number.to_string(),
    })
}

fn date_or_timestamp<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
    use serde::de::Error;
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Stored {
        Iso(String),
        Timestamp(i64),
    }
    const DAY: i64 = 86_400;
    match Stored::deserialize(deserializer)? {
        Stored::Iso(text) => Date::parse(&text).ok_or_else(|| {
            D::Error::custom(format!("date_of_signature {text:?}: expected YYYY-MM-DD"))
        }),
        // Timestamps were local midnights (Paris, or UTC on servers): rounding to the nearest
        // day reads both as the intended date.
        Stored::Timestamp(seconds) => {
            Date::from_days_since_epoch((seconds + DAY / 2).div_euclid(DAY))
                .ok_or_else(|| D::Error::custom(format!("date_of_signature {seconds}: not a date")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn metadata(date: serde_json::Value) -> serde_json::Value {
        json!({"cid": "JORFTEXT000000182387", "aida_page": "5703", "title": "Arrêté du 30/06/97",
            "classements": [{"rubrique": "2551", "regime": "D", "alinea": null, "state": "ACTIVE"}],
            "state": "VIGUEUR", "date_of_signature": date, "source": "AIDA", "nor": "ATEP9760297A",
            "reason_deleted": null, "is_transverse": false, "nickname": null})
    }

    #[test]
    fn a_legacy_timestamp_is_read_as_the_local_midnight_it_was() {
        let paris_midnight = 867_621_600; // 1997-06-30T00:00:00+02:00
        let from_timestamp: AmMetadata =
            serde_json::from_value(metadata(json!(paris_midnight))).unwrap();
        let from_iso: AmMetadata = serde_json::from_value(metadata(json!("1997-06-30"))).unwrap();
        assert_eq!(from_timestamp, from_iso);
    }

    #[test]
    fn metadata_is_written_back_as_read_with_an_iso_date() {
        let original = metadata(json!("1997-06-30"));
        let parsed: AmMetadata = serde_json::from_value(original.clone()).unwrap();
        assert_eq!(serde_json::to_value(&parsed).unwrap(), original);
    }

    #[test]
    fn an_unknown_state_is_refused() {
        let mut bad = metadata(json!("1997-06-30"));
        bad["state"] = json!("EN_VIGUEUR");
        assert!(serde_json::from_value::<AmMetadata>(bad).is_err());
    }
}
