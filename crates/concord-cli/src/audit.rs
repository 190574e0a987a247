//! `concord audit verify` and `concord audit anchor`, and the anchoring a serving node
//! does (ADR 0008).

use std::path::PathBuf;
use std::time::Duration;

use concord_app::{AnchorFile, App, AuditChainStatus};

use crate::config::Config;

/// The anchor file: `--anchor` if given (signed with the configured key), else the
/// configured one.
fn anchor_file(config: &Config, given: Option<PathBuf>) -> anyhow::Result<Option<AnchorFile>> {
    match given {
        Some(path) => AnchorFile::new(path, config.audit_anchor_key.as_deref())
            .map(Some)
            .map_err(|e| anyhow::anyhow!("{e}")),
        None => config.audit_anchor(),
    }
}

/// Recompute the whole chain page by page with a progress bar, holding no lock anyone
/// waits for, and check it against the anchor file if there is one.
pub async fn verify(app: &App, config: &Config, given: Option<PathBuf>) -> anyhow::Result<()> {
    let anchors = anchor_file(config, given)?;
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "Verifying the audit chain {bar:40} {pos}/{len} events ({per_sec}, {eta} left)",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let status = app
        .verify_audit_chain_with(anchors.as_ref(), &mut |done, total| {
            bar.set_length(total.max(0) as u64);
            bar.set_position(done.max(0) as u64);
        })
        .await;
    bar.finish_and_clear();
    match status.map_err(|e| anyhow::anyhow!("{e}"))? {
        AuditChainStatus::Intact { events } => {
            match &anchors {
                Some(f) => {
                    let n = f.read().map_err(|e| anyhow::anyhow!("{e}"))?.len();
                    println!(
                        "Audit chain intact: {events} events; it matches the {n} anchor(s) in {}.",
                        f.path().display()
                    );
                }
                None => {
                    println!("Audit chain intact: {events} events.");
                    eprintln!(
                        "note: no anchor file is configured, so a consistent rewrite of the chain by someone with write access to the database would not show (set audit_anchor)."
                    );
                }
            }
            Ok(())
        }
        AuditChainStatus::Broken { seq, problem } => {
            anyhow::bail!("audit chain broken at event {seq}: {problem}")
        }
    }
}

/// Record the chain's head in the anchor file now.
pub async fn anchor(app: &App, config: &Config, given: Option<PathBuf>) -> anyhow::Result<()> {
    let Some(file) = anchor_file(config, given)? else {
        anyhow::bail!("no anchor file: set audit_anchor (CONCORD_AUDIT_ANCHOR) or give --anchor");
    };
    match app
        .anchor_audit(&file)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
    {
        Some(a) => println!(
            "Anchored event {} ({}) in {}.",
            a.seq,
            a.hash,
            file.path().display()
        ),
        None => println!("The audit chain is empty: nothing to anchor."),
    }
    Ok(())
}

/// While a node serves: record the head every `every`. A failure is logged, not fatal:
/// the chain itself is intact, only this anchor is missing, and the next one covers it.
pub fn anchor_periodically(
    app: App,
    file: AnchorFile,
    every: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tick.tick().await;
        loop {
            tick.tick().await;
            if let Err(e) = app.anchor_audit(&file).await {
                tracing::warn!(error = %e, "could not anchor the audit chain");
            }
        }
    })
}
