//! An inapplicability from the back-office to the inspectors' pages: an editor makes a section
//! of a real AM inapplicable to installations commissioned before a date and publishes; the
//! web app, once the archive is imported, greys that section for an Île-de-France
//! installation commissioned earlier, with the French warning. The element deleted and the
//! AMs published again, the section is back.

mod common;

use common::{Bo, post_form};
use envinorma_am_import::{ArchiveLimits, import_ams, read_zip};
use envinorma_cloud::{Bucket, ObjectStore};
use envinorma_core::{ArreteMinisteriel, Date, personalise};
use envinorma_db::DbConfig;
use envinorma_db::installations;
use envinorma_db::testing::{LoadError, Template};
use futures_util::future::BoxFuture;
use reqwest::StatusCode;
use scraper::{ElementRef, Html, Selector};

/// Véhicules hors d'usage (2712, E): a hundred IDF classements, most with a date.
const CID: &str = "JORFTEXT000025835110";

/// The IDF installations, their classements and APs.
const IDF: Template = Template {
    key: "bo_idf",
    load: Some(load_idf),
};

fn load_idf(config: &DbConfig) -> BoxFuture<'_, Result<(), LoadError>> {
    Box::pin(async move { envinorma_icpe_import::testing::import_idf(&config.pool()?).await })
}

/// « Exporter les AMs », then the import of the archive it put in the `am` bucket, as the
/// am-import function does on its arrival.
async fn publish(bo: &Bo, editor: &reqwest::Client) {
    let page = post_form(bo, editor, "/", "/publier", &[]).await;
    assert_eq!(
        page.status(),
        StatusCode::OK,
        "{}",
        page.text().await.unwrap()
    );
    let archive = bo.store.get(Bucket::Am, "ams/latest.zip").await.unwrap();
    let archive = read_zip("latest.zip", &archive.body, ArchiveLimits::default()).unwrap();
    let mut client = bo.db.client().await;
    let report = import_ams(&mut client, "latest.zip", &archive, false)
        .await
        .unwrap();
    assert!(report.succeeded(), "{}", report.summary());
}

/// The first public installation the AM applies to with a known date of commissioning, and
/// that date.
async fn commissioned_installation(bo: &Bo, am: &ArreteMinisteriel) -> (i64, Date) {
    let client = bo.db.client().await;
    let classement = &am.classements[0];
    let candidates = client
        .query(
            "SELECT DISTINCT c.installation_id FROM classements c
             JOIN installations i ON i.id = c.installation_id AND i.user_id IS NULL
             WHERE c.rubrique = $1 AND c.regime = $2 AND c.date_mise_en_service IS NOT NULL
             ORDER BY 1 LIMIT 20",
            &[&classement.rubrique, &classement.regime],
        )
        .await
        .unwrap();
    for row in candidates {
        let id: i64 = row.get(0);
        let stored = installations::classements(&client, id).await.unwrap();
        let classements: Vec<_> = stored.iter().map(|c| c.details.classement()).collect();
        if let Some(date) = personalise(am, &classements).parameters.date_installation {
            return (id, date);
        }
    }
    panic!("no IDF installation under {CID} with a date of commissioning");
}

/// How the web app shows the section `id`: its title greyed or not, its warnings, and how
/// many of its alinéas are greyed out of how many.
#[derive(Debug, PartialEq)]
struct Shown {
    greyed: bool,
    warnings: Vec<String>,
    greyed_alineas: usize,
    alineas: usize,
}

async fn shown(web: &str, installation: i64, id: &str) -> Shown {
    let page = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap()
        .get(format!(
            "{web}/installations/{installation}/arretes?am_ids[]={CID}"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = Html::parse_document(&page.text().await.unwrap());
    let css = |css: &str| Selector::parse(css).unwrap();
    let field = css(&format!(
        "input[name='installation[section_id]'][value='{id}']"
    ));
    let section = html
        .select(&css(".am-sections .section"))
        .find(|section| section.select(&field).next().is_some())
        .unwrap_or_else(|| panic!("the section {id} is not on the page"));
    let texts = |found: Vec<ElementRef>| -> Vec<String> {
        found
            .iter()
            .map(|e| e.text().collect::<String>().trim().to_owned())
            .collect()
    };
    Shown {
        greyed: section
            .select(&css(".section-title.inactive"))
            .next()
            .is_some(),
        warnings: texts(section.select(&css(".section-warning p")).collect()),
        greyed_alineas: section.select(&css(".alinea.inactive")).count(),
        alineas: section.select(&css(".alinea")).count(),
    }
}

#[tokio::test]
async fn an_inapplicability_published_greys_the_section_for_an_older_installation_until_deleted() {
    let bo = Bo::start_on(IDF).await;
    let seeded = bo.seed(CID).await;
    let editor = bo.signed_in().await;
    publish(&bo, &editor).await;

    let web_state = envinorma_web::AppState::new(
        envinorma_web::Config::local(),
        bo.db.pool().clone(),
        bo.store.clone(),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let web = format!("http://{}", listener.local_addr().unwrap());
    let app = envinorma_web::router(web_state);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let published = envinorma_db::ams::get(&bo.db.client().await, CID)
        .await
        .unwrap()
        .unwrap()
        .am;
    let (installation, commissioned) = commissioned_installation(&bo, &published).await;
    // A section with alinéas that applies to this installation as published.
    let mut section = None;
    for (_, candidate) in seeded.text.all_sections() {
        if candidate.outer_alineas.is_empty() {
            continue;
        }
        let before = shown(&web, installation, &candidate.id).await;
        if !before.greyed && before.warnings.is_empty() && before.greyed_alineas == 0 {
            section = Some((candidate, before));
            break;
        }
    }
    let (section, before) = section.expect("a section that applies");

    // Inapplicable to installations commissioned before the next 1st of January.
    let bound = format!("01/01/{}", commissioned.year() + 1);
    let editor_page = format!("/am/{CID}/parametrage/inapplicabilite");
    let saved = post_form(
        &bo,
        &editor,
        &editor_page,
        &editor_page,
        &[
            ("section-0", &section.id),
            ("affiche-0", &section.id),
            ("variable", "date-d-installation"),
            ("operateur", "<"),
            ("valeur", &bound),
            ("action", "enregistrer"),
        ],
    )
    .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    publish(&bo, &editor).await;
    let greyed = shown(&web, installation, &section.id).await;
    assert_eq!(
        greyed,
        Shown {
            greyed: true,
            warnings: vec![format!(
                "Cette section est inapplicable car la date de mise en service est antérieure au {bound}."
            )],
            greyed_alineas: before.alineas,
            alineas: before.alineas,
        }
    );

    let element = envinorma_db::bo::documents(&bo.db.client().await, CID)
        .await
        .unwrap()
        .unwrap()
        .parametrization
        .targeting(&section.id)
        .inapplicable_sections[0]
        .id
        .clone();
    let deleted = post_form(
        &bo,
        &editor,
        &format!("/am/{CID}/parametrage"),
        &format!("{editor_page}/{element}/supprimer"),
        &[],
    )
    .await;
    assert_eq!(deleted.status(), StatusCode::SEE_OTHER);
    publish(&bo, &editor).await;
    assert_eq!(shown(&web, installation, &section.id).await, before);
}
