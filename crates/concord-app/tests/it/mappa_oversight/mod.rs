//! MAPPA oversight end to end: a serious further offence with its MAPPA N deadline and
//! the chair's review decision, the SCR export, a transfer to another area with and
//! without victim information, and the annual tables counted from seeded spells.

use chrono::NaiveDate;
use concord_app::*;
use concord_authz::Actor;
use concord_domain::PersonId;
use concord_store::Db;
use uuid::Uuid;

use crate::support::*;

macro_rules! exec {
    ($db:expr, $sql:expr $(, $b:expr)*) => {
        match $db {
            Db::Sqlite(p) => sqlx::query($sql)$(.bind($b))*.execute(p).await.map(|_| ()),
            Db::Postgres(p) => sqlx::query($sql)$(.bind($b))*.execute(p).await.map(|_| ()),
        }
        .expect("seed")
    };
}

mod sfo;
mod statistics;
mod transfer;

async fn agency_id(db: &Db, code: &str) -> Uuid {
    let sql = "SELECT id FROM agency WHERE code = $1";
    let (id,): (Uuid,) = match db {
        Db::Sqlite(p) => sqlx::query_as(sql).bind(code).fetch_one(p).await,
        Db::Postgres(p) => sqlx::query_as(sql).bind(code).fetch_one(p).await,
    }
    .expect("agency");
    id
}

struct Spell<'a> {
    area: &'a str,
    category: &'a str,
    level: &'a str,
    status: &'a str,
    from: NaiveDate,
    ended: Option<NaiveDate>,
}

/// A MAPPA spell as the referral and screening engineer's use cases leave it (written
/// directly: this branch reads spells, it does not create them).
async fn seed_spell(w: &World, person: PersonId, s: Spell<'_>) -> Uuid {
    let id = Uuid::now_v7();
    let lead = agency_id(w.app.db(), "PRB").await;
    exec!(
        w.app.db(),
        "INSERT INTO mappa_record (id, person_id, area, category, category_reasons, level, lead_agency_id, status, eligible_from, eligibility_ends_on, end_prompt_on, next_review_on, critical_public_protection, ended_on, end_reason, confirmed_by, created_at, updated_at) VALUES ($1, $2, $3, $4, 'seeded', $5, $6, $7, $8, NULL, NULL, NULL, FALSE, $9, NULL, $10, $11, $11)",
        id,
        person.0,
        s.area,
        s.category,
        s.level,
        lead,
        s.status,
        s.from,
        s.ended,
        w.om.user_id.0,
        now()
    );
    id
}

async fn seed_level(w: &World, person: PersonId, record: Uuid, level: &str, on: NaiveDate) {
    exec!(
        w.app.db(),
        "INSERT INTO mappa_decision (id, record_id, person_id, kind, level, rationale, critical_public_protection, decided_on, decided_by, next_review_on, created_at) VALUES ($1, $2, $3, 'level', $4, 'seeded', FALSE, $5, $6, NULL, $7)",
        Uuid::now_v7(),
        record,
        person.0,
        level,
        on,
        w.om.user_id.0,
        now()
    );
}

fn active(category: &'static str, level: &'static str, from: NaiveDate) -> Spell<'static> {
    Spell {
        area: "Essex",
        category,
        level,
        status: "active",
        from,
        ended: None,
    }
}

async fn case(w: &World, given: &str) -> PersonId {
    let id = w
        .app
        .people()
        .register_person(&w.om, &person(given, "Dolby", ymd(1980, 1, 2)))
        .await
        .unwrap();
    allocate(w, &w.om, id, &w.om, "offender_manager").await;
    id
}

struct Mappa {
    coordinator: Actor,
    chair: Actor,
}

async fn mappa_staff(w: &World) -> Mappa {
    Mappa {
        coordinator: add_staff(w, "mappa.cole", "Maya Cole", "PRB", "mappa_coordinator").await,
        chair: add_staff(w, "mappa.chan", "Martin Chan", "POL", "mappa_chair").await,
    }
}

async fn last_purpose_and_recipient(db: &Db) -> (Option<String>, Option<String>) {
    concord_store::audit::seal(db, i64::MAX)
        .await
        .expect("seal the waiting audit events");
    let sql = "SELECT purpose, recipient FROM audit_event ORDER BY seq DESC LIMIT 1";
    match db {
        Db::Sqlite(p) => sqlx::query_as(sql).fetch_one(p).await,
        Db::Postgres(p) => sqlx::query_as(sql).fetch_one(p).await,
    }
    .expect("last audit")
}

fn sfo(offence: &str, charged_on: &str) -> SfoForm {
    SfoForm {
        offence: offence.into(),
        charged_on: charged_on.into(),
    }
}
