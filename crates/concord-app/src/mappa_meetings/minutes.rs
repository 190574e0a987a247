//! Minutes of one case at one meeting (MAPPA B): drafted under standard headings, every
//! save a new version; approved by the meeting's chair only, and not the chair's own
//! writing (`minutes_approval`); distributed to those present
//! (a disclosure in the audit chain naming them); shared onward only by the chair's leave.

use concord_domain::MinutesId;
use concord_domain::UserId;
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use concord_authz::{Action, Actor, Capability, Section, SectionSet};
use concord_domain::{FieldError, MeetingId, OnwardShareId, PersonId, ValidationErrors};
use concord_mappa::{ActionStatus, MinutesStatus, OnwardShareStatus};
use concord_store::audit::AuditKind;
use concord_store::{MeetingRow, MinutesRow, Tx};
use serde::Serialize;

use crate::access::Note;
use crate::person::Names;
use crate::{AppError, Meetings};

/// The standard headings of MAPPA B as Concord keeps them: (key, heading, required).
/// Victim issues are recorded without restricted detail (that stays in the victim
/// section); disclosure decisions only when one was made.
pub const MINUTES_HEADINGS: &[(&str, &str, bool)] = &[
    ("reason", "1. Reason for discussion and current level", true),
    (
        "agency_information",
        "2. New information from each agency",
        true,
    ),
    (
        "risk_assessment",
        "3. Risk assessment (current risk of serious harm)",
        true,
    ),
    ("risk_management", "4. Risk management plan summary", true),
    (
        "victim_issues",
        "5. Victim issues (no restricted detail)",
        false,
    ),
    ("disclosure", "6. Disclosure decisions", false),
    ("actions", "7. Actions agreed", true),
    (
        "level_and_review",
        "8. Level decision and next review date",
        true,
    ),
];

