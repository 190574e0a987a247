//! Transfer of a MAPPA case to another MAPPA area (issue 7 item 10): MAPPA staff send the
//! case bundle (chronology, MAPPA decisions, minutes, actions and — only if they may read
//! the victim section — the victims), the spell ends as transferred, a `transfer`
//! decision is written, and the bundle's SHA-256 is kept with it. The transfer is a
//! disclosure to the receiving area in the audit chain.

use chrono::NaiveDate;
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::MappaDecisionId;
use concord_domain::{FieldError, PersonId, TransferId, ValidationErrors};
use concord_store::audit::AuditKind;
use concord_store::{MappaDecisionRow, TransferRow};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::require_text;
use crate::access::Note;
use crate::kernel::Work;
use crate::{AppError, Oversight};

#[derive(Debug, Clone, Default)]
pub struct TransferForm {
    pub to_area: String,
    pub reason: String,
}

/// What the transfer produced: the bundle to send, as JSON, and its digest.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TransferOutcome {
    pub id: TransferId,
    pub to_area: String,
    pub bundle_json: String,
    pub bundle_sha256: String,
    pub victim_information_included: bool,
    /// What the bundle says about victim information.
    pub victim_information: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TransferView {
    pub id: TransferId,
    pub from_area: String,
    pub to_area: String,
    pub reason: String,
    pub transferred_on: NaiveDate,
    pub bundle_sha256: String,
}

