//! The victims tab: the victims and children at risk, the MAPPA plan's measures for them
//! and the licence conditions that protect them, read in one unit of work and audited as
//! one consultation.

use concord_authz::Actor;
use concord_domain::PersonId;

use crate::{AppError, LicencesView, LinkableCondition, Manage, VictimMeasureView, VictimView};

/// What the victims tab shows.
#[derive(Debug, Clone)]
pub struct VictimsPage {
    pub victims: Vec<VictimView>,
    /// The conditions of the current licence a victim may be linked to.
    pub linkable: Vec<LinkableCondition>,
    pub measures: Vec<VictimMeasureView>,
    pub licences: LicencesView,
}

impl Manage<'_> {
    pub async fn victims_page(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<VictimsPage, AppError> {
        self.run_page(actor, async |w| {
            let (victims, linkable) = self.victims_in(w, person).await?;
            Ok(VictimsPage {
                victims,
                linkable,
                measures: self.plans().victim_measures_in(w, person).await?,
                licences: self.licences_in(w, person).await?,
            })
        })
        .await
    }
}
