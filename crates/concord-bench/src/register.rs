//! The synthetic register in the bench database: loading it (demo agencies and accounts,
//! then the bulk people) or checking the one there for --reuse, the checkpoint before
//! measuring, and the counts reported. Apart because it is the only stage that writes.

use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Context};
use concord_app::{App, AppSettings, Clock};
use concord_store::Db;

use super::args::BenchArgs;
use super::population::{self, Population};
use super::progress::{bar, spinner};
use super::report::{DataReport, LoadTimes};
use super::{bulk, DEMO_PEOPLE, PROBATION, USERNAME};

/// Migrate and load the register, or check the one there for --reuse. Returns how long
/// loading took, or `None` when reused.
pub(crate) async fn prepare(
    db: &Db,
    args: &BenchArgs,
    population: Arc<Population>,
    bulk: u64,
) -> anyhow::Result<Option<LoadTimes>> {
    concord_store::migrate(db)
        .await
        .map_err(|e| anyhow::anyhow!("migrating the bench database: {e}"))?;
    let existing = count(db, "person").await?;
    if existing > 0 {
        if existing as u64 == args.persons && args.reuse {
            // The last bulk person is there and no one after it: the same register.
            let last = exists(db, population::person_id(bulk - 1)).await?;
            let beyond = exists(db, population::person_id(bulk)).await?;
            if last && !beyond {
                println!("Reusing the register of {} people.", args.persons);
                return Ok(None);
            }
            bail!("the database holds {existing} people, but not the bench's register: use an empty database");
        }
        bail!(
            "the database already holds {existing} people{}: give an empty database (e.g. `dropdb concord_bench; createdb concord_bench`){}",
            if args.reuse { format!(", not {}", args.persons) } else { String::new() },
            if args.reuse { "" } else { ", or --reuse to measure the register an earlier run loaded" }
        );
    }

    let app = App::new(db.clone(), Clock::system(), AppSettings::default());
    let started = Instant::now();
    let b = bar(
        DEMO_PEOPLE,
        "Demo agencies, accounts and people {bar:40} {pos}/{len}",
    );
    concord_demo::load_demo(&app, DEMO_PEOPLE as usize, &|done, total| {
        b.set_length(total);
        b.set_position(done);
    })
    .await
    .context("loading the demo agencies and accounts")?;
    b.finish_and_clear();
    let demo_seconds = started.elapsed().as_secs_f64();

    let owner = owner(db).await?;
    let started = Instant::now();
    let b = bar(
        bulk,
        "Bulk people {bar:40} {human_pos}/{human_len} ({per_sec}, {eta} left)",
    );
    let progress_bar = b.clone();
    bulk::load(
        db,
        population,
        owner,
        bulk,
        args.load_workers,
        Arc::new(move |done| progress_bar.set_position(done)),
    )
    .await?;
    b.finish_and_clear();
    let bulk_seconds = started.elapsed().as_secs_f64();
    println!(
        "Loaded {bulk} bulk people in {bulk_seconds:.1} s ({:.0}/s).",
        bulk as f64 / bulk_seconds
    );

    let started = Instant::now();
    let s = spinner("VACUUM ANALYZE");
    match db {
        // As pgbench -i does: set the visibility map and the planner's statistics, as
        // autovacuum would soon after a load this size.
        Db::Postgres(pool) => {
            sqlx::query("VACUUM ANALYZE").execute(pool).await?;
        }
        Db::Sqlite(pool) => {
            sqlx::query("ANALYZE").execute(pool).await?;
        }
    }
    s.finish_and_clear();
    Ok(Some(LoadTimes {
        demo_seconds,
        bulk_people: bulk,
        bulk_seconds,
        analyze_seconds: started.elapsed().as_secs_f64(),
    }))
}

/// Flush what loading (or an earlier run) left dirty before measuring, so that a
/// checkpoint's writes do not land in the middle of a latency run. Best effort: it needs
/// a superuser or pg_checkpoint, and the measurement stands without it.
pub(crate) async fn checkpoint(db: &Db) {
    if let Db::Postgres(pool) = db {
        // The queue tables an earlier run churned (--reuse) hold dead rows that autovacuum
        // would have cleared on a production server; this one may run with it off.
        let s = spinner("VACUUM the queue tables");
        let queues =
            "VACUUM (ANALYZE) audit_pending, outbox, user_session, sign_in_attempt, audit_head";
        if let Err(e) = sqlx::query(queues).execute(pool).await {
            eprintln!("Note: VACUUM of the queue tables was refused ({e}); measuring anyway.");
        }
        s.finish_and_clear();
        let s = spinner("CHECKPOINT");
        if let Err(e) = sqlx::query("CHECKPOINT").execute(pool).await {
            eprintln!("Note: CHECKPOINT before measuring was refused ({e}); measuring anyway.");
        }
        s.finish_and_clear();
    }
}

/// Row count of a bench table (a fixed name, never input).
async fn count(db: &Db, table: &str) -> anyhow::Result<i64> {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    Ok(match db {
        Db::Postgres(p) => sqlx::query_scalar(&sql).fetch_one(p).await?,
        Db::Sqlite(p) => sqlx::query_scalar(&sql).fetch_one(p).await?,
    })
}

async fn exists(db: &Db, id: uuid::Uuid) -> anyhow::Result<bool> {
    let sql = "SELECT COUNT(*) FROM person WHERE id = $1";
    let n: i64 = match db {
        Db::Postgres(p) => sqlx::query_scalar(sql).bind(id).fetch_one(p).await?,
        Db::Sqlite(p) => sqlx::query_scalar(sql).bind(id).fetch_one(p).await?,
    };
    Ok(n > 0)
}

/// The probation agency (owner of the bulk people) and the offender manager who raised
/// their warning markers.
async fn owner(db: &Db) -> anyhow::Result<bulk::Owner> {
    let agency = "SELECT id FROM agency WHERE code = $1";
    let user = "SELECT id FROM app_user WHERE username = $1";
    let (agency_id, user_id) = match db {
        Db::Postgres(p) => (
            sqlx::query_scalar(agency)
                .bind(PROBATION)
                .fetch_one(p)
                .await?,
            sqlx::query_scalar(user).bind(USERNAME).fetch_one(p).await?,
        ),
        Db::Sqlite(p) => (
            sqlx::query_scalar(agency)
                .bind(PROBATION)
                .fetch_one(p)
                .await?,
            sqlx::query_scalar(user).bind(USERNAME).fetch_one(p).await?,
        ),
    };
    Ok(bulk::Owner { agency_id, user_id })
}

pub(crate) async fn data_report(db: &Db, load: Option<LoadTimes>) -> anyhow::Result<DataReport> {
    let s = spinner("Counting the register");
    let smiths_sql = "SELECT COUNT(*) FROM person WHERE family_name = 'Smith'";
    let (smiths, size) = match db {
        Db::Postgres(p) => (
            sqlx::query_scalar(smiths_sql).fetch_one(p).await?,
            Some(
                sqlx::query_scalar::<_, String>(
                    "SELECT pg_size_pretty(pg_database_size(current_database()))",
                )
                .fetch_one(p)
                .await?,
            ),
        ),
        Db::Sqlite(p) => (sqlx::query_scalar(smiths_sql).fetch_one(p).await?, None),
    };
    let report = DataReport {
        persons: count(db, "person").await?,
        tokens: count(db, "person_search_token").await?,
        identifiers: count(db, "person_identifier").await?,
        addresses: count(db, "person_address").await?,
        markers: count(db, "warning_marker").await?,
        smiths,
        size,
        load,
    };
    s.finish_and_clear();
    Ok(report)
}
