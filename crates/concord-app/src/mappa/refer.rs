//! Bringing a person into MAPPA: the case team confirms the category Concord proposes
//! (Level 1, ordinary agency management) or refers the case to the area's MAPPA
//! coordinator for Level 2 or 3 (MAPPA A), pre-filled from the record so nothing is
//! re-keyed. A referral made closer to release than the configured months is late.

use chrono::NaiveDate;
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::MappaDecisionId;
use concord_domain::{DomainEvent, DomainEventType};
use concord_domain::{FieldError, MappaRecordId, MappaReferralId, PersonId, ValidationErrors};
use concord_mappa::{check_level, late_referral, next_review, Category, EndDate, Level, Rosh};
use concord_store::audit::AuditKind;
use concord_store::{MappaDecisionRow, MappaRecordRow, MappaReferralRow};
use serde_json::json;

use super::facts::ReferralFacts;
use super::{choose, new_id, reasons};
use crate::access::Note;
use crate::person::PersonRecord;
use crate::{AppError, MappaCase};
use concord_mappa::{MappaStatus, ReferralStatus};

/// MAPPA A as the form posts it: everything else is pre-filled from the record.
#[derive(Debug, Clone, Default)]
pub struct MappaReferralForm {
    /// `CATEGORY_1` … `CATEGORY_4`.
    pub category: String,
    /// `LEVEL_2` or `LEVEL_3`.
    pub level_requested: String,
    /// Relevant information and the reason for referral.
    pub reasons: String,
}

/// Confirming eligibility for ordinary agency management (Level 1).
#[derive(Debug, Clone, Default)]
pub struct EligibilityForm {
    pub category: String,
    /// Why, in the confirming officer's words (Concord's reasons are kept beside it).
    pub note: String,
}

/// The facts MAPPA A cannot go without (MAPPA Guidance, notes for completion).
fn check_mandatory_facts(errors: &mut ValidationErrors, facts: &ReferralFacts, cat: Category) {
    if facts.identifiers.is_empty() {
        errors.push(FieldError::new(
            "identifiers",
            "missing_fact",
            "The record has no identifier (PNC ID, CRN, prison number): add one before referring",
        ));
    }
    if facts.offences.is_empty() {
        errors.push(FieldError::new(
            "offences",
            "missing_fact",
            "The record has no offence: add the index offence before referring",
        ));
    }
    if matches!(cat, Category::Two | Category::Four) && facts.sentences.is_empty() {
        errors.push(FieldError::new(
            "sentences",
            "missing_fact",
            "The record has no sentence: a Category 2 or 4 referral needs the sentence and its dates",
        ));
    }
}

