//! Reading an agency extract (or a public benchmark) as records to link, through a
//! mapping file that gives each column a role, so no file has to be reformatted first.
//!
//! Every row is validated before anything is used: each problem is reported with its
//! line, column and reason, all at once, so a file can be fixed in one pass.

use std::collections::BTreeMap;

use rayon::prelude::*;

use chrono::NaiveDate;
use concord_domain::{Identifier, IdentifierKind as DomainKind};
use serde::Deserialize;

use crate::{IdentifierKind, MatchRecord};

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case", tag = "role")]
pub enum Role {
    RecordId,
    Forename,
    MiddleNames,
    Surname,
    DateOfBirth {
        /// A chrono format such as "%d/%m/%Y" (default "%Y-%m-%d").
        #[serde(default = "iso_date")]
        format: String,
        /// What to do with a value that is not a date in that format.
        #[serde(default)]
        on_invalid: OnInvalid,
    },
    Postcode,
    /// Address lines: several columns are joined in file order.
    Address,
    Town,
    Gender,
    Identifier {
        kind: IdentifierKind,
        #[serde(default)]
        on_invalid: OnInvalid,
    },
    /// The true person, when known (a benchmark, a reviewed sample): used only to
    /// measure accuracy, never to link.
    TrueId,
    Ignore,
}

fn iso_date() -> String {
    "%Y-%m-%d".into()
}

/// An invalid value is an error (the default), or — when the analyst says so for a
/// column known to be dirty — treated as blank and counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnInvalid {
    #[default]
    Reject,
    Blank,
}

/// A column's role, written either as a bare role name or as a table with options.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum ColumnSpec {
    Name(String),
    Full(Role),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    #[serde(default)]
    nameless: Nameless,
    columns: BTreeMap<String, ColumnSpec>,
}

/// What to do with a record that has neither forename nor surname: an error (the
/// default: a register record needs a name), or kept for linkage on its other fields
/// (a benchmark whose corruption blanks names).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Nameless {
    #[default]
    Reject,
    Keep,
}

/// Column name → role.
#[derive(Debug, Clone, PartialEq)]
pub struct Mapping {
    pub columns: BTreeMap<String, Role>,
    pub nameless: Nameless,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum MappingError {
    #[error("the mapping file is not valid: {0}")]
    Invalid(String),
    #[error("the mapping gives column \"{column}\" the role \"{role}\", which is not one of record_id, forename, middle_names, surname, date_of_birth, postcode, address, town, gender, identifier, true_id, ignore")]
    UnknownRole { column: String, role: String },
    #[error("the mapping must give exactly one column the role record_id (it gives {0})")]
    RecordId(usize),
    #[error("the mapping must give some column the role forename or surname")]
    NoName,
}

impl Mapping {
    pub fn from_toml(text: &str) -> Result<Mapping, MappingError> {
        let file: MappingFile =
            toml::from_str(text).map_err(|e| MappingError::Invalid(e.message().to_string()))?;
        let mut columns = BTreeMap::new();
        for (column, spec) in file.columns {
            let role = match spec {
                ColumnSpec::Full(role) => role,
                ColumnSpec::Name(name) => bare_role(&name).ok_or(MappingError::UnknownRole {
                    column: column.clone(),
                    role: name,
                })?,
            };
            columns.insert(column, role);
        }
        let ids = columns.values().filter(|r| **r == Role::RecordId).count();
        if ids != 1 {
            return Err(MappingError::RecordId(ids));
        }
        if !columns
            .values()
            .any(|r| matches!(r, Role::Forename | Role::Surname))
        {
            return Err(MappingError::NoName);
        }
        Ok(Mapping {
            columns,
            nameless: file.nameless,
        })
    }
}

fn bare_role(name: &str) -> Option<Role> {
    Some(match name {
        "record_id" => Role::RecordId,
        "forename" => Role::Forename,
        "middle_names" => Role::MiddleNames,
        "surname" => Role::Surname,
        "date_of_birth" => Role::DateOfBirth {
            format: iso_date(),
            on_invalid: OnInvalid::Reject,
        },
        "postcode" => Role::Postcode,
        "address" => Role::Address,
        "town" => Role::Town,
        "gender" => Role::Gender,
        "true_id" => Role::TrueId,
        "ignore" => Role::Ignore,
        _ => return None,
    })
}

/// One problem in an input file. Line 1 is the header.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowError {
    pub line: u64,
    pub field: String,
    pub reason: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.field.is_empty() {
            write!(f, "line {}: {}", self.line, self.reason)
        } else {
            write!(f, "line {}, {}: {}", self.line, self.field, self.reason)
        }
    }
}

