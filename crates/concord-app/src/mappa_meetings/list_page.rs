//! The MAPP meetings page: every meeting in the area and the staff who may chair a new
//! one, read in one unit of work.

use concord_authz::Actor;

use crate::{AppError, MeetingSummary, Meetings};

/// What the meetings page shows.
#[derive(Debug, Clone)]
pub struct MeetingsPage {
    pub meetings: Vec<MeetingSummary>,
    /// Staff who may chair a meeting, as (username, name), by name.
    pub chairs: Vec<(String, String)>,
}

impl Meetings<'_> {
    pub async fn meetings_page(&self, actor: &Actor) -> Result<MeetingsPage, AppError> {
        self.run_page(actor, async |w| {
            let meetings = self.mappa_meetings_in(w, false).await?;
            // Staff data, not anyone's record: nothing to audit.
            let mut chairs = vec![];
            for u in concord_store::users(w.tx()).await? {
                if u.active && super::is_chair(w.tx(), u.id).await? {
                    chairs.push((u.username, u.display_name));
                }
            }
            chairs.sort_by(|a, b| a.1.cmp(&b.1));
            Ok(MeetingsPage { meetings, chairs })
        })
        .await
    }
}
