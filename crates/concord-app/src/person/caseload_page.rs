//! The "My cases" page: the caseload, the MAPPA actions the reader owns and their partner
//! referrals needing attention, read in one unit of work and audited as one
//! consultation.

use concord_authz::Actor;

use crate::{ActionSummary, AppError, CaseloadQuery, CaseloadRow, People};

/// What the caseload page shows.
#[derive(Debug, Clone)]
pub struct CaseloadPage {
    pub rows: Vec<CaseloadRow>,
    /// The reader's own open MAPPA actions, across their cases.
    pub mappa_actions: Vec<ActionSummary>,
    /// Their referrals to partner services waiting on them or overdue.
    pub partner_referrals: Vec<crate::WorkItem>,
    /// Licences and minutes waiting for the reader's approval.
    pub approvals: super::approvals::Approvals,
    /// Open electronic-monitoring alerts no one has acknowledged yet, on the people whose
    /// licence section the reader reaches, newest first.
    pub unacknowledged_alerts: Vec<crate::LiveAlert>,
    /// The reader's own appointments today, and earlier ones awaiting an outcome.
    pub diary: crate::MyDiary,
    /// Entries others recorded lately on the reader's allocated cases, newest first.
    pub new_entries: Vec<super::NewEntry>,
}

impl People<'_> {
    /// The reader's caseload, as `query` sorts and filters it, with their MAPPA actions.
    pub async fn caseload_page(
        &self,
        actor: &Actor,
        query: &CaseloadQuery,
    ) -> Result<CaseloadPage, AppError> {
        self.run_page(actor, async |w| {
            Ok(CaseloadPage {
                rows: self.caseload_in(w, query).await?,
                mappa_actions: self.plans().my_mappa_actions_in(w).await?,
                partner_referrals: self.partners().officer_referrals_in(w).await?,
                approvals: self.approvals_in(w).await?,
                unacknowledged_alerts: self
                    .monitoring()
                    .live_alerts_in(w, "saw open electronic-monitoring alerts on My cases")
                    .await?
                    .open
                    .into_iter()
                    .filter(|l| l.alert.acknowledged_at.is_none())
                    .collect(),
                diary: self
                    .manage()
                    .my_diary_in(w, "saw their diary on My cases")
                    .await?,
                new_entries: self
                    .new_entries_in(w, "saw new entries on their cases on My cases")
                    .await?,
            })
        })
        .await
    }
}
