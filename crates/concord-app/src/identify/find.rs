//! Comparing the whole register for duplicates: train the model on the register as it
//! is (u from random pairs, m by EM; no labels needed, and reviewers' decisions so far
//! taken as evidence), score every candidate pair, link
//! the pairs it is sure of and queue the doubtful ones. Decisions already made stand: a
//! pair seen before keeps its status, and "different people" keeps its two records
//! apart however strong a chain of other links between them.

use concord_domain::{LinkId, LinkKind, PairId, PairStatus, PersonId};
use std::collections::{HashMap, HashSet};

use concord_authz::{Action, Actor, ListScope, Resource, Section, SectionSet};
use concord_match::{cluster_apart, link, Label, Link, Progress, Settings, Sides};
use concord_store::audit::AuditKind;
use concord_store::{LinkRow, PairRow};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use super::{ordered, person_id, register_records, LINK_FROM, REVIEW_FROM};
use crate::access::Note;
use crate::kernel::Work;
use crate::{AppError, Identify};

/// What one run found.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DuplicateRun {
    pub records: usize,
    /// Candidate pairs the blocking rules gave and the model compared.
    pub compared: u64,
    /// New pairs linked automatically.
    pub linked: usize,
    /// New pairs put in the review queue.
    pub queued: usize,
    /// Strong pairs not linked because an identifier conflict or a reviewer's "different
    /// people" forbids joining their records: queued instead.
    pub kept_apart: usize,
    /// Pairs already known, re-scored (their status unchanged).
    pub rescored: usize,
}

