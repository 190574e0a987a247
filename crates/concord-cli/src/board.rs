//! `concord board import-measures`: the Local Criminal Justice Board's measures held by the
//! courts, the police and the youth offending service, from CSV — all or nothing, every
//! bad line named, audited as the account named.

use std::path::PathBuf;

use clap::Subcommand;
use concord_app::{App, AppError};

#[derive(Subcommand)]
pub enum BoardCommand {
    /// Import figures per measure, area and calendar quarter (header
    /// `measure,area,period_start,period_end,numerator,denominator`); a figure already
    /// held for the same measure, area and quarter is replaced.
    ImportMeasures {
        /// The CSV file.
        #[arg(long)]
        file: PathBuf,
        /// The performance officer's account (needs measures.import).
        #[arg(long = "as")]
        as_user: String,
    },
}

pub async fn run(app: App, cmd: BoardCommand) -> anyhow::Result<()> {
    let BoardCommand::ImportMeasures { file, as_user } = cmd;
    let result = import(&app, &file, &as_user).await;
    app.close().await;
    result
}

async fn import(app: &App, file: &PathBuf, as_user: &str) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| anyhow::anyhow!("--file {}: {e}", file.display()))?;
    let mut actor = app
        .accounts()
        .actor_for_username(as_user)
        .await
        .map_err(|e| anyhow::anyhow!("--as {as_user}: {e}"))?;
    actor.request_id = Some(format!("cli-{}", uuid::Uuid::now_v7()));
    match app.iom().import_measures(&actor, &text).await {
        Ok(r) => {
            println!(
                "Imported {} figure(s) from {}; {} replaced a figure already held.",
                r.figures,
                file.display(),
                r.replaced
            );
            Ok(())
        }
        Err(AppError::Validation(v)) => {
            let lines: Vec<String> = v.errors.iter().map(|e| e.message.clone()).collect();
            anyhow::bail!(
                "{}: nothing imported; {} problem(s):\n  {}",
                file.display(),
                lines.len(),
                lines.join("\n  ")
            )
        }
        Err(e) => anyhow::bail!("{}", crate::commands::app_error(e)),
    }
}
