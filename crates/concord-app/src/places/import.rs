//! Replacing the postcode directory from an ONS Postcode Directory file (see `onspd`):
//! all or nothing by default — every bad line is named and nothing changes — or, with
//! `skip_invalid`, the good lines loaded and the bad ones reported. The old directory is
//! emptied and refilled in one transaction, so a failed or interrupted import leaves it
//! as it was, and readers never see half a directory.

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

/// Lines gathered before each write: a few statements' worth.
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

impl Places<'_> {
    /// Replace the directory with the file `source` names (its name is kept with the
    /// import). `progress` is told the bytes read, of `size` when known.
    pub async fn import_postcode_directory(
        &self,
        actor: &Actor,
        source: &str,
        file: impl Read + Send,
        size: u64,
        skip_invalid: bool,
        progress: &dyn Progress,
    ) -> Result<PostcodeImport, AppError> {
        self.run(actor, async |w| {
            // The decision first: someone who may not import learns nothing of the file.
            let cap = w.decide(
                Action::Create,
                &Resource::other(ResourceKind::PostcodeDirectory, None),
            )?;
            let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(file);
            let header = csv
                .headers()
                .map_err(|e| file_error(format!("the header: {e}")))?;
            let columns = OnspdColumns::from_header(header.iter()).map_err(file_error)?;
            let replaced = concord_store::clear_postcodes(w.tx(), &cap).await?;
            progress.start("Reading the postcode directory", size);
            let (mut read_to, mut postcodes, mut without_location) = (0u64, 0u64, 0u64);
            let (mut problems, mut problem_count) = (Vec::new(), 0u64);
            let mut batch = Vec::with_capacity(WRITE_EVERY);
            let mut record = csv::StringRecord::new();
            loop {
                let line = csv.position().line();
                match csv.read_record(&mut record) {
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
                                postcodes += 1;
                                batch.push(PostcodeRow {
                                    postcode,
                                    latitude,
                                    longitude,
                                    terminated,
                                });
                            }
                            Ok(OnspdLine::WithoutLocation) => without_location += 1,
                            Err(problem) => {
                                problem_count += 1;
                                if problems.len() < NAMED_PROBLEMS {
                                    problems.push(LineProblem { line, problem });
                                }
                            }
                        }
                    }
                    Err(e) => {
                        // Not CSV at all here (bad quoting, not UTF-8): named like a bad
                        // line, and the reader goes on at the next one.
                        problem_count += 1;
                        if problems.len() < NAMED_PROBLEMS {
                            problems.push(LineProblem {
                                line,
                                problem: format!("not readable as CSV: {e}"),
                            });
                        }
                    }
                }
                if batch.len() >= WRITE_EVERY {
                    // Nothing is written once the file is known to be refused.
                    if problem_count == 0 || skip_invalid {
                        concord_store::insert_postcodes(w.tx(), &cap, &batch).await?;
                    }
                    batch.clear();
                }
                let at = csv.position().byte();
                progress.advance(at - read_to);
                read_to = at;
            }
            progress.finish();
            if problem_count > 0 && !skip_invalid {
                let mut v = ValidationErrors::new();
                for p in &problems {
                    v.push(FieldError::new(
                        "file",
                        "bad_line",
                        format!("line {}: {}", p.line, p.problem),
                    ));
                }
                if problem_count > problems.len() as u64 {
                    v.push(FieldError::new(
                        "file",
                        "bad_lines",
                        format!(
                            "and {} more bad lines",
                            problem_count - problems.len() as u64
                        ),
                    ));
                }
                return Err(AppError::Validation(v));
            }
            concord_store::insert_postcodes(w.tx(), &cap, &batch).await?;
            if postcodes == 0 {
                return Err(file_error(
                    "no line gives a postcode with a centre: the directory was left as it was"
                        .into(),
                ));
            }
            let (now, by) = (self.clock.now(), w.actor().user_id);
            concord_store::record_postcode_import(
                w.tx(),
                &cap,
                source,
                (postcodes, without_location),
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
                    "without_location": without_location,
                    "replaced": replaced,
                    "skipped": problem_count,
                })),
            ));
            Ok(PostcodeImport {
                postcodes,
                without_location,
                replaced,
                skipped_lines: problem_count,
                skipped: problems,
            })
        })
        .await
    }
}

fn file_error(message: String) -> AppError {
    AppError::Validation(ValidationErrors::from(FieldError::new(
        "file", "invalid", message,
    )))
}
