//! The decisions of those who run MAPPA (`mappa.manage`): screening a referral and
//! setting the level with the criteria and rationale, reviewing a case (keeping or
//! changing the level, with the next review computed from it), and ending a spell.
//! Level 3 always asks whether the case goes forward as a critical public protection case.

use chrono::NaiveDate;
use concord_authz::{Action, Actor, Permission, Section, SectionSet};
use concord_domain::MappaDecisionId;
use concord_domain::{DomainEvent, DomainEventType};
use concord_domain::{FieldError, MappaReferralId, PersonId, ValidationErrors};
use concord_mappa::{check_level, next_review, Level};
use concord_store::audit::AuditKind;
use concord_store::{MappaDecisionRow, MappaRecordRow};
use serde_json::json;

use super::{choose, mappa_level_label, reasons};
use crate::access::Note;
use crate::{AppError, MappaCase};
use concord_mappa::{DecisionKind, MappaStatus, ReferralStatus};

#[derive(Debug, Clone, Default)]
pub struct ScreeningForm {
    pub level: String,
    pub rationale: String,
    /// `yes` or `no`: Level 3 only.
    pub critical_public_protection: String,
}

#[derive(Debug, Clone, Default)]
pub struct MappaReviewForm {
    pub level: String,
    pub rationale: String,
    pub critical_public_protection: String,
}

/// Why a spell ends.
pub const EXIT_REASONS: [(&str, &str); 5] = [
    (
        "eligibility_ended",
        "Eligibility ended (licence or registration ended)",
    ),
    (
        "risk_reduced",
        "Risk reduced: no longer needs MAPPA management (Category 3)",
    ),
    ("returned_to_custody", "Returned to custody for a long term"),
    ("died", "Died"),
    ("other", "Other (explain)"),
];

#[derive(Debug, Clone, Default)]
pub struct MappaExitForm {
    pub reason: String,
    pub rationale: String,
}

fn exit_label(code: &str) -> Option<&'static str> {
    EXIT_REASONS.iter().find(|(c, _)| *c == code).map(|r| r.1)
}

/// The level, its rationale and the Level 3 question, every problem at once.
fn level_decision(
    errors: &mut ValidationErrors,
    level: &str,
    rationale: &str,
    cppc: &str,
) -> (Option<Level>, String, bool) {
    let level = choose(
        errors,
        "level",
        level,
        concord_mappa::Level::from_code,
        "a level",
    );
    let why = reasons(
        errors,
        "rationale",
        rationale,
        "the rationale for the level",
    );
    let critical = match (level, cppc.trim()) {
        (Some(Level::Three), "yes") => true,
        (Some(Level::Three), "no") => false,
        (Some(Level::Three), _) => {
            errors.push(FieldError::new(
                "critical_public_protection",
                "required",
                "Level 3: say whether the case is referred as a critical public protection case",
            ));
            false
        }
        _ => false,
    };
    (level, why, critical)
}

fn mappa_staff(errors: &mut ValidationErrors, actor: &Actor, field: &str) {
    if !actor.has(Permission::MappaManage) {
        errors.push(FieldError::new(
            field,
            "not_mappa_staff",
            "Only the MAPPA coordinator or chair records this decision",
        ));
    }
}

