//! The arguments of `concord bench` (and its `match` subcommand). Apart from the run
//! because concord-cli embeds them in its own command line.

use std::path::PathBuf;

use clap::Args;

use super::matching;

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct BenchArgs {
    #[command(subcommand)]
    pub(crate) what: Option<BenchWhat>,
    /// The database to build the synthetic register in: postgres://… for the published
    /// numbers (a SQLite path works for a quick look). It must hold no people, unless
    /// --reuse is given and it holds the register of an earlier run of the same size.
    #[arg(long, value_name = "URL", required = true)]
    pub(crate) database_url: Option<String>,
    /// People in the register (50 demo people, the rest bulk-loaded).
    #[arg(long, default_value_t = 1_000_000)]
    pub(crate) persons: u64,
    /// Requests per second for the record-page latency runs.
    #[arg(long, default_value_t = 200.0)]
    pub(crate) rate: f64,
    /// Length of each record-page latency run, in seconds.
    #[arg(long, default_value_t = 30)]
    pub(crate) seconds: u64,
    /// Requests per second for the second pair of open-loop runs (record page and API),
    /// issue 19's target rate.
    #[arg(long, default_value_t = 1_000.0)]
    pub(crate) high_rate: f64,
    /// Concurrent clients signing in through the sign-in form, for sign-in throughput.
    #[arg(long, default_value_t = 8)]
    pub(crate) sign_in_clients: usize,
    /// Length of the sign-in throughput run, in seconds.
    #[arg(long, default_value_t = 10)]
    pub(crate) sign_in_seconds: u64,
    /// Clients signing in over and over while the record page runs at --rate (the
    /// sign-in storm, which lasts --seconds).
    #[arg(long, default_value_t = 50)]
    pub(crate) storm_clients: usize,
    /// Measured search requests.
    #[arg(long, default_value_t = 2_000)]
    pub(crate) searches: usize,
    /// Stop searching after this many seconds even if fewer requests were made (a slow
    /// search must not keep the bench from reporting).
    #[arg(long, default_value_t = 600)]
    pub(crate) search_seconds: u64,
    /// Concurrent connections for the throughput ceiling runs.
    #[arg(long, default_value_t = 32)]
    pub(crate) connections: usize,
    /// Database connections in the pool of the node the one-node runs measure (PostgreSQL's
    /// default for `concord serve`: 16).
    #[arg(long, default_value_t = 16)]
    pub(crate) pool_size: u32,
    /// Database connections in the pool of each of the two nodes of the two-node run
    /// (default: half of --pool-size, so that the two nodes hold the same connections to
    /// the database as the one node: a database's connection budget is split between its
    /// nodes, as `database_pool_size` is set in production).
    #[arg(long)]
    pub(crate) pair_pool_size: Option<u32>,
    /// Length of each ceiling run, in seconds.
    #[arg(long, default_value_t = 10)]
    pub(crate) ceiling_seconds: u64,
    /// Reuse the register already in the database (skip loading) if it has --persons
    /// people.
    #[arg(long)]
    pub(crate) reuse: bool,
    /// Concurrent transactions while bulk-loading (PostgreSQL).
    #[arg(long, default_value_t = 2)]
    pub(crate) load_workers: usize,
    /// Markdown file to write the results into (this run's dated section is replaced or
    /// appended).
    #[arg(long, default_value = "BENCHMARKS.md")]
    pub(crate) output: PathBuf,
}

#[derive(clap::Subcommand)]
pub(crate) enum BenchWhat {
    /// Record linkage against Splink 5: FEBRL3/4 and synthetic extracts of known truth,
    /// plus real-time linkage against the largest.
    Match(matching::MatchBenchArgs),
    /// Geofencing against shapely 2 and PostGIS: 10,000 zones, 10 million fixes, each
    /// fix against its subject's zones and against all of them.
    Geo(super::geo::GeoBenchArgs),
}
