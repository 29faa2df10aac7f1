//! Every URL of the app in one place: the patterns the router matches (axum's syntax) and,
//! built from them, the URLs that pages, scripts' data and redirections write.

use crate::ap_search::ApSearch;
use crate::selection::Selection;
use std::borrow::Borrow;

/// The home page: the installation search.
pub const HOME: &str = "/";
/// `GET`: the home page too (the original's address); `POST`: a new installation.
pub const INSTALLATIONS: &str = "/installations";
pub const NEW_INSTALLATION: &str = "/installations/new";
/// The search as you type of the home page (JSON).
pub const INSTALLATION_SEARCH: &str = "/installations/search";
/// `GET`: the installation page; `PATCH`/`PUT`: its name or classements; `DELETE`.
pub const INSTALLATION: &str = "/installations/{id}";
pub const EDIT_NAME: &str = "/installations/{id}/edit_name";
pub const EDIT_CLASSEMENTS: &str = "/installations/{id}/edit";
pub const NEW_CLASSEMENT: &str = "/installations/{id}/classements/new";
/// `POST`: adds a classement.
pub const CLASSEMENTS: &str = "/installations/{id}/classements";
/// The AM/AP reading page.
pub const ARRETES: &str = "/installations/{id}/arretes";
/// `POST`: the fiche d'inspection (ODT) of the visitor's prescriptions.
pub const FICHE_INSPECTION: &str = "/installations/{id}/arretes/fiche_inspection";
/// `POST`: the GUN sheet (ODS) of the visitor's prescriptions.
pub const FICHE_GUN: &str = "/installations/{id}/arretes/fiche_gun";
/// `GET`: the recap of the visitor's prescriptions ("Recueil de prescriptions"); `DELETE`: all
/// of them.
pub const PRESCRIPTIONS: &str = "/installations/{id}/prescriptions";
/// Where the alinéa checkboxes of a section of the AM/AP page are sent.
pub const PRESCRIPTIONS_FROM_AM: &str = "/installations/{id}/prescriptions/from_am";
/// Where a prescription typed from an AP is sent.
pub const PRESCRIPTIONS_FROM_AP: &str = "/installations/{id}/prescriptions/from_ap";
/// `POST`: how the recap groups the prescriptions.
pub const PRESCRIPTIONS_GROUPING: &str = "/installations/{id}/prescriptions/grouping";
/// `PATCH`: a prescription's status and comment; `DELETE`: the prescription.
pub const PRESCRIPTION: &str = "/installations/{id}/prescriptions/{prescription_id}";
/// "Mes installations".
pub const MY_INSTALLATIONS: &str = "/user";
/// The nomenclature search of the classement forms (JSON).
pub const REFERENCE_SEARCH: &str = "/classement_references/search";
/// An AP's PDF: `/aps/<georisques id>.pdf` (the id holds slashes).
pub const AP_PDF: &str = "/aps/{*file}";
/// The search in the text of every public installation's APs.
pub const AP_SEARCH: &str = "/aps/recherche";
/// The search in the text of one installation's APs.
pub const INSTALLATION_AP_SEARCH: &str = "/installations/{id}/aps/recherche";
/// The pages without data: `about`, `faq`.
pub const PAGE: &str = "/pages/{page}";
/// An embedded asset, under the hash of them all (cached forever).
pub const STATIC_FILE: &str = "/static/{hash}/{*path}";

/// Ids are taken by value or by reference: templates pass their arguments by reference.
fn with_id(pattern: &str, id: impl Borrow<i64>) -> String {
    pattern.replace("{id}", &id.borrow().to_string())
}

/// The installation page.
pub fn installation(id: impl Borrow<i64>) -> String {
    with_id(INSTALLATION, id)
}

/// The installation page, keeping a selection of arrêtés.
pub fn installation_with(id: i64, selection: &Selection) -> String {
    format!("{}?{}", installation(id), selection.to_query())
}

/// Where a public installation is copied for the visitor (`POST`).
pub fn copy(id: impl Borrow<i64>) -> String {
    format!("{INSTALLATIONS}?id={}", id.borrow())
}

pub fn edit_name(id: impl Borrow<i64>) -> String {
    with_id(EDIT_NAME, id)
}

pub fn edit_classements(id: impl Borrow<i64>) -> String {
    with_id(EDIT_CLASSEMENTS, id)
}

pub fn new_classement(id: impl Borrow<i64>) -> String {
    with_id(NEW_CLASSEMENT, id)
}

pub fn classements(id: impl Borrow<i64>) -> String {
    with_id(CLASSEMENTS, id)
}

/// The AM/AP page without parameters (the installation page's scripts add them).
pub fn arretes(id: impl Borrow<i64>) -> String {
    with_id(ARRETES, id)
}

