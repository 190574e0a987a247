//! The zones and addresses tab: the licence, its zones, the proposed addresses' checks
//! and — for someone who may change the licence and reads the victims — the victims a
//! zone may be drawn round; read in one unit of work and audited as one consultation.

use concord_authz::{Actor, Section};
use concord_domain::PersonId;

use crate::{AddressCheckView, AppError, LicencesView, Manage, VictimView, ZoneView};

/// What the zones tab shows.
#[derive(Debug, Clone)]
pub struct ZonesPage {
    /// RoSH, tier and MAPPA above the tab.
    pub key_facts: crate::KeyFacts,
    pub licences: LicencesView,
    pub zones: Vec<ZoneView>,
    pub checks: Vec<AddressCheckView>,
    /// The victims a new zone may be drawn round: only for a reader who may change the
    /// licence and reads the victim section, and then the victims are part of what was
    /// consulted; otherwise none, and the victims are not read.
    pub victims: Option<Vec<VictimView>>,
    /// The person's current addresses, placed by postcode, for a reader who reaches the
    /// addresses section; `None` (not read) for anyone else.
    pub addresses: Option<Vec<super::zones_addresses::PlacedAddress>>,
}

impl Manage<'_> {
    pub async fn zones_page(&self, actor: &Actor, person: PersonId) -> Result<ZonesPage, AppError> {
        self.run_page(actor, async |w| {
            let licences = self.licences_in(w, person).await?;
            let zones = self.zones_in(w, person).await?;
            let checks = self.address_checks_in(w, person).await?;
            let victims =
                if licences.may_change && w.readable(person).await?.contains(Section::Victim) {
                    Some(self.victims_in(w, person).await?.0)
                } else {
                    None
                };
            let addresses =
                super::zones_addresses::current_addresses_in(w, person, self.clock.today()).await?;
            Ok(ZonesPage {
                addresses,
                key_facts: crate::KeyFacts::read(w, person).await?,
                licences,
                zones,
                checks,
                victims,
            })
        })
        .await
    }
}
