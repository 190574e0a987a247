//! Recall (rules.md §6.3; CJA 2003 ss.254–255C): requested with reasons, often from a
//! breach referral; Concord works out whether a fixed-term recall is possible
//! (concord_licence::assess_recall) and keeps that assessment with the facts it used; a
//! senior officer who did not request it revokes the licence or rejects the request; the
//! police execute it and record the return to custody. Clocks show how long a request
//! has waited and how long a revoked licence has gone unexecuted, to police and
//! probation alike.
//!
//! Decisions:
//! - The facts come from the record where Concord holds them: age on recall from the date
//!   of birth; the sentence length from the custodial sentence the licence follows (start
//!   to end date, in whole months); an extended sentence from that sentence's kind. The
//!   form may give the sentence passed in months instead, because time on remand shortens
//!   the recorded dates and could otherwise make a 4-year sentence look shorter.
//! - Concord keeps no MAPPA level yet, so it is missing (and the recommendation standard)
//!   unless the form gives it. Schedule 19AA, terrorism and a charge come from the form.
//! - Revoking ends any variation in progress: a recalled licence is never varied back
//!   into force.
//! - The police task is for the police officer allocated to the person; with none, it
//!   goes to the deciding officer's team to pass to the police. The victim liaison
//!   officer's task likewise. Neither names a victim.

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, Utc};
use concord_authz::{Action, Actor, Permission, Section, SectionSet};
use concord_domain::{FieldError, PersonId, SentenceKind, ValidationErrors};
use concord_licence::{
    transition, LicenceAction, LicenceStatus, RecallAssessment, RecallFacts, RecallType,
};
use concord_store::audit::AuditKind;
use concord_store::{LicenceRow, RecallRow, Tx};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use super::enforcement::{active_licence, DeadlineView, TaskOwner};
use super::form::text;
use super::licence::{context, status_code, status_of};
use crate::access::Note;
use crate::person::Names;
use crate::{App, AppError};

/// s.255C: at the end of 28 days back in custody a standard recall not yet released is
/// referred to the Parole Board.
const PAROLE_REFERRAL_DAYS: u64 = 28;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RecallStatus {
    Requested,
    Rejected,
    Revoked,
    ReturnedToCustody,
}

impl RecallStatus {
    pub fn code(self) -> &'static str {
        match self {
            RecallStatus::Requested => "REQUESTED",
            RecallStatus::Rejected => "REJECTED",
            RecallStatus::Revoked => "REVOKED",
            RecallStatus::ReturnedToCustody => "RETURNED_TO_CUSTODY",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [
            RecallStatus::Requested,
            RecallStatus::Rejected,
            RecallStatus::Revoked,
            RecallStatus::ReturnedToCustody,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            RecallStatus::Requested => "Requested",
            RecallStatus::Rejected => "Rejected",
            RecallStatus::Revoked => "Licence revoked",
            RecallStatus::ReturnedToCustody => "Returned to custody",
        }
    }
}

fn recall_status(r: &RecallRow) -> Result<RecallStatus, AppError> {
    RecallStatus::from_code(&r.status)
        .ok_or_else(|| AppError::Internal(format!("a recall status {:?}", r.status)))
}

/// A recall request as a form posts it. `None` is "not known".
#[derive(Debug, Clone, Default)]
pub struct RecallForm {
    pub reasons: String,
    /// Recalled because charged with an offence.
    pub charged_with_offence: Option<bool>,
    /// The breach referral the recall follows.
    pub breach_action_id: Option<Uuid>,
    /// 0 (not managed under MAPPA), 1, 2 or 3.
    pub mappa_level: Option<u8>,
    pub schedule_19aa_offence: Option<bool>,
    pub terrorist_sentence: Option<bool>,
    pub terrorist_mappa_category: Option<bool>,
    /// When not given, read from the sentence's kind.
    pub extended_sentence: Option<bool>,
    /// The sentence passed, when the record's dates do not show it.
    pub sentence_months: Option<u32>,
}

