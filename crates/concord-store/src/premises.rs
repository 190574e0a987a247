//! Approved premises: the premises and their beds (the `ApDirectory`, no person in it),
//! and each person's applications and bookings (under an `ApStay` capability for that
//! person: the case team's, the central referral unit's or the premises staff's).

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{Action, Capability, ResourceKind};
use concord_domain::{
    AgencyId, ApApplicationId, ApBedId, ApBookingId, ApPremisesId, ApType, ApplicationStatus,
    BookingStatus, PersonId, TeamId, UserId,
};
use uuid::Uuid;

use crate::columns::OptUuid;
use crate::{on_tx, StoreError, Tx};

/// One person's stay: read, or (`write`) created or changed.
pub(crate) fn require_stay(
    cap: &Capability,
    person: PersonId,
    write: bool,
) -> Result<(), StoreError> {
    let action_ok = if write {
        matches!(cap.action(), Action::Create | Action::Change)
    } else {
        true
    };
    if cap.kind() == ResourceKind::ApStay && cap.person() == Some(person) && action_ok {
        Ok(())
    } else {
        Err(StoreError::WrongCapability {
            needed: "this person's approved-premises stay",
        })
    }
}

/// May `cap` write `person`'s stay? (Measuring premises against his zones and victims'
/// homes is part of offering him a place.)
pub(crate) fn writes_stay(cap: &Capability, person: PersonId) -> bool {
    require_stay(cap, person, true).is_ok()
}