impl Identify<'_> {
    pub async fn find_duplicates(
        &self,
        actor: &Actor,
        progress: &dyn Progress,
    ) -> Result<DuplicateRun, AppError> {
        self.run(actor, async |w| self.find_duplicates_in(w, progress).await)
            .await
    }

    async fn find_duplicates_in(
        &self,
        w: &mut Work<'_>,
        progress: &dyn Progress,
    ) -> Result<DuplicateRun, AppError> {
        let actor = w.actor();
        let cap = w.decide(
            Action::Combine,
            &Resource::list(ListScope::Register)
                .sections(SectionSet::of(&[Section::Identity, Section::Addresses])),
        )?;
        let records = register_records(w.tx(), &cap).await?;
        let ids: Vec<Uuid> = records
            .iter()
            .map(|r| person_id(&r.id))
            .collect::<Result<_, _>>()?;
        let index: HashMap<Uuid, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let known: HashMap<(Uuid, Uuid), PairRow> = concord_store::all_pairs(w.tx(), &cap)
            .await?
            .into_iter()
            .map(|p| ((p.left_person_id.as_uuid(), p.right_person_id.as_uuid()), p))
            .collect();
        // Reviewers' decisions teach the model (an unlinked pair was decided different).
        let labels: Vec<Label> = known
            .values()
            .filter(|p| matches!(p.status, PairStatus::Same | PairStatus::Different))
            .filter_map(|p| {
                Some(Label {
                    left: *index.get(&p.left_person_id.as_uuid())? as u32,
                    right: *index.get(&p.right_person_id.as_uuid())? as u32,
                    same: p.status == PairStatus::Same,
                })
            })
            .collect();
        // u is estimated from random pairs: as many as there are pairs, up to the
        // default (a small register has fewer pairs than that in all).
        let n = records.len();
        let settings = Settings {
            keep_from: REVIEW_FROM,
            random_pairs: (n * n.saturating_sub(1) / 2).clamp(1, Settings::default().random_pairs),
            labels,
            ..Settings::default()
        };
        let linkage = link(&records, Sides::Dedupe, &settings, None, progress);
        let now = self.clock.now();
        concord_store::save_model(
            w.tx(),
            &cap,
            actor.user_id,
            now,
            records.len() as i64,
            &serde_json::from_str(&linkage.model.to_json())
                .map_err(|e| AppError::Internal(e.to_string()))?,
        )
        .await?;

        // Existing links join first (probability 1); decisions of "different" keep apart.
        let mut links: Vec<Link> = concord_store::live_links(w.tx(), &cap)
            .await?
            .into_iter()
            .filter_map(|(l, r)| {
                Some(Link {
                    left: *index.get(&l)?,
                    right: *index.get(&r)?,
                    probability: 1.0,
                })
            })
            .collect();
        let apart: Vec<(usize, usize)> = known
            .values()
            .filter(|p| p.status == PairStatus::Different)
            .filter_map(|p| {
                Some((
                    *index.get(&p.left_person_id.as_uuid())?,
                    *index.get(&p.right_person_id.as_uuid())?,
                ))
            })
            .collect();
        let key = |i: u32, j: u32| ordered(ids[i as usize], ids[j as usize]);
        links.extend(
            linkage
                .pairs
                .iter()
                .filter(|p| {
                    p.match_probability >= LINK_FROM && !known.contains_key(&key(p.left, p.right))
                })
                .map(|p| Link {
                    left: p.left as usize,
                    right: p.right as usize,
                    probability: p.match_probability,
                }),
        );
        let refused: HashSet<(Uuid, Uuid)> = cluster_apart(&records, &links, LINK_FROM, &apart)
            .refused
            .iter()
            .map(|r| ordered(ids[r.left], ids[r.right]))
            .collect();

        let mut run = DuplicateRun {
            records: records.len(),
            compared: linkage.compared,
            ..DuplicateRun::default()
        };
        for pair in &linkage.pairs {
            let (left, right) = key(pair.left, pair.right);
            let score = linkage.explain(pair);
            let explanation =
                serde_json::to_value(&score).map_err(|e| AppError::Internal(e.to_string()))?;
            if let Some(existing) = known.get(&(left, right)) {
                concord_store::rescore_pair(
                    w.tx(),
                    &cap,
                    existing.id,
                    score.match_probability,
                    score.match_weight,
                    &explanation,
                )
                .await?;
                run.rescored += 1;
                continue;
            }
            let sure = pair.match_probability >= LINK_FROM;
            let kept_apart = sure && refused.contains(&(left, right));
            let row = PairRow {
                id: PairId::new(),
                left_person_id: PersonId(left),
                right_person_id: PersonId(right),
                match_probability: score.match_probability,
                match_weight: score.match_weight,
                explanation,
                status: if sure && !kept_apart {
                    PairStatus::Linked
                } else {
                    PairStatus::Review
                },
                found_at: now,
                decided_by: None,
                decided_at: None,
                decision_reason: None,
            };
            concord_store::insert_pair(w.tx(), &cap, &row).await?;
            if sure && !kept_apart {
                let reason = format!(
                    "linked automatically: probability {:.4} at or above {LINK_FROM}",
                    row.match_probability
                );
                self.link_pair(w, &row, LinkKind::Automatic, &reason)
                    .await?;
                run.linked += 1;
            } else {
                run.queued += 1;
                run.kept_apart += usize::from(kept_apart);
            }
        }
        w.audit(
            AuditKind::Combination,
            Action::Combine,
            None,
            "compared the register for duplicates",
            Note {
                sections: Some(cap.sections()),
                detail: Some(json!(run)),
                ..Note::default()
            },
        );
        Ok(run)
    }

    /// Link the two records of `pair` as one person, audited on each as a combination.
    pub(crate) async fn link_pair(
        &self,
        w: &mut Work<'_>,
        pair: &PairRow,
        kind: LinkKind,
        reason: &str,
    ) -> Result<Uuid, AppError> {
        let actor = w.actor();
        let identity = SectionSet::one(Section::Identity);
        let (l, r) = (pair.left_person_id, pair.right_person_id);
        let left = w.person(Action::Combine, l, identity).await?;
        let right = w.person(Action::Combine, r, identity).await?;
        let row = LinkRow {
            id: LinkId::new(),
            pair_id: pair.id,
            left_person_id: l,
            right_person_id: r,
            kind,
            reason: reason.into(),
            linked_by: Some(actor.user_id),
            linked_at: self.clock.now(),
            unlinked_by: None,
            unlinked_at: None,
            unlink_reason: None,
        };
        concord_store::insert_link(w.tx(), &left, &right, &row).await?;
        for (this, other) in [(l, r), (r, l)] {
            w.audit(
                AuditKind::Combination,
                Action::Combine,
                Some(this.as_uuid()),
                "linked with another agency's record as the same person",
                Note {
                    sections: Some(identity),
                    detail: Some(json!({
                        "link": row.id, "pair": pair.id, "with": other, "kind": kind.code(),
                        // As text: a float read back from JSON may differ in its last
                        // digit, and the event's hash covers this detail.
                        "match_probability": format!("{:.6}", pair.match_probability),
                        "reason": reason,
                    })),
                    ..Note::default()
                },
            );
        }
        Ok(row.id.as_uuid())
    }
}
