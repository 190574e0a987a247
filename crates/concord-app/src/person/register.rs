//! Registering a person: the whole record validated first, then written in one
//! transaction with its history and one audit event ("collection").

use concord_authz::{Action, Actor, Capability, Resource, Section};
use concord_domain::AgencyId;
use concord_domain::{search_tokens, DomainEvent, DomainEventType, PersonId, ValidationErrors};
use concord_domain::{ChangeId, RecordId};
use concord_store::audit::AuditKind;
use concord_store::{
    insert_address, insert_alias, insert_event, insert_identifier, insert_marker, insert_offence,
    insert_person, insert_sentence, record_change, set_search_tokens, set_source_id, AliasRow,
    ChangeRow, EventRow, IdentifierRow, MarkerRow, OffenceRow, PersonRow,
};
use serde_json::json;
use uuid::Uuid;

use super::input::RegisterPersonInput;
use super::parse;
use crate::access::Note;
use crate::kernel::Work;
use crate::{AppError, People};

/// Prefix a part's field names with its list position (`addresses[0].postcode`) so an
/// API client knows which element is wrong. The form sends one of each and strips it.
fn indexed(errors: ValidationErrors, list: &str, i: usize) -> ValidationErrors {
    ValidationErrors {
        errors: errors
            .errors
            .into_iter()
            .map(|mut e| {
                e.field = format!("{list}[{i}].{}", e.field);
                e
            })
            .collect(),
    }
}

fn collect<T>(
    errors: &mut ValidationErrors,
    list: &str,
    i: usize,
    f: impl FnOnce(&mut ValidationErrors) -> Option<T>,
) -> Option<T> {
    let mut local = ValidationErrors::new();
    let out = f(&mut local);
    errors.errors.extend(indexed(local, list, i).errors);
    out
}

impl People<'_> {
    pub async fn register_person(
        &self,
        actor: &Actor,
        input: &RegisterPersonInput,
    ) -> Result<PersonId, AppError> {
        self.run(actor, async |w| self.register_person_in(w, input).await)
            .await
    }

    async fn register_person_in(
        &self,
        w: &mut Work<'_>,
        input: &RegisterPersonInput,
    ) -> Result<PersonId, AppError> {
        let actor = w.actor();
        // Entries in a restricted section need that section's permission even here.
        let mut sections = Resource::new_person(actor.agency_id).sections;
        for e in &input.events {
            sections = sections.union(parse::event_sections(e)?);
        }
        let create = w.decide(
            Action::Create,
            &Resource::new_person(actor.agency_id).sections(sections),
        )?;
        let registration = validate_registration(input, self.clock.today())?;
        self.write_registration(w, &create, &registration, None)
            .await
    }
}

/// A whole record, validated and ready to write.
pub(crate) struct Registration {
    details: parse::Details,
    identifiers: Vec<concord_domain::Identifier>,
    aliases: Vec<parse::Alias>,
    addresses: Vec<parse::Address>,
    offences: Vec<parse::Offence>,
    sentences: Vec<parse::Sentence>,
    markers: Vec<parse::Marker>,
    events: Vec<parse::Event>,
}

