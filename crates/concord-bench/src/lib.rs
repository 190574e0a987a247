//! `concord bench`: the foundation's performance benchmark. It builds a synthetic
//! register in the given database, serves the real Concord router and a bare axum
//! "hello" in this process, and measures over loopback: search latency, the record page's
//! latency at a fixed request rate (open loop), and both servers' maximum throughput.
//! The results are printed as markdown and written into BENCHMARKS.md.
//!
//! Owns only measuring: the numbers are reported, never asserted (a timed assertion in a
//! test fails on a busy machine and proves nothing on a fast one).

mod bulk;
mod client;
mod generator;
mod latency;
mod machine;
mod match_data;
mod matching;
mod names;
mod population;
mod report;
mod rng;
mod searches;
mod servers;
mod wrk;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use clap::Args;
use concord_app::{App, AppSettings, Clock};
use concord_store::Db;
use indicatif::{ProgressBar, ProgressStyle};

use client::Auth;
use generator::RunResult;
use latency::Samples;
use population::Population;
use report::{DataReport, LoadTimes, Report, SearchKindReport};

/// People the demo loader registers first (with the agencies and staff accounts); the
/// rest are bulk-loaded.
const DEMO_PEOPLE: u64 = 50;
/// The account the bench signs in as: an offender manager of the probation service,
/// which owns the bulk people.
const USERNAME: &str = "om.chelmsford";
const PROBATION: &str = "probation-essex";
/// Record-page requests are spread over this many distinct people.
const RECORD_PICKS: u64 = 20_000;
const WARM_UP: Duration = Duration::from_secs(3);

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct BenchArgs {
    #[command(subcommand)]
    what: Option<BenchWhat>,
    /// The database to build the synthetic register in: postgres://… for the published
    /// numbers (a SQLite path works for a quick look). It must hold no people, unless
    /// --reuse is given and it holds the register of an earlier run of the same size.
    #[arg(long, value_name = "URL", required = true)]
    database_url: Option<String>,
    /// People in the register (50 demo people, the rest bulk-loaded).
    #[arg(long, default_value_t = 1_000_000)]
    persons: u64,
    /// Requests per second for the record-page latency runs.
    #[arg(long, default_value_t = 200.0)]
    rate: f64,
    /// Length of each record-page latency run, in seconds.
    #[arg(long, default_value_t = 30)]
    seconds: u64,
    /// Measured search requests.
    #[arg(long, default_value_t = 2_000)]
    searches: usize,
    /// Stop searching after this many seconds even if fewer requests were made (a slow
    /// search must not keep the bench from reporting).
    #[arg(long, default_value_t = 600)]
    search_seconds: u64,
    /// Concurrent connections for the throughput ceiling runs.
    #[arg(long, default_value_t = 32)]
    connections: usize,
    /// Length of each ceiling run, in seconds.
    #[arg(long, default_value_t = 10)]
    ceiling_seconds: u64,
    /// Reuse the register already in the database (skip loading) if it has --persons
    /// people.
    #[arg(long)]
    reuse: bool,
    /// Concurrent transactions while bulk-loading (PostgreSQL).
    #[arg(long, default_value_t = 2)]
    load_workers: usize,
    /// Markdown file to write the results into (this run's dated section is replaced or
    /// appended).
    #[arg(long, default_value = "BENCHMARKS.md")]
    output: PathBuf,
}

#[derive(clap::Subcommand)]
enum BenchWhat {
    /// Record linkage against Splink 5: FEBRL3/4 and synthetic extracts of known truth,
    /// plus real-time linkage against the largest.
    Match(matching::MatchBenchArgs),
}

