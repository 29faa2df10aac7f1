//! The installation page's views on real data: classements table, AM list, transverse AMs,
//! APs and the "Voir les prescriptions" link.
mod common;

use askama::Template;
use common::{first, ids, selector, text, texts};
use envinorma_core::icpe_csv::OcrStatus;
use envinorma_core::{ArreteMinisteriel, Classement, ClassementDetails, Date, Regime};
use envinorma_db::aps::StoredAp;
use envinorma_db::installations::{Installation, StoredClassement};
use envinorma_web::selection::Selection;
use envinorma_web::views::{InstallationInput, InstallationPage, Layout, Viewer};
use scraper::Html;

fn row(classement: &Classement) -> StoredClassement {
    StoredClassement {
        id: 0,
        details: ClassementDetails {
            rubrique: classement.rubrique.clone().unwrap(),
            regime: classement.regime,
            alinea: classement.alinea.clone(),
            rubrique_acte: None,
            regime_acte: None,
            alinea_acte: None,
            activite: None,
            date_autorisation: classement.date_autorisation,
            date_mise_en_service: classement.date_mise_en_service,
            volume: classement.volume.clone(),
        },
    }
}

fn installation(s3ic_id: &str) -> Installation {
    Installation {
        id: 42,
        s3ic_id: s3ic_id.parse().unwrap(),
        name: "KERAGLASS".into(),
        zipcode: Some("77120".into()),
        city: Some("AMILLIS".into()),
        department: Some("SEINE ET MARNE".into()),
        region: Some("ILE DE FRANCE".into()),
        last_inspection: Date::parse("2021-03-18"),
        regime: Some(Regime::A),
        seveso: Some("SH".into()),
        state: Some("En fonctionnement".into()),
        user_id: None,
        duplicated_from_id: None,
    }
}

/// The APs of 0065.00005 in the sample data, in CSV order.
fn aps() -> Vec<StoredAp> {
    [
        (
            "APC poursuite de l'exploitation ",
            "2010-02-09",
            "P/c/b6896c18c4964031a644c67b4618d88c",
        ),
        (
            "AP complémentaire (art 18 déc. 77)",
            "2008-02-20",
            "P/4/accddfc8ec3941998ad0588c071c39d4",
        ),
        (
            "APC-AP complémentaire (Art. R. 512-31)",
            "2011-01-25",
            "P/c/91e4aacb00994b34898f78f3182f543c",
        ),
        (
            "Nouveau document",
            "2016-11-04",
            "P/4/8acb34015a601eb2015a602221ca0004",
        ),
    ]
    .into_iter()
    .map(|(description, date, id)| StoredAp {
        georisques_id: id.into(),
        date: Date::parse(date),
        description: Some(description.into()),
        ocr_status: OcrStatus::Success,
        size: Some(200_000),
    })
    .collect()
}

struct Setup {
    installation: Installation,
    rows: Vec<StoredClassement>,
    aps: Vec<StoredAp>,
    transverse: Vec<&'static ArreteMinisteriel>,
    selection: Option<Selection>,
    viewer: Viewer,
}

impl Setup {
    /// KERAGLASS (sample 0065.18698): 21 classements, 14 AMs of which 2 not applicable.
    fn keraglass() -> Setup {
        let mut rows: Vec<StoredClassement> = common::classements("sample_rspec", "0065.18698")
            .iter()
            .map(row)
            .collect();
        rows[0].details.rubrique_acte = Some("1630-acte".into());
        rows[0].details.regime_acte = Some(Regime::Unknown);
        let mut unknown = rows[0].clone();
        unknown.details.regime = Regime::Unknown;
        rows.push(unknown);
        Setup {
            installation: installation("0065.18698"),
            rows,
            aps: aps(),
            transverse: common::catalog().transverse().collect(),
            selection: None,
            viewer: Viewer::Visitor,
        }
    }

    fn document(&self) -> Html {
        let classements: Vec<Classement> =
            self.rows.iter().map(|c| c.details.classement()).collect();
        let ams = common::catalog().am_list(&classements);
        let csrf = common::csrf(&common::keys());
        let html = InstallationPage::new(
            Layout::new(&self.installation.name),
            InstallationInput {
                installation: &self.installation,
                classements: &self.rows,
                ams: &ams,
                transverse_ams: &self.transverse,
                aps: &self.aps,
                selection: self.selection.as_ref(),
                viewer: self.viewer,
                csrf: &csrf,
            },
        )
        .render()
        .unwrap();
        common::parse(&html)
    }
}

