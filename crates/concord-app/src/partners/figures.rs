//! Figures for the board (issue 20 item 8): referrals to partner services by quarter
//! sent, town, service and provider — sent, accepted, declined, how long to first
//! contact, how they ended and the end reports' outcomes — with the totals the charts
//! draw, as a table, CSV and ODS. Counts only: no name, no id, no date finer than the
//! quarter.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use concord_authz::Actor;
use concord_partners::{Closure, OutcomeAchieved, ReferralStatus};
use serde::Serialize;

use super::views::EndReport;
use crate::{AppError, Partners};

/// One group of referrals: quarter sent, town, service and provider.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FigureRow {
    /// "2026 Q4" (calendar quarters).
    pub quarter: String,
    pub town: String,
    pub service: String,
    pub provider: String,
    pub sent: u32,
    pub accepted: u32,
    pub declined: u32,
    /// Sent and not yet accepted or declined.
    pub awaiting: u32,
    pub completed: u32,
    pub cancelled: u32,
    pub withdrew: u32,
    /// Of those with a first contact: the calendar days from sending to it, summed.
    pub first_contacts: u32,
    pub days_to_first_contact: u32,
    pub outcomes_achieved: u32,
    pub outcomes_partly: u32,
    pub outcomes_not: u32,
    /// Minutes volunteers worked with the people referred.
    pub volunteer_minutes: u32,
    /// Fewer referrals than the small-number threshold (but some): every count is
    /// withheld, so that no one can be picked out from a town, service and quarter.
    pub withheld: bool,
}