/// The minutes as the form posts them: heading key → text.
#[derive(Debug, Clone, Default)]
pub struct MinutesForm {
    pub sections: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MinutesVersion {
    pub id: MinutesId,
    pub version: i32,
    pub status: MinutesStatus,
    /// (heading, text) in the standard order.
    pub sections: Vec<(String, String)>,
    pub written_by: String,
    pub written_at: DateTime<Utc>,
    pub approved_by: Option<String>,
    pub distributed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OnwardShareLine {
    pub id: OnwardShareId,
    pub requested_by: String,
    pub recipient: String,
    pub purpose: String,
    pub status: OnwardShareStatus,
    pub decided_by: Option<String>,
}

/// One case's minutes at one meeting: every version, newest last.
#[derive(Debug, Clone, Serialize)]
pub struct MinutesView {
    pub meeting_id: MeetingId,
    pub town: String,
    pub held_on: chrono::NaiveDate,
    pub chair: String,
    pub person: PersonId,
    pub person_name: String,
    /// The latest signed RoSH, for heading 3 ("" if none or not readable).
    pub current_rosh: String,
    pub versions: Vec<MinutesVersion>,
    pub onward: Vec<OnwardShareLine>,
    /// Present attendees: the recipients when distributed.
    pub recipients: Vec<String>,
    pub is_chair: bool,
    /// Headings of the latest draft that the chair wrote or last changed: the chair may
    /// not approve it until the minute-taker has reviewed them (`own_minutes`).
    pub chair_wrote: Vec<String>,
    pub may_write: bool,
    /// The actor received the distributed minutes and may ask to share them onward.
    pub may_request_onward: bool,
    /// Actions recorded as agreed at this meeting for this person, with where they stand.
    pub actions: Vec<AgreedAction>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgreedAction {
    pub description: String,
    pub owner: String,
    pub due_on: chrono::NaiveDate,
    /// Serialised as its stored code, `OPEN`, `DONE` or `CANCELLED`.
    pub status: ActionStatus,
    pub evidence: String,
}

pub(super) fn sections_of(row: &MinutesRow) -> Vec<(String, String)> {
    let map: BTreeMap<String, String> = serde_json::from_str(&row.sections).unwrap_or_default();
    MINUTES_HEADINGS
        .iter()
        .map(|(key, heading, _)| {
            (
                heading.to_string(),
                map.get(*key).cloned().unwrap_or_default(),
            )
        })
        .collect()
}

impl Meetings<'_> {
    /// The meeting, its access for the actor, the case on its agenda and a decision on the
    /// person's management section.
    pub(super) async fn minutes_context(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        meeting: MeetingId,
        person: PersonId,
        action: Action,
    ) -> Result<(MeetingRow, Capability), AppError> {
        let m = self.load_meeting(tx, meeting).await?;
        self.require_meeting_access(tx, actor, &m).await?;
        if !concord_store::agenda(tx, m.id)
            .await?
            .iter()
            .any(|i| i.person_id == person)
        {
            return Err(AppError::NotFound);
        }
        let wanted = if action == Action::Read {
            SectionSet::of(&[Section::Identity, Section::Management, Section::Risk])
        } else {
            SectionSet::one(Section::Management)
        };
        let cap = self
            .authorize_person(tx, actor, action, person, wanted)
            .await?;
        Ok((m, cap))
    }

    /// One case's minutes at a meeting, every version; the reading is audited.
    pub async fn mappa_minutes(
        &self,
        actor: &Actor,
        meeting: MeetingId,
        person: PersonId,
    ) -> Result<MinutesView, AppError> {
        self.run(actor, async |w| {
            let (m, cap) = self
                .minutes_context(w.tx(), actor, meeting, person, Action::Read)
                .await?;
            let p = concord_store::person(w.tx(), &cap, person)
                .await?
                .ok_or(AppError::NotFound)?;
            let rows = concord_store::minutes_versions(w.tx(), &cap, m.id, person).await?;
            let onward = concord_store::onward_shares(w.tx(), &cap, m.id, person).await?;
            let actions: Vec<AgreedAction> = concord_store::mappa_actions_of(w.tx(), &cap, person)
                .await?
                .into_iter()
                .filter(|a| a.meeting_id == Some(m.id))
                .map(|a| AgreedAction {
                    description: a.description,
                    owner: a.owner_name,
                    due_on: a.due_on,
                    status: a.status,
                    evidence: a.evidence,
                })
                .collect();
            let current_rosh = if cap.covers(Action::Read, person, Section::Risk) {
                concord_store::assessments(
                    w.tx(),
                    &cap,
                    person,
                    concord_domain::AssessmentKind::Rosh,
                )
                .await?
                .into_iter()
                .filter(|a| a.status == concord_domain::AssessmentStatus::Signed)
                .filter_map(|a| {
                    Some(format!(
                        "{} (signed {})",
                        a.overall_level?.replace('_', " ").to_lowercase(),
                        a.signed_at?.date_naive()
                    ))
                })
                .next_back()
                .unwrap_or_default()
            } else {
                String::new()
            };
            let present = self.present_attendees(w.tx(), m.id).await?;
            let mut staff: Vec<UserId> = rows
                .iter()
                .flat_map(|r| [Some(r.written_by), r.approved_by])
                .flatten()
                .collect();
            staff.extend(
                onward
                    .iter()
                    .flat_map(|o| [Some(o.requested_by), o.decided_by])
                    .flatten(),
            );
            staff.extend(present.iter().copied());
            staff.push(m.chair_id);
            let names = Names::load(w.tx(), &staff).await?;
            let distributed = rows.iter().any(|r| r.status == MinutesStatus::Distributed);
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                Some(person.0),
                "viewed the MAPP meeting minutes",
                Note {
                    sections: Some(cap.sections()),
                    detail: Some(serde_json::json!({"meeting": m.id})),
                    ..Note::default()
                },
            );
            Ok(MinutesView {
                meeting_id: m.id,
                town: m.town.clone(),
                held_on: m.held_on,
                chair: names.user(Some(m.chair_id)),
                person,
                person_name: concord_domain::display_name(
                    &p.given_name,
                    p.middle_names.as_deref(),
                    &p.family_name,
                ),
                current_rosh,
                actions,
                versions: rows
                    .iter()
                    .map(|r| MinutesVersion {
                        id: r.id,
                        version: r.version,
                        status: r.status,
                        sections: sections_of(r),
                        written_by: names.user(Some(r.written_by)),
                        written_at: r.created_at,
                        approved_by: r.approved_by.map(|u| names.user(Some(u))),
                        distributed_at: r.distributed_at,
                    })
                    .collect(),
                onward: onward
                    .iter()
                    .map(|o| OnwardShareLine {
                        id: o.id,
                        requested_by: names.user(Some(o.requested_by)),
                        recipient: o.recipient.clone(),
                        purpose: o.purpose.clone(),
                        status: o.status,
                        decided_by: o.decided_by.map(|u| names.user(Some(u))),
                    })
                    .collect(),
                recipients: present.iter().map(|u| names.user(Some(*u))).collect(),
                is_chair: actor.user_id == m.chair_id,
                chair_wrote: super::minutes_approval::headings_written_by(&rows, m.chair_id)
                    .into_iter()
                    .map(String::from)
                    .collect(),
                may_write: cap.covers(Action::Change, person, Section::Management)
                    || actor.has(concord_authz::Permission::MappaManage),
                may_request_onward: distributed && present.contains(&actor.user_id),
            })
        })
        .await
    }

    pub(super) async fn present_attendees(
        &self,
        tx: &mut Tx,
        meeting: MeetingId,
    ) -> Result<Vec<UserId>, AppError> {
        Ok(concord_store::attendance(tx, meeting)
            .await?
            .into_iter()
            .filter(|a| a.present)
            .map(|a| a.user_id)
            .collect())
    }

    /// Save the minutes as a new draft version (the earlier versions are kept).
    pub async fn save_mappa_minutes(
        &self,
        actor: &Actor,
        meeting: MeetingId,
        person: PersonId,
        form: &MinutesForm,
    ) -> Result<i32, AppError> {
        let mut errors = ValidationErrors::new();
        let mut kept = BTreeMap::new();
        for (key, heading, required) in MINUTES_HEADINGS {
            let text = form.sections.get(*key).map_or("", |t| t.trim());
            if *required && text.is_empty() {
                errors.push(FieldError::new(
                    *key,
                    "required",
                    format!("Enter the minutes under \"{heading}\""),
                ));
            } else if text.chars().count() > 20_000 {
                errors.push(FieldError::new(
                    *key,
                    "too_long",
                    format!("\"{heading}\" must be 20,000 characters or fewer"),
                ));
            }
            kept.insert(key.to_string(), text.to_string());
        }
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        self.run(actor, async |w| {
            let (m, cap) = self
                .minutes_context(w.tx(), actor, meeting, person, Action::Change)
                .await?;
            let latest = concord_store::minutes_versions(w.tx(), &cap, m.id, person)
                .await?
                .last()
                .map_or(0, |r| r.version);
            let version = latest + 1;
            concord_store::insert_minutes(
                w.tx(),
                &cap,
                &MinutesRow {
                    id: MinutesId::new(),
                    meeting_id: m.id,
                    person_id: person,
                    version,
                    status: MinutesStatus::Draft,
                    sections: serde_json::to_string(&kept)
                        .map_err(|e| AppError::Internal(e.to_string()))?,
                    written_by: actor.user_id,
                    approved_by: None,
                    approved_at: None,
                    distributed_at: None,
                    created_at: self.clock.now(),
                },
            )
            .await?;
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(person.0),
                &format!("drafted MAPP meeting minutes, version {version}"),
                Note::detail(serde_json::json!({"meeting": m.id, "version": version})),
            );
            Ok(version)
        })
        .await
    }

