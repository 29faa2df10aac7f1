//! The schema's constraints hold what the data promises, and only that.

use envinorma_core::{Classement, Regime, Volume};
use envinorma_db::installations::{add_classement, create_fictive, duplicate};
use envinorma_db::prescriptions::{NewPrescription, insert};
use envinorma_db::testing::{TestDatabase, count};
use envinorma_db::tokio_postgres::error::SqlState;
use envinorma_db::{Client, DbError, users};

const PUBLIC: &str = "INSERT INTO installations (s3ic_id, name) VALUES ($1, $2) RETURNING id";

/// Inserts the public installation 0065.00005 (named A); its id.
async fn public_installation(client: &impl Client) -> i64 {
    let row = client.query_one(PUBLIC, &[&"0065.00005", &"A"]).await;
    row.unwrap().get(0)
}

fn code(error: &envinorma_db::tokio_postgres::Error) -> SqlState {
    error.code().cloned().unwrap_or(SqlState::INTERNAL_ERROR)
}

fn prescription(user_id: i64, installation_id: i64) -> NewPrescription<'static> {
    NewPrescription {
        user_id,
        installation_id,
        from_am_id: None,
        alinea_id: None,
        reference: "Art. 3 de l'AP",
        content: "Le bruit est mesuré chaque année.",
        text_reference: Some("AP - 2010"),
        rank: None,
        topic: "AUCUN",
        is_table: false,
        name: None,
    }
}

#[tokio::test]
async fn public_s3ic_ids_are_unique_but_users_copies_repeat_them() {
    let db = TestDatabase::new().await;
    let client = db.client().await;
    let id = public_installation(&client).await;
    let again = client
        .query_one(PUBLIC, &[&"0065.00005", &"B"])
        .await
        .unwrap_err();
    assert_eq!(code(&again), SqlState::UNIQUE_VIOLATION);
    let (alice, bob) = (
        users::save(&client, uuid::Uuid::new_v4()).await.unwrap(),
        users::save(&client, uuid::Uuid::new_v4()).await.unwrap(),
    );
    assert!(duplicate(&client, id, alice.id).await.unwrap().is_some());
    assert!(duplicate(&client, id, bob.id).await.unwrap().is_some());
    let twice = duplicate(&client, id, alice.id).await.unwrap_err();
    assert!(
        matches!(&twice, DbError::Postgres(e) if code(e) == SqlState::UNIQUE_VIOLATION),
        "{twice}"
    );
}

#[tokio::test]
async fn ids_and_regimes_outside_their_formats_are_refused() {
    let db = TestDatabase::new().await;
    let client = db.client().await;
    for (sql, value) in [
        (PUBLIC, "65.5"),
        (PUBLIC, "0000.00000"),
        (
            "INSERT INTO installations (s3ic_id, name, regime) VALUES ('0065.00005', $1, 'DC')",
            "x",
        ),
        (
            "INSERT INTO classement_references (rubrique, regime) VALUES ($1, 'unknown')",
            "1185",
        ),
        (
            "INSERT INTO classement_references (rubrique, regime) VALUES ($1, 'A ')",
            "1185",
        ),
    ] {
        let error = if sql == PUBLIC {
            client.query_one(sql, &[&value, &"name"]).await.unwrap_err()
        } else {
            client.execute(sql, &[&value]).await.unwrap_err()
        };
        assert_eq!(
            code(&error),
            SqlState::CHECK_VIOLATION,
            "{sql} {value}: {error}"
        );
    }
}

#[tokio::test]
async fn rubriques_of_any_shape_and_identical_classements_are_accepted() {
    let db = TestDatabase::new().await;
    let client = db.client().await;
    let id = public_installation(&client).await;
    for rubrique in ["47xx", "47xx", "167", "2521"] {
        let classement = Classement {
            rubrique: Some(rubrique.into()),
            regime: Regime::NC,
            alinea: None,
            date_autorisation: None,
            date_mise_en_service: None,
            volume: Volume::from_csv("", ""),
        };
        add_classement(&client, id, &classement).await.unwrap();
    }
}

#[tokio::test]
async fn a_blank_alinea_is_a_key_value_of_the_catalogue() {
    let db = TestDatabase::new().await;
    let client = db.client().await;
    let sql =
        "INSERT INTO classement_references (rubrique, regime, alinea) VALUES ('2521', 'E', $1)";
    client.execute(sql, &[&Option::<&str>::None]).await.unwrap();
    client.execute(sql, &[&Some("1")]).await.unwrap();
    let error = client
        .execute(sql, &[&Option::<&str>::None])
        .await
        .unwrap_err();
    assert_eq!(code(&error), SqlState::UNIQUE_VIOLATION);
}

