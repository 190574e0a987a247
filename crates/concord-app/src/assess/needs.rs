//! The criminogenic needs of the latest signed risk review, for the partners' needs
//! screening to start from (issue 20): each OASys need section's severity as the
//! assessor signed it, read through the risk section's own decision.

use chrono::NaiveDate;
use concord_authz::{Action, Section, SectionSet};
use concord_domain::{AssessmentId, AssessmentKind, AssessmentStatus, PersonId};

use super::review::{decode, Stored};
use crate::kernel::Work;
use crate::{AppError, Assess};

/// The needs a signed review recorded: (OASys section code, severity code).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SignedNeeds {
    pub review: AssessmentId,
    pub signed_on: Option<NaiveDate>,
    pub needs: Vec<(String, String)>,
}

impl Assess<'_> {
    /// The latest signed review's needs, or `None` when there is none or the actor may
    /// not read the risk section (the screening then starts blank).
    pub(crate) async fn signed_needs_in(
        &self,
        w: &mut Work<'_>,
        person: PersonId,
    ) -> Result<Option<SignedNeeds>, AppError> {
        if !w.readable(person).await?.contains(Section::Risk) {
            return Ok(None);
        }
        let cap = w
            .person(Action::Read, person, SectionSet::one(Section::Risk))
            .await?;
        let reviews =
            concord_store::assessments(w.tx(), &cap, person, AssessmentKind::Rosh).await?;
        let Some(signed) = reviews
            .into_iter()
            .filter(|r| r.status == AssessmentStatus::Signed)
            .max_by_key(|r| r.signed_at)
        else {
            return Ok(None);
        };
        let stored: Stored = decode(&signed.answers, "answers")?;
        Ok(Some(SignedNeeds {
            review: signed.id,
            signed_on: signed.signed_at.map(crate::london_date),
            needs: stored.oasys.needs.into_iter().collect(),
        }))
    }
}
