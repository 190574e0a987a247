//! Moves of responsibility between probation organisations when risk changes (issue 20
//! item 7; seed 001: how a person "will move between different organisations if risk
//! escalates or becomes less").
//!
//! - Each probation agency may have a remit (`concord_risk::remit`): the organisation for
//!   high risk and MAPPA cases, or the one for low and medium risk. None: it manages
//!   every case and nothing here happens.
//! - Signing a review that crosses the threshold proposes the move to the organisation
//!   of the other remit in the same area ([`propose`]). While proposed, that
//!   organisation's managers reach the unrestricted record to decide
//!   (`Relationship::TransferProposed`).
//! - The receiving manager accepts, choosing the officer who takes the case, or declines
//!   with a reason; the sending organisation may withdraw with a reason ([`decide`]).
//! - Accepting moves the case: the owner, the allocations (so the new officer reaches
//!   the chronology, plans, referrals and — with the permission — the victims, and the
//!   old officer no longer does), the partner referrals' officer, open tasks, open MAPPA
//!   actions and the licences' responsible officer. Each step is in the audit chain.

mod decide;
mod page;
mod propose;

pub use decide::DecisionInput;
pub use page::{ResponsibilityPage, TransferWorkItem};

use chrono::NaiveDate;
use concord_domain::{AgencyId, ResponsibilityStatus, ResponsibilityTransferId};
use concord_risk::remit::ProbationRemit;
use concord_store::{Moved, ResponsibilityTransferRow};
use serde::Serialize;

use crate::person::Names;

/// One proposal or move, as pages show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MoveView {
    pub id: ResponsibilityTransferId,
    pub status: ResponsibilityStatus,
    pub from_agency_id: AgencyId,
    pub from_agency: String,
    pub to_agency_id: AgencyId,
    pub to_agency: String,
    /// What the receiving organisation manages.
    pub to_remit: String,
    pub reason: String,
    pub proposed_on: NaiveDate,
    pub proposed_by: String,
    pub decided_on: Option<NaiveDate>,
    pub decided_by: Option<String>,
    pub decision_note: Option<String>,
    pub allocated_to: Option<String>,
    pub moved: Option<Moved>,
}

impl MoveView {
    pub(crate) fn from_row(r: &ResponsibilityTransferRow, names: &Names) -> Self {
        MoveView {
            id: r.id,
            status: r.status,
            from_agency_id: r.from_agency_id,
            from_agency: names.agency(r.from_agency_id),
            to_agency_id: r.to_agency_id,
            to_agency: names.agency(r.to_agency_id),
            to_remit: ProbationRemit::from_code(&r.to_remit)
                .map_or(r.to_remit.clone(), |x| x.label().to_string()),
            reason: r.reason.clone(),
            proposed_on: crate::london_date(r.proposed_at),
            proposed_by: names.user(Some(r.proposed_by)),
            decided_on: r.decided_at.map(crate::london_date),
            decided_by: r.decided_by.map(|u| names.user(Some(u))),
            decision_note: r.decision_note.clone(),
            allocated_to: r.allocated_to.map(|u| names.user(Some(u))),
            moved: r
                .moved
                .as_deref()
                .and_then(|m| serde_json::from_str(m).ok()),
        }
    }

    pub(crate) fn users(r: &ResponsibilityTransferRow) -> Vec<concord_domain::UserId> {
        [Some(r.proposed_by), r.decided_by, r.allocated_to]
            .into_iter()
            .flatten()
            .collect()
    }
}
