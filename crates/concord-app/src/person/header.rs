//! The record's heading — who the person is — for a page that shows a form or a list about
//! them. It reads the identity section only and is audited as one consultation of it, so a
//! form page no longer loads (and audits) the whole record just to show a name.

use chrono::NaiveDate;
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{Gender, PersonId};
use concord_store::audit::AuditKind;

use crate::access::Note;
use crate::kernel::Work;
use crate::{AppError, People};

/// Who the person is, as their identity section says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordHeader {
    pub id: PersonId,
    /// The record's version, for a form that changes these details.
    pub version: i64,
    pub given_name: String,
    pub middle_names: Option<String>,
    pub family_name: String,
    pub date_of_birth: NaiveDate,
    pub gender: Gender,
}

impl RecordHeader {
    pub fn full_name(&self) -> String {
        concord_domain::display_name(
            &self.given_name,
            self.middle_names.as_deref(),
            &self.family_name,
        )
    }
}

impl People<'_> {
    /// The heading of `person`'s record: a consultation of the identity section.
    pub async fn record_header(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<RecordHeader, AppError> {
        self.run(actor, async |w| self.record_header_in(w, person).await)
            .await
    }

    /// [`Self::record_header`] within a unit of work (a page that shows it with other parts).
    pub(crate) async fn record_header_in(
        &self,
        w: &mut Work<'_>,
        person: PersonId,
    ) -> Result<RecordHeader, AppError> {
        let identity = SectionSet::one(Section::Identity);
        let cap = w.person(Action::Read, person, identity).await?;
        if !cap.sections().contains(Section::Identity) {
            return Err(AppError::NotFound);
        }
        let p = concord_store::person(w.tx(), &cap, person)
            .await?
            .ok_or(AppError::NotFound)?;
        let gender = Gender::from_code(&p.gender)
            .ok_or_else(|| AppError::Internal(format!("person {}: gender `{}`", p.id, p.gender)))?;
        w.audit(
            AuditKind::Consultation,
            Action::Read,
            Some(person.0),
            "viewed the record's heading",
            Note::sections(identity),
        );
        Ok(RecordHeader {
            id: person,
            version: p.version,
            given_name: p.given_name,
            middle_names: p.middle_names,
            family_name: p.family_name,
            date_of_birth: p.date_of_birth,
            gender,
        })
    }
}
