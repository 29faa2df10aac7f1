//! The comparison page over HTTP: the saved text against a real Légifrance payload, the
//! normalised mode, and two versions of the edit log around one edit.

mod common;

use common::{Bo, post_form, post_multipart, sent_to_login, texts};
use envinorma_core::authoring::structure::to_lines;
use envinorma_test_support::read;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use scraper::{ElementRef, Html, Node, Selector};

/// The AM of the Légifrance payload DEVP1706393A.
const CID: &str = "JORFTEXT000034429274";

fn page() -> String {
    format!("/am/{CID}/comparer")
}

/// Each run of the diff, its lines as `+`, `-` or a space then the line, the marked
/// characters in brackets.
fn shown(html: &str) -> Vec<Vec<String>> {
    let document = Html::parse_document(html);
    let runs = Selector::parse(".bo-diff").unwrap();
    let lines = Selector::parse("li").unwrap();
    document
        .select(&runs)
        .map(|run| {
            run.select(&lines)
                .map(|item| {
                    let sign = match item.value().attr("class") {
                        Some("bo-diff__added") => '+',
                        Some("bo-diff__removed") => '-',
                        _ => ' ',
                    };
                    format!("{sign}{}", written(item))
                })
                .collect()
        })
        .collect()
}

/// An element's text without its screen-reader prefix, `<mark>`s in brackets.
fn written(element: ElementRef) -> String {
    let mut text = String::new();
    for child in element.children() {
        match child.value() {
            Node::Text(part) => text.push_str(part),
            Node::Element(inner) if inner.attr("class") == Some("fr-sr-only") => {}
            Node::Element(inner) => {
                let inner_text = written(ElementRef::wrap(child).unwrap());
                match inner.name() {
                    "mark" => text.push_str(&format!("[{inner_text}]")),
                    _ => text.push_str(&inner_text),
                }
            }
            _ => {}
        }
    }
    text
}

fn payload(normalise: bool) -> Form {
    let file = Part::bytes(read("data/legifrance/DEVP1706393A.json")).file_name("texte.json");
    let form = Form::new().part("fichier", file).text("payload", "");
    match normalise {
        true => form.text("normalise", "1"),
        false => form,
    }
}