/// One criterion of the assessment as it was kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecallCriterionView {
    pub code: String,
    pub test: String,
    pub met: Option<bool>,
    pub explanation: String,
}

/// The fixed-term assessment as it was made when recall was requested.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecallAssessmentView {
    pub fixed_term_eligible: Option<bool>,
    pub recommended: RecallType,
    pub criteria: Vec<RecallCriterionView>,
    pub missing: Vec<String>,
    pub summary: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecallRequested {
    pub recall_id: Uuid,
    pub assessment: RecallAssessment,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecallDecided {
    pub status: RecallStatus,
    /// The tasks a revocation opened (police, victim liaison).
    pub tasks: Vec<DeadlineView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReturnedToCustody {
    /// Automatic release at the end of a fixed-term recall.
    pub release_on: Option<NaiveDate>,
    /// A standard recall still in custody then is referred to the Parole Board (s.255C).
    pub parole_board_referral_by: Option<NaiveDate>,
}

/// A recall as police and probation see it, with its clocks.
#[derive(Debug, Clone, Serialize)]
pub struct RecallView {
    pub id: Uuid,
    pub licence_version_id: Uuid,
    pub status: RecallStatus,
    pub status_label: &'static str,
    pub reasons: String,
    pub facts: RecallFacts,
    pub assessment: RecallAssessmentView,
    /// `fixed_term` or `standard`.
    pub recall_type: String,
    pub fixed_term_days: Option<i32>,
    pub breach_action_id: Option<Uuid>,
    pub requested_by: String,
    pub requested_at: DateTime<Utc>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_reason: String,
    pub revoked_at: Option<DateTime<Utc>>,
    pub returned_on: Option<NaiveDate>,
    pub release_on: Option<NaiveDate>,
    pub parole_board_referral_by: Option<NaiveDate>,
    pub days_since_requested: i64,
    /// While awaiting a decision.
    pub days_awaiting_decision: Option<i64>,
    /// While the licence is revoked and the person not yet back in custody.
    pub days_revoked_unexecuted: Option<i64>,
    /// The viewer may approve or reject it now.
    pub may_decide: bool,
    pub version: i64,
}

fn refused(field: &str, code: &'static str, message: impl Into<String>) -> AppError {
    AppError::field(field, code, message)
}

/// Whole months from `start` to `end` (24 for 1 March 2025 to 1 March 2027).
fn whole_months(start: NaiveDate, end: NaiveDate) -> Option<u32> {
    if end <= start {
        return None;
    }
    let span = (end.year() - start.year()) * 12 + end.month() as i32 - start.month() as i32;
    let mut months = u32::try_from(span).ok()?;
    if start
        .checked_add_months(Months::new(months))
        .is_none_or(|d| d > end)
    {
        months = months.checked_sub(1)?;
    }
    Some(months)
}

/// The facts for concord_licence::assess_recall, from the record and the form.
fn recall_facts(
    form: &RecallForm,
    date_of_birth: Option<NaiveDate>,
    sentences: &[concord_store::SentenceRow],
    licence: &LicenceRow,
    today: NaiveDate,
) -> RecallFacts {
    // The custodial sentence the licence follows: the latest to start before release.
    let sentence = sentences
        .iter()
        .filter_map(|s| SentenceKind::from_code(&s.kind).map(|k| (k, s)))
        .filter(|(k, s)| k.is_custodial() && s.start_date <= licence.release_date)
        .max_by_key(|(_, s)| s.start_date);
    let recorded_months = sentence
        .filter(|(k, _)| *k != SentenceKind::LifeOrIpp)
        .and_then(|(_, s)| s.end_date.and_then(|end| whole_months(s.start_date, end)));
    RecallFacts {
        age_on_recall: date_of_birth.map(|dob| concord_domain::age_on(dob, today)),
        sentence_months: form.sentence_months.or(recorded_months),
        schedule_19aa_offence: form.schedule_19aa_offence,
        terrorist_sentence: form.terrorist_sentence,
        terrorist_mappa_category: form.terrorist_mappa_category,
        charged_with_offence: form.charged_with_offence,
        mappa_level: form.mappa_level,
        extended_sentence: form
            .extended_sentence
            .or(sentence.and_then(|(k, _)| match k {
                SentenceKind::ExtendedDeterminate => Some(true),
                SentenceKind::Custody => Some(false),
                _ => None,
            })),
    }
}

/// Who executes a revocation and who tells the victim: the police officer and the victim
/// liaison officer allocated to the person, or, with none allocated, the deciding
/// officer's team, told to pass it on. (owner (agency, team, user), title) each.
fn route_recall_tasks(
    team: &[concord_store::CaseTeamMember],
    actor: &Actor,
) -> [(TaskOwner, String); 2] {
    let own = (actor.agency_id.0, actor.team_id.map(|t| t.0), None);
    let of = |m: &concord_store::CaseTeamMember| (m.agency_id, m.team_id, Some(m.user_id));
    let police = match team.iter().find(|m| m.agency_kind == "police") {
        Some(m) => (
            of(m),
            "Execute the recall: arrest and return to custody".to_string(),
        ),
        None => (
            own,
            "Pass the revocation to the police to execute: no police officer is allocated"
                .to_string(),
        ),
    };
    let victim = match team.iter().find(|m| m.victim_liaison) {
        Some(m) => (of(m), "Tell the victim of the recall".to_string()),
        None => (
            own,
            "Victim liaison: tell the victim of the recall (no victim liaison officer is allocated)"
                .to_string(),
        ),
    };
    [police, victim]
}

impl App {
    /// Recall the licence version, and end any variation of it not yet in force: a
    /// variation of a recalled licence must never come into force later.
    #[expect(
        clippy::too_many_arguments,
        reason = "the transaction, who acts, with what capability, and what is recalled"
    )]
    async fn recall_licence(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        cap: &concord_authz::Capability,
        recall: &RecallRow,
        version: &LicenceRow,
        licences: &[LicenceRow],
        reason: &str,
    ) -> Result<(), AppError> {
        let refuse = |e: concord_licence::TransitionError| refused("status", e.code, e.message);
        let from = status_of(version)?;
        let next =
            transition(from, LicenceAction::Recall, &context(actor, version)).map_err(refuse)?;
        for v in licences.iter().filter(|v| {
            v.licence_id == version.licence_id
                && v.id != version.id
                && matches!(
                    status_of(v).ok(),
                    Some(
                        LicenceStatus::VariationInProgress
                            | LicenceStatus::VariationSubmitted
                            | LicenceStatus::VariationApproved
                    )
                )
        }) {
            let mut ended = v.clone();
            ended.status = status_code(
                transition(status_of(v)?, LicenceAction::Deactivate, &context(actor, v))
                    .map_err(refuse)?,
            );
            let detail = json!({"recall": recall.id});
            self.save_licence(
                tx,
                actor,
                cap,
                ended,
                v.version,
                "ended_by_recall",
                reason,
                detail,
            )
            .await?;
        }
        let mut recalled = version.clone();
        recalled.status = status_code(next);
        let detail = json!({
            "recall": recall.id,
            "from": status_code(from),
            "to": status_code(next),
            "recall_type": recall.recall_type,
        });
        self.save_licence(
            tx,
            actor,
            cap,
            recalled,
            version.version,
            "recall",
            reason,
            detail,
        )
        .await
    }

    async fn recall_of(
        &self,
        tx: &mut Tx,
        cap: &concord_authz::Capability,
        person: PersonId,
        id: Uuid,
    ) -> Result<(RecallRow, LicenceRow, Vec<LicenceRow>), AppError> {
        let recall = concord_store::recalls_of(tx, cap, person.0)
            .await?
            .into_iter()
            .find(|r| r.id == id)
            .ok_or(AppError::NotFound)?;
        let licences = concord_store::licences_of(tx, cap, person.0).await?;
        let version = licences
            .iter()
            .find(|l| l.id == recall.licence_id)
            .cloned()
            .ok_or_else(|| AppError::Internal("a recall's licence version is missing".into()))?;
        Ok((recall, version, licences))
    }

    /// Request a recall of the licence in force, with reasons, and assess whether a
    /// fixed-term recall is possible.
    pub async fn request_recall(
        &self,
        actor: &Actor,
        person: PersonId,
        form: &RecallForm,
    ) -> Result<RecallRequested, AppError> {
        let mut tx = self.db.begin().await?;
        let result = async {
            let cap = self
                .licence_section(&mut tx, actor, Action::Change, person)
                .await?;
            let licences = concord_store::licences_of(&mut tx, &cap, person.0).await?;
            let recalls = concord_store::recalls_of(&mut tx, &cap, person.0).await?;
            let actions = concord_store::enforcement_actions_of(&mut tx, &cap, person.0).await?;
            let mut errors = ValidationErrors::new();
            let reasons = text(
                &mut errors,
                "reasons",
                &form.reasons,
                "the reasons for recall",
                true,
                4000,
            );
            if form.mappa_level.is_some_and(|l| l > 3) {
                errors.push(FieldError::new(
                    "mappa_level",
                    "invalid",
                    "Choose not managed under MAPPA, or MAPPA level 1, 2 or 3",
                ));
            }
            if form.sentence_months.is_some_and(|m| m == 0 || m > 1200) {
                errors.push(FieldError::new(
                    "sentence_months",
                    "invalid",
                    "Enter the sentence passed in whole months, e.g. 24",
                ));
            }
            let licence = active_licence(&licences)?;
            match licence {
                None => errors.push(FieldError::new(
                    "licence",
                    "no_active_licence",
                    "Only a licence in force can be revoked: this person has no active licence",
                )),
                Some(l)
                    if recalls.iter().any(|r| {
                        r.licence_id == l.id
                            && matches!(
                                RecallStatus::from_code(&r.status),
                                Some(RecallStatus::Requested | RecallStatus::Revoked)
                            )
                    }) =>
                {
                    errors.push(FieldError::new(
                        "licence",
                        "recall_open",
                        "A recall of this licence is already requested or awaiting execution",
                    ))
                }
                Some(_) => {}
            }
            if let Some(breach) = form.breach_action_id {
                match actions
                    .iter()
                    .find(|a| a.id == breach && a.kind == "breach")
                {
                    None => errors.push(FieldError::new(
                        "breach_action_id",
                        "unknown_breach",
                        "Choose one of this person's breach referrals",
                    )),
                    Some(a) if a.status != "referred" => errors.push(FieldError::new(
                        "breach_action_id",
                        "breach_recalled",
                        "A recall was already started from this breach referral",
                    )),
                    Some(_) => {}
                }
            }
            let Some(licence) = licence.filter(|_| errors.is_empty()) else {
                return Err(AppError::Validation(errors));
            };
            // What the facts need from the rest of the record, read and audited as read.
            let record_cap = self
                .authorize_person(
                    &mut tx,
                    actor,
                    Action::Read,
                    person,
                    SectionSet::of(&[Section::Identity, Section::Convictions]),
                )
                .await?;
            let visible = record_cap.sections();
            let date_of_birth = if visible.contains(Section::Identity) {
                concord_store::person(&mut tx, &record_cap, person.0)
                    .await?
                    .map(|p| p.date_of_birth)
            } else {
                None
            };
            let sentences = if visible.contains(Section::Convictions) {
                concord_store::sentences(&mut tx, &record_cap, person.0).await?
            } else {
                vec![]
            };
            self.audit(
                &mut tx,
                actor,
                AuditKind::Consultation,
                Action::Read,
                Some(person.0),
                "read the date of birth and sentence to assess a recall",
                Note::sections(visible),
            )
            .await?;
            let today = self.clock.today();
            let facts = recall_facts(form, date_of_birth, &sentences, licence, today);
            let assessment = concord_licence::assess_recall(&facts);
            let (recall_type, days) = match assessment.recommended {
                RecallType::FixedTerm { days } => ("fixed_term", i32::try_from(days).ok()),
                RecallType::Standard => ("standard", None),
            };
            let id = Uuid::now_v7();
            concord_store::insert_recall(
                &mut tx,
                &cap,
                &RecallRow {
                    id,
                    person_id: person.0,
                    agency_id: actor.agency_id.0,
                    licence_id: licence.id,
                    status: RecallStatus::Requested.code().into(),
                    reasons: reasons.clone(),
                    facts: json!(facts),
                    assessment: json!(assessment),
                    recall_type: recall_type.into(),
                    fixed_term_days: days,
                    breach_action_id: form.breach_action_id,
                    requested_by: actor.user_id.0,
                    requested_at: self.clock.now(),
                    decided_by: None,
                    decided_at: None,
                    decision_reason: String::new(),
                    revoked_at: None,
                    execute_task_id: None,
                    returned_on: None,
                    returned_by: None,
                    release_on: None,
                    version: 1,
                },
            )
            .await?;
            if let Some(breach) = form.breach_action_id {
                if !concord_store::set_enforcement_status(
                    &mut tx,
                    &cap,
                    person.0,
                    breach,
                    "referred",
                    "recall_requested",
                )
                .await?
                {
                    return Err(AppError::Conflict);
                }
            }
            self.licence_event(
                &mut tx,
                actor,
                &cap,
                licence,
                "recall_requested",
                &reasons,
                json!({
                    "recall": id,
                    "breach": form.breach_action_id,
                    "fixed_term_eligible": assessment.fixed_term_eligible,
                    "recommended": assessment.recommended,
                }),
            )
            .await?;
            Ok(RecallRequested {
                recall_id: id,
                assessment,
            })
        }
        .await;
        self.finish(tx, result).await
    }

    /// A senior officer who did not request it revokes the licence (approve) or rejects
    /// the request. Revoking recalls the licence version, ends any variation of it, and
    /// opens tasks for the police (execute today) and the victim liaison officer (tell
    /// the victim, by tomorrow).
    pub async fn decide_recall(
        &self,
        actor: &Actor,
        person: PersonId,
        recall: Uuid,
        approve: bool,
        reason: &str,
    ) -> Result<RecallDecided, AppError> {
        let mut tx = self.db.begin().await?;
        let result = async {
            let cap = self
                .licence_section(&mut tx, actor, Action::Change, person)
                .await?;
            let (mut row, version, licences) =
                self.recall_of(&mut tx, &cap, person, recall).await?;
            let mut errors = ValidationErrors::new();
            let reason = text(
                &mut errors,
                "reason",
                reason,
                "the reason for the decision",
                true,
                4000,
            );
            if !actor.has(Permission::LicenceApprove) {
                errors.push(FieldError::new(
                    "decision",
                    "not_senior",
                    "Only a senior officer can revoke a licence or reject a recall request",
                ));
            }
            if row.requested_by == actor.user_id.0 {
                errors.push(FieldError::new(
                    "decision",
                    "own_recall",
                    "You requested this recall: another senior officer must decide it",
                ));
            }
            if recall_status(&row)? != RecallStatus::Requested {
                errors.push(FieldError::new(
                    "decision",
                    "recall_decided",
                    format!(
                        "This recall has already been decided ({})",
                        recall_status(&row)?.label().to_lowercase()
                    ),
                ));
            }
            if !errors.is_empty() {
                return Err(AppError::Validation(errors));
            }
            let now = self.clock.now();
            let today = self.clock.today();
            let expected = row.version;
            row.decided_by = Some(actor.user_id.0);
            row.decided_at = Some(now);
            row.decision_reason = reason.clone();
            row.version = expected + 1;
            let mut tasks = vec![];
            if approve {
                self.recall_licence(&mut tx, actor, &cap, &row, &version, &licences, &reason)
                    .await?;
                let team =
                    concord_store::case_team_for_tasks(&mut tx, &cap, person.0, today).await?;
                let why = format!(
                    "Licence revoked on {} ({})",
                    concord_domain::format_date(today),
                    if row.recall_type == "fixed_term" {
                        "fixed-term recall"
                    } else {
                        "standard recall"
                    }
                );
                let [police, victim] = route_recall_tasks(&team, actor);
                let police = self
                    .open_licence_task(
                        &mut tx,
                        actor,
                        &cap,
                        person,
                        police.0,
                        "recall_execute",
                        police.1,
                        format!(
                            "{why}: the person is unlawfully at large until returned to custody"
                        ),
                        today,
                    )
                    .await?;
                let victim = self
                    .open_licence_task(
                        &mut tx,
                        actor,
                        &cap,
                        person,
                        victim.0,
                        "victim_notify_recall",
                        victim.1,
                        format!(
                            "{why}: the victim may be told, as the victim contact scheme allows"
                        ),
                        today + Days::new(1),
                    )
                    .await?;
                row.status = RecallStatus::Revoked.code().into();
                row.revoked_at = Some(now);
                row.execute_task_id = Some(police.id);
                tasks.push(DeadlineView::from_row(&police, today));
                tasks.push(DeadlineView::from_row(&victim, today));
            } else {
                row.status = RecallStatus::Rejected.code().into();
                let detail = json!({"recall": recall});
                self.licence_event(
                    &mut tx,
                    actor,
                    &cap,
                    &version,
                    "recall_rejected",
                    &reason,
                    detail,
                )
                .await?;
            }
            if !concord_store::update_recall(&mut tx, &cap, &row, expected).await? {
                return Err(AppError::Conflict);
            }
            Ok(RecallDecided {
                status: recall_status(&row)?,
                tasks,
            })
        }
        .await;
        self.finish(tx, result).await
    }

    /// Record that the person is back in custody on `on`, which executes the recall; a
    /// fixed-term recall gets its automatic release date.
    pub async fn return_to_custody(
        &self,
        actor: &Actor,
        person: PersonId,
        recall: Uuid,
        on: NaiveDate,
    ) -> Result<ReturnedToCustody, AppError> {
        let mut tx = self.db.begin().await?;
        let result = async {
            let cap = self
                .licence_section(&mut tx, actor, Action::Change, person)
                .await?;
            let (mut row, version, _) = self.recall_of(&mut tx, &cap, person, recall).await?;
            let mut errors = ValidationErrors::new();
            let status = recall_status(&row)?;
            if status != RecallStatus::Revoked {
                errors.push(FieldError::new(
                    "status",
                    "not_revoked",
                    format!(
                        "Only a revoked licence is executed: this recall is {}",
                        status.label().to_lowercase()
                    ),
                ));
            }
            let today = self.clock.today();
            if on > today {
                errors.push(FieldError::new(
                    "on",
                    "future",
                    "The date of return to custody must be today or in the past",
                ));
            }
            if let Some(revoked) = row.revoked_at.map(crate::london_date) {
                if on < revoked {
                    errors.push(FieldError::new(
                        "on",
                        "before_revocation",
                        format!(
                            "The date of return to custody must be on or after the revocation, {}",
                            concord_domain::format_date(revoked)
                        ),
                    ));
                }
            }
            if !errors.is_empty() {
                return Err(AppError::Validation(errors));
            }
            let release_on = match (row.recall_type.as_str(), row.fixed_term_days) {
                ("fixed_term", Some(days)) => u64::try_from(days).ok().map(|d| on + Days::new(d)),
                _ => None,
            };
            let expected = row.version;
            row.status = RecallStatus::ReturnedToCustody.code().into();
            row.returned_on = Some(on);
            row.returned_by = Some(actor.user_id.0);
            row.release_on = release_on;
            row.version = expected + 1;
            if !concord_store::update_recall(&mut tx, &cap, &row, expected).await? {
                return Err(AppError::Conflict);
            }
            if let Some(task) = row.execute_task_id {
                concord_store::complete_licence_task(
                    &mut tx,
                    &cap,
                    person.0,
                    task,
                    actor.user_id.0,
                    self.clock.now(),
                )
                .await?;
            }
            let parole_board_referral_by =
                (row.recall_type == "standard").then(|| on + Days::new(PAROLE_REFERRAL_DAYS));
            self.licence_event(
                &mut tx,
                actor,
                &cap,
                &version,
                "returned_to_custody",
                "",
                json!({"recall": recall, "on": on, "release_on": release_on}),
            )
            .await?;
            Ok(ReturnedToCustody {
                release_on,
                parole_board_referral_by,
            })
        }
        .await;
        self.finish(tx, result).await
    }

    /// A person's recalls, newest first, with their clocks.
    pub async fn recalls(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<Vec<RecallView>, AppError> {
        let mut tx = self.db.begin().await?;
        let result = async {
            let cap = self
                .licence_section(&mut tx, actor, Action::Read, person)
                .await?;
            let rows = concord_store::recalls_of(&mut tx, &cap, person.0).await?;
            let users: Vec<Uuid> = rows
                .iter()
                .flat_map(|r| [Some(r.requested_by), r.decided_by])
                .flatten()
                .collect();
            let names = Names::load(&mut tx, &users).await?;
            let today = self.clock.today();
            let senior = actor.has(Permission::LicenceApprove);
            let since = |at: DateTime<Utc>| (today - crate::london_date(at)).num_days();
            let mut views = vec![];
            for r in rows.iter().rev() {
                let status = recall_status(r)?;
                let facts: RecallFacts = serde_json::from_value(r.facts.clone())
                    .map_err(|e| AppError::Internal(format!("a recall's facts: {e}")))?;
                let assessment: RecallAssessmentView = serde_json::from_value(r.assessment.clone())
                    .map_err(|e| AppError::Internal(format!("a recall's assessment: {e}")))?;
                views.push(RecallView {
                    id: r.id,
                    licence_version_id: r.licence_id,
                    status,
                    status_label: status.label(),
                    reasons: r.reasons.clone(),
                    facts,
                    assessment,
                    recall_type: r.recall_type.clone(),
                    fixed_term_days: r.fixed_term_days,
                    breach_action_id: r.breach_action_id,
                    requested_by: names.user(Some(r.requested_by)),
                    requested_at: r.requested_at,
                    decided_by: r.decided_by.map(|u| names.user(Some(u))),
                    decided_at: r.decided_at,
                    decision_reason: r.decision_reason.clone(),
                    revoked_at: r.revoked_at,
                    returned_on: r.returned_on,
                    release_on: r.release_on,
                    parole_board_referral_by: r
                        .returned_on
                        .filter(|_| r.recall_type == "standard")
                        .map(|on| on + Days::new(PAROLE_REFERRAL_DAYS)),
                    days_since_requested: since(r.requested_at),
                    days_awaiting_decision: (status == RecallStatus::Requested)
                        .then(|| since(r.requested_at)),
                    days_revoked_unexecuted: r
                        .revoked_at
                        .filter(|_| status == RecallStatus::Revoked)
                        .map(since),
                    may_decide: status == RecallStatus::Requested
                        && senior
                        && r.requested_by != actor.user_id.0,
                    version: r.version,
                });
            }
            self.audit(
                &mut tx,
                actor,
                AuditKind::Consultation,
                Action::Read,
                Some(person.0),
                "viewed the recalls",
                Note::sections(SectionSet::one(Section::Licence)),
            )
            .await?;
            Ok(views)
        }
        .await;
        self.finish(tx, result).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn a_two_year_sentence_is_twenty_four_whole_months() {
        assert_eq!(whole_months(ymd(2025, 3, 1), ymd(2027, 3, 1)), Some(24));
    }

    #[test]
    fn a_day_short_of_a_month_does_not_count_it() {
        assert_eq!(whole_months(ymd(2025, 3, 1), ymd(2027, 2, 28)), Some(23));
    }

    #[test]
    fn an_end_before_the_start_gives_no_length() {
        assert_eq!(whole_months(ymd(2025, 3, 1), ymd(2025, 3, 1)), None);
        assert_eq!(whole_months(ymd(2025, 3, 1), ymd(2024, 3, 1)), None);
    }
}