impl FigureRow {
    /// Mean days from sending to first contact, to one decimal place.
    pub fn mean_days_to_first_contact(&self) -> Option<f64> {
        (self.first_contacts > 0).then(|| {
            (f64::from(self.days_to_first_contact) / f64::from(self.first_contacts) * 10.0).round()
                / 10.0
        })
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PartnerFigures {
    pub rows: Vec<FigureRow>,
    /// Totals for the charts: referrals sent by service, by provider and by quarter; per
    /// provider the share accepted of those decided (percent).
    pub by_service: Vec<(String, i64)>,
    pub by_provider: Vec<(String, i64)>,
    pub by_quarter: Vec<(String, i64)>,
    pub acceptance_by_provider: Vec<(String, i64)>,
    pub completion_by_service: Vec<(String, i64)>,
    pub total: FigureRow,
    /// The small-number threshold the figures were withheld by.
    pub threshold: u64,
}

fn quarter(d: NaiveDate) -> String {
    format!("{} Q{}", d.year(), d.month0() / 3 + 1)
}

fn add(into: &mut FigureRow, r: &FigureRow) {
    into.sent += r.sent;
    into.accepted += r.accepted;
    into.declined += r.declined;
    into.awaiting += r.awaiting;
    into.completed += r.completed;
    into.cancelled += r.cancelled;
    into.withdrew += r.withdrew;
    into.first_contacts += r.first_contacts;
    into.days_to_first_contact += r.days_to_first_contact;
    into.outcomes_achieved += r.outcomes_achieved;
    into.outcomes_partly += r.outcomes_partly;
    into.outcomes_not += r.outcomes_not;
    into.volunteer_minutes += r.volunteer_minutes;
}

fn percent(part: u32, whole: u32) -> i64 {
    if whole == 0 {
        0
    } else {
        (i64::from(part) * 100 + i64::from(whole) / 2) / i64::from(whole)
    }
}

impl Partners<'_> {
    pub async fn partner_figures(&self, actor: &Actor) -> Result<PartnerFigures, AppError> {
        // Counts only, no one's record: decided as aggregate figures, nothing to audit.
        self.read_aggregate(actor, async |tx, cap| {
            let rows = concord_store::referral_figures(tx, cap).await?;
            let mut groups: BTreeMap<(String, String, String, String), FigureRow> = BTreeMap::new();
            for r in rows {
                let key = (
                    quarter(r.sent_on),
                    r.town.clone().unwrap_or_else(|| "Not recorded".into()),
                    r.service.label().to_string(),
                    r.provider.clone(),
                );
                let g = groups.entry(key.clone()).or_insert_with(|| FigureRow {
                    quarter: key.0,
                    town: key.1,
                    service: key.2,
                    provider: key.3,
                    ..FigureRow::default()
                });
                g.sent += 1;
                match (r.status, r.decided_at) {
                    (ReferralStatus::Declined, _) => g.declined += 1,
                    (ReferralStatus::Sent, _) => g.awaiting += 1,
                    (_, Some(_)) => g.accepted += 1,
                    // Cancelled or withdrawn before the provider decided.
                    (_, None) => {}
                }
                match r.closure {
                    Some(Closure::Completed) => g.completed += 1,
                    Some(Closure::Cancelled) => g.cancelled += 1,
                    Some(Closure::Withdrew) => g.withdrew += 1,
                    None => {}
                }
                g.volunteer_minutes += u32::try_from(r.volunteer_minutes).unwrap_or(0);
                if let Some(first) = r.first_contact_on {
                    g.first_contacts += 1;
                    g.days_to_first_contact +=
                        u32::try_from((first - r.sent_on).num_days().max(0)).unwrap_or(0);
                }
                if let Some(report) = r.end_report.as_deref() {
                    let report: EndReport = serde_json::from_str(report)
                        .map_err(|e| AppError::Internal(format!("a stored end report: {e}")))?;
                    for o in report.outcomes {
                        match o.achieved {
                            OutcomeAchieved::Achieved => g.outcomes_achieved += 1,
                            OutcomeAchieved::PartiallyAchieved => g.outcomes_partly += 1,
                            OutcomeAchieved::NotAchieved => g.outcomes_not += 1,
                        }
                    }
                }
            }
            let threshold = self.settings.iom.small_number_threshold;
            let small = |n: u32| n > 0 && u64::from(n) < threshold;
            let mut rows: Vec<FigureRow> = groups.into_values().collect();
            let mut total = FigureRow {
                quarter: "All".into(),
                town: "All".into(),
                service: "All".into(),
                provider: "All".into(),
                ..FigureRow::default()
            };
            let by = |key: fn(&FigureRow) -> &String| {
                let mut m: BTreeMap<String, FigureRow> = BTreeMap::new();
                for r in &rows {
                    add(m.entry(key(r).clone()).or_default(), r);
                }
                m
            };
            let services = by(|r| &r.service);
            let providers = by(|r| &r.provider);
            let quarters = by(|r| &r.quarter);
            for r in &rows {
                add(&mut total, r);
            }
            for r in &mut rows {
                r.withheld = small(r.sent);
            }
            total.withheld = small(total.sent);
            // A chart's bar about fewer people than the threshold is left out, as is a
            // percentage of fewer.
            let sent = |m: &BTreeMap<String, FigureRow>| {
                m.iter()
                    .filter(|(_, r)| !small(r.sent))
                    .map(|(k, r)| (k.clone(), i64::from(r.sent)))
                    .collect()
            };
            Ok(PartnerFigures {
                by_service: sent(&services),
                by_provider: sent(&providers),
                by_quarter: sent(&quarters),
                acceptance_by_provider: providers
                    .iter()
                    .filter(|(_, r)| !small(r.accepted + r.declined))
                    .map(|(k, r)| (k.clone(), percent(r.accepted, r.accepted + r.declined)))
                    .collect(),
                completion_by_service: services
                    .iter()
                    .filter(|(_, r)| !small(r.completed + r.cancelled + r.withdrew))
                    .map(|(k, r)| {
                        let ended = r.completed + r.cancelled + r.withdrew;
                        (k.clone(), percent(r.completed, ended))
                    })
                    .collect(),
                rows,
                total,
                threshold,
            })
        })
        .await
    }
}

const HEADINGS: [&str; 17] = [
    "Quarter sent",
    "Town",
    "Service",
    "Provider",
    "Sent",
    "Accepted",
    "Declined",
    "Awaiting a decision",
    "Completed",
    "Cancelled",
    "Withdrew",
    "With a first contact",
    "Mean days to first contact",
    "Outcomes achieved",
    "Outcomes partly achieved",
    "Outcomes not achieved",
    "Volunteer hours",
];

fn cells(r: &FigureRow, threshold: u64) -> Vec<String> {
    if r.withheld {
        let mut out = vec![
            r.quarter.clone(),
            r.town.clone(),
            r.service.clone(),
            r.provider.clone(),
        ];
        out.extend(std::iter::repeat_n(
            format!("withheld (fewer than {threshold})"),
            HEADINGS.len() - 4,
        ));
        return out;
    }
    vec![
        r.quarter.clone(),
        r.town.clone(),
        r.service.clone(),
        r.provider.clone(),
        r.sent.to_string(),
        r.accepted.to_string(),
        r.declined.to_string(),
        r.awaiting.to_string(),
        r.completed.to_string(),
        r.cancelled.to_string(),
        r.withdrew.to_string(),
        r.first_contacts.to_string(),
        r.mean_days_to_first_contact()
            .map_or_else(String::new, |d| d.to_string()),
        r.outcomes_achieved.to_string(),
        r.outcomes_partly.to_string(),
        r.outcomes_not.to_string(),
        (f64::from(r.volunteer_minutes) / 60.0).to_string(),
    ]
}

impl PartnerFigures {
    /// The table: a heading row, a row per group and the totals.
    pub fn table(&self) -> Vec<Vec<String>> {
        std::iter::once(HEADINGS.iter().map(|h| (*h).to_string()).collect())
            .chain(self.rows.iter().map(|r| cells(r, self.threshold)))
            .chain(std::iter::once(cells(&self.total, self.threshold)))
            .collect()
    }

    pub fn csv(&self) -> String {
        crate::mappa_oversight::csv_table(&self.table())
    }

    pub fn ods(&self) -> Vec<u8> {
        crate::mappa_oversight::spreadsheet("Partner services", &self.table())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_are_calendar_quarters_and_percentages_round_half_up() {
        let d = |m| NaiveDate::from_ymd_opt(2026, m, 15).unwrap();
        assert_eq!(quarter(d(1)), "2026 Q1");
        assert_eq!(quarter(d(12)), "2026 Q4");
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(1, 2), 50);
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(0, 0), 0);
    }

    #[test]
    fn the_mean_days_to_first_contact_is_over_those_with_one() {
        let r = FigureRow {
            first_contacts: 3,
            days_to_first_contact: 10,
            ..FigureRow::default()
        };
        assert_eq!(r.mean_days_to_first_contact(), Some(3.3));
        assert_eq!(FigureRow::default().mean_days_to_first_contact(), None);
    }
}
