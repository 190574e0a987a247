//! The transfer page: whose case it is, the transfers made, and whether a transfer by
//! this reader would carry the victims (only a reader of the victim section sends them);
//! read in one unit of work.

use concord_authz::{Actor, Section};
use concord_domain::PersonId;

use crate::{AppError, Oversight, RecordHeader, TransferView};

/// What the transfer page shows.
#[derive(Debug, Clone)]
pub struct TransferPage {
    pub header: RecordHeader,
    pub transfers: Vec<TransferView>,
    /// Whether a transfer by this reader would include the victims, said before anything
    /// is sent.
    pub with_victims: bool,
}

impl Oversight<'_> {
    pub async fn transfer_page(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<TransferPage, AppError> {
        self.run_page(actor, async |w| {
            let transfers = self.transfers_in(w, person).await?;
            Ok(TransferPage {
                header: self.people().record_header_in(w, person).await?,
                transfers,
                with_victims: w.readable(person).await?.contains(Section::Victim),
            })
        })
        .await
    }
}
