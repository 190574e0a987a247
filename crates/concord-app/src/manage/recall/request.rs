//! Requesting a recall: the reasons, the checks that a licence is in force and not already
//! being recalled, and the fixed-term assessment built from the record (age, sentence
//! length) and the form, kept with every fact it used so the decision can be explained.

use chrono::NaiveDate;
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{
    whole_months, FieldError, PersonId, RecallId, SentenceKind, ValidationErrors,
};
use concord_licence::{EnforcementKind, EnforcementStatus, LicenceEvent, RecallFacts, RecallType};
use concord_store::audit::AuditKind;
use concord_store::{LicenceRow, RecallRow};
use serde_json::json;
use uuid::Uuid;

use super::{RecallForm, RecallRequested, RecallStatus};
use crate::access::Note;
use crate::manage::enforcement::active_licence;
use crate::manage::form::text;
use crate::{AppError, Manage};

/// The facts for concord_licence::assess_recall, from the record and the form.
fn recall_facts(
    form: &RecallForm,
    date_of_birth: Option<NaiveDate>,
    sentences: &[concord_store::SentenceRow],
    licence: &LicenceRow,
    today: NaiveDate,
) -> RecallFacts {
    // The custodial sentence the licence follows: the latest to start before release.
    let sentence = sentences
        .iter()
        .filter_map(|s| SentenceKind::from_code(&s.kind).map(|k| (k, s)))
        .filter(|(k, s)| k.is_custodial() && s.start_date <= licence.release_date)
        .max_by_key(|(_, s)| s.start_date);
    let recorded_months = sentence
        .filter(|(k, _)| *k != SentenceKind::LifeOrIpp)
        .and_then(|(_, s)| {
            // The term as the court imposed it, when recorded (issue 26); else the
            // sentence's start to its end.
            let imposed = s
                .term
                .as_deref()
                .and_then(|t| concord_domain::Term::parse("term", t).ok())
                .and_then(|t| t.end_from(s.start_date));
            imposed
                .or(s.end_date)
                .and_then(|end| whole_months(s.start_date, end))
        });
    RecallFacts {
        age_on_recall: date_of_birth.map(|dob| concord_domain::age_on(dob, today)),
        sentence_months: form.sentence_months.or(recorded_months),
        schedule_19aa_offence: form.schedule_19aa_offence,
        terrorist_sentence: form.terrorist_sentence,
        terrorist_mappa_category: form.terrorist_mappa_category,
        charged_with_offence: form.charged_with_offence,
        mappa_level: form.mappa_level,
        extended_sentence: form
            .extended_sentence
            .or(sentence.and_then(|(k, _)| match k {
                SentenceKind::ExtendedDeterminate => Some(true),
                SentenceKind::Custody => Some(false),
                _ => None,
            })),
    }
}

