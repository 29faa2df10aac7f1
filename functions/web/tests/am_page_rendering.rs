//! The AM/AP page on hand-made and real AMs: escaping, links, tables, sidebar, topics,
//! prescription checkboxes and APs.
mod common;

use askama::Template;
use common::{first, ids, selector, text, texts};
use envinorma_core::icpe_csv::OcrStatus;
use envinorma_core::{ArreteMinisteriel, PersonalisedAm, personalise};
use envinorma_db::aps::StoredAp;
use envinorma_web::selection::Selection;
use envinorma_web::views::{AmReading, ArretesInput, ArretesPage, Layout};
use scraper::Html;
use serde_json::{Value, json};
use std::collections::HashSet;

struct Page<'a> {
    ams: Vec<AmReading<'a>>,
    aps: Vec<StoredAp>,
    selection: Selection,
    checked: HashSet<String>,
}

impl<'a> Page<'a> {
    fn of(personalised: &'a [PersonalisedAm<'a>]) -> Page<'a> {
        Page {
            ams: personalised
                .iter()
                .map(|p| AmReading {
                    personalised: p,
                    infos: "2521 E".into(),
                })
                .collect(),
            aps: Vec::new(),
            selection: Selection::default(),
            checked: HashSet::new(),
        }
    }

    fn html(&self) -> String {
        let csrf = common::csrf(&common::keys());
        ArretesPage::new(
            Layout::new("Arrêtés"),
            ArretesInput {
                installation_id: 7,
                installation_name: "Carrière <du> Nord",
                selection: &self.selection,
                ams: &self.ams,
                aps: &self.aps,
                checked_alineas: &self.checked,
                prescription_count: 0,
                by_topic: false,
                csrf: &csrf,
            },
        )
        .render()
        .unwrap()
    }

    fn document(&self) -> Html {
        common::parse(&self.html())
    }
}

fn am_from(value: Value) -> ArreteMinisteriel {
    serde_json::from_value(value).unwrap()
}

fn section(id: &str, title: &str, alineas: Value, children: Value) -> Value {
    json!({"id": id, "title": {"text": title}, "outer_alineas": alineas, "sections": children})
}

fn hand_made_am(sections: Value) -> ArreteMinisteriel {
    am_from(json!({
        "id": "JORFTEXT000000000042",
        "title": {"text": "Arrêté du 09/04/19 relatif aux <script>alert('titre')</script> installations"},
        "date_of_signature": "2019-04-09",
        "aida_url": "https://aida.ineris.fr/consultation_document/1234",
        "legifrance_url": "https://www.legifrance.gouv.fr/loda/id/JORFTEXT000000000042",
        "applicability": {"warnings": ["Applicable seulement aux installations soumises à autorisation."]},
        "sections": sections,
    }))
}

#[test]
fn titles_and_alineas_containing_script_render_as_text() {
    let am = hand_made_am(json!([section(
        "s1",
        "Article 1 <script>alert('section')</script>",
        json!([
            {"text": "<script>alert('alinea')</script><img src=x onerror=alert(1)>"},
            {"text": "voir ici", "links": [{"target": "https://a.fr/\"onmouseover=\"alert(1)", "position": 5, "content_size": 3}]},
            {"text": "piège", "links": [{"target": "javascript:alert(1)", "position": 0, "content_size": 5}]}
        ]),
        json!([])
    )]));
    let personalised = [personalise(&am, &[])];
    let page = Page::of(&personalised);
    let html = page.html();
    let document = common::parse(&html);
    let scripts: Vec<_> = document.select(&selector("script")).collect();
    assert!(
        scripts.iter().all(|s| s
            .value()
            .attr("src")
            .is_some_and(|src| src.starts_with("/static/"))),
        "an inline or foreign script got in"
    );
    assert_eq!(document.select(&selector("img")).count(), 0);
    assert_eq!(
        document.select(&selector("style, [style]")).count(),
        0,
        "the CSP forbids inline styles"
    );
    assert!(!html.contains("<script>alert") && !html.contains("<img"));
    let root = document.root_element();
    assert_eq!(texts(root, "h1"), ["Carrière <du> Nord"]);
    assert_eq!(
        texts(root, ".am-title"),
        ["Arrêté du 09/04/19 relatif aux <script>alert('titre')</script> installations"]
    );
    assert_eq!(
        texts(root, ".section-title"),
        ["Article 1 <script>alert('section')</script>"]
    );
    let link = first(
        document.root_element(),
        "#prescription_checkbox_s1_1 + label a",
    );
    assert_eq!(
        link.value().attr("href"),
        Some("https://a.fr/\"onmouseover=\"alert(1)")
    );
    assert_eq!(
        link.value().attrs().count(),
        1,
        "the quote opened no attribute"
    );
    let label = first(document.root_element(), "[for=prescription_checkbox_s1_2]");
    assert_eq!(text(label), "piège");
    assert_eq!(
        label.select(&selector("a")).count(),
        0,
        "javascript: links are not rendered"
    );
}

