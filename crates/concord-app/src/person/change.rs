//! Changing a person's record. Each change: decide, validate, write, keep the field-level
//! history, audit ("alteration"), all in one transaction.

use chrono::{DateTime, Utc};
use concord_authz::{Action, Actor, Capability, Section, SectionSet};
use concord_domain::AgencyId;
use concord_domain::ChangeId;
use concord_domain::{
    search_tokens, DomainEvent, DomainEventType, PersonId, RecordId, ValidationErrors,
};
use concord_store::audit::AuditKind;
use concord_store::{
    addresses, identifiers, insert_address, insert_alias, insert_identifier, insert_offence,
    insert_sentence, record_change, set_search_tokens, touch_person, update_address, update_person,
    AddressRow, AliasRow, ChangeRow, IdentifierRow, OffenceRow, PersonRow, SentenceRow,
};
use serde_json::{json, Value};
use uuid::Uuid;

use super::input::{
    AddressInput, AliasInput, IdentifierInput, OffenceInput, PersonDetailsInput, SentenceInput,
};
use super::parse;
use crate::access::Note;
use crate::kernel::Work;
use crate::{AppError, People};

pub(crate) fn address_row(
    id: RecordId,
    person_id: PersonId,
    a: &parse::Address,
    agency: AgencyId,
    now: DateTime<Utc>,
) -> AddressRow {
    AddressRow {
        id,
        person_id,
        kind: a.kind.code().into(),
        line1: a.line1.clone(),
        line2: a.line2.clone(),
        town: a.town.clone(),
        postcode: a.postcode.as_ref().map(|p| p.as_str().to_string()),
        from_date: a.from_date,
        to_date: a.to_date,
        agency_id: agency,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

pub(crate) fn sentence_row(
    id: RecordId,
    person_id: PersonId,
    s: &parse::Sentence,
    agency: AgencyId,
    now: DateTime<Utc>,
) -> SentenceRow {
    SentenceRow {
        id,
        person_id,
        kind: s.kind.code().into(),
        description: s.description.clone(),
        start_date: s.dates.start,
        end_date: s.dates.end,
        release_date: s.dates.release,
        licence_end_date: s.dates.licence_end,
        agency_id: agency,
        created_at: now,
        term: s.term.map(|t| t.to_string()),
    }
}

/// `[{field, from, to}]` for the fields whose values differ.
pub(super) fn diff(pairs: &[(&str, Value, Value)]) -> Value {
    Value::Array(
        pairs
            .iter()
            .filter(|(_, from, to)| from != to)
            .map(|(field, from, to)| json!({"field": field, "from": from, "to": to}))
            .collect(),
    )
}

impl People<'_> {
    /// Shared tail of every change: history row, updated timestamp, audit event.
    #[expect(
        clippy::too_many_arguments,
        reason = "the history row needs who, what and which entity; all are distinct"
    )]
    pub(super) async fn record_alteration(
        &self,
        w: &mut Work<'_>,
        cap: &Capability,
        person: PersonId,
        entity: &str,
        entity_id: Uuid,
        operation: &str,
        changes: Value,
    ) -> Result<(), AppError> {
        let actor = w.actor();
        let now = self.clock.now();
        let fields: Vec<Value> = changes
            .as_array()
            .map(|a| a.iter().filter_map(|c| c.get("field").cloned()).collect())
            .unwrap_or_default();
        record_change(
            w.tx(),
            cap,
            &ChangeRow {
                id: ChangeId::new(),
                person_id: person,
                at: now,
                user_id: Some(actor.user_id),
                agency_id: Some(actor.agency_id),
                entity: entity.into(),
                entity_id,
                operation: operation.into(),
                changes,
                // What the write was allowed to touch is what a reader must reach.
                sections: concord_store::sections_to_codes(cap.sections()),
            },
        )
        .await?;
        touch_person(w.tx(), cap, person, now).await?;
        // The audit names what changed, not the values: the history table holds those.
        w.audit(
            AuditKind::Alteration,
            Action::Change,
            Some(person.0),
            &format!("{operation} {entity}"),
            Note {
                sections: Some(cap.sections()),
                detail: Some(json!({"entity": entity, "entity_id": entity_id, "fields": fields})),
                ..Note::default()
            },
        );
        // Case entries (markers, chronology) are the record's working notes, not facts
        // other systems keep: they raise no event.
        let raised = match entity {
            "person" | "alias" | "identifier" => Some(DomainEventType::PersonDetailsChanged),
            "address" => Some(DomainEventType::PersonAddressChanged),
            "offence" | "sentence" => Some(DomainEventType::PersonConvictionRecorded),
            _ => None,
        };
        if let Some(t) = raised {
            w.raise(
                DomainEvent::new(t, person)
                    .with("entity", entity)
                    .with("entityId", entity_id)
                    .with("operation", operation),
            );
        }
        Ok(())
    }

    /// Correct the core details (names, date of birth, gender). `expected_version` is the
    /// version the form was opened at: a stale form is refused, never merged.
    pub async fn change_person_details(
        &self,
        actor: &Actor,
        person: PersonId,
        expected_version: i64,
        input: &PersonDetailsInput,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            let cap = w
                .person(Action::Change, person, SectionSet::one(Section::Identity))
                .await?;
            let mut errors = ValidationErrors::new();
            let details = parse::details(input, self.clock.today(), &mut errors)
                .ok_or(AppError::Validation(errors))?;
            let old = concord_store::person(w.tx(), &cap, person)
                .await?
                .ok_or(AppError::NotFound)?;
            let new = PersonRow {
                given_name: details.name.given.clone(),
                middle_names: details.name.middle.clone(),
                family_name: details.name.family.clone(),
                sort_key: details.name.sort_key(),
                date_of_birth: details.date_of_birth,
                gender: details.gender.code().into(),
                updated_at: self.clock.now(),
                ..old.clone()
            };
            update_person(w.tx(), &cap, &new, expected_version).await?;
            set_search_tokens(
                w.tx(),
                &cap,
                person,
                "name",
                &search_tokens(&details.name.full()),
            )
            .await?;
            let changes = diff(&[
                ("given_name", json!(old.given_name), json!(new.given_name)),
                (
                    "middle_names",
                    json!(old.middle_names),
                    json!(new.middle_names),
                ),
                (
                    "family_name",
                    json!(old.family_name),
                    json!(new.family_name),
                ),
                (
                    "date_of_birth",
                    json!(old.date_of_birth),
                    json!(new.date_of_birth),
                ),
                ("gender", json!(old.gender), json!(new.gender)),
            ]);
            self.record_alteration(w, &cap, person, "person", person.0, "changed", changes)
                .await
        })
        .await
    }

    /// Add an address. A new current address (no end date) that starts after the present
    /// current one ends that one the day before, keeping the history continuous.
    pub async fn add_address(
        &self,
        actor: &Actor,
        person: PersonId,
        input: &AddressInput,
    ) -> Result<RecordId, AppError> {
        self.run(actor, async |w| {
            let cap = w
                .person(Action::Change, person, SectionSet::one(Section::Addresses))
                .await?;
            let mut errors = ValidationErrors::new();
            let a = parse::address(input, self.clock.today(), &mut errors)
                .ok_or(AppError::Validation(errors))?;
            let now = self.clock.now();
            if a.to_date.is_none() {
                for mut current in addresses(w.tx(), &cap, person)
                    .await?
                    .into_iter()
                    .filter(|r| r.to_date.is_none() && r.from_date < a.from_date)
                {
                    let version = current.version;
                    current.to_date = a.from_date.pred_opt();
                    current.updated_at = now;
                    update_address(w.tx(), &cap, &current, version).await?;
                    let changes = diff(&[("to_date", Value::Null, json!(current.to_date))]);
                    self.record_alteration(
                        w,
                        &cap,
                        person,
                        "address",
                        current.id.0,
                        "ended",
                        changes,
                    )
                    .await?;
                }
            }
            let row = address_row(RecordId::new(), person, &a, actor.agency_id, now);
            insert_address(w.tx(), &cap, &row).await?;
            let changes = diff(&[
                ("kind", Value::Null, json!(row.kind)),
                ("line1", Value::Null, json!(row.line1)),
                ("line2", Value::Null, json!(row.line2)),
                ("town", Value::Null, json!(row.town)),
                ("postcode", Value::Null, json!(row.postcode)),
                ("from_date", Value::Null, json!(row.from_date)),
                ("to_date", Value::Null, json!(row.to_date)),
            ]);
            self.record_alteration(w, &cap, person, "address", row.id.0, "added", changes)
                .await?;
            Ok(row.id)
        })
        .await
    }

    /// Correct an address (or record when they moved out).
    pub async fn change_address(
        &self,
        actor: &Actor,
        person: PersonId,
        address_id: RecordId,
        expected_version: i64,
        input: &AddressInput,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            let cap = w
                .person(Action::Change, person, SectionSet::one(Section::Addresses))
                .await?;
            let old = addresses(w.tx(), &cap, person)
                .await?
                .into_iter()
                .find(|a| a.id == address_id)
                .ok_or(AppError::NotFound)?;
            let mut errors = ValidationErrors::new();
            let a = parse::address(input, self.clock.today(), &mut errors)
                .ok_or(AppError::Validation(errors))?;
            let new = AddressRow {
                updated_at: self.clock.now(),
                agency_id: old.agency_id,
                created_at: old.created_at,
                version: old.version,
                ..address_row(old.id, person, &a, old.agency_id, old.created_at)
            };
            update_address(w.tx(), &cap, &new, expected_version).await?;
            let changes = diff(&[
                ("kind", json!(old.kind), json!(new.kind)),
                ("line1", json!(old.line1), json!(new.line1)),
                ("line2", json!(old.line2), json!(new.line2)),
                ("town", json!(old.town), json!(new.town)),
                ("postcode", json!(old.postcode), json!(new.postcode)),
                ("from_date", json!(old.from_date), json!(new.from_date)),
                ("to_date", json!(old.to_date), json!(new.to_date)),
            ]);
            self.record_alteration(w, &cap, person, "address", old.id.0, "changed", changes)
                .await
        })
        .await
    }

    pub async fn add_alias(
        &self,
        actor: &Actor,
        person: PersonId,
        input: &AliasInput,
    ) -> Result<RecordId, AppError> {
        self.run(actor, async |w| {
            let cap = w
                .person(Action::Change, person, SectionSet::one(Section::Identity))
                .await?;
            let mut errors = ValidationErrors::new();
            let a = parse::alias(input, self.clock.today(), &mut errors)
                .ok_or(AppError::Validation(errors))?;
            let id = RecordId::new();
            insert_alias(
                w.tx(),
                &cap,
                &AliasRow {
                    id,
                    person_id: person,
                    given_name: a.name.given.clone(),
                    middle_names: a.name.middle.clone(),
                    family_name: a.name.family.clone(),
                    date_of_birth: a.date_of_birth,
                    agency_id: actor.agency_id,
                    created_at: self.clock.now(),
                },
            )
            .await?;
            set_search_tokens(
                w.tx(),
                &cap,
                person,
                &format!("alias:{id}"),
                &search_tokens(&a.name.full()),
            )
            .await?;
            let changes = diff(&[
                ("alias", Value::Null, json!(a.name.full())),
                ("date_of_birth", Value::Null, json!(a.date_of_birth)),
            ]);
            self.record_alteration(w, &cap, person, "alias", id.0, "added", changes)
                .await?;
            Ok(id)
        })
        .await
    }

    pub async fn add_identifier(
        &self,
        actor: &Actor,
        person: PersonId,
        input: &IdentifierInput,
    ) -> Result<RecordId, AppError> {
        self.run(actor, async |w| {
            let cap = w
                .person(Action::Change, person, SectionSet::one(Section::Identity))
                .await?;
            let mut errors = ValidationErrors::new();
            let identifier =
                parse::identifier(input, &mut errors).ok_or(AppError::Validation(errors))?;
            if identifiers(w.tx(), &cap, person)
                .await?
                .iter()
                .any(|i| i.kind == identifier.kind().code() && i.value == identifier.as_str())
            {
                return Err(AppError::field(
                    identifier.kind().code(),
                    "identifier_duplicate",
                    format!(
                        "This person already has {} {}",
                        identifier.kind().label(),
                        identifier.as_str()
                    ),
                ));
            }
            let id = RecordId::new();
            insert_identifier(
                w.tx(),
                &cap,
                &IdentifierRow {
                    id,
                    person_id: person,
                    kind: identifier.kind().code().into(),
                    value: identifier.as_str().into(),
                    agency_id: actor.agency_id,
                    created_at: self.clock.now(),
                },
            )
            .await?;
            let changes = diff(&[(
                identifier.kind().code(),
                Value::Null,
                json!(identifier.as_str()),
            )]);
            self.record_alteration(w, &cap, person, "identifier", id.0, "added", changes)
                .await?;
            Ok(id)
        })
        .await
    }

    pub async fn add_offence(
        &self,
        actor: &Actor,
        person: PersonId,
        input: &OffenceInput,
    ) -> Result<RecordId, AppError> {
        self.run(actor, async |w| {
            let resource = self.person_resource(w.tx(), actor, person).await?;
            let cap = w.decide(
                Action::Change,
                &resource
                    .clone()
                    .sections(SectionSet::one(Section::Convictions)),
            )?;
            // The date of birth bounds the offence date: it is read, never written, so
            // the identity section is asked for reading only.
            let identity = w.decide(
                Action::Read,
                &resource.sections(SectionSet::one(Section::Identity)),
            )?;
            let dob = concord_store::person(w.tx(), &identity, person)
                .await?
                .ok_or(AppError::NotFound)?
                .date_of_birth;
            let mut errors = ValidationErrors::new();
            let o = parse::offence(input, dob, self.clock.today(), &mut errors)
                .ok_or(AppError::Validation(errors))?;
            let id = RecordId::new();
            insert_offence(
                w.tx(),
                &cap,
                &OffenceRow {
                    id,
                    person_id: person,
                    offence_code: o.code.as_str().into(),
                    description: o.description.clone(),
                    offence_date: o.offence_date,
                    conviction_date: o.conviction_date,
                    disposal: o.disposal.map(|d| d.code().to_string()),
                    agency_id: actor.agency_id,
                    created_at: self.clock.now(),
                },
            )
            .await?;
            let changes = diff(&[
                ("offence_code", Value::Null, json!(o.code.as_str())),
                ("offence_date", Value::Null, json!(o.offence_date)),
                ("conviction_date", Value::Null, json!(o.conviction_date)),
            ]);
            self.record_alteration(w, &cap, person, "offence", id.0, "added", changes)
                .await?;
            Ok(id)
        })
        .await
    }

    pub async fn add_sentence(
        &self,
        actor: &Actor,
        person: PersonId,
        input: &SentenceInput,
    ) -> Result<RecordId, AppError> {
        self.run(actor, async |w| {
            let cap = w
                .person(
                    Action::Change,
                    person,
                    SectionSet::one(Section::Convictions),
                )
                .await?;
            let mut errors = ValidationErrors::new();
            let s = parse::sentence(input, &mut errors).ok_or(AppError::Validation(errors))?;
            let row = sentence_row(
                RecordId::new(),
                person,
                &s,
                actor.agency_id,
                self.clock.now(),
            );
            insert_sentence(w.tx(), &cap, &row).await?;
            let changes = diff(&[
                ("kind", Value::Null, json!(row.kind)),
                ("start_date", Value::Null, json!(row.start_date)),
                ("end_date", Value::Null, json!(row.end_date)),
            ]);
            self.record_alteration(w, &cap, person, "sentence", row.id.0, "added", changes)
                .await?;
            Ok(row.id)
        })
        .await
    }
}
