//! Sharing a case's minutes onward: someone who received them asks to share them beyond
//! their agency (recipient and purpose); only the meeting's chair grants or refuses, and a
//! grant is a disclosure naming the recipient (MAPPA D).

use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{FieldError, MeetingId, OnwardShareId, PersonId, ValidationErrors};
use concord_mappa::{MinutesStatus, OnwardShareStatus};
use concord_store::audit::AuditKind;
use concord_store::OnwardShareRow;
use uuid::Uuid;

use crate::access::Note;
use crate::{AppError, Meetings};

impl Meetings<'_> {
    /// Someone who received the minutes asks to share them beyond their agency.
    pub async fn request_onward_sharing(
        &self,
        actor: &Actor,
        meeting: MeetingId,
        person: PersonId,
        recipient: &str,
        purpose: &str,
    ) -> Result<OnwardShareId, AppError> {
        let mut errors = ValidationErrors::new();
        let recipient = recipient.trim();
        let purpose = purpose.trim();
        if recipient.is_empty() {
            errors.push(FieldError::new(
                "recipient",
                "required",
                "Enter who the minutes would be shared with",
            ));
        }
        if purpose.is_empty() {
            errors.push(FieldError::new(
                "purpose",
                "required",
                "Enter why they need the minutes",
            ));
        }
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        self.run(actor, async |w| {
            let (m, cap) = self
                .minutes_context(w.tx(), actor, meeting, person, Action::Read)
                .await?;
            let distributed = concord_store::minutes_versions(w.tx(), &cap, m.id, person)
                .await?
                .into_iter()
                .rfind(|r| r.status == MinutesStatus::Distributed)
                .ok_or_else(|| {
                    AppError::field(
                        "recipient",
                        "not_distributed",
                        "The minutes have not been distributed",
                    )
                })?;
            if !self
                .present_attendees(w.tx(), m.id)
                .await?
                .contains(&actor.user_id)
            {
                return Err(AppError::field(
                    "recipient",
                    "not_a_recipient",
                    "Only those who received the minutes may ask to share them onward",
                ));
            }
            let id = Uuid::now_v7();
            concord_store::insert_onward_share(
                w.tx(),
                &cap,
                &OnwardShareRow {
                    id: OnwardShareId(id),
                    minutes_id: distributed.id,
                    person_id: person,
                    requested_by: actor.user_id,
                    recipient: recipient.into(),
                    purpose: purpose.into(),
                    status: OnwardShareStatus::Requested,
                    decided_by: None,
                    decided_at: None,
                    created_at: self.clock.now(),
                },
            )
            .await?;
            w.audit(
                AuditKind::Collection,
                Action::Read,
                Some(person.0),
                "asked the chair to share MAPP meeting minutes onward",
                Note {
                    purpose: Some(purpose.into()),
                    recipient: Some(recipient.into()),
                    detail: Some(serde_json::json!({"meeting": m.id, "onward_share": id})),
                    ..Note::default()
                },
            );
            Ok(OnwardShareId(id))
        })
        .await
    }

    /// The chair grants or refuses a request to share the minutes onward. A grant is a
    /// disclosure naming the recipient.
    pub async fn decide_onward_sharing(
        &self,
        actor: &Actor,
        meeting: MeetingId,
        person: PersonId,
        request: OnwardShareId,
        grant: bool,
    ) -> Result<(), AppError> {
        self.run_refusable(
            actor,
            person,
            &["not_chair"],
            "deciding onward sharing",
            async |w| {
                let (m, cap) = self
                    .minutes_context(w.tx(), actor, meeting, person, Action::Read)
                    .await?;
                let chair = actor.user_id == m.chair_id;
                // The chair's own decision is the permission the rule asks for.
                if let Err(e) = concord_mappa::check_minutes_approver(
                    &actor.user_id.to_string(),
                    &m.chair_id.to_string(),
                ) {
                    return Err(AppError::field(
                        "decision",
                        e.code(),
                        "Only the chair of the meeting decides onward sharing",
                    ));
                }
                let mut row = concord_store::onward_shares(w.tx(), &cap, m.id, person)
                    .await?
                    .into_iter()
                    .find(|o| o.id == request)
                    .ok_or(AppError::NotFound)?;
                let allowed = concord_mappa::check_onward_sharing(false, chair && grant).is_ok();
                let change = w
                    .person(Action::Change, person, SectionSet::one(Section::Management))
                    .await?;
                row.status = if allowed {
                    OnwardShareStatus::Granted
                } else {
                    OnwardShareStatus::Refused
                };
                row.decided_by = Some(actor.user_id);
                row.decided_at = Some(self.clock.now());
                if !concord_store::decide_onward_share(w.tx(), &change, &row).await? {
                    return Err(AppError::field(
                        "decision",
                        "already_decided",
                        "This request has already been decided",
                    ));
                }
                let (kind, what) = if allowed {
                    (
                        AuditKind::Disclosure,
                        "granted onward sharing of MAPP meeting minutes",
                    )
                } else {
                    (
                        AuditKind::Alteration,
                        "refused onward sharing of MAPP meeting minutes",
                    )
                };
                w.audit(
                    kind,
                    Action::Share,
                    Some(person.0),
                    what,
                    Note {
                        purpose: Some(row.purpose.clone()),
                        recipient: Some(row.recipient.clone()),
                        detail: Some(serde_json::json!({"meeting": m.id, "onward_share": row.id})),
                        ..Note::default()
                    },
                );
                Ok(())
            },
        )
        .await
    }
}