/// A file read through a mapping: the valid records, what was wrong with the rest, and
/// the values blanked under `on_invalid = "blank"`.
#[derive(Debug, Clone, Default)]
pub struct Extract {
    pub records: Vec<MatchRecord>,
    /// For each record, where it came from and what it holds that linkage does not
    /// compare: an import stores the record whole and names its line in any error.
    pub rows: Vec<RowDetails>,
    /// The true person of each record, when the mapping has a true_id column.
    pub truth: Option<Vec<String>>,
    pub rejected: Vec<RowError>,
    pub blanked: Vec<RowError>,
    /// The raw rows that were rejected, for a rejects file.
    pub rejected_rows: Vec<(u64, Vec<String>)>,
    pub header: Vec<String>,
}

/// A record's line in the file and its middle names (kept, not compared).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowDetails {
    pub line: u64,
    pub middle_names: Option<String>,
}

/// Read a CSV file (UTF-8, with a header row) through `mapping`. A problem with the file
/// as a whole (no header, a mapped column absent) is an `Err`; problems in rows are
/// collected in [`Extract::rejected`].
pub fn read_csv(input: impl std::io::Read, mapping: &Mapping) -> Result<Extract, RowError> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(input);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| file_error(1, &e))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut roles: Vec<Option<&Role>> = vec![None; header.len()];
    for (column, role) in &mapping.columns {
        let Some(i) = header.iter().position(|h| h == column) else {
            return Err(RowError {
                line: 1,
                field: column.clone(),
                reason: format!(
                    "the mapping names column \"{column}\", which the file's header does not have (it has: {})",
                    header.join(", ")
                ),
            });
        };
        roles[i] = Some(role);
    }
    let has_truth = mapping.columns.values().any(|r| *r == Role::TrueId);
    let mut extract = Extract {
        header: header.clone(),
        truth: has_truth.then(Vec::new),
        ..Extract::default()
    };
    let mut seen_ids: rustc_hash::FxHashMap<String, u64> = Default::default();
    // Rows are read in chunks and each chunk's rows are checked in parallel (dates,
    // identifiers' check characters), then taken in file order: duplicate ids and the
    // order of errors are as a sequential read would find them.
    // The rows' buffers are reused from chunk to chunk: allocating and freeing a chunk
    // of rows each time costs more (the allocator hands the memory back and faults it
    // in again) than reading them.
    const CHUNK: usize = 1 << 16;
    let mut buffer: Vec<csv::StringRecord> = vec![];
    let mut finished = false;
    while !finished {
        let mut slots: Vec<Option<RowError>> = Vec::with_capacity(CHUNK);
        while slots.len() < CHUNK {
            let n = slots.len();
            if buffer.len() <= n {
                buffer.push(csv::StringRecord::new());
            }
            match reader.read_record(&mut buffer[n]) {
                Ok(true) => slots.push(None),
                Ok(false) => {
                    finished = true;
                    break;
                }
                Err(e) => slots.push(Some(file_error(
                    e.position().map_or(0, csv::Position::line),
                    &e,
                ))),
            }
        }
        if slots.is_empty() {
            break;
        }
        let chunk: Vec<Result<&csv::StringRecord, &RowError>> = slots
            .iter()
            .zip(&buffer)
            .map(|(broken, row)| match broken {
                Some(e) => Err(e),
                None => Ok(row),
            })
            .collect();
        let read: Vec<Read> = chunk
            .par_iter()
            .map(|row| match row {
                Ok(row) => read_row(row, &header, &roles),
                Err(e) => Read::broken((*e).clone()),
            })
            .collect();
        for (read, row) in read.into_iter().zip(&chunk) {
            let Read {
                line,
                record,
                truth,
                middle_names,
                mut rejected,
                blanked,
            } = read;
            extract.blanked.extend(blanked);
            let Some(record) = record else {
                extract.rejected.extend(rejected);
                continue;
            };
            if record.forename.is_none()
                && record.surname.is_none()
                && mapping.nameless == Nameless::Reject
            {
                rejected.push(RowError {
                    line,
                    field: String::new(),
                    reason: "the record has no name (forename and surname are both blank)".into(),
                });
            }
            if let Some(first) = seen_ids.get(&record.id) {
                rejected.push(RowError {
                    line,
                    field: id_column(&header, &roles),
                    reason: format!("record id \"{}\" is also on line {first}", record.id),
                });
            }
            if !rejected.is_empty() {
                extract.rejected.extend(rejected);
                if let Ok(row) = row {
                    extract
                        .rejected_rows
                        .push((line, row.iter().map(String::from).collect()));
                }
                continue;
            }
            seen_ids.insert(record.id.clone(), line);
            extract.records.push(record);
            extract.rows.push(RowDetails { line, middle_names });
            if let Some(t) = extract.truth.as_mut() {
                t.push(truth);
            }
        }
    }
    Ok(extract)
}

