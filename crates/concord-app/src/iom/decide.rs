//! The IOM panel's decisions: adopt into a strand (with a review date), reject, or
//! deselect, each with its rationale; the score the panel saw is kept with it.

use chrono::Duration;
use concord_authz::{Action, Actor, ListScope, Resource, ResourceKind, Section, SectionSet};
use concord_domain::{FieldError, PersonId, ValidationErrors};
use concord_iom::Strand;
use concord_store::audit::AuditKind;
use concord_store::CohortDecisionRow;
use serde::Deserialize;
use serde_json::json;

use super::cohort::{CohortLine, CohortStatus};
use crate::access::Note;
use crate::person::{take, DateInput, Names};
use crate::{AppError, Iom};

/// A cohort is reviewed at least this often (the panel may set sooner).
pub const MAX_COHORT_REVIEW_DAYS: i64 = 183;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct CohortDecisionInput {
    /// `adopt`, `reject` or `deselect`.
    pub decision: String,
    /// For an adoption: `fixed`, `flex` or `free`.
    #[serde(default)]
    pub strand: String,
    pub rationale: String,
    /// For an adoption: when the panel reviews the person next.
    #[serde(default)]
    pub review_on: DateInput,
}

impl Iom<'_> {
    /// One person as the panel sees them now: score, reasons and decisions.
    pub async fn cohort_person(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<CohortLine, AppError> {
        self.run(actor, async |w| {
            let cohort = w.decide(
                Action::Read,
                &Resource::other(ResourceKind::IomCohort, None),
            )?;
            let list = w.decide(Action::Read, &Resource::list(ListScope::Offending))?;
            let today = self.clock.today();
            let p = concord_store::offending_people(w.tx(), &list, None, Some(person), today)
                .await?
                .pop()
                .ok_or(AppError::NotFound)?;
            let decisions =
                concord_store::cohort_decisions(w.tx(), &cohort, None, Some(person)).await?;
            let users: Vec<_> = decisions.iter().map(|d| d.decided_by).collect();
            let names = Names::load(w.tx(), &users).await?;
            let score = self.score_of(&p).map_err(|why| {
                AppError::Validation(ValidationErrors::from(FieldError::new(
                    "score",
                    "not_scored",
                    format!("This person cannot be scored: {why}"),
                )))
            })?;
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                Some(person.0),
                "viewed a person's IOM cohort score and decisions",
                Note::sections(SectionSet::of(&[Section::Identity, Section::Convictions])),
            );
            Ok(self.line(&p, score, &decisions, &names))
        })
        .await
    }

    pub async fn decide_cohort(
        &self,
        actor: &Actor,
        person: PersonId,
        input: &CohortDecisionInput,
    ) -> Result<(), AppError> {
        let mut errors = ValidationErrors::new();
        let decision = input.decision.trim();
        if !["adopt", "reject", "deselect"].contains(&decision) {
            errors.push(FieldError::new(
                "decision",
                "required",
                "Choose whether to adopt, reject or deselect",
            ));
        }
        let rationale = take(
            &mut errors,
            concord_domain::required_multiline_text(
                "rationale",
                "the panel's rationale",
                &input.rationale,
                2000,
            ),
        );
        let adopting = decision == "adopt";
        let strand = Strand::from_code(input.strand.trim());
        if adopting && strand.is_none() {
            errors.push(FieldError::new(
                "strand",
                "required",
                "Choose the cohort strand: fixed, flex or free",
            ));
        }
        let today = self.clock.today();
        let review_on = if adopting {
            let r = take(
                &mut errors,
                input.review_on.required("review_on", "the review date"),
            );
            if r.is_some_and(|r| r <= today || r > today + Duration::days(MAX_COHORT_REVIEW_DAYS)) {
                errors.push(FieldError::new(
                    "review_on",
                    "out_of_range",
                    format!(
                        "The review must be after today and within {MAX_COHORT_REVIEW_DAYS} days"
                    ),
                ));
            }
            r
        } else {
            None
        };
        self.run(actor, async |w| {
            let cap = w.decide(Action::Create, &Resource::other(ResourceKind::IomCohort, None))?;
            let read = w.decide(Action::Read, &Resource::other(ResourceKind::IomCohort, None))?;
            let list = w.decide(Action::Read, &Resource::list(ListScope::Offending))?;
            let p = concord_store::offending_people(w.tx(), &list, None, Some(person), today)
                .await?
                .pop()
                .ok_or(AppError::NotFound)?;
            if !errors.is_empty() {
                return Err(AppError::Validation(errors.clone()));
            }
            let decisions = concord_store::cohort_decisions(w.tx(), &read, None, Some(person)).await?;
            let score = self.score_of(&p).map_err(|why| {
                AppError::Validation(ValidationErrors::from(FieldError::new(
                    "score",
                    "not_scored",
                    format!("This person cannot be scored, so the panel cannot decide on a score: {why}"),
                )))
            })?;
            let names = Names::load(w.tx(), &[]).await?;
            let status = self.line(&p, score.clone(), &decisions, &names).status;
            let in_cohort = matches!(status, CohortStatus::Adopted | CohortStatus::ExitProposed);
            let refused = match decision {
                "adopt" if in_cohort => Some("The person is already in the cohort"),
                "reject" if in_cohort => Some("The person is in the cohort: deselect them instead"),
                "deselect" if !in_cohort => Some("Only someone in the cohort can be deselected"),
                _ => None,
            };
            if let Some(why) = refused {
                return Err(AppError::Validation(ValidationErrors::from(FieldError::new(
                    "decision",
                    "not_allowed",
                    why,
                ))));
            }
            let rationale = rationale.clone().unwrap_or_default();
            let by = w.actor().user_id;
            concord_store::insert_cohort_decision(
                w.tx(),
                &cap,
                &CohortDecisionRow {
                    id: uuid::Uuid::now_v7(),
                    person_id: person,
                    town: p.town.clone(),
                    decision: decision.to_string(),
                    strand: if adopting { strand.map(|s| s.code().to_string()) } else { None },
                    rationale: rationale.clone(),
                    score: json!(score),
                    review_on,
                    decided_by: by,
                    decided_at: self.clock.now(),
                },
            )
            .await?;
            // Adoption makes the case the IOM team's: the deciding officer is allocated
            // (their team reaches it too); deselection ends what adoption gave.
            if decision != "reject" {
                let me = (w.actor().user_id, w.actor().agency_id);
                concord_store::iom_allocation(w.tx(), &cap, person, me, adopting, today).await?;
            }
            w.audit(
                AuditKind::Collection,
                Action::Create,
                Some(person.0),
                &format!("recorded the IOM panel's decision: {decision}"),
                Note {
                    sections: Some(SectionSet::of(&[Section::Identity, Section::Convictions])),
                    purpose: Some(rationale),
                    detail: Some(json!({"decision": decision, "strand": strand.map(Strand::code), "score": score.total, "config": score.config_version})),
                    ..Note::default()
                },
            );
            Ok(())
        })
        .await
    }
}
