//! The installation search: the original's rule on search keys, short parts at word starts.

use envinorma_db::Client;
use envinorma_db::installations::{MAX_SEARCH_CHARS, search, search_text};
use envinorma_db::testing::TestDatabase;

const PUBLIC: &str =
    "INSERT INTO installations (s3ic_id, name, city, zipcode) VALUES ($1, $2, $3, $4)";

async fn with_installations() -> TestDatabase {
    let db = TestDatabase::new().await;
    let client = db.client().await;
    for (s3ic_id, name, city, zipcode) in [
        (
            "0065.00037",
            "GOULARD Enrobés",
            "Saint-Ouen-l'Aumône",
            "95310",
        ),
        ("0065.06351", "EVA INDUSTRIES", "AULNAY SOUS BOIS", "93600"),
        (
            "0070.00012",
            "Société des Eaux de l'Étang",
            "Paris",
            "75012",
        ),
    ] {
        client
            .execute(PUBLIC, &[&s3ic_id, &name, &city, &zipcode])
            .await
            .unwrap();
    }
    db
}

/// The S3IC ids found for `query`, sorted.
async fn found(client: &impl Client, query: &str) -> Vec<String> {
    let mut ids: Vec<String> = search(client, query, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|installation| installation.s3ic_id.to_string())
        .collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn parts_of_three_characters_or_more_are_found_anywhere_ignoring_case_accents_and_punctuation()
 {
    let db = with_installations().await;
    let client = db.client().await;
    assert_eq!(found(&client, "ENROBES").await, ["0065.00037"]);
    assert_eq!(found(&client, "rob").await, ["0065.00037"]);
    assert_eq!(found(&client, "etang").await, ["0070.00012"]);
    assert_eq!(found(&client, "saint ouen").await, ["0065.00037"]);
    assert_eq!(found(&client, "l'aumone").await, ["0065.00037"]);
    assert_eq!(found(&client, "0065.00037").await, ["0065.00037"]);
    assert_eq!(found(&client, "065").await, ["0065.00037", "0065.06351"]);
    // Split at the last space: the first words in one field, the last word in one.
    assert_eq!(
        found(&client, "eva industries aulnay").await,
        ["0065.06351"]
    );
    assert_eq!(found(&client, "sous bois eva").await, ["0065.06351"]);
    assert!(found(&client, "eva paris").await.is_empty());
    // A part never spans two fields.
    assert!(found(&client, "industries aulnay sous").await.is_empty());
    assert!(found(&client, "industries\naulnay").await.is_empty());
    assert!(found(&client, "zzyzx").await.is_empty());
}

#[tokio::test]
async fn shorter_parts_are_found_at_the_start_of_a_word() {
    let db = with_installations().await;
    let client = db.client().await;
    assert_eq!(found(&client, "75").await, ["0070.00012"]);
    assert_eq!(found(&client, "9").await, ["0065.00037", "0065.06351"]);
    assert_eq!(found(&client, "ou").await, ["0065.00037"]);
    assert_eq!(
        found(&client, "É").await,
        ["0065.00037", "0065.06351", "0070.00012"]
    );
    assert_eq!(found(&client, "goulard 95").await, ["0065.00037"]);
    assert_eq!(found(&client, "so de").await, ["0070.00012"]);
    // Inside a word, two characters are not enough.
    assert!(found(&client, "ul").await.is_empty());
    assert!(found(&client, "5").await.is_empty());
}

#[tokio::test]
async fn parts_without_letter_or_digit_are_left_out_and_alone_find_nothing() {
    let db = with_installations().await;
    let client = db.client().await;
    for query in ["", "   ", "%", "_", "-- '", "\\"] {
        assert!(found(&client, query).await.is_empty(), "{query:?}");
    }
    assert_eq!(found(&client, "eva %").await, ["0065.06351"]);
    assert_eq!(found(&client, "% eva").await, ["0065.06351"]);
    // `%` is no wildcard: "e%a" is not "eva".
    assert!(found(&client, "e%a").await.is_empty());
}

#[tokio::test]
async fn only_the_first_two_hundred_characters_count() {
    let long = format!("{}{}", "é".repeat(MAX_SEARCH_CHARS), "xyz");
    assert_eq!(search_text(&long).chars().count(), MAX_SEARCH_CHARS);
    assert_eq!(search_text("eva"), "eva");
    let db = with_installations().await;
    let client = db.client().await;
    let padded = format!("eva{}zzyzx", " ".repeat(MAX_SEARCH_CHARS));
    assert_eq!(found(&client, &padded).await, ["0065.06351"]);
}
