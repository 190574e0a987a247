//! `concord match dedupe|link`: the analyst's linkage of plain CSV extracts, through a
//! column mapping, with scored pairs and clusters written as CSV.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context};
use clap::{Args, Subcommand};
use concord_match::{
    cluster, evaluate, link_prepared, prepare, read_csv, true_pairs, Evaluation, Extract, Label,
    Link, Linkage, Mapping, MatchRecord, Model, Progress, RuleReport, ScoredPair, Settings, Sides,
};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;

#[derive(Subcommand)]
pub enum MatchCommand {
    /// Find the records of one file that are the same person.
    Dedupe {
        file: PathBuf,
        #[command(flatten)]
        options: MatchOptions,
    },
    /// Find the records of the second file that are the same person as a record of the
    /// first (both read through the same mapping unless --right-mapping is given).
    Link {
        left: PathBuf,
        right: PathBuf,
        /// The mapping for the second file, when its columns differ.
        #[arg(long, value_name = "PATH")]
        right_mapping: Option<PathBuf>,
        #[command(flatten)]
        options: MatchOptions,
    },
}

#[derive(Args)]
pub struct MatchOptions {
    /// The column mapping (TOML): each column's role — record_id, forename, middle_names,
    /// surname, date_of_birth (with its format), postcode, address, town, gender,
    /// identifier (with its kind), true_id or ignore.
    #[arg(long, value_name = "PATH")]
    mapping: PathBuf,
    /// Where to write pairs.csv, clusters.csv and report.json.
    #[arg(long, value_name = "DIR", default_value = "match-output")]
    output: PathBuf,
    /// Pairs at or above this match probability are written and clustered.
    #[arg(long, default_value_t = 0.9)]
    threshold: f64,
    /// Add each pair's explanation (the weight of every comparison) to pairs.csv.
    #[arg(long)]
    explain: bool,
    /// Use this model file instead of training one on the data.
    #[arg(long, value_name = "PATH")]
    model: Option<PathBuf>,
    /// Leave out invalid rows (written to rejects.csv with the reason) instead of
    /// stopping.
    #[arg(long)]
    skip_invalid: bool,
    /// Random pairs used to estimate u (a million gave the same F1 as two on FEBRL and
    /// on a million synthetic records, in half the time).
    #[arg(long, default_value_t = 1_000_000)]
    random_pairs: usize,
    /// Reviewers' decisions (CSV with columns id_l, id_r, same: true or false), taken
    /// as evidence in training and about every pair of the same pattern.
    #[arg(long, value_name = "PATH")]
    labels: Option<PathBuf>,
}

/// What a run writes to report.json (and the benchmark reads).
#[derive(Serialize)]
struct Report {
    records: usize,
    rejected: usize,
    blanked: usize,
    compared: u64,
    pairs_written: usize,
    clusters: usize,
    refused_links: usize,
    blocking: Vec<RuleReport>,
    seconds: f64,
    peak_memory_kb: Option<u64>,
    evaluation: Option<Evaluation>,
    /// Of `seconds`, the time spent scoring the run against the truth column.
    evaluation_seconds: f64,
}

