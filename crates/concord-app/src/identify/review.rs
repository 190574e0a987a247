//! The possible-duplicates queue: pairs the model was unsure of, side by side with the
//! explanation, for a data quality officer to decide "same person" (the records are
//! linked) or "different people" (remembered: never linked automatically again).

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{Action, Actor, Capability, ListScope, Resource, Section, SectionSet};
use concord_domain::UserId;
use concord_domain::{
    display_name, format_date, Gender, IdentifierKind, LinkKind, PairId, PairStatus, PersonId,
};
use concord_match::{describe, Score};
use concord_store::audit::AuditKind;
use concord_store::PairRow;
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::access::Note;
use crate::kernel::Work;
use crate::{AppError, Identify};

/// One record of a pair, as far as matching compares it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairSide {
    pub person_id: PersonId,
    pub agency: String,
    /// The id the agency's own system gives the record, when it came from a feed.
    pub source_id: Option<String>,
    pub name: String,
    pub aliases: Vec<String>,
    pub date_of_birth: NaiveDate,
    pub gender: String,
    /// (label, value), e.g. ("PNC ID", "2001/0123456Z").
    pub identifiers: Vec<(String, String)>,
    /// Current addresses, one line each.
    pub addresses: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueueItem {
    pub pair_id: PairId,
    pub match_probability: f64,
    pub left: PairSide,
    pub right: PairSide,
}

/// One bar of the explanation: what was compared, the level reached, its weight.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bar {
    pub description: String,
    pub weight: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DuplicatePair {
    pub pair_id: PairId,
    pub status: PairStatus,
    pub match_probability: f64,
    pub match_weight: f64,
    pub bars: Vec<Bar>,
    pub left: PairSide,
    pub right: PairSide,
    pub found_at: DateTime<Utc>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_reason: Option<String>,
}

const COMPARED: [Section; 2] = [Section::Identity, Section::Addresses];