fn id_column(header: &[String], roles: &[Option<&Role>]) -> String {
    roles
        .iter()
        .position(|r| *r == Some(&Role::RecordId))
        .map(|i| header[i].clone())
        .unwrap_or_default()
}

fn file_error(line: u64, e: &csv::Error) -> RowError {
    let reason = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "the text is not UTF-8 (save the file as UTF-8)".to_string(),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("the row has {len} fields where the header has {expected_len}"),
        _ => format!("the row cannot be read as CSV: {e}"),
    };
    RowError {
        line,
        field: String::new(),
        reason,
    }
}

/// One row as read: the record (none for a row that is not CSV), and its problems.
struct Read {
    line: u64,
    record: Option<MatchRecord>,
    truth: String,
    middle_names: Option<String>,
    rejected: Vec<RowError>,
    blanked: Vec<RowError>,
}

impl Read {
    fn broken(error: RowError) -> Read {
        Read {
            line: error.line,
            record: None,
            truth: String::new(),
            middle_names: None,
            rejected: vec![error],
            blanked: vec![],
        }
    }
}

fn read_row(row: &csv::StringRecord, header: &[String], roles: &[Option<&Role>]) -> Read {
    let line = row.position().map_or(0, csv::Position::line);
    let mut rejected = vec![];
    let mut blanked = vec![];
    let mut record = MatchRecord::default();
    let mut truth = String::new();
    let mut middle_names: Option<String> = None;
    let mut address: Vec<&str> = vec![];
    let text = |v: &str| Some(v.to_string()).filter(|v| !v.is_empty());
    for ((value, column), role) in row.iter().zip(header).zip(roles) {
        let value = value.trim();
        let Some(role) = role else { continue };
        let mut problem = |reason: String, on_invalid: OnInvalid| {
            let error = RowError {
                line,
                field: column.clone(),
                reason,
            };
            match on_invalid {
                OnInvalid::Reject => rejected.push(error),
                OnInvalid::Blank => blanked.push(error),
            }
        };
        match role {
            Role::RecordId if value.is_empty() => {
                problem("the record id is blank".into(), OnInvalid::Reject);
            }
            Role::RecordId => record.id = value.to_string(),
            Role::Forename => record.forename = text(value),
            Role::MiddleNames => middle_names = text(value),
            Role::Surname => record.surname = text(value),
            Role::DateOfBirth { format, on_invalid } if !value.is_empty() => {
                match NaiveDate::parse_from_str(value, format) {
                    Ok(date) => record.date_of_birth = Some(date),
                    Err(_) => problem(
                        format!("\"{value}\" is not a date in the format {format}"),
                        *on_invalid,
                    ),
                }
            }
            Role::DateOfBirth { .. } => {}
            Role::Postcode => record.postcode = text(value),
            Role::Address => {
                if !value.is_empty() {
                    address.push(value);
                }
            }
            Role::Town => record.town = text(value),
            Role::Gender => record.gender = gender(value),
            Role::Identifier { kind, on_invalid } if !value.is_empty() => {
                match canonical(*kind, value) {
                    Ok(v) => record.identifiers.push((*kind, v)),
                    Err(reason) => problem(reason, *on_invalid),
                }
            }
            Role::Identifier { .. } => {}
            Role::TrueId => truth = value.to_string(),
            Role::Ignore => {}
        }
    }
    record.address = (!address.is_empty()).then(|| address.join(" "));
    Read {
        line,
        record: Some(record),
        truth,
        middle_names,
        rejected,
        blanked,
    }
}

/// Recorded gender as the comparison needs it: only a stated male or female is evidence.
fn gender(value: &str) -> Option<String> {
    match value.to_ascii_lowercase().as_str() {
        "m" | "male" | "man" => Some("male".into()),
        "f" | "female" | "woman" => Some("female".into()),
        _ => None,
    }
}

