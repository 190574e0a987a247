//! MAPPA risk management plans and their actions (issue 7 items 4, 5 and 12), and the
//! measures that protect a victim (item 8).
//!
//! - The plan is written under the four pillars (concord-mappa's [`Pillar`]) with the
//!   risks and scenarios and the contingency plans; every save is a new version and the
//!   last one is superseded, never changed. Monitoring and control shows the conditions of
//!   the licence in force as the licence words them: they are read from the licence each
//!   time, never copied into the plan.
//! - Actions carry an owner (a named member of staff and their agency), a due date, a
//!   status and evidence, checked by concord-mappa's `validate_action`. The case team and
//!   MAPPA staff add and change them. An action's owner may be a partner who holds only
//!   panel-member read access: they are authorised to read the management section and
//!   then may change only the status and evidence of their own action.
//! - Victim measures (a police alarm fitted, a marker on the address) are the restricted
//!   victim section, like the victim's details.

mod actions;
mod measures;
mod one_item;
mod plan;
mod summaries;

pub use actions::{ActionForm, ActionView, ActionsView, StaffOption};
pub use measures::{VictimMeasureForm, VictimMeasureView};
pub use plan::{PlanForm, PlanLicence, PlanVersionView, PlanView};
pub use summaries::ActionSummary;
// The web layer names pillars and statuses without depending on the rules crate.
pub use concord_mappa::{ActionStatus, Pillar};

use concord_domain::{FieldError, ValidationErrors};

/// concord-mappa's field problems as the app's validation errors, each field once.
fn add_rule_errors(errors: &mut ValidationErrors, problems: Vec<FieldError>) {
    for p in problems {
        if errors.for_field(&p.field).is_none() {
            errors.push(p);
        }
    }
}
