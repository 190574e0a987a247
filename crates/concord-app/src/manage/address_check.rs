//! Address checks: before a release, curfew or approved premises address is approved,
//! it is measured against every zone of the person and the homes of their victims and
//! children at risk, and the safeguarding checks are recorded. A serious further offence
//! review found a curfew address approved without a single check; here an address inside
//! a zone or near a victim is refused with the reason, and none is approved until the
//! police, children's services and home visit checks are written down.
//!
//! What a check finds about victims' homes and the zones round them is kept apart and
//! returned only to readers who hold the victim section (see `measure`): a refusal tells
//! everyone else only that a victim-related restriction applies.

use chrono::{DateTime, Utc};
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::UserId;
use concord_domain::{
    AddressCheckId, AddressCheckOutcome, AddressPurpose, FieldError, PersonId, ValidationErrors,
};
use concord_geo::Point;
use concord_store::audit::AuditKind;
use concord_store::AddressCheckRow;
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use super::form::{location, text};
use super::measure::{measure, Findings, VictimFindings, VictimHome, ZoneFinding};
use crate::access::Note;
use crate::kernel::Work;
use crate::person::Names;
use crate::{AppError, Manage};

#[derive(Debug, Clone, Default)]
pub struct AddressCheckForm {
    /// An [`AddressPurpose`] code.
    pub purpose: String,
    pub address: String,
    pub latitude: String,
    pub longitude: String,
}

/// The safeguarding checks, each a short record of what was checked and found.
#[derive(Debug, Clone, Default)]
pub struct SafeguardingForm {
    pub police_check: String,
    pub childrens_services_check: String,
    pub home_visit: String,
    /// The assessor checked by hand what could not be measured (zones without a map,
    /// victims without a location).
    pub unmeasured_confirmed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct AddressCheckView {
    pub id: AddressCheckId,
    pub purpose: AddressPurpose,
    pub purpose_label: String,
    pub address: String,
    pub location: (f64, f64),
    pub outcome: AddressCheckOutcome,
    pub findings: Findings,
    /// Distances to victims' homes and to the zones round them: `None` unless the reader
    /// holds the victim section.
    pub victim_findings: Option<VictimFindingsView>,
    pub police_check: String,
    pub childrens_services_check: String,
    pub home_visit: String,
    pub decided: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub version: i64,
}

/// The victim findings as a victim-section reader sees them: each home named.
#[derive(Debug, Clone, Serialize)]
pub struct VictimFindingsView {
    pub refusals: Vec<String>,
    pub zones: Vec<ZoneFinding>,
    /// (who, distance in metres, within the limit)
    pub homes: Vec<(String, f64, bool)>,
    pub limit_m: f64,
}

fn victim_view(
    found: VictimFindings,
    names: &std::collections::HashMap<Uuid, String>,
) -> VictimFindingsView {
    VictimFindingsView {
        refusals: found.refusals,
        zones: found.zones,
        homes: found
            .homes
            .iter()
            .map(|h| {
                let who = names
                    .get(&h.victim)
                    .cloned()
                    .unwrap_or_else(|| h.kind.with_capital_article());
                (who, h.distance_m, h.within_limit)
            })
            .collect(),
        limit_m: found.limit_m,
    }
}

impl Manage<'_> {
    /// Measure a proposed address. Refused at once if it is inside an exclusion zone,
    /// outside an inclusion zone or within the victim buffer; otherwise pending until the
    /// safeguarding checks are recorded.
    pub async fn check_address(
        &self,
        actor: &Actor,
        person: PersonId,
        form: &AddressCheckForm,
    ) -> Result<AddressCheckId, AppError> {
        self.run(actor, async |w| {
            let cap = w
                .person(Action::Change, person, SectionSet::one(Section::Licence))
                .await?;
            let mut errors = ValidationErrors::new();
            let purpose = AddressPurpose::from_code(form.purpose.trim());
            if purpose.is_none() {
                errors.push(FieldError::new(
                    "purpose",
                    "invalid",
                    "Choose what the address is proposed for",
                ));
            }
            let address = text(
                &mut errors,
                "address",
                &form.address,
                "the address",
                true,
                500,
            );
            // No location typed or picked: the centre of the address's postcode, when the
            // postcode directory holds it.
            let mut placed_by_postcode = None;
            let at = if form.latitude.trim().is_empty() && form.longitude.trim().is_empty() {
                match crate::places::postcode_centre(w, &address).await? {
                    Some((postcode, lat, lon)) => {
                        placed_by_postcode = Some(postcode);
                        Some((lat, lon))
                    }
                    None => {
                        errors.push(FieldError::new(
                            "latitude",
                            "required",
                            match crate::places::trailing_postcode(&address) {
                                Some(p) => format!("The postcode directory has no location for {p}: pick the address on the map, or enter its latitude and longitude"),
                                None => "Give the address's location: end the address with its postcode, pick it on the map, or enter its latitude and longitude".into(),
                            },
                        ));
                        None
                    }
                }
            } else {
                location(&mut errors, &form.latitude, &form.longitude, true)
            };
            let (true, Some((lat, lon)), Some(purpose)) = (errors.is_empty(), at, purpose) else {
                return Err(AppError::Validation(errors));
            };
            let zones = concord_store::zones_for_check(w.tx(), &cap, person).await?;
            let homes: Vec<VictimHome> =
                concord_store::victim_locations_for_check(w.tx(), &cap, person)
                    .await?
                    .into_iter()
                    .map(|(victim, kind, lat, lon)| VictimHome {
                        victim,
                        kind,
                        at: Point { lon, lat },
                    })
                    .collect();
            let (mut findings, victim_findings) = measure(
                Point { lon, lat },
                &zones,
                &homes,
                self.settings.victim_buffer_metres,
            );
            findings.placed_by_postcode = placed_by_postcode;
            let outcome = if findings.refusals.is_empty() {
                AddressCheckOutcome::Pending
            } else {
                AddressCheckOutcome::Refused
            };
            let id = Uuid::now_v7();
            let now = self.clock.now();
            concord_store::insert_address_check(
                w.tx(),
                &cap,
                &AddressCheckRow {
                    id: AddressCheckId(id),
                    person_id: person,
                    agency_id: actor.agency_id,
                    purpose,
                    address,
                    latitude: lat,
                    longitude: lon,
                    outcome,
                    findings: json!(findings),
                    police_check: String::new(),
                    childrens_services_check: String::new(),
                    home_visit: String::new(),
                    decided_by: (outcome == AddressCheckOutcome::Refused).then_some(actor.user_id),
                    decided_at: (outcome == AddressCheckOutcome::Refused).then_some(now),
                    created_by: actor.user_id,
                    created_at: now,
                    version: 1,
                },
                &json!(victim_findings),
            )
            .await?;
            w.audit(
                AuditKind::Collection,
                Action::Create,
                Some(person.0),
                "checked a proposed address against the zones and victims' homes",
                Note {
                    sections: Some(SectionSet::one(Section::Licence)),
                    detail: Some(json!({
                        "check": id,
                        "outcome": outcome.code(),
                        // Victims' homes were measured, never disclosed; how many is
                        // itself a victim-section fact, kept with the victim findings.
                        "victim_findings": "kept in the victim section",
                    })),
                    ..Note::default()
                },
            );
            Ok(AddressCheckId(id))
        })
        .await
    }

