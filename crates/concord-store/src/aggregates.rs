//! Counts for the Strategic Management Board: numbers only, never a person.

use concord_authz::{Action, Capability, ResourceKind};
use uuid::Uuid;

use crate::{on_tx, StoreError, Tx};

pub(crate) fn require_aggregate(cap: &Capability) -> Result<(), StoreError> {
    if cap.kind() == ResourceKind::Aggregate && cap.action() == Action::Read {
        Ok(())
    } else {
        Err(StoreError::WrongCapability {
            needed: "reading aggregate figures",
        })
    }
}

/// The figures of the board page. Each list is (label or id, count).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AggregateCounts {
    pub people: i64,
    pub people_by_owner: Vec<(Uuid, i64)>,
    pub live_allocations: i64,
    pub open_referrals_by_agency: Vec<(Uuid, i64)>,
    pub live_shares: i64,
    /// (review outcome or "pending", count) over the period.
    pub break_glass_by_outcome: Vec<(String, i64)>,
    pub active_markers_by_kind: Vec<(String, i64)>,
}

pub async fn aggregate_counts(
    tx: &mut Tx,
    cap: &Capability,
    now: chrono::DateTime<chrono::Utc>,
    since: chrono::DateTime<chrono::Utc>,
) -> Result<AggregateCounts, StoreError> {
    require_aggregate(cap)?;
    let today = now.date_naive();
    let (people,): (i64,) =
        on_tx!(tx, c => sqlx::query_as("SELECT COUNT(*) FROM person").fetch_one(c).await)?;
    let people_by_owner = on_tx!(tx, c => sqlx::query_as::<_, (Uuid, i64)>(
        "SELECT owning_agency_id, COUNT(*) FROM person GROUP BY owning_agency_id ORDER BY 2 DESC")
        .fetch_all(c).await)?;
    let (live_allocations,): (i64,) = on_tx!(tx, c => sqlx::query_as(
        "SELECT COUNT(*) FROM allocation WHERE from_date <= $1 AND (to_date IS NULL OR to_date >= $1)")
        .bind(today).fetch_one(c).await)?;
    let open_referrals_by_agency = on_tx!(tx, c => sqlx::query_as::<_, (Uuid, i64)>(
        "SELECT to_agency_id, COUNT(*) FROM referral WHERE opened_on <= $1 AND (closed_on IS NULL OR closed_on > $1) GROUP BY to_agency_id ORDER BY 2 DESC")
        .bind(today).fetch_all(c).await)?;
    let (live_shares,): (i64,) = on_tx!(tx, c => sqlx::query_as(
        "SELECT COUNT(*) FROM section_share WHERE revoked_at IS NULL AND expires_on >= $1")
        .bind(today).fetch_one(c).await)?;
    let break_glass_by_outcome = on_tx!(tx, c => sqlx::query_as::<_, (String, i64)>(
        "SELECT COALESCE(review_outcome, 'awaiting review'), COUNT(*) FROM break_glass WHERE opened_at >= $1 GROUP BY COALESCE(review_outcome, 'awaiting review') ORDER BY 1")
        .bind(since).fetch_all(c).await)?;
    let active_markers_by_kind = on_tx!(tx, c => sqlx::query_as::<_, (String, i64)>(
        "SELECT kind, COUNT(*) FROM warning_marker WHERE removed_on IS NULL GROUP BY kind ORDER BY 2 DESC")
        .fetch_all(c).await)?;
    Ok(AggregateCounts {
        people,
        people_by_owner,
        live_allocations,
        open_referrals_by_agency,
        live_shares,
        break_glass_by_outcome,
        active_markers_by_kind,
    })
}

/// One offence for the concentration of offending: whose (an id the caller only groups
/// by, never shows), the town of their current address, and the offence code.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OffendingRow {
    pub person_id: Uuid,
    pub town: Option<String>,
    pub offence_code: String,
}

/// Every offence committed from `since` to `until` (inclusive), with the offender's
/// current town (the latest address current on `until`). Aggregate: the caller turns it
/// into shares and curves, and no row leaves it.
pub async fn offending_between(
    tx: &mut Tx,
    cap: &Capability,
    since: chrono::NaiveDate,
    until: chrono::NaiveDate,
) -> Result<Vec<OffendingRow>, StoreError> {
    require_aggregate(cap)?;
    Ok(on_tx!(tx, c => sqlx::query_as::<_, OffendingRow>(
        "SELECT o.person_id,
                (SELECT a.town FROM person_address a
                  WHERE a.person_id = o.person_id AND a.from_date <= $2 AND (a.to_date IS NULL OR a.to_date >= $2)
                  ORDER BY a.from_date DESC, a.id DESC LIMIT 1) AS town,
                o.offence_code
         FROM offence o WHERE o.offence_date >= $1 AND o.offence_date <= $2
         ORDER BY o.person_id")
        .bind(since).bind(until).fetch_all(c).await)?)
}

/// How much happened each month, for the board's trends: (`YYYY-MM`, count) for the
/// months from `since` that had any, oldest first. Counts only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MonthlyActivity {
    /// MAPPA referrals, by the day they were made.
    pub mappa_referrals: Vec<(String, i64)>,
    /// Referrals to partner services, by the day they were opened.
    pub partner_referrals: Vec<(String, i64)>,
    /// Records opened by break-glass, by when.
    pub break_glass: Vec<(String, i64)>,
}

pub async fn monthly_activity(
    tx: &mut Tx,
    cap: &Capability,
    since: chrono::NaiveDate,
) -> Result<MonthlyActivity, StoreError> {
    require_aggregate(cap)?;
    // A date or time as text starts `YYYY-MM` on both engines: the month without
    // engine-specific date functions.
    let by_month = |table: &str, column: &str| {
        format!(
            "SELECT substr(CAST({column} AS TEXT), 1, 7) AS month, COUNT(*) FROM {table}
             WHERE {column} >= $1 GROUP BY substr(CAST({column} AS TEXT), 1, 7) ORDER BY 1"
        )
    };
    let mappa_referrals = on_tx!(tx, c => sqlx::query_as::<_, (String, i64)>(
        &by_month("mappa_referral", "referred_on")).bind(since).fetch_all(c).await)?;
    let partner_referrals = on_tx!(tx, c => sqlx::query_as::<_, (String, i64)>(
        &by_month("referral", "opened_on")).bind(since).fetch_all(c).await)?;
    let from = since.and_time(chrono::NaiveTime::MIN).and_utc();
    let break_glass = on_tx!(tx, c => sqlx::query_as::<_, (String, i64)>(
        &by_month("break_glass", "opened_at")).bind(from).fetch_all(c).await)?;
    Ok(MonthlyActivity {
        mappa_referrals,
        partner_referrals,
        break_glass,
    })
}
