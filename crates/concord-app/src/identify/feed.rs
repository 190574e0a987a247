//! Loading an agency's feed into the register. Every row is validated exactly as the
//! registration form validates it before anything is written; with any invalid row
//! nothing is written unless the caller chose to skip them. Rows are then written in
//! batches, each batch one transaction, and a row whose source id the agency already
//! holds is skipped: an interrupted load run again neither duplicates nor loses a row.

use concord_authz::{Action, Actor, Resource};
use concord_domain::AgencyKind;
use concord_match::{Extract, IdentifierKind as MatchKind, MatchRecord, Progress};
use serde::Serialize;

use crate::kernel::Work;
use crate::person::{validate_registration, Registration};
use crate::{
    AddressInput, AppError, DateInput, IdentifierInput, Identify, PersonDetailsInput,
    RegisterPersonInput,
};

/// Rows written per transaction: small enough that an interruption loses little work,
/// large enough that committing is not most of the cost.
const BATCH: usize = 200;

/// A row that was not loaded: its line in the file, the field (a mapping role such as
/// `date_of_birth`, or blank for the row as a whole) and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeedRow {
    pub line: u64,
    pub field: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeedReport {
    pub agency: String,
    /// Rows read from the file (valid or not).
    pub rows: usize,
    pub imported: usize,
    /// Rows whose source id the agency already held (an earlier, interrupted run).
    pub already_present: usize,
    pub rejected: Vec<FeedRow>,
    /// False when invalid rows stopped the load before anything was written.
    pub written: bool,
}

/// The mapping role a validation field belongs to, so the error names a column.
fn role_of(field: &str) -> String {
    let field = field.split_once('.').map_or(field, |(part, rest)| {
        if part.starts_with("identifiers[") {
            "identifier"
        } else {
            rest
        }
    });
    match field {
        "given_name" => "forename",
        "family_name" => "surname",
        "line1" => "address",
        other => other,
    }
    .to_string()
}

fn identifier_code(kind: MatchKind) -> Option<&'static str> {
    use concord_domain::IdentifierKind as K;
    Some(
        match kind {
            MatchKind::Pnc => K::Pnc,
            MatchKind::Cro => K::Cro,
            MatchKind::PrisonNumber => K::PrisonNumber,
            MatchKind::Nino => K::Nino,
            // An unchecked reference of the source's own: its id is kept as the source id.
            MatchKind::Reference => return None,
        }
        .code(),
    )
}

/// A feed row as the registration use case receives it. The feed gives no date the
/// person moved in, so a current address is recorded from the day it was loaded.
fn registration_input(
    record: &MatchRecord,
    middle_names: Option<&str>,
    today: chrono::NaiveDate,
) -> RegisterPersonInput {
    let gender = match record.gender.as_deref() {
        Some("male") => "male",
        Some("female") => "female",
        _ => "not_known",
    };
    let homeless = record.postcode.is_none()
        && record
            .address
            .as_deref()
            .is_some_and(|a| a.trim().eq_ignore_ascii_case("no fixed abode"));
    let addresses = if record.address.is_some() || record.postcode.is_some() {
        vec![AddressInput {
            kind: if homeless { "no_fixed_abode" } else { "home" }.into(),
            line1: record.address.clone().unwrap_or_default(),
            line2: String::new(),
            town: record.town.clone().unwrap_or_default(),
            postcode: record.postcode.clone().unwrap_or_default(),
            from_date: DateInput::from_date(today),
            to_date: DateInput::default(),
        }]
    } else {
        vec![]
    };
    RegisterPersonInput {
        details: PersonDetailsInput {
            given_name: record.forename.clone().unwrap_or_default(),
            middle_names: middle_names.unwrap_or_default().to_string(),
            family_name: record.surname.clone().unwrap_or_default(),
            date_of_birth: record
                .date_of_birth
                .map(DateInput::from_date)
                .unwrap_or_default(),
            gender: gender.into(),
        },
        identifiers: record
            .identifiers
            .iter()
            .filter_map(|(kind, value)| {
                Some(IdentifierInput {
                    kind: identifier_code(*kind)?.into(),
                    value: value.clone(),
                })
            })
            .collect(),
        addresses,
        ..RegisterPersonInput::default()
    }
}

