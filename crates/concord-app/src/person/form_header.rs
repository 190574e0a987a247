//! The heading of a form that adds to or changes one section of a record: the person's
//! record header, decided as the form's submission will be, so no one fills in a form
//! that would be refused, and a refusal is audited as the attempt it is.

use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::PersonId;

use crate::kernel::Work;
use crate::{AppError, People, RecordHeader};

impl People<'_> {
    /// The header for a form that will `action` the `section` of `person`'s record.
    pub async fn form_header(
        &self,
        actor: &Actor,
        person: PersonId,
        action: Action,
        section: Section,
    ) -> Result<RecordHeader, AppError> {
        self.run(actor, async |w| {
            let header = self.record_header_in(w, person).await?;
            form_allowed(w, person, action, section).await?;
            Ok(header)
        })
        .await
    }

    /// Decide whether `actor` may open a form that will `action` every one of `sections`
    /// of `person`'s record, when the form shows nothing of the record: nothing is read,
    /// so nothing is recorded unless it is refused.
    pub async fn open_form(
        &self,
        actor: &Actor,
        person: PersonId,
        action: Action,
        sections: SectionSet,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            w.person_all(action, person, sections).await?;
            Ok(())
        })
        .await
    }
}

/// Whether the form the reader is about to be shown will be accepted: `action` on
/// `section`, refused (and the refusal audited) otherwise. The reader has already been
/// shown who the person is, so the refusal need not hide that the record exists.
pub(crate) async fn form_allowed(
    w: &mut Work<'_>,
    person: PersonId,
    action: Action,
    section: Section,
) -> Result<(), AppError> {
    match w.person_all(action, person, SectionSet::one(section)).await {
        Ok(_) => Ok(()),
        Err(AppError::Denied { reason, audit, .. }) => Err(AppError::Denied {
            reason,
            audit,
            conceal: false,
        }),
        Err(e) => Err(e),
    }
}
