//! A draft review's changes: load it at the version the form was read at (a signed review
//! is never changed), write it back with the version moved on, and audit the change — the
//! tail every step of a review shares.

use concord_authz::{Action, Actor, Capability, Section, SectionSet};
use concord_domain::AssessmentId;
use concord_domain::{AssessmentKind, AssessmentStatus, PersonId};
use concord_store::audit::AuditKind;
use concord_store::AssessmentRow;

use crate::access::Note;
use crate::kernel::Work;
use crate::{AppError, Assess};

impl Assess<'_> {
    /// Load a draft for changing; a signed review cannot be changed.
    pub(crate) async fn draft_for_change(
        &self,
        w: &mut Work<'_>,
        person: PersonId,
        id: AssessmentId,
        expected_version: i64,
    ) -> Result<(Capability, AssessmentRow), AppError> {
        let cap = Self::authorize_risk(w, Action::Change, person).await?;
        let read = Self::authorize_risk(w, Action::Read, person).await?;
        let row = concord_store::assessment(w.tx(), &read, person, id)
            .await?
            .filter(|a| a.kind == AssessmentKind::Rosh)
            .ok_or(AppError::NotFound)?;
        if row.status != AssessmentStatus::Draft {
            return Err(AppError::field(
                "assessment",
                "signed",
                "This review has been signed off and cannot be changed: start a new review",
            ));
        }
        if row.version != expected_version {
            return Err(AppError::Conflict);
        }
        Ok((cap, row))
    }

    /// Write a changed draft (the version moves on) and audit it.
    pub(crate) async fn save_draft(
        w: &mut Work<'_>,
        cap: &Capability,
        mut row: AssessmentRow,
        what: &'static str,
        detail: serde_json::Value,
    ) -> Result<(), AppError> {
        let expected = row.version;
        row.version += 1;
        if !concord_store::update_draft(w.tx(), cap, &row, expected).await? {
            return Err(AppError::Conflict);
        }
        w.audit(
            AuditKind::Alteration,
            Action::Change,
            Some(row.person_id.as_uuid()),
            what,
            Note {
                sections: Some(SectionSet::one(Section::Risk)),
                detail: Some(detail),
                ..Note::default()
            },
        );
        Ok(())
    }

    /// One change to a draft, in its own transaction: load it at the version the caller
    /// read, apply `edit` (which returns the audit detail, or refuses), save and audit.
    pub(super) async fn change_draft(
        &self,
        actor: &Actor,
        person: PersonId,
        id: AssessmentId,
        version: i64,
        what: &'static str,
        edit: impl FnOnce(&mut AssessmentRow) -> Result<serde_json::Value, AppError>,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            let (cap, mut row) = self.draft_for_change(w, person, id, version).await?;
            let detail = edit(&mut row)?;
            Self::save_draft(w, &cap, row, what, detail).await
        })
        .await
    }
}