#[tokio::test]
async fn deleting_a_user_deletes_their_installations_and_prescriptions_only() {
    let db = TestDatabase::new().await;
    let client = db.client().await;
    let public = public_installation(&client).await;
    let (alice, bob) = (
        users::save(&client, uuid::Uuid::new_v4()).await.unwrap(),
        users::save(&client, uuid::Uuid::new_v4()).await.unwrap(),
    );
    let fictive = create_fictive(&client, alice.id, "Mon installation")
        .await
        .unwrap();
    insert(&client, &prescription(alice.id, fictive))
        .await
        .unwrap();
    insert(&client, &prescription(alice.id, public))
        .await
        .unwrap();
    insert(&client, &prescription(bob.id, public))
        .await
        .unwrap();
    client
        .execute("DELETE FROM users WHERE id = $1", &[&alice.id])
        .await
        .unwrap();
    let left: Vec<(i64, i64)> = client
        .query(
            "SELECT (SELECT count(*) FROM installations), (SELECT count(*) FROM prescriptions)",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(left, [(1, 1)]);
}

#[tokio::test]
async fn a_copy_outlives_its_original() {
    let db = TestDatabase::new().await;
    let client = db.client().await;
    let public = public_installation(&client).await;
    let alice = users::save(&client, uuid::Uuid::new_v4()).await.unwrap();
    let copy = duplicate(&client, public, alice.id).await.unwrap().unwrap();
    client
        .execute("DELETE FROM installations WHERE id = $1", &[&public])
        .await
        .unwrap();
    let row = client
        .query_one(
            "SELECT s3ic_id, duplicated_from_id FROM installations WHERE id = $1",
            &[&copy],
        )
        .await
        .unwrap();
    assert_eq!(
        (row.get::<_, String>(0), row.get::<_, Option<i64>>(1)),
        ("0065.00005".into(), None)
    );
}

#[tokio::test]
async fn removing_an_am_removes_the_prescriptions_taken_from_it() {
    let db = TestDatabase::new().await;
    let client = db.client().await;
    client
        .execute(
            "INSERT INTO ams (cid, title, data, aida_url, legifrance_url, date_of_signature)
             VALUES ('JORFTEXT000000369330', 'Arrêté du 9 avril 2019', '{\"sections\": []}',
                     'https://aida.ineris.fr/consultation_document/1234',
                     'https://www.legifrance.gouv.fr/loda/id/JORFTEXT000000369330', '2019-04-09')",
            &[],
        )
        .await
        .unwrap();
    let public = public_installation(&client).await;
    let alice = users::save(&client, uuid::Uuid::new_v4()).await.unwrap();
    let from_am = NewPrescription {
        from_am_id: Some("JORFTEXT000000369330"),
        alinea_id: Some("FB8Fff10c1Ab_1"),
        ..prescription(alice.id, public)
    };
    insert(&client, &from_am).await.unwrap();
    insert(&client, &prescription(alice.id, public))
        .await
        .unwrap();
    let twice = insert(&client, &from_am).await.unwrap_err();
    assert!(
        matches!(&twice, DbError::Postgres(e) if code(e) == SqlState::UNIQUE_VIOLATION),
        "{twice}"
    );
    client.execute("DELETE FROM ams", &[]).await.unwrap();
    let left: i64 = count(&client, "SELECT count(*) FROM prescriptions").await;
    assert_eq!(left, 1);
}

#[tokio::test]
async fn users_get_distinct_unguessable_tokens_and_visits_are_recorded() {
    let db = TestDatabase::new().await;
    let client = db.client().await;
    let (alice, bob) = (
        users::save(&client, uuid::Uuid::new_v4()).await.unwrap(),
        users::save(&client, uuid::Uuid::new_v4()).await.unwrap(),
    );
    assert_ne!(alice.id, bob.id);
    assert_eq!(users::save(&client, alice.token).await.unwrap(), alice);
    client
        .execute(
            "UPDATE users SET updated_at = now() - interval '4 months'",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(
        users::recognise(&client, alice.token).await.unwrap(),
        Some(users::Known {
            id: alice.id,
            has_installations: false
        })
    );
    assert_eq!(
        users::recognise(&client, uuid::Uuid::new_v4())
            .await
            .unwrap(),
        None
    );
    let stale: i64 = count(
        &client,
        "SELECT count(*) FROM users WHERE updated_at < now() - interval '3 months'",
    )
    .await;
    assert_eq!(stale, 1);
}

#[tokio::test]
async fn dates_keep_their_day_through_the_database() {
    use envinorma_core::Date;
    use envinorma_db::pg_date::PgDate;
    let db = TestDatabase::new().await;
    let client = db.client().await;
    for text in ["0019-12-09", "1814-11-23", "2020-02-29", "2021-03-18"] {
        let date = PgDate(Date::parse(text).unwrap());
        let row = client
            .query_one("SELECT $1::date::text, $1::date", &[&date])
            .await
            .unwrap();
        assert_eq!(row.get::<_, String>(0), text);
        assert_eq!(row.get::<_, PgDate>(1), date);
    }
}
