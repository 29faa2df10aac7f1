//! Repository functions take whatever client the caller holds, as it is: a pooled connection,
//! one of its transactions, a plain connection or one of its transactions.

use envinorma_core::icpe_csv::S3icId;
use envinorma_db::installations;
use envinorma_db::testing::TestDatabase;
use envinorma_db::users;

#[tokio::test]
async fn every_kind_of_client_runs_the_same_repository_function() {
    let db = TestDatabase::new().await;
    let mut pooled = db.client().await;
    let mut plain = db.config().connect().await.unwrap();

    let alice = users::save(&pooled, uuid::Uuid::new_v4()).await.unwrap();
    let tx = pooled.transaction().await.unwrap();
    let bob = users::save(&tx, uuid::Uuid::new_v4()).await.unwrap();
    tx.commit().await.unwrap();
    let carol = users::save(&plain, uuid::Uuid::new_v4()).await.unwrap();
    let tx = plain.transaction().await.unwrap();
    let dave = users::save(&tx, uuid::Uuid::new_v4()).await.unwrap();
    tx.commit().await.unwrap();

    for user in [alice, bob, carol, dave] {
        let known = users::recognise(&pooled, user.token).await.unwrap();
        assert_eq!(known.map(|known| known.id), Some(user.id));
    }
}

#[tokio::test]
async fn installations_read_back_with_their_s3ic_id_typed() {
    let db = TestDatabase::new().await;
    let client = db.client().await;
    let user = users::save(&client, uuid::Uuid::new_v4()).await.unwrap();
    let fictive = installations::create_fictive(&client, user.id, "Mon installation")
        .await
        .unwrap();
    client
        .execute(
            "INSERT INTO installations (s3ic_id, name) VALUES ('0065.00005', 'Publique')",
            &[],
        )
        .await
        .unwrap();
    let s3ic = S3icId::parse("0065.00005").unwrap();
    let public = installations::public_id(&client, s3ic)
        .await
        .unwrap()
        .unwrap();

    let read = installations::get(&client, public).await.unwrap().unwrap();
    assert_eq!(read.s3ic_id, s3ic);
    assert!(!read.is_fictive());
    let (read, classements, aps) = installations::with_classements_and_aps(&client, fictive)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(read.s3ic_id, S3icId::FICTIVE);
    assert!(read.is_fictive());
    assert_eq!((classements.len(), aps.len()), (0, 0));
}