pub fn run(command: MatchCommand) -> anyhow::Result<()> {
    let started = Instant::now();
    let (files, sides_of, right_mapping, options) = match command {
        MatchCommand::Dedupe { file, options } => (vec![file], false, None, options),
        MatchCommand::Link {
            left,
            right,
            right_mapping,
            options,
        } => (vec![left, right], true, right_mapping, options),
    };
    if !(0.0..=1.0).contains(&options.threshold) {
        bail!("--threshold must be a probability between 0 and 1");
    }
    let mapping = read_mapping(&options.mapping)?;
    let right_mapping = right_mapping.as_deref().map(read_mapping).transpose()?;
    std::fs::create_dir_all(&options.output)
        .with_context(|| format!("creating {}", options.output.display()))?;
    let progress = Bars::new();
    progress.start("reading the files", 0);
    let mut extracts = vec![];
    for (i, file) in files.iter().enumerate() {
        let mapping = if i == 1 {
            right_mapping.as_ref().unwrap_or(&mapping)
        } else {
            &mapping
        };
        extracts.push(read_file(file, mapping, &options)?);
    }
    progress.finish();
    let left = extracts[0].records.len();
    let sides = if sides_of {
        Sides::Link { left }
    } else {
        Sides::Dedupe
    };
    let mut records: Vec<MatchRecord> = extracts
        .iter_mut()
        .flat_map(|e| std::mem::take(&mut e.records))
        .collect();
    let truth: Option<Vec<String>> = extracts
        .iter()
        .map(|e| e.truth.clone())
        .collect::<Option<Vec<_>>>()
        .map(|t| t.concat());
    let model = options
        .model
        .as_deref()
        .map(|path| {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading the model file {}", path.display()))?;
            Model::from_json(&text).with_context(|| format!("{}", path.display()))
        })
        .transpose()?;
    let settings = Settings {
        // With the truth known every candidate is kept, to measure blocking recall and
        // the best threshold.
        keep_from: if truth.is_some() {
            0.0
        } else {
            options.threshold
        },
        random_pairs: options.random_pairs,
        labels: match &options.labels {
            Some(path) => read_labels(path, &records)?,
            None => vec![],
        },
        ..Settings::default()
    };
    // Once prepared, a record is needed only for its id (in the outputs) and its checked
    // identifiers (clusters never join two of a kind): its text goes. A chunk at a time,
    // so each chunk's prepared names reuse the memory the previous chunk's text freed —
    // a third of the peak memory of a large run.
    progress.start("preparing records", records.len() as u64);
    let mut prepared = Vec::with_capacity(records.len());
    for chunk in records.chunks_mut(1 << 16) {
        prepared.extend(prepare(chunk, &()));
        for r in chunk {
            r.forename = None;
            r.surname = None;
            r.date_of_birth = None;
            r.postcode = None;
            r.address = None;
            r.town = None;
            r.gender = None;
        }
    }
    progress.advance(records.len() as u64);
    progress.finish();
    for e in &mut extracts {
        e.rows = vec![];
    }
    let mut linkage = link_prepared(prepared, sides, &settings, model.as_ref(), &progress);
    progress.start("writing pairs", 0);
    let written = write_pairs(&options, &linkage, &records)?;
    progress.finish();
    // The prepared records served the explanations; clustering needs only the pairs.
    drop(std::mem::take(&mut linkage.prepared));
    progress.start("clustering", 0);
    let links: Vec<Link> = linkage
        .pairs
        .iter()
        .map(|p| Link {
            left: p.left as usize,
            right: p.right as usize,
            probability: p.match_probability,
        })
        .collect();
    let clusters = cluster(&records, &links, options.threshold);
    write_clusters(&options.output, &records, &clusters.cluster_of)?;
    save_model(&options.output, &linkage.model)?;
    progress.finish();
    progress.start("evaluating", 0);
    let evaluating = Instant::now();
    let evaluation = truth.map(|truth| {
        let scored = linkage
            .pairs
            .iter()
            .map(|p| {
                (
                    p.match_probability,
                    truth[p.left as usize] == truth[p.right as usize],
                )
            })
            .collect();
        let total = true_pairs(&truth, sides_of.then_some(left));
        evaluate(scored, total, options.threshold)
    });
    let evaluation_seconds = evaluating.elapsed().as_secs_f64();
    progress.finish();
    let mut distinct = clusters.cluster_of.clone();
    distinct.sort_unstable();
    distinct.dedup();
    let report = Report {
        records: records.len(),
        rejected: extracts.iter().map(|e| e.rejected.len()).sum(),
        blanked: extracts.iter().map(|e| e.blanked.len()).sum(),
        compared: linkage.compared,
        pairs_written: written,
        clusters: distinct.len(),
        refused_links: clusters.refused.len(),
        blocking: linkage.blocking.clone(),
        seconds: started.elapsed().as_secs_f64(),
        peak_memory_kb: peak_memory_kb(),
        evaluation,
        evaluation_seconds,
    };
    std::fs::write(
        options.output.join("report.json"),
        serde_json::to_string_pretty(&report)?,
    )?;
    print_summary(&report, &options.output);
    Ok(())
}

/// Reviewers' decisions by record id; an id not in the files, or a `same` that is not
/// true or false, is refused with its line.
fn read_labels(path: &Path, records: &[MatchRecord]) -> anyhow::Result<Vec<Label>> {
    let index: std::collections::HashMap<&str, u32> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i as u32))
        .collect();
    let mut reader = csv::Reader::from_path(path)
        .with_context(|| format!("reading the labels file {}", path.display()))?;
    let header: Vec<String> = reader
        .headers()?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| anyhow::anyhow!("{}: no column \"{name}\"", path.display()))
    };
    let (l, r, same) = (column("id_l")?, column("id_r")?, column("same")?);
    let mut labels = vec![];
    for row in reader.records() {
        let row = row.with_context(|| path.display().to_string())?;
        let line = row.position().map_or(0, csv::Position::line);
        let id = |i: usize| {
            let id = row.get(i).unwrap_or("").trim();
            index.get(id).copied().ok_or_else(|| {
                anyhow::anyhow!("{}: line {line}: no record has id \"{id}\"", path.display())
            })
        };
        let same = match row
            .get(same)
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
            .as_str()
        {
            "true" | "same" | "1" | "yes" => true,
            "false" | "different" | "0" | "no" => false,
            other => bail!(
                "{}: line {line}: same is \"{other}\", not true or false",
                path.display()
            ),
        };
        labels.push(Label {
            left: id(l)?,
            right: id(r)?,
            same,
        });
    }
    Ok(labels)
}

