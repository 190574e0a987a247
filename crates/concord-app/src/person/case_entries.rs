//! Changing what is recorded about a person's case rather than who they are: warning
//! markers, chronology entries and allocations. Each change: decide, validate, write,
//! keep the field-level history, audit, all in one unit of work.

use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{PersonId, RecordId, ValidationErrors};
use concord_store::{
    allocations, insert_allocation, insert_event, insert_marker, user_by_id, AllocationRow,
    EventRow, MarkerRow,
};
use serde_json::{json, Value};

use super::change::diff;
use super::input::{EventInput, MarkerInput};
use super::parse;
use crate::{AppError, People};

impl People<'_> {
    pub async fn add_marker(
        &self,
        actor: &Actor,
        person: PersonId,
        input: &MarkerInput,
    ) -> Result<RecordId, AppError> {
        self.run(actor, async |w| {
            let cap = w
                .person(Action::Change, person, SectionSet::one(Section::Markers))
                .await?;
            let mut errors = ValidationErrors::new();
            let m = parse::marker(input, &mut errors).ok_or(AppError::Validation(errors))?;
            let id = RecordId::new();
            insert_marker(
                w.tx(),
                &cap,
                &MarkerRow {
                    id,
                    person_id: person,
                    kind: m.kind.code().into(),
                    note: m.note.clone(),
                    agency_id: actor.agency_id,
                    raised_by: Some(actor.user_id),
                    raised_on: self.clock.today(),
                    removed_on: None,
                    created_at: self.clock.now(),
                },
            )
            .await?;
            let changes = diff(&[
                ("kind", Value::Null, json!(m.kind.code())),
                ("note", Value::Null, json!(m.note)),
            ]);
            self.record_alteration(w, &cap, person, "warning_marker", id.0, "added", changes)
                .await?;
            Ok(id)
        })
        .await
    }

    pub async fn remove_marker(
        &self,
        actor: &Actor,
        person: PersonId,
        marker: RecordId,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            let cap = w
                .person(Action::Change, person, SectionSet::one(Section::Markers))
                .await?;
            let today = self.clock.today();
            concord_store::remove_marker(w.tx(), &cap, person, marker, today).await?;
            let changes = diff(&[("removed_on", Value::Null, json!(today))]);
            self.record_alteration(
                w,
                &cap,
                person,
                "warning_marker",
                marker.0,
                "removed",
                changes,
            )
            .await
        })
        .await
    }

    pub async fn record_event(
        &self,
        actor: &Actor,
        person: PersonId,
        input: &EventInput,
    ) -> Result<RecordId, AppError> {
        self.run(actor, async |w| {
            let cap = w
                .person(Action::Create, person, parse::event_sections(input)?)
                .await?;
            let mut errors = ValidationErrors::new();
            let e = parse::event(input, self.clock.today(), &mut errors)
                .ok_or(AppError::Validation(errors))?;
            let id = RecordId::new();
            insert_event(
                w.tx(),
                &cap,
                &EventRow {
                    id,
                    person_id: person,
                    event_type: e.event_type.code().into(),
                    occurred_on: e.occurred_on,
                    summary: e.summary.clone(),
                    agency_id: actor.agency_id,
                    recorded_by: Some(actor.user_id),
                    created_at: self.clock.now(),
                    section: e.section.code().into(),
                    withheld_from_person: e.withheld_from_person,
                },
            )
            .await?;
            let changes = diff(&[
                ("event_type", Value::Null, json!(e.event_type.code())),
                ("occurred_on", Value::Null, json!(e.occurred_on)),
            ]);
            self.record_alteration(w, &cap, person, "event", id.0, "added", changes)
                .await?;
            Ok(id)
        })
        .await
    }

    /// Allocate a member of staff to the person (they then see the case in "my cases").
    pub async fn allocate(
        &self,
        actor: &Actor,
        person: PersonId,
        user: concord_domain::UserId,
        role: &str,
    ) -> Result<RecordId, AppError> {
        self.run(actor, async |w| {
            let cap = w.person( Action::Change, person, SectionSet::one(Section::Management))
                .await?;
            let staff = user_by_id(w.tx(), user).await?.ok_or_else(|| {
                AppError::field("user", "user_unknown", "There is no such member of staff")
            })?;
            // Allocation makes someone a case manager with the whole record; a partner
            // agency's worker is given what they need by a referral or a share instead.
            let staff_agency = concord_store::agency(w.tx(), staff.agency_id)
                .await?
                .and_then(|a| concord_domain::AgencyKind::from_code(&a.kind));
            if !staff_agency.is_some_and(|k| {
                k.is_responsible_authority() || k == concord_domain::AgencyKind::ResponsibleAuthority
            }) {
                return Err(AppError::field(
                    "user",
                    "allocation_partner",
                    format!("{} works for a partner agency: refer the person to them or share sections of the record instead", staff.display_name),
                ));
            }
            // A second live allocation to the same person would list them twice in "my cases".
            let today = self.clock.today();
            if allocations(w.tx(), &cap, person).await?.iter().any(|a| {
                a.user_id == staff.id
                    && a.from_date <= today
                    && a.to_date.is_none_or(|end| end >= today)
            }) {
                return Err(AppError::field(
                    "user",
                    "allocation_duplicate",
                    format!("{} is already allocated to this person", staff.display_name),
                ));
            }
            let id = RecordId::new();
            insert_allocation(
                w.tx(),
                &cap,
                &AllocationRow {
                    id,
                    person_id: person,
                    user_id: staff.id,
                    agency_id: staff.agency_id,
                    role: role.into(),
                    from_date: self.clock.today(),
                    to_date: None,
                },
            )
            .await?;
            let changes = diff(&[
                // Their name, as everywhere a reader meets them; the audit event keeps the id.
                ("allocated_to", Value::Null, json!(staff.display_name)),
                ("role", Value::Null, json!(role)),
            ]);
            self.record_alteration(w,
                &cap,
                person,
                "allocation",
                id.0,
                "added",
                changes,
            )
            .await?;
            Ok(id)
        })
        .await
    }
}
