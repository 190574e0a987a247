//! Deciding a proposed move: the receiving organisation's manager accepts (naming the
//! officer who takes the case) or declines with a reason; the sending organisation
//! withdraws with a reason. The status is checked in the update itself, so two managers
//! deciding at once cannot both move the case.

use concord_authz::{Action, Actor, Permission, Section, SectionSet};
use concord_domain::{DomainEvent, DomainEventType, FieldError, PersonId, UserId};
use concord_domain::{ResponsibilityStatus, ResponsibilityTransferId, ValidationErrors};
use concord_store::audit::AuditKind;
use concord_store::{Move, ResponsibilityTransferRow};
use serde::Deserialize;
use serde_json::json;

use crate::access::Note;
use crate::kernel::Work;
use crate::person::take;
use crate::{AppError, Responsibility};

/// The decision form: the officer who takes the case (accepting), or the reason
/// (declining or withdrawing).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DecisionInput {
    #[serde(default)]
    pub officer: String,
    #[serde(default)]
    pub note: String,
}

/// Which side may take which decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Receiving,
    Sending,
}

impl Responsibility<'_> {
    /// Accept: the case moves to `input.officer` of the receiving organisation.
    pub async fn accept_transfer(
        &self,
        actor: &Actor,
        person: PersonId,
        id: ResponsibilityTransferId,
        input: &DecisionInput,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            let (cap, mut row) = self.open_for(w, person, id, Side::Receiving).await?;
            let candidates =
                concord_store::case_holders_of_agency(w.tx(), &cap, person, row.to_agency_id)
                    .await?;
            let chosen = input
                .officer
                .trim()
                .parse::<uuid::Uuid>()
                .ok()
                .and_then(|u| candidates.iter().find(|c| c.0 == UserId(u)));
            let Some((officer, officer_name, team)) = chosen.cloned() else {
                return Err(AppError::Validation(ValidationErrors::from(
                    FieldError::new(
                        "officer",
                        if input.officer.trim().is_empty() {
                            "required"
                        } else {
                            "not_case_holder"
                        },
                        "Choose the officer of your organisation who takes the case on",
                    ),
                )));
            };
            let now = self.clock.now();
            let by = w.actor().user_id;
            let moved = concord_store::move_responsibility(
                w.tx(),
                &cap,
                &Move {
                    person,
                    from_agency: row.from_agency_id,
                    to_agency: row.to_agency_id,
                    officer,
                    officer_name,
                    officer_team: team,
                    by,
                    today: self.clock.today(),
                    at: now,
                },
            )
            .await?;
            row.status = ResponsibilityStatus::Accepted;
            row.decided_by = Some(w.actor().user_id);
            row.decided_at = Some(now);
            row.decision_note = Some(input.note.trim().to_string()).filter(|n| !n.is_empty());
            row.allocated_to = Some(officer);
            row.moved = Some(json!(moved).to_string());
            if !concord_store::decide_responsibility_transfer(w.tx(), &cap, &row).await? {
                return Err(AppError::Conflict);
            }
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(person.0),
                "accepted a transfer of responsibility: the case moved",
                Note {
                    sections: Some(SectionSet::one(Section::Management)),
                    detail: Some(json!({
                        "transfer": id, "from_agency": row.from_agency_id,
                        "to_agency": row.to_agency_id, "officer": officer, "moved": moved,
                    })),
                    ..Note::default()
                },
            );
            w.raise(
                DomainEvent::new(DomainEventType::PersonResponsibilityTransferred, person)
                    .with("transferId", id)
                    .with("fromAgencyId", row.from_agency_id)
                    .with("toAgencyId", row.to_agency_id),
            );
            Ok(())
        })
        .await
    }

    /// Decline (the receiving organisation) or withdraw (the sending one), with a reason.
    pub async fn close_transfer(
        &self,
        actor: &Actor,
        person: PersonId,
        id: ResponsibilityTransferId,
        withdraw: bool,
        input: &DecisionInput,
    ) -> Result<(), AppError> {
        let mut errors = ValidationErrors::new();
        let note = take(
            &mut errors,
            concord_domain::required_multiline_text(
                "note",
                if withdraw {
                    "why the proposal is withdrawn"
                } else {
                    "why the case is not taken on"
                },
                &input.note,
                2000,
            ),
        );
        self.run(actor, async |w| {
            let side = if withdraw {
                Side::Sending
            } else {
                Side::Receiving
            };
            let (cap, mut row) = self.open_for(w, person, id, side).await?;
            let Some(note) = note.clone() else {
                return Err(AppError::Validation(errors.clone()));
            };
            row.status = if withdraw {
                ResponsibilityStatus::Withdrawn
            } else {
                ResponsibilityStatus::Declined
            };
            row.decided_by = Some(w.actor().user_id);
            row.decided_at = Some(self.clock.now());
            row.decision_note = Some(note.clone());
            if !concord_store::decide_responsibility_transfer(w.tx(), &cap, &row).await? {
                return Err(AppError::Conflict);
            }
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(person.0),
                if withdraw {
                    "withdrew a proposed transfer of responsibility"
                } else {
                    "declined a proposed transfer of responsibility"
                },
                Note {
                    sections: Some(SectionSet::one(Section::Management)),
                    purpose: Some(note),
                    detail: Some(json!({"transfer": id})),
                    ..Note::default()
                },
            );
            Ok(())
        })
        .await
    }

    /// The open proposal `id` of `person`, and the capability to decide it, for `side`:
    /// the receiving organisation's managers, or the sending organisation's case team
    /// and managers. Anyone else is refused, and the refusal audited.
    async fn open_for(
        &self,
        w: &mut Work<'_>,
        person: PersonId,
        id: ResponsibilityTransferId,
        side: Side,
    ) -> Result<(concord_authz::Capability, ResponsibilityTransferRow), AppError> {
        let cap = w
            .person(Action::Change, person, SectionSet::one(Section::Management))
            .await?;
        let row = concord_store::responsibility_transfers(w.tx(), &cap, person)
            .await?
            .into_iter()
            .find(|r| r.id == id)
            .ok_or(AppError::NotFound)?;
        let actor = w.actor();
        let allowed = match side {
            Side::Receiving => {
                actor.agency_id == row.to_agency_id && actor.has(Permission::AgencyOversight)
            }
            Side::Sending => actor.agency_id == row.from_agency_id,
        };
        if !allowed {
            return Err(self.refuse(
                actor,
                Action::Change,
                person,
                match side {
                    Side::Receiving => {
                        "only the receiving organisation's managers decide a transfer"
                    }
                    Side::Sending => "only the sending organisation withdraws a transfer",
                },
            ));
        }
        if row.status != ResponsibilityStatus::Proposed {
            return Err(AppError::Conflict);
        }
        Ok((cap, row))
    }
}
