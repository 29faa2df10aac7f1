//! The text of the APs' pages and the French full-text search in it.

use envinorma_db::Client;
use envinorma_db::ap_pages::{Found, MATCH_END, MATCH_START, MAX_RANKED, Scope, replace, search};
use envinorma_db::installations::public_departments;
use envinorma_db::testing::TestDatabase;
use envinorma_db::users;

const AP_1: &str = "D/b/888cd0e0031343ebae4c0e28ef5d8bab";
const AP_2: &str = "P/c/b6896c18c4964031a644c67b4618d88c";
const AP_PRIVATE: &str = "A/1/00000000000000000000000000000001";

const EVERYWHERE: Scope<'static> = Scope::Everywhere { department: None };

/// An installation of `department` (of a user when `user_id` is set) with one AP; its id.
async fn installation_with_ap(
    client: &impl Client,
    s3ic_id: &str,
    department: &str,
    user_id: Option<i64>,
    ap: &str,
) -> i64 {
    let row = client
        .query_one(
            "INSERT INTO installations (s3ic_id, name, department, user_id)
             VALUES ($1, 'Installation ' || $1, $2, $3) RETURNING id",
            &[&s3ic_id, &department, &user_id],
        )
        .await
        .unwrap();
    let id: i64 = row.get(0);
    client
        .execute(
            "INSERT INTO aps (georisques_id, installation_id, installation_s3ic_id, description)
             VALUES ($1, $2, $3, 'AP de ' || $3)",
            &[&ap, &id, &s3ic_id],
        )
        .await
        .unwrap();
    id
}

fn pages(texts: &[&str]) -> Vec<String> {
    texts.iter().map(|t| t.to_string()).collect()
}

/// (georisques id, page) of each hit of the first 20, best first.
async fn hits(client: &impl Client, query: &str, scope: Scope<'_>) -> Vec<(String, i32)> {
    ids(&search(client, query, scope, 0, 20).await.unwrap())
}

fn ids(found: &Found) -> Vec<(String, i32)> {
    found
        .hits
        .iter()
        .map(|hit| (hit.ap.georisques_id.clone(), hit.page))
        .collect()
}

fn at(ap: &str, page: i32) -> (String, i32) {
    (ap.to_string(), page)
}

/// Two public installations, in Essonne and in Paris, and a user's fictive one, each with an
/// AP; their ids.
async fn three_installations(client: &impl Client) -> (i64, i64, i64) {
    let essonne = installation_with_ap(client, "0065.00005", "ESSONNE", None, AP_1).await;
    let paris = installation_with_ap(client, "0065.00037", "PARIS", None, AP_2).await;
    let owner = users::save(client, uuid::Uuid::new_v4()).await.unwrap();
    let private =
        installation_with_ap(client, "0000.00000", "PARIS", Some(owner.id), AP_PRIVATE).await;
    (essonne, paris, private)
}

