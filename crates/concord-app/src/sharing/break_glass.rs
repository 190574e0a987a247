//! Break-glass: a named role opens a record outside its relationships, giving a reason,
//! for [`BREAK_GLASS_HOURS`](super::BREAK_GLASS_HOURS); the opening is flagged on the record
//! and queued for the owning agency's information governance lead, who reviews it.

use chrono::Duration;
use concord_authz::{Action, Actor, Resource, ResourceKind};
use concord_domain::BreakGlassId;
use concord_domain::UserId;
use concord_domain::{FieldError, PersonId, ValidationErrors};
use concord_store::audit::AuditKind;
use concord_store::{
    break_glass_by_id, break_glass_for_review, insert_break_glass, names_for_review,
    review_break_glass, BreakGlassRow,
};
use serde::Serialize;

use crate::access::Note;
use crate::person::take;
use crate::{AppError, Sharing};

use super::BREAK_GLASS_HOURS;

impl Sharing<'_> {
    /// Open a record outside one's relationships, giving a reason. Lasts
    /// [`BREAK_GLASS_HOURS`]; flagged on the record; queued for review.
    pub async fn break_glass(
        &self,
        actor: &Actor,
        person: PersonId,
        reason: &str,
    ) -> Result<BreakGlassId, AppError> {
        self.run(actor, async |w| {
            let resource = w.resource(person).await?;
            let owner = resource.owning_agency.ok_or(AppError::NotFound)?;
            let cap = w.decide( Action::Create, &Resource::break_glass(person, owner))?;
            let mut errors = ValidationErrors::new();
            let reason = take(&mut errors, concord_domain::required_multiline_text("reason", "why you need to open this record", reason, 1000));
            let reason = match reason {
                Some(r) if r.chars().count() >= 10 => r,
                Some(_) => return Err(AppError::field("reason", "too_short", "Give the reason in at least 10 characters: it is reviewed by information governance")),
                None => return Err(AppError::Validation(errors)),
            };
            let now = self.clock.now();
            let id = BreakGlassId::new();
            insert_break_glass(w.tx(), &cap, &BreakGlassRow {
                id,
                person_id: person,
                user_id: actor.user_id,
                agency_id: actor.agency_id,
                owning_agency_id: owner,
                reason: reason.clone(),
                opened_at: now,
                expires_at: now + Duration::hours(BREAK_GLASS_HOURS),
                review_outcome: None,
                reviewed_by: None,
                reviewed_at: None,
                review_note: None,
            })
            .await?;
            w.record( self.event(actor, AuditKind::Consultation, Action::Read, ResourceKind::BreakGlass, Some(person.0), "opened the record by break-glass", Note {
                purpose: Some(reason),
                detail: Some(serde_json::json!({"break_glass_id": id})),
                ..Note::default()
            }));
            Ok(id)
        })
        .await
    }

    /// The owning agency's break-glass accesses, unreviewed first.
    pub async fn break_glass_queue(
        &self,
        actor: &Actor,
    ) -> Result<Vec<BreakGlassReview>, AppError> {
        // The queue names people, so reading it is a consultation in the audit chain:
        // a writing transaction, not `begin_read`.
        self.run(actor, async |w| {
            let cap = w.decide(
                Action::Read,
                &Resource::other(ResourceKind::AccessReview, Some(actor.agency_id)),
            )?;
            let rows = break_glass_for_review(w.tx(), &cap, actor.agency_id, 200).await?;
            let mut people: Vec<PersonId> = rows.iter().map(|r| r.person_id).collect();
            people.sort();
            people.dedup();
            let names = names_for_review(w.tx(), &cap, &people).await?;
            w.record(self.event(
                actor,
                AuditKind::Consultation,
                Action::Read,
                ResourceKind::AccessReview,
                None,
                "viewed the break-glass review queue",
                Note::detail(serde_json::json!({"persons": people})),
            ));
            let staff: Vec<UserId> = rows
                .iter()
                .flat_map(|r| [Some(r.user_id), r.reviewed_by])
                .flatten()
                .collect();
            let n = crate::person::Names::load(w.tx(), &staff).await?;
            Ok(rows
                .into_iter()
                .map(|r| BreakGlassReview {
                    id: r.id,
                    person: names
                        .iter()
                        .find(|(id, _, _)| *id == r.person_id)
                        .map(|(_, g, f)| format!("{g} {f}"))
                        .unwrap_or_default(),
                    staff: n.user(Some(r.user_id)),
                    agency: n.agency(r.agency_id),
                    reason: r.reason,
                    opened_at: r.opened_at,
                    outcome: r.review_outcome,
                    reviewed_by: r.reviewed_by.map(|u| n.user(Some(u))),
                    review_note: r.review_note,
                })
                .collect())
        })
        .await
    }

    /// Mark a break-glass access justified or not, with a note.
    pub async fn review_break_glass(
        &self,
        actor: &Actor,
        id: BreakGlassId,
        justified: Option<bool>,
        note: &str,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            // The permission first, so that someone without it cannot tell a real
            // break-glass id from a made-up one; then the owning agency of this one.
            w.decide(
                Action::Change,
                &Resource::other(ResourceKind::AccessReview, None),
            )?;
            let row = break_glass_by_id(w.tx(), id)
                .await?
                .ok_or(AppError::NotFound)?;
            let cap = w.decide(
                Action::Change,
                &Resource::other(ResourceKind::AccessReview, Some(row.owning_agency_id)),
            )?;
            let mut errors = ValidationErrors::new();
            if justified.is_none() {
                errors.push(FieldError::new(
                    "outcome",
                    "required",
                    "Select whether the access was justified",
                ));
            }
            let note = take(
                &mut errors,
                concord_domain::required_multiline_text(
                    "note",
                    "a note on the decision",
                    note,
                    1000,
                ),
            );
            let (Some(justified), Some(note)) = (justified, note) else {
                return Err(AppError::Validation(errors));
            };
            let outcome = if justified {
                "justified"
            } else {
                "not justified"
            };
            if !review_break_glass(
                w.tx(),
                &cap,
                id,
                outcome,
                actor.user_id,
                &note,
                self.clock.now(),
            )
            .await?
            {
                return Err(AppError::field(
                    "outcome",
                    "already_reviewed",
                    "This access has already been reviewed",
                ));
            }
            w.record(self.event(
                actor,
                AuditKind::Alteration,
                Action::Change,
                ResourceKind::AccessReview,
                Some(row.person_id.as_uuid()),
                &format!("reviewed a break-glass access: {outcome}"),
                Note {
                    purpose: Some(note),
                    detail: Some(serde_json::json!({"break_glass_id": id})),
                    ..Note::default()
                },
            ));
            Ok(())
        })
        .await
    }
}

/// One line of the information governance lead's review queue.
#[derive(Debug, Clone, Serialize)]
pub struct BreakGlassReview {
    pub id: BreakGlassId,
    pub person: String,
    pub staff: String,
    pub agency: String,
    pub reason: String,
    pub opened_at: chrono::DateTime<chrono::Utc>,
    pub outcome: Option<String>,
    pub reviewed_by: Option<String>,
    pub review_note: Option<String>,
}
