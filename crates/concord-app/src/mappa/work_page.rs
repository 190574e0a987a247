//! The MAPPA coordinator's work page: referrals to screen, reviews due, cases ending, the
//! coming meetings and the overdue actions, read in one unit of work.

use concord_authz::Actor;

use crate::{ActionSummary, AppError, MappaCase, MappaWork, MeetingSummary};

/// What the MAPPA work page shows.
#[derive(Debug, Clone)]
pub struct MappaWorkPage {
    pub work: MappaWork,
    pub upcoming_meetings: Vec<MeetingSummary>,
    pub overdue_actions: Vec<ActionSummary>,
}

impl MappaCase<'_> {
    pub async fn mappa_work_page(&self, actor: &Actor) -> Result<MappaWorkPage, AppError> {
        self.run_page(actor, async |w| {
            Ok(MappaWorkPage {
                work: self.mappa_work_in(w).await?,
                upcoming_meetings: self.meetings().mappa_meetings_in(w, true).await?,
                overdue_actions: self.plans().overdue_mappa_actions_in(w).await?,
            })
        })
        .await
    }
}
