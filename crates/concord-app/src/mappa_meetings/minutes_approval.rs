//! The chair's approval of a case's minutes, with two rules: only the meeting's chair
//! approves (`not_chair`), and not text the chair wrote (`own_minutes`) — approval is a
//! second pair of eyes on what someone else recorded.
//!
//! Every save is a whole new version, so who wrote each heading as it now stands is read
//! from the drafts since the last approved version: the writer of the last draft that
//! changed a heading's text is that heading's author. Per heading rather than per
//! version because the chair is the only one who may approve: a chair who drafted a
//! heading is not locked out for good, since the minute-taker may rewrite it in a later
//! draft and so take it over.

use concord_domain::UserId;
use concord_domain::{DomainEvent, DomainEventType};
use std::collections::BTreeMap;

use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{MeetingId, PersonId};
use concord_mappa::MinutesStatus;
use concord_store::audit::AuditKind;
use concord_store::MinutesRow;

use super::minutes::MINUTES_HEADINGS;
use crate::access::Note;
use crate::{AppError, Meetings};

fn texts(row: &MinutesRow) -> BTreeMap<String, String> {
    serde_json::from_str(&row.sections).unwrap_or_default()
}

/// The headings of the latest draft (in the standard order) whose current text
/// `writer` wrote or last changed since the last approved version. Empty when the
/// latest version is not a draft.
pub(crate) fn headings_written_by(rows: &[MinutesRow], writer: UserId) -> Vec<&'static str> {
    let drafts_from = rows
        .iter()
        .rposition(|r| r.status != MinutesStatus::Draft)
        .map_or(0, |i| i + 1);
    let mut before = rows[..drafts_from].last().map(texts).unwrap_or_default();
    let mut author: BTreeMap<String, UserId> = BTreeMap::new();
    for row in &rows[drafts_from..] {
        let now = texts(row);
        for (key, _, _) in MINUTES_HEADINGS {
            if now.get(*key) != before.get(*key) {
                author.insert(key.to_string(), row.written_by);
            }
        }
        before = now;
    }
    MINUTES_HEADINGS
        .iter()
        .filter(|(key, _, _)| author.get(*key) == Some(&writer))
        .map(|(_, heading, _)| *heading)
        .collect()
}

impl Meetings<'_> {
    /// The chair approves the latest draft. Anyone else (`not_chair`), or the chair when
    /// any heading of it is the chair's own writing (`own_minutes`), is refused, naming
    /// `approver`; the refusal is audited and nothing is saved.
    pub async fn approve_mappa_minutes(
        &self,
        actor: &Actor,
        meeting: MeetingId,
        person: PersonId,
    ) -> Result<i32, AppError> {
        self.run_refusable(actor, person, &["not_chair", "own_minutes"], "approving the minutes", async |w| {
            let (m, cap) = self
                .minutes_context(w.tx(), actor, meeting, person, Action::Read)
                .await?;
            if let Err(e) = concord_mappa::check_minutes_approver(
                &actor.user_id.to_string(),
                &m.chair_id.to_string(),
            ) {
                return Err(AppError::field("approver", e.code(), e.to_string()));
            }
            let rows = concord_store::minutes_versions(w.tx(), &cap, m.id, person).await?;
            let mut latest = rows
                .last()
                .filter(|r| r.status == MinutesStatus::Draft)
                .cloned()
                .ok_or_else(|| {
                    AppError::field(
                        "version",
                        "no_draft",
                        "There is no draft of the minutes to approve",
                    )
                })?;
            let own = headings_written_by(&rows, actor.user_id);
            if !own.is_empty() {
                return Err(AppError::field(
                    "approver",
                    "own_minutes",
                    format!(
                        "You cannot approve minutes you wrote or changed ({}); the minute-taker must review and save those headings first",
                        own.join("; ")
                    ),
                ));
            }
            let change = w.person(
                    Action::Change,
                    person,
                    SectionSet::one(Section::Management),
                )
                .await?;
            latest.status = MinutesStatus::Approved;
            latest.approved_by = Some(actor.user_id);
            latest.approved_at = Some(self.clock.now());
            concord_store::set_minutes_status(w.tx(), &change, &latest).await?;
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(person.0),
                &format!("approved MAPP meeting minutes, version {}", latest.version),
                Note::detail(serde_json::json!({"meeting": m.id, "version": latest.version})),
            );
            w.raise(
                DomainEvent::new(DomainEventType::MappaMinutesApproved, person)
                    .with("meetingId", m.id)
                    .with("version", latest.version),
            );
            Ok(latest.version)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use uuid::Uuid;

    fn version(n: i32, status: MinutesStatus, by: UserId, texts: &[(&str, &str)]) -> MinutesRow {
        let map: BTreeMap<&str, &str> = texts.iter().copied().collect();
        MinutesRow {
            id: concord_domain::MinutesId::new(),
            meeting_id: concord_domain::MeetingId(Uuid::nil()),
            person_id: concord_domain::PersonId(Uuid::nil()),
            version: n,
            status,
            sections: serde_json::to_string(&map).expect("json"),
            written_by: by,
            approved_by: None,
            approved_at: None,
            distributed_at: None,
            created_at: Utc::now(),
        }
    }

    #[test]
    fn a_heading_belongs_to_whoever_last_changed_it_since_the_last_approval() {
        let (chair, taker) = (UserId::new(), UserId::new());
        let rows = [
            version(
                1,
                MinutesStatus::Approved,
                taker,
                &[("reason", "a"), ("actions", "x")],
            ),
            version(
                2,
                MinutesStatus::Draft,
                chair,
                &[("reason", "a"), ("actions", "y")],
            ),
            version(
                3,
                MinutesStatus::Draft,
                taker,
                &[("reason", "b"), ("actions", "y")],
            ),
        ];
        assert_eq!(
            headings_written_by(&rows, chair),
            vec!["7. Actions agreed"],
            "the chair's change to the actions stands"
        );
        assert_eq!(
            headings_written_by(&rows, taker),
            vec!["1. Reason for discussion and current level"]
        );
    }

    #[test]
    fn the_minute_taker_takes_over_a_heading_by_rewriting_it() {
        let (chair, taker) = (UserId::new(), UserId::new());
        let rows = [
            version(1, MinutesStatus::Draft, chair, &[("reason", "a")]),
            version(2, MinutesStatus::Draft, taker, &[("reason", "a, reviewed")]),
        ];
        assert!(headings_written_by(&rows, chair).is_empty());
    }
}