fn read_mapping(path: &Path) -> anyhow::Result<Mapping> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the mapping file {}", path.display()))?;
    Mapping::from_toml(&text).with_context(|| format!("{}", path.display()))
}

/// Read one file; with invalid rows, write them to rejects.csv and stop unless
/// --skip-invalid.
fn read_file(path: &Path, mapping: &Mapping, options: &MatchOptions) -> anyhow::Result<Extract> {
    let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let extract = read_csv(std::io::BufReader::new(file), mapping)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    for blanked in extract.blanked.iter().take(5) {
        eprintln!("{}: blanked as invalid: {blanked}", path.display());
    }
    if extract.blanked.len() > 5 {
        eprintln!(
            "{}: {} values blanked as invalid in all",
            path.display(),
            extract.blanked.len()
        );
    }
    if extract.rejected.is_empty() {
        return Ok(extract);
    }
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("input");
    let rejects = options.output.join(format!("{stem}.rejects.csv"));
    // Flexible: a rejected row may be short or long; it is written as it came.
    let mut out = csv::WriterBuilder::new()
        .flexible(true)
        .from_path(&rejects)?;
    let mut header = vec!["line".to_string(), "field".into(), "reason".into()];
    header.extend(extract.header.iter().cloned());
    out.write_record(&header)?;
    let rows: std::collections::HashMap<u64, &Vec<String>> = extract
        .rejected_rows
        .iter()
        .map(|(line, row)| (*line, row))
        .collect();
    for error in &extract.rejected {
        let mut record = vec![
            error.line.to_string(),
            error.field.clone(),
            error.reason.clone(),
        ];
        record.extend(
            rows.get(&error.line)
                .into_iter()
                .flat_map(|r| r.iter().cloned()),
        );
        out.write_record(&record)?;
    }
    out.flush()?;
    for error in extract.rejected.iter().take(10) {
        eprintln!("{}: {error}", path.display());
    }
    let n = extract.rejected.len();
    if options.skip_invalid {
        eprintln!(
            "{}: {n} problems; those rows are left out (listed in {})",
            path.display(),
            rejects.display()
        );
        Ok(extract)
    } else {
        bail!(
            "{}: {n} problems (all listed in {}); nothing was linked. Fix them, or give --skip-invalid to leave those rows out.",
            path.display(),
            rejects.display()
        )
    }
}

