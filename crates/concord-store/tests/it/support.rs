//! Helpers shared by the store tests: raw SQL on either engine (to play the part of a
//! database administrator), actors and capabilities obtained the only way there is —
//! through the policy — and a minimal person record.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use concord_authz::{
    authorize, Action, Actor, Capability, ListScope, Permission, Relationship, Resource, Section,
    SectionSet,
};
use concord_domain::{search_tokens, AgencyId, AgencyKind, PersonId, UserId};
use concord_store::audit::{AuditKind, NewAuditEvent};
use concord_store::{AgencyRow, Db, PersonRow, Tx};
use uuid::Uuid;

/// A fixed instant for rows the tests write.
pub fn at(hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 10, hour, minute, 0)
        .single()
        .expect("valid instant")
}

/// The moment a search or a relationship is judged at: now, dated in UTC (these tests
/// work to no time zone; the app supplies the London date).
pub fn as_of_now() -> concord_store::AsOf {
    let now = Utc::now();
    concord_store::AsOf {
        now,
        today: now.date_naive(),
    }
}

pub fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// Run one statement outside the store's query layer, as a DBA at a SQL prompt would.
pub async fn exec(db: &Db, sql: &str) -> Result<u64, sqlx::Error> {
    match db {
        Db::Sqlite(pool) => sqlx::raw_sql(sql)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()),
        Db::Postgres(pool) => sqlx::raw_sql(sql)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()),
    }
}

/// A single text value from a query (cast it to text in the SQL where needed).
pub async fn text(db: &Db, sql: &str) -> Option<String> {
    match db {
        Db::Sqlite(pool) => {
            sqlx::query_scalar::<_, Option<String>>(sql)
                .fetch_one(pool)
                .await
        }
        Db::Postgres(pool) => {
            sqlx::query_scalar::<_, Option<String>>(sql)
                .fetch_one(pool)
                .await
        }
    }
    .expect("query runs")
}

/// An actor of the responsible authority holding every permission.
pub fn police_actor(agency: Uuid) -> Actor {
    Actor {
        user_id: UserId(Uuid::now_v7()),
        agency_id: AgencyId(agency),
        agency_kind: AgencyKind::Police,
        team_id: None,
        roles: vec!["public_protection_officer".into()],
        permissions: BTreeSet::from(Permission::ALL),
        request_id: None,
    }
}

/// The policy's answer, which must be yes for these tests to proceed.
pub fn allowed(actor: &Actor, action: Action, resource: &Resource) -> Capability {
    authorize(actor, action, resource)
        .unwrap_or_else(|d| panic!("policy refused {action:?}: {}", d.reason))
}

pub fn read_cap(actor: &Actor, person: PersonId, owner: Uuid) -> Capability {
    allowed(
        actor,
        Action::Read,
        &Resource::person(person, AgencyId(owner), vec![Relationship::Allocated]),
    )
}

pub fn change_cap(actor: &Actor, person: PersonId, owner: Uuid) -> Capability {
    allowed(
        actor,
        Action::Change,
        &Resource::person(person, AgencyId(owner), vec![Relationship::Allocated])
            .sections(SectionSet::all().without(SectionSet::one(Section::History))),
    )
}

pub fn list_cap(actor: &Actor) -> Capability {
    allowed(actor, Action::Read, &Resource::list(ListScope::Register))
}

pub async fn add_agency(db: &Db, code: &str, kind: AgencyKind) -> Uuid {
    let id = Uuid::now_v7();
    let mut tx = db.begin().await.expect("begin");
    concord_store::insert_agency(
        &mut tx,
        &AgencyRow {
            id: AgencyId(id),
            code: code.into(),
            name: format!("{code} agency"),
            kind: kind.code().into(),
            area: "Essex".into(),
        },
    )
    .await
    .expect("insert agency");
    tx.commit().await.expect("commit");
    id
}

/// Register a person through the store the way the app does: create capability, insert,
/// then the created record's change capability for its search tokens.
pub async fn add_person(
    tx: &mut Tx,
    actor: &Actor,
    given: &str,
    family: &str,
    dob: NaiveDate,
) -> PersonId {
    let create = allowed(
        actor,
        Action::Create,
        &Resource::new_person(actor.agency_id),
    );
    let id = PersonId::new();
    let row = PersonRow {
        id,
        owning_agency_id: actor.agency_id,
        given_name: given.into(),
        middle_names: None,
        family_name: family.into(),
        sort_key: format!("{}, {}", family.to_lowercase(), given.to_lowercase()),
        date_of_birth: dob,
        gender: "male".into(),
        created_at: at(9, 0),
        updated_at: at(9, 0),
        version: 1,
    };
    concord_store::insert_person(tx, &create, &row)
        .await
        .expect("insert person");
    let cap = create.into_created(id).expect("create becomes change");
    concord_store::set_search_tokens(
        tx,
        &cap,
        id,
        "name",
        &search_tokens(&format!("{given} {family}")),
    )
    .await
    .expect("search tokens");
    id
}

/// An event as the app would write it.
pub fn event(
    kind: AuditKind,
    person: Option<PersonId>,
    reason: &str,
    minute: u32,
) -> NewAuditEvent {
    let person = person.map(|p| p.as_uuid());
    NewAuditEvent {
        at: at(10, minute),
        actor_user_id: Some(UserId(Uuid::now_v7())),
        actor_agency_id: Some(AgencyId(Uuid::now_v7())),
        kind,
        action: "read".into(),
        resource_type: if person.is_some() {
            "person"
        } else {
            "person_list"
        }
        .into(),
        resource_id: person,
        person_id: person.map(PersonId),
        reason: reason.into(),
        recipient: None,
        detail: serde_json::json!({ "minute": minute }),
        // Half the events carry the s.62 fields of migration 4, so the chain is proven
        // with and without them.
        request_id: minute.is_multiple_of(2).then(|| format!("req-{minute}")),
        sections: minute
            .is_multiple_of(2)
            .then(|| "identity,addresses".into()),
        purpose: minute.is_multiple_of(2).then(|| "a stated purpose".into()),
    }
}

/// Append `n` events in one committed transaction.
pub async fn append_events(db: &Db, n: u32) {
    let mut tx = db.begin().await.expect("begin");
    for i in 0..n {
        concord_store::audit::append(
            &mut tx,
            event(AuditKind::Consultation, None, &format!("event {i}"), i),
        )
        .await
        .expect("append");
    }
    tx.commit().await.expect("commit");
}

pub async fn verify(db: &Db) -> concord_store::audit::ChainStatus {
    let mut tx = db.begin().await.expect("begin");
    let status = concord_store::audit::verify(&mut tx)
        .await
        .expect("verify runs");
    tx.rollback().await.expect("rollback");
    status
}
