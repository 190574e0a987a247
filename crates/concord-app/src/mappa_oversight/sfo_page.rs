//! The serious further offences page: whose case it is and its SFO notifications, read in
//! one unit of work.

use concord_authz::Actor;
use concord_domain::PersonId;

use crate::{AppError, Oversight, RecordHeader, SfoView};

/// What the SFO page shows.
#[derive(Debug, Clone)]
pub struct SfoPage {
    /// RoSH, tier and MAPPA above the tab.
    pub key_facts: crate::KeyFacts,
    pub header: RecordHeader,
    pub sfos: Vec<SfoView>,
}

impl Oversight<'_> {
    pub async fn sfo_page(&self, actor: &Actor, person: PersonId) -> Result<SfoPage, AppError> {
        self.run_page(actor, async |w| {
            let sfos = self.sfos_in(w, person).await?;
            Ok(SfoPage {
                key_facts: crate::KeyFacts::read(w, person).await?,
                header: self.people().record_header_in(w, person).await?,
                sfos,
            })
        })
        .await
    }
}
