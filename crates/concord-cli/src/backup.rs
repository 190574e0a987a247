//! `concord backup` and `concord restore` (issue 25 item 5): the whole database to one
//! file and back, with the audit chain verified after every restore.
//!
//! - SQLite: `VACUUM INTO`, a consistent copy taken while nodes keep serving; restored by
//!   writing the copy beside the target and renaming it into place, so a failed restore
//!   leaves the old file as it was.
//! - PostgreSQL: `pg_dump --format=custom` (consistent by its own snapshot, while nodes
//!   keep serving) and `pg_restore` in one transaction into an empty database.
//!
//! A backup never overwrites a file, and a restore never replaces data unless told to
//! (`--force`, with every node stopped). A restored chain that does not verify is
//! reported and the command fails: a backup is only as good as its audit trail.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context};
use clap::Args;
use concord_app::{App, AppSettings, Clock, DatabaseLocation};

#[derive(Args)]
pub struct BackupArgs {
    /// The file to write; it must not exist.
    #[arg(long)]
    pub output: PathBuf,
}

#[derive(Args)]
pub struct RestoreArgs {
    /// A file written by `concord backup`.
    #[arg(long)]
    pub input: PathBuf,
    /// Replace the data already in the target database (stop every node first).
    #[arg(long)]
    pub force: bool,
}

/// The first bytes of every SQLite database file.
const SQLITE_HEADER: &[u8] = b"SQLite format 3\0";
/// The first bytes of a `pg_dump --format=custom` archive.
const PG_ARCHIVE_HEADER: &[u8] = b"PGDMP";

pub async fn backup(database_url: &str, args: &BackupArgs) -> anyhow::Result<()> {
    let out = &args.output;
    if out.exists() {
        bail!(
            "--output: {} already exists: a backup never overwrites a file; choose a new name",
            out.display()
        );
    }
    let to = out
        .to_str()
        .with_context(|| format!("--output: {} is not a UTF-8 path", out.display()))?;
    match concord_app::database_location(database_url)? {
        DatabaseLocation::SqliteFile(_) => {
            concord_app::backup_sqlite_database(database_url, to)
                .await
                .context("copying the SQLite database")?;
        }
        DatabaseLocation::Postgres(url) => run(
            Command::new("pg_dump")
                .args(["--format=custom", "--no-owner", "--no-privileges", "--file"])
                .arg(out)
                .arg("--dbname")
                .arg(&url),
            "pg_dump",
        )?,
    }
    let bytes = std::fs::metadata(out).map_or(0, |m| m.len());
    println!("Backed up to {} ({bytes} bytes).", out.display());
    Ok(())
}

pub async fn restore(database_url: &str, args: &RestoreArgs) -> anyhow::Result<()> {
    let input = &args.input;
    let header = read_header(input)?;
    let target = concord_app::database_location(database_url)?;
    match &target {
        DatabaseLocation::SqliteFile(path) => {
            if !header.starts_with(SQLITE_HEADER) {
                bail!(
                    "--input: {} is not a SQLite backup (the database is SQLite)",
                    input.display()
                );
            }
            restore_sqlite(input, Path::new(path), args.force)?;
        }
        DatabaseLocation::Postgres(url) => {
            if !header.starts_with(PG_ARCHIVE_HEADER) {
                bail!(
                    "--input: {} is not a pg_dump archive (the database is PostgreSQL)",
                    input.display()
                );
            }
            if concord_app::database_schema_version(url).await?.is_some() && !args.force {
                bail!("the target database already holds Concord's data: restore into an empty database, or give --force to replace it (stop every node first)");
            }
            let mut restore = Command::new("pg_restore");
            restore.args([
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
            ]);
            if args.force {
                restore.args(["--clean", "--if-exists"]);
            }
            run(restore.arg("--dbname").arg(url).arg(input), "pg_restore")?;
        }
    }
    // The restored database must be this build's schema and its chain must verify.
    let app = App::open_migrated(database_url, Clock::system(), AppSettings::default())
        .await
        .map_err(|e| anyhow::anyhow!("the restored database: {e}"))?;
    let status = app.verify_audit_chain().await;
    app.close().await;
    let status = status.map_err(|e| anyhow::anyhow!("verifying the restored audit chain: {e}"))?;
    match status {
        concord_app::AuditChainStatus::Intact { events } => {
            println!(
                "Restored {} from {}. Audit chain intact: {events} events.",
                concord_app::redacted_database_url(database_url)?,
                input.display()
            );
            Ok(())
        }
        broken => bail!("restored, but the audit chain does not verify: {broken:?}"),
    }
}

fn read_header(input: &Path) -> anyhow::Result<Vec<u8>> {
    use std::io::Read;
    let mut f = std::fs::File::open(input)
        .with_context(|| format!("--input: cannot open {}", input.display()))?;
    let mut header = vec![0; 16];
    let n = f.read(&mut header)?;
    header.truncate(n);
    Ok(header)
}

/// Copy beside the target, then rename over it: the old file stays whole until the new
/// one is complete.
fn restore_sqlite(input: &Path, target: &Path, force: bool) -> anyhow::Result<()> {
    let occupied = std::fs::metadata(target).is_ok_and(|m| m.len() > 0);
    if occupied && !force {
        bail!(
            "{} already holds a database: restore into a new file, or give --force to replace it (stop every node first)",
            target.display()
        );
    }
    let mut partial = target.as_os_str().to_owned();
    partial.push(".restoring");
    let partial = PathBuf::from(partial);
    std::fs::copy(input, &partial)
        .with_context(|| format!("copying {} to {}", input.display(), partial.display()))?;
    // A write-ahead log left by the replaced database belongs to it, not to the copy.
    for suffix in ["-wal", "-shm"] {
        let mut side = target.as_os_str().to_owned();
        side.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(side));
    }
    std::fs::rename(&partial, target)
        .with_context(|| format!("moving the restored file into {}", target.display()))?;
    Ok(())
}

/// Run an external tool, failing with what it said.
fn run(command: &mut Command, name: &str) -> anyhow::Result<()> {
    let out = command.output().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => anyhow::anyhow!(
            "{name} is not installed: install the PostgreSQL client tools (apt-get install postgresql-client)"
        ),
        _ => anyhow::anyhow!("cannot run {name}: {e}"),
    })?;
    if !out.status.success() {
        bail!(
            "{name} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}