#[test]
fn links_from_character_offsets_land_on_the_right_characters_of_accented_text() {
    let am = common::am("JORFTEXT000025454959");
    let personalised = [personalise(am, &[])];
    let document = Page::of(&personalised).document();
    let mut checked = 0;
    for (_, section) in am.all_sections() {
        for (index, alinea) in section.outer_alineas.iter().enumerate() {
            let Some(links) = alinea.links.as_deref().filter(|l| !l.is_empty()) else {
                continue;
            };
            let css = format!("[for=\"prescription_checkbox_{}_{index}\"] a", section.id);
            let rendered: Vec<(String, String)> = document
                .select(&selector(&css))
                .map(|a| (a.value().attr("href").unwrap().to_string(), text(a)))
                .collect();
            let expected: Vec<(String, String)> = links
                .iter()
                .map(|link| {
                    let chars = alinea.text.chars();
                    let linked: String = chars
                        .skip(link.position as usize)
                        .take(link.content_size as usize)
                        .collect();
                    (link.target.clone(), linked)
                })
                .collect();
            assert_eq!(rendered, expected, "section {} alinéa {index}", section.id);
            checked += expected.len();
        }
    }
    assert!(checked >= 10, "only {checked} links checked");
}

#[test]
fn tables_keep_headers_and_spans_and_clamp_odd_spans() {
    let cell = |text: &str, colspan: i64, rowspan: i64| json!({"content": {"text": text}, "colspan": colspan, "rowspan": rowspan});
    let table = json!({"rows": [
        {"is_header": true, "cells": [cell("Substance", 1, 2), cell("Seuils", 2, 1)]},
        {"is_header": true, "cells": [cell("bas", 1, 1), cell("haut", 1, 1)]},
        {"is_header": false, "cells": [cell("Ammoniac\n(NH3)", 0, -1), cell("50 t", -2, 1), cell("200 t", 1, 1)]}
    ]});
    let am = hand_made_am(json!([section(
        "s1",
        "Annexe",
        json!([{"text": "", "table": table}]),
        json!([])
    )]));
    let personalised = [personalise(&am, &[])];
    let document = Page::of(&personalised).document();
    let rows: Vec<_> = document.select(&selector(".alinea table tr")).collect();
    assert_eq!(rows.len(), 3);
    let cells = |row: usize, css: &str| rows[row].select(&selector(css)).collect::<Vec<_>>();
    assert_eq!(cells(0, "th").len(), 2);
    assert_eq!(cells(0, "th")[0].value().attr("rowspan"), Some("2"));
    assert_eq!(cells(0, "th")[0].value().attr("colspan"), None);
    assert_eq!(cells(0, "th")[1].value().attr("colspan"), Some("2"));
    assert_eq!(cells(2, "td").len(), 3);
    for td in cells(2, "td") {
        assert_eq!(
            (td.value().attr("colspan"), td.value().attr("rowspan")),
            (None, None)
        );
    }
    assert_eq!(cells(2, "td")[0].select(&selector("br")).count(), 1);
    assert_eq!(text(cells(2, "td")[0]), "Ammoniac(NH3)");
}

#[test]
fn a_real_am_renders_every_span_of_its_tables() {
    let am = common::am("LEGITEXT000005625281");
    let expected_spans: usize = am
        .all_sections()
        .flat_map(|(_, s)| &s.outer_alineas)
        .filter_map(|a| a.table())
        .flat_map(|t| &t.rows)
        .flat_map(|r| &r.cells)
        .map(|c| usize::from(c.colspan() > 1) + usize::from(c.rowspan() > 1))
        .sum();
    assert!(expected_spans > 0);
    let personalised = [personalise(am, &[])];
    let document = Page::of(&personalised).document();
    let rendered = document
        .select(&selector("td[colspan], th[colspan]"))
        .count()
        + document
            .select(&selector("td[rowspan], th[rowspan]"))
            .count();
    assert_eq!(rendered, expected_spans);
}

