//! A person's audit trail as CSV, for a complaint or a subject access request: every
//! collection, alteration, consultation, disclosure and refusal, oldest first, with who,
//! which agency, which sections, the purpose and the request. The export is itself
//! recorded in the chain as a disclosure.

use concord_authz::{Action, Actor, Resource, ResourceKind};
use concord_domain::PersonId;
use concord_domain::UserId;
use concord_store::audit::{append, AuditKind};

use crate::access::Note;
use crate::person::Names;
use crate::{AppError, Sharing};

const HEADER: [&str; 14] = [
    "seq",
    "at",
    "kind",
    "outcome",
    "action",
    "resource",
    "staff",
    "agency",
    "sections",
    "reason",
    "purpose",
    "recipient",
    "request_id",
    "hash",
];

impl Sharing<'_> {
    /// The CSV text of `person`'s audit trail; `purpose` says why it is exported.
    pub async fn export_audit_trail(
        &self,
        actor: &Actor,
        person: PersonId,
        purpose: &str,
    ) -> Result<(String, usize), AppError> {
        // The trail is complete: events still waiting for the sealer are sealed first
        // (before the unit begins, so its own transaction never waits on the sealer).
        self.settle_audit().await?;
        self.run(actor, async |w| {
            let cap = w.decide(
                Action::Export,
                &Resource::other(ResourceKind::AuditTrail, None),
            )?;
            if concord_store::person_owner(w.tx(), person).await?.is_none() {
                return Err(AppError::NotFound);
            }
            let purpose = purpose.trim();
            if purpose.is_empty() {
                return Err(AppError::field(
                    "purpose",
                    "required",
                    "Say why the audit trail is exported (a complaint, a subject access request)",
                ));
            }
            let events = concord_store::audit::trail_of_person(w.tx(), &cap, person).await?;
            let staff: Vec<UserId> = events.iter().filter_map(|e| e.actor_user_id).collect();
            let names = Names::load(w.tx(), &staff).await?;
            let mut rows: Vec<Vec<String>> = Vec::with_capacity(events.len() + 1);
            rows.push(HEADER.iter().map(|h| (*h).to_string()).collect());
            for e in &events {
                let row = [
                    e.seq.to_string(),
                    e.at.to_rfc3339(),
                    e.kind.clone(),
                    e.outcome.clone(),
                    e.action.clone(),
                    e.resource_type.clone(),
                    names.user(e.actor_user_id),
                    names.agency_opt(e.actor_agency_id),
                    e.sections.clone().unwrap_or_default(),
                    e.reason.clone(),
                    e.purpose.clone().unwrap_or_default(),
                    e.recipient.clone().unwrap_or_default(),
                    e.request_id.clone().unwrap_or_default(),
                    e.hash.clone(),
                ];
                rows.push(row.to_vec());
            }
            let csv = crate::csv_export::csv_text(&rows);
            append(
                w.tx(),
                self.event(
                    actor,
                    AuditKind::Disclosure,
                    Action::Export,
                    ResourceKind::AuditTrail,
                    Some(person.0),
                    "exported the person's audit trail",
                    Note {
                        purpose: Some(purpose.to_string()),
                        recipient: Some("audit trail export".into()),
                        detail: Some(serde_json::json!({"events": events.len()})),
                        ..Note::default()
                    },
                ),
            )
            .await?;
            Ok((csv, events.len()))
        })
        .await
    }
}
