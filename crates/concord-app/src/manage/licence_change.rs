//! Changing a licence: drafting it with the standard conditions, adding, changing and
//! removing conditions while it is a draft, and variations — a new version whose changes
//! are recorded condition by condition (the status lifecycle is `licence_decision`). Every change is a licence event (who, when, why) and
//! an audit entry.

use std::collections::BTreeMap;

use concord_authz::{Action, Actor, Capability, Section, SectionSet};
use concord_domain::{DomainEvent, FieldError, PersonId, ValidationErrors};
use concord_domain::{LicenceEventId, LicenceId, LicenceVersionId, ZoneId};
use concord_licence::{
    transition, Condition, ConditionKind, LicenceAction, LicenceEvent, LicenceStatus, ParamKind,
    PolicyVersion,
};
use concord_store::audit::AuditKind;
use concord_store::{LicenceEventRow, LicenceRow, Tx};
use serde_json::json;
use uuid::Uuid;

use super::licence::{
    check_dates, conditions_of, context, is_editable, period_of, wording, LicenceForm,
    StoredCondition,
};
use crate::access::Note;
use crate::kernel::Work;
use crate::{AppError, Manage};

/// A condition as a form posts it: its catalogue code and parameter values.
#[derive(Debug, Clone, Default)]
pub struct ConditionForm {
    pub code: String,
    pub params: BTreeMap<String, String>,
}

pub(super) fn refused(field: &str, code: &'static str, message: impl Into<String>) -> AppError {
    AppError::Validation(ValidationErrors::from(FieldError::new(
        field, code, message,
    )))
}

pub(super) fn transition_error(e: concord_licence::TransitionError) -> AppError {
    refused("status", e.code, e.message)
}

