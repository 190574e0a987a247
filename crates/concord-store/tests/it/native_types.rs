//! One schema source, native types on each engine: PostgreSQL gets uuid, date,
//! timestamptz and jsonb; SQLite stores uuids as 16-byte blobs and dates as ISO text.

use concord_domain::AgencyKind;
use concord_store::Db;

use crate::support::*;

async fn pg_column_type(db: &Db, table: &str, column: &str) -> String {
    let Db::Postgres(pool) = db else {
        unreachable!("PostgreSQL only")
    };
    sqlx::query_scalar::<_, String>(
        "SELECT data_type::text FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND column_name = $2",
    )
    .bind(table)
    .bind(column)
    .fetch_one(pool)
    .await
    .unwrap_or_else(|e| panic!("{table}.{column}: {e}"))
}

#[tokio::test]
async fn each_engine_stores_the_native_types() {
    for t in concord_testkit::databases().await {
        match &t.db {
            Db::Postgres(pool) => {
                for (table, column, expected) in [
                    ("person", "id", "uuid"),
                    ("person", "date_of_birth", "date"),
                    ("person", "created_at", "timestamp with time zone"),
                    ("person", "version", "bigint"),
                    ("audit_event", "detail", "jsonb"),
                    ("audit_event", "at", "timestamp with time zone"),
                    ("role", "permissions", "jsonb"),
                    ("app_user", "active", "boolean"),
                    ("record_change", "changes", "jsonb"),
                ] {
                    assert_eq!(
                        pg_column_type(&t.db, table, column).await,
                        expected,
                        "{}: {table}.{column}",
                        t.label
                    );
                }
                let collation: Option<String> = sqlx::query_scalar(
                    "SELECT collation_name::text FROM information_schema.columns WHERE table_name = 'person_search_token' AND column_name = 'token'",
                )
                .fetch_one(pool)
                .await
                .unwrap();
                assert_eq!(
                    collation.as_deref(),
                    Some("C"),
                    "{}: search tokens compare bytewise",
                    t.label
                );
            }
            Db::Sqlite(_) => {
                let agency = add_agency(&t.db, "POL", AgencyKind::Police).await;
                let actor = police_actor(agency);
                let mut tx = t.db.begin().await.unwrap();
                add_person(&mut tx, &actor, "Ann", "Smith", ymd(1980, 1, 2)).await;
                tx.commit().await.unwrap();
                let shape = text(
                    &t.db,
                    "SELECT typeof(id) || ' ' || length(id) || ' ' || date_of_birth FROM person",
                )
                .await;
                assert_eq!(shape.as_deref(), Some("blob 16 1980-01-02"), "{}", t.label);
            }
        }
        t.finish().await;
    }
}