impl Identify<'_> {
    /// Working the queue: the same decision as comparing the register.
    pub(crate) fn decide_queue(&self, actor: &Actor) -> Result<Capability, AppError> {
        self.decide(
            actor,
            Action::Combine,
            &Resource::list(ListScope::Register).sections(SectionSet::of(&COMPARED)),
        )
    }

    /// The pairs waiting for a decision, most probable first, and how many there are.
    pub async fn duplicate_queue(
        &self,
        actor: &Actor,
        limit: i64,
    ) -> Result<(Vec<QueueItem>, i64), AppError> {
        self.run(actor, async |w| {
            let queue = self.decide_queue(actor)?;
            let total = concord_store::count_pairs(w.tx(), &queue, PairStatus::Review).await?;
            let pairs =
                concord_store::pairs_with_status(w.tx(), &queue, PairStatus::Review, limit).await?;
            let names = crate::person::Names::load(w.tx(), &[]).await?;
            let mut items = vec![];
            for p in &pairs {
                items.push(QueueItem {
                    pair_id: p.id,
                    match_probability: p.match_probability,
                    left: self
                        .pair_side(w, &names, p.left_person_id.as_uuid())
                        .await?,
                    right: self
                        .pair_side(w, &names, p.right_person_id.as_uuid())
                        .await?,
                });
            }
            let shown: Vec<PersonId> = pairs
                .iter()
                .flat_map(|p| [p.left_person_id, p.right_person_id])
                .collect();
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                None,
                "viewed the possible duplicates queue",
                Note {
                    sections: Some(SectionSet::of(&COMPARED)),
                    detail: Some(json!({"records": shown})),
                    ..Note::default()
                },
            );
            Ok((items, total))
        })
        .await
    }

    /// One pair side by side with its explanation; each record's consultation audited.
    pub async fn duplicate_pair(
        &self,
        actor: &Actor,
        pair_id: PairId,
    ) -> Result<DuplicatePair, AppError> {
        self.run(actor, async |w| {
            let queue = self.decide_queue(actor)?;
            let p = concord_store::pair(w.tx(), &queue, pair_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let deciders: Vec<UserId> = p.decided_by.into_iter().collect();
            let names = crate::person::Names::load(w.tx(), &deciders).await?;
            let left = self
                .pair_side(w, &names, p.left_person_id.as_uuid())
                .await?;
            let right = self
                .pair_side(w, &names, p.right_person_id.as_uuid())
                .await?;
            for (this, other) in [
                (p.left_person_id, p.right_person_id),
                (p.right_person_id, p.left_person_id),
            ] {
                w.audit(
                    AuditKind::Consultation,
                    Action::Read,
                    Some(this.as_uuid()),
                    "compared with a possible duplicate",
                    Note {
                        sections: Some(SectionSet::of(&COMPARED)),
                        detail: Some(json!({"pair": p.id, "with": other})),
                        ..Note::default()
                    },
                );
            }
            let score: Score = serde_json::from_value(p.explanation.clone())
                .map_err(|e| AppError::Internal(format!("pair {}'s explanation: {e}", p.id)))?;
            Ok(DuplicatePair {
                pair_id: p.id,
                status: p.status,
                match_probability: p.match_probability,
                match_weight: p.match_weight,
                bars: score
                    .contributions
                    .iter()
                    .map(|c| Bar {
                        description: describe(c),
                        weight: c.weight,
                    })
                    .collect(),
                left,
                right,
                found_at: p.found_at,
                decided_by: p.decided_by.map(|u| names.user(Some(u))),
                decided_at: p.decided_at,
                decision_reason: p.decision_reason.clone(),
            })
        })
        .await
    }

    /// Decide a queued pair. "Same person" links the records; "different people" is
    /// remembered so no later run links them. Either way, with a reason.
    pub async fn decide_duplicate(
        &self,
        actor: &Actor,
        pair_id: PairId,
        same: bool,
        reason: &str,
    ) -> Result<(), AppError> {
        let reason = concord_domain::required_multiline_text(
            "reason",
            "the reason for your decision",
            reason,
            1000,
        )
        .map_err(concord_domain::ValidationErrors::from)?;
        let reason = reason.as_str();
        self.run(actor, async |w| {
            let queue = self.decide_queue(actor)?;
            let p: PairRow = concord_store::pair(w.tx(), &queue, pair_id)
                .await?
                .ok_or(AppError::NotFound)?;
            if p.status != PairStatus::Review {
                return Err(AppError::Conflict);
            }
            // Decided "different", the pair no longer gives its reviewer any access: each
            // record is authorised while the review is still open.
            let identity = SectionSet::one(Section::Identity);
            for person in [p.left_person_id, p.right_person_id] {
                w.person(Action::Combine, person, identity).await?;
            }
            let now = self.clock.now();
            let status = if same {
                PairStatus::Same
            } else {
                PairStatus::Different
            };
            concord_store::decide_pair(
                w.tx(),
                &queue,
                p.id,
                concord_store::PairDecision {
                    from: PairStatus::Review,
                    to: status,
                    by: actor.user_id,
                    at: now,
                    reason,
                },
            )
            .await?;
            if same {
                self.link_pair(w, &p, LinkKind::Reviewed, reason).await?;
            } else {
                // Deciding is itself a combination decision on both records: audited.
                for (this, other) in [
                    (p.left_person_id, p.right_person_id),
                    (p.right_person_id, p.left_person_id),
                ] {
                    w.audit(
                        AuditKind::Combination,
                        Action::Combine,
                        Some(this.as_uuid()),
                        "decided not the same person as a possible duplicate",
                        Note {
                            sections: Some(identity),
                            detail: Some(json!({"pair": p.id, "with": other, "reason": reason})),
                            ..Note::default()
                        },
                    );
                }
            }
            Ok(())
        })
        .await
    }

    /// What the reviewer sees of one record, through the access decision on it.
    async fn pair_side(
        &self,
        w: &mut Work<'_>,
        names: &crate::person::Names,
        person: Uuid,
    ) -> Result<PairSide, AppError> {
        let cap = w
            .person(Action::Read, PersonId(person), SectionSet::of(&COMPARED))
            .await?;
        let p = concord_store::person(w.tx(), &cap, PersonId(person))
            .await?
            .ok_or(AppError::NotFound)?;
        let identifiers = concord_store::identifiers(w.tx(), &cap, PersonId(person))
            .await?
            .into_iter()
            .map(|i| {
                let label = IdentifierKind::from_code(&i.kind)
                    .map_or(i.kind.clone(), |k| k.label().to_string());
                (label, i.value)
            })
            .collect();
        let aliases = concord_store::aliases(w.tx(), &cap, PersonId(person))
            .await?
            .into_iter()
            .map(|a| display_name(&a.given_name, a.middle_names.as_deref(), &a.family_name))
            .collect();
        let addresses = if cap.sections().contains(Section::Addresses) {
            concord_store::addresses(w.tx(), &cap, PersonId(person))
                .await?
                .into_iter()
                .filter(|a| a.to_date.is_none())
                .map(|a| {
                    concord_domain::address_one_line(
                        &a.line1,
                        a.line2.as_deref(),
                        &a.town,
                        a.postcode.as_deref(),
                    ) + &format!(" (since {})", format_date(a.from_date))
                })
                .collect()
        } else {
            vec![]
        };
        Ok(PairSide {
            person_id: PersonId(person),
            agency: names.agency(p.owning_agency_id),
            source_id: concord_store::source_id(w.tx(), &cap, PersonId(person)).await?,
            name: display_name(&p.given_name, p.middle_names.as_deref(), &p.family_name),
            aliases,
            date_of_birth: p.date_of_birth,
            gender: Gender::from_code(&p.gender)
                .map_or(p.gender.clone(), |g| g.label().to_string()),
            identifiers,
            addresses,
        })
    }
}
