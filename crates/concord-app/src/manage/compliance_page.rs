//! The compliance tab: the licence's compliance record, the recalls and the licence they
//! are against, read in one unit of work and audited as one consultation.

use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::PersonId;

use crate::{AppError, ComplianceView, LicencesView, Manage, RecallView};

/// What the compliance tab shows.
#[derive(Debug, Clone)]
pub struct CompliancePage {
    /// RoSH, tier and MAPPA above the tab.
    pub key_facts: crate::KeyFacts,
    pub compliance: ComplianceView,
    pub recalls: Vec<RecallView>,
    pub licences: LicencesView,
    /// The MAPPA level he is managed at now (1–3), if he is and the reader may see it:
    /// the recall form starts from it.
    pub mappa_level: Option<u8>,
    /// Appointments booked in the diary.
    pub diary: crate::PersonDiary,
}

impl Manage<'_> {
    pub async fn compliance_page(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<CompliancePage, AppError> {
        self.run_page(actor, async |w| {
            let mappa_level = if w.readable(person).await?.contains(Section::Management) {
                let cap = w
                    .person(Action::Read, person, SectionSet::one(Section::Management))
                    .await?;
                crate::mappa::active_mappa_record(w.tx(), &cap, person)
                    .await?
                    .map(|r| r.level.number())
            } else {
                None
            };
            let licences = self.licences_in(w, person).await?;
            let mut diary = self.diary_in(w, person).await?;
            diary.may_book = licences.may_change;
            Ok(CompliancePage {
                key_facts: crate::KeyFacts::read(w, person).await?,
                compliance: self.compliance_in(w, person).await?,
                recalls: self.recalls_in(w, person).await?,
                licences,
                mappa_level,
                diary,
            })
        })
        .await
    }
}
