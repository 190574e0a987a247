//! `concord import`: load an agency's feed (CSV through a column mapping) into the
//! register, then compare the register for duplicates; `concord duplicates`: compare it
//! again on its own. Invalid rows are written to a rejects file with their line, column
//! and reason, and without --skip-invalid nothing is loaded.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::Args;
use concord_app::{App, DuplicateRun, FeedReport, FeedRow};
use concord_match::{read_csv, Mapping, Role};

use crate::linking::Bars;

#[derive(Args)]
pub struct ImportArgs {
    /// The agency whose feed this is (its code: see `concord agency list`). The records
    /// are that agency's, with the feed's record ids kept as their source ids.
    #[arg(long, value_name = "AGENCY")]
    source: String,
    /// The column mapping (TOML), as for `concord match`.
    #[arg(long, value_name = "PATH")]
    mapping: PathBuf,
    /// The account the import is made as (it needs the person.import permission, e.g.
    /// a data quality officer); every record written is audited under it.
    #[arg(long = "as", value_name = "USERNAME")]
    as_user: String,
    /// Load the valid rows and leave out the invalid ones (listed in the rejects file)
    /// instead of loading nothing.
    #[arg(long)]
    skip_invalid: bool,
    /// Where to write the invalid rows (default: <file>.rejects.csv beside the file).
    #[arg(long, value_name = "PATH")]
    rejects: Option<PathBuf>,
    /// Do not compare the register for duplicates afterwards.
    #[arg(long)]
    no_link: bool,
    /// The feed.
    file: PathBuf,
}

#[derive(Args)]
pub struct DuplicatesArgs {
    /// The account the comparison is made as (it needs person.combine).
    #[arg(long = "as", value_name = "USERNAME")]
    as_user: String,
}

pub async fn import(app: &App, args: ImportArgs) -> anyhow::Result<()> {
    let actor = actor(app, &args.as_user).await?;
    let text = std::fs::read_to_string(&args.mapping)
        .with_context(|| format!("reading the mapping file {}", args.mapping.display()))?;
    let mapping = Mapping::from_toml(&text).with_context(|| args.mapping.display().to_string())?;
    let file =
        File::open(&args.file).with_context(|| format!("opening {}", args.file.display()))?;
    let extract = read_csv(std::io::BufReader::new(file), &mapping)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    let bars = Bars::new();
    let report = app
        .identify()
        .import_feed(&actor, &args.source, &extract, args.skip_invalid, &bars)
        .await
        .map_err(|e| anyhow::anyhow!("{}", crate::commands::app_error(e)))?;
    if !report.rejected.is_empty() {
        let path = args
            .rejects
            .clone()
            .unwrap_or_else(|| rejects_path(&args.file));
        write_rejects(&path, &args.file, &mapping, &report.rejected)?;
        for r in report.rejected.iter().take(10) {
            eprintln!(
                "{}: line {}: {}: {}",
                args.file.display(),
                r.line,
                r.field,
                r.reason
            );
        }
        eprintln!(
            "{}: {} problems, listed in {}",
            args.file.display(),
            report.rejected.len(),
            path.display()
        );
    }
    if !report.written {
        bail!(
            "nothing was imported: fix the rows listed, or give --skip-invalid to load the valid rows only"
        );
    }
    print_import(&report);
    if !args.no_link {
        let run = app
            .identify()
            .find_duplicates(&actor, &bars)
            .await
            .map_err(|e| anyhow::anyhow!("{}", crate::commands::app_error(e)))?;
        print_run(&run);
    }
    Ok(())
}

pub async fn duplicates(app: &App, args: DuplicatesArgs) -> anyhow::Result<()> {
    let actor = actor(app, &args.as_user).await?;
    let run = app
        .identify()
        .find_duplicates(&actor, &Bars::new())
        .await
        .map_err(|e| anyhow::anyhow!("{}", crate::commands::app_error(e)))?;
    print_run(&run);
    Ok(())
}

/// The account a command acts as (`--as`), its events marked as this command's.
pub(crate) async fn actor(app: &App, username: &str) -> anyhow::Result<concord_authz::Actor> {
    let mut actor = app
        .accounts()
        .actor_for_username(username)
        .await
        .map_err(|e| anyhow::anyhow!("--as {username}: {e}"))?;
    actor.request_id = Some(format!("cli-{}", uuid::Uuid::now_v7()));
    Ok(actor)
}

fn print_import(r: &FeedReport) {
    println!(
        "Imported {} of {} rows for {} ({} already held from an earlier run, {} left out as invalid).",
        r.imported,
        r.rows,
        r.agency,
        r.already_present,
        r.rejected.len()
    );
}

fn print_run(run: &DuplicateRun) {
    println!(
        "Compared {} records ({} candidate pairs): {} linked automatically, {} queued for review ({} kept apart by a conflict or a decision), {} known pairs re-scored.",
        run.records, run.compared, run.linked, run.queued, run.kept_apart, run.rescored
    );
}

fn rejects_path(file: &Path) -> PathBuf {
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("feed");
    file.with_file_name(format!("{stem}.rejects.csv"))
}

/// The mapping role's name, as the import reports a field.
fn role_name(role: &Role) -> &'static str {
    match role {
        Role::RecordId => "record_id",
        Role::Forename => "forename",
        Role::MiddleNames => "middle_names",
        Role::Surname => "surname",
        Role::DateOfBirth { .. } => "date_of_birth",
        Role::Postcode => "postcode",
        Role::Address => "address",
        Role::Town => "town",
        Role::Gender => "gender",
        Role::Identifier { .. } => "identifier",
        Role::TrueId => "true_id",
        Role::Ignore => "ignore",
    }
}

/// Each invalid row with its line, the column at fault (named as in the file) and the
/// reason, followed by the row as it came.
fn write_rejects(
    path: &Path,
    file: &Path,
    mapping: &Mapping,
    rejected: &[FeedRow],
) -> anyhow::Result<()> {
    let column_of: HashMap<&str, &str> = mapping
        .columns
        .iter()
        .map(|(column, role)| (role_name(role), column.as_str()))
        .collect();
    let mut raw = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(file)
        .with_context(|| format!("re-reading {}", file.display()))?;
    let header: Vec<String> = raw.headers()?.iter().map(String::from).collect();
    let wanted: std::collections::HashSet<u64> = rejected.iter().map(|r| r.line).collect();
    let mut rows: HashMap<u64, Vec<String>> = HashMap::new();
    for row in raw.records().flatten() {
        let line = row.position().map_or(0, csv::Position::line);
        if wanted.contains(&line) {
            rows.insert(line, row.iter().map(String::from).collect());
        }
    }
    let mut out = csv::WriterBuilder::new()
        .flexible(true)
        .from_path(path)
        .with_context(|| format!("writing {}", path.display()))?;
    let mut head = vec!["line".to_string(), "column".into(), "reason".into()];
    head.extend(header);
    out.write_record(&head)?;
    for r in rejected {
        let column = column_of
            .get(r.field.as_str())
            .copied()
            .unwrap_or(r.field.as_str());
        let mut record = vec![r.line.to_string(), column.to_string(), r.reason.clone()];
        record.extend(rows.get(&r.line).into_iter().flatten().cloned());
        out.write_record(&record)?;
    }
    out.flush()?;
    Ok(())
}