/// Every problem with a record at once, each naming its field; nothing is written.
pub(crate) fn validate_registration(
    input: &RegisterPersonInput,
    today: chrono::NaiveDate,
) -> Result<Registration, ValidationErrors> {
    {
        let mut errors = ValidationErrors::new();
        // Count every list before parsing any: one error per list over its limit, not
        // one per item of a list nobody could have meant.
        let counts = [
            ("identifiers", "identifiers", input.identifiers.len()),
            ("aliases", "aliases", input.aliases.len()),
            ("addresses", "addresses", input.addresses.len()),
            ("offences", "offences", input.offences.len()),
            ("sentences", "sentences", input.sentences.len()),
            ("markers", "warning markers", input.markers.len()),
            ("events", "chronology entries", input.events.len()),
        ];
        let mut within = true;
        for (field, what, count) in counts {
            within &= crate::limits::at_most(
                &mut errors,
                field,
                what,
                count,
                crate::limits::MAX_RECORD_ITEMS,
            );
        }
        if !within {
            return Err(errors);
        }
        let mut detail_errors = ValidationErrors::new();
        let details = parse::details(&input.details, today, &mut detail_errors);
        errors
            .errors
            .extend(detail_errors.errors.into_iter().map(|mut e| {
                e.field = format!("details.{}", e.field);
                e
            }));
        let identifiers: Vec<_> = input
            .identifiers
            .iter()
            .enumerate()
            .filter(|(_, i)| !i.value.trim().is_empty())
            .filter_map(|(i, id)| {
                collect(&mut errors, "identifiers", i, |e| parse::identifier(id, e))
            })
            .collect();
        let aliases: Vec<_> = input
            .aliases
            .iter()
            .enumerate()
            .filter_map(|(i, a)| collect(&mut errors, "aliases", i, |e| parse::alias(a, today, e)))
            .collect();
        let addresses: Vec<_> = input
            .addresses
            .iter()
            .enumerate()
            .filter_map(|(i, a)| {
                collect(&mut errors, "addresses", i, |e| parse::address(a, today, e))
            })
            .collect();
        let dob = details.as_ref().map(|d| d.date_of_birth);
        let offences: Vec<_> = input
            .offences
            .iter()
            .enumerate()
            .filter_map(|(i, o)| {
                collect(&mut errors, "offences", i, |e| {
                    parse::offence(o, dob.unwrap_or(chrono::NaiveDate::MIN), today, e)
                })
            })
            .collect();
        let sentences: Vec<_> = input
            .sentences
            .iter()
            .enumerate()
            .filter_map(|(i, s)| collect(&mut errors, "sentences", i, |e| parse::sentence(s, e)))
            .collect();
        let markers: Vec<_> = input
            .markers
            .iter()
            .enumerate()
            .filter_map(|(i, m)| collect(&mut errors, "markers", i, |e| parse::marker(m, e)))
            .collect();
        let events: Vec<_> = input
            .events
            .iter()
            .enumerate()
            .filter_map(|(i, ev)| collect(&mut errors, "events", i, |e| parse::event(ev, today, e)))
            .collect();
        let Some(details) = details.filter(|_| errors.is_empty()) else {
            return Err(errors);
        };
        Ok(Registration {
            details,
            identifiers,
            aliases,
            addresses,
            offences,
            sentences,
            markers,
            events,
        })
    }
}