fn require_directory(cap: &Capability, action: Action) -> Result<(), StoreError> {
    // Whoever may keep the directory may read it.
    if cap.kind() == ResourceKind::ApDirectory && (cap.action() == action || action == Action::Read)
    {
        Ok(())
    } else {
        Err(StoreError::WrongCapability {
            needed: "the approved premises directory",
        })
    }
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct PremisesRow {
    #[sqlx(try_from = "Uuid")]
    pub id: ApPremisesId,
    pub code: String,
    pub name: String,
    pub address: String,
    pub latitude: f64,
    pub longitude: f64,
    pub area: String,
    #[sqlx(try_from = "Uuid")]
    pub team_id: TeamId,
    /// A JSON list of [`concord_domain::Characteristic`] codes.
    pub characteristics: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

const PREMISES: &str =
    "id, code, name, address, latitude, longitude, area, team_id, characteristics, created_at";

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct BedRow {
    #[sqlx(try_from = "Uuid")]
    pub id: ApBedId,
    #[sqlx(try_from = "Uuid")]
    pub premises_id: ApPremisesId,
    pub room: String,
    pub label: String,
    pub characteristics: serde_json::Value,
    pub out_of_service_from: Option<NaiveDate>,
    pub out_of_service_to: Option<NaiveDate>,
    pub out_of_service_reason: String,
    pub version: i64,
}

const BED: &str = "id, premises_id, room, label, characteristics, out_of_service_from, out_of_service_to, out_of_service_reason, version";

pub async fn insert_premises(
    tx: &mut Tx,
    cap: &Capability,
    p: &PremisesRow,
) -> Result<(), StoreError> {
    require_directory(cap, Action::Create)?;
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO ap_premises ({PREMISES}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"))
        .bind(p.id.0).bind(&p.code).bind(&p.name).bind(&p.address).bind(p.latitude).bind(p.longitude)
        .bind(&p.area).bind(p.team_id.0).bind(&p.characteristics).bind(p.created_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn insert_bed(tx: &mut Tx, cap: &Capability, b: &BedRow) -> Result<(), StoreError> {
    require_directory(cap, Action::Create)?;
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO ap_bed ({BED}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"))
        .bind(b.id.0).bind(b.premises_id.0).bind(&b.room).bind(&b.label).bind(&b.characteristics)
        .bind(b.out_of_service_from).bind(b.out_of_service_to).bind(&b.out_of_service_reason).bind(b.version)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Every premises, by name.
pub async fn all_premises(tx: &mut Tx, cap: &Capability) -> Result<Vec<PremisesRow>, StoreError> {
    require_directory(cap, Action::Read)?;
    Ok(on_tx!(tx, c => sqlx::query_as::<_, PremisesRow>(&format!(
        "SELECT {PREMISES} FROM ap_premises ORDER BY name, id"))
        .fetch_all(c).await)?)
}

/// Every bed, by premises, room and label.
pub async fn all_beds(tx: &mut Tx, cap: &Capability) -> Result<Vec<BedRow>, StoreError> {
    require_directory(cap, Action::Read)?;
    Ok(on_tx!(tx, c => sqlx::query_as::<_, BedRow>(&format!(
        "SELECT {BED} FROM ap_bed ORDER BY premises_id, room, label"))
        .fetch_all(c).await)?)
}

/// A premises' bookings that hold a bed (upcoming; departed, until the day he left;
/// arrived, until he is recorded as gone, however long past his departure date: an
/// overstaying man's bed is not free) on some day of
/// `[from, until)`, as (booking, arrival, departure, status): no person. The
/// occupancy of the directory, and the overlap check of a new booking.
pub async fn bed_holds(
    tx: &mut Tx,
    cap: &Capability,
    premises: ApPremisesId,
    from: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<BedHold>, StoreError> {
    require_directory(cap, Action::Read)?;
    holds(tx, premises, from, until).await
}

/// A booking holding a bed, without whose it is.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct BedHold {
    #[sqlx(try_from = "Uuid")]
    pub booking: ApBookingId,
    #[sqlx(try_from = "Uuid")]
    pub bed: ApBedId,
    pub arrival_on: NaiveDate,
    pub departure_on: NaiveDate,
    #[sqlx(try_from = "String")]
    pub status: BookingStatus,
}

async fn holds(
    tx: &mut Tx,
    premises: ApPremisesId,
    from: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<BedHold>, StoreError> {
    Ok(on_tx!(tx, c => sqlx::query_as::<_, BedHold>(
        "SELECT id AS booking, bed_id AS bed, arrival_on, departure_on, status FROM ap_booking
         WHERE premises_id = $1 AND arrival_on < $6
           AND ((status IN ($2, $4) AND departure_on > $5) OR status = $3)
         ORDER BY bed_id, arrival_on")
        .bind(premises.0).bind(BookingStatus::Upcoming.code()).bind(BookingStatus::Arrived.code())
        .bind(BookingStatus::Departed.code()).bind(from).bind(until)
        .fetch_all(c).await)?)
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ApplicationRow {
    #[sqlx(try_from = "Uuid")]
    pub id: ApApplicationId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "Uuid")]
    pub agency_id: AgencyId,
    #[sqlx(try_from = "String")]
    pub status: ApplicationStatus,
    #[sqlx(try_from = "String")]
    pub ap_type: ApType,
    pub reason: String,
    pub risk_summary: String,
    pub release_on: NaiveDate,
    pub duration_weeks: i64,
    /// A JSON list of [`concord_domain::Characteristic`] codes.
    pub needs: serde_json::Value,
    #[sqlx(try_from = "Uuid")]
    pub submitted_by: UserId,
    pub submitted_at: DateTime<Utc>,
    pub decision_reasons: String,
    #[sqlx(try_from = "OptUuid")]
    pub assessed_by: Option<UserId>,
    pub assessed_at: Option<DateTime<Utc>>,
    pub version: i64,
}

const APPLICATION: &str = "id, person_id, agency_id, status, ap_type, reason, risk_summary, release_on, duration_weeks, needs, submitted_by, submitted_at, decision_reasons, assessed_by, assessed_at, version";

pub async fn insert_ap_application(
    tx: &mut Tx,
    cap: &Capability,
    a: &ApplicationRow,
) -> Result<(), StoreError> {
    require_stay(cap, a.person_id, true)?;
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO ap_application ({APPLICATION}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"))
        .bind(a.id.0).bind(a.person_id.as_uuid()).bind(a.agency_id.0).bind(a.status.code()).bind(a.ap_type.code())
        .bind(&a.reason).bind(&a.risk_summary).bind(a.release_on).bind(a.duration_weeks).bind(&a.needs)
        .bind(a.submitted_by.0).bind(a.submitted_at).bind(&a.decision_reasons).bind(a.assessed_by.map(|u| u.0))
        .bind(a.assessed_at).bind(a.version)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// A person's applications, newest first.
pub async fn ap_applications_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<ApplicationRow>, StoreError> {
    require_stay(cap, person, false)?;
    Ok(
        on_tx!(tx, c => sqlx::query_as::<_, ApplicationRow>(&format!(
        "SELECT {APPLICATION} FROM ap_application WHERE person_id = $1 ORDER BY submitted_at DESC, id DESC"))
        .bind(person.as_uuid()).fetch_all(c).await)?,
    )
}

/// Move an application on (decided, booked, withdrawn); `StaleVersion` if someone else
/// moved it first.
pub async fn update_ap_application(
    tx: &mut Tx,
    cap: &Capability,
    a: &ApplicationRow,
) -> Result<(), StoreError> {
    require_stay(cap, a.person_id, true)?;
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE ap_application SET status = $1, decision_reasons = $2, assessed_by = $3, assessed_at = $4,
           version = version + 1 WHERE id = $5 AND person_id = $6 AND version = $7")
        .bind(a.status.code()).bind(&a.decision_reasons).bind(a.assessed_by.map(|u| u.0)).bind(a.assessed_at)
        .bind(a.id.0).bind(a.person_id.as_uuid()).bind(a.version)
        .execute(c).await.map(|r| r.rows_affected()))?;
    if n == 1 {
        Ok(())
    } else {
        Err(StoreError::StaleVersion)
    }
}

/// The applications awaiting the central referral unit (assessment or a place), as
/// (application, person): ids only, no personal data, for its worklist (each person is
/// then read through the access decision).
pub async fn open_ap_application_ids(
    tx: &mut Tx,
) -> Result<Vec<(ApApplicationId, PersonId)>, StoreError> {
    let rows: Vec<(Uuid, Uuid)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT id, person_id FROM ap_application WHERE status IN ($1, $2) ORDER BY submitted_at, id")
        .bind(ApplicationStatus::Submitted.code()).bind(ApplicationStatus::AwaitingPlacement.code())
        .fetch_all(c).await)?;
    Ok(rows
        .into_iter()
        .map(|(a, p)| (ApApplicationId(a), PersonId::from(p)))
        .collect())
}

/// Those booked into or staying at a premises (upcoming or arrived), as (booking,
/// person): ids only, for the premises' resident list.
pub async fn premises_booking_ids(
    tx: &mut Tx,
    premises: ApPremisesId,
) -> Result<Vec<(ApBookingId, PersonId)>, StoreError> {
    let rows: Vec<(Uuid, Uuid)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT id, person_id FROM ap_booking WHERE premises_id = $1 AND status IN ($2, $3)
         ORDER BY arrival_on, id")
        .bind(premises.0).bind(BookingStatus::Upcoming.code()).bind(BookingStatus::Arrived.code())
        .fetch_all(c).await)?;
    Ok(rows
        .into_iter()
        .map(|(b, p)| (ApBookingId(b), PersonId::from(p)))
        .collect())
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct BookingRow {
    #[sqlx(try_from = "Uuid")]
    pub id: ApBookingId,
    #[sqlx(try_from = "Uuid")]
    pub application_id: ApApplicationId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "Uuid")]
    pub premises_id: ApPremisesId,
    #[sqlx(try_from = "Uuid")]
    pub bed_id: ApBedId,
    pub arrival_on: NaiveDate,
    pub departure_on: NaiveDate,
    #[sqlx(try_from = "String")]
    pub status: BookingStatus,
    pub arrived_at: Option<DateTime<Utc>>,
    #[sqlx(try_from = "OptUuid")]
    pub key_worker: Option<UserId>,
    pub non_arrival_reason: String,
    pub departed_at: Option<DateTime<Utc>>,
    pub departure_reason: String,
    pub move_on_plan: String,
    pub next_address_check: Option<Uuid>,
    /// Why a place was cancelled before he arrived.
    pub cancellation_reason: String,
    #[sqlx(try_from = "Uuid")]
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
    pub version: i64,
}

const BOOKING: &str = "id, application_id, person_id, premises_id, bed_id, arrival_on, departure_on, status, arrived_at, key_worker, non_arrival_reason, departed_at, departure_reason, move_on_plan, next_address_check, cancellation_reason, created_by, created_at, version";

/// Book a bed, refusing an overlap: the bed's row is bumped first (on PostgreSQL that
/// locks it until commit, so two bookings of one bed are taken one after the other) and
/// then its holds are read. Returns the overlapping bookings' dates if refused.
pub async fn insert_ap_booking(
    tx: &mut Tx,
    cap: &Capability,
    b: &BookingRow,
) -> Result<Result<(), Vec<BedHold>>, StoreError> {
    require_stay(cap, b.person_id, true)?;
    let locked = on_tx!(tx, c => sqlx::query(
        "UPDATE ap_bed SET version = version + 1 WHERE id = $1 AND premises_id = $2")
        .bind(b.bed_id.0).bind(b.premises_id.0)
        .execute(c).await.map(|r| r.rows_affected()))?;
    if locked != 1 {
        return Err(StoreError::NotFound);
    }
    let clashes: Vec<BedHold> = holds(tx, b.premises_id, b.arrival_on, b.departure_on)
        .await?
        .into_iter()
        .filter(|h| h.bed == b.bed_id)
        .collect();
    if !clashes.is_empty() {
        return Ok(Err(clashes));
    }
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO ap_booking ({BOOKING}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)"))
        .bind(b.id.0).bind(b.application_id.0).bind(b.person_id.as_uuid()).bind(b.premises_id.0).bind(b.bed_id.0)
        .bind(b.arrival_on).bind(b.departure_on).bind(b.status.code()).bind(b.arrived_at).bind(b.key_worker.map(|u| u.0))
        .bind(&b.non_arrival_reason).bind(b.departed_at).bind(&b.departure_reason).bind(&b.move_on_plan)
        .bind(b.next_address_check).bind(&b.cancellation_reason).bind(b.created_by.0).bind(b.created_at).bind(b.version)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(Ok(()))
}

/// A person's bookings, newest arrival first.
pub async fn ap_bookings_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<BookingRow>, StoreError> {
    require_stay(cap, person, false)?;
    Ok(on_tx!(tx, c => sqlx::query_as::<_, BookingRow>(&format!(
        "SELECT {BOOKING} FROM ap_booking WHERE person_id = $1 ORDER BY arrival_on DESC, id DESC"))
        .bind(person.as_uuid()).fetch_all(c).await)?)
}

/// Whose a booking is, to decide access before anything of it is read.
pub async fn ap_booking_person(
    tx: &mut Tx,
    booking: ApBookingId,
) -> Result<Option<PersonId>, StoreError> {
    let row: Option<(Uuid,)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT person_id FROM ap_booking WHERE id = $1")
        .bind(booking.0).fetch_optional(c).await)?;
    Ok(row.map(|(p,)| PersonId::from(p)))
}

/// Record what happened to a booking (arrival, non-arrival, departure, move-on);
/// `StaleVersion` if someone else recorded something first.
pub async fn update_ap_booking(
    tx: &mut Tx,
    cap: &Capability,
    b: &BookingRow,
) -> Result<(), StoreError> {
    require_stay(cap, b.person_id, true)?;
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE ap_booking SET status = $1, arrived_at = $2, key_worker = $3, non_arrival_reason = $4,
           departed_at = $5, departure_reason = $6, move_on_plan = $7, next_address_check = $8,
           departure_on = $9, cancellation_reason = $10, version = version + 1
         WHERE id = $11 AND person_id = $12 AND version = $13")
        .bind(b.status.code()).bind(b.arrived_at).bind(b.key_worker.map(|u| u.0)).bind(&b.non_arrival_reason)
        .bind(b.departed_at).bind(&b.departure_reason).bind(&b.move_on_plan).bind(b.next_address_check)
        .bind(b.departure_on).bind(&b.cancellation_reason).bind(b.id.0).bind(b.person_id.as_uuid()).bind(b.version)
        .execute(c).await.map(|r| r.rows_affected()))?;
    if n == 1 {
        Ok(())
    } else {
        Err(StoreError::StaleVersion)
    }
}

/// One line of a premises' sign-in register.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RegisterRow {
    pub id: Uuid,
    #[sqlx(try_from = "Uuid")]
    pub booking_id: ApBookingId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    /// `out`, `in` or `missed_curfew`.
    pub kind: String,
    pub at: DateTime<Utc>,
    pub note: String,
    pub compliance_event_id: Option<Uuid>,
    #[sqlx(try_from = "Uuid")]
    pub recorded_by: UserId,
    pub recorded_at: DateTime<Utc>,
}

const REGISTER: &str =
    "id, booking_id, person_id, kind, at, note, compliance_event_id, recorded_by, recorded_at";

pub async fn insert_ap_register(
    tx: &mut Tx,
    cap: &Capability,
    r: &RegisterRow,
) -> Result<(), StoreError> {
    require_stay(cap, r.person_id, true)?;
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO ap_register ({REGISTER}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"))
        .bind(r.id).bind(r.booking_id.0).bind(r.person_id.as_uuid()).bind(&r.kind).bind(r.at)
        .bind(&r.note).bind(r.compliance_event_id).bind(r.recorded_by.0).bind(r.recorded_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// A person's register lines, newest first.
pub async fn ap_register_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Vec<RegisterRow>, StoreError> {
    require_stay(cap, person, false)?;
    Ok(on_tx!(tx, c => sqlx::query_as::<_, RegisterRow>(&format!(
        "SELECT {REGISTER} FROM ap_register WHERE person_id = $1 ORDER BY at DESC, recorded_at DESC"))
        .bind(person.as_uuid()).fetch_all(c).await)?)
}

/// Take a bed out of service from `from` (until `until`, if known), or back into service
/// (`from` `None`); `StaleVersion` if the bed changed meanwhile.
pub async fn set_bed_service(
    tx: &mut Tx,
    cap: &Capability,
    bed: ApBedId,
    out: Option<(NaiveDate, Option<NaiveDate>)>,
    reason: &str,
    version: i64,
) -> Result<(), StoreError> {
    require_directory(cap, Action::Change)?;
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE ap_bed SET out_of_service_from = $1, out_of_service_to = $2, out_of_service_reason = $3,
           version = version + 1 WHERE id = $4 AND version = $5")
        .bind(out.map(|o| o.0)).bind(out.and_then(|o| o.1)).bind(reason).bind(bed.0).bind(version)
        .execute(c).await.map(|r| r.rows_affected()))?;
    if n == 1 {
        Ok(())
    } else {
        Err(StoreError::StaleVersion)
    }
}