/// The AM/AP page of a selection.
pub fn arretes_with(id: i64, selection: &Selection) -> String {
    format!("{}?{}", arretes(id), selection.to_query())
}

pub fn prescriptions_from_am(id: impl Borrow<i64>) -> String {
    with_id(PRESCRIPTIONS_FROM_AM, id)
}

pub fn prescriptions_from_ap(id: impl Borrow<i64>) -> String {
    with_id(PRESCRIPTIONS_FROM_AP, id)
}

pub fn prescriptions(id: impl Borrow<i64>) -> String {
    with_id(PRESCRIPTIONS, id)
}

/// The recap page, keeping the selection of arrêtés its "Retour" link goes back to.
pub fn prescriptions_with(id: i64, selection: &Selection) -> String {
    format!("{}?{}", prescriptions(id), selection.to_query())
}

pub fn prescriptions_grouping(id: impl Borrow<i64>) -> String {
    with_id(PRESCRIPTIONS_GROUPING, id)
}

pub fn prescription(id: impl Borrow<i64>, prescription_id: impl Borrow<i64>) -> String {
    with_id(PRESCRIPTION, id).replace("{prescription_id}", &prescription_id.borrow().to_string())
}

pub fn fiche_inspection(id: impl Borrow<i64>) -> String {
    with_id(FICHE_INSPECTION, id)
}

pub fn fiche_gun(id: impl Borrow<i64>) -> String {
    with_id(FICHE_GUN, id)
}

/// Our URL of an AP's PDF.
pub fn ap_pdf(georisques_id: &str) -> String {
    AP_PDF.replace("{*file}", &format!("{georisques_id}.pdf"))
}

/// Our URL of an AP's PDF, opened at a page (PDF viewers read `#page=`).
pub fn ap_pdf_page(georisques_id: &str, page: i32) -> String {
    format!("{}#page={page}", ap_pdf(georisques_id))
}

pub fn installation_ap_search(id: impl Borrow<i64>) -> String {
    with_id(INSTALLATION_AP_SEARCH, id)
}

/// Page `page` of the results of a search at `path` ([`AP_SEARCH`] or an installation's).
pub fn ap_search_with(path: &str, search: &ApSearch, page: i64) -> String {
    format!("{path}?{}", search.to_query(page))
}

/// A page without data (`about`, `faq`).
pub fn page(name: &str) -> String {
    PAGE.replace("{page}", name)
}

/// An embedded asset's URL (`dsfr/dsfr.min.css`) under the assets' `hash`.
pub fn static_file(hash: &str, path: &str) -> String {
    STATIC_FILE.replace("{hash}", hash).replace("{*path}", path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_fill_the_patterns_the_router_matches() {
        assert_eq!(installation(7), "/installations/7");
        assert_eq!(edit_name(7), "/installations/7/edit_name");
        assert_eq!(edit_classements(7), "/installations/7/edit");
        assert_eq!(new_classement(7), "/installations/7/classements/new");
        assert_eq!(classements(7), "/installations/7/classements");
        assert_eq!(arretes(7), "/installations/7/arretes");
        assert_eq!(
            prescriptions_from_am(7),
            "/installations/7/prescriptions/from_am"
        );
        assert_eq!(
            prescriptions_from_ap(7),
            "/installations/7/prescriptions/from_ap"
        );
        assert_eq!(prescriptions(7), "/installations/7/prescriptions");
        assert_eq!(
            prescriptions_grouping(7),
            "/installations/7/prescriptions/grouping"
        );
        assert_eq!(prescription(7, 12), "/installations/7/prescriptions/12");
        assert_eq!(
            fiche_inspection(7),
            "/installations/7/arretes/fiche_inspection"
        );
        assert_eq!(fiche_gun(7), "/installations/7/arretes/fiche_gun");
        assert_eq!(copy(7), "/installations?id=7");
        assert_eq!(ap_pdf("P/c/b6"), "/aps/P/c/b6.pdf");
        assert_eq!(ap_pdf_page("P/c/b6", 3), "/aps/P/c/b6.pdf#page=3");
        assert_eq!(installation_ap_search(7), "/installations/7/aps/recherche");
        assert_eq!(page("faq"), "/pages/faq");
        assert_eq!(static_file("ab12", "js/app.js"), "/static/ab12/js/app.js");
    }

    #[test]
    fn a_selection_is_kept_in_the_query() {
        let selection = Selection {
            am_ids: vec!["JORFTEXT1".into()],
            ap_ids: vec![],
        };
        assert_eq!(
            installation_with(7, &selection),
            "/installations/7?am_ids[]=JORFTEXT1&ap_ids[]=empty"
        );
        assert_eq!(
            arretes_with(7, &selection),
            "/installations/7/arretes?am_ids[]=JORFTEXT1&ap_ids[]=empty"
        );
    }
}
