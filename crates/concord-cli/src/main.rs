//! The `concord` binary: serve, demo, migrate, user, audit, bench, match, import,
//! duplicates, risk.
//!
//! Owns: command-line parsing, configuration, start-up checks and progress display.
//! Everything else is a call into concord-app or concord-web.

mod audit;
mod backup;
mod board;
mod commands;
mod config;
mod em;
mod em_simulate;
mod import;
mod linking;
mod notify;
mod postcodes;
mod risk;
mod sso;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// mimalloc rather than the system allocator: linkage allocates millions of small
/// strings across threads, where glibc's per-thread arenas fragment (a third more
/// peak memory at a million records) and are slower.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Concord: multi-agency public protection — identify, share, assess and manage the
/// people who may cause serious harm, together.
#[derive(Parser)]
#[command(name = "concord", version, about, long_about = None)]
struct Cli {
    /// Configuration file (default: ./concord.toml if present). CONCORD_* variables and
    /// DATABASE_URL override it.
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (migrates the database first).
    Serve(ServeArgs),
    /// Create or reuse a SQLite demo database with a synthetic Essex population, print
    /// the demo accounts, and serve it.
    Demo(DemoArgs),
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Back the whole database up to one file while nodes keep serving (SQLite: VACUUM
    /// INTO; PostgreSQL: pg_dump --format=custom).
    Backup(backup::BackupArgs),
    /// Restore a backup into an empty database (or, with --force, over one), then
    /// verify the audit chain.
    Restore(backup::RestoreArgs),
    /// Manage staff accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage agencies and teams.
    #[command(subcommand)]
    Agency(AgencyCommand),
    /// Check the audit chain.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Measure search and record-page latency, and throughput, on a synthetic register
    /// built in the given (empty) database; writes the results into BENCHMARKS.md.
    Bench(concord_bench::BenchArgs),
    /// Load an agency's feed (CSV through a column mapping) into the register, then
    /// compare the register for duplicates.
    Import(import::ImportArgs),
    /// Compare the register for duplicates: link the pairs the model is sure of, queue
    /// the doubtful ones for the data quality officer.
    Duplicates(import::DuplicatesArgs),
    /// Link plain CSV extracts (deduplicate one, or link two) through a column mapping;
    /// writes scored pairs, clusters, the trained model and a report.
    #[command(subcommand)]
    Match(linking::MatchCommand),
    /// Risk engine tools: check it against a reference set of the MoJ service's answers.
    #[command(subcommand)]
    Risk(risk::RiskCommand),
    /// Partner services' housekeeping.
    #[command(subcommand)]
    Partners(PartnersCommand),
    /// The boards' figures.
    #[command(subcommand)]
    Board(board::BoardCommand),
    /// Email summaries of what waits for each member of staff.
    #[command(subcommand)]
    Notify(notify::NotifyCommand),
    /// The postcode directory that places addresses on the map.
    #[command(subcommand)]
    Postcodes(postcodes::PostcodesCommand),
    /// Electronic monitoring tools: replay a recorded track against zones.
    #[command(subcommand)]
    Em(em::EmCommand),
}

#[derive(Subcommand)]
enum PartnersCommand {
    /// Cancel the open partner referrals of everyone whose order or licence has ended
    /// (run daily, e.g. from cron). Acts as the account named, for the records it may
    /// change (its agency's, as a manager with oversight), and is audited as it.
    EndOrders {
        #[arg(long = "as")]
        as_user: String,
    },
}

#[derive(Args)]
struct ServeArgs {
    /// Address to listen on (overrides `bind`).
    #[arg(long)]
    bind: Option<String>,
    /// Port to listen on (overrides `port`).
    #[arg(long)]
    port: Option<u16>,
    /// Where the operators' endpoints listen, `ADDRESS:PORT` (overrides `metrics_bind`):
    /// `/metrics`, `/health` and `/ready`.
    #[arg(long)]
    metrics_bind: Option<String>,
    /// Do not migrate: start only if the database is already at this build's schema (for
    /// the second and later nodes of a deployment that migrates once).
    #[arg(long)]
    no_migrate: bool,
}

#[derive(Args)]
struct DemoArgs {
    /// The SQLite file to create or reuse.
    #[arg(long, default_value = "concord-demo.db")]
    database: PathBuf,
    #[arg(long, default_value = "127.0.0.1")]
    bind: String,
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// How many synthetic people to generate.
    #[arg(long, default_value_t = 3000)]
    size: usize,
    /// Load the data and exit without serving.
    #[arg(long)]
    no_serve: bool,
    /// Write the police and probation feeds of the first --size demo people, and their
    /// mapping, into this directory and exit (for `concord import`).
    #[arg(long, value_name = "DIR")]
    feeds: Option<PathBuf>,
    /// A NATS JetStream server: the demo then publishes its domain events there and runs
    /// the electronic-monitoring feed worker, so `concord em simulate` can drive Mr D's tag.
    #[arg(long, env = "CONCORD_NATS_URL", value_name = "URL")]
    nats: Option<String>,
    /// The monitoring feed's subject prefix (`<prefix>.fixes.<device>`): give each demo
    /// sharing one NATS server its own, or they take each other's fixes.
    #[arg(long, default_value = "em", value_name = "PREFIX")]
    em_prefix: String,
    /// A configuration file whose `public_url` and `[[sso_providers]]` the demo serves
    /// with, to try single sign-on beside the demo's passwords (see docs/operations.md).
    #[arg(long, value_name = "PATH")]
    sso_config: Option<PathBuf>,
    /// The virus scanner documents pass before they are attached (`clamd://HOST:PORT` or
    /// `clamd:///PATH/TO/SOCKET`); without one, the Documents tab accepts no upload.
    #[arg(
        long,
        env = "CONCORD_ATTACHMENT_SCANNER",
        value_name = "URL",
        default_value = ""
    )]
    attachment_scanner: String,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a staff account; prompts for the password (or reads one line from stdin with
    /// --password-stdin) and refuses weak ones.
    Add {
        #[arg(long)]
        username: String,
        /// Full name as shown to colleagues.
        #[arg(long)]
        name: String,
        /// Agency code (see `concord agency list`).
        #[arg(long)]
        agency: String,
        /// Role code; repeat for several (e.g. --role offender_manager).
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// Team name within the agency.
        #[arg(long)]
        team: Option<String>,
        #[arg(long)]
        email: Option<String>,
        /// Read the password from the first line of standard input instead of prompting.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List staff accounts.
    List,
    /// Activate an account: one made at its first single sign-on (after checking the
    /// person should have the roles its groups gave), or one deactivated.
    Activate {
        /// The account's username (`concord user list`).
        username: String,
    },
}

#[derive(Subcommand)]
enum AgencyCommand {
    /// Add an agency (the owner of the records its staff create).
    Add {
        /// Short stable code, e.g. probation-essex.
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// police, probation, prison, responsible_authority, social_services, health,
        /// housing, jobcentre, drug_and_alcohol or voluntary_sector.
        #[arg(long)]
        kind: String,
        /// The area it serves, e.g. Essex.
        #[arg(long)]
        area: String,
    },
    /// List agencies and their codes.
    List,
    /// Add a team to an agency.
    AddTeam {
        #[arg(long)]
        agency: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        town: Option<String>,
    },
    /// Say which cases a probation organisation manages, so that a signed review that
    /// crosses the threshold proposes moving a case between organisations.
    Remit {
        #[arg(long)]
        agency: String,
        /// high_risk (high and very high RoSH, MAPPA cases), community (low and medium),
        /// or all (every case: nothing moves).
        #[arg(long)]
        remit: String,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Recompute the hash chain and report the first broken event, if any; also checks
    /// it against the anchor file (`audit_anchor`, or --anchor).
    Verify {
        /// An anchor file to check against, instead of the configured one.
        #[arg(long)]
        anchor: Option<std::path::PathBuf>,
    },
    /// Record the chain's head in the anchor file now (`audit_anchor`, or --anchor): for
    /// a scheduled job where no server runs, or before handing the database over.
    Anchor {
        #[arg(long)]
        anchor: Option<std::path::PathBuf>,
    },
    /// Write one person's audit trail as CSV (for a complaint or a subject access
    /// request). Acts as an information governance account, and is itself audited.
    Export {
        /// The person's id (from the record page's address).
        #[arg(long)]
        person: String,
        /// The information governance account the export is made as.
        #[arg(long = "as")]
        as_user: String,
        /// Why the trail is exported.
        #[arg(long)]
        purpose: String,
        /// Where to write the CSV; standard output if not given.
        #[arg(long)]
        output: Option<std::path::PathBuf>,
    },
}

fn main() -> std::process::ExitCode {
    let filter = tracing_subscriber::EnvFilter::try_from_env("CONCORD_LOG")
        .unwrap_or_else(|_| "info,sqlx=warn".into());
    // `CONCORD_LOG_FORMAT=json`: one JSON object per line, with the request's span (id,
    // route, actor) on every line written while serving it, for a log collector.
    if std::env::var("CONCORD_LOG_FORMAT").as_deref() == Ok("json") {
        tracing_subscriber::fmt()
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .init();
    } else {
        tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .init();
    }
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