impl Identify<'_> {
    /// The feed's agency (a responsible authority) and the capability to create its
    /// records, if the actor may load feeds at all.
    async fn feed_agency(
        &self,
        w: &mut Work<'_>,
        agency_code: &str,
    ) -> Result<(concord_store::AgencyRow, concord_authz::Capability), AppError> {
        let agency = concord_store::agency_by_code(w.tx(), agency_code)
            .await?
            .ok_or_else(|| {
                AppError::field(
                    "source",
                    "unknown_agency",
                    format!("there is no agency with code `{agency_code}`"),
                )
            })?;
        if !AgencyKind::from_code(&agency.kind)
            .is_some_and(concord_domain::AgencyKind::is_responsible_authority)
        {
            return Err(AppError::field(
                "source",
                "not_responsible_authority",
                format!(
                    "{} is a partner agency: the register holds the responsible authority's records, partners see what is referred or shared",
                    agency.name
                ),
            ));
        }
        // Loading feeds is a named duty; each record is then created for the agency.
        w.decide(
            Action::Create,
            &Resource::list(concord_authz::ListScope::Register),
        )?;
        let create = w.decide(Action::Create, &Resource::new_person(agency.id))?;
        Ok((agency, create))
    }

    /// Load `extract` (read through its mapping by the caller) as records of the agency
    /// with code `agency_code`. Rows the mapping already refused are in
    /// `extract.rejected`; they count as invalid here too.
    pub async fn import_feed(
        &self,
        actor: &Actor,
        agency_code: &str,
        extract: &Extract,
        skip_invalid: bool,
        progress: &dyn Progress,
    ) -> Result<FeedReport, AppError> {
        // Which agency, and whether the actor may load its feed: decided (and a refusal
        // audited) before any row is read.
        let (agency, create) = self
            .run(actor, async |w| self.feed_agency(w, agency_code).await)
            .await?;

        let today = self.clock.today();
        let mut rejected: Vec<FeedRow> = extract
            .rejected
            .iter()
            .map(|e| FeedRow {
                line: e.line,
                field: e.field.clone(),
                reason: e.reason.clone(),
            })
            .collect();
        let mut valid: Vec<(&str, Registration)> = Vec::with_capacity(extract.records.len());
        progress.start("validating", extract.records.len() as u64);
        for (record, row) in extract.records.iter().zip(&extract.rows) {
            let input = registration_input(record, row.middle_names.as_deref(), today);
            match validate_registration(&input, today) {
                Ok(r) => valid.push((record.id.as_str(), r)),
                Err(errors) => rejected.extend(errors.errors.into_iter().map(|e| FeedRow {
                    line: row.line,
                    field: role_of(&e.field),
                    reason: e.message,
                })),
            }
            progress.advance(1);
        }
        progress.finish();
        rejected.sort_by_key(|r| r.line);
        let mut report = FeedReport {
            agency: agency.code.clone(),
            rows: extract.records.len() + extract.rejected_rows.len(),
            imported: 0,
            already_present: 0,
            rejected,
            written: false,
        };
        if !report.rejected.is_empty() && !skip_invalid {
            return Ok(report);
        }

        progress.start("importing", valid.len() as u64);
        for batch in valid.chunks(BATCH) {
            let (imported, present) = self
                .run(actor, async |w| {
                    let (mut imported, mut present) = (0, 0);
                    for (source_id, registration) in batch {
                        if concord_store::person_by_source(w.tx(), &create, agency.id, source_id)
                            .await?
                            .is_some()
                        {
                            present += 1;
                            continue;
                        }
                        self.people()
                            .write_registration(
                                w,
                                &create,
                                registration,
                                Some((&agency.code, source_id)),
                            )
                            .await?;
                        imported += 1;
                    }
                    Ok((imported, present))
                })
                .await?;
            report.imported += imported;
            report.already_present += present;
            progress.advance(batch.len() as u64);
        }
        progress.finish();
        report.written = true;
        Ok(report)
    }
}