#[tokio::test]
async fn pages_are_found_by_french_words_whatever_their_accents_and_endings() {
    let db = TestDatabase::new().await;
    let client = db.client().await;
    let (_, paris, private) = three_installations(&client).await;
    replace(
        &client,
        AP_1,
        &pages(&[
            "Arrêté préfectoral portant prescriptions complémentaires",
            "Les installations classées rejettent leurs eaux pluviales dans le réseau.",
        ]),
    )
    .await
    .unwrap();
    replace(
        &client,
        AP_2,
        &pages(&["Les rejets atmosphériques de l'installation de séchage."]),
    )
    .await
    .unwrap();
    replace(&client, AP_PRIVATE, &pages(&["Une installation privée."]))
        .await
        .unwrap();

    // Stemmed: "installations" finds "installation" and back; unaccented: "arrete" finds
    // "Arrêté", "séchage" "sechage".
    let mut found = hits(&client, "installations", EVERYWHERE).await;
    found.sort();
    assert_eq!(found, [at(AP_1, 2), at(AP_2, 1)]);
    assert_eq!(
        hits(&client, "arrete prefectoraux", EVERYWHERE).await,
        [at(AP_1, 1)]
    );
    assert_eq!(hits(&client, "SECHAGE", EVERYWHERE).await, [at(AP_2, 1)]);
    assert_eq!(
        hits(&client, "installation -pluviales", EVERYWHERE).await,
        [at(AP_2, 1)]
    );
    assert_eq!(
        hits(&client, "\"eaux pluviales\"", EVERYWHERE).await,
        [at(AP_1, 2)]
    );
    assert_eq!(hits(&client, "\"pluviales eaux\"", EVERYWHERE).await, []);
    assert_eq!(
        hits(&client, "installation", Scope::Installation(paris)).await,
        [at(AP_2, 1)]
    );
    assert!(hits(&client, "", EVERYWHERE).await.is_empty());
    assert!(hits(&client, "le la de du", EVERYWHERE).await.is_empty());

    // A private installation's APs are never found, not even in its own scope.
    assert!(hits(&client, "privée", EVERYWHERE).await.is_empty());
    assert!(
        hits(&client, "privée", Scope::Installation(private))
            .await
            .is_empty()
    );
    let in_paris = Scope::Everywhere {
        department: Some("PARIS"),
    };
    assert_eq!(hits(&client, "installation", in_paris).await, [at(AP_2, 1)]);

    // A hit names its AP, its installation, and a fragment of the page from the words found
    // on, with them marked.
    let found = search(&client, "rejets", Scope::Installation(paris), 0, 1)
        .await
        .unwrap();
    let hit = &found.hits[0];
    assert_eq!(
        hit.snippet,
        format!("{MATCH_START}rejets{MATCH_END} atmosphériques de l'installation de séchage")
    );
    assert_eq!(hit.ap.description.as_deref(), Some("AP de 0065.00037"));
    assert_eq!(hit.installation.id, paris);
    assert_eq!(hit.installation.s3ic_id.to_string(), "0065.00037");
    assert_eq!(hit.installation.name, "Installation 0065.00037");

    // Replaced whole: a page that is no more is not found.
    replace(
        &client,
        AP_1,
        &pages(&["Arrêté préfectoral portant prescriptions complémentaires"]),
    )
    .await
    .unwrap();
    assert_eq!(hits(&client, "pluviales", EVERYWHERE).await, []);
}

#[tokio::test]
async fn the_page_with_more_of_the_words_ranks_first() {
    let db = TestDatabase::new().await;
    let client = db.client().await;
    three_installations(&client).await;
    let filler = "Le présent arrêté s'applique à l'exploitant.";
    replace(
        &client,
        AP_1,
        &pages(&[
            &format!("{filler} Le bruit en limite de propriété."),
            &format!("{filler} Le bruit, le bruit de nuit, les émergences de bruit."),
        ]),
    )
    .await
    .unwrap();
    replace(
        &client,
        AP_2,
        &pages(&[&format!("{filler} Mesures de bruit et de bruit ambiant.")]),
    )
    .await
    .unwrap();
    assert_eq!(
        hits(&client, "bruit", EVERYWHERE).await,
        [at(AP_1, 2), at(AP_2, 1), at(AP_1, 1)]
    );
    // The best of all, not the best of those read first.
    let best = search(&client, "bruit", EVERYWHERE, 0, 1).await.unwrap();
    assert_eq!(ids(&best), [at(AP_1, 2)]);
}