impl People<'_> {
    /// Write a validated record for the agency `create` was decided for, with its
    /// history and one "collection" audit event. `source` is the feed's agency code and
    /// its own id for the record, when it came from an import.
    pub(crate) async fn write_registration(
        &self,
        w: &mut Work<'_>,
        create: &Capability,
        registration: &Registration,
        source: Option<(&str, &str)>,
    ) -> Result<PersonId, AppError> {
        let actor = w.actor();
        let Registration {
            details,
            identifiers,
            aliases,
            addresses,
            offences,
            sentences,
            markers,
            events,
        } = registration;

        let now = self.clock.now();
        let id = Uuid::now_v7();
        let agency = match source {
            Some(_) => create_agency(create)?,
            None => actor.agency_id,
        };
        insert_person(
            w.tx(),
            create,
            &PersonRow {
                id: PersonId(id),
                owning_agency_id: agency,
                given_name: details.name.given.clone(),
                middle_names: details.name.middle.clone(),
                family_name: details.name.family.clone(),
                sort_key: details.name.sort_key(),
                date_of_birth: details.date_of_birth,
                gender: details.gender.code().to_string(),
                created_at: now,
                updated_at: now,
                version: 1,
            },
        )
        .await?;
        let cap: Capability = create
            .clone()
            .into_created(PersonId(id))
            .ok_or_else(|| AppError::Internal("create capability did not convert".into()))?;
        set_search_tokens(
            w.tx(),
            &cap,
            PersonId(id),
            "name",
            &search_tokens(&details.name.full()),
        )
        .await?;
        match source {
            Some((_, source_id)) => set_source_id(w.tx(), &cap, PersonId(id), source_id).await?,
            // The registrar completes and allocates what they entered; a feed's loader
            // acts for the agency and reaches none of what it loads.
            None => concord_store::set_registrar(w.tx(), &cap, PersonId(id)).await?,
        }
        for identifier in identifiers {
            insert_identifier(
                w.tx(),
                &cap,
                &IdentifierRow {
                    id: RecordId::new(),
                    person_id: PersonId(id),
                    kind: identifier.kind().code().into(),
                    value: identifier.as_str().into(),
                    agency_id: agency,
                    created_at: now,
                },
            )
            .await?;
        }
        for a in aliases {
            let alias_id = RecordId::new();
            insert_alias(
                w.tx(),
                &cap,
                &AliasRow {
                    id: alias_id,
                    person_id: PersonId(id),
                    given_name: a.name.given.clone(),
                    middle_names: a.name.middle.clone(),
                    family_name: a.name.family.clone(),
                    date_of_birth: a.date_of_birth,
                    agency_id: agency,
                    created_at: now,
                },
            )
            .await?;
            set_search_tokens(
                w.tx(),
                &cap,
                PersonId(id),
                &format!("alias:{alias_id}"),
                &search_tokens(&a.name.full()),
            )
            .await?;
        }
        for a in addresses {
            insert_address(
                w.tx(),
                &cap,
                &super::change::address_row(RecordId::new(), PersonId(id), a, agency, now),
            )
            .await?;
        }
        for o in offences {
            insert_offence(
                w.tx(),
                &cap,
                &OffenceRow {
                    id: RecordId::new(),
                    person_id: PersonId(id),
                    offence_code: o.code.as_str().into(),
                    description: o.description.clone(),
                    offence_date: o.offence_date,
                    conviction_date: o.conviction_date,
                    disposal: o.disposal.map(|d| d.code().to_string()),
                    agency_id: agency,
                    created_at: now,
                },
            )
            .await?;
        }
        for s in sentences {
            insert_sentence(
                w.tx(),
                &cap,
                &super::change::sentence_row(RecordId::new(), PersonId(id), s, agency, now),
            )
            .await?;
        }
        for m in markers {
            insert_marker(
                w.tx(),
                &cap,
                &MarkerRow {
                    id: RecordId::new(),
                    person_id: PersonId(id),
                    kind: m.kind.code().into(),
                    note: m.note.clone(),
                    agency_id: agency,
                    raised_by: Some(actor.user_id),
                    raised_on: self.clock.today(),
                    removed_on: None,
                    created_at: now,
                },
            )
            .await?;
        }
        for e in events {
            insert_event(
                w.tx(),
                &cap,
                &EventRow {
                    id: RecordId::new(),
                    person_id: PersonId(id),
                    event_type: e.event_type.code().into(),
                    occurred_on: e.occurred_on,
                    summary: e.summary.clone(),
                    agency_id: agency,
                    recorded_by: Some(actor.user_id),
                    created_at: now,
                    section: e.section.code().into(),
                    withheld_from_person: e.withheld_from_person,
                },
            )
            .await?;
        }
        record_change(
            w.tx(),
            &cap,
            &ChangeRow {
                id: ChangeId::new(),
                person_id: PersonId(id),
                at: now,
                user_id: Some(actor.user_id),
                agency_id: Some(agency),
                entity: "person".into(),
                entity_id: id,
                operation: "created".into(),
                changes: json!([]),
                // The line says only that the record was created: who the person is.
                sections: Section::Identity.code().into(),
            },
        )
        .await?;
        let mut counts = json!({
            "identifiers": identifiers.len(), "aliases": aliases.len(), "addresses": addresses.len(),
            "offences": offences.len(), "sentences": sentences.len(), "markers": markers.len(), "events": events.len(),
        });
        if let Some((agency_code, source_id)) = source {
            counts["source_agency"] = json!(agency_code);
            counts["source_id"] = json!(source_id);
        }
        w.audit(
            AuditKind::Collection,
            Action::Create,
            Some(id),
            if source.is_some() {
                "imported a person from an agency's feed"
            } else {
                "registered a person"
            },
            Note {
                sections: Some(cap.sections()),
                detail: Some(counts),
                ..Note::default()
            },
        );
        w.raise(
            DomainEvent::new(DomainEventType::PersonRegistered, PersonId(id))
                .with("owningAgencyId", agency.0)
                .with("source", if source.is_some() { "feed" } else { "form" }),
        );
        Ok(PersonId(id))
    }
}

/// The agency a create capability was decided for: an import writes records owned by
/// the feed's agency, not the importer's.
fn create_agency(create: &Capability) -> Result<AgencyId, AppError> {
    create
        .owning_agency()
        .ok_or_else(|| AppError::Internal("create capability without an agency".into()))
}
