//! Proven reoffending by index disposal, the Ministry of Justice's way (rules.md §5):
//!
//! - the **cohort** is everyone released from custody, convicted at court of a
//!   non-custodial disposal, or cautioned in the cohort period; a person's **index event**
//!   is the first of these in the period;
//! - the **follow-up** is the 12 months after the index date (the release date after
//!   custody, otherwise the date of conviction or caution);
//! - a **proven reoffence** is an offence committed in the follow-up and proven (by
//!   conviction or caution) within it or a further 6-month **waiting period**; breaches of
//!   an order or licence are not offences and are not counted;
//! - the **binary rate** is the share of the cohort who reoffend, shown with its Wilson 95%
//!   interval, and the **frequency** is reoffences per offender and per reoffender.
//!
//! A cohort whose follow-up and waiting period have not both elapsed is refused, saying when
//! it can be measured: a rate measured early is too low, and nothing is invented.

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};
use serde::Serialize;

/// The disposal a person's index event is counted under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum IndexDisposal {
    CustodyUnder12Months,
    Custody12MonthsOrMore,
    SuspendedSentence,
    CommunityOrder,
    Caution,
    FineOrDischarge,
    Other,
}

impl IndexDisposal {
    pub const ALL: [IndexDisposal; 7] = [
        Self::CustodyUnder12Months,
        Self::Custody12MonthsOrMore,
        Self::SuspendedSentence,
        Self::CommunityOrder,
        Self::Caution,
        Self::FineOrDischarge,
        Self::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::CustodyUnder12Months => "Custody under 12 months",
            Self::Custody12MonthsOrMore => "Custody of 12 months or more",
            Self::SuspendedSentence => "Suspended sentence order",
            Self::CommunityOrder => "Community order",
            Self::Caution => "Caution",
            Self::FineOrDischarge => "Fine or discharge",
            Self::Other => "Other disposal",
        }
    }
}

/// A release from custody, a non-custodial conviction or a caution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexEvent {
    pub on: NaiveDate,
    pub disposal: IndexDisposal,
    /// A community order or suspended sentence with unpaid work (Community Payback).
    pub unpaid_work: bool,
}

/// An offence and when it was proven (conviction or caution); unproven offences are not
/// passed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProvenOffence {
    pub committed_on: NaiveDate,
    pub proven_on: NaiveDate,
}

/// One person's index events and proven offences, in any order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffenderHistory {
    pub events: Vec<IndexEvent>,
    pub proven: Vec<ProvenOffence>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReoffendingConfig {
    pub follow_up_months: u32,
    pub waiting_months: u32,
}