/// An identifier in its canonical spelling, checked as Concord checks it on entry.
fn canonical(kind: IdentifierKind, value: &str) -> Result<String, String> {
    let domain = match kind {
        IdentifierKind::Pnc => DomainKind::Pnc,
        IdentifierKind::Cro => DomainKind::Cro,
        IdentifierKind::PrisonNumber => DomainKind::PrisonNumber,
        IdentifierKind::Nino => DomainKind::Nino,
        IdentifierKind::Reference => return Ok(value.to_string()),
    };
    Identifier::parse(domain, value)
        .map(|id| id.as_str().to_string())
        .map_err(|e| format!("\"{value}\" is not a valid identifier: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAPPING: &str = r#"
        [columns]
        ref = "record_id"
        first = "forename"
        last = "surname"
        born = { role = "date_of_birth", format = "%d/%m/%Y" }
        pnc = { role = "identifier", kind = "pnc" }
        line1 = "address"
        line2 = "address"
        who = "true_id"
    "#;

    #[test]
    fn a_file_is_read_through_its_mapping_and_every_bad_row_is_named() {
        let mapping = Mapping::from_toml(MAPPING).unwrap();
        let csv = "ref,first,last,born,pnc,line1,line2,who\n\
                   A1,Darren,Dolby,04/03/1973,2012/0345678U,14 High St,Flat 2,p1\n\
                   A2,,,04/03/1973,,,,p2\n\
                   A3,Craig,Dolby,31/02/1990,2012/0345678X,,,p3\n\
                   A1,Daz,Dolby,,,,,p1\n\
                   A5,too,many,fields,,,,,\n";
        let extract = read_csv(csv.as_bytes(), &mapping).unwrap();
        assert_eq!(extract.records.len(), 1);
        let first = &extract.records[0];
        assert_eq!(first.address.as_deref(), Some("14 High St Flat 2"));
        assert_eq!(
            first.identifiers,
            vec![(IdentifierKind::Pnc, "2012/0345678U".to_string())]
        );
        assert_eq!(extract.truth, Some(vec!["p1".to_string()]));
        let problems: Vec<String> = extract
            .rejected
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        assert!(
            problems[0].starts_with("line 3: the record has no name"),
            "{problems:?}"
        );
        assert!(problems[1].starts_with("line 4, born: \"31/02/1990\" is not a date"));
        assert!(problems[2].starts_with("line 4, pnc: \"2012/0345678X\" is not a valid"));
        assert_eq!(
            problems[3],
            "line 5, ref: record id \"A1\" is also on line 2"
        );
        assert_eq!(
            problems[4],
            "line 6: the row has 9 fields where the header has 8"
        );
        assert_eq!(extract.rejected_rows.len(), 3);
    }

    #[test]
    fn a_dirty_column_can_be_blanked_instead_of_rejected() {
        let mapping = Mapping::from_toml(
            "[columns]\nid = \"record_id\"\nname = \"surname\"\ndob = { role = \"date_of_birth\", format = \"%Y%m%d\", on_invalid = \"blank\" }\n",
        )
        .unwrap();
        let extract = read_csv("id,name,dob\n1,Smith,19560231\n".as_bytes(), &mapping).unwrap();
        assert_eq!(extract.records.len(), 1);
        assert_eq!(extract.records[0].date_of_birth, None);
        assert_eq!(extract.blanked.len(), 1);
    }

    #[test]
    fn a_bad_mapping_or_a_missing_column_is_refused_with_the_reason() {
        assert_eq!(
            Mapping::from_toml("[columns]\nid = \"record_id\"\nx = \"shoe_size\"\n"),
            Err(MappingError::UnknownRole {
                column: "x".into(),
                role: "shoe_size".into()
            })
        );
        assert_eq!(
            Mapping::from_toml("[columns]\nname = \"surname\"\n"),
            Err(MappingError::RecordId(0))
        );
        let mapping =
            Mapping::from_toml("[columns]\nid = \"record_id\"\nname = \"surname\"\n").unwrap();
        let err = read_csv("id,family\n1,Smith\n".as_bytes(), &mapping).unwrap_err();
        assert_eq!(err.line, 1);
        assert!(err.reason.contains("does not have"), "{err}");
        let err = read_csv(&b"id,name\n1,Sm\xffth\n"[..], &mapping).unwrap();
        assert!(
            err.rejected[0].reason.contains("not UTF-8"),
            "{:?}",
            err.rejected
        );
    }
}