#[test]
fn the_am_header_shows_its_label_links_title_and_warnings() {
    let am = hand_made_am(json!([section(
        "s1",
        "Article 1",
        json!([{"text": "a"}]),
        json!([])
    )]));
    let personalised = [personalise(&am, &[])];
    let document = Page::of(&personalised).document();
    let root = document.root_element();
    assert_eq!(texts(root, ".am h2"), ["AM - 09/04/19 - 2521 E"]);
    let buttons: Vec<(String, String)> = root
        .select(&selector(".am .fr-btns-group a"))
        .map(|a| (text(a), a.value().attr("href").unwrap().to_string()))
        .collect();
    assert_eq!(
        buttons,
        [
            (
                "Aida".to_string(),
                "https://aida.ineris.fr/consultation_document/1234".to_string()
            ),
            (
                "Légifrance".to_string(),
                "https://www.legifrance.gouv.fr/loda/id/JORFTEXT000000000042".to_string()
            )
        ]
    );
    assert_eq!(
        texts(root, ".am-warning p"),
        ["Applicable seulement aux installations soumises à autorisation."]
    );
}

#[test]
fn the_table_of_contents_cuts_titles_and_indents_by_depth() {
    let long = "Article 2 – Dispositions générales relatives à l’implantation des installations";
    let am = hand_made_am(json!([section(
        "s1",
        "Titre Ier",
        json!([]),
        json!([section("s2", long, json!([{"text": "a"}]), json!([]))])
    )]));
    let personalised = [personalise(&am, &[])];
    let document = Page::of(&personalised).document();
    let entries: Vec<_> = document.select(&selector(".am-toc li")).collect();
    assert_eq!(text(entries[0]), "Titre Ier");
    assert_eq!(text(entries[1]).chars().count(), 50);
    assert!(text(entries[1]).ends_with("..."));
    assert!(entries[1].value().classes().any(|c| c == "depth-1"));
    assert_eq!(
        entries[1]
            .select(&selector("a"))
            .next()
            .unwrap()
            .value()
            .attr("href"),
        Some("#section_s2")
    );
    assert_eq!(
        texts(document.root_element(), "h4.section-title"),
        ["Titre Ier"]
    );
    assert_eq!(texts(document.root_element(), "h5.section-title"), [long]);
}

