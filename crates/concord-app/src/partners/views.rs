//! What the officer and the provider see of referrals: the person's partner services
//! (screening, referrals, what is due) and one referral with its plan, sessions and end
//! report. A provider is given only its own referrals and the sections shared with it.

use chrono::NaiveDate;
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{PersonId, ServiceReferralId, SessionId, UserId};
use concord_partners::{Attendance, Closure, Engagement, Need, OutcomeAchieved};
use concord_partners::{ReferralStatus, ServiceType};
use concord_store::audit::AuditKind;
use concord_store::{ReferralSessionRow, ServiceReferralRow};
use serde::{Deserialize, Serialize};

use super::directory::ContractView;
use super::screening::ScreeningView;
use crate::access::Note;
use crate::kernel::Work;
use crate::person::{Names, PersonRecord};
use crate::{AppError, Partners};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanObjective {
    pub need: Need,
    pub objective: String,
}

/// The provider's action plan, as stored with the referral.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProviderPlan {
    pub objectives: Vec<PlanObjective>,
    pub activities: String,
    pub sessions_planned: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeView {
    pub objective: String,
    pub achieved: OutcomeAchieved,
    pub note: String,
}

/// The end-of-service report, as stored with the referral.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EndReport {
    pub summary: String,
    pub outcomes: Vec<OutcomeView>,
    pub further_work: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionView {
    pub id: SessionId,
    pub held_on: NaiveDate,
    pub attendance: Attendance,
    pub engagement: Option<Engagement>,
    pub notes: String,
    pub recorded_by: String,
}

/// A referral in a list: where it stands and what is due.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReferralSummary {
    pub id: ServiceReferralId,
    pub person_id: PersonId,
    pub service: ServiceType,
    pub provider: String,
    pub status: ReferralStatus,
    pub needs: Vec<Need>,
    pub sent_on: Option<NaiveDate>,
    pub first_contact_due: Option<NaiveDate>,
    pub first_contact_on: Option<NaiveDate>,
    pub caseworker: Option<String>,
    pub sessions: usize,
    pub attended: usize,
    pub closure: Option<Closure>,
    pub closed_on: Option<NaiveDate>,
    /// What is waiting, and on whom: "First contact due by 18 December 2026 (overdue)".
    pub due: Option<String>,
    pub overdue: bool,
}

/// What of the person the referral shares, as the reader may see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SharedFacts {
    pub name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub addresses: Vec<String>,
    pub markers: Vec<String>,
    pub offences: Vec<String>,
    /// Labels of the sections shared.
    pub sections: Vec<&'static str>,
}

/// One referral, whole.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReferralDetail {
    pub summary: ReferralSummary,
    pub officer: String,
    pub reason: String,
    pub shared: SharedFacts,
    pub decline_reason: Option<String>,
    pub close_reason: Option<String>,
    pub plan: Option<ProviderPlan>,
    pub plan_approved_on: Option<NaiveDate>,
    pub end_report: Option<EndReport>,
    pub sessions: Vec<SessionView>,
    /// The reader works for the provider.
    pub by_provider: bool,
    /// The provider's staff, for the caseworker choice (provider readers only).
    pub caseworkers: Vec<(UserId, String)>,
    /// Volunteers matched on this referral.
    pub matches: Vec<super::MatchView>,
    /// The provider's volunteers, for proposing a match (provider readers of a
    /// volunteering service only).
    pub volunteers: Vec<super::VolunteerView>,
}

/// The person's partner services, as the officer's tab shows them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InterventionsView {
    /// RoSH, tier and MAPPA above the tab.
    #[serde(skip)]
    pub key_facts: crate::KeyFacts,
    pub person_name: String,
    pub screening: Option<ScreeningView>,
    pub referrals: Vec<ReferralSummary>,
    /// Contracts with, for each, why the person cannot be referred (empty: they can).
    pub contracts: Vec<(ContractView, Vec<String>)>,
    pub may_refer: bool,
}

pub(super) fn summary_of(
    r: &ServiceReferralRow,
    service: ServiceType,
    provider: String,
    sessions: &[ReferralSessionRow],
    names: &Names,
    today: NaiveDate,
) -> ReferralSummary {
    let mine: Vec<&ReferralSessionRow> =
        sessions.iter().filter(|s| s.referral_id == r.id).collect();
    let (due, overdue) = due_of(r, today);
    ReferralSummary {
        id: r.id,
        person_id: r.person_id,
        service,
        provider,
        status: r.status,
        needs: super::needs_of(&r.needs),
        sent_on: r.sent_on,
        first_contact_due: r.first_contact_due,
        first_contact_on: r.first_contact_on,
        caseworker: r.caseworker_id.map(|u| names.user(Some(u))),
        sessions: mine.len(),
        attended: mine
            .iter()
            .filter(|s| s.attendance != Attendance::DidNotAttend)
            .count(),
        closure: r.closure,
        closed_on: r.closed_on,
        due,
        overdue,
    }
}

