//! The Strategic Management Board's view: how the arrangements are working, in numbers,
//! never a name. Board members and lay advisers see only this.

use chrono::Duration;
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
}

impl Oversight<'_> {
    pub async fn board_figures(&self, actor: &Actor) -> Result<BoardFigures, AppError> {
        // Counts only, no one's record: decided, but nothing to audit and no chain lock.
        self.read_aggregate(actor, async |tx, cap| {
            let now = self.clock.now();
            let c = concord_store::aggregate_counts(tx, cap, now, now - Duration::days(30)).await?;
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
            })
        })
        .await
    }
}
