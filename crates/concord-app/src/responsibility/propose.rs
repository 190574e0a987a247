//! A signed review that crosses the threshold proposes moving the case to the other
//! probation organisation (PI 57/2014: a CRC refers a case whose risk may have risen to
//! high "without delay"; Concord makes the referral as the review is signed).

use concord_authz::{Action, Section, SectionSet};
use concord_domain::{AssessmentId, PersonId, ResponsibilityStatus, ResponsibilityTransferId};
use concord_mappa::MappaStatus;
use concord_risk::remit::{transfer_on_review, ProbationRemit};
use concord_risk::RoshLevel;
use concord_store::audit::AuditKind;
use concord_store::ResponsibilityTransferRow;
use serde_json::json;

use crate::access::Note;
use crate::kernel::Work;
use crate::person::Names;
use crate::{AppError, Responsibility};

impl Responsibility<'_> {
    /// Within the signing's unit of work: propose the move if the review calls for one
    /// and an organisation of the needed remit serves the owner's area. Returns what the
    /// signing page tells the officer (`None`: nothing to propose, or a proposal is
    /// already waiting).
    pub(crate) async fn propose_on_review_in(
        &self,
        w: &mut Work<'_>,
        person: PersonId,
        assessment: AssessmentId,
        previous: Option<RoshLevel>,
        overall: Option<RoshLevel>,
    ) -> Result<Option<String>, AppError> {
        let Some(overall) = overall else {
            return Ok(None);
        };
        let Some(owner) = w.resource(person).await?.owning_agency else {
            return Ok(None);
        };
        let Some((area, remit)) = concord_store::agency_remit(w.tx(), owner).await? else {
            return Ok(None);
        };
        let Some(remit) = remit.as_deref().and_then(ProbationRemit::from_code) else {
            return Ok(None);
        };
        let cap = w
            .person(Action::Create, person, SectionSet::one(Section::Management))
            .await?;
        let read = w
            .person(Action::Read, person, SectionSet::one(Section::Management))
            .await?;
        let mappa_managed = concord_store::mappa_records_of(w.tx(), &read, person)
            .await?
            .iter()
            .any(|r| r.status == MappaStatus::Active);
        let Some(proposal) = transfer_on_review(Some(remit), previous, overall, mappa_managed)
        else {
            return Ok(None);
        };
        let Some(to) = concord_store::agency_with_remit(w.tx(), &area, proposal.to.code()).await?
        else {
            // A remit with no counterpart in the area is a configuration gap; the
            // allocation review task still asks a person to look.
            return Ok(None);
        };
        let id = ResponsibilityTransferId::new();
        let row = ResponsibilityTransferRow {
            id,
            person_id: person,
            from_agency_id: owner,
            to_agency_id: to,
            to_remit: proposal.to.code().into(),
            reason: proposal.reason.clone(),
            assessment_id: Some(assessment),
            status: ResponsibilityStatus::Proposed,
            proposed_by: w.actor().user_id,
            proposed_at: self.clock.now(),
            decided_by: None,
            decided_at: None,
            decision_note: None,
            allocated_to: None,
            moved: None,
        };
        if !concord_store::insert_responsibility_transfer(w.tx(), &cap, &row).await? {
            return Ok(None);
        }
        let names = Names::load(w.tx(), &[]).await?;
        w.audit(
            AuditKind::Collection,
            Action::Create,
            Some(person.0),
            "proposed a transfer of responsibility after a signed review",
            Note {
                sections: Some(SectionSet::one(Section::Management)),
                detail: Some(json!({
                    "transfer": id, "assessment": assessment,
                    "from_agency": owner, "to_agency": to, "reason": proposal.reason,
                })),
                ..Note::default()
            },
        );
        Ok(Some(format!(
            "Transfer of responsibility to {} proposed: {}",
            names.agency(to),
            proposal.reason
        )))
    }
}
