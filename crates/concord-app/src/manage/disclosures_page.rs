//! The disclosures page: whose record it is, the disclosures made from it, and whether
//! this reader may record one; read in one unit of work.

use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::PersonId;

use crate::{AppError, DisclosureView, Manage, RecordHeader};

/// What the disclosures page shows.
#[derive(Debug, Clone)]
pub struct DisclosuresPage {
    /// RoSH, tier and MAPPA above the tab.
    pub key_facts: crate::KeyFacts,
    pub header: RecordHeader,
    pub disclosures: Vec<DisclosureView>,
    /// Whether the reader may record a disclosure (the form is shown only then).
    pub may_disclose: bool,
}

impl Manage<'_> {
    pub async fn disclosures_page(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<DisclosuresPage, AppError> {
        self.run_page(actor, async |w| {
            let disclosures = self.disclosures_in(w, person).await?;
            // Asked, not attempted: a "no" only hides the form.
            let may_disclose = w
                .person(Action::Disclose, person, SectionSet::one(Section::Identity))
                .await
                .is_ok();
            Ok(DisclosuresPage {
                key_facts: crate::KeyFacts::read(w, person).await?,
                header: self.people().record_header_in(w, person).await?,
                disclosures,
                may_disclose,
            })
        })
        .await
    }
}