#[test]
fn classements_are_sorted_strictest_regime_first_with_the_acte_values() {
    let document = Setup::keraglass().document();
    let regimes: Vec<String> = document
        .select(&selector(".classements-table tbody tr td:nth-child(3)"))
        .map(|td| td.text().next().unwrap_or_default().to_string())
        .collect();
    let order = |label: &str| {
        ["A", "E", "D", "NC", "inconnu"]
            .iter()
            .position(|r| *r == label)
            .unwrap()
    };
    assert!(
        regimes.windows(2).all(|w| order(&w[0]) <= order(&w[1])),
        "{regimes:?}"
    );
    assert_eq!(regimes.last().map(String::as_str), Some("inconnu"));
    let acte = texts(document.root_element(), ".classements-table .acte");
    assert!(acte.contains(&"1630-acte".to_string()) && acte.contains(&"inconnu".to_string()));
    let inline = selector("style, [style], script:not([src])");
    assert_eq!(
        document.select(&inline).count(),
        0,
        "the CSP forbids inline code"
    );
    let volumes = texts(
        document.root_element(),
        ".classements-table tbody td:nth-child(7)",
    );
    assert!(
        volumes.contains(&"240 t".to_string()),
        "volumes are normalised: {volumes:?}"
    );
}

#[test]
fn details_show_labels_and_are_hidden_for_fictive_installations() {
    let mut setup = Setup::keraglass();
    let document = setup.document();
    let details = texts(document.root_element(), ".installation-details p").join("\n");
    assert!(details.contains("N° inspection : 0065.18698"));
    assert!(details.contains("Dernière inspection : 18/03/2021"));
    assert!(details.contains("Statut SEVESO : Seuil haut"));
    setup.installation.s3ic_id = "0000.00000".parse().unwrap();
    assert_eq!(
        setup
            .document()
            .select(&selector(".installation-details"))
            .count(),
        0
    );
}

#[test]
fn applicable_ams_are_ticked_and_the_others_greyed_with_their_warnings() {
    let document = Setup::keraglass().document();
    let boxes: Vec<_> = document
        .select(&selector(".am-list input.js_am_checkbox"))
        .collect();
    assert_eq!(boxes.len(), 14);
    let checked = |id: &str| {
        document
            .select(&selector(&format!("#am_{id}")))
            .next()
            .unwrap_or_else(|| panic!("no checkbox for {id}"))
            .value()
            .attr("checked")
            .is_some()
    };
    assert!(checked("JORFTEXT000026695033"));
    assert!(!checked("JORFTEXT000037032238"));
    let label = first(
        document.root_element(),
        "label[for=am_JORFTEXT000037032238]",
    );
    assert!(label.value().classes().any(|c| c == "inactive"));
    assert_eq!(text(label), "AM - 06/06/18 - 2712 E al. 3-a ou 3-b");
    let tooltip = first(
        document.root_element(),
        "#am_JORFTEXT000037032238_avertissements",
    );
    assert_eq!(
        text(tooltip),
        "Les alinéas auxquels cet arrêté s'applique semblent ne pas correspondre aux alinéas de classements de cette installation."
    );
    let agreed = first(
        document.root_element(),
        "label[for=am_JORFTEXT000025835110]",
    );
    assert!(agreed.value().classes().any(|c| c == "active"));
    assert!(
        agreed
            .value()
            .attr("title")
            .is_some_and(|t| t.starts_with("Arrêté du"))
    );
}

#[test]
fn transverse_ams_sit_unticked_in_their_own_collapse() {
    let document = Setup::keraglass().document();
    let collapse = first(document.root_element(), "details.transverse-ams");
    assert_eq!(texts(collapse, "summary"), ["Voir les AM transverses"]);
    let boxes: Vec<_> = collapse.select(&selector("input.js_am_checkbox")).collect();
    assert_eq!(boxes.len(), common::catalog().transverse().count());
    assert!(boxes.iter().all(|b| b.value().attr("checked").is_none()));
    let labels = texts(collapse, "label");
    assert!(labels.iter().any(|l| l.ends_with(" - PCIG")), "{labels:?}");
}

