//! Domain events (ADR 0009, docs/events.md): a use case raises them with
//! [`crate::kernel::Work::raise`]; the runner writes them to the outbox in the use case's
//! transaction; the node's [`Publisher`] sends them to NATS JetStream once they have
//! committed.
//!
//! The body is the shape HMPPS services publish (`eventType`, `version`, `detailUrl`,
//! `occurredAt`, `description`, `additionalInformation`, `personReference`), so a consumer
//! written for those reads Concord's too.

mod publisher;

use chrono::{DateTime, SecondsFormat, Utc};
use concord_domain::{DomainEvent, DomainEventType, EventStream};
use concord_licence::LicenceEvent;
use concord_store::outbox::OutboxEvent;
use serde::ser::SerializeMap;
use serde::Serialize;
use uuid::Uuid;

pub(crate) use publisher::Publisher;
pub use publisher::{stream_name, valid_namespace, PublishedCount, DEFAULT_NAMESPACE};

/// The version of every event body: raised when a body changes incompatibly.
const BODY_VERSION: u32 = 1;

/// The body of an event as published.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Body<'a> {
    event_type: &'static str,
    version: u32,
    detail_url: String,
    occurred_at: String,
    description: &'static str,
    additional_information: Additional<'a>,
    person_reference: PersonReference,
}

/// `additionalInformation` in the order the use case added its entries.
struct Additional<'a>(&'a [(&'static str, String)]);

impl Serialize for Additional<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct PersonReference {
    identifiers: Vec<Identifier>,
}

#[derive(Serialize)]
struct Identifier {
    #[serde(rename = "type")]
    kind: &'static str,
    value: String,
}

/// Where a subscriber asks Concord for what changed, relative to Concord's address (the
/// API decides and audits that request as any other).
fn detail_url(event: &DomainEvent) -> String {
    let person = event.person.0;
    match event.event_type.stream() {
        EventStream::Licence => format!("/api/v1/persons/{person}/licences"),
        EventStream::Risk => format!("/api/v1/persons/{person}/risk-assessments"),
        EventStream::Person | EventStream::Mappa => format!("/api/v1/persons/{person}"),
    }
}

/// The domain event a step in a licence's life raises.
pub(crate) fn of_licence_event(event: LicenceEvent) -> DomainEventType {
    use DomainEventType as D;
    use LicenceEvent as L;
    match event {
        L::Created => D::LicenceCreated,
        L::ConditionAdded | L::ConditionChanged | L::ConditionRemoved => {
            D::LicenceConditionsChanged
        }
        L::VariationStarted | L::StartVariation => D::LicenceVariationStarted,
        L::RecallRequested => D::LicenceRecallRequested,
        L::Recall | L::RecallRejected => D::LicenceRecallDecided,
        L::ReturnedToCustody => D::LicenceReturnedToCustody,
        L::ReplacedByVariation
        | L::Submit
        | L::Approve
        | L::Reject
        | L::Activate
        | L::Deactivate
        | L::SubmitVariation
        | L::ApproveVariation
        | L::RejectVariation
        | L::BackToInProgress
        | L::EndedByRecall => D::LicenceStatusChanged,
    }
}

/// The event as it waits in the outbox: a new id (the JetStream message id, so a resend
/// is recognised) and the body fixed now, so every send is the same bytes.
pub(crate) fn to_outbox(event: &DomainEvent, at: DateTime<Utc>) -> OutboxEvent {
    let body = Body {
        event_type: event.event_type.name(),
        version: BODY_VERSION,
        detail_url: detail_url(event),
        occurred_at: at.to_rfc3339_opts(SecondsFormat::Millis, true),
        description: event.event_type.description(),
        additional_information: Additional(&event.additional),
        person_reference: PersonReference {
            identifiers: vec![Identifier {
                kind: "CONCORD_ID",
                value: event.person.0.to_string(),
            }],
        },
    };
    OutboxEvent {
        id: Uuid::now_v7(),
        subject: event.subject().to_owned(),
        // A struct of strings and numbers always serialises.
        payload: serde_json::to_string(&body).unwrap_or_default(),
        raised_at: at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use concord_domain::PersonId;

    #[test]
    fn the_body_has_hmpps_field_order_and_only_ids() {
        let person = PersonId(Uuid::nil());
        let event = DomainEvent::new(DomainEventType::LicenceStatusChanged, person)
            .with("licenceId", "L1")
            .with("status", "APPROVED");
        let at = Utc
            .with_ymd_and_hms(2026, 12, 4, 9, 30, 0)
            .single()
            .unwrap();
        let out = to_outbox(&event, at);
        assert_eq!(out.subject, "concord.licence.status-changed");
        assert_eq!(
            out.payload,
            r#"{"eventType":"concord.licence.status-changed","version":1,"detailUrl":"/api/v1/persons/00000000-0000-0000-0000-000000000000/licences","occurredAt":"2026-12-04T09:30:00.000Z","description":"A licence was submitted, approved, rejected, activated or ended","additionalInformation":{"licenceId":"L1","status":"APPROVED"},"personReference":{"identifiers":[{"type":"CONCORD_ID","value":"00000000-0000-0000-0000-000000000000"}]}}"#
        );
        assert_ne!(
            to_outbox(&event, at).id,
            out.id,
            "every raise is a new event"
        );
    }
}
