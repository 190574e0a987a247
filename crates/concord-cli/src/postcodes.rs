//! `concord postcodes import`: replace the postcode directory from an ONS Postcode
//! Directory (or National Statistics Postcode Lookup) CSV — the full 2.7 million lines
//! or an area's extract — all or nothing, every bad line named, with a progress bar.

use std::path::PathBuf;

use clap::Subcommand;
use concord_app::{App, AppError};

use crate::linking::Bars;

#[derive(Subcommand)]
pub enum PostcodesCommand {
    /// Replace the directory with the file's postcodes (columns found by name: `pcds`
    /// or `pcd`, `lat`, `long`, and `doterm` when present).
    Import {
        /// The CSV file (e.g. ONSPD_NOV_2026_UK.csv, from the ONS Open Geography portal).
        file: PathBuf,
        /// An administrator's account (needs user.admin); the import is audited under it.
        #[arg(long = "as")]
        as_user: String,
        /// Load the good lines and leave out the bad ones (the first hundred are
        /// listed) instead of loading nothing.
        #[arg(long)]
        skip_invalid: bool,
    },
}

pub async fn run(app: App, cmd: PostcodesCommand) -> anyhow::Result<()> {
    let PostcodesCommand::Import {
        file,
        as_user,
        skip_invalid,
    } = cmd;
    let result = import(&app, &file, &as_user, skip_invalid).await;
    app.close().await;
    result
}

async fn import(
    app: &App,
    file: &PathBuf,
    as_user: &str,
    skip_invalid: bool,
) -> anyhow::Result<()> {
    let opened =
        std::fs::File::open(file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let size = opened.metadata().map_or(0, |m| m.len());
    let actor = crate::import::actor(app, as_user).await?;
    let source = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let reader = std::io::BufReader::with_capacity(1 << 20, opened);
    match app
        .places()
        .import_postcode_directory(&actor, &source, reader, size, skip_invalid, &Bars::new())
        .await
    {
        Ok(r) => {
            for p in &r.skipped {
                eprintln!("{}: line {}: {}", file.display(), p.line, p.problem);
            }
            println!(
                "Imported {} postcodes from {} ({} without a location left out, {} bad lines skipped); the directory held {} before.",
                r.postcodes,
                file.display(),
                r.without_location,
                r.skipped_lines,
                r.replaced
            );
            Ok(())
        }
        Err(AppError::Validation(v)) => {
            let lines: Vec<String> = v.errors.iter().map(|e| e.message.clone()).collect();
            anyhow::bail!(
                "{}: nothing imported; the directory is as it was. {} problem(s):\n  {}\nFix the lines listed, or give --skip-invalid to load the good lines only.",
                file.display(),
                lines.len(),
                lines.join("\n  ")
            )
        }
        Err(e) => anyhow::bail!("{}", crate::commands::app_error(e)),
    }
}
