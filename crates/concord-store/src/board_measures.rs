//! The facts behind the Local Criminal Justice Board's measures and proven reoffending:
//! dates and disposals, with a person id the caller only groups by and never shows; and
//! the figures imported from the courts, the police and the youth offending service.

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{Action, Capability, ResourceKind};
use concord_domain::UserId;
use uuid::Uuid;

use crate::aggregates::require_aggregate;
use crate::{on_tx, StoreError, Tx};

fn require_import(cap: &Capability) -> Result<(), StoreError> {
    if cap.kind() == ResourceKind::Aggregate && cap.action() == Action::Create {
        Ok(())
    } else {
        Err(StoreError::WrongCapability {
            needed: "importing the board's measures",
        })
    }
}

/// A proven offence (convicted or cautioned) of someone in a reoffending cohort.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ProvenOffenceRow {
    pub person_id: Uuid,
    pub offence_date: NaiveDate,
    pub conviction_date: NaiveDate,
    pub disposal: Option<String>,
}

/// A sentence of someone in a reoffending cohort: custody gives the release date, and a
/// community sentence's terms say whether it includes unpaid work.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CohortSentenceRow {
    pub person_id: Uuid,
    pub kind: String,
    pub description: Option<String>,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub release_date: Option<NaiveDate>,
    /// The length as the court imposed it, when recorded.
    pub term: Option<String>,
}

