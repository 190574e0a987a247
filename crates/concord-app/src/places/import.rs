//! Replacing the postcode directory from an ONS Postcode Directory file (see `onspd`):
//! all or nothing by default — every bad line is named and nothing changes — or, with
//! `skip_invalid`, the good lines loaded and the bad ones reported. The old directory is
//! emptied and refilled in one transaction, so a failed or interrupted import leaves it
//! as it was, and readers never see half a directory.

use std::collections::HashMap;
use std::io::Read;

use concord_authz::{Action, Actor, Resource, ResourceKind};
use concord_domain::{FieldError, ValidationErrors};
use concord_match::Progress;
use concord_store::audit::AuditKind;
use concord_store::PostcodeRow;
use serde::Serialize;
use serde_json::json;

use super::onspd::{OnspdColumns, OnspdLine};
use crate::access::Note;
use crate::{AppError, Places};

/// Rows handed to the store at a time: a few statements' worth.
const WRITE_EVERY: usize = 5 * concord_store::POSTCODE_BATCH;

/// At most this many bad lines are named (the count covers them all): a file that is
/// wrong throughout needs its first few reasons, not two million.
const NAMED_PROBLEMS: usize = 100;

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PostcodeImport {
    /// Postcodes with a centre, now in the directory.
    pub postcodes: u64,
    /// Postcodes the file gives no centre for, left out.
    pub without_location: u64,
    /// Postcodes the directory held before.
    pub replaced: u64,
    /// Bad lines left out (only with `skip_invalid`; otherwise any refuses the file).
    pub skipped_lines: u64,
    /// The first of them, with what is wrong.
    pub skipped: Vec<LineProblem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineProblem {
    /// The line in the file (the header is line 1).
    pub line: u64,
    pub problem: String,
}

/// The file read and checked, before anything is written.
struct FileRead {
    /// One row per postcode (a postcode the file gives twice keeps its last line).
    rows: Vec<PostcodeRow>,
    without_location: u64,
    problems: Vec<LineProblem>,
    problem_count: u64,
}

impl Places<'_> {
    /// Replace the directory with the file `source` names (its name is kept with the
    /// import). `progress` is told the bytes read, of `size` when known.
    ///
    /// The file is read and checked first, outside any transaction (2.7 million lines
    /// peaked at 89 MB); only then is the directory emptied and refilled, in one
    /// transaction, so the database's write lock is held for the writing alone.
    pub async fn import_postcode_directory(
        &self,
        actor: &Actor,
        source: &str,
        file: impl Read + Send,
        size: u64,
        skip_invalid: bool,
        progress: &dyn Progress,
    ) -> Result<PostcodeImport, AppError> {
        // The decision first (and a refusal audited): someone who may not import learns
        // nothing of how the file would have been judged.
        let decide = async |w: &mut crate::kernel::Work<'_>| {
            w.decide(
                Action::Create,
                &Resource::other(ResourceKind::PostcodeDirectory, None),
            )
        };
        self.run(actor, async |w| decide(w).await.map(|_| ()))
            .await?;
        let read = read_file(file, size, progress)?;
        if read.problem_count > 0 && !skip_invalid {
            let mut v = ValidationErrors::new();
            for p in &read.problems {
                v.push(FieldError::new(
                    "file",
                    "bad_line",
                    format!("line {}: {}", p.line, p.problem),
                ));
            }
            if read.problem_count > read.problems.len() as u64 {
                v.push(FieldError::new(
                    "file",
                    "bad_lines",
                    format!(
                        "and {} more bad lines",
                        read.problem_count - read.problems.len() as u64
                    ),
                ));
            }
            return Err(AppError::Validation(v));
        }
        if read.rows.is_empty() {
            return Err(file_error(
                "no line gives a postcode with a centre: the directory was left as it was".into(),
            ));
        }
        let postcodes = read.rows.len() as u64;
        self.run(actor, async |w| {
            let cap = decide(w).await?;
            let replaced = concord_store::clear_postcodes(w.tx(), &cap).await?;
            for chunk in read.rows.chunks(WRITE_EVERY) {
                concord_store::insert_postcodes(w.tx(), &cap, chunk).await?;
            }
            let (now, by) = (self.clock.now(), w.actor().user_id);
            concord_store::record_postcode_import(
                w.tx(),
                &cap,
                source,
                (postcodes, read.without_location),
                by,
                now,
            )
            .await?;
            w.record(self.event(
                w.actor(),
                AuditKind::Collection,
                Action::Create,
                ResourceKind::PostcodeDirectory,
                None,
                "replaced the postcode directory",
                Note::detail(json!({
                    "source": source,
                    "postcodes": postcodes,
                    "without_location": read.without_location,
                    "replaced": replaced,
                    "skipped": read.problem_count,
                })),
            ));
            Ok(PostcodeImport {
                postcodes,
                without_location: read.without_location,
                replaced,
                skipped_lines: read.problem_count,
                skipped: read.problems.clone(),
            })
        })
        .await
    }
}

/// Read and check every line. A line that is not CSV (bad quoting, not UTF-8) is a bad
/// line like any other; a failure to read the file at all stops the import.
fn read_file(file: impl Read, size: u64, progress: &dyn Progress) -> Result<FileRead, AppError> {
    let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(file);
    let header = csv
        .headers()
        .map_err(|e| file_error(format!("the header: {e}")))?;
    let columns = OnspdColumns::from_header(header.iter()).map_err(file_error)?;
    progress.start("Reading the postcode directory", size);
    let mut by_postcode: HashMap<String, usize> = HashMap::new();
    let mut out = FileRead {
        rows: Vec::new(),
        without_location: 0,
        problems: Vec::new(),
        problem_count: 0,
    };
    let mut read_to = 0u64;
    let mut record = csv::StringRecord::new();
    loop {
        let line = csv.position().line();
        let problem = match csv.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let fields: Vec<&str> = record.iter().collect();
                match columns.read(&fields) {
                    Ok(OnspdLine::Located {
                        postcode,
                        latitude,
                        longitude,
                        terminated,
                    }) => {
                        let row = PostcodeRow {
                            postcode: postcode.clone(),
                            latitude,
                            longitude,
                            terminated,
                        };
                        match by_postcode.get(&postcode) {
                            Some(&at) => out.rows[at] = row,
                            None => {
                                by_postcode.insert(postcode, out.rows.len());
                                out.rows.push(row);
                            }
                        }
                        None
                    }
                    Ok(OnspdLine::WithoutLocation) => {
                        out.without_location += 1;
                        None
                    }
                    Err(problem) => Some(problem),
                }
            }
            Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_)) => {
                return Err(file_error(format!(
                    "the file could not be read at line {line}: {e}"
                )));
            }
            Err(e) => Some(format!("not readable as CSV: {e}")),
        };
        if let Some(problem) = problem {
            out.problem_count += 1;
            if out.problems.len() < NAMED_PROBLEMS {
                out.problems.push(LineProblem { line, problem });
            }
        }
        let at = csv.position().byte();
        progress.advance(at.saturating_sub(read_to));
        read_to = at;
    }
    progress.finish();
    Ok(out)
}

fn file_error(message: String) -> AppError {
    AppError::Validation(ValidationErrors::from(FieldError::new(
        "file", "invalid", message,
    )))
}
