//! The compliance tab: the licence's compliance record, the recalls and the licence they
//! are against, read in one unit of work and audited as one consultation.

use concord_authz::Actor;
use concord_domain::PersonId;

use crate::{AppError, ComplianceView, LicencesView, Manage, RecallView};

/// What the compliance tab shows.
#[derive(Debug, Clone)]
pub struct CompliancePage {
    pub compliance: ComplianceView,
    pub recalls: Vec<RecallView>,
    pub licences: LicencesView,
}

impl Manage<'_> {
    pub async fn compliance_page(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<CompliancePage, AppError> {
        self.run_page(actor, async |w| {
            Ok(CompliancePage {
                compliance: self.compliance_in(w, person).await?,
                recalls: self.recalls_in(w, person).await?,
                licences: self.licences_in(w, person).await?,
            })
        })
        .await
    }
}
