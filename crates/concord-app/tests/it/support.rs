//! A small world for the use-case tests: four agencies, their staff, a controllable clock,
//! a person-record builder, and direct reads of the audit chain (to check what the use
//! cases wrote there).

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use concord_app::*;
use concord_authz::Actor;
use concord_domain::{AgencyKind, PersonId, PncId};
use concord_store::audit::ChainStatus;
use concord_store::Db;
use concord_testkit::{TestApp, TestDb};
use uuid::Uuid;

pub use concord_testkit::{new_user, TestClock, PASSWORD};

/// 10:00 on Tuesday 10 March 2026 (GMT, so the London date is the UTC date).
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 10, 10, 0, 0)
        .single()
        .expect("valid instant")
}

pub fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

pub struct World {
    pub app: App,
    pub label: &'static str,
    /// Probation offender manager.
    pub om: Actor,
    /// A second probation offender manager.
    pub om2: Actor,
    /// Police public protection officer.
    pub ppo: Actor,
    /// Housing partner caseworker.
    pub housing: Actor,
    /// Strategic management board member.
    pub board: Actor,
}

pub async fn world(t: &TestDb) -> World {
    world_with_clock(t, Clock::fixed(now())).await
}

pub async fn world_with_clock(t: &TestDb, clock: Clock) -> World {
    world_with(t, clock, AppSettings::default()).await
}

pub async fn world_with(t: &TestDb, clock: Clock, settings: AppSettings) -> World {
    let kit = TestApp::builder(t, clock, settings)
        .agency("PRB", "Essex Probation", AgencyKind::Probation, "Essex")
        .agency("POL", "Essex Police", AgencyKind::Police, "Essex")
        .agency("HSG", "Chelmsford Housing", AgencyKind::Housing, "Essex")
        .agency(
            "SMB",
            "Essex MAPPA Board",
            AgencyKind::ResponsibleAuthority,
            "Essex",
        )
        .user("om.jones", "Olivia Jones", "PRB", "offender_manager")
        .user("om.brown", "Oscar Brown", "PRB", "offender_manager")
        .user("ppo.khan", "Priya Khan", "POL", "public_protection_officer")
        .user("housing.lee", "Harry Lee", "HSG", "partner_caseworker")
        .user("board.patel", "Bina Patel", "SMB", "board_member")
        .build()
        .await;
    World {
        om: kit.actor("om.jones").await,
        om2: kit.actor("om.brown").await,
        ppo: kit.actor("ppo.khan").await,
        housing: kit.actor("housing.lee").await,
        board: kit.actor("board.patel").await,
        app: kit.app,
        label: kit.label,
    }
}

/// Add a member of staff to the world beyond the five everyone has.
pub async fn add_staff(
    w: &World,
    username: &str,
    display_name: &str,
    agency: &str,
    role: &str,
) -> Actor {
    let kit = TestApp {
        app: w.app.clone(),
        label: w.label,
    };
    kit.add_user(username, display_name, agency, role).await;
    kit.actor(username).await
}

/// `by` allocates `to` to the person. Staff of a responsible authority other than the
/// record's owner read and change it only through a relationship such as this.
pub async fn allocate(w: &World, by: &Actor, person: PersonId, to: &Actor, role: &str) {
    w.app
        .people()
        .allocate(by, person, to.user_id, role)
        .await
        .unwrap_or_else(|e| panic!("{}: allocate: {e}", w.label));
}

/// The valid PNC ID of the examples, 2001/0123456F.
pub fn example_pnc() -> String {
    PncId::from_parts(2001, 123_456)
        .expect("valid parts")
        .to_string()
}

pub fn details(given: &str, family: &str, dob: NaiveDate) -> PersonDetailsInput {
    PersonDetailsInput {
        given_name: given.into(),
        middle_names: String::new(),
        family_name: family.into(),
        date_of_birth: DateInput::from_date(dob),
        gender: "male".into(),
    }
}

pub fn person(given: &str, family: &str, dob: NaiveDate) -> RegisterPersonInput {
    RegisterPersonInput {
        details: details(given, family, dob),
        ..Default::default()
    }
}

pub fn identifier(kind: &str, value: &str) -> IdentifierInput {
    IdentifierInput {
        kind: kind.into(),
        value: value.into(),
    }
}

pub fn home(line1: &str, town: &str, postcode: &str, from: NaiveDate) -> AddressInput {
    AddressInput {
        kind: "home".into(),
        line1: line1.into(),
        line2: String::new(),
        town: town.into(),
        postcode: postcode.into(),
        from_date: DateInput::from_date(from),
        to_date: DateInput::default(),
    }
}

pub fn marker(kind: &str, note: &str) -> MarkerInput {
    MarkerInput {
        kind: kind.into(),
        note: note.into(),
    }
}