fn bar(len: u64, template: &str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

fn spinner(message: &str) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.set_message(message.to_string());
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

pub async fn run(args: BenchArgs) -> anyhow::Result<()> {
    if let Some(BenchWhat::Match(args)) = args.what {
        return matching::run(args);
    }
    let database_url = args.database_url.clone().unwrap_or_default();
    anyhow::ensure!(
        args.persons > DEMO_PEOPLE,
        "--persons must be more than {DEMO_PEOPLE}"
    );
    anyhow::ensure!(args.rate > 0.0, "--rate must be positive");
    anyhow::ensure!(args.connections > 0, "--connections must be positive");
    let command = command_line(&database_url);
    let db = Db::connect(&database_url)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    if db.backend() == concord_store::Backend::Sqlite {
        eprintln!("Note: SQLite is for a quick look; the published numbers are PostgreSQL's.");
    }

    // 1. The register.
    let population = Arc::new(Population::new());
    let bulk = args.persons - DEMO_PEOPLE;
    let load = prepare(&db, &args, population.clone(), bulk).await?;
    checkpoint(&db).await;
    let data = data_report(&db, load).await?;
    let machine = machine::Machine::describe(&db).await;

    let load_before = machine::load_average();
    if load_before
        .split(' ')
        .next()
        .and_then(|l| l.parse::<f64>().ok())
        .is_some_and(|l| l > 1.0)
    {
        eprintln!(
            "Note: the machine is busy (load average {load_before}); the numbers will show it."
        );
    }

    // 2. The servers.
    let servers = servers::Servers::start(&database_url).await?;
    let base = format!("http://{}", servers.concord);
    println!(
        "Concord is serving at {base}/, the bare axum hello at http://{}/",
        servers.hello
    );

    // 3. Signing in.
    let http = client::client();
    let token = client::sign_in(&http, &base, USERNAME, concord_demo::DEMO_PASSWORD)
        .await
        .context("signing in to the bench server")?;

    // 4. The record page at a fixed rate, first, on a machine that has done nothing else
    // since the checkpoint.
    let mut picks = rng::Rng::new(4, 0);
    let ids: Vec<String> = (0..RECORD_PICKS)
        .map(|_| population::person_id(picks.below(bulk)).to_string())
        .collect();
    let html_uris = Arc::new(
        ids.iter()
            .map(|id| format!("{base}/persons/{id}"))
            .collect::<Vec<_>>(),
    );
    let api_uris = Arc::new(
        ids.iter()
            .map(|id| format!("{base}/api/v1/persons/{id}"))
            .collect::<Vec<_>>(),
    );
    let cookie = Auth::Cookie(token.clone());
    let bearer = Auth::Bearer(token.clone());
    let record_html = fixed_rate(
        &http,
        html_uris.clone(),
        &cookie,
        &args,
        "record page (HTML)",
    )
    .await;
    let record_api = fixed_rate(&http, api_uris, &bearer, &args, "record API (JSON)").await;

    // 5. The ceiling.
    let ceiling = Duration::from_secs(args.ceiling_seconds);
    let hello_uris = Arc::new(vec![format!("http://{}/", servers.hello)]);
    let hello = max_rate(
        &http,
        hello_uris,
        &Auth::None,
        args.connections,
        ceiling,
        "bare axum hello",
    )
    .await;
    let record_max = max_rate(
        &http,
        html_uris,
        &cookie,
        args.connections,
        ceiling,
        "record page",
    )
    .await;
    let wrk = match wrk::find() {
        Some(path) => {
            let s = spinner("Cross-checking with wrk");
            let picked: Vec<String> = ids.iter().take(1_000).cloned().collect();
            let out = wrk::run(
                &path,
                servers.hello,
                servers.concord,
                &token,
                &picked,
                args.connections,
                ceiling,
            )
            .await
            .map_err(|e| format!("wrk failed: {e:#}"));
            s.finish_and_clear();
            out
        }
        None => {
            Err("wrk is not installed (`apt-get install wrk`): no cross-check this run.".into())
        }
    };
    // 6. Search, last: its slow queries (if any) must not disturb the latency runs, and
    // its time budget bounds the run.
    let searched = search(
        &http,
        &base,
        &token,
        &population,
        bulk,
        args.searches,
        Duration::from_secs(args.search_seconds),
    )
    .await?;

    let load_after = machine::load_average();
    drop(servers);

    let report = Report {
        date: chrono::Utc::now().format("%Y-%m-%d").to_string(),
        command,
        machine,
        load_before,
        load_after,
        data,
        searches: searched.kinds,
        search_overall: searched.overall,
        search_warmup: searched.warm_up,
        search_stopped: searched.stopped,
        rate: args.rate,
        seconds: args.seconds,
        record_html,
        record_api,
        connections: args.connections,
        ceiling_seconds: args.ceiling_seconds,
        hello,
        record_max,
        wrk,
    };
    let markdown = report.markdown();
    println!("\n{markdown}");
    report::write_into(&args.output, &report.key(), &markdown)?;
    println!("Written into {}.", args.output.display());
    db.close().await;
    Ok(())
}

/// The command as typed, with the program's name only and any database password hidden.
fn command_line(database_url: &str) -> String {
    let has_password = database_url
        .split_once("://")
        .and_then(|(_, rest)| rest.rsplit_once('@'))
        .is_some_and(|(credentials, _)| credentials.contains(':'));
    let shown = match concord_store::DatabaseUrl::parse(database_url) {
        Ok(url) if has_password => url.redacted(),
        _ => database_url.to_string(),
    };
    std::iter::once("concord".to_string())
        .chain(std::env::args().skip(1).map(|a| {
            if a == database_url {
                shown.clone()
            } else if a.strip_prefix("--database-url=") == Some(database_url) {
                format!("--database-url={shown}")
            } else {
                a
            }
        }))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Migrate and load the register, or check the one there for --reuse. Returns how long
/// loading took, or `None` when reused.
async fn prepare(
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
async fn checkpoint(db: &Db) {
    if let Db::Postgres(pool) = db {
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

async fn data_report(db: &Db, load: Option<LoadTimes>) -> anyhow::Result<DataReport> {
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

struct Searched {
    kinds: Vec<SearchKindReport>,
    overall: latency::Summary,
    warm_up: usize,
    /// Why fewer requests than asked for were measured, if they were.
    stopped: Option<String>,
}

/// One unmeasured pass over the mix, then `n` measured requests cycling through it, all
/// within `budget`.
async fn search(
    http: &client::HttpClient,
    base: &str,
    token: &str,
    population: &Population,
    bulk: u64,
    n: usize,
    budget: Duration,
) -> anyhow::Result<Searched> {
    let started = Instant::now();
    let mix = searches::mix(population, bulk);
    let auth = Auth::Bearer(token.to_string());
    let uris: Vec<String> = mix
        .iter()
        .map(|q| format!("{base}/api/v1/search?q={}", searches::encode(&q.text)))
        .collect();
    let request = |k: usize| {
        let (http, auth, uri, text) = (http, &auth, &uris[k], &mix[k].text);
        async move {
            let t = Instant::now();
            let (status, body) = client::get(http, uri, auth).await?;
            anyhow::ensure!(
                status.is_success(),
                "search `{text}` failed: {status} {}",
                String::from_utf8_lossy(&body)
            );
            Ok((t.elapsed(), body))
        }
    };
    let b = bar(
        (mix.len() + n) as u64,
        "Searches (first pass unmeasured) {bar:40} {pos}/{len} ({per_sec})",
    );
    let mut stopped = None;
    let mut hits: Vec<Option<(usize, bool)>> = vec![None; mix.len()];
    for (k, hit) in hits.iter_mut().enumerate() {
        if started.elapsed() > budget {
            break;
        }
        let (_, body) = request(k).await?;
        let v: serde_json::Value = serde_json::from_slice(&body)?;
        *hit = Some((
            v["results"].as_array().map_or(0, Vec::len),
            v["truncated"].as_bool().unwrap_or(false),
        ));
        b.inc(1);
    }
    let mut per_query: Vec<Samples> = vec![Samples::default(); mix.len()];
    let mut measured = 0;
    for i in 0..n {
        if started.elapsed() > budget {
            stopped = Some(format!(
                "stopped after {measured} of {n} measured requests: the {} s budget (--search-seconds) ran out",
                budget.as_secs()
            ));
            break;
        }
        let k = i % mix.len();
        let (took, _) = request(k).await?;
        per_query[k].push(took);
        measured += 1;
        b.inc(1);
    }
    b.finish_and_clear();
    let mut overall = Samples::default();
    let mut kinds = vec![];
    for kind in searches::KINDS {
        let mut samples = Samples::default();
        let mut queries = vec![];
        let (mut fewest, mut most, mut truncated) = (usize::MAX, 0, false);
        for (i, q) in mix.iter().enumerate().filter(|(_, q)| q.kind == kind) {
            samples.extend(&per_query[i]);
            queries.push(q.text.clone());
            if let Some((count, more)) = hits[i] {
                fewest = fewest.min(count);
                most = most.max(count);
                truncated |= more;
            }
        }
        if samples.len() == 0 {
            continue;
        }
        overall.extend(&samples);
        kinds.push(SearchKindReport {
            kind,
            queries,
            latency: samples.summary(),
            hits: (fewest.min(most), most),
            truncated,
        });
    }
    println!(
        "Searches: p95 {:.1} ms over {measured} requests.",
        overall.summary().p95_ms
    );
    Ok(Searched {
        kinds,
        overall: overall.summary(),
        warm_up: mix.len(),
        stopped,
    })
}

/// Warm up, then one measured open-loop run at --rate for --seconds.
async fn fixed_rate(
    http: &client::HttpClient,
    uris: Arc<Vec<String>>,
    auth: &Auth,
    args: &BenchArgs,
    what: &str,
) -> RunResult {
    let s = spinner(&format!("Warming up: {what}"));
    // The warm-up visits other people than the measured run starts with.
    let rotated: Vec<String> = uris.iter().rev().cloned().collect();
    generator::open_loop(http, Arc::new(rotated), auth, args.rate, WARM_UP, &|_| {}).await;
    s.finish_and_clear();
    let total = (args.rate * args.seconds as f64).round() as u64;
    let b = bar(
        total,
        &format!(
            "{what} at {}/s {{bar:40}} {{pos}}/{{len}} ({{elapsed}})",
            args.rate
        ),
    );
    let result = generator::open_loop(
        http,
        uris,
        auth,
        args.rate,
        Duration::from_secs(args.seconds),
        &|k| b.set_position(k),
    )
    .await;
    b.finish_and_clear();
    let sum = result.latencies.summary();
    println!(
        "{what}: {:.1}/s achieved, p50 {:.1} ms, p99 {:.1} ms, {} errors.",
        result.rate(),
        sum.p50_ms,
        sum.p99_ms,
        result.errors
    );
    result
}

/// One closed-loop run: throughput with `connections` clients for `duration`.
async fn max_rate(
    http: &client::HttpClient,
    uris: Arc<Vec<String>>,
    auth: &Auth,
    connections: usize,
    duration: Duration,
    what: &str,
) -> RunResult {
    let s = spinner(&format!(
        "Ceiling: {what}, {connections} connections for {} s",
        duration.as_secs()
    ));
    let result = generator::closed_loop(http, uris, auth, connections, duration).await;
    s.finish_and_clear();
    println!(
        "Ceiling, {what}: {:.0} requests/s, {} errors.",
        result.rate(),
        result.errors
    );
    result
}