fn write_pairs(
    options: &MatchOptions,
    linkage: &Linkage,
    records: &[MatchRecord],
) -> anyhow::Result<usize> {
    let path = options.output.join("pairs.csv");
    let mut out = csv::Writer::from_writer(BufWriter::new(File::create(&path)?));
    let mut header = vec!["id_l", "id_r", "match_probability", "match_weight"];
    if options.explain {
        header.push("explanation");
    }
    out.write_record(&header)?;
    // Rows are formatted in parallel, a chunk per task, and written in order: formatting
    // half a million rows of numbers is most of the work and one core left the other idle.
    let row = |pair: &ScoredPair| -> Vec<String> {
        let mut row = vec![
            records[pair.left as usize].id.clone(),
            records[pair.right as usize].id.clone(),
            format!("{:.6}", pair.match_probability),
            format!("{:.3}", pair.match_weight),
        ];
        if options.explain {
            let score = linkage.explain(pair);
            row.push(
                score
                    .contributions
                    .iter()
                    .map(|c| {
                        if c.level.is_empty() {
                            format!("{} {:+.2}", c.comparison, c.weight)
                        } else {
                            format!("{} {} {:+.2}", c.comparison, c.level, c.weight)
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            );
        }
        row
    };
    let chunks: Vec<anyhow::Result<(Vec<u8>, usize)>> = linkage
        .pairs
        .par_chunks(1 << 15)
        .map(|chunk| {
            let mut w = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(Vec::new());
            let mut n = 0;
            for pair in chunk
                .iter()
                .filter(|p| p.match_probability >= options.threshold)
            {
                w.write_record(row(pair))?;
                n += 1;
            }
            let bytes = w
                .into_inner()
                .map_err(|e| anyhow::anyhow!("formatting pairs: {e}"))?;
            Ok((bytes, n))
        })
        .collect();
    out.flush()?;
    let mut file = out
        .into_inner()
        .map_err(|e| anyhow::anyhow!("writing {}: {e}", path.display()))?;
    let mut written = 0;
    for chunk in chunks {
        let (bytes, n) = chunk?;
        file.write_all(&bytes)?;
        written += n;
    }
    file.flush()?;
    Ok(written)
}

fn write_clusters(dir: &Path, records: &[MatchRecord], cluster_of: &[usize]) -> anyhow::Result<()> {
    let mut out = csv::Writer::from_writer(BufWriter::new(File::create(dir.join("clusters.csv"))?));
    out.write_record(["id", "cluster_id"])?;
    for (record, root) in records.iter().zip(cluster_of) {
        out.write_record([&record.id, &records[*root].id])?;
    }
    out.flush()?;
    Ok(())
}

fn save_model(dir: &Path, model: &Model) -> anyhow::Result<()> {
    let mut file = File::create(dir.join("model.json"))?;
    file.write_all(model.to_json().as_bytes())?;
    Ok(())
}

/// The process's peak resident memory (VmHWM), where the system reports it.
pub fn peak_memory_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn print_summary(report: &Report, dir: &Path) {
    println!(
        "{} records, {} candidate pairs compared, {} pairs at or above the threshold, {} people, in {:.1} s (peak memory {} MB).",
        report.records,
        report.compared,
        report.pairs_written,
        report.clusters,
        report.seconds,
        report.peak_memory_kb.map_or("?".into(), |k| (k / 1024).to_string())
    );
    for rule in &report.blocking {
        println!(
            "  blocked on {}: {} pairs{}",
            rule.rule.name(),
            rule.candidates,
            if rule.skipped_blocks > 0 {
                format!(
                    " ({} blocks too common to compare, the largest {} records)",
                    rule.skipped_blocks, rule.largest_skipped
                )
            } else {
                String::new()
            }
        );
    }
    if report.refused_links > 0 {
        println!(
            "  {} links not followed because they would join different PNC IDs (or other identifiers).",
            report.refused_links
        );
    }
    if let Some(e) = &report.evaluation {
        println!(
            "  against the true ids: blocking recall {:.4}; at {:.2}: precision {:.4}, recall {:.4}, F1 {:.4}; best F1 {:.4} at {:.4}",
            e.blocking_recall,
            e.at_threshold.threshold,
            e.at_threshold.precision,
            e.at_threshold.recall,
            e.at_threshold.f1,
            e.best.f1,
            e.best.threshold
        );
    }
    println!(
        "Written to {}: pairs.csv, clusters.csv, model.json, report.json.",
        dir.display()
    );
}

/// Progress bars on a terminal; nothing in CI or a pipe. With CONCORD_TIMINGS set,
/// each stage's wall time is printed as it ends (to see where a long run goes).
pub(crate) struct Bars {
    bar: ProgressBar,
    timings: Option<std::sync::Mutex<(String, Instant)>>,
}

impl Bars {
    pub(crate) fn new() -> Bars {
        let bar = if std::io::stderr().is_terminal() {
            ProgressBar::new(0)
        } else {
            ProgressBar::hidden()
        };
        bar.set_style(
            ProgressStyle::with_template(
                "{msg:45} {wide_bar} {human_pos}/{human_len} {per_sec} eta {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        let timings = std::env::var_os("CONCORD_TIMINGS")
            .map(|_| std::sync::Mutex::new((String::new(), Instant::now())));
        Bars { bar, timings }
    }
}

impl Progress for Bars {
    fn start(&self, stage: &str, total: u64) {
        if let Some(t) = &self.timings {
            if let Ok(mut t) = t.lock() {
                *t = (stage.to_string(), Instant::now());
            }
        }
        self.bar.reset();
        self.bar.set_length(total);
        self.bar.set_message(stage.to_string());
    }

    fn advance(&self, n: u64) {
        self.bar.inc(n);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
        if let Some(t) = &self.timings {
            if let Ok(t) = t.lock() {
                eprintln!(
                    "{:>8.2} s  {:>6} MB peak  {}",
                    t.1.elapsed().as_secs_f64(),
                    peak_memory_kb().unwrap_or(0) / 1024,
                    t.0
                );
            }
        }
    }
}