impl Oversight<'_> {
    /// Transfer the person's open MAPPA spell to `form.to_area`.
    pub async fn transfer_mappa_case(
        &self,
        actor: &Actor,
        person: PersonId,
        form: &TransferForm,
    ) -> Result<TransferOutcome, AppError> {
        let mut errors = ValidationErrors::new();
        let to_area = form.to_area.trim().to_string();
        require_text(
            &mut errors,
            "to_area",
            &to_area,
            "the MAPPA area receiving the case",
        );
        if to_area.eq_ignore_ascii_case(self.settings.mappa.area.trim()) {
            errors.push(FieldError::new(
                "to_area",
                "same_area",
                format!(
                    "The case is already in {}: choose another MAPPA area",
                    self.settings.mappa.area
                ),
            ));
        }
        if to_area.chars().count() > 100 {
            errors.push(FieldError::new(
                "to_area",
                "too_long",
                "The area name must be 100 characters or fewer",
            ));
        }
        require_text(
            &mut errors,
            "reason",
            &form.reason,
            "why the case is transferred",
        );
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let reason = form.reason.trim().to_string();
        self.run(actor, async |w| {
            self.require_mappa_staff(
                actor,
                Action::Change,
                person,
                "only those who run MAPPA transfer a case to another area",
            )?;
            let cap = w.person( Action::Change, person, SectionSet::one(Section::Management))
                .await?;
            let spells = concord_store::mappa_records_of(w.tx(), &cap, person).await?;
            let Some(mut spell) = spells
                .into_iter()
                .find(|r| r.status.is_open())
            else {
                return Err(AppError::field(
                    "to_area",
                    "no_open_case",
                    "The person has no open MAPPA case to transfer",
                ));
            };
            let purpose = format!("transfer of the MAPPA case to {to_area}");
            let (bundle, sections) = self
                .build_bundle(w.tx(), actor, person, &purpose, true)
                .await?;
            let bundle_json = serde_json::to_string_pretty(&bundle)
                .map_err(|e| AppError::Internal(e.to_string()))?;
            let sha = hex::encode(Sha256::digest(bundle_json.as_bytes()));
            let today = self.clock.today();
            let now = self.clock.now();
            let id = Uuid::now_v7();
            concord_store::insert_transfer(
                w.tx(),
                &cap,
                &TransferRow {
                    id: TransferId(id),
                    person_id: person,
                    record_id: spell.id,
                    from_area: spell.area.clone(),
                    to_area: to_area.clone(),
                    reason: reason.clone(),
                    transferred_on: today,
                    transferred_by: actor.user_id,
                    bundle_sha256: sha.clone(),
                    bundle: bundle_json.clone(),
                    created_at: now,
                },
            )
            .await?;
            spell.status = concord_mappa::MappaStatus::Transferred;
            spell.ended_on = Some(today);
            spell.end_reason = Some(format!("Transferred to {to_area}: {reason}"));
            spell.next_review_on = None;
            spell.end_prompt_on = None;
            spell.updated_at = now;
            concord_store::update_mappa_record(w.tx(), &cap, &spell).await?;
            // The receiving area screens any referral still awaiting it.
            concord_store::withdraw_mappa_referrals(w.tx(), &cap, person).await?;
            concord_store::insert_mappa_decision(
                w.tx(),
                &cap,
                &MappaDecisionRow {
                    id: MappaDecisionId::new(),
                    record_id: spell.id,
                    person_id: person,
                    kind: concord_mappa::DecisionKind::Transfer,
                    level: Some(spell.level),
                    rationale: format!("Transferred to {to_area}: {reason}"),
                    critical_public_protection: spell.critical_public_protection,
                    decided_on: today,
                    decided_by: actor.user_id,
                    next_review_on: None,
                    created_at: now,
                },
            )
            .await?;
            let included = bundle.victims.is_some();
            w.audit(
                AuditKind::Disclosure,
                Action::Disclose,
                Some(person.0),
                "transferred the MAPPA case to another area",
                Note {
                    sections: Some(sections),
                    purpose: Some(purpose),
                    recipient: Some(format!("MAPPA area: {to_area}")),
                    detail: Some(json!({"transfer": id, "bundle_sha256": sha, "victim_information_included": included})),
                },
            );
            Ok(TransferOutcome {
                id: TransferId(id),
                to_area,
                bundle_json,
                bundle_sha256: sha,
                victim_information_included: included,
                victim_information: bundle.victim_information,
            })
        })
        .await
    }

    /// A person's transfers, newest first.
    pub async fn transfers(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<Vec<TransferView>, AppError> {
        self.run(actor, async |w| self.transfers_in(w, person).await)
            .await
    }

    /// [`Self::transfers`] within a unit of work (a page that shows it with other parts).
    pub(crate) async fn transfers_in(
        &self,
        w: &mut Work<'_>,
        person: PersonId,
    ) -> Result<Vec<TransferView>, AppError> {
        let cap = w
            .person(Action::Read, person, SectionSet::one(Section::Management))
            .await?;
        let rows = concord_store::transfers_of(w.tx(), &cap, person).await?;
        w.audit(
            AuditKind::Consultation,
            Action::Read,
            Some(person.0),
            "viewed the MAPPA transfers",
            Note::sections(cap.sections()),
        );
        Ok(rows
            .into_iter()
            .map(|r| TransferView {
                id: r.id,
                from_area: r.from_area,
                to_area: r.to_area,
                reason: r.reason,
                transferred_on: r.transferred_on,
                bundle_sha256: r.bundle_sha256,
            })
            .collect())
    }

    /// The bundle of one transfer as it was sent (JSON), for the sending area's record.
    pub async fn transfer_bundle(
        &self,
        actor: &Actor,
        person: PersonId,
        transfer: TransferId,
    ) -> Result<String, AppError> {
        self.run(actor, async |w| {
            let cap = w
                .person(Action::Read, person, SectionSet::one(Section::Management))
                .await?;
            let rows = concord_store::transfers_of(w.tx(), &cap, person).await?;
            let Some(row) = rows.into_iter().find(|r| r.id == transfer) else {
                return Err(AppError::NotFound);
            };
            // The bundle may hold victim information: only those who may read it see it.
            let holds_victims = serde_json::from_str::<serde_json::Value>(&row.bundle)
                .ok()
                .and_then(|b| b.get("victims").map(serde_json::Value::is_array))
                .unwrap_or(true);
            if holds_victims {
                w.person(Action::Read, person, SectionSet::one(Section::Victim))
                    .await?;
            }
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                Some(person.0),
                "viewed the bundle of a MAPPA transfer",
                Note {
                    sections: Some(cap.sections()),
                    detail: Some(json!({"transfer": transfer})),
                    ..Note::default()
                },
            );
            Ok(row.bundle)
        })
        .await
    }
}
