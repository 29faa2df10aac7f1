//! The parametrization's whole chain as a property: whatever the editors' forms accept, saved,
//! published through « Exporter les AMs », imported into the web app's database and read
//! back from it, personalises any installation exactly as the engine does on the saved
//! documents themselves (no JSON, no database between).

mod common;

use common::{Bo, post_form};
use envinorma_am_import::{ArchiveLimits, import_ams, read_zip};
use envinorma_cloud::{Bucket, ObjectStore};
use envinorma_core::am::Section;
use envinorma_core::authoring::condition_form::strategies::{parameters, some_rows};
use envinorma_core::authoring::condition_form::{Merge, Row};
use envinorma_core::authoring::{AmDocuments, enrich};
use envinorma_core::personalise::personalise_with;
use envinorma_core::{ArreteMinisteriel, Parameters};
use envinorma_db::bo;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use reqwest::StatusCode;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A small AM of the corpus, with sections at several depths.
const CID: &str = "JORFTEXT000000568479";
const CASES: u32 = 24;

/// One form as an editor fills it: an element on a section, with its condition's rows.
#[derive(Debug, Clone)]
struct ElementForm {
    /// Inapplicability, alternative section or warning.
    kind: Index,
    section: Index,
    alineas: Vec<Index>,
    subsections: bool,
    rows: Vec<Row>,
    or: bool,
}

fn element_forms() -> impl Strategy<Value = Vec<ElementForm>> {
    let form = (
        any::<Index>(),
        any::<Index>(),
        proptest::collection::vec(any::<Index>(), 0..3),
        any::<bool>(),
        some_rows(),
        any::<bool>(),
    )
        .prop_map(
            |(kind, section, alineas, subsections, rows, or)| ElementForm {
                kind,
                section,
                alineas,
                subsections,
                rows,
                or,
            },
        );
    proptest::collection::vec(form, 1..5)
}

impl ElementForm {
    /// The editor's address and the fields its form posts (the `n`-th form of the case).
    fn post(&self, text: &ArreteMinisteriel, n: usize) -> (String, Vec<(String, String)>) {
        let sections: Vec<&Section> = text.all_sections().map(|(_, s)| s).collect();
        let section = self.section.get(&sections);
        let mut fields = vec![
            ("section-0", section.id.clone()),
            ("affiche-0", section.id.clone()),
            ("action", "enregistrer".to_owned()),
            (
                "fusion",
                if self.or { Merge::Or } else { Merge::And }
                    .value()
                    .to_owned(),
            ),
        ];
        for row in &self.rows {
            fields.push(("variable", row.variable.id().to_owned()));
            fields.push(("operateur", row.operator.symbol().to_owned()));
            fields.push(("valeur", row.value.clone()));
        }
        let kind = ["inapplicabilite", "section-alternative", "avertissement"];
        let kind = *self.kind.get(&kind);
        match kind {
            "inapplicabilite" => {
                if !section.outer_alineas.is_empty() {
                    for alinea in &self.alineas {
                        let alinea = alinea.index(section.outer_alineas.len());
                        fields.push(("alineas-0", alinea.to_string()));
                    }
                }
                if self.subsections {
                    fields.push(("sous-sections", "1".to_owned()));
                }
            }
            "section-alternative" => fields.push((
                "contenu-0",
                format!("Texte modifié n°{n}.\nSon second alinéa."),
            )),
            _ => fields.push((
                "texte",
                format!("Avertissement n°{n} : vérifier sur place."),
            )),
        }
        let fields = fields
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value))
            .collect();
        (format!("/am/{CID}/parametrage/{kind}"), fields)
    }
}

/// What an inspector sees of each section: where it is, whether it applies or was replaced,
/// its warnings and the text shown.
type Seen = Vec<(String, usize, bool, bool, Vec<String>, Section)>;

fn seen(am: &ArreteMinisteriel, parameters: &Parameters) -> Seen {
    personalise_with(am, Vec::new(), parameters.clone())
        .sections
        .iter()
        .map(|section| {
            (
                section.id().to_owned(),
                section.depth,
                section.active,
                section.modified,
                section.warnings.clone(),
                section.content().clone(),
            )
        })
        .collect()
}

#[test]
fn whatever_the_forms_accept_personalises_once_published_and_imported_as_the_engine_does() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (bo, seeded, browser) = runtime.block_on(async {
        let bo = Bo::start().await;
        let seeded = bo.seed(CID).await;
        let browser = bo.signed_in().await;
        (bo, seeded, browser)
    });
    let with_elements = AtomicUsize::new(0);
    let config = Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    };
    let strategy = (element_forms(), proptest::collection::vec(parameters(), 8));
    let outcome = TestRunner::new(config).run(&strategy, |(forms, installations)| {
        runtime.block_on(async {
            let mut client = bo.db.client().await;
            let current = bo::documents(&client, CID).await.unwrap();
            bo::save(&client, "test", "remise à zéro", current.as_ref(), &seeded)
                .await
                .unwrap();
            for (n, form) in forms.iter().enumerate() {
                let (editor, fields) = form.post(&seeded.text, n);
                let fields: Vec<(&str, &str)> = fields
                    .iter()
                    .map(|(name, value)| (name.as_str(), value.as_str()))
                    .collect();
                let response = post_form(&bo, &browser, &editor, &editor, &fields).await;
                let status = response.status();
                if ![StatusCode::SEE_OTHER, StatusCode::UNPROCESSABLE_ENTITY].contains(&status) {
                    let body = response.text().await.unwrap();
                    return Err(TestCaseError::fail(format!("{editor}: {status}\n{body}")));
                }
            }
            let saved: AmDocuments = bo::documents(&client, CID).await.unwrap().unwrap();
            let elements = &saved.parametrization;
            if !(elements.inapplicable_sections.is_empty()
                && elements.alternative_sections.is_empty())
            {
                with_elements.fetch_add(1, Ordering::Relaxed);
            }

            let published = post_form(&bo, &browser, "/", "/publier", &[]).await;
            if published.status() != StatusCode::OK {
                let page = published.text().await.unwrap();
                return Err(TestCaseError::fail(format!("not published: {page}")));
            }
            let archive = bo.store.get(Bucket::Am, "ams/latest.zip").await.unwrap();
            let archive = read_zip("latest.zip", &archive.body, ArchiveLimits::default()).unwrap();
            let report = import_ams(&mut client, "latest.zip", &archive, false)
                .await
                .unwrap();
            prop_assert!(report.succeeded(), "{}", report.summary());
            let imported = envinorma_db::ams::get(&client, CID).await.unwrap().unwrap();

            let engine = enrich(&saved.metadata, &saved.text, &saved.parametrization);
            for parameters in &installations {
                prop_assert_eq!(
                    seen(&imported.am, parameters),
                    seen(&engine, parameters),
                    "{:?}",
                    parameters
                );
            }
            Ok(())
        })
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
    // The property held on parametrizations, not only on forms all refused.
    let with_elements = with_elements.into_inner();
    assert!(
        with_elements >= CASES as usize / 4,
        "only {with_elements} of {CASES} cases saved a condition"
    );
}