impl Default for ReoffendingConfig {
    /// The official measure: one year's follow-up, six months' wait for convictions.
    fn default() -> Self {
        ReoffendingConfig {
            follow_up_months: 12,
            waiting_months: 6,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReoffendingError {
    #[error("the cohort period ends before it starts ({start} to {end})")]
    EmptyPeriod { start: NaiveDate, end: NaiveDate },
    #[error(
        "the follow-up and waiting period for a cohort ending {cohort_end} have not elapsed: it can be measured from {ready_on}"
    )]
    NotElapsed {
        cohort_end: NaiveDate,
        ready_on: NaiveDate,
    },
}

/// One line of the table: a disposal, Community Payback, or everyone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RateLine {
    pub label: String,
    pub offenders: u32,
    pub reoffenders: u32,
    pub reoffences: u32,
    pub binary_rate: Option<f64>,
    /// Wilson 95% interval of the binary rate.
    pub interval: Option<(f64, f64)>,
    pub per_offender: Option<f64>,
    pub per_reoffender: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReoffendingReport {
    pub cohort_start: NaiveDate,
    pub cohort_end: NaiveDate,
    pub config: ReoffendingConfig,
    /// Every disposal in [`IndexDisposal::ALL`] order, then Community Payback (community
    /// orders and suspended sentences with unpaid work, also counted above), then all.
    pub lines: Vec<RateLine>,
}

pub const COMMUNITY_PAYBACK: &str = "Community Payback (unpaid work)";
pub const ALL_DISPOSALS: &str = "All disposals";

/// The date from which a cohort ending `cohort_end` can be measured.
pub fn ready_on(cohort_end: NaiveDate, config: ReoffendingConfig) -> NaiveDate {
    plus_months(cohort_end, config.follow_up_months + config.waiting_months)
        .succ_opt()
        .unwrap_or(NaiveDate::MAX)
}

pub fn proven_reoffending(
    people: &[OffenderHistory],
    cohort_start: NaiveDate,
    cohort_end: NaiveDate,
    config: ReoffendingConfig,
    today: NaiveDate,
) -> Result<ReoffendingReport, ReoffendingError> {
    if cohort_end < cohort_start {
        return Err(ReoffendingError::EmptyPeriod {
            start: cohort_start,
            end: cohort_end,
        });
    }
    let ready = ready_on(cohort_end, config);
    if today < ready {
        return Err(ReoffendingError::NotElapsed {
            cohort_end,
            ready_on: ready,
        });
    }
    let mut by_disposal: BTreeMap<IndexDisposal, Tally> = BTreeMap::new();
    let mut payback = Tally::default();
    let mut all = Tally::default();
    for person in people {
        let Some(index) = person
            .events
            .iter()
            .filter(|e| e.on >= cohort_start && e.on <= cohort_end)
            .min_by_key(|e| (e.on, e.disposal))
        else {
            continue;
        };
        let follow_up_end = plus_months(index.on, config.follow_up_months);
        let proof_by = plus_months(follow_up_end, config.waiting_months);
        let reoffences = person
            .proven
            .iter()
            .filter(|o| o.committed_on > index.on && o.committed_on <= follow_up_end)
            .filter(|o| o.proven_on <= proof_by)
            .count() as u32;
        by_disposal
            .entry(index.disposal)
            .or_default()
            .add(reoffences);
        if index.unpaid_work
            && matches!(
                index.disposal,
                IndexDisposal::CommunityOrder | IndexDisposal::SuspendedSentence
            )
        {
            payback.add(reoffences);
        }
        all.add(reoffences);
    }
    let mut lines: Vec<RateLine> = IndexDisposal::ALL
        .iter()
        .map(|d| {
            by_disposal
                .get(d)
                .copied()
                .unwrap_or_default()
                .line(d.label())
        })
        .collect();
    lines.push(payback.line(COMMUNITY_PAYBACK));
    lines.push(all.line(ALL_DISPOSALS));
    Ok(ReoffendingReport {
        cohort_start,
        cohort_end,
        config,
        lines,
    })
}

#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    offenders: u32,
    reoffenders: u32,
    reoffences: u32,
}

impl Tally {
    fn add(&mut self, reoffences: u32) {
        self.offenders += 1;
        self.reoffenders += u32::from(reoffences > 0);
        self.reoffences += reoffences;
    }

    fn line(self, label: &str) -> RateLine {
        let per = |n: u32| (n > 0).then(|| f64::from(self.reoffences) / f64::from(n));
        RateLine {
            label: label.into(),
            offenders: self.offenders,
            reoffenders: self.reoffenders,
            reoffences: self.reoffences,
            binary_rate: per_cent(self.reoffenders, self.offenders),
            interval: wilson(self.reoffenders, self.offenders),
            per_offender: per(self.offenders),
            per_reoffender: per(self.reoffenders),
        }
    }
}

fn per_cent(k: u32, n: u32) -> Option<f64> {
    (n > 0).then(|| f64::from(k) / f64::from(n))
}

/// The Wilson score interval at 95%: unlike the normal approximation it stays inside
/// 0..1 and is honest when the rate is near 0 or 1 or the cohort is small.
pub fn wilson(k: u32, n: u32) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let (k, n, z) = (f64::from(k), f64::from(n), 1.96_f64);
    let p = k / n;
    let denominator = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denominator;
    let half = z * ((p * (1.0 - p) / n) + z * z / (4.0 * n * n)).sqrt() / denominator;
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

fn plus_months(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
#[path = "reoffending_tests.rs"]
mod tests;
