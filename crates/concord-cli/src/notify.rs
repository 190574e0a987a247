//! Email summaries: `concord notify send-summaries` sends those due now (for a cron job
//! or a check by hand); `serve` sends them every quarter of an hour while it runs when a
//! relay is configured. Each member of staff is sent at most one per
//! `mail_summary_hours`, whichever node or command sends it.

use std::time::Duration;

use clap::Subcommand;
use concord_app::App;

#[derive(Subcommand)]
pub enum NotifyCommand {
    /// Send the email summaries that are due, and say what was done.
    SendSummaries,
}

pub async fn run(app: App, cmd: NotifyCommand) -> anyhow::Result<()> {
    let NotifyCommand::SendSummaries = cmd;
    if app.settings().mail.relay.trim().is_empty() {
        app.close().await;
        anyhow::bail!("no mail_relay is configured (CONCORD_MAIL_RELAY=smtp://HOST:PORT)");
    }
    let result = app.notifications().send_summaries().await;
    app.close().await;
    let run = result.map_err(|e| anyhow::anyhow!("{}", crate::commands::app_error(e)))?;
    println!(
        "Sent {} summaries; {} had nothing new or were sent one lately; {} could not be sent.",
        run.sent,
        run.not_due,
        run.failed.len()
    );
    for (user, why) in &run.failed {
        eprintln!("  {user}: {why}");
    }
    if run.failed.is_empty() {
        Ok(())
    } else {
        anyhow::bail!("{} summaries could not be sent", run.failed.len())
    }
}

/// While `serve` runs: the summaries that are due, every 15 minutes.
pub fn send_periodically(app: App) -> Option<tokio::task::JoinHandle<()>> {
    if app.settings().mail.relay.trim().is_empty() {
        return None;
    }
    Some(tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(15 * 60));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match app.notifications().send_summaries().await {
                Ok(run) => {
                    if run.sent > 0 || !run.failed.is_empty() {
                        tracing::info!(
                            sent = run.sent,
                            failed = run.failed.len(),
                            "email summaries"
                        );
                    }
                    for (user, why) in run.failed {
                        tracing::warn!(%user, %why, "an email summary could not be sent");
                    }
                }
                Err(e) => tracing::warn!(error = %e, "email summaries not sent"),
            }
        }
    }))
}
