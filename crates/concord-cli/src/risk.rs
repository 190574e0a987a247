//! `concord risk conformance FILE`: runs a JSON file of request/expected pairs against the
//! risk engine — the same code `POST /api/v1/risk-scores` and `POST /api/v1/tier` run — and
//! prints each difference by JSON path, then "N passed, M failed". An operator uses it to
//! check Concord against any reference set of the MoJ actuarial service's answers.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand};
use concord_risk::conformance::{parse_cases, run};

#[derive(Subcommand)]
pub enum RiskCommand {
    /// Check the risk engine against a file of request/expected pairs
    /// ({"cases": [{"name", "endpoint": "risk-scores"|"tier", "request", "expected"}]}).
    Conformance(ConformanceArgs),
}

#[derive(Args)]
pub struct ConformanceArgs {
    /// The JSON file of cases.
    file: PathBuf,
    /// The day tier cases count from when a case gives no "today" (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<chrono::NaiveDate>,
    /// Print only the failures and the totals.
    #[arg(long)]
    quiet: bool,
}

pub fn run_command(cmd: RiskCommand) -> anyhow::Result<()> {
    match cmd {
        RiskCommand::Conformance(args) => conformance(args),
    }
}

fn conformance(args: ConformanceArgs) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("reading {}", args.file.display()))?;
    let cases = parse_cases(&text).with_context(|| format!("in {}", args.file.display()))?;
    let today = args
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let outcomes = run(&cases, today);
    let mut failed = 0;
    for outcome in &outcomes {
        if outcome.passed() {
            if !args.quiet {
                println!("ok    {}", outcome.name);
            }
            continue;
        }
        failed += 1;
        println!("FAIL  {}", outcome.name);
        for d in &outcome.differences {
            println!("      {}: {}", d.path, d.what);
        }
    }
    println!("{} passed, {} failed", outcomes.len() - failed, failed);
    if failed > 0 {
        anyhow::bail!("{failed} of {} cases differ", outcomes.len());
    }
    Ok(())
}
