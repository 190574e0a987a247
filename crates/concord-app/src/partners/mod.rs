//! Partners (issue 20): probation screens a person's needs and refers them to the
//! services it contracts from the voluntary and independent sector; the provider
//! accepts or declines, assigns a caseworker, writes an action plan the officer
//! approves, records sessions and closes with an end-of-service report (Refer and
//! Monitor an Intervention's lifecycle, concord-partners' rules).
//!
//! - The directory (contracts) holds no personal data and is decided as the service
//!   directory; commissioning staff keep it.
//! - Screening, referrals, plans and sessions are the person's interventions section.
//!   Sending a referral opens a `referral` row (the access it gives the provider, for
//!   exactly the sections the officer chose, never a restricted one), closed when the
//!   referral ends; the store gives a provider only the referrals sent to its agency.
//! - Every step checks the status it moves from (in the update itself), so two people
//!   acting at once cannot both move it.

mod action_plan;
mod action_plan_change;
mod directory;
mod figures;
mod person_facts;
mod recalled;
mod refer;
mod screening;
mod step;
mod steps_probation;
mod steps_provider;
mod views;
mod volunteer_matches;
mod volunteers;
mod worklist;

pub use action_plan::{ActionPlanView, PartnerWork, PlanItemView, PlanReviewView};
pub use action_plan_change::{PlanItemInput, PlanProgressInput, PlanReviewInput};
pub use directory::{ContractInput, ContractView};
pub use figures::{FigureRow, PartnerFigures};
pub use recalled::SweepReport;
pub use refer::ReferInput;
pub use screening::{NeedRow, ScreeningInput, ScreeningView, SuggestionView};
pub use steps_provider::{EndReportInput, PlanInput, SessionInput};
pub use views::{
    EndReport, InterventionsView, OutcomeView, PlanObjective, ProviderPlan, ReferralDetail,
    ReferralSummary, SessionView,
};
/// The person's volunteer matches, for the IOM case page (volunteer support, seed 004).
pub(crate) use volunteer_matches::matches_in;
pub use volunteer_matches::{HoursInput, MatchView};
pub use volunteers::{VolunteerInput, VolunteerView};
pub use worklist::WorkItem;
// The web layer names the codes without depending on the rules crate.
pub use concord_partners::{
    Attendance, Closure, DbsLevel, Eligibility, Engagement, MatchStatus, Need, NeedLevel,
    OutcomeAchieved, PlanItemKind, PlanItemStatus, ReferralStatus, ServiceType, VolunteerRole,
};

use concord_authz::{Action, SectionSet};
use concord_domain::PersonId;

use crate::kernel::Work;
use crate::{AppError, Partners};

impl Partners<'_> {
    /// Screening, referring and the action plan are the case team's: a provider, whom
    /// the policy lets record its own referral work in the same section, is refused
    /// here (and the store refuses a provider's capability for these rows as well).
    fn case_team_only(&self, w: &Work<'_>, person: PersonId) -> Result<(), AppError> {
        if w.actor().agency_kind.is_responsible_authority() {
            Ok(())
        } else {
            Err(self.refuse(
                w.actor(),
                Action::Change,
                person,
                "screening, referring and the action plan are the case team's",
            ))
        }
    }
}

/// Section codes stored with a referral, as a set (unknown codes were refused when it
/// was made, so none is dropped here that was ever stored).
fn sections_of(codes: &str) -> SectionSet {
    codes
        .split(',')
        .filter_map(|c| concord_authz::Section::from_code(c.trim()))
        .collect()
}

/// Need codes stored with a referral.
fn needs_of(codes: &str) -> Vec<concord_partners::Need> {
    codes
        .split(',')
        .filter_map(|c| concord_partners::Need::from_code(c.trim()))
        .collect()
}
