//! Bulk loading of the synthetic register: test-fixture loading, like `pgbench -i`.
//!
//! Registering a million people through `register_person` (validation, capability,
//! field history, an audit event and a chain lock per person) would take hours, so this
//! writes the rows directly with multi-row INSERT statements (at most 1,000 rows each),
//! one transaction per chunk of 1,000 people, on the bench's own pool. The SQL lives here,
//! beside its one purpose, rather than in concord-store, which the application uses: no
//! request path can reach it. The rows are those `register_person` writes for the same
//! person (person, name search tokens, identifiers, address, warning markers), but with
//! no field history or audit events: they are fixtures, not registrations, and the audit
//! chain is left intact.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use concord_store::Db;
use sqlx::{Database, Encode, Executor, IntoArguments, Pool, Type};
use uuid::Uuid;

use super::population::{Population, SyntheticPerson};

/// People per transaction, and the most rows in one INSERT statement. 1,000 rows of the
/// widest table (13 columns) bind 13,000 values: under PostgreSQL's 65,535 and SQLite's
/// 32,766.
pub const CHUNK: u64 = 1_000;

/// Who owns and raised the bulk records.
#[derive(Debug, Clone, Copy)]
pub struct Owner {
    pub agency_id: Uuid,
    pub user_id: Uuid,
}

/// Load bulk people `0..count` in chunks with `workers` concurrent transactions;
/// `progress(done)` is called after each chunk commits.
pub async fn load(
    db: &Db,
    population: Arc<Population>,
    owner: Owner,
    count: u64,
    workers: usize,
    progress: Arc<dyn Fn(u64) + Send + Sync>,
) -> anyhow::Result<()> {
    match db {
        Db::Postgres(pool) => run(pool, population, owner, count, workers, progress).await,
        // SQLite has one writer at a time: more workers would only wait on each other.
        Db::Sqlite(pool) => run(pool, population, owner, count, 1, progress).await,
    }
}

async fn run<DB>(
    pool: &Pool<DB>,
    population: Arc<Population>,
    owner: Owner,
    count: u64,
    workers: usize,
    progress: Arc<dyn Fn(u64) + Send + Sync>,
) -> anyhow::Result<()>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'a> DB::Arguments<'a>: IntoArguments<'a, DB>,
    for<'a> Uuid: Encode<'a, DB> + Type<DB>,
    for<'a> String: Encode<'a, DB> + Type<DB>,
    for<'a> Option<String>: Encode<'a, DB>,
    for<'a> NaiveDate: Encode<'a, DB> + Type<DB>,
    for<'a> Option<NaiveDate>: Encode<'a, DB>,
    for<'a> DateTime<Utc>: Encode<'a, DB> + Type<DB>,
    for<'a> i64: Encode<'a, DB> + Type<DB>,
{
    let next_chunk = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicU64::new(0));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..workers.max(1) {
        let (pool, population, next_chunk, done, progress) = (
            pool.clone(),
            population.clone(),
            next_chunk.clone(),
            done.clone(),
            progress.clone(),
        );
        tasks.spawn(async move {
            loop {
                let start = next_chunk.fetch_add(1, Ordering::Relaxed) * CHUNK;
                if start >= count {
                    return Ok::<(), anyhow::Error>(());
                }
                let end = (start + CHUNK).min(count);
                let people: Vec<SyntheticPerson> =
                    (start..end).map(|i| population.person(i)).collect();
                let mut tx = pool.begin().await?;
                insert_chunk(&mut *tx, &people, owner)
                    .await
                    .with_context(|| format!("loading bulk people {start}..{end}"))?;
                tx.commit().await?;
                progress(done.fetch_add(end - start, Ordering::Relaxed) + (end - start));
            }
        });
    }
    while let Some(result) = tasks.join_next().await {
        result??;
    }
    Ok(())
}

