//! `concord bench`: the foundation's performance benchmark. It builds a synthetic
//! register in the given database, serves the real Concord router and a bare axum
//! "hello" in this process, and measures over loopback: search latency, the record page's
//! latency at a fixed request rate (open loop, at --rate and at 1,000/s), both servers'
//! maximum throughput, signing in (throughput, and a storm of sign-ins under the record
//! page's load) and, in a `bench-unaudited` build only, what auditing costs.
//! The results are printed as markdown and written into BENCHMARKS.md.
//!
//! Owns only measuring: the numbers are reported, never asserted (a timed assertion in a
//! test fails on a busy machine and proves nothing on a fast one).

mod args;
mod audit_cost;
mod bulk;
mod client;
mod command;
mod extras_report;
mod generator;
mod geo;
mod geo_data;
mod geo_engine;
mod geo_feed;
mod geo_postgis;
mod latency;
mod machine;
mod match_data;
mod matching;
mod names;
mod population;
mod progress;
mod rate_runs;
mod register;
mod report;
mod rng;
mod search_latency;
mod searches;
mod servers;
mod sign_in_form;
mod signin_load;
mod turns;
mod wrk;

use std::time::Duration;

pub use args::BenchArgs;
pub use command::run;

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