/// What the referral waits for, and whether it is late.
pub(super) fn due_of(r: &ServiceReferralRow, today: NaiveDate) -> (Option<String>, bool) {
    let waiting = match r.status {
        ReferralStatus::Draft => Some("Not sent yet (officer)"),
        ReferralStatus::Sent => Some("Awaiting the provider's decision"),
        ReferralStatus::Accepted => Some("Caseworker to be assigned (provider)"),
        ReferralStatus::Assigned => Some("Action plan to be submitted (provider)"),
        ReferralStatus::PlanSubmitted => Some("Action plan awaiting the officer's approval"),
        _ => None,
    };
    let (contact, late) = first_contact(r, today);
    match (waiting, contact) {
        (Some(w), Some(c)) => (Some(format!("{w}; {c}")), late),
        (Some(w), None) => (Some(w.to_string()), false),
        (None, c) => (c, late),
    }
}

fn first_contact(r: &ServiceReferralRow, today: NaiveDate) -> (Option<String>, bool) {
    match (
        r.status.gives_access(),
        r.first_contact_on,
        r.first_contact_due,
    ) {
        (true, None, Some(due)) => {
            let late = today > due;
            (
                Some(format!(
                    "First contact due by {}{}",
                    concord_domain::format_date(due),
                    if late { " (overdue)" } else { "" }
                )),
                late,
            )
        }
        _ => (None, false),
    }
}

impl Partners<'_> {
    /// The person's partner services: screening, referrals, and the contracts that may
    /// take them (the officer); a provider's own referrals only (the provider).
    pub async fn interventions(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<InterventionsView, AppError> {
        self.run_page(actor, async |w| {
            let cap = w
                .person(
                    Action::Read,
                    person,
                    SectionSet::one(Section::Interventions),
                )
                .await?;
            let mut consulted = SectionSet::one(Section::Interventions);
            let header = self.people().record_header_in(w, person).await?;
            let referrals = self.summaries_in(w, &cap, person).await?;
            let by_provider = !w.actor().agency_kind.is_responsible_authority();
            let may_refer = !by_provider
                && w.readable(person).await?.contains(Section::Management)
                && concord_authz::decide(
                    w.actor(),
                    Action::Change,
                    &w.resource(person).await?.sections(SectionSet::of(&[
                        Section::Interventions,
                        Section::Management,
                    ])),
                )
                .allowed;
            let (screening, contracts) = if by_provider {
                (None, vec![])
            } else {
                let (screening, from) = self.screening_in(w, person).await?;
                consulted = consulted.union(from);
                let minority = screening.minority_group;
                let facts = self.person_facts_in(w, person, minority).await?;
                consulted = consulted.union(super::person_facts::facts_sections());
                let today = self.clock.today();
                let contracts = self
                    .directory_in(w)
                    .await?
                    .into_iter()
                    .filter(|c| c.current)
                    .map(|c| {
                        let why = concord_partners::check_referral(&c.facts(), &facts, today)
                            .into_iter()
                            .map(|r| super::step::capital(&r.message))
                            .collect();
                        (c, why)
                    })
                    .collect();
                (Some(screening), contracts)
            };
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                Some(person.0),
                "viewed the person's partner services",
                Note::sections(consulted),
            );
            Ok(InterventionsView {
                key_facts: crate::KeyFacts::read(w, person).await?,
                person_name: concord_domain::display_name(
                    &header.given_name,
                    header.middle_names.as_deref(),
                    &header.family_name,
                ),
                screening,
                referrals,
                contracts,
                may_refer,
            })
        })
        .await
    }

    async fn summaries_in(
        &self,
        w: &mut Work<'_>,
        cap: &concord_authz::Capability,
        person: PersonId,
    ) -> Result<Vec<ReferralSummary>, AppError> {
        let rows = concord_store::service_referrals_of(w.tx(), cap, person).await?;
        let sessions = concord_store::referral_sessions_of(w.tx(), cap, person).await?;
        let users: Vec<UserId> = rows.iter().filter_map(|r| r.caseworker_id).collect();
        let names = Names::load(w.tx(), &users).await?;
        let directory = self.directory_in(w).await?;
        let today = self.clock.today();
        Ok(rows
            .iter()
            .filter_map(|r| {
                let c = directory.iter().find(|c| c.id == r.contract_id)?;
                Some(summary_of(
                    r,
                    c.service,
                    c.provider.clone(),
                    &sessions,
                    &names,
                    today,
                ))
            })
            .collect())
    }

    /// One referral, for the officer or the provider.
    pub async fn referral(
        &self,
        actor: &Actor,
        person: PersonId,
        id: ServiceReferralId,
    ) -> Result<ReferralDetail, AppError> {
        self.run_page(actor, async |w| {
            let cap = w
                .person(
                    Action::Read,
                    person,
                    SectionSet::one(Section::Interventions),
                )
                .await?;
            let row = concord_store::service_referral(w.tx(), &cap, person, id)
                .await?
                .ok_or(AppError::NotFound)?;
            let sessions: Vec<ReferralSessionRow> =
                concord_store::referral_sessions_of(w.tx(), &cap, person)
                    .await?
                    .into_iter()
                    .filter(|s| s.referral_id == id)
                    .collect();
            let by_provider = !w.actor().agency_kind.is_responsible_authority();
            // What the referral shares, as far as the reader may read it now.
            let shared_sections = super::sections_of(&row.sections);
            let readable = w.readable(person).await?;
            let show = shared_sections
                .intersection(readable)
                .union(SectionSet::one(Section::Identity));
            let read = w.person(Action::Read, person, show).await?;
            let record = self.people().load_record(w.tx(), &read, person, 0).await?;
            let shared = shared_facts(&record, shared_sections);
            let mut users: Vec<UserId> = sessions.iter().map(|s| s.recorded_by).collect();
            users.extend(row.caseworker_id);
            users.push(row.officer_id);
            let names = Names::load(w.tx(), &users).await?;
            let directory = self.directory_in(w).await?;
            let c = directory
                .iter()
                .find(|c| c.id == row.contract_id)
                .ok_or(AppError::NotFound)?;
            let caseworkers = if by_provider {
                concord_store::users(w.tx())
                    .await?
                    .into_iter()
                    .filter(|u| u.agency_id == row.provider_agency_id && u.active)
                    .map(|u| (u.id, u.display_name))
                    .collect()
            } else {
                vec![]
            };
            let matches = super::volunteer_matches::matches_in(w, &cap, person)
                .await?
                .into_iter()
                .filter(|m| m.referral_id == id)
                .collect();
            let volunteering = matches!(
                c.service,
                ServiceType::PracticalHelpVolunteers
                    | ServiceType::MinorityMentoring
                    | ServiceType::ReleaseMentoring
            );
            let volunteers = if by_provider && volunteering {
                let agency = w.actor().agency_id;
                let register = w.decide(
                    Action::Read,
                    &concord_authz::Resource::other(
                        concord_authz::ResourceKind::VolunteerRegister,
                        Some(agency),
                    ),
                )?;
                let today = self.clock.today();
                concord_store::volunteers_of(w.tx(), &register, agency)
                    .await?
                    .iter()
                    .map(|v| super::volunteers::view_of(v, today))
                    .collect()
            } else {
                vec![]
            };
            let detail = ReferralDetail {
                summary: summary_of(
                    &row,
                    c.service,
                    c.provider.clone(),
                    &sessions,
                    &names,
                    self.clock.today(),
                ),
                officer: names.user(Some(row.officer_id)),
                reason: row.reason.clone(),
                shared,
                decline_reason: row.decline_reason.clone(),
                close_reason: row.close_reason.clone(),
                plan: decode(row.plan.as_deref(), "plan")?,
                plan_approved_on: row.plan_approved_at.map(crate::london_date),
                end_report: decode(row.end_report.as_deref(), "end report")?,
                sessions: sessions
                    .iter()
                    .map(|s| SessionView {
                        id: s.id,
                        held_on: s.held_on,
                        attendance: s.attendance,
                        engagement: s.engagement,
                        notes: s.notes.clone(),
                        recorded_by: names.user(Some(s.recorded_by)),
                    })
                    .collect(),
                by_provider,
                caseworkers,
                matches,
                volunteers,
            };
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                Some(person.0),
                "viewed a referral to a partner service",
                Note::sections(
                    read.sections()
                        .union(SectionSet::one(Section::Interventions)),
                ),
            );
            Ok(detail)
        })
        .await
    }
}