/// Insert one chunk: every table, in foreign-key order.
async fn insert_chunk<DB>(
    conn: &mut DB::Connection,
    people: &[SyntheticPerson],
    owner: Owner,
) -> anyhow::Result<()>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'a> DB::Arguments<'a>: IntoArguments<'a, DB>,
    for<'a> Uuid: Encode<'a, DB> + Type<DB>,
    for<'a> String: Encode<'a, DB> + Type<DB>,
    for<'a> Option<String>: Encode<'a, DB>,
    for<'a> NaiveDate: Encode<'a, DB> + Type<DB>,
    for<'a> Option<NaiveDate>: Encode<'a, DB>,
    for<'a> DateTime<Utc>: Encode<'a, DB> + Type<DB>,
    for<'a> i64: Encode<'a, DB> + Type<DB>,
{
    let now = Utc::now();
    let agency = owner.agency_id;

    let sql = concord_store::multi_row_insert(
        "person (id, owning_agency_id, given_name, middle_names, family_name, sort_key, date_of_birth, gender, created_at, updated_at, version)",
        11,
        people.len(),
        DB::NAME != "SQLite",
    );
    let mut q = sqlx::query::<DB>(&sql);
    for p in people {
        q = q
            .bind(p.id)
            .bind(agency)
            .bind(p.given.clone())
            .bind(p.middle.clone())
            .bind(p.family.clone())
            .bind(p.sort_key.clone())
            .bind(p.date_of_birth)
            .bind(p.gender.to_string())
            .bind(now)
            .bind(now)
            .bind(1_i64);
    }
    q.execute(&mut *conn).await?;

    // Need-to-know: working for the owning agency opens no record without a case
    // relationship, so the bench's offender manager is allocated to every bulk person (the
    // record page is then what an offender manager sees of someone on their caseload).
    let sql = concord_store::multi_row_insert(
        "allocation (id, person_id, user_id, agency_id, role, from_date, to_date)",
        7,
        people.len(),
        DB::NAME != "SQLite",
    );
    let since = now.date_naive() - chrono::Days::new(30);
    let mut q = sqlx::query::<DB>(&sql);
    for p in people {
        q = q
            .bind(Uuid::now_v7())
            .bind(p.id)
            .bind(owner.user_id)
            .bind(agency)
            .bind("offender_manager".to_string())
            .bind(since)
            .bind(None::<NaiveDate>);
    }
    q.execute(&mut *conn).await?;

    // One row per distinct name token, source "name", as set_search_tokens writes them.
    let tokens: Vec<(&String, Uuid, &String)> = people
        .iter()
        .flat_map(|p| p.tokens.iter().map(move |t| (t, p.id, &p.sort_key)))
        .collect();
    for rows in tokens.chunks(CHUNK as usize) {
        let sql = concord_store::multi_row_insert(
            "person_search_token (token, person_id, source, sort_key)",
            4,
            rows.len(),
            DB::NAME != "SQLite",
        );
        let mut q = sqlx::query::<DB>(&sql);
        for (token, id, sort_key) in rows {
            q = q
                .bind((*token).clone())
                .bind(*id)
                .bind("name".to_string())
                .bind((*sort_key).clone());
        }
        q.execute(&mut *conn).await?;
    }

    // Identifiers in canonical form, as the app stores them (kind codes of IdentifierKind).
    let identifiers: Vec<(Uuid, &'static str, &String)> = people
        .iter()
        .flat_map(|p| {
            [("pnc", &p.pnc), ("crn", &p.crn)]
                .into_iter()
                .filter_map(move |(kind, v)| v.as_ref().map(|v| (p.id, kind, v)))
        })
        .collect();
    for rows in identifiers.chunks(CHUNK as usize) {
        let sql = concord_store::multi_row_insert(
            "person_identifier (id, person_id, kind, value, agency_id, created_at)",
            6,
            rows.len(),
            DB::NAME != "SQLite",
        );
        let mut q = sqlx::query::<DB>(&sql);
        for (person, kind, value) in rows {
            q = q
                .bind(derived_id(*person, kind))
                .bind(*person)
                .bind(kind.to_string())
                .bind((*value).clone())
                .bind(agency)
                .bind(now);
        }
        q.execute(&mut *conn).await?;
    }

    let sql = concord_store::multi_row_insert(
        "person_address (id, person_id, kind, line1, line2, town, postcode, from_date, to_date, agency_id, created_at, updated_at, version)",
        13,
        people.len(),
        DB::NAME != "SQLite",
    );
    let mut q = sqlx::query::<DB>(&sql);
    for p in people {
        let a = &p.address;
        q = q
            .bind(a.id)
            .bind(p.id)
            .bind(a.kind.to_string())
            .bind(a.line1.clone())
            .bind(a.line2.clone())
            .bind(a.town.to_string())
            .bind(a.postcode.clone())
            .bind(a.from_date)
            .bind(None::<NaiveDate>)
            .bind(agency)
            .bind(now)
            .bind(now)
            .bind(1_i64);
    }
    q.execute(&mut *conn).await?;

    let markers: Vec<_> = people
        .iter()
        .flat_map(|p| p.markers.iter().map(move |m| (p.id, m)))
        .collect();
    if !markers.is_empty() {
        let sql = concord_store::multi_row_insert(
            "warning_marker (id, person_id, kind, note, agency_id, raised_by, raised_on, removed_on, created_at)",
            9,
            markers.len(),
            DB::NAME != "SQLite",
        );
        let mut q = sqlx::query::<DB>(&sql);
        for (person, m) in &markers {
            q = q
                .bind(m.id)
                .bind(*person)
                .bind(m.kind.to_string())
                .bind(m.note.to_string())
                .bind(agency)
                .bind(owner.user_id)
                .bind(m.raised_on)
                .bind(None::<NaiveDate>)
                .bind(now);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// A stable id for a person's identifier row: the person's id with its last byte
/// changed by the kind, so it stays time-ordered and unique.
fn derived_id(person: Uuid, kind: &str) -> Uuid {
    let mut bytes = *person.as_bytes();
    bytes[15] ^= if kind == "pnc" { 0x5A } else { 0xA5 };
    Uuid::from_bytes(bytes)
}
