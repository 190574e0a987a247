//! Deciding a recall and executing it: a senior officer who did not request it revokes the
//! licence (ending any variation in progress, opening the police and victim liaison
//! tasks) or rejects the request; the return to custody then executes the revocation and
//! sets the fixed-term release or Parole Board referral date.

use chrono::{Days, NaiveDate};
use concord_authz::{Action, Actor, Permission};
use concord_domain::{AgencyKind, FieldError, PersonId, RecallId, TaskKind, ValidationErrors};
use concord_licence::{transition, LicenceAction, LicenceEvent, LicenceStatus, RecallKind};
use concord_store::{LicenceRow, RecallRow, Tx};
use serde_json::json;

use super::{RecallDecided, RecallStatus, ReturnedToCustody, PAROLE_REFERRAL_DAYS};
use crate::kernel::Work;
use crate::manage::enforcement::{DeadlineView, TaskOwner};
use crate::manage::form::text;
use crate::manage::licence::context;
use crate::{AppError, Manage};

fn refused(field: &str, code: &'static str, message: impl Into<String>) -> AppError {
    AppError::field(field, code, message)
}

/// Who executes a revocation and who tells the victim: the police officer and the victim
/// liaison officer allocated to the person, or, with none allocated, the deciding
/// officer's team, told to pass it on. (owner (agency, team, user), title) each.
fn route_recall_tasks(
    team: &[concord_store::CaseTeamMember],
    actor: &Actor,
) -> [(TaskOwner, String); 2] {
    let own = (actor.agency_id, actor.team_id, None);
    let of = |m: &concord_store::CaseTeamMember| (m.agency_id, m.team_id, Some(m.user_id));
    let police = match team
        .iter()
        .find(|m| AgencyKind::from_code(&m.agency_kind) == Some(AgencyKind::Police))
    {
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

impl Manage<'_> {
    /// Recall the licence version, and end any variation of it not yet in force: a
    /// variation of a recalled licence must never come into force later.
    async fn recall_licence(
        &self,
        w: &mut Work<'_>,
        cap: &concord_authz::Capability,
        recall: &RecallRow,
        version: &LicenceRow,
        licences: &[LicenceRow],
        reason: &str,
    ) -> Result<(), AppError> {
        let actor = w.actor();
        let refuse = |e: concord_licence::TransitionError| refused("status", e.code, e.message);
        let from = version.status;
        let next =
            transition(from, LicenceAction::Recall, &context(actor, version)).map_err(refuse)?;
        for v in licences.iter().filter(|v| {
            v.licence_id == version.licence_id
                && v.id != version.id
                && matches!(
                    v.status,
                    LicenceStatus::VariationInProgress
                        | LicenceStatus::VariationSubmitted
                        | LicenceStatus::VariationApproved
                )
        }) {
            let mut ended = v.clone();
            ended.status = transition(v.status, LicenceAction::Deactivate, &context(actor, v))
                .map_err(refuse)?;
            let detail = json!({"recall": recall.id});
            self.save_licence(
                w,
                cap,
                ended,
                v.version,
                LicenceEvent::EndedByRecall,
                reason,
                detail,
            )
            .await?;
        }
        let mut recalled = version.clone();
        recalled.status = next;
        let detail = json!({
            "recall": recall.id,
            "from": from.code(),
            "to": next.code(),
            "recall_type": recall.recall_type.code(),
        });
        self.save_licence(
            w,
            cap,
            recalled,
            version.version,
            LicenceEvent::Recall,
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
        id: RecallId,
    ) -> Result<(RecallRow, LicenceRow, Vec<LicenceRow>), AppError> {
        let recall = concord_store::recalls_of(tx, cap, person)
            .await?
            .into_iter()
            .find(|r| r.id == id)
            .ok_or(AppError::NotFound)?;
        let licences = concord_store::licences_of(tx, cap, person).await?;
        let version = licences
            .iter()
            .find(|l| l.id == recall.licence_id)
            .cloned()
            .ok_or_else(|| AppError::Internal("a recall's licence version is missing".into()))?;
        Ok((recall, version, licences))
    }

    /// A senior officer who did not request it revokes the licence (approve) or rejects
    /// the request. Revoking recalls the licence version, ends any variation of it, and
    /// opens tasks for the police (execute today) and the victim liaison officer (tell
    /// the victim, by tomorrow).
    pub async fn decide_recall(
        &self,
        actor: &Actor,
        person: PersonId,
        recall: RecallId,
        approve: bool,
        reason: &str,
    ) -> Result<RecallDecided, AppError> {
        self.run(actor, async |w| {
            let cap = self
                .licence_section(w.tx(), actor, Action::Change, person)
                .await?;
            let (mut row, version, licences) = self.recall_of(w.tx(), &cap, person, recall).await?;
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
            if row.requested_by == actor.user_id {
                errors.push(FieldError::new(
                    "decision",
                    "own_recall",
                    "You requested this recall: another senior officer must decide it",
                ));
            }
            if row.status != RecallStatus::Requested {
                errors.push(FieldError::new(
                    "decision",
                    "recall_decided",
                    format!(
                        "This recall has already been decided ({})",
                        row.status.label().to_lowercase()
                    ),
                ));
            }
            if !errors.is_empty() {
                return Err(AppError::Validation(errors));
            }
            let now = self.clock.now();
            let today = self.clock.today();
            let expected = row.version;
            row.decided_by = Some(actor.user_id);
            row.decided_at = Some(now);
            row.decision_reason = reason.clone();
            row.version = expected + 1;
            let mut tasks = vec![];
            if approve {
                self.recall_licence(w, &cap, &row, &version, &licences, &reason)
                    .await?;
                let team = concord_store::case_team_for_tasks(w.tx(), &cap, person, today).await?;
                let why = format!(
                    "Licence revoked on {} ({})",
                    concord_domain::format_date(today),
                    row.recall_type.label()
                );
                let [police, victim] = route_recall_tasks(&team, actor);
                let police = self
                    .open_licence_task(
                        w.tx(),
                        actor,
                        &cap,
                        person,
                        police.0,
                        TaskKind::RecallExecute,
                        police.1,
                        format!(
                            "{why}: the person is unlawfully at large until returned to custody"
                        ),
                        today,
                    )
                    .await?;
                let victim = self
                    .open_licence_task(
                        w.tx(),
                        actor,
                        &cap,
                        person,
                        victim.0,
                        TaskKind::VictimNotifyRecall,
                        victim.1,
                        format!(
                            "{why}: the victim may be told, as the victim contact scheme allows"
                        ),
                        today + Days::new(1),
                    )
                    .await?;
                row.status = RecallStatus::Revoked;
                row.revoked_at = Some(now);
                row.execute_task_id = Some(police.id);
                tasks.push(DeadlineView::from_row(&police, today));
                tasks.push(DeadlineView::from_row(&victim, today));
            } else {
                row.status = RecallStatus::Rejected;
                let detail = json!({"recall": recall});
                self.licence_event(
                    w,
                    &cap,
                    &version,
                    LicenceEvent::RecallRejected,
                    &reason,
                    detail,
                )
                .await?;
            }
            if !concord_store::update_recall(w.tx(), &cap, &row, expected).await? {
                return Err(AppError::Conflict);
            }
            Ok(RecallDecided {
                status: row.status,
                tasks,
            })
        })
        .await
    }

    /// Record that the person is back in custody on `on`, which executes the recall; a
    /// fixed-term recall gets its automatic release date.
    pub async fn return_to_custody(
        &self,
        actor: &Actor,
        person: PersonId,
        recall: RecallId,
        on: NaiveDate,
    ) -> Result<ReturnedToCustody, AppError> {
        self.run(actor, async |w| {
            let cap = self
                .licence_section(w.tx(), actor, Action::Change, person)
                .await?;
            let (mut row, version, _) = self.recall_of(w.tx(), &cap, person, recall).await?;
            let mut errors = ValidationErrors::new();
            let status = row.status;
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
            let release_on = match (row.recall_type, row.fixed_term_days) {
                (RecallKind::FixedTerm, Some(days)) => {
                    u64::try_from(days).ok().map(|d| on + Days::new(d))
                }
                _ => None,
            };
            let expected = row.version;
            row.status = RecallStatus::ReturnedToCustody;
            row.returned_on = Some(on);
            row.returned_by = Some(actor.user_id);
            row.release_on = release_on;
            row.version = expected + 1;
            if !concord_store::update_recall(w.tx(), &cap, &row, expected).await? {
                return Err(AppError::Conflict);
            }
            if let Some(task) = row.execute_task_id {
                concord_store::complete_licence_task(
                    w.tx(),
                    &cap,
                    person,
                    task,
                    actor.user_id,
                    self.clock.now(),
                )
                .await?;
            }
            let parole_board_referral_by = (row.recall_type == RecallKind::Standard)
                .then(|| on + Days::new(PAROLE_REFERRAL_DAYS));
            self.licence_event(
                w,
                &cap,
                &version,
                LicenceEvent::ReturnedToCustody,
                "",
                json!({"recall": recall, "on": on, "release_on": release_on}),
            )
            .await?;
            // Work in the community ends with the recall: the providers are told by the
            // referral's closing, and their access ends today.
            let referrals_cancelled = self
                .partners()
                .cancel_on_recall_in(
                    w,
                    person,
                    &format!(
                        "Recalled: returned to custody on {}",
                        concord_domain::format_date(on)
                    ),
                )
                .await?;
            Ok(ReturnedToCustody {
                release_on,
                parole_board_referral_by,
                referrals_cancelled,
            })
        })
        .await
    }
}
