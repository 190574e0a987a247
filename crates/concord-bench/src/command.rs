//! The run of `concord bench`, stage by stage: the register, the servers, signing in, the
//! record page at a fixed rate and at 1,000/s, the ceiling, what auditing costs, signing
//! in under load, search, and the report. Apart from the stages themselves so the order
//! they run in (which matters: see each step) reads as one.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use concord_store::Db;

use super::args::{BenchArgs, BenchWhat};
use super::audit_cost;
use super::client::{self, Auth};
use super::extras_report::Extras;
use super::generator;
use super::population::{self, Population};
use super::progress::spinner;
use super::rate_runs::{fixed_rate, max_rate, open_rate};
use super::register::{checkpoint, data_report, prepare};
use super::report::{self, Report};
use super::search_latency::search;
use super::signin_load;
use super::turns::{self, Side};
use super::{machine, matching, rng, servers, wrk, DEMO_PEOPLE, RECORD_PICKS, USERNAME};

/// The pause between the two runs at the high rate.
const SETTLE: Duration = Duration::from_secs(5);

pub async fn run(args: BenchArgs) -> anyhow::Result<()> {
    match args.what {
        Some(BenchWhat::Match(args)) => return matching::run(args),
        Some(BenchWhat::Geo(args)) => return super::geo::run(args).await,
        None => {}
    }
    let database_url = args.database_url.clone().unwrap_or_default();
    anyhow::ensure!(
        args.persons > DEMO_PEOPLE,
        "--persons must be more than {DEMO_PEOPLE}"
    );
    anyhow::ensure!(args.rate > 0.0, "--rate must be positive");
    anyhow::ensure!(args.connections > 0, "--connections must be positive");
    anyhow::ensure!(args.pool_size > 0, "--pool-size must be positive");
    let pair_pool_size = args.pair_pool_size.unwrap_or((args.pool_size / 2).max(1));
    anyhow::ensure!(pair_pool_size > 0, "--pair-pool-size must be positive");
    anyhow::ensure!(args.high_rate > 0.0, "--high-rate must be positive");
    anyhow::ensure!(
        args.sign_in_clients > 0 && args.storm_clients > 0,
        "--sign-in-clients and --storm-clients must be positive"
    );
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
    let servers = servers::Servers::start(&database_url, args.pool_size, pair_pool_size).await?;
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
    let record_api = fixed_rate(&http, api_uris.clone(), &bearer, &args, "record API (JSON)").await;

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
        html_uris.clone(),
        &cookie,
        args.connections,
        ceiling,
        "record page",
    )
    .await;
    // The same page through two nodes on the one database, requests alternating between
    // them (as a load balancer's round robin would), against the one node in turns.
    let two_node_uris = servers::record_pages(&servers.pair, &ids);
    // The pair has served nothing yet, while the one node has served every run before:
    // a few seconds first so that both are measured with their connections open and their
    // statements prepared.
    generator::closed_loop(
        &http,
        two_node_uris.clone(),
        &cookie,
        args.connections,
        Duration::from_secs(3),
    )
    .await;
    let scaling = turns::take_turns(
        &http,
        &db,
        [
            Side {
                uris: html_uris.clone(),
                what: "record page, one node",
            },
            Side {
                uris: two_node_uris,
                what: "record page, two nodes",
            },
        ],
        &cookie,
        args.connections,
        args.ceiling_seconds,
    )
    .await;
    // What auditing costs (an unaudited node exists only in a bench-unaudited build).
    let audit = audit_cost::measure(
        &http,
        &db,
        &servers,
        &ids,
        &cookie,
        args.connections,
        args.ceiling_seconds,
    )
    .await;
    // Signing in, after the ceilings: its sign-ins write sessions and attempts, and the
    // storm's hashing would leave nothing quiet to measure the ceilings on.
    let sign_in = signin_load::throughput(
        &base,
        args.sign_in_clients,
        Duration::from_secs(args.sign_in_seconds),
    )
    .await;
    let storm = signin_load::storm(
        &http,
        &base,
        html_uris.clone(),
        &cookie,
        args.storm_clients,
        args.rate,
        args.seconds,
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
    // 7. Issue 19's open-loop rate, last of all: if the node cannot keep up, the backlog
    // it builds must not load the server under any other stage.
    let high_html = open_rate(
        &http,
        html_uris,
        &cookie,
        args.high_rate,
        args.seconds,
        "record page (HTML)",
    )
    .await;
    // The API's run starts on a quiet node: whatever the page's run left in flight (and
    // the audit events it left waiting) is cleared first.
    tokio::time::sleep(SETTLE).await;
    let high_api = open_rate(
        &http,
        api_uris,
        &bearer,
        args.high_rate,
        args.seconds,
        "record API (JSON)",
    )
    .await;

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
        pool_size: args.pool_size,
        pair_pool_size,
        hello,
        record_max,
        scaling,
        wrk,
        extras: Extras {
            high_rate: args.high_rate,
            seconds: args.seconds,
            high_html,
            high_api,
            sign_in,
            sign_in_clients: args.sign_in_clients,
            sign_in_seconds: args.sign_in_seconds,
            storm,
            storm_rate: args.rate,
            audit,
            connections: args.connections,
            ceiling_seconds: args.ceiling_seconds,
        },
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