#[test]
fn the_sidebar_links_back_with_the_same_selection_and_to_each_arrete() {
    let am = hand_made_am(json!([]));
    let personalised = [personalise(&am, &[])];
    let mut page = Page::of(&personalised);
    page.aps = vec![ap(
        "P/c/b6896c18c4964031a644c67b4618d88c",
        OcrStatus::Success,
        Some(10),
    )];
    page.selection = Selection {
        am_ids: vec!["JORFTEXT000000000042".into()],
        ap_ids: vec![],
    };
    let document = page.document();
    let back = first(document.root_element(), "#back-to-installation");
    assert_eq!(text(back), "< Retour à l’installation");
    assert_eq!(
        back.value().attr("href"),
        Some("/installations/7?am_ids[]=JORFTEXT000000000042&ap_ids[]=empty")
    );
    let anchors: Vec<&str> = document
        .select(&selector(".fr-sidemenu__link"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(anchors, ["#am_JORFTEXT000000000042", "#ap_0"]);
    let print = document.select(&selector(".js-print")).next().unwrap();
    assert_eq!(text(print), "imprimer");
    assert!(
        print.value().attr("hidden").is_some(),
        "printing needs JavaScript"
    );

    page.selection = Selection::default();
    let document = page.document();
    let back = first(document.root_element(), "#back-to-installation");
    assert_eq!(
        back.value().attr("href"),
        Some("/installations/7?am_ids[]=empty")
    );
}

#[test]
fn the_topics_bar_offers_the_ten_topics_once_javascript_runs() {
    let am = hand_made_am(json!([]));
    let personalised = [personalise(&am, &[])];
    let document = Page::of(&personalised).document();
    let bar = document.select(&selector(".js-topics")).next().unwrap();
    assert!(bar.value().attr("hidden").is_some());
    let topics: Vec<(String, String)> = bar
        .select(&selector("button.js-topic"))
        .map(|b| (b.value().attr("data-topic").unwrap().to_string(), text(b)))
        .collect();
    assert_eq!(topics.len(), 10);
    assert_eq!(
        topics[0],
        (
            "DISPOSITIONS_GENERALES".into(),
            "Dispositions générales".into()
        )
    );
    assert_eq!(topics[9], ("AUCUN".into(), "Aucun".into()));
    let empty = first(document.root_element(), ".js-empty-topic");
    assert_eq!(
        text(empty),
        "Cet arrêté ne contient pas de prescriptions correspondant au thème choisi"
    );
    assert!(empty.value().attr("hidden").is_some());
}

#[test]
fn prescription_checkboxes_are_prechecked_from_the_users_prescriptions() {
    let am = hand_made_am(json!([
        section(
            "s1",
            "Article 1",
            json!([{"text": "a"}, {"text": "b"}, {"text": "c"}]),
            json!([])
        ),
        section("s2", "Article 2", json!([{"text": "seul"}]), json!([]))
    ]));
    let personalised = [personalise(&am, &[])];
    let mut page = Page::of(&personalised);
    page.checked = ["s1_0".to_string(), "s1_2".to_string()].into();
    let document = page.document();
    let checked = ids(document.root_element(), "input[type=checkbox][checked]");
    assert_eq!(
        checked,
        ["prescription_checkbox_s1_0", "prescription_checkbox_s1_2"]
    );
    let form = first(document.root_element(), "#alinea_checkbox_form_s1");
    assert_eq!(
        form.value().attr("action"),
        Some("/installations/7/prescriptions/from_am")
    );
    let hidden = |name: &str| {
        form.select(&selector(&format!("input[type=hidden][name=\"{name}\"]")))
            .next()
            .and_then(|i| i.value().attr("value").map(str::to_string))
    };
    assert_eq!(hidden("installation[section_id]").as_deref(), Some("s1"));
    assert_eq!(
        hidden("installation[am_id]").as_deref(),
        Some(am.id.as_str())
    );
    // The reference is the server's to write, never the form's.
    assert_eq!(hidden("installation[am_ref]"), None);
    assert_eq!(hidden("return_anchor").as_deref(), Some("section_s1"));
    assert_eq!(hidden("csrf_token").map(|t| t.len()), Some(64));
    assert_eq!(document.select(&selector("#select_all_s1")).count(), 1);
    assert_eq!(
        document.select(&selector("#select_all_s2")).count(),
        0,
        "one alinéa: no select all"
    );
}

#[test]
fn a_modified_section_keeps_its_original_text_in_a_collapse() {
    let modified = json!({
        "id": "s1", "title": {"text": "Article 1"}, "outer_alineas": [{"text": "ancien texte"}, {"text": "second"}],
        "sections": [],
        "parametrization": {"potential_modifications": [{
            "condition": {"type": "EQUAL", "parameter": {"id": "regime", "type": "REGIME"}, "target": "E"},
            "new_version": {"id": "s1", "title": {"text": "Article 1 (modifié)"}, "outer_alineas": [{"text": "nouveau texte"}], "sections": []}
        }]}
    });
    let mut am = hand_made_am(json!([modified]));
    am.classements_with_alineas = vec![
        serde_json::from_value(json!({"rubrique": "2521", "regime": "E", "alineas": []})).unwrap(),
    ];
    let classements: Vec<envinorma_core::Classement> = serde_json::from_value(json!([{
        "rubrique": "2521", "regime": "E", "alinea": null, "date_autorisation": null,
        "date_mise_en_service": null, "volume": null
    }]))
    .unwrap();
    let personalised = [personalise(&am, &classements)];
    let document = Page::of(&personalised).document();
    let root = document.root_element();
    assert_eq!(texts(root, ".section-title"), ["Article 1 (modifié)"]);
    assert_eq!(texts(root, ".alinea label"), ["nouveau texte"]);
    assert_eq!(
        texts(root, "details.previous-version summary"),
        ["voir le texte d'origine"]
    );
    assert_eq!(
        texts(root, "details.previous-version .previous-version__title"),
        ["Article 1"]
    );
    assert_eq!(
        texts(
            root,
            "details.previous-version > p:not(.previous-version__title)"
        ),
        ["ancien texte", "second"]
    );
    assert_eq!(
        texts(root, ".section-warning p"),
        ["Cette section a été modifiée car le régime de classement est l'enregistrement."]
    );
}

fn ap(georisques_id: &str, ocr_status: OcrStatus, size: Option<i32>) -> StoredAp {
    StoredAp {
        georisques_id: georisques_id.into(),
        date: envinorma_core::Date::parse("2021-04-27"),
        description: Some("AP complémentaire".into()),
        ocr_status,
        size,
    }
}

#[test]
fn aps_show_their_pdf_or_say_why_not() {
    let personalised: [PersonalisedAm; 0] = [];
    let mut page = Page::of(&personalised);
    page.aps = vec![
        ap(
            "D/b/888cd0e0031343ebae4c0e28ef5d8bab",
            OcrStatus::Success,
            Some(1_000_000),
        ),
        ap(
            "D/b/aaacd0e0031343ebae4c0e28ef5d8bab",
            OcrStatus::Success,
            Some(1_000_000_000),
        ),
        ap(
            "D/b/bbbcd0e0031343ebae4c0e28ef5d8bab",
            OcrStatus::Error,
            None,
        ),
        ap(
            "D/b/cccdd0e0031343ebae4c0e28ef5d8bab",
            OcrStatus::NotAttempted,
            None,
        ),
    ];
    let document = page.document();
    let aps: Vec<_> = document.select(&selector("section.ap")).collect();
    assert_eq!(aps.len(), 4);
    assert_eq!(
        texts(aps[3], ".fr-alert p"),
        [
            "Cet arrêté n'est pas encore affiché : la reconnaissance des caractères (OCR) de ce document est en attente. Consulter le document d’origine"
        ]
    );
    assert_eq!(texts(aps[0], "h2"), ["AP - 27/04/21 - AP complémentaire"]);
    let object = aps[0].select(&selector("object")).next().unwrap();
    assert_eq!(
        object.value().attr("data"),
        Some("/aps/D/b/888cd0e0031343ebae4c0e28ef5d8bab.pdf")
    );
    assert_eq!(object.value().attr("type"), Some("application/pdf"));
    assert!(texts(aps[1], ".fr-alert p")[0].contains("trop volumineux"));
    assert_eq!(
        aps[1]
            .select(&selector(".fr-alert a"))
            .next()
            .unwrap()
            .value()
            .attr("href"),
        Some("/aps/D/b/aaacd0e0031343ebae4c0e28ef5d8bab.pdf")
    );
    assert!(texts(aps[2], ".fr-alert p")[0].starts_with(
        "Cet arrêté n'est pas affiché car le traitement OCR (reconnaissance des caractères) a échoué."
    ));
    assert_eq!(
        aps[2]
            .select(&selector(".fr-alert a"))
            .next()
            .unwrap()
            .value()
            .attr("href"),
        Some(
            "http://documents.installationsclassees.developpement-durable.gouv.fr/commun/D/b/bbbcd0e0031343ebae4c0e28ef5d8bab.pdf"
        )
    );
    let message = aps[2]
        .select(&selector(".js-ap-topic-message"))
        .next()
        .unwrap();
    assert!(message.value().attr("hidden").is_some());
    assert_eq!(
        text(message),
        "Votre sélection \"\" a bien été prise en compte mais les arrêtés préfectoraux, étant au format PDF, ne sont pas filtrés."
    );
}

#[test]
#[ignore = "timing: run with `cargo test --release -p envinorma-web -- --ignored`"]
fn the_largest_am_personalises_and_renders_in_under_30_ms_in_release() {
    let am = common::am("JORFTEXT000037284611");
    let classements = common::classements("idf", "0065.00510");
    let _ = Page::of(&[personalise(am, classements)]).html();
    let runs = 20;
    let start = std::time::Instant::now();
    let mut bytes = 0;
    for _ in 0..runs {
        let personalised = [personalise(am, classements)];
        bytes = Page::of(&personalised).html().len();
    }
    let per_page = start.elapsed() / runs;
    println!("largest AM: {per_page:?} per page, {bytes} bytes of HTML");
    assert!(
        per_page < std::time::Duration::from_millis(30),
        "{per_page:?}"
    );
}
