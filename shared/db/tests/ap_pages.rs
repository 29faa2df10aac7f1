//! The text of the APs' pages and the French full-text search in it.

use envinorma_db::Client;
use envinorma_db::ap_pages::{MATCH_END, MATCH_START, replace, search};
use envinorma_db::testing::TestDatabase;
use envinorma_db::users;

const AP_1: &str = "D/b/888cd0e0031343ebae4c0e28ef5d8bab";
const AP_2: &str = "P/c/b6896c18c4964031a644c67b4618d88c";
const AP_PRIVATE: &str = "A/1/00000000000000000000000000000001";

/// An installation (of a user when `user_id` is set) with one AP.
async fn installation_with_ap(client: &impl Client, s3ic_id: &str, user_id: Option<i64>, ap: &str) {
    let row = client
        .query_one(
            "INSERT INTO installations (s3ic_id, name, user_id) VALUES ($1, 'X', $2) RETURNING id",
            &[&s3ic_id, &user_id],
        )
        .await
        .unwrap();
    let id: i64 = row.get(0);
    client
        .execute(
            "INSERT INTO aps (georisques_id, installation_id, installation_s3ic_id) VALUES ($1, $2, $3)",
            &[&ap, &id, &s3ic_id],
        )
        .await
        .unwrap();
}

fn pages(texts: &[&str]) -> Vec<String> {
    texts.iter().map(|t| t.to_string()).collect()
}

/// (georisques id, page) of each hit, best first.
async fn hits(client: &impl Client, query: &str, s3ic_id: Option<&str>) -> Vec<(String, i32)> {
    search(client, query, s3ic_id, 20)
        .await
        .unwrap()
        .into_iter()
        .map(|hit| (hit.georisques_id, hit.page))
        .collect()
}

#[tokio::test]
async fn pages_are_found_by_french_words_whatever_their_accents_and_endings() {
    let db = TestDatabase::new().await;
    let client = db.client().await;
    installation_with_ap(&client, "0065.00005", None, AP_1).await;
    installation_with_ap(&client, "0065.00037", None, AP_2).await;
    let owner = users::save(&client, uuid::Uuid::new_v4()).await.unwrap();
    installation_with_ap(&client, "0000.00000", Some(owner.id), AP_PRIVATE).await;
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

    // Stemmed and unaccented: "installation" finds "installations"; "arretes" finds "Arrêté".
    let mut found = hits(&client, "installation", None).await;
    found.sort();
    assert_eq!(found, [(AP_1.to_string(), 2), (AP_2.to_string(), 1)]);
    assert_eq!(
        hits(&client, "arretes prefectoraux", None).await,
        [(AP_1.to_string(), 1)]
    );
    assert_eq!(
        hits(&client, "installation -pluviales", None).await,
        [(AP_2.to_string(), 1)]
    );
    assert_eq!(
        hits(&client, "installation", Some("0065.00037")).await,
        [(AP_2.to_string(), 1)]
    );
    assert!(
        hits(&client, "privée", None).await.is_empty(),
        "a private installation's AP"
    );
    assert!(hits(&client, "", None).await.is_empty());

    // A snippet is a fragment of the page from the words found on, with them marked.
    let snippet = &search(&client, "rejets", Some("0065.00037"), 1)
        .await
        .unwrap()[0]
        .snippet;
    assert_eq!(
        snippet,
        &format!("{MATCH_START}rejets{MATCH_END} atmosphériques de l'installation de séchage")
    );

    // Replaced whole: a page that is no more is not found.
    replace(
        &client,
        AP_1,
        &pages(&["Arrêté préfectoral portant prescriptions complémentaires"]),
    )
    .await
    .unwrap();
    assert_eq!(hits(&client, "pluviales", None).await, []);
}