#[tokio::test]
async fn a_departement_keeps_its_installations_pages_only() {
    let db = TestDatabase::new().await;
    let client = db.client().await;
    three_installations(&client).await;
    replace(&client, AP_1, &pages(&["Stockage de déchets inertes."]))
        .await
        .unwrap();
    replace(&client, AP_2, &pages(&["Stockage de produits chimiques."]))
        .await
        .unwrap();
    replace(&client, AP_PRIVATE, &pages(&["Stockage privé."]))
        .await
        .unwrap();
    let in_department = |department| Scope::Everywhere {
        department: Some(department),
    };
    assert_eq!(
        hits(&client, "stockage", in_department("ESSONNE")).await,
        [at(AP_1, 1)]
    );
    assert_eq!(
        hits(&client, "stockage", in_department("PARIS")).await,
        [at(AP_2, 1)],
        "the private installation in Paris is left out"
    );
    assert_eq!(hits(&client, "stockage", in_department("NORD")).await, []);
}

#[tokio::test]
async fn pages_of_results_follow_the_ranking_and_count_what_was_found() {
    let db = TestDatabase::new().await;
    let client = db.client().await;
    three_installations(&client).await;
    // Page n holds "odeur" n times: page 25 ranks first, page 1 last.
    let texts: Vec<String> = (1..=25)
        .map(|n| format!("Contrôle des rejets. {}", "odeur ".repeat(n)))
        .collect();
    replace(&client, AP_1, &texts).await.unwrap();

    let first = search(&client, "odeurs", EVERYWHERE, 0, 20).await.unwrap();
    assert_eq!(first.ranked, 25);
    assert!(!first.is_truncated());
    let expected: Vec<(String, i32)> = (6..=25).rev().map(|page| at(AP_1, page)).collect();
    assert_eq!(ids(&first), expected);
    let second = search(&client, "odeurs", EVERYWHERE, 20, 20).await.unwrap();
    assert_eq!(second.ranked, 25);
    let expected: Vec<(String, i32)> = (1..=5).rev().map(|page| at(AP_1, page)).collect();
    assert_eq!(ids(&second), expected);
    let past = search(&client, "odeurs", EVERYWHERE, 40, 20).await.unwrap();
    assert_eq!((past.hits.len(), past.ranked), (0, 0));
}

#[tokio::test]
async fn a_word_found_on_more_pages_than_ranked_says_so() {
    let db = TestDatabase::new().await;
    let client = db.client().await;
    three_installations(&client).await;
    let count = usize::try_from(MAX_RANKED).unwrap() + 5;
    let texts: Vec<String> = (0..count).map(|n| format!("Article {n}.")).collect();
    replace(&client, AP_1, &texts).await.unwrap();
    let found = search(&client, "article", EVERYWHERE, 0, 20).await.unwrap();
    assert_eq!(found.hits.len(), 20);
    assert_eq!(found.ranked, MAX_RANKED + 1);
    assert!(found.is_truncated());
    let last = search(&client, "article", EVERYWHERE, MAX_RANKED - 20, 20)
        .await
        .unwrap();
    assert_eq!(last.hits.len(), 20, "the last page of those ranked");
}

#[tokio::test]
async fn the_departements_offered_are_those_of_public_installations_once_each_in_order() {
    let db = TestDatabase::new().await;
    let client = db.client().await;
    let owner = users::save(&client, uuid::Uuid::new_v4()).await.unwrap();
    for (s3ic_id, department, user_id) in [
        ("0065.00001", Some("PARIS"), None),
        ("0065.00002", Some("ESSONNE"), None),
        ("0065.00003", Some("PARIS"), None),
        ("0065.00004", None, None),
        ("0065.00005", Some(" "), None),
        ("0065.00006", Some("VAL D'OISE"), None),
        ("0000.00000", Some("NORD"), Some(owner.id)),
    ] {
        client
            .execute(
                "INSERT INTO installations (s3ic_id, name, department, user_id)
                 VALUES ($1, 'X', $2, $3)",
                &[&s3ic_id, &department, &user_id],
            )
            .await
            .unwrap();
    }
    assert_eq!(
        public_departments(&client).await.unwrap(),
        ["ESSONNE", "PARIS", "VAL D'OISE"]
    );
}
