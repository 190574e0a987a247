//! The Strategic Management Board's view: how the arrangements are working, in numbers,
//! never a name. Board members and lay advisers see only this.

use chrono::{Datelike, Duration, Months, NaiveDate};
use concord_authz::Actor;
use concord_domain::MarkerKind;
use serde::Serialize;

use crate::person::Names;
use crate::{AppError, Oversight};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BoardFigures {
    pub people: i64,
    pub people_by_owner: Vec<(String, i64)>,
    pub live_allocations: i64,
    pub open_referrals_by_agency: Vec<(String, i64)>,
    pub live_shares: i64,
    pub break_glass_last_30_days: Vec<(String, i64)>,
    pub active_markers_by_kind: Vec<(String, i64)>,
    /// The last twelve months, oldest first (each the first day of its month), with how
    /// many MAPPA referrals, partner referrals and break-glass openings each had.
    pub months: Vec<MonthFigures>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct MonthFigures {
    pub month: NaiveDate,
    pub mappa_referrals: i64,
    pub partner_referrals: i64,
    pub break_glass: i64,
}

/// The first days of the twelve months ending with `today`'s, oldest first.
fn last_twelve_months(today: NaiveDate) -> Vec<NaiveDate> {
    let first = today.with_day(1).unwrap_or(today);
    (0..12)
        .rev()
        .filter_map(|back| first.checked_sub_months(Months::new(back)))
        .collect()
}

/// The count for `month` in (`YYYY-MM`, count) rows; none is 0.
fn count_in(rows: &[(String, i64)], month: NaiveDate) -> i64 {
    let key = month.format("%Y-%m").to_string();
    rows.iter().find(|(m, _)| *m == key).map_or(0, |(_, n)| *n)
}

impl Oversight<'_> {
    pub async fn board_figures(&self, actor: &Actor) -> Result<BoardFigures, AppError> {
        // Counts only, no one's record: decided, but nothing to audit and no chain lock.
        self.read_aggregate(actor, async |tx, cap| {
            let now = self.clock.now();
            let c = concord_store::aggregate_counts(tx, cap, now, now - Duration::days(30)).await?;
            let today = self.clock.today();
            let months = last_twelve_months(today);
            let since = months.first().copied().unwrap_or(today);
            let activity = concord_store::monthly_activity(tx, cap, since).await?;
            let names = Names::load(tx, &[]).await?;
            let named = |rows: Vec<(uuid::Uuid, i64)>| {
                rows.into_iter()
                    .map(|(id, n)| (names.agency(concord_domain::AgencyId(id)), n))
                    .collect()
            };
            Ok(BoardFigures {
                people: c.people,
                people_by_owner: named(c.people_by_owner),
                live_allocations: c.live_allocations,
                open_referrals_by_agency: named(c.open_referrals_by_agency),
                live_shares: c.live_shares,
                break_glass_last_30_days: c.break_glass_by_outcome,
                active_markers_by_kind: c
                    .active_markers_by_kind
                    .into_iter()
                    .map(|(k, n)| {
                        (
                            MarkerKind::from_code(&k)
                                .map(|m| m.label().to_string())
                                .unwrap_or(k),
                            n,
                        )
                    })
                    .collect(),
                months: months
                    .into_iter()
                    .map(|month| MonthFigures {
                        month,
                        mappa_referrals: count_in(&activity.mappa_referrals, month),
                        partner_referrals: count_in(&activity.partner_referrals, month),
                        break_glass: count_in(&activity.break_glass, month),
                    })
                    .collect(),
            })
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_twelve_months_end_with_this_one_and_cross_the_year() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let months = last_twelve_months(d(2026, 3, 31));
        assert_eq!(months.len(), 12);
        assert_eq!(months[0], d(2025, 4, 1));
        assert_eq!(months[11], d(2026, 3, 1));
        assert_eq!(count_in(&[("2026-03".into(), 4)], d(2026, 3, 1)), 4);
        assert_eq!(count_in(&[("2026-03".into(), 4)], d(2026, 2, 1)), 0);
    }
}
