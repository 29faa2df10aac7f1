use super::payload::{MAX_HTML_DEPTH, MAX_JSON_DEPTH, MAX_PAYLOAD_BYTES};

/// Why an uploaded Légifrance payload cannot become an AM, in words the uploader can act on.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LegifranceError {
    /// The upload is larger than any real text.
    #[error(
        "the file is {size} bytes, more than the {MAX_PAYLOAD_BYTES} bytes a Légifrance text can be: \
         check that it is the JSON of one text"
    )]
    TooLarge { size: usize },
    /// Objects or lists nested beyond what a real text needs.
    #[error(
        "the JSON is nested more than {MAX_JSON_DEPTH} levels deep, deeper than any Légifrance text: \
         check that it is the JSON of one text"
    )]
    TooDeep,
    /// HTML nested beyond what a real text needs, which would make reading it very slow.
    #[error(
        "a piece of HTML in the text nests tags more than {MAX_HTML_DEPTH} deep, deeper than any \
         Légifrance text: check that the file is the text as Légifrance gives it"
    )]
    HtmlTooDeep,
    /// The bytes are not JSON at all.
    #[error(
        "the file is not JSON ({reason}): upload the JSON answer of Légifrance's `consult` API"
    )]
    NotJson { reason: String },
    /// JSON, but not shaped like a Légifrance text.
    #[error(
        "the JSON is not a Légifrance text ({reason}): it needs at least `title`, `articles` and \
         `sections`, as in the answer of Légifrance's `consult` API"
    )]
    NotALegifranceText { reason: String },
    /// Neither `cid` nor a versioned `id` names the text.
    #[error(
        "the text has no `cid` (nor an `id` such as JORFTEXT000000000000_01-01-2999) to name the AM"
    )]
    MissingCid,
    /// The title does not carry the date the AM's title must show.
    #[error(
        "the title {title:?} does not read \"Arrêté du <day> <month> <year> …\": its third to \
         fifth words must be a date that exists (\"1er mars 2010\", \"27 juillet 2015\"), followed \
         by the rest of the title"
    )]
    TitleWithoutDate { title: String },
}