impl Manage<'_> {
    pub(super) async fn licence_cap(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        action: Action,
        person: PersonId,
    ) -> Result<Capability, AppError> {
        self.authorize_person(tx, actor, action, person, SectionSet::one(Section::Licence))
            .await
    }

    pub(super) async fn licence_version(
        &self,
        tx: &mut Tx,
        cap: &Capability,
        person: PersonId,
        id: LicenceVersionId,
    ) -> Result<(LicenceRow, Vec<LicenceRow>), AppError> {
        let rows = concord_store::licences_of(tx, cap, person).await?;
        let row = rows
            .iter()
            .find(|r| r.id == id)
            .cloned()
            .ok_or(AppError::NotFound)?;
        Ok((row, rows))
    }

    /// Save a version and record what happened to it.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn save_licence(
        &self,
        w: &mut Work<'_>,
        cap: &Capability,
        mut row: LicenceRow,
        expected_version: i64,
        event: LicenceEvent,
        reason: &str,
        detail: serde_json::Value,
    ) -> Result<(), AppError> {
        row.version = expected_version + 1;
        if !concord_store::update_licence(w.tx(), cap, &row, expected_version).await? {
            return Err(AppError::Conflict);
        }
        self.licence_event(w, cap, &row, event, reason, detail)
            .await
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn licence_event(
        &self,
        w: &mut Work<'_>,
        cap: &Capability,
        row: &LicenceRow,
        event: LicenceEvent,
        reason: &str,
        detail: serde_json::Value,
    ) -> Result<(), AppError> {
        let actor = w.actor();
        concord_store::insert_licence_event(
            w.tx(),
            cap,
            &LicenceEventRow {
                id: LicenceEventId::new(),
                licence_id: row.licence_id,
                version_id: row.id,
                person_id: row.person_id,
                event,
                reason: reason.into(),
                detail: detail.clone(),
                by_user: actor.user_id,
                at: self.clock.now(),
            },
        )
        .await?;
        w.audit(
            AuditKind::Alteration,
            Action::Change,
            Some(row.person_id.as_uuid()),
            &format!("licence: {}", event.code().replace('_', " ")),
            Note {
                sections: Some(SectionSet::one(Section::Licence)),
                detail: Some(
                    json!({"licence": row.licence_id, "version": row.id, "detail": detail}),
                ),
                ..Note::default()
            },
        );
        w.raise(
            DomainEvent::new(crate::events::of_licence_event(event), row.person_id)
                .with("licenceId", row.licence_id.as_uuid())
                .with("versionId", row.id.as_uuid())
                .with("event", event.code())
                .with("status", row.status.code()),
        );
        Ok(())
    }

    /// Draft a licence with the standard conditions of its type. One licence at a time:
    /// a person with a licence in progress or in force gets a variation instead.
    pub async fn create_licence(
        &self,
        actor: &Actor,
        person: PersonId,
        form: &LicenceForm,
    ) -> Result<LicenceVersionId, AppError> {
        self.run(actor, async |w| {
            // Change, not create: drafting reads the person's other licences first.
            let cap = self.licence_cap(w.tx(), actor, Action::Change, person).await?;
            let d = check_dates(form).map_err(AppError::Validation)?;
            let existing = concord_store::licences_of(w.tx(), &cap, person).await?;
            for r in &existing {
                if !matches!(
                    r.status,
                    LicenceStatus::Inactive
                        | LicenceStatus::Rejected
                        | LicenceStatus::Recalled
                        | LicenceStatus::VariationRejected
                        | LicenceStatus::VariationApproved
                ) {
                    return Err(refused(
                        "type_code",
                        "licence_exists",
                        "This person already has a licence in progress or in force: vary it instead",
                    ));
                }
            }
            let conditions: Vec<StoredCondition> =
                concord_licence::standard_conditions(d.type_code, PolicyVersion::CURRENT)
                    .into_iter()
                    .map(|spec| StoredCondition {
                        id: Uuid::now_v7(),
                        condition: Condition::of(spec),
                    })
                    .collect();
            let id = LicenceVersionId::new();
            let row = LicenceRow {
                id,
                licence_id: LicenceId(id.0),
                version_number: 1,
                person_id: person,
                agency_id: actor.agency_id,
                type_code: d.type_code,
                status: LicenceStatus::InProgress,
                policy_version: PolicyVersion::CURRENT.as_str().into(),
                release_date: d.release,
                licence_end_date: d.licence_end,
                sentence_end_date: d.sentence_end,
                top_up_end_date: d.top_up_end,
                hdc_start_date: d.hdc_start,
                hdc_end_date: d.hdc_end,
                responsible_officer: Some(actor.user_id),
                team_id: actor.team_id,
                conditions: json!(conditions),
                reason: String::new(),
                created_by: actor.user_id,
                created_at: self.clock.now(),
                submitted_by: None,
                submitted_at: None,
                approved_by: None,
                approved_at: None,
                version: 1,
            };
            concord_store::insert_licence(w.tx(), &cap, &row).await?;
            self.licence_event(w,
                &cap,
                &row,
                LicenceEvent::Created,
                "",
                json!({"standard_conditions": conditions.len()}),
            )
            .await?;
            Ok(id)
        })
        .await
    }

    /// Check a condition against the catalogue, the licence period and the person's zones.
    async fn checked_condition(
        &self,
        tx: &mut Tx,
        cap: &Capability,
        person: PersonId,
        row: &LicenceRow,
        form: &ConditionForm,
    ) -> Result<Condition, AppError> {
        let code = form.code.trim();
        let spec = concord_licence::find(code).ok_or_else(|| {
            refused(
                "code",
                "unknown_condition",
                "Choose a condition from the list",
            )
        })?;
        if spec.kind == ConditionKind::Standard {
            return Err(refused(
                "code",
                "standard_condition",
                "Standard conditions are on every licence already",
            ));
        }
        let condition = Condition {
            code: spec.code.into(),
            policy: spec.policy,
            params: form
                .params
                .iter()
                .filter(|(name, _)| spec.param(name).is_some())
                .map(|(k, v)| (k.clone(), v.trim().to_string()))
                .filter(|(_, v)| !v.is_empty())
                .collect(),
            victim_id: None,
        };
        let mut errors: Vec<FieldError> =
            concord_licence::validate_condition(&condition, &period_of(row))
                .err()
                .unwrap_or_default()
                .into_iter()
                .map(|e| FieldError::new(e.field, e.code, e.message))
                .collect();
        let zones = concord_store::zones_of(tx, cap, person).await?;
        for p in spec.params.iter().filter(|p| p.kind == ParamKind::Zone) {
            if let Some(v) = condition.value(p.name) {
                let known = v
                    .parse::<ZoneId>()
                    .ok()
                    .and_then(|id| zones.iter().find(|z| z.id == id && z.retired_at.is_none()));
                if known.is_none() {
                    errors.push(FieldError::new(
                        format!("params.{}", p.name),
                        "unknown_zone",
                        "Choose one of this person's zones (add the zone first)",
                    ));
                }
            }
        }
        if errors.is_empty() {
            Ok(condition)
        } else {
            Err(AppError::Validation(ValidationErrors { errors }))
        }
    }

    /// Add an additional or bespoke condition to a draft licence or variation.
    pub async fn add_licence_condition(
        &self,
        actor: &Actor,
        person: PersonId,
        version_id: LicenceVersionId,
        expected_version: i64,
        form: &ConditionForm,
    ) -> Result<Uuid, AppError> {
        self.run(actor, async |w| {
            let cap = self
                .licence_cap(w.tx(), actor, Action::Change, person)
                .await?;
            let (mut row, _) = self
                .licence_version(w.tx(), &cap, person, version_id)
                .await?;
            self.require_draft(&row)?;
            let condition = self
                .checked_condition(w.tx(), &cap, person, &row, form)
                .await?;
            let zones = self.zone_names(w.tx(), &cap, person).await?;
            let text = wording(&condition, &zones);
            let mut conditions = conditions_of(&row)?;
            let mut errors = ValidationErrors::new();
            if !crate::limits::at_most(
                &mut errors,
                "conditions",
                "conditions on one licence",
                conditions.len() + 1,
                crate::limits::MAX_LICENCE_CONDITIONS,
            ) {
                return Err(AppError::Validation(errors));
            }
            let id = Uuid::now_v7();
            conditions.push(StoredCondition { id, condition });
            row.conditions = json!(conditions);
            self.save_licence(
                w,
                &cap,
                row,
                expected_version,
                LicenceEvent::ConditionAdded,
                "",
                json!({"condition": id, "text": text}),
            )
            .await?;
            Ok(id)
        })
        .await
    }

    /// Change a condition's parameters in a draft licence or variation (a curfew's hours).
    pub async fn change_licence_condition(
        &self,
        actor: &Actor,
        person: PersonId,
        version_id: LicenceVersionId,
        expected_version: i64,
        condition_id: Uuid,
        form: &ConditionForm,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            let cap = self
                .licence_cap(w.tx(), actor, Action::Change, person)
                .await?;
            let (mut row, _) = self
                .licence_version(w.tx(), &cap, person, version_id)
                .await?;
            self.require_draft(&row)?;
            let mut conditions = conditions_of(&row)?;
            let at = conditions
                .iter()
                .position(|c| c.id == condition_id)
                .ok_or(AppError::NotFound)?;
            let mut form = form.clone();
            form.code = conditions[at].condition.code.clone();
            let condition = self
                .checked_condition(w.tx(), &cap, person, &row, &form)
                .await?;
            let zones = self.zone_names(w.tx(), &cap, person).await?;
            let before = wording(&conditions[at].condition, &zones);
            let after = wording(&condition, &zones);
            conditions[at].condition = condition;
            row.conditions = json!(conditions);
            self.save_licence(
                w,
                &cap,
                row,
                expected_version,
                LicenceEvent::ConditionChanged,
                "",
                json!({"condition": condition_id, "before": before, "after": after}),
            )
            .await
        })
        .await
    }

    /// Remove an additional or bespoke condition from a draft licence or variation.
    pub async fn remove_licence_condition(
        &self,
        actor: &Actor,
        person: PersonId,
        version_id: LicenceVersionId,
        expected_version: i64,
        condition_id: Uuid,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            let cap = self
                .licence_cap(w.tx(), actor, Action::Change, person)
                .await?;
            let (mut row, _) = self
                .licence_version(w.tx(), &cap, person, version_id)
                .await?;
            self.require_draft(&row)?;
            let mut conditions = conditions_of(&row)?;
            let at = conditions
                .iter()
                .position(|c| c.id == condition_id)
                .ok_or(AppError::NotFound)?;
            if conditions[at]
                .condition
                .spec()
                .is_some_and(|s| s.kind == ConditionKind::Standard)
            {
                return Err(refused(
                    "condition",
                    "standard_condition",
                    "Standard conditions are set by law and cannot be removed",
                ));
            }
            let zones = self.zone_names(w.tx(), &cap, person).await?;
            let text = wording(&conditions.remove(at).condition, &zones);
            row.conditions = json!(conditions);
            self.save_licence(
                w,
                &cap,
                row,
                expected_version,
                LicenceEvent::ConditionRemoved,
                "",
                json!({"condition": condition_id, "text": text}),
            )
            .await
        })
        .await
    }

    fn require_draft(&self, row: &LicenceRow) -> Result<(), AppError> {
        let status = row.status;
        if is_editable(status) {
            Ok(())
        } else {
            Err(refused(
                "status",
                "not_a_draft",
                format!(
                    "This licence is {}: only a licence or variation in progress can be changed. Start a variation to change it.",
                    status.words()
                ),
            ))
        }
    }

    /// Start varying the licence in force: a new version with the same conditions, to be
    /// changed, submitted and approved like the licence itself. The reason is required.
    pub async fn start_licence_variation(
        &self,
        actor: &Actor,
        person: PersonId,
        version_id: LicenceVersionId,
        reason: &str,
    ) -> Result<LicenceVersionId, AppError> {
        self.run(actor, async |w| {
            let cap = self
                .licence_cap(w.tx(), actor, Action::Change, person)
                .await?;
            let (row, rows) = self
                .licence_version(w.tx(), &cap, person, version_id)
                .await?;
            let next = transition(
                row.status,
                LicenceAction::StartVariation,
                &context(actor, &row),
            )
            .map_err(transition_error)?;
            let reason = reason.trim();
            if reason.is_empty() {
                return Err(refused(
                    "reason",
                    "required",
                    "Say why the licence is being varied",
                ));
            }
            if rows.iter().any(|r| {
                r.licence_id == row.licence_id
                    && matches!(
                        r.status,
                        LicenceStatus::VariationInProgress | LicenceStatus::VariationSubmitted
                    )
            }) {
                return Err(refused(
                    "status",
                    "variation_exists",
                    "A variation of this licence is already in progress",
                ));
            }
            let id = LicenceVersionId::new();
            let number = rows
                .iter()
                .filter(|r| r.licence_id == row.licence_id)
                .map(|r| r.version_number)
                .max()
                .unwrap_or(1)
                + 1;
            let variation = LicenceRow {
                id,
                version_number: number,
                status: next,
                reason: reason.into(),
                created_by: actor.user_id,
                created_at: self.clock.now(),
                submitted_by: None,
                submitted_at: None,
                approved_by: None,
                approved_at: None,
                version: 1,
                ..row
            };
            concord_store::insert_licence(w.tx(), &cap, &variation).await?;
            // The variation keeps the reporting instructions of the version it varies.
            if let Some(mut appointment) = concord_store::licence_appointments(w.tx(), &cap, person)
                .await?
                .into_iter()
                .find(|a| a.licence_version_id == version_id)
            {
                appointment.licence_version_id = id;
                concord_store::set_licence_appointment(w.tx(), &cap, &appointment).await?;
            }
            self.licence_event(
                w,
                &cap,
                &variation,
                LicenceEvent::VariationStarted,
                reason,
                json!({"varies": version_id}),
            )
            .await?;
            Ok(id)
        })
        .await
    }
}
