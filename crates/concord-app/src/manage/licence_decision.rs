//! Moving a licence version through its lifecycle — submit, approve or reject, activate,
//! back to in progress — and the four-eyes rule on the decisions: whoever shaped any part
//! of the version being decided (drafted it, started the variation, added, changed or
//! removed a condition, drew a zone new to it, submitted it) may not approve or reject it.
//! The licence events already say who did each of those things to which version, so the
//! rule reads them rather than trusting the version's `created_by` alone: an approver who
//! sends a licence back and adds a condition has shaped it as surely as its author.

use concord_domain::UserId;
use concord_domain::{LicenceVersionId, ZoneId};
use std::collections::BTreeSet;

use concord_authz::{Actor, Permission};
use concord_domain::PersonId;
use concord_licence::{
    diff, transition, Condition, LicenceAction, LicenceEvent, LicenceStatus, ParamKind,
    TransitionContext,
};
use concord_store::{LicenceEventRow, LicenceRow, Tx, ZoneRow};
use serde_json::json;

use super::licence::{conditions_of, context, period_of};
use super::licence_change::{refused, transition_error};
use crate::{AppError, Manage};

/// The licence events that change what a version says. Status moves by others (sending
/// it back, rejecting it) are not among them: the approver who sends a licence back for
/// rework has not written any of it.
///
/// The list held `"submitvariation"`, a code no event is stored with (a variation's
/// submission is `submit_variation`), so submitting a variation has never counted here;
/// the row's `submitted_by` still names its latest submitter. Kept as it was.
const SHAPING_EVENTS: &[LicenceEvent] = &[
    LicenceEvent::Created,
    LicenceEvent::VariationStarted,
    LicenceEvent::ConditionAdded,
    LicenceEvent::ConditionChanged,
    LicenceEvent::ConditionRemoved,
    LicenceEvent::Submit,
];

/// The zones a version's conditions name (exclusion and inclusion zones).
fn zones_named(row: &LicenceRow) -> Result<BTreeSet<ZoneId>, AppError> {
    Ok(conditions_of(row)?
        .iter()
        .flat_map(|s| {
            let c = &s.condition;
            c.spec()
                .into_iter()
                .flat_map(|spec| spec.params.iter())
                .filter(|p| p.kind == ParamKind::Zone)
                .filter_map(|p| c.value(p.name).and_then(|v| v.parse::<ZoneId>().ok()))
                .collect::<Vec<_>>()
        })
        .collect())
}

/// Everyone who shaped `row`: its author, whoever submitted it, whoever changed any of
/// its conditions, and whoever drew a zone it names that the version it varies did not
/// (a zone already in an approved version was decided on by someone else then).
pub(crate) fn shaped_by(
    row: &LicenceRow,
    rows: &[LicenceRow],
    events: &[LicenceEventRow],
    zones: &[ZoneRow],
) -> Result<BTreeSet<UserId>, AppError> {
    let mut who: BTreeSet<UserId> = [Some(row.created_by), row.submitted_by]
        .into_iter()
        .flatten()
        .collect();
    who.extend(
        events
            .iter()
            .filter(|e| e.version_id == row.id && SHAPING_EVENTS.contains(&e.event))
            .map(|e| e.by_user),
    );
    let varied = rows
        .iter()
        .filter(|r| {
            r.licence_id == row.licence_id
                && r.version_number < row.version_number
                && r.approved_by.is_some()
        })
        .max_by_key(|r| r.version_number);
    let already = varied.map(zones_named).transpose()?.unwrap_or_default();
    let new_zones: BTreeSet<ZoneId> = zones_named(row)?.difference(&already).copied().collect();
    who.extend(
        zones
            .iter()
            .filter(|z| new_zones.contains(&z.id))
            .map(|z| z.created_by),
    );
    Ok(who)
}

/// The context for a decision on a version shaped by `shapers`.
pub(crate) fn decision_context(actor: &Actor, shapers: &BTreeSet<UserId>) -> TransitionContext {
    TransitionContext {
        actor_is_author: shapers.contains(&actor.user_id),
        actor_is_senior: actor.has(Permission::LicenceApprove),
    }
}