/// Everyone with an index event (a conviction or caution, or a release from custody) from
/// `since` to `until`: their proven offences and their sentences.
pub async fn reoffending_facts(
    tx: &mut Tx,
    cap: &Capability,
    since: NaiveDate,
    until: NaiveDate,
) -> Result<(Vec<ProvenOffenceRow>, Vec<CohortSentenceRow>), StoreError> {
    require_aggregate(cap)?;
    const COHORT: &str =
        "SELECT person_id FROM offence WHERE conviction_date >= $1 AND conviction_date <= $2
        UNION SELECT person_id FROM sentence WHERE release_date >= $1 AND release_date <= $2";
    let offences = on_tx!(tx, c => sqlx::query_as::<_, ProvenOffenceRow>(&format!(
        "SELECT person_id, offence_date, conviction_date, disposal FROM offence
         WHERE conviction_date IS NOT NULL AND person_id IN ({COHORT}) ORDER BY person_id"))
        .bind(since).bind(until).fetch_all(c).await)?;
    let sentences = on_tx!(tx, c => sqlx::query_as::<_, CohortSentenceRow>(&format!(
        "SELECT person_id, kind, description, start_date, end_date, release_date, term FROM sentence
         WHERE person_id IN ({COHORT}) ORDER BY person_id"))
        .bind(since).bind(until).fetch_all(c).await)?;
    Ok((offences, sentences))
}

/// Offences brought to justice (convicted or cautioned), by day, from `since` to `until`.
pub async fn offences_brought_to_justice(
    tx: &mut Tx,
    cap: &Capability,
    since: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<(NaiveDate, i64)>, StoreError> {
    require_aggregate(cap)?;
    Ok(on_tx!(tx, c => sqlx::query_as::<_, (NaiveDate, i64)>(
        "SELECT conviction_date, COUNT(*) FROM offence
         WHERE conviction_date >= $1 AND conviction_date <= $2
         GROUP BY conviction_date ORDER BY conviction_date")
        .bind(since).bind(until).fetch_all(c).await)?)
}

/// Breach referrals of community penalties (no licence in force) made from `since` to
/// `until`: (the day of the failure, the day of the referral).
pub async fn community_breach_referrals(
    tx: &mut Tx,
    cap: &Capability,
    since: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<(NaiveDate, NaiveDate)>, StoreError> {
    require_aggregate(cap)?;
    Ok(on_tx!(tx, c => sqlx::query_as::<_, (NaiveDate, NaiveDate)>(
        "SELECT e.occurred_on, a.given_on FROM enforcement_action a
         JOIN compliance_event e ON e.id = a.failure_event_id
         WHERE a.kind = 'breach' AND a.licence_id IS NULL AND a.given_on >= $1 AND a.given_on <= $2
         ORDER BY a.given_on")
        .bind(since).bind(until).fetch_all(c).await)?)
}

/// An imported figure, as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LcjbFigureRow {
    pub measure: String,
    pub area: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub numerator: i64,
    pub denominator: Option<i64>,
}

/// Imported figures whose period ends from `since` to `until`, by measure, area, period.
pub async fn lcjb_figures(
    tx: &mut Tx,
    cap: &Capability,
    since: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<LcjbFigureRow>, StoreError> {
    require_aggregate(cap)?;
    Ok(on_tx!(tx, c => sqlx::query_as::<_, LcjbFigureRow>(
        "SELECT measure, area, period_start, period_end, numerator, denominator FROM lcjb_measure
         WHERE period_end >= $1 AND period_end <= $2
         ORDER BY measure, area, period_start, period_end")
        .bind(since).bind(until).fetch_all(c).await)?)
}

/// Store imported figures, replacing any for the same measure, area and period (a
/// correction); returns how many replaced one already held.
pub async fn replace_lcjb_figures(
    tx: &mut Tx,
    cap: &Capability,
    figures: &[LcjbFigureRow],
    by: UserId,
    at: DateTime<Utc>,
) -> Result<u64, StoreError> {
    require_import(cap)?;
    let mut replaced = 0;
    for f in figures {
        let gone = on_tx!(tx, c => sqlx::query(
            "DELETE FROM lcjb_measure WHERE measure = $1 AND area = $2 AND period_start = $3 AND period_end = $4")
            .bind(&f.measure).bind(&f.area).bind(f.period_start).bind(f.period_end)
            .execute(c).await.map(|r| r.rows_affected()))?;
        replaced += gone;
        on_tx!(tx, c => sqlx::query(
            "INSERT INTO lcjb_measure (id, measure, area, period_start, period_end, numerator, denominator, imported_by, imported_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
            .bind(Uuid::now_v7()).bind(&f.measure).bind(&f.area).bind(f.period_start).bind(f.period_end)
            .bind(f.numerator).bind(f.denominator).bind(by.0).bind(at)
            .execute(c).await.map(|r| r.rows_affected()))?;
    }
    Ok(replaced)
}

/// Someone the IOM panel adopted (their latest adoption), for the board's cohort
/// outcomes: the strand, the day, and their offences (code, offence date).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdoptedOffending {
    pub person_id: Uuid,
    pub strand: Option<String>,
    pub adopted_at: DateTime<Utc>,
    pub offences: Vec<(String, NaiveDate)>,
}

pub async fn adopted_offending(
    tx: &mut Tx,
    cap: &Capability,
) -> Result<Vec<AdoptedOffending>, StoreError> {
    require_aggregate(cap)?;
    let adoptions = on_tx!(tx, c => sqlx::query_as::<_, (Uuid, Option<String>, DateTime<Utc>)>(
        "SELECT d.person_id, d.strand, d.decided_at FROM iom_cohort_decision d
         WHERE d.decision = 'adopt' AND NOT EXISTS (
            SELECT 1 FROM iom_cohort_decision later WHERE later.person_id = d.person_id
              AND later.decision = 'adopt' AND (later.decided_at, later.id) > (d.decided_at, d.id))
         ORDER BY d.person_id")
        .fetch_all(c).await)?;
    if adoptions.is_empty() {
        return Ok(vec![]);
    }
    let ids: Vec<Uuid> = adoptions.iter().map(|a| a.0).collect();
    let offences = crate::iom::offences_of(tx, &ids).await?;
    Ok(adoptions
        .into_iter()
        .map(|(person_id, strand, adopted_at)| AdoptedOffending {
            person_id,
            strand,
            adopted_at,
            offences: offences
                .iter()
                .filter(|o| o.0 == person_id)
                .map(|o| (o.1.clone(), o.2))
                .collect(),
        })
        .collect())
}
