//! The pages about one item of a person's MAPPA plan — the plan to print, an action to
//! update — read in one unit of work. An item that is not there is not found inside the
//! unit, so nothing is recorded as consulted for a page that was never shown.

use concord_authz::Actor;
use concord_domain::{MappaActionId, PersonId};

use crate::{ActionsView, AppError, PlanView, Plans};

impl Plans<'_> {
    /// The plan, to print its current version: not found when there is none yet.
    pub async fn mappa_plan_to_print(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<PlanView, AppError> {
        self.run(actor, async |w| {
            let plan = self.mappa_plan_in(w, person).await?;
            if plan.current().is_none() {
                return Err(AppError::NotFound);
            }
            Ok(plan)
        })
        .await
    }

    /// The actions, for the form that updates `action`: not found unless it is one of
    /// this person's that the reader may update.
    pub async fn mappa_action_to_update(
        &self,
        actor: &Actor,
        person: PersonId,
        action: MappaActionId,
    ) -> Result<ActionsView, AppError> {
        self.run(actor, async |w| {
            let view = self.mappa_actions_in(w, person).await?;
            if !view.actions.iter().any(|a| a.id == action && a.may_update) {
                return Err(AppError::NotFound);
            }
            Ok(view)
        })
        .await
    }
}
