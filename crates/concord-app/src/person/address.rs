//! One address of a person, to open the form that changes it. It reads the identity and
//! addresses sections only and is audited as one consultation of them: the change form
//! used to load (and audit) the whole record to find one address.

use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::PersonId;
use concord_domain::RecordId;
use concord_store::audit::AuditKind;

use super::view::AddressView;
use crate::access::Note;
use crate::{AppError, People};

impl People<'_> {
    /// The person's name and the address `address` of theirs, or `NotFound` when the
    /// actor's reach does not include the addresses section or the address is not theirs.
    pub async fn address_to_change(
        &self,
        actor: &Actor,
        person: PersonId,
        address: RecordId,
    ) -> Result<(String, AddressView), AppError> {
        self.run(actor, async |w| {
            let cap = w
                .person(
                    Action::Read,
                    person,
                    SectionSet::of(&[Section::Identity, Section::Addresses]),
                )
                .await?;
            let record = self.load_record(w.tx(), &cap, person, 0).await?;
            let found = record
                .addresses
                .iter()
                .find(|a| a.id == address)
                .cloned()
                .ok_or(AppError::NotFound)?;
            super::form_header::form_allowed(w, person, Action::Change, Section::Addresses).await?;
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                Some(person.0),
                "viewed an address to change it",
                Note::sections(cap.sections()),
            );
            Ok((record.full_name(), found))
        })
        .await
    }
}