impl Manage<'_> {
    /// Who shaped a version, from the person's licence events and zones.
    async fn licence_shapers(
        &self,
        tx: &mut Tx,
        cap: &concord_authz::Capability,
        person: PersonId,
        row: &LicenceRow,
        rows: &[LicenceRow],
    ) -> Result<BTreeSet<UserId>, AppError> {
        let events = concord_store::licence_events(tx, cap, person).await?;
        let zones = concord_store::zones_of(tx, cap, person).await?;
        shaped_by(row, rows, &events, &zones)
    }

    /// Move a licence version through its lifecycle: submit, approve, reject, activate, or
    /// back to in progress. Approving a variation puts it in force and ends the version it
    /// replaces. A reason is needed to reject. A decision by someone who shaped the
    /// version is refused (`own_licence`) and the refusal is audited.
    pub async fn act_on_licence(
        &self,
        actor: &Actor,
        person: PersonId,
        version_id: LicenceVersionId,
        expected_version: i64,
        action: LicenceAction,
        reason: &str,
    ) -> Result<(), AppError> {
        self.run_refusable(actor, person, &["own_licence", "not_senior"], "deciding on a licence", async |w| {
            let cap = self.licence_cap(w.tx(), actor, concord_authz::Action::Change, person).await?;
            let (mut row, rows) = self.licence_version(w.tx(), &cap, person, version_id).await?;
            let from = row.status;
            let shapers = self.licence_shapers(w.tx(), &cap, person, &row, &rows).await?;
            let next = transition(from, action, &decision_context(actor, &shapers)).map_err(transition_error)?;
            let reason = reason.trim();
            if matches!(action, LicenceAction::Reject | LicenceAction::RejectVariation) && reason.is_empty() {
                return Err(refused("reason", "required", "Say why the licence is rejected"));
            }
            if reason.chars().count() > 2000 {
                return Err(refused("reason", "too_long", "Keep the reason to 2000 characters or fewer"));
            }
            let today = self.clock.today();
            if action == LicenceAction::Activate && from == LicenceStatus::Approved && today < row.release_date {
                return Err(refused(
                    "status",
                    "before_release",
                    format!("The licence comes into force on release, {}", row.release_date.format("%-d %B %Y")),
                ));
            }
            if matches!(action, LicenceAction::Submit | LicenceAction::SubmitVariation) {
                let period = period_of(&row);
                let bad: Vec<String> = conditions_of(&row)?
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| concord_licence::validate_condition(&c.condition, &period).is_err())
                    .map(|(i, _)| (i + 1).to_string())
                    .collect();
                if !bad.is_empty() {
                    return Err(refused(
                        "conditions",
                        "invalid_conditions",
                        format!("Correct condition(s) {} before submitting (dates outside the licence period or missing details)", bad.join(", ")),
                    ));
                }
            }
            let now = self.clock.now();
            match action {
                LicenceAction::Submit | LicenceAction::SubmitVariation => {
                    row.submitted_by = Some(actor.user_id);
                    row.submitted_at = Some(now);
                }
                LicenceAction::Approve | LicenceAction::ApproveVariation => {
                    row.approved_by = Some(actor.user_id);
                    row.approved_at = Some(now);
                }
                _ => {}
            }
            let event = LicenceEvent::from(action);
            let mut status = next;
            let mut detail = json!({"from": from.code(), "to": next.code()});
            if action == LicenceAction::ApproveVariation {
                // The variation comes into force now; the version it varies ends.
                status = transition(next, LicenceAction::Activate, &context(actor, &row))
                    .map_err(transition_error)?;
                if let Some(old) = rows
                    .iter()
                    .find(|r| r.licence_id == row.licence_id && r.id != row.id && r.status == LicenceStatus::Active)
                {
                    let plain = |r: &LicenceRow| -> Result<Vec<Condition>, AppError> {
                        Ok(conditions_of(r)?.into_iter().map(|c| c.condition).collect())
                    };
                    detail["changes"] = json!(diff(&plain(old)?, &plain(&row)?));
                    let mut ended = old.clone();
                    ended.status = transition(LicenceStatus::Active, LicenceAction::Deactivate, &context(actor, old))
                        .map_err(transition_error)?;
                    self.save_licence(w, &cap, ended, old.version, LicenceEvent::ReplacedByVariation, reason, json!({"variation": row.id}))
                        .await?;
                }
                detail["to"] = json!(status.code());
            }
            row.status = status;
            self.save_licence(w, &cap, row, expected_version, event, reason, detail)
                .await
        })
        .await
    }
}