fn decode<T: serde::de::DeserializeOwned>(
    stored: Option<&str>,
    what: &str,
) -> Result<Option<T>, AppError> {
    stored
        .map(serde_json::from_str)
        .transpose()
        .map_err(|e| AppError::Internal(format!("a stored {what}: {e}")))
}

fn shared_facts(record: &PersonRecord, shared: SectionSet) -> SharedFacts {
    let has = |s: Section| shared.contains(s) && record.sections.contains(s);
    SharedFacts {
        name: concord_domain::display_name(
            &record.given_name,
            record.middle_names.as_deref(),
            &record.family_name,
        ),
        date_of_birth: Some(record.date_of_birth),
        addresses: if has(Section::Addresses) {
            record
                .addresses
                .iter()
                .filter(|a| a.to_date.is_none())
                .map(|a| {
                    concord_domain::address_one_line(
                        &a.line1,
                        a.line2.as_deref(),
                        &a.town,
                        a.postcode.as_deref(),
                    )
                })
                .collect()
        } else {
            vec![]
        },
        markers: if has(Section::Markers) {
            record
                .markers
                .iter()
                .filter(|m| m.removed_on.is_none())
                .map(|m| format!("{}: {}", m.kind.label(), m.note))
                .collect()
        } else {
            vec![]
        },
        offences: if has(Section::Convictions) {
            record
                .offences
                .iter()
                .map(|o| {
                    format!(
                        "{} ({})",
                        o.description,
                        concord_domain::format_date(o.offence_date)
                    )
                })
                .collect()
        } else {
            vec![]
        },
        sections: shared.iter().map(Section::label).collect(),
    }
}
