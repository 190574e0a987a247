//! The orders and breaches the MAPPA annual report counts for registered sexual
//! offenders (issue 7 item 11): recorded on a person by MAPPA staff or the case team,
//! in the management section.

use chrono::NaiveDate;
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::OrderEventId;
use concord_domain::{FieldError, PersonId, ValidationErrors};
use concord_mappa::OrderEventKind;
use concord_store::audit::AuditKind;
use concord_store::OrderEventRow;
use serde::Serialize;
use serde_json::json;

use super::past_date;
use crate::access::Note;
use crate::kernel::Work;
use crate::{AppError, Oversight};

#[derive(Debug, Clone, Default)]
pub struct OrderEventForm {
    /// An [`OrderEventKind`] code.
    pub kind: String,
    pub occurred_on: String,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OrderEventView {
    pub id: OrderEventId,
    pub kind: OrderEventKind,
    pub label: String,
    pub occurred_on: NaiveDate,
    pub note: String,
}

impl Oversight<'_> {
    pub async fn record_order_event(
        &self,
        actor: &Actor,
        person: PersonId,
        form: &OrderEventForm,
    ) -> Result<OrderEventId, AppError> {
        let today = self.clock.today();
        let mut errors = ValidationErrors::new();
        let kind = OrderEventKind::from_code(form.kind.trim());
        if kind.is_none() {
            errors.push(FieldError::new("kind", "required", "Choose what happened"));
        }
        let on = past_date(&mut errors, "occurred_on", "Date", &form.occurred_on, today);
        if form.note.trim().chars().count() > concord_mappa::MAX_TEXT {
            errors.push(FieldError::new(
                "note",
                "too_long",
                format!(
                    "The note must be {} characters or fewer",
                    concord_mappa::MAX_TEXT
                ),
            ));
        }
        let (Some(kind), Some(on)) = (kind, on.filter(|_| errors.is_empty())) else {
            return Err(AppError::Validation(errors));
        };
        self.run(actor, async |w| {
            let cap = w
                .person(Action::Change, person, SectionSet::one(Section::Management))
                .await?;
            let id = OrderEventId::new();
            concord_store::insert_order_event(
                w.tx(),
                &cap,
                &OrderEventRow {
                    id,
                    person_id: person,
                    kind,
                    occurred_on: on,
                    note: form.note.trim().into(),
                    recorded_by: actor.user_id,
                    created_at: self.clock.now(),
                },
            )
            .await?;
            w.audit(
                AuditKind::Collection,
                Action::Change,
                Some(person.0),
                "recorded an order or breach for the MAPPA statistics",
                Note {
                    sections: Some(cap.sections()),
                    detail: Some(json!({"order_event": id, "kind": kind.code()})),
                    ..Note::default()
                },
            );
            Ok(id)
        })
        .await
    }

    pub async fn order_events(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<Vec<OrderEventView>, AppError> {
        self.run(actor, async |w| self.order_events_in(w, person).await)
            .await
    }

    /// [`Self::order_events`] within a unit of work (a page that shows it with other parts).
    pub(crate) async fn order_events_in(
        &self,
        w: &mut Work<'_>,
        person: PersonId,
    ) -> Result<Vec<OrderEventView>, AppError> {
        let cap = w
            .person(Action::Read, person, SectionSet::one(Section::Management))
            .await?;
        let rows = concord_store::order_events_of(w.tx(), &cap, person).await?;
        w.audit(
            AuditKind::Consultation,
            Action::Read,
            Some(person.0),
            "viewed the orders and breaches",
            Note::sections(cap.sections()),
        );
        Ok(rows
            .into_iter()
            .map(|r| OrderEventView {
                id: r.id,
                label: r.kind.label().to_string(),
                kind: r.kind,
                occurred_on: r.occurred_on,
                note: r.note,
            })
            .collect())
    }
}
