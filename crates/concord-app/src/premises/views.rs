//! What each party sees: a person's approved-premises tab (his applications and stays,
//! and what the reader may do about them), and the central referral unit's worklist of
//! applications awaiting a decision or a place, each person read through the decision.

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{Action, Actor, Resource, ResourceKind, Section, SectionSet};
use concord_domain::{
    AddressCheckId, AddressCheckOutcome, AddressPurpose, ApApplicationId, ApBookingId,
    ApPremisesId, ApplicationStatus, BookingStatus, Characteristic, DepartureReason, PersonId,
    UserId,
};
use concord_store::audit::AuditKind;
use concord_store::{ApplicationRow, BookingRow};
use serde::Serialize;

use super::{codes, stay};
use crate::access::Note;
use crate::person::Names;
use crate::{AppError, Premises};

#[derive(Debug, Clone, Serialize)]
pub struct ApplicationView {
    pub id: ApApplicationId,
    pub status: ApplicationStatus,
    pub ap_type: String,
    pub reason: String,
    pub risk_summary: String,
    pub release_on: NaiveDate,
    pub duration_weeks: i64,
    pub needs: Vec<&'static str>,
    pub submitted_by: String,
    pub submitted_at: DateTime<Utc>,
    pub decision_reasons: String,
    pub assessed_by: Option<String>,
    pub version: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct BookingView {
    pub id: ApBookingId,
    pub premises: ApPremisesId,
    pub premises_name: String,
    pub bed: String,
    pub arrival_on: NaiveDate,
    pub departure_on: NaiveDate,
    pub status: BookingStatus,
    pub arrived_at: Option<DateTime<Utc>>,
    pub key_worker: Option<String>,
    pub non_arrival_reason: String,
    pub departed_at: Option<DateTime<Utc>>,
    pub departure_reason: Option<&'static str>,
    pub move_on_plan: String,
    /// The address he moved on to, from its check.
    pub next_address: Option<String>,
    pub cancellation_reason: String,
    /// Staff who may be chosen as his key worker (empty unless the reader may choose).
    pub key_worker_options: Vec<(UserId, String)>,
    pub version: i64,
}

/// A person's approved-premises tab.
#[derive(Debug, Clone, Serialize)]
pub struct StayPage {
    /// RoSH, tier and MAPPA above the tab.
    #[serde(skip)]
    pub key_facts: crate::KeyFacts,
    pub person_name: String,
    pub applications: Vec<ApplicationView>,
    pub bookings: Vec<BookingView>,
    /// The reader may apply, withdraw, assess, book or record the stay.
    pub may_act: bool,
    /// The reader is the central referral unit (assesses and books).
    pub assesses: bool,
    /// The sign-in register of his stays, newest first.
    pub register: Vec<super::RegisterLine>,
    /// The curfew the register keeps, while he is resident.
    pub curfew: Option<super::RegisterCurfew>,
    /// Signed out now (his last movement was out).
    pub signed_out: bool,
    /// Incidents on his stays, newest first.
    pub incidents: Vec<super::IncidentView>,
    /// His checked addresses a move-on may name: (check, address, outcome), for those who
    /// may record the stay.
    pub move_on_addresses: Vec<(AddressCheckId, String, AddressCheckOutcome)>,
}

/// One application on the central referral unit's worklist.
#[derive(Debug, Clone, Serialize)]
pub struct WorklistLine {
    pub application: ApApplicationId,
    pub person: PersonId,
    pub person_name: String,
    pub status: ApplicationStatus,
    pub release_on: NaiveDate,
    pub submitted_at: DateTime<Utc>,
}

fn application_view(a: &ApplicationRow, names: &Names) -> ApplicationView {
    ApplicationView {
        id: a.id,
        status: a.status,
        ap_type: a.ap_type.label().to_string(),
        reason: a.reason.clone(),
        risk_summary: a.risk_summary.clone(),
        release_on: a.release_on,
        duration_weeks: a.duration_weeks,
        needs: codes(&a.needs)
            .iter()
            .filter_map(|c| Characteristic::from_code(c))
            .map(Characteristic::label)
            .collect(),
        submitted_by: names.user(Some(a.submitted_by)),
        submitted_at: a.submitted_at,
        decision_reasons: a.decision_reasons.clone(),
        assessed_by: a.assessed_by.map(|u| names.user(Some(u))),
        version: a.version,
    }
}

impl Premises<'_> {
    pub async fn stay_page(&self, actor: &Actor, person: PersonId) -> Result<StayPage, AppError> {
        self.run_page(actor, async |w| {
            let cap = stay(w, Action::Read, person).await?;
            let person_name = self.people().record_header_in(w, person).await?.full_name();
            let applications = concord_store::ap_applications_of(w.tx(), &cap, person).await?;
            let bookings = concord_store::ap_bookings_of(w.tx(), &cap, person).await?;
            let incidents = concord_store::ap_incidents_of(w.tx(), &cap, person).await?;
            let directory = super::directory(w, Action::Read)?;
            let premises = concord_store::all_premises(w.tx(), &directory).await?;
            let beds = concord_store::all_beds(w.tx(), &directory).await?;
            let mut users: Vec<_> = applications
                .iter()
                .flat_map(|a| [Some(a.submitted_by), a.assessed_by])
                .chain(bookings.iter().map(|b| b.key_worker))
                .flatten()
                .chain(incidents.iter().map(|i| i.recorded_by))
                .collect();
            users.sort_by_key(|u| u.0);
            users.dedup();
            let names = Names::load(w.tx(), &users).await?;
            let booking_view = |b: &BookingRow| BookingView {
                id: b.id,
                premises: b.premises_id,
                premises_name: premises
                    .iter()
                    .find(|p| p.id == b.premises_id)
                    .map(|p| p.name.clone())
                    .unwrap_or_default(),
                bed: beds
                    .iter()
                    .find(|x| x.id == b.bed_id)
                    .map(|x| format!("{}, bed {}", x.room, x.label))
                    .unwrap_or_default(),
                arrival_on: b.arrival_on,
                departure_on: b.departure_on,
                status: b.status,
                arrived_at: b.arrived_at,
                key_worker: b.key_worker.map(|u| names.user(Some(u))),
                non_arrival_reason: b.non_arrival_reason.clone(),
                departed_at: b.departed_at,
                departure_reason: DepartureReason::from_code(&b.departure_reason)
                    .map(DepartureReason::label),
                move_on_plan: b.move_on_plan.clone(),
                next_address: None,
                cancellation_reason: b.cancellation_reason.clone(),
                key_worker_options: Vec::new(),
                version: b.version,
            };
            let lines = concord_store::ap_register_of(w.tx(), &cap, person).await?;
            let signed_out = lines
                .iter()
                .find(|r| r.kind == "out" || r.kind == "in")
                .is_some_and(|r| r.kind == "out");
            let register = lines
                .iter()
                .map(|r| super::RegisterLine {
                    kind: match r.kind.as_str() {
                        "out" => "Signed out",
                        "in" => "Signed in",
                        _ => "Missed curfew",
                    }
                    .into(),
                    at: r.at,
                    note: r.note.clone(),
                    missed_curfew: r.compliance_event_id.is_some(),
                })
                .collect();
            let curfew = if bookings.iter().any(|b| b.status == BookingStatus::Arrived) {
                Some(self.register_curfew(w, person).await?)
            } else {
                None
            };
            let resource = w.resource(person).await?;
            let may_act = concord_authz::decide(
                actor,
                Action::Change,
                &Resource {
                    kind: ResourceKind::ApStay,
                    ..resource
                },
            )
            .allowed;
            // What the stay's forms offer: the premises' staff to choose a key worker
            // from, and his checked addresses for the move-on (read under the licence
            // section, which the stay's writers reach).
            let resident = bookings.iter().any(|b| b.status == BookingStatus::Arrived);
            let mut key_workers = Vec::new();
            if may_act {
                for b in bookings.iter().filter(|b| {
                    matches!(b.status, BookingStatus::Upcoming | BookingStatus::Arrived)
                }) {
                    key_workers.push((b.id, self.key_workers(w, b.premises_id).await?));
                }
            }
            // His address checks, read once: the move-on form's choices (for a resident,
            // to those who record the stay) and the addresses departures moved on to.
            let checks = if (may_act && resident)
                || bookings.iter().any(|b| b.next_address_check.is_some())
            {
                let read = w
                    .person(Action::Read, person, SectionSet::one(Section::Licence))
                    .await?;
                concord_store::address_checks_of(w.tx(), &read, person).await?
            } else {
                Vec::new()
            };
            let move_on_addresses = if may_act && resident {
                checks
                    .iter()
                    .filter(|c| c.purpose != AddressPurpose::ApprovedPremises)
                    .map(|c| (c.id, c.address.clone(), c.outcome))
                    .collect()
            } else {
                Vec::new()
            };
            let checked: Vec<(AddressCheckId, String)> =
                checks.into_iter().map(|c| (c.id, c.address)).collect();
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                Some(person.0),
                "viewed the approved-premises applications and stays",
                Note::sections(SectionSet::one(Section::Licence)),
            );
            Ok(StayPage {
                key_facts: crate::KeyFacts::read(w, person).await?,
                person_name,
                applications: applications
                    .iter()
                    .map(|a| application_view(a, &names))
                    .collect(),
                bookings: bookings
                    .iter()
                    .map(|b| BookingView {
                        next_address: b.next_address_check.and_then(|id| {
                            checked.iter().find(|c| c.0 .0 == id).map(|c| c.1.clone())
                        }),
                        key_worker_options: key_workers
                            .iter()
                            .find(|k| k.0 == b.id)
                            .map(|k| k.1.clone())
                            .unwrap_or_default(),
                        ..booking_view(b)
                    })
                    .collect(),
                incidents: incidents
                    .iter()
                    .map(|i| super::IncidentView::of(i, names.user(Some(i.recorded_by))))
                    .collect(),
                move_on_addresses,
                may_act,
                assesses: actor.has(concord_authz::Permission::ApAssess),
                register,
                curfew,
                signed_out,
            })
        })
        .await
    }

    /// The applications awaiting the central referral unit, oldest first: each person
    /// decided and audited; those the reader may not see are passed over.
    pub async fn worklist(&self, actor: &Actor) -> Result<Vec<WorklistLine>, AppError> {
        self.run_page(actor, async |w| {
            let open = concord_store::open_ap_application_ids(w.tx()).await?;
            let mut lines = Vec::new();
            for (application, person) in open {
                if !w.readable(person).await?.contains(Section::Licence) {
                    continue;
                }
                let cap = stay(w, Action::Read, person).await?;
                let Some(a) = concord_store::ap_applications_of(w.tx(), &cap, person)
                    .await?
                    .into_iter()
                    .find(|a| a.id == application)
                else {
                    continue;
                };
                let person_name = self.people().record_header_in(w, person).await?.full_name();
                w.audit(
                    AuditKind::Consultation,
                    Action::Read,
                    Some(person.0),
                    "viewed an approved-premises application on the worklist",
                    Note::sections(SectionSet::one(Section::Licence)),
                );
                lines.push(WorklistLine {
                    application,
                    person,
                    person_name,
                    status: a.status,
                    release_on: a.release_on,
                    submitted_at: a.submitted_at,
                });
            }
            Ok(lines)
        })
        .await
    }
}