    /// Record the safeguarding checks of a pending address and approve it. Every check
    /// must be written down, and what could not be measured confirmed by hand.
    pub async fn record_safeguarding_checks(
        &self,
        actor: &Actor,
        person: PersonId,
        check: AddressCheckId,
        expected_version: i64,
        form: &SafeguardingForm,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            let cap = w.person(
                    Action::Change,
                    person,
                    SectionSet::one(Section::Licence),
                )
                .await?;
            let mut row = concord_store::address_checks_of(w.tx(), &cap, person)
                .await?
                .into_iter()
                .find(|c| c.id == check)
                .ok_or(AppError::NotFound)?;
            if row.outcome != AddressCheckOutcome::Pending {
                return Err(AppError::Validation(ValidationErrors::from(FieldError::new(
                    "outcome",
                    "decided",
                    format!(
                        "This address check is already {}: make a new check for a new proposal",
                        row.outcome.code()
                    ),
                ))));
            }
            let mut errors = ValidationErrors::new();
            let police = text(
                &mut errors,
                "police_check",
                &form.police_check,
                "the police domestic abuse and safeguarding check (who checked, when, what was found)",
                true,
                2000,
            );
            let childrens = text(
                &mut errors,
                "childrens_services_check",
                &form.childrens_services_check,
                "the children's services check (who checked, when, what was found)",
                true,
                2000,
            );
            let visit = text(
                &mut errors,
                "home_visit",
                &form.home_visit,
                "the home visit or the occupants' consent (who, when, what was found)",
                true,
                2000,
            );
            let mut findings: Findings = serde_json::from_value(row.findings.clone())
                .map_err(|e| AppError::Internal(format!("an address check's findings: {e}")))?;
            if !findings.unmeasured.is_empty() && !form.unmeasured_confirmed {
                errors.push(FieldError::new(
                    "unmeasured_confirmed",
                    "required",
                    format!(
                        "Confirm you have checked by hand what could not be measured: {}",
                        findings.unmeasured.join("; ")
                    ),
                ));
            }
            if !errors.is_empty() {
                return Err(AppError::Validation(errors));
            }
            findings.unmeasured_confirmed = form.unmeasured_confirmed;
            let now = self.clock.now();
            row.findings = json!(findings);
            row.police_check = police;
            row.childrens_services_check = childrens;
            row.home_visit = visit;
            row.outcome = AddressCheckOutcome::Approved;
            row.decided_by = Some(actor.user_id);
            row.decided_at = Some(now);
            row.version = expected_version + 1;
            if !concord_store::update_address_check(w.tx(), &cap, &row, expected_version).await? {
                return Err(AppError::Conflict);
            }
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(person.0),
                "recorded the safeguarding checks and approved an address",
                Note {
                    sections: Some(SectionSet::one(Section::Licence)),
                    detail: Some(json!({"check": check})),
                    ..Note::default()
                },
            );
            Ok(())
        })
        .await
    }

    pub async fn address_checks(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<Vec<AddressCheckView>, AppError> {
        self.run(actor, async |w| self.address_checks_in(w, person).await)
            .await
    }

    /// [`Self::address_checks`] within a unit of work (a page that shows it with other parts).
    pub(crate) async fn address_checks_in(
        &self,
        w: &mut Work<'_>,
        person: PersonId,
    ) -> Result<Vec<AddressCheckView>, AppError> {
        let actor = w.actor();
        let cap = self
            .read_with_victim(w.tx(), actor, person, SectionSet::one(Section::Licence))
            .await?;
        let rows = concord_store::address_checks_of(w.tx(), &cap, person).await?;
        // The distances to victims' homes come only from a read the victim section
        // covers; for anyone else they are never loaded.
        let mut victim_findings = std::collections::HashMap::new();
        let sections = cap.sections();
        if sections.contains(Section::Victim) {
            let names: std::collections::HashMap<Uuid, String> =
                concord_store::victims_of(w.tx(), &cap, person)
                    .await?
                    .into_iter()
                    .map(|v| (v.id.as_uuid(), v.name))
                    .collect();
            for (check, found) in
                concord_store::address_check_victim_findings(w.tx(), &cap, person).await?
            {
                let Some(found) = found else { continue };
                let found: VictimFindings = serde_json::from_value(found).map_err(|e| {
                    AppError::Internal(format!("an address check's victim findings: {e}"))
                })?;
                victim_findings.insert(check, victim_view(found, &names));
            }
        }
        let users: Vec<UserId> = rows
            .iter()
            .flat_map(|r| [Some(r.created_by), r.decided_by])
            .flatten()
            .collect();
        let names = Names::load(w.tx(), &users).await?;
        w.audit(
            AuditKind::Consultation,
            Action::Read,
            Some(person.0),
            "viewed the address checks",
            Note::sections(sections),
        );
        rows.iter()
            .map(|r| {
                Ok(AddressCheckView {
                    id: r.id,
                    purpose: r.purpose,
                    purpose_label: r.purpose.label().into(),
                    address: r.address.clone(),
                    location: (r.latitude, r.longitude),
                    outcome: r.outcome,
                    findings: serde_json::from_value(r.findings.clone()).map_err(|e| {
                        AppError::Internal(format!("an address check's findings: {e}"))
                    })?,
                    victim_findings: victim_findings.get(&r.id).cloned(),
                    police_check: r.police_check.clone(),
                    childrens_services_check: r.childrens_services_check.clone(),
                    home_visit: r.home_visit.clone(),
                    decided: r.decided_at.map(|at| {
                        format!(
                            "{} by {} on {}",
                            if r.outcome == AddressCheckOutcome::Approved {
                                "Approved"
                            } else {
                                "Refused"
                            },
                            names.user(r.decided_by),
                            crate::london_date(at).format("%-d %B %Y")
                        )
                    }),
                    created_by: names.user(Some(r.created_by)),
                    created_at: r.created_at,
                    version: r.version,
                })
            })
            .collect()
    }
}