#[test]
fn aps_are_listed_most_recent_first_and_ticked() {
    let document = Setup::keraglass().document();
    let labels = texts(document.root_element(), "label[for^=ap_]");
    assert_eq!(
        labels,
        [
            "AP - 04/11/16 - Nouveau document",
            "AP - 25/01/11 - APC-AP complémentaire (Art. R. 512-31)",
            "AP - 09/02/10 - APC poursuite de l'exploitation",
            "AP - 20/02/08 - AP complémentaire (art 18 déc. 77)",
        ]
    );
    assert_eq!(
        document
            .select(&selector("input.js_ap_checkbox[checked]"))
            .count(),
        4
    );
}

#[test]
fn the_prescriptions_link_carries_the_ticked_arretes_am_first() {
    let mut setup = Setup::keraglass();
    setup.aps.truncate(1);
    let document = setup.document();
    let link = first(document.root_element(), "#js_prescriptions_link");
    assert_eq!(text(link), "Voir les prescriptions");
    assert!(link.value().attr("hidden").is_none());
    let href = link.value().attr("href").unwrap();
    assert!(
        href.starts_with("/installations/42/arretes?am_ids[]=JORFTEXT000025835110&"),
        "{href}"
    );
    assert!(
        href.ends_with("&ap_ids[]=P%2Fc%2Fb6896c18c4964031a644c67b4618d88c"),
        "{href}"
    );
    assert_eq!(href.matches("am_ids[]=").count(), 12);
    assert!(!href.contains("JORFTEXT000037032238"));
}

#[test]
fn a_selection_in_the_url_decides_the_ticks_and_an_empty_one_hides_the_link() {
    let mut setup = Setup::keraglass();
    setup.selection = Some(Selection {
        am_ids: vec!["JORFTEXT000037032238".into(), "JORFTEXT000000245167".into()],
        ap_ids: vec![],
    });
    let document = setup.document();
    let ticked = ids(document.root_element(), "input[type=checkbox][checked]");
    assert_eq!(
        ticked,
        ["am_JORFTEXT000037032238", "am_JORFTEXT000000245167"]
    );
    let link = first(document.root_element(), "#js_prescriptions_link");
    assert_eq!(
        link.value().attr("href"),
        Some(
            "/installations/42/arretes?am_ids[]=JORFTEXT000037032238&am_ids[]=JORFTEXT000000245167&ap_ids[]=empty"
        )
    );

    setup.selection = Some(Selection::default());
    let document = setup.document();
    let link = first(document.root_element(), "#js_prescriptions_link");
    assert!(link.value().attr("hidden").is_some());
    assert_eq!(
        link.value().attr("href"),
        Some("/installations/42/arretes?am_ids[]=empty")
    );
}

#[test]
fn without_arretes_the_page_says_so() {
    let mut setup = Setup::keraglass();
    setup.rows.clear();
    setup.aps.clear();
    setup.transverse.clear();
    let root_html = setup.document();
    let paragraphs = texts(root_html.root_element(), ".js-arretes > p");
    assert!(
        paragraphs.contains(
            &"Il n’y a pas d’arrêté ministériel associé aux classements de cette installation."
                .to_string()
        )
    );
    assert!(paragraphs.contains(
        &"Il n’y a pas d’arrêté préfectoral disponible pour cette installation.".to_string()
    ));
}

#[test]
fn the_links_offered_depend_on_who_looks() {
    let mut setup = Setup::keraglass();
    let visitor = setup.document();
    let copy = first(
        visitor.root_element(),
        "form[action=\"/installations?id=42\"]",
    );
    assert_eq!(
        texts(copy, "button"),
        ["Créer une copie de l’installation (accessible par vous seul)."]
    );
    assert_eq!(copy.select(&selector("input[name=csrf_token]")).count(), 1);

    setup.viewer = Viewer::HasCopy { copy_id: 99 };
    let document = setup.document();
    let link = first(document.root_element(), "a[href=\"/installations/99\"]");
    assert_eq!(text(link), "Consulter votre version de l’installation.");

    setup.viewer = Viewer::Owner { is_copy: true };
    let root = setup.document();
    let links = texts(root.root_element(), "a");
    for expected in [
        "Modifier le nom de l'installation",
        "Modifier les classements",
        "Ajouter un nouveau classement",
    ] {
        assert!(links.iter().any(|l| l == expected), "{expected} missing");
    }
    assert!(
        texts(root.root_element(), ".fr-alert p")[0]
            .starts_with("Cette installation a été créée par vos soins")
    );
}
