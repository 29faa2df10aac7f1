//! The Légifrance API's `consult` answer, read only as far as the import needs, and only once
//! its size and nesting are known to be sane (it comes from an upload).

use super::LegifranceError;
use super::html::tag_depth;
use serde::Deserialize;

/// The largest accepted upload; the biggest real AM payloads weigh a few hundred kilobytes.
pub const MAX_PAYLOAD_BYTES: usize = 20 * 1024 * 1024;

/// The deepest accepted nesting of JSON objects and lists: real texts nest sections three or four
/// deep (two JSON levels each), and staying well under serde_json's own limit of 128 lets the
/// refusal say what is wrong.
pub const MAX_JSON_DEPTH: usize = 64;

/// The deepest accepted nesting of HTML tags in any piece of the text; real texts nest a handful.
pub const MAX_HTML_DEPTH: usize = 256;

/// The state of an article or section that is in force; every other one is dropped.
const IN_FORCE: &str = "VIGUEUR";

#[derive(Debug, Deserialize)]
pub(super) struct Payload {
    #[serde(default)]
    cid: Option<String>,
    #[serde(default)]
    id: Option<String>,
    pub title: String,
    #[serde(default)]
    pub visa: Option<String>,
    pub articles: Vec<Article>,
    pub sections: Vec<LegifranceSection>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Article {
    #[serde(default)]
    pub num: Option<String>,
    #[serde(default)]
    pub etat: Option<String>,
    #[serde(rename = "intOrdre")]
    pub int_ordre: i64,
    #[serde(default)]
    pub content: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct LegifranceSection {
    pub title: String,
    #[serde(rename = "intOrdre")]
    pub int_ordre: i64,
    #[serde(default)]
    pub etat: Option<String>,
    #[serde(default)]
    pub articles: Vec<Article>,
    #[serde(default)]
    pub sections: Vec<LegifranceSection>,
}

impl Payload {
    /// Reads an upload, refusing it before parsing when it is too big or too deeply nested.
    pub fn parse(bytes: &[u8]) -> Result<Payload, LegifranceError> {
        if bytes.len() > MAX_PAYLOAD_BYTES {
            return Err(LegifranceError::TooLarge { size: bytes.len() });
        }
        if json_depth(bytes) > MAX_JSON_DEPTH {
            return Err(LegifranceError::TooDeep);
        }
        let payload: Payload = serde_json::from_slice(bytes).map_err(|e| {
            let reason = e.to_string();
            if e.is_data() {
                LegifranceError::NotALegifranceText { reason }
            } else {
                LegifranceError::NotJson { reason }
            }
        })?;
        payload.check_html_depth()?;
        Ok(payload)
    }

    fn check_html_depth(&self) -> Result<(), LegifranceError> {
        let mut pieces = vec![
            self.title.as_str(),
            self.visa.as_deref().unwrap_or_default(),
        ];
        let mut levels: Vec<(&[Article], &[LegifranceSection])> =
            vec![(&self.articles, &self.sections)];
        while let Some((articles, sections)) = levels.pop() {
            pieces.extend(articles.iter().map(Article::html));
            for section in sections {
                pieces.push(&section.title);
                levels.push((&section.articles, &section.sections));
            }
        }
        match pieces
            .into_iter()
            .find(|html| tag_depth(html) > MAX_HTML_DEPTH)
        {
            Some(_) => Err(LegifranceError::HtmlTooDeep),
            None => Ok(()),
        }
    }

    /// The text's CID; Légifrance's `id` is the CID with a version date appended
    /// (`JORFTEXT000034429274_01-01-2999`), which names the text when `cid` is missing.
    pub fn cid(&self) -> Option<&str> {
        let from_id = || self.id.as_deref()?.split('_').next();
        self.cid
            .as_deref()
            .or_else(from_id)
            .filter(|cid| !cid.trim().is_empty())
    }

    /// The text without anything that is no longer in force, at any depth.
    pub fn in_force(self) -> Payload {
        Payload {
            articles: in_force_articles(self.articles),
            sections: in_force_sections(self.sections),
            ..self
        }
    }
}

impl Article {
    /// The article's HTML, empty when Légifrance gives none.
    pub fn html(&self) -> &str {
        self.content.as_deref().unwrap_or_default()
    }
}

fn in_force_articles(articles: Vec<Article>) -> Vec<Article> {
    articles
        .into_iter()
        .filter(|article| article.etat.as_deref() == Some(IN_FORCE))
        .collect()
}

fn in_force_sections(sections: Vec<LegifranceSection>) -> Vec<LegifranceSection> {
    sections
        .into_iter()
        .filter(|section| section.etat.as_deref() == Some(IN_FORCE))
        .map(|section| LegifranceSection {
            articles: in_force_articles(section.articles),
            sections: in_force_sections(section.sections),
            ..section
        })
        .collect()
}

/// The deepest nesting of objects and lists, brackets inside strings ignored; malformed JSON
/// gets some number and is left to the parser to refuse.
fn json_depth(bytes: &[u8]) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for &byte in bytes {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(etat: &str) -> Article {
        Article {
            num: None,
            etat: Some(etat.to_string()),
            int_ordre: 0,
            content: None,
        }
    }

    #[test]
    fn depth_counts_objects_and_lists_but_not_brackets_in_strings() {
        assert_eq!(json_depth(br#"{"a": [1, {"b": "[[[{{"}]}"#), 3);
        assert_eq!(json_depth(br#"["\"[", []]"#), 2);
        assert_eq!(json_depth(b"12"), 0);
    }

    #[test]
    fn articles_and_sections_not_in_force_are_dropped_at_every_depth() {
        let payload = Payload {
            cid: Some("JORFTEXT000000000001".into()),
            id: None,
            title: String::new(),
            visa: None,
            articles: vec![article("VIGUEUR"), article("ABROGE")],
            sections: vec![
                LegifranceSection {
                    title: "kept".into(),
                    int_ordre: 1,
                    etat: Some("VIGUEUR".into()),
                    articles: vec![article("MODIFIE"), article("VIGUEUR")],
                    sections: vec![LegifranceSection {
                        title: "abrogated".into(),
                        int_ordre: 0,
                        etat: Some("ABROGE".into()),
                        articles: vec![article("VIGUEUR")],
                        sections: vec![],
                    }],
                },
                LegifranceSection {
                    title: "without a state".into(),
                    int_ordre: 2,
                    etat: None,
                    articles: vec![],
                    sections: vec![],
                },
            ],
        }
        .in_force();
        assert_eq!(payload.articles.len(), 1);
        assert_eq!(payload.sections.len(), 1);
        assert_eq!(payload.sections[0].articles.len(), 1);
        assert!(payload.sections[0].sections.is_empty());
    }

    #[test]
    fn the_cid_falls_back_to_the_versioned_id() {
        let payload: Payload = serde_json::from_str(
            r#"{"id": "JORFTEXT000000764048_01-01-2999", "title": "t", "articles": [], "sections": []}"#,
        )
        .unwrap();
        assert_eq!(payload.cid(), Some("JORFTEXT000000764048"));
    }
}
