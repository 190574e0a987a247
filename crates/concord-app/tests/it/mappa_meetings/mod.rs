//! MAPP meetings through the use cases: scheduling (and its refusals), the agenda built
//! from referrals, reviews due and open actions, an invitation's access window, attendance
//! with the confidentiality statement, minutes in versions approved by the chair only,
//! distribution and onward sharing.

use chrono::NaiveDate;
use concord_app::*;
use concord_authz::Actor;
use concord_domain::PersonId;
use concord_store::Db;
use uuid::Uuid;

use crate::support::*;

/// Run one statement on either engine (the test sets up MAPPA rows another part of
/// Concord writes).
macro_rules! run {
    ($db:expr, $q:expr) => {
        match $db {
            Db::Sqlite(p) => $q.execute(p).await.map(|_| ()),
            Db::Postgres(p) => $q.execute(p).await.map(|_| ()),
        }
        .expect("set-up statement")
    };
}

mod attendance;
mod scheduling;

pub(crate) async fn mappa_record(
    w: &World,
    person: PersonId,
    by: &Actor,
    next_review: NaiveDate,
) -> Uuid {
    let id = Uuid::now_v7();
    run!(
        w.app.db(),
        sqlx::query(
            "INSERT INTO mappa_record (id, person_id, area, category, category_reasons, level, lead_agency_id, status, eligible_from, next_review_on, confirmed_by, created_at, updated_at)
             VALUES ($1, $2, 'Essex', 'CATEGORY_2', 'violent offence, 2 years', 'LEVEL_2', $3, 'active', $4, $5, $6, $7, $7)"
        )
        .bind(id)
        .bind(person.0)
        .bind(by.agency_id.0)
        .bind(ymd(2026, 1, 1))
        .bind(next_review)
        .bind(by.user_id.0)
        .bind(now())
    );
    id
}

pub(crate) async fn screened_referral(w: &World, person: PersonId, record: Uuid, by: &Actor) {
    run!(
        w.app.db(),
        sqlx::query(
            "INSERT INTO mappa_referral (id, record_id, person_id, area, level_requested, reasons, facts, referred_on, late, referred_by, referring_agency_id, status, screened_by, screened_on, level_decided, created_at)
             VALUES ($1, $2, $3, 'Essex', 'LEVEL_2', 'high RoSH', '{}', $4, FALSE, $5, $6, 'screened', $5, $4, 'LEVEL_2', $7)"
        )
        .bind(Uuid::now_v7())
        .bind(record)
        .bind(person.0)
        .bind(ymd(2026, 3, 2))
        .bind(by.user_id.0)
        .bind(by.agency_id.0)
        .bind(now())
    );
}

/// A level 2 review decided on 5 March 2026, after the referral was screened.
pub(crate) async fn reviewed(w: &World, person: PersonId, record: Uuid, by: &Actor) {
    run!(
        w.app.db(),
        sqlx::query(
            "INSERT INTO mappa_decision (id, record_id, person_id, kind, level, rationale, decided_on, decided_by, next_review_on, created_at)
             VALUES ($1, $2, $3, 'review', 'LEVEL_2', 'Reviewed at the level 2 panel', $4, $5, $6, $7)"
        )
        .bind(Uuid::now_v7())
        .bind(record)
        .bind(person.0)
        .bind(ymd(2026, 3, 5))
        .bind(by.user_id.0)
        .bind(ymd(2026, 3, 16))
        .bind(now())
    );
}

async fn open_action(w: &World, person: PersonId, by: &Actor) {
    run!(
        w.app.db(),
        sqlx::query(
            "INSERT INTO mappa_action (id, person_id, pillar, description, owner_name, owner_agency_id, due_on, status, evidence, created_by, created_at, updated_by, updated_at, version)
             VALUES ($1, $2, 'supervision', 'Home visit', 'Olivia Jones', $3, $4, 'OPEN', '', $5, $6, $5, $6, 1)"
        )
        .bind(Uuid::now_v7())
        .bind(person.0)
        .bind(by.agency_id.0)
        .bind(ymd(2026, 3, 20))
        .bind(by.user_id.0)
        .bind(now())
    );
}

pub(crate) struct Cast {
    pub(crate) coordinator: Actor,
    pub(crate) chair: Actor,
    /// Reviews due (active, level 2, next review before the meeting).
    pub(crate) review: PersonId,
    /// A new referral screened to level 2 (its review is months away).
    pub(crate) referral: PersonId,
    /// Open actions carried (review months away, no new referral).
    pub(crate) actions: PersonId,
    /// Not a MAPPA case.
    pub(crate) other: PersonId,
}

pub(crate) async fn cast(w: &World) -> Cast {
    let coordinator = add_staff(
        w,
        "mappa.coord",
        "Maya Coordinator",
        "POL",
        "mappa_coordinator",
    )
    .await;
    let chair = add_staff(w, "mappa.chair", "Charles Chair", "POL", "mappa_chair").await;
    let mut ids = vec![];
    for (given, family) in [
        ("Ray", "Review"),
        ("Rita", "Referral"),
        ("Alan", "Actions"),
        ("Oscar", "Other"),
    ] {
        ids.push(
            w.app
                .people()
                .register_person(&w.om, &person(given, family, ymd(1980, 1, 1)))
                .await
                .unwrap(),
        );
    }
    mappa_record(w, ids[0], &w.om, ymd(2026, 3, 16)).await;
    let rec = mappa_record(w, ids[1], &w.om, ymd(2026, 7, 1)).await;
    screened_referral(w, ids[1], rec, &w.om).await;
    mappa_record(w, ids[2], &w.om, ymd(2026, 7, 1)).await;
    open_action(w, ids[2], &w.om).await;
    Cast {
        coordinator,
        chair,
        review: ids[0],
        referral: ids[1],
        actions: ids[2],
        other: ids[3],
    }
}

pub(crate) fn form(town: &str, held_on: &str, starts_at: &str, chair: &str) -> MeetingForm {
    MeetingForm {
        town: town.into(),
        held_on: held_on.into(),
        starts_at: starts_at.into(),
        chair: chair.into(),
    }
}

pub(crate) fn minutes(blank: &[&str]) -> MinutesForm {
    MinutesForm {
        sections: MINUTES_HEADINGS
            .iter()
            .filter(|(k, _, _)| !blank.contains(k))
            .map(|(k, h, _)| (k.to_string(), format!("Minutes under {h}")))
            .collect(),
    }
}
