//! The selected arrêtés carried in URLs: `am_ids[]=<CID>&ap_ids[]=<georisques id>`, from the
//! installation page to the AM/AP page and back.
//!
//! `am_ids[]=empty` says "an explicit, empty selection": returning to the installation page
//! then ticks nothing, where a URL without these parameters ticks the defaults.

/// The `am_ids[]` parameter name.
pub const AM_IDS: &str = "am_ids[]";
/// The `ap_ids[]` parameter name.
pub const AP_IDS: &str = "ap_ids[]";
/// The value standing for an empty list.
pub const EMPTY: &str = "empty";

/// A URL is not a place for thousands of ids: the rest is ignored.
const MAX_IDS: usize = 200;

/// The AMs (CIDs) and APs (georisques ids) selected, in URL order, without repeats.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub am_ids: Vec<String>,
    pub ap_ids: Vec<String>,
}

impl Selection {
    /// The selection of a query string, `None` when it names no `am_ids[]` nor `ap_ids[]`
    /// (then the page's defaults apply).
    pub fn from_query(query: &str) -> Option<Selection> {
        let mut selection = Selection::default();
        let mut present = false;
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            let list = match key.as_ref() {
                AM_IDS => &mut selection.am_ids,
                AP_IDS => &mut selection.ap_ids,
                _ => continue,
            };
            present = true;
            let value = value.trim();
            if value != EMPTY
                && !value.is_empty()
                && list.len() < MAX_IDS
                && !list.iter().any(|id| id == value)
            {
                list.push(value.to_string());
            }
        }
        present.then_some(selection)
    }

    /// The query string (without `?`): AM ids then AP ids; an empty list is written
    /// `<name>=empty`, and an empty selection `am_ids[]=empty`.
    pub fn to_query(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut push_list = |name: &str, ids: &[String], always: bool| {
            if ids.is_empty() {
                if always {
                    parts.push(format!("{name}={EMPTY}"));
                }
            } else {
                parts.extend(
                    ids.iter()
                        .map(|id| format!("{name}={}", urlencoding::encode(id))),
                );
            }
        };
        let nothing = self.am_ids.is_empty() && self.ap_ids.is_empty();
        push_list(AM_IDS, &self.am_ids, true);
        push_list(AP_IDS, &self.ap_ids, !nothing);
        parts.join("&")
    }

    /// Whether the AM `cid` is selected.
    pub fn has_am(&self, cid: &str) -> bool {
        self.am_ids.iter().any(|id| id == cid)
    }

    /// Whether the AP `georisques_id` is selected.
    pub fn has_ap(&self, georisques_id: &str) -> bool {
        self.ap_ids.iter().any(|id| id == georisques_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selection(ams: &[&str], aps: &[&str]) -> Selection {
        Selection {
            am_ids: ams.iter().map(|s| s.to_string()).collect(),
            ap_ids: aps.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn am_ids_come_first_then_ap_ids_in_order() {
        let query = selection(&["JORFTEXT2", "JORFTEXT1"], &["A/1/ab"]).to_query();
        assert_eq!(
            query,
            "am_ids[]=JORFTEXT2&am_ids[]=JORFTEXT1&ap_ids[]=A%2F1%2Fab"
        );
    }

    #[test]
    fn empty_lists_are_written_empty() {
        assert_eq!(selection(&[], &[]).to_query(), "am_ids[]=empty");
        assert_eq!(
            selection(&[], &["A/1/ab"]).to_query(),
            "am_ids[]=empty&ap_ids[]=A%2F1%2Fab"
        );
        assert_eq!(
            selection(&["X"], &[]).to_query(),
            "am_ids[]=X&ap_ids[]=empty"
        );
    }

    #[test]
    fn a_query_reads_back_to_its_selection() {
        for original in [
            selection(&["JORFTEXT2", "JORFTEXT1"], &["A/1/ab", "B/c/cd"]),
            selection(&[], &[]),
            selection(&["X"], &[]),
        ] {
            assert_eq!(Selection::from_query(&original.to_query()), Some(original));
        }
    }

    #[test]
    fn a_query_without_ids_keeps_the_defaults() {
        assert_eq!(Selection::from_query(""), None);
        assert_eq!(Selection::from_query("q=foo"), None);
        let encoded = Selection::from_query("am_ids%5B%5D=X&am_ids%5B%5D=X");
        assert_eq!(encoded, Some(selection(&["X"], &[])));
    }
}