    /// Distribute the approved minutes to those present: a disclosure naming them.
    pub async fn distribute_mappa_minutes(
        &self,
        actor: &Actor,
        meeting: MeetingId,
        person: PersonId,
    ) -> Result<Vec<String>, AppError> {
        self.run(actor, async |w| {
            let (m, cap) = self
                .minutes_context(w.tx(), actor, meeting, person, Action::Change)
                .await?;
            let mut latest = concord_store::minutes_versions(w.tx(), &cap, m.id, person)
                .await?
                .pop()
                .filter(|r| r.status == MinutesStatus::Approved)
                .ok_or_else(|| {
                    AppError::field(
                        "version",
                        "not_approved",
                        "The chair must approve the latest version before it is distributed",
                    )
                })?;
            let present = self.present_attendees(w.tx(), m.id).await?;
            let names = Names::load(w.tx(), &present).await?;
            let recipients: Vec<String> = present.iter().map(|u| names.user(Some(*u))).collect();
            if recipients.is_empty() {
                return Err(AppError::field(
                    "version",
                    "no_recipients",
                    "Record who attended before distributing the minutes",
                ));
            }
            latest.status = MinutesStatus::Distributed;
            latest.distributed_at = Some(self.clock.now());
            concord_store::set_minutes_status(w.tx(), &cap, &latest).await?;
            w.audit(
                AuditKind::Disclosure,
                Action::Share,
                Some(person.0),
                &format!(
                    "distributed MAPP meeting minutes, version {} (OFFICIAL-SENSITIVE)",
                    latest.version
                ),
                Note {
                    sections: Some(SectionSet::one(Section::Management)),
                    purpose: Some("MAPP meeting minutes to those who attended".into()),
                    recipient: Some(recipients.join(", ")),
                    detail: Some(serde_json::json!({"meeting": m.id, "version": latest.version})),
                },
            );
            Ok(recipients)
        })
        .await
    }
}
