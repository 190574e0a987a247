//! The form for a licence condition (new or changed): the licence version it is on and the
//! zones a condition may name, read in one unit of work and audited as one consultation.

use concord_authz::Actor;
use concord_domain::PersonId;

use crate::{AppError, LicencesView, Manage, ZoneView};

/// What the condition form needs.
#[derive(Debug, Clone)]
pub struct ConditionPage {
    pub licences: LicencesView,
    /// The zones, retired ones included (the form offers the live ones).
    pub zones: Vec<ZoneView>,
}

impl Manage<'_> {
    pub async fn condition_page(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<ConditionPage, AppError> {
        self.run_page(actor, async |w| {
            Ok(ConditionPage {
                licences: self.licences_in(w, person).await?,
                zones: self.zones_in(w, person).await?,
            })
        })
        .await
    }
}