#[tokio::test]
async fn the_comparison_pages_send_anonymous_visitors_to_the_login_page_and_need_the_token() {
    let bo = Bo::start().await;
    bo.seed(CID).await;
    let anonymous = bo.browser();
    let legifrance = format!("{}/legifrance", page());
    for path in [page(), legifrance.clone()] {
        sent_to_login(&bo, &path).await;
    }
    let response = anonymous
        .post(format!("{}{legifrance}", bo.url))
        .multipart(payload(false))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let browser = bo.signed_in().await;
    let response = browser
        .post(format!("{}{legifrance}", bo.url))
        .multipart(payload(false))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_saved_text_against_its_legifrance_payload_shows_the_changed_lines() {
    let bo = Bo::start().await;
    bo.seed(CID).await;
    let browser = bo.signed_in().await;
    let am = bo.page(&browser, &format!("/am/{CID}")).await;
    let link = format!("a[href=\"{}\"]", page());
    assert_eq!(texts(&am, &link), ["Comparer des versions"]);
    let to = format!("{}/legifrance", page());
    let response = post_multipart(&bo, &browser, &page(), &to, payload(false)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.unwrap();
    let runs = shown(&html);
    assert_eq!(
        texts(&html, "#resultat"),
        ["Texte enregistré → version Légifrance"]
    );
    assert_eq!(runs.len(), 67);
    // Article 1 gains a paragraph; Article 2 loses three.
    assert_eq!(
        runs[0],
        [
            " Cet arrêté a pour objectif d'assurer la mise en sécurité des personnes présentes à l'intérieur des entrepôts, de protéger l'environnement, d'assurer la maîtrise des effets létaux ou irréversibles sur les tiers, de prévenir les incendies et leur propagation à l'intégralité des bâtiments ou aux bâtiments voisins, et de permettre la sécurité et les bonnes conditions d'intervention des services de secours.",
            " Toutefois, le service d'incendie et de secours peut, au regard des caractéristiques de l'installation (dimensions, configuration, dispositions constructives…) ainsi que des matières stockées (nature, quantités, mode de stockage…), être confronté à une impossibilité opérationnelle de limiter la propagation d'un incendie.",
            "+Les installations soumises à la rubrique 1510, qui relèvent par ailleurs également de l'une ou plusieurs des rubriques 1530, 1532, 2662 ou 2663 de la nomenclature des installations classées, sont entièrement régies par le présent arrêté. Les arrêtés relatifs à ces autres rubriques ne leur sont alors pas applicables.",
            " # Article 2",
            " Une installation nouvelle est une installation dont la preuve de dépôt de déclaration, le début de la consultation des communes sur la demande d'enregistrement, ou la signature de l'arrêté de mise à l'enquête publique sur la demande d'autorisation, est postérieure à la date de publication du présent arrêté. Les autres installations sont considérées comme existantes.",
        ]
    );
    assert_eq!(runs[1].len(), 7);
    assert_eq!(
        runs[1][2..5]
            .iter()
            .map(|line| line.chars().take(30).collect())
            .collect::<Vec<String>>(),
        [
            "-Dans le cas d'une installatio",
            "-Pour toutes les installations",
            "-Les dispositions des articles",
        ]
    );
    // In Article 5, a changed line is marked where it changes.
    assert_eq!(
        runs[2][6..8],
        [
            "-- il sollicite en tout état de cause l'avis du Conseil supérieur de la prévention des risques technologiques sur les demandes [d'adaptation ]portant sur un volume maximum de matières susceptibles d'être stockées supérieur à 600 000 m3 ;",
            "+- il sollicite en tout état de cause l'avis du Conseil supérieur de la prévention des risques technologiques sur les demandes portant sur un volume maximum de matières susceptibles d'être stockées supérieur à 600 000 m3 ;",
        ]
    );
    // A title only one level deeper: normalised, it is the same line.
    let title = runs[2]
        .iter()
        .position(|line| line == "-#### 1.2. Contenu du dossier");
    assert_eq!(
        runs[2][title.unwrap() + 1],
        "+####[#] 1.2. Contenu du dossier"
    );
    let response = post_multipart(&bo, &browser, &page(), &to, payload(true)).await;
    let html = response.text().await.unwrap();
    assert_eq!(
        texts(&html, "#resultat"),
        ["Texte enregistré → version Légifrance (normalisé)"]
    );
    let normalised = shown(&html);
    assert_eq!(normalised.len(), 68);
    // The title one level deeper is no change once normalised: no longer shown.
    let lines = normalised.concat();
    assert!(
        !lines
            .iter()
            .any(|line| line.contains("12 Contenu du dossier"))
    );
}

#[tokio::test]
async fn two_versions_of_the_log_show_the_edited_line_and_normalised_an_accent_is_no_change() {
    let bo = Bo::start().await;
    let seeded = bo.seed(CID).await;
    let browser = bo.signed_in().await;
    let lines = to_lines(&seeded.text);
    let at = lines.iter().position(|line| line == "# Article 3").unwrap() + 1;
    let old = lines[at].clone();
    let new = old.replacen("préfet", "prefet", 1);
    assert_ne!(old, new);
    let mut edited = lines.clone();
    edited[at] = new.clone();
    let text = edited.join("\n");
    let to = format!("/am/{CID}/texte");
    let response = post_form(&bo, &browser, "/", &to, &[("texte", text.as_str())]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let client = bo.db.client().await;
    let ids: Vec<i64> = client
        .query(
            "SELECT id FROM bo.edits WHERE cid = $1 ORDER BY id",
            &[&CID],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(ids.len(), 2, "the seed and the edit");

    // Offered first: the last change against the one before.
    let html = bo.page(&browser, &page()).await;
    let chosen = |html: &str| {
        (
            texts(html, "#avant option[selected]"),
            texts(html, "#apres option[selected]"),
        )
    };
    let (before, after) = chosen(&html);
    assert!(
        before[0].starts_with(&format!("n° {} du ", ids[0])),
        "{before:?}"
    );
    assert!(
        after[0].starts_with(&format!("n° {} du ", ids[1])),
        "{after:?}"
    );
    assert!(
        after[0].ends_with(", editrice : texte modifié"),
        "{after:?}"
    );

    let versions = format!("{}?avant={}&apres={}", page(), ids[0], ids[1]);
    let html = bo.page(&browser, &versions).await;
    assert_eq!(
        shown(&html),
        [vec![
            format!(" {}", lines[at - 2]),
            format!(" {}", lines[at - 1]),
            format!("-{}", old.replacen("préfet", "pr[é]fet", 1)),
            format!("+{}", new.replacen("prefet", "pr[e]fet", 1)),
            format!(" {}", lines[at + 1]),
            format!(" {}", lines[at + 2]),
        ]]
    );
    assert_eq!(chosen(&html).0, before);
    let html = bo.page(&browser, &format!("{versions}&normalise=1")).await;
    assert!(shown(&html).is_empty());
    assert_eq!(
        texts(&html, ".bo-compare__same"),
        ["Les deux versions ont les mêmes lignes."]
    );
    // A version of another AM, or no number, is refused.
    let response = browser
        .get(format!("{}{}?avant=x&apres={}", bo.url, page(), ids[1]))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let other = format!(
        "{}/am/JORFTEXT000000568479/comparer?avant={}&apres={}",
        bo.url, ids[0], ids[1]
    );
    let response = browser.get(other).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}