impl MappaCase<'_> {
    async fn open_record(
        &self,
        tx: &mut concord_store::Tx,
        cap: &concord_authz::Capability,
        person: PersonId,
    ) -> Result<MappaRecordRow, AppError> {
        concord_store::mappa_records_of(tx, cap, person)
            .await?
            .into_iter()
            .find(|r| r.status.is_open())
            .ok_or_else(|| {
                AppError::field("record", "not_mappa", "This person is not a MAPPA case")
            })
    }

    #[allow(clippy::too_many_arguments)]
    async fn decide_level(
        &self,
        tx: &mut concord_store::Tx,
        cap: &concord_authz::Capability,
        actor: &Actor,
        mut record: MappaRecordRow,
        kind: DecisionKind,
        level: Level,
        rationale: String,
        critical: bool,
    ) -> Result<NaiveDate, AppError> {
        let today = self.clock.today();
        let now = self.clock.now();
        let next = next_review(level, today, &self.settings.mappa.review);
        record.level = level;
        record.status = MappaStatus::Active;
        record.next_review_on = Some(next);
        record.critical_public_protection = critical;
        record.updated_at = now;
        concord_store::update_mappa_record(tx, cap, &record).await?;
        concord_store::insert_mappa_decision(
            tx,
            cap,
            &MappaDecisionRow {
                id: MappaDecisionId::new(),
                record_id: record.id,
                person_id: record.person_id,
                kind,
                level: Some(level),
                rationale,
                critical_public_protection: critical,
                decided_on: today,
                decided_by: actor.user_id,
                next_review_on: Some(next),
                created_at: now,
            },
        )
        .await?;
        Ok(next)
    }

    /// Screen a referral awaiting it: the level, with the rationale.
    pub async fn screen_mappa_referral(
        &self,
        actor: &Actor,
        person: PersonId,
        referral: MappaReferralId,
        form: &ScreeningForm,
    ) -> Result<NaiveDate, AppError> {
        let mut errors = ValidationErrors::new();
        mappa_staff(&mut errors, actor, "level");
        let (level, why, critical) = level_decision(
            &mut errors,
            &form.level,
            &form.rationale,
            &form.critical_public_protection,
        );
        self.run(actor, async |w| {
            let cap = w
                .person(Action::Change, person, SectionSet::one(Section::Management))
                .await?;
            let mut row = concord_store::mappa_referrals_of(w.tx(), &cap, person)
                .await?
                .into_iter()
                .find(|r| r.id == referral)
                .ok_or(AppError::NotFound)?;
            if row.status != ReferralStatus::AwaitingScreening {
                errors.push(FieldError::new(
                    "referral",
                    "already_screened",
                    "This referral has already been screened",
                ));
            }
            let record = self.open_record(w.tx(), &cap, person).await?;
            if let Some(l) = level {
                if let Err(e) = check_level(record.category, l) {
                    errors.push(FieldError::new("level", e.code(), e.to_string()));
                }
            }
            let Some(level) = level.filter(|_| errors.is_empty()) else {
                return Err(AppError::Validation(errors));
            };
            row.status = ReferralStatus::Screened;
            row.screened_by = Some(actor.user_id);
            row.screened_on = Some(self.clock.today());
            row.level_decided = Some(level);
            row.screening_rationale = Some(why.clone());
            if !concord_store::screen_mappa_referral(w.tx(), &cap, &row).await? {
                return Err(AppError::Conflict);
            }
            let next = self
                .decide_level(
                    w.tx(),
                    &cap,
                    actor,
                    record,
                    DecisionKind::Level,
                    level,
                    why,
                    critical,
                )
                .await?;
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(person.0),
                "screened the MAPPA referral and set the level",
                Note {
                    sections: Some(SectionSet::one(Section::Management)),
                    detail: Some(json!({"referral": referral, "level": mappa_level_label(level)})),
                    ..Note::default()
                },
            );
            w.raise(
                DomainEvent::new(DomainEventType::MappaReferralScreened, person)
                    .with("referralId", referral),
            );
            Ok(next)
        })
        .await
    }

    /// Review a MAPPA case: keep or change the level; the next review follows from it.
    pub async fn review_mappa_case(
        &self,
        actor: &Actor,
        person: PersonId,
        form: &MappaReviewForm,
    ) -> Result<NaiveDate, AppError> {
        let mut errors = ValidationErrors::new();
        mappa_staff(&mut errors, actor, "level");
        let (level, why, critical) = level_decision(
            &mut errors,
            &form.level,
            &form.rationale,
            &form.critical_public_protection,
        );
        self.run(actor, async |w| {
            let cap = w
                .person(Action::Change, person, SectionSet::one(Section::Management))
                .await?;
            let record = self.open_record(w.tx(), &cap, person).await?;
            if record.status != MappaStatus::Active {
                errors.push(FieldError::new(
                    "level",
                    "awaiting_screening",
                    "Screen the referral first: the case has no level yet",
                ));
            }
            if let Some(l) = level {
                if let Err(e) = check_level(record.category, l) {
                    errors.push(FieldError::new("level", e.code(), e.to_string()));
                }
            }
            let Some(level) = level.filter(|_| errors.is_empty()) else {
                return Err(AppError::Validation(errors));
            };
            let kind = if record.level == level {
                DecisionKind::Review
            } else {
                DecisionKind::Level
            };
            let next = self
                .decide_level(w.tx(), &cap, actor, record, kind, level, why, critical)
                .await?;
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(person.0),
                if kind == DecisionKind::Review {
                    "reviewed the MAPPA case"
                } else {
                    "changed the MAPPA level"
                },
                Note {
                    sections: Some(SectionSet::one(Section::Management)),
                    detail: Some(json!({"level": mappa_level_label(level), "next_review": next})),
                    ..Note::default()
                },
            );
            w.raise(
                DomainEvent::new(DomainEventType::MappaCaseReviewed, person)
                    .with("decision", kind.code()),
            );
            Ok(next)
        })
        .await
    }

    /// End a person's MAPPA spell, with the reason and rationale.
    pub async fn end_mappa_case(
        &self,
        actor: &Actor,
        person: PersonId,
        form: &MappaExitForm,
    ) -> Result<(), AppError> {
        let mut errors = ValidationErrors::new();
        mappa_staff(&mut errors, actor, "reason");
        let reason = choose(
            &mut errors,
            "reason",
            &form.reason,
            exit_label,
            "why the case leaves MAPPA",
        );
        let why = reasons(&mut errors, "rationale", &form.rationale, "the rationale");
        self.run(actor, async |w| {
            let cap = w.person(
                    Action::Change,
                    person,
                    SectionSet::one(Section::Management),
                )
                .await?;
            let mut record = self.open_record(w.tx(), &cap, person).await?;
            let today = self.clock.today();
            if form.reason.trim() == "eligibility_ended" {
                if let Some(ends) = record.eligibility_ends_on.filter(|d| *d >= today) {
                    errors.push(FieldError::new(
                        "reason",
                        "eligibility_continues",
                        format!(
                            "Eligibility runs until {}: the case can leave MAPPA for this reason after that day",
                            ends.format("%-d %B %Y")
                        ),
                    ));
                }
            }
            let Some(label) = reason.filter(|_| errors.is_empty()) else {
                return Err(AppError::Validation(errors));
            };
            let now = self.clock.now();
            record.status = MappaStatus::Ended;
            record.ended_on = Some(today);
            record.end_reason = Some(label.into());
            record.next_review_on = None;
            record.updated_at = now;
            concord_store::update_mappa_record(w.tx(), &cap, &record).await?;
            // A referral still awaiting screening was for this spell: it goes with it.
            concord_store::withdraw_mappa_referrals(w.tx(), &cap, person).await?;
            concord_store::insert_mappa_decision(
                w.tx(),
                &cap,
                &MappaDecisionRow {
                    id: MappaDecisionId::new(),
                    record_id: record.id,
                    person_id: person,
                    kind: DecisionKind::Exit,
                    level: Some(record.level),
                    rationale: format!("{label}. {why}"),
                    critical_public_protection: false,
                    decided_on: today,
                    decided_by: actor.user_id,
                    next_review_on: None,
                    created_at: now,
                },
            )
            .await?;
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(person.0),
                "ended the MAPPA case",
                Note {
                    sections: Some(SectionSet::one(Section::Management)),
                    detail: Some(json!({"reason": form.reason.trim()})),
                    ..Note::default()
                },
            );
            w.raise(DomainEvent::new(DomainEventType::MappaCaseEnded, person));
            Ok(())
        })
        .await
    }
}