impl Manage<'_> {
    /// Request a recall of the licence in force, with reasons, and assess whether a
    /// fixed-term recall is possible.
    pub async fn request_recall(
        &self,
        actor: &Actor,
        person: PersonId,
        form: &RecallForm,
    ) -> Result<RecallRequested, AppError> {
        self.run(actor, async |w| {
            let cap = self
                .licence_section(w.tx(), actor, Action::Change, person)
                .await?;
            let licences = concord_store::licences_of(w.tx(), &cap, person).await?;
            let recalls = concord_store::recalls_of(w.tx(), &cap, person).await?;
            let actions = concord_store::enforcement_actions_of(w.tx(), &cap, person).await?;
            let mut errors = ValidationErrors::new();
            let reasons = text(
                &mut errors,
                "reasons",
                &form.reasons,
                "the reasons for recall",
                true,
                4000,
            );
            if form.mappa_level.is_some_and(|l| l > 3) {
                errors.push(FieldError::new(
                    "mappa_level",
                    "invalid",
                    "Choose not managed under MAPPA, or MAPPA level 1, 2 or 3",
                ));
            }
            if form.sentence_months.is_some_and(|m| m == 0 || m > 1200) {
                errors.push(FieldError::new(
                    "sentence_months",
                    "invalid",
                    "Enter the sentence passed in whole months, e.g. 24",
                ));
            }
            let licence = active_licence(&licences)?;
            match licence {
                None => errors.push(FieldError::new(
                    "licence",
                    "no_active_licence",
                    "Only a licence in force can be revoked: this person has no active licence",
                )),
                Some(l)
                    if recalls.iter().any(|r| {
                        r.licence_id == l.id
                            && matches!(r.status, RecallStatus::Requested | RecallStatus::Revoked)
                    }) =>
                {
                    errors.push(FieldError::new(
                        "licence",
                        "recall_open",
                        "A recall of this licence is already requested or awaiting execution",
                    ));
                }
                Some(_) => {}
            }
            if let Some(breach) = form.breach_action_id {
                match actions
                    .iter()
                    .find(|a| a.id == breach && a.kind == EnforcementKind::Breach)
                {
                    None => errors.push(FieldError::new(
                        "breach_action_id",
                        "unknown_breach",
                        "Choose one of this person's breach referrals",
                    )),
                    Some(a) if a.status != EnforcementStatus::Referred => {
                        errors.push(FieldError::new(
                            "breach_action_id",
                            "breach_recalled",
                            "A recall was already started from this breach referral",
                        ));
                    }
                    Some(_) => {}
                }
            }
            let Some(licence) = licence.filter(|_| errors.is_empty()) else {
                return Err(AppError::Validation(errors));
            };
            // What the facts need from the rest of the record, read and audited as read.
            let record_cap = w
                .person(
                    Action::Read,
                    person,
                    SectionSet::of(&[Section::Identity, Section::Convictions, Section::Management]),
                )
                .await?;
            let visible = record_cap.sections();
            // The MAPPA record, when there is one, gives the level and whether the
            // category is the terrorist one: it outranks what the form says.
            let mappa = crate::mappa::active_mappa_record(w.tx(), &record_cap, person).await?;
            let mut form = form.clone();
            if let Some(m) = &mappa {
                form.mappa_level = Some(m.level.number());
                form.terrorist_mappa_category = Some(m.category == concord_mappa::Category::Four);
            }
            let form = &form;
            let date_of_birth = if visible.contains(Section::Identity) {
                concord_store::person(w.tx(), &record_cap, person)
                    .await?
                    .map(|p| p.date_of_birth)
            } else {
                None
            };
            let sentences = if visible.contains(Section::Convictions) {
                concord_store::sentences(w.tx(), &record_cap, person).await?
            } else {
                vec![]
            };
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                Some(person.0),
                "read the date of birth and sentence to assess a recall",
                Note::sections(visible),
            );
            let today = self.clock.today();
            let facts = recall_facts(form, date_of_birth, &sentences, licence, today);
            let assessment = concord_licence::assess_recall(&facts);
            let days = match assessment.recommended {
                RecallType::FixedTerm { days } => i32::try_from(days).ok(),
                RecallType::Standard => None,
            };
            let id = Uuid::now_v7();
            concord_store::insert_recall(
                w.tx(),
                &cap,
                &RecallRow {
                    id: RecallId(id),
                    person_id: person,
                    agency_id: actor.agency_id,
                    licence_id: licence.id,
                    status: RecallStatus::Requested,
                    reasons: reasons.clone(),
                    facts: json!(facts),
                    assessment: json!(assessment),
                    recall_type: assessment.recommended.kind(),
                    fixed_term_days: days,
                    breach_action_id: form.breach_action_id,
                    requested_by: actor.user_id,
                    requested_at: self.clock.now(),
                    decided_by: None,
                    decided_at: None,
                    decision_reason: String::new(),
                    revoked_at: None,
                    execute_task_id: None,
                    returned_on: None,
                    returned_by: None,
                    release_on: None,
                    version: 1,
                },
            )
            .await?;
            if let Some(breach) = form.breach_action_id {
                if !concord_store::set_enforcement_status(
                    w.tx(),
                    &cap,
                    person,
                    breach,
                    EnforcementStatus::Referred,
                    EnforcementStatus::RecallRequested,
                )
                .await?
                {
                    return Err(AppError::Conflict);
                }
            }
            self.licence_event(
                w,
                &cap,
                licence,
                LicenceEvent::RecallRequested,
                &reasons,
                json!({
                    "recall": id,
                    "breach": form.breach_action_id,
                    "fixed_term_eligible": assessment.fixed_term_eligible,
                    "recommended": assessment.recommended,
                }),
            )
            .await?;
            Ok(RecallRequested {
                recall_id: RecallId(id),
                assessment,
            })
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn a_two_year_sentence_is_twenty_four_whole_months() {
        assert_eq!(whole_months(ymd(2025, 3, 1), ymd(2027, 3, 1)), Some(24));
    }

    #[test]
    fn a_day_short_of_a_month_does_not_count_it() {
        assert_eq!(whole_months(ymd(2025, 3, 1), ymd(2027, 2, 28)), Some(23));
    }

    #[test]
    fn an_end_before_the_start_gives_no_length() {
        assert_eq!(whole_months(ymd(2025, 3, 1), ymd(2025, 3, 1)), None);
        assert_eq!(whole_months(ymd(2025, 3, 1), ymd(2024, 3, 1)), None);
    }
}