pub fn event(event_type: &str, on: NaiveDate, summary: &str) -> EventInput {
    EventInput {
        event_type: event_type.into(),
        occurred_on: DateInput::from_date(on),
        summary: summary.into(),
        section: String::new(),
        withheld_from_person: false,
    }
}

/// One row of the audit chain, as the tests inspect it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audited {
    pub seq: i64,
    pub kind: String,
    pub action: String,
    pub outcome: String,
    pub person_id: Option<Uuid>,
    pub actor_user_id: Option<Uuid>,
    pub reason: String,
}

/// Every event of the chain, oldest first.
pub async fn audit_trail(db: &Db) -> Vec<Audited> {
    type Row = (
        i64,
        String,
        String,
        String,
        Option<Uuid>,
        Option<Uuid>,
        String,
    );
    concord_store::audit::seal(db, i64::MAX)
        .await
        .expect("seal the waiting audit events");
    let sql = "SELECT seq, kind, action, outcome, person_id, actor_user_id, reason FROM audit_event ORDER BY seq";
    let rows: Vec<Row> = match db {
        Db::Sqlite(pool) => sqlx::query_as(sql).fetch_all(pool).await,
        Db::Postgres(pool) => sqlx::query_as(sql).fetch_all(pool).await,
    }
    .expect("read the audit trail");
    rows.into_iter()
        .map(
            |(seq, kind, action, outcome, person_id, actor_user_id, reason)| Audited {
                seq,
                kind,
                action,
                outcome,
                person_id,
                actor_user_id,
                reason,
            },
        )
        .collect()
}

/// The newest event of the chain.
pub async fn last_audit(db: &Db) -> Audited {
    audit_trail(db)
        .await
        .pop()
        .expect("the audit chain is not empty")
}

pub async fn audit_count(db: &Db) -> i64 {
    match chain_status(db).await {
        ChainStatus::Intact { events } => events,
        broken => panic!("audit chain broken: {broken:?}"),
    }
}

pub async fn chain_status(db: &Db) -> ChainStatus {
    concord_store::audit::seal(db, i64::MAX)
        .await
        .expect("seal the waiting audit events");
    let mut tx = db.begin().await.expect("begin");
    let status = concord_store::audit::verify(&mut tx)
        .await
        .expect("verify runs");
    tx.rollback().await.expect("rollback");
    status
}

/// Every test ends here: whatever it did, the chain still verifies.
pub async fn assert_chain_intact(w: &World) {
    let status = chain_status(w.app.db()).await;
    assert!(
        matches!(status, ChainStatus::Intact { .. }),
        "{}: audit chain {status:?}",
        w.label
    );
}

/// (field, code) pairs of a validation failure, sorted for comparison.
pub fn field_codes(err: &AppError) -> Vec<(String, &'static str)> {
    match err {
        AppError::Validation(v) => {
            let mut out: Vec<_> = v.errors.iter().map(|e| (e.field.clone(), e.code)).collect();
            out.sort();
            out
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
}

/// A conviction for the record: Home Office code, wording, offence and conviction dates.
pub fn offence(
    code: &str,
    what: &str,
    on: (i32, u32, u32),
    convicted: (i32, u32, u32),
) -> OffenceInput {
    OffenceInput {
        offence_code: code.into(),
        description: what.into(),
        offence_date: DateInput::from_date(ymd(on.0, on.1, on.2)),
        conviction_date: DateInput::from_date(ymd(convicted.0, convicted.1, convicted.2)),
        disposal: String::new(),
    }
}

/// The seeds' Mr D: two years' custody, released on licence on 1 March 2026, allocated to
/// `w.om`.
pub async fn mr_d(w: &World) -> PersonId {
    let mut input = person("Daniel", "Dawson", ymd(1984, 9, 2));
    input.sentences = vec![SentenceInput {
        kind: "custody".into(),
        description: "2 years' imprisonment".into(),
        start_date: DateInput::from_date(ymd(2025, 3, 1)),
        end_date: DateInput::from_date(ymd(2027, 3, 1)),
        release_date: DateInput::from_date(ymd(2026, 3, 1)),
        licence_end_date: DateInput::from_date(ymd(2027, 3, 1)),
        term: String::new(),
    }];
    let id = w.app.people().register_person(&w.om, &input).await.unwrap();
    allocate(w, &w.om, id, &w.om, "offender_manager").await;
    id
}

/// `by` drafts an AP licence for `p` with the dates of their sentence.
pub async fn draft_licence(w: &World, by: &Actor, p: PersonId) {
    let view = w.app.manage().licences(by, p).await.unwrap();
    w.app
        .manage()
        .create_licence(
            by,
            p,
            &LicenceForm {
                type_code: "AP".into(),
                release_date: view.from_sentence.release_date.clone(),
                licence_end_date: view.from_sentence.licence_end_date.clone(),
                ..LicenceForm::default()
            },
        )
        .await
        .unwrap();
}
