//! One person across agencies' records: the links of a record, and unlinking. A link
//! never moves or copies anything: each record keeps its owner and its contents, and
//! what the viewer may see of a linked record is decided on that record, as always.

use chrono::{DateTime, Utc};
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::UserId;
use concord_domain::{DomainEvent, DomainEventType};
use concord_domain::{LinkId, LinkKind, PairStatus, PersonId};
use concord_store::audit::AuditKind;
use serde::Serialize;
use serde_json::json;

use crate::access::Note;
use crate::{AppError, Identify};

/// The other side of one link of a record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkedRecord {
    pub link_id: LinkId,
    pub person_id: PersonId,
    /// The agency that holds the other record.
    pub agency: String,
    /// Automatic (the model was sure) or reviewed (a person decided).
    pub kind: LinkKind,
    pub reason: String,
    pub linked_at: DateTime<Utc>,
    pub linked_by: Option<String>,
    pub unlinked_at: Option<DateTime<Utc>>,
    pub unlinked_by: Option<String>,
    pub unlink_reason: Option<String>,
}

impl LinkedRecord {
    pub fn is_live(&self) -> bool {
        self.unlinked_at.is_none()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LinkedRecords {
    pub links: Vec<LinkedRecord>,
    /// May the viewer unlink (they resolve duplicates)?
    pub may_unlink: bool,
}

impl Identify<'_> {
    /// The records linked with `person`, live and ended, for its "same person" panel.
    /// Needs sight of the record's identity; says nothing of the other records beyond
    /// which agency holds them (opening one is decided and audited on its own).
    pub async fn linked_records(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<LinkedRecords, AppError> {
        self.run(actor, async |w| {
            let cap = w
                .person(Action::Read, person, SectionSet::one(Section::Identity))
                .await?;
            let links = self.links_in(w.tx(), &cap, person).await?;
            Ok(LinkedRecords {
                links,
                may_unlink: actor.has(concord_authz::Permission::PersonCombine),
            })
        })
        .await
    }

    pub(crate) async fn links_in(
        &self,
        tx: &mut concord_store::Tx,
        cap: &concord_authz::Capability,
        person: PersonId,
    ) -> Result<Vec<LinkedRecord>, AppError> {
        let links = concord_store::links_of(tx, cap, person).await?;
        if links.is_empty() {
            return Ok(vec![]);
        }
        let users: Vec<UserId> = links
            .iter()
            .flat_map(|l| [l.linked_by, l.unlinked_by])
            .flatten()
            .collect();
        let names = crate::person::Names::load(tx, &users).await?;
        let mut out = vec![];
        for l in links {
            let other = if l.left_person_id == person {
                l.right_person_id
            } else {
                l.left_person_id
            };
            let owner = concord_store::person_owner(tx, other).await?;
            out.push(LinkedRecord {
                link_id: l.id,
                person_id: other,
                agency: owner.map(|a| names.agency(a)).unwrap_or_default(),
                kind: l.kind,
                reason: l.reason,
                linked_at: l.linked_at,
                linked_by: l.linked_by.map(|u| names.user(Some(u))),
                unlinked_at: l.unlinked_at,
                unlinked_by: l.unlinked_by.map(|u| names.user(Some(u))),
                unlink_reason: l.unlink_reason,
            });
        }
        Ok(out)
    }

    /// Undo a link: the two records are separate again exactly as before, and the pair
    /// is remembered as "different people" so no later run links it again.
    pub async fn unlink_records(
        &self,
        actor: &Actor,
        link_id: LinkId,
        reason: &str,
    ) -> Result<(), AppError> {
        let reason = concord_domain::required_multiline_text(
            "reason",
            "why these records are not the same person",
            reason,
            1000,
        )
        .map_err(concord_domain::ValidationErrors::from)?;
        let reason = reason.as_str();
        self.run(actor, async |w| {
            let link = concord_store::link(w.tx(), link_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let identity = SectionSet::one(Section::Identity);
            let (l, r) = (link.left_person_id, link.right_person_id);
            let left = w.person(Action::Combine, l, identity).await?;
            let right = w.person(Action::Combine, r, identity).await?;
            if link.unlinked_at.is_some() {
                return Err(AppError::Conflict);
            }
            let now = self.clock.now();
            concord_store::end_link(w.tx(), &left, &right, &link, actor.user_id, now, reason)
                .await?;
            let queue = self.decide_queue(actor)?;
            if let Some(pair) = concord_store::pair(w.tx(), &queue, link.pair_id).await? {
                concord_store::decide_pair(
                    w.tx(),
                    &queue,
                    pair.id,
                    concord_store::PairDecision {
                        from: pair.status,
                        to: PairStatus::Different,
                        by: actor.user_id,
                        at: now,
                        reason,
                    },
                )
                .await?;
            }
            for (this, other) in [(l, r), (r, l)] {
                w.audit(
                    AuditKind::Combination,
                    Action::Combine,
                    Some(this.as_uuid()),
                    "unlinked from another record: not the same person",
                    Note {
                        sections: Some(identity),
                        detail: Some(json!({"link": link.id, "with": other, "reason": reason})),
                        ..Note::default()
                    },
                );
                w.raise(
                    DomainEvent::new(DomainEventType::PersonRecordsUnlinked, this)
                        .with("linkId", link.id)
                        .with("otherPersonId", other),
                );
            }
            Ok(())
        })
        .await
    }
}
