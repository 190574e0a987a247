//! One step of a referral's lifecycle, the same way every time: decide on the person's
//! interventions section, read the referral (a provider: only its own), check who may
//! take the step and that the referral stands where the step starts, then write the new
//! state only if no one moved it meanwhile, end the provider's access when the referral
//! ends, and audit.

use concord_authz::{Action, Capability, ResourceKind, Section, SectionSet};
use concord_domain::{FieldError, PersonId, ServiceReferralId, ValidationErrors};
use concord_partners::{ReferralStatus, Step};
use concord_store::audit::AuditKind;
use concord_store::ServiceReferralRow;

use crate::access::Note;
use crate::kernel::Work;
use crate::{AppError, Partners};

/// A step under way: the referral as read, where it stood, and the capability.
pub(super) struct Stepping {
    pub row: ServiceReferralRow,
    pub from: ReferralStatus,
    pub cap: Capability,
}

impl Partners<'_> {
    /// Start `step` on the referral: the row comes back with its status already moved.
    pub(super) async fn begin_step(
        &self,
        w: &mut Work<'_>,
        person: PersonId,
        id: ServiceReferralId,
        step: Step,
    ) -> Result<Stepping, AppError> {
        let actor = w.actor();
        let by_provider = !actor.agency_kind.is_responsible_authority();
        let cap = match w
            .person(
                Action::Change,
                person,
                SectionSet::one(Section::Interventions),
            )
            .await
        {
            Ok(cap) => cap,
            Err(AppError::Denied { audit, .. }) if by_provider => {
                // The provider's access ended with the referral: say so, not "not found".
                let ended = concord_store::ended_for_provider(w.tx(), id, actor.agency_id).await?;
                return Err(AppError::Denied {
                    reason: match ended {
                        Some((ReferralStatus::Declined, _)) => {
                            "the referral was declined: nothing more can be recorded on it"
                        }
                        Some(_) => "the referral has ended: nothing more can be recorded on it",
                        None => "the actor has no relationship with this person",
                    },
                    conceal: ended.is_none(),
                    audit,
                });
            }
            Err(e) => return Err(e),
        };
        let mut row = concord_store::service_referral(w.tx(), &cap, person, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let side_ok = step == Step::Withdraw || step.by_provider() == by_provider;
        if !side_ok {
            let reason = if step.by_provider() {
                "only the provider takes this step on a referral"
            } else {
                "only probation takes this step on a referral"
            };
            return Err(AppError::Denied {
                reason,
                // The actor sees the referral; hiding it would only confuse.
                conceal: false,
                audit: Box::new(self.event(
                    actor,
                    AuditKind::Denied,
                    Action::Change,
                    ResourceKind::Person,
                    Some(person.0),
                    reason,
                    Note::default(),
                )),
            });
        }
        let from = row.status;
        let next = step.from(from).map_err(|why| {
            let mut errors = ValidationErrors::new();
            let why = match row.closed_on {
                Some(on) => format!(
                    "{why} (it was closed on {})",
                    concord_domain::format_date(on)
                ),
                None => why,
            };
            errors.push(FieldError::new("status", "wrong_status", capital(&why)));
            AppError::Validation(errors)
        })?;
        row.status = next;
        row.updated_at = self.clock.now();
        Ok(Stepping { row, from, cap })
    }

    /// Write the step, end the provider's access if the referral ended, and audit it.
    pub(super) async fn finish_step(
        &self,
        w: &mut Work<'_>,
        s: Stepping,
        what: &str,
        detail: serde_json::Value,
    ) -> Result<(), AppError> {
        concord_store::update_service_referral(w.tx(), &s.cap, &s.row, s.from).await?;
        if !s.row.status.gives_access() {
            if let Some(access) = s.row.access_referral_id {
                concord_store::close_access_referral(
                    w.tx(),
                    &s.cap,
                    s.row.person_id,
                    access,
                    self.clock.today(),
                )
                .await?;
            }
        }
        let mut detail = detail;
        if let Some(map) = detail.as_object_mut() {
            map.insert("service_referral_id".into(), serde_json::json!(s.row.id));
            map.insert("status".into(), serde_json::json!(s.row.status.code()));
        }
        w.audit(
            AuditKind::Alteration,
            Action::Change,
            Some(s.row.person_id.0),
            what,
            Note {
                sections: Some(SectionSet::one(Section::Interventions)),
                detail: Some(detail),
                ..Note::default()
            },
        );
        Ok(())
    }
}

pub(super) fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
