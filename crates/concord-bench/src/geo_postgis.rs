//! The geofence benchmark's PostGIS peer: the zones and fixes loaded into a database of
//! their own (dropped and created), a GiST index on the zones, then `ST_Contains` — per
//! subject (the fix's own subject's zones) and against every zone — each run split
//! between two connections by fix id, timed together.

use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Executor, PgPool};

pub struct PostgisRuns {
    pub version: String,
    pub per_subject_s: f64,
    pub any_zone_s: f64,
    pub per_subject: Vec<u8>,
    pub any_zone: Vec<u8>,
}

const WORKERS: i64 = 2;

async fn fresh_database(url: &str) -> anyhow::Result<PgPool> {
    let opts: PgConnectOptions = url.parse().context("the PostGIS URL")?;
    let name = opts
        .get_database()
        .unwrap_or("concord_geo_bench")
        .to_string();
    anyhow::ensure!(
        name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'),
        "the PostGIS database name must be letters, digits and underscores"
    );
    let mut admin = opts
        .clone()
        .database("postgres")
        .connect()
        .await
        .context("connecting to PostgreSQL")?;
    admin
        .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
        .await?;
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await?;
    let pool = PgPoolOptions::new()
        .max_connections(WORKERS as u32 + 1)
        .connect_with(opts)
        .await?;
    pool.execute("CREATE EXTENSION postgis")
        .await
        .context("CREATE EXTENSION postgis (apt-get install postgresql-15-postgis-3)")?;
    Ok(pool)
}

async fn load(pool: &PgPool, dir: &Path) -> anyhow::Result<()> {
    pool.execute(
        "CREATE TABLE zone (id int PRIMARY KEY, subject int NOT NULL, geom geometry(Polygon, 4326) NOT NULL);
         CREATE TABLE fix (id int PRIMARY KEY, subject int NOT NULL, geom geometry(Point, 4326) NOT NULL);",
    )
    .await?;
    let mut conn = pool.acquire().await?;
    // Temp tables are per connection: load and convert on this one.
    conn.execute("CREATE TEMP TABLE zone_in (id int, subject int, wkt text); CREATE TEMP TABLE fix_in (id int, lon float8, lat float8, subject int)").await?;
    let zones = std::fs::read(dir.join("zones.csv"))?;
    let mut copy = conn
        .copy_in_raw("COPY zone_in FROM STDIN WITH (FORMAT csv, HEADER true)")
        .await?;
    copy.send(zones).await?;
    copy.finish().await?;
    let raw = std::fs::read(dir.join("fixes.bin"))?;
    let mut csv = String::with_capacity(raw.len() * 2);
    for (i, rec) in raw.chunks_exact(20).enumerate() {
        let f = |r: &[u8]| f64::from_le_bytes(r.try_into().unwrap_or([0; 8]));
        let s = u32::from_le_bytes(rec[16..20].try_into().unwrap_or([0; 4]));
        csv.push_str(&format!("{i},{},{},{s}\n", f(&rec[0..8]), f(&rec[8..16])));
    }
    let mut copy = conn
        .copy_in_raw("COPY fix_in FROM STDIN WITH (FORMAT csv)")
        .await?;
    copy.send(csv.into_bytes()).await?;
    copy.finish().await?;
    conn.execute(
        "INSERT INTO zone SELECT id, subject, ST_GeomFromText(wkt, 4326) FROM zone_in;
         INSERT INTO fix SELECT id, subject, ST_SetSRID(ST_MakePoint(lon, lat), 4326) FROM fix_in;
         CREATE INDEX zone_geom ON zone USING gist (geom);
         CREATE INDEX zone_subject ON zone (subject);
         ANALYZE zone; ANALYZE fix;",
    )
    .await?;
    Ok(())
}

/// Run `sql` (with `$1` the worker, `$2` the workers) on two connections at once; the
/// rows are (fix id, zones holding it).
async fn timed(pool: &PgPool, sql: &str, n: usize) -> anyhow::Result<(f64, Vec<u8>)> {
    let t = Instant::now();
    let runs = (0..WORKERS).map(|w| {
        let pool = pool.clone();
        let sql = sql.to_string();
        tokio::spawn(async move {
            sqlx::query_as::<_, (i32, i64)>(&sql)
                .bind(w)
                .bind(WORKERS)
                .fetch_all(&pool)
                .await
        })
    });
    let mut counts = vec![0u8; n];
    let mut rows = vec![];
    for r in runs.collect::<Vec<_>>() {
        rows.push(r.await??);
    }
    let seconds = t.elapsed().as_secs_f64();
    for (id, c) in rows.into_iter().flatten() {
        if let Some(slot) = usize::try_from(id).ok().and_then(|i| counts.get_mut(i)) {
            *slot = u8::try_from(c).unwrap_or(u8::MAX);
        }
    }
    Ok((seconds, counts))
}

pub async fn postgis(url: &str, dir: &Path, n: usize) -> anyhow::Result<PostgisRuns> {
    let pool = fresh_database(url).await?;
    load(&pool, dir).await?;
    let version: String = sqlx::query_scalar("SELECT postgis_lib_version()")
        .fetch_one(&pool)
        .await?;
    let (per_subject_s, per_subject) = timed(
        &pool,
        "SELECT f.id, count(*) FROM fix f JOIN zone z ON z.subject = f.subject AND ST_Contains(z.geom, f.geom)
         WHERE f.id % $2 = $1 GROUP BY f.id",
        n,
    )
    .await?;
    let (any_zone_s, any_zone) = timed(
        &pool,
        "SELECT f.id, count(*) FROM fix f JOIN zone z ON ST_Contains(z.geom, f.geom)
         WHERE f.id % $2 = $1 GROUP BY f.id",
        n,
    )
    .await?;
    pool.close().await;
    Ok(PostgisRuns {
        version,
        per_subject_s,
        any_zone_s,
        per_subject,
        any_zone,
    })
}
