//! The purge on a generated database: 100,000 users, 30 % not seen for four months, each with
//! a fictive installation, half of them with a copy of a public installation, classements and
//! prescriptions on each. Exactly the stale users' rows go; public installations stay; a
//! second run finds nothing. The duration is printed (the README's figure), not asserted.

use envinorma_db::testing::{TestDatabase, count};
use envinorma_purge::purge;

const GENERATE: &str = "
    INSERT INTO installations (s3ic_id, name)
    SELECT lpad(i::text, 4, '0') || '.00001', 'Publique ' || i FROM generate_series(1, 100) i;
    INSERT INTO users (updated_at)
    SELECT CASE WHEN n % 10 < 3 THEN now() - interval '4 months' ELSE now() - interval '1 month' END
    FROM generate_series(1, 100000) n;
    INSERT INTO installations (s3ic_id, name, user_id)
    SELECT '0000.00000', 'Fictive', id FROM users;
    INSERT INTO installations (s3ic_id, name, user_id, duplicated_from_id)
    SELECT p.s3ic_id, p.name, u.id, p.id
    FROM users u
    JOIN (SELECT id, s3ic_id, name, row_number() OVER (ORDER BY id) AS n
          FROM installations WHERE user_id IS NULL) p ON p.n = u.id % 100 + 1
    WHERE u.id % 2 = 0;
    INSERT INTO classements (installation_id, rubrique, regime) SELECT id, '2510', 'A' FROM installations;
    INSERT INTO prescriptions (user_id, installation_id, reference, content)
    SELECT user_id, id, 'Article 1', 'Contenu' FROM installations WHERE user_id IS NOT NULL;
    ANALYZE;";

/// Rows of each table that belong to users seen lately (or to no user).
const KEPT: [(&str, &str); 4] = [
    (
        "users",
        "SELECT count(*) FROM users WHERE updated_at > now() - interval '3 months'",
    ),
    (
        "installations",
        "SELECT count(*) FROM installations i LEFT JOIN users u ON u.id = i.user_id
         WHERE i.user_id IS NULL OR u.updated_at > now() - interval '3 months'",
    ),
    (
        "classements",
        "SELECT count(*) FROM classements c JOIN installations i ON i.id = c.installation_id
         LEFT JOIN users u ON u.id = i.user_id
         WHERE i.user_id IS NULL OR u.updated_at > now() - interval '3 months'",
    ),
    (
        "prescriptions",
        "SELECT count(*) FROM prescriptions p JOIN users u ON u.id = p.user_id
         WHERE u.updated_at > now() - interval '3 months'",
    ),
];

#[tokio::test]
async fn exactly_the_users_not_seen_for_three_months_go_with_their_data_and_once() {
    let db = TestDatabase::new().await;
    let client = db.client().await;
    client.batch_execute(GENERATE).await.unwrap();
    let mut kept = Vec::new();
    for (table, sql) in KEPT {
        kept.push((table, count(&client, sql).await));
    }
    let users = count(&client, "SELECT count(*) FROM users").await;

    let dry = purge(db.pool(), true).await.unwrap();
    assert_eq!(dry.users, users - kept[0].1);
    assert_eq!(count(&client, "SELECT count(*) FROM users").await, users);

    let summary = purge(db.pool(), false).await.unwrap();
    eprintln!(
        "purge: {} users, {} installations, {} prescriptions in {} batches, {} ms",
        summary.users,
        summary.installations,
        summary.prescriptions,
        summary.batches,
        summary.duration_ms
    );
    assert_eq!(
        (summary.users, summary.installations, summary.prescriptions),
        (dry.users, dry.installations, dry.prescriptions)
    );
    for (table, expected) in &kept {
        let left = count(&client, &format!("SELECT count(*) FROM {table}")).await;
        assert_eq!(left, *expected, "{table}");
    }
    let public = count(
        &client,
        "SELECT count(*) FROM installations WHERE user_id IS NULL",
    )
    .await;
    assert_eq!(public, 100);

    let again = purge(db.pool(), false).await.unwrap();
    assert_eq!(
        (again.users, again.installations, again.prescriptions),
        (0, 0, 0)
    );
}