impl MappaCase<'_> {
    /// Refer a case to MAPPA for Level 2 or 3. Creates the MAPPA record (status
    /// referred) if the person has none open.
    pub async fn refer_to_mappa(
        &self,
        actor: &Actor,
        person: PersonId,
        form: &MappaReferralForm,
    ) -> Result<MappaReferralId, AppError> {
        let mut errors = ValidationErrors::new();
        let category = choose(
            &mut errors,
            "category",
            &form.category,
            concord_mappa::Category::from_code,
            "a MAPPA category",
        );
        let level = choose(
            &mut errors,
            "level_requested",
            &form.level_requested,
            concord_mappa::Level::from_code,
            "the level requested",
        );
        if level == Some(Level::One) {
            errors.push(FieldError::new(
                "level_requested",
                "level_1_referral",
                "A referral asks for Level 2 or 3: Level 1 cases are managed by the lead agency (confirm eligibility instead)",
            ));
        } else if let (Some(c), Some(l)) = (category, level) {
            if let Err(e) = check_level(c, l) {
                errors.push(FieldError::new("level_requested", e.code(), e.to_string()));
            }
        }
        let why = reasons(
            &mut errors,
            "reasons",
            &form.reasons,
            "the reasons for referral",
        );
        self.run(actor, async |w| {
            let cap = w
                .person(Action::Read, person, Self::mappa_sections())
                .await?;
            let write = w
                .person(Action::Change, person, SectionSet::one(Section::Management))
                .await?;
            let record = self.people().load_record(w.tx(), &cap, person, 0).await?;
            let rosh = self.signed_rosh(w.tx(), &cap, person).await?;
            let facts = self
                .referral_facts_now(w.tx(), &cap, actor, &record, rosh)
                .await?;
            if let Some(c) = category {
                check_mandatory_facts(&mut errors, &facts, c);
            }
            let referrals = concord_store::mappa_referrals_of(w.tx(), &write, person).await?;
            if referrals
                .iter()
                .any(|r| r.status == ReferralStatus::AwaitingScreening)
            {
                errors.push(FieldError::new(
                    "referral",
                    "already_referred",
                    "A referral for this person is already awaiting screening",
                ));
            }
            let (Some(category), Some(level)) = (category, level) else {
                return Err(AppError::Validation(errors));
            };
            if !errors.is_empty() {
                return Err(AppError::Validation(errors));
            }
            let today = self.clock.today();
            let now = self.clock.now();
            let settings = &self.settings.mappa;
            let records = concord_store::mappa_records_of(w.tx(), &write, person).await?;
            let open = records.iter().find(|r| r.status.is_open());
            let record_id = match open {
                Some(r) => r.id,
                None => {
                    let judgements = self.judgements(w.tx(), &cap, person).await?;
                    let (reasons_text, ends, prompt) =
                        self.proposal_for(&record, rosh.map(|r| r.0), &judgements, category);
                    let id = new_id();
                    concord_store::insert_mappa_record(
                        w.tx(),
                        &write,
                        &MappaRecordRow {
                            id: MappaRecordId(id),
                            person_id: person,
                            area: settings.area.clone(),
                            category,
                            category_reasons: reasons_text,
                            level,
                            lead_agency_id: actor.agency_id,
                            status: MappaStatus::Referred,
                            eligible_from: today,
                            eligibility_ends_on: ends,
                            end_prompt_on: prompt,
                            next_review_on: None,
                            critical_public_protection: false,
                            ended_on: None,
                            end_reason: None,
                            confirmed_by: actor.user_id,
                            created_at: now,
                            updated_at: now,
                        },
                    )
                    .await?;
                    concord_store::insert_mappa_decision(
                        w.tx(),
                        &write,
                        &MappaDecisionRow {
                            id: MappaDecisionId::new(),
                            record_id: MappaRecordId(id),
                            person_id: person,
                            kind: concord_mappa::DecisionKind::Category,
                            level: None,
                            rationale: format!("{} confirmed on referral.", category.label()),
                            critical_public_protection: false,
                            decided_on: today,
                            decided_by: actor.user_id,
                            next_review_on: None,
                            created_at: now,
                        },
                    )
                    .await?;
                    MappaRecordId(id)
                }
            };
            let late = facts
                .release_on
                .is_some_and(|r| late_referral(r, today, &settings.review));
            let id = new_id();
            concord_store::insert_mappa_referral(
                w.tx(),
                &write,
                &MappaReferralRow {
                    id: MappaReferralId(id),
                    record_id,
                    person_id: person,
                    area: settings.area.clone(),
                    level_requested: level,
                    reasons: why.clone(),
                    facts: serde_json::to_string(&facts)
                        .map_err(|e| AppError::Internal(e.to_string()))?,
                    referred_on: today,
                    release_on: facts.release_on,
                    late,
                    referred_by: actor.user_id,
                    referring_agency_id: actor.agency_id,
                    status: ReferralStatus::AwaitingScreening,
                    screened_by: None,
                    screened_on: None,
                    level_decided: None,
                    screening_rationale: None,
                    created_at: now,
                },
            )
            .await?;
            w.audit(
                AuditKind::Collection,
                Action::Change,
                Some(person.0),
                "referred to MAPPA (MAPPA A)",
                Note {
                    sections: Some(SectionSet::one(Section::Management)),
                    recipient: Some(format!("{} MAPPA coordinator", settings.area)),
                    detail: Some(json!({"referral": id, "late": late})),
                    ..Note::default()
                },
            );
            w.raise(
                DomainEvent::new(DomainEventType::MappaReferred, person).with("referralId", id),
            );
            Ok(MappaReferralId(id))
        })
        .await
    }

    /// Concord's reasons for the chosen category (its own proposal, or a note that the
    /// officer chose another), the end of eligibility and the day to prompt.
    fn proposal_for(
        &self,
        record: &PersonRecord,
        rosh: Option<Rosh>,
        judgements: &super::judgements::Judgements,
        chosen: Category,
    ) -> (String, Option<NaiveDate>, Option<NaiveDate>) {
        let proposal = self.propose_mappa_category(record, rosh, judgements);
        let mut lines = proposal.reasons.clone();
        if proposal.category != Some(chosen) {
            lines.push(format!(
                "The confirming officer chose {} where Concord proposed {}.",
                chosen.label(),
                proposal
                    .category
                    .map_or_else(|| "no category".into(), |c| c.label().to_string())
            ));
        }
        let ends = match proposal.ends_on {
            Some(EndDate::On(d)) if proposal.category == Some(chosen) => Some(d),
            _ => None,
        };
        let prompt = ends.and_then(|_| proposal.prompt_on(&self.eligibility_settings()));
        (lines.join("\n"), ends, prompt)
    }

    /// Confirm a person's MAPPA eligibility for ordinary agency management (Level 1).
    pub async fn confirm_mappa_eligibility(
        &self,
        actor: &Actor,
        person: PersonId,
        form: &EligibilityForm,
    ) -> Result<MappaRecordId, AppError> {
        let mut errors = ValidationErrors::new();
        let category = choose(
            &mut errors,
            "category",
            &form.category,
            concord_mappa::Category::from_code,
            "a MAPPA category",
        );
        if let Some(c) = category {
            if let Err(e) = check_level(c, Level::One) {
                errors.push(FieldError::new(
                    "category",
                    e.code(),
                    "Category 3 cases are managed at Level 2 or 3 only: refer the case to MAPPA instead",
                ));
            }
        }
        let note = form.note.trim().to_string();
        if note.chars().count() > concord_mappa::MAX_TEXT {
            errors.push(FieldError::new(
                "note",
                "too_long",
                "The note must be 4,000 characters or fewer",
            ));
        }
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let Some(category) = category else {
            return Err(AppError::Validation(errors));
        };
        self.run(actor, async |w| {
            let cap = w
                .person(Action::Read, person, Self::mappa_sections())
                .await?;
            let write = w
                .person(Action::Change, person, SectionSet::one(Section::Management))
                .await?;
            let records = concord_store::mappa_records_of(w.tx(), &write, person).await?;
            if records.iter().any(|r| r.status.is_open()) {
                return Err(AppError::field(
                    "category",
                    "already_mappa",
                    "This person is already a MAPPA case",
                ));
            }
            let record = self.people().load_record(w.tx(), &cap, person, 0).await?;
            let rosh = self.signed_rosh(w.tx(), &cap, person).await?;
            let judgements = self.judgements(w.tx(), &cap, person).await?;
            let (mut reasons_text, ends, prompt) =
                self.proposal_for(&record, rosh.map(|r| r.0), &judgements, category);
            if !note.is_empty() {
                reasons_text.push_str(&format!("\nConfirming officer: {note}"));
            }
            let today = self.clock.today();
            let now = self.clock.now();
            let next = next_review(Level::One, today, &self.settings.mappa.review);
            let id = new_id();
            concord_store::insert_mappa_record(
                w.tx(),
                &write,
                &MappaRecordRow {
                    id: MappaRecordId(id),
                    person_id: person,
                    area: self.settings.mappa.area.clone(),
                    category,
                    category_reasons: reasons_text,
                    level: Level::One,
                    lead_agency_id: actor.agency_id,
                    status: MappaStatus::Active,
                    eligible_from: today,
                    eligibility_ends_on: ends,
                    end_prompt_on: prompt,
                    next_review_on: Some(next),
                    critical_public_protection: false,
                    ended_on: None,
                    end_reason: None,
                    confirmed_by: actor.user_id,
                    created_at: now,
                    updated_at: now,
                },
            )
            .await?;
            concord_store::insert_mappa_decision(
                w.tx(),
                &write,
                &MappaDecisionRow {
                    id: MappaDecisionId::new(),
                    record_id: MappaRecordId(id),
                    person_id: person,
                    kind: concord_mappa::DecisionKind::Category,
                    level: Some(Level::One),
                    rationale: format!(
                        "{} confirmed; managed at Level 1 (ordinary agency management).",
                        category.label()
                    ),
                    critical_public_protection: false,
                    decided_on: today,
                    decided_by: actor.user_id,
                    next_review_on: Some(next),
                    created_at: now,
                },
            )
            .await?;
            w.audit(
                AuditKind::Collection,
                Action::Change,
                Some(person.0),
                "confirmed MAPPA eligibility",
                Note {
                    sections: Some(SectionSet::one(Section::Management)),
                    detail: Some(json!({"mappa_record": id})),
                    ..Note::default()
                },
            );
            w.raise(
                DomainEvent::new(DomainEventType::MappaEligibilityConfirmed, person)
                    .with("mappaRecordId", id),
            );
            Ok(MappaRecordId(id))
        })
        .await
    }
}
