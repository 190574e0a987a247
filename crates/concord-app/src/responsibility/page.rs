//! What the pages show: a person's responsibility (which organisation holds the case,
//! its remit, the proposal waiting and the moves made) and a manager's list of the
//! proposals to and from their organisation.

use concord_authz::{Action, Actor, ListScope, Permission, Resource, Section, SectionSet};
use concord_domain::{PersonId, UserId};
use concord_risk::remit::ProbationRemit;
use concord_store::audit::AuditKind;
use serde::Serialize;
use uuid::Uuid;

use super::MoveView;
use crate::access::Note;
use crate::person::{Names, RecordHeader};
use crate::{AppError, Responsibility};

#[derive(Debug, Clone)]
pub struct ResponsibilityPage {
    pub header: RecordHeader,
    pub owner: String,
    /// What the holding organisation manages (`None`: every case).
    pub owner_remit: Option<String>,
    /// The proposal waiting for a decision, if any.
    pub open: Option<MoveView>,
    /// Every proposal and move, newest first (the open one included).
    pub transfers: Vec<MoveView>,
    /// The viewer is the receiving organisation's manager: they accept or decline.
    pub may_decide: bool,
    /// The viewer works for the sending organisation and may withdraw the proposal.
    pub may_withdraw: bool,
    /// Who may take the case on, when the viewer decides: (id, name).
    pub officers: Vec<(UserId, String)>,
}

/// One open proposal in a manager's list.
#[derive(Debug, Clone, Serialize)]
pub struct TransferWorkItem {
    pub person_id: PersonId,
    pub person_name: String,
    /// The proposal is to the viewer's organisation (else from it).
    pub incoming: bool,
    pub transfer: MoveView,
}

impl Responsibility<'_> {
    pub async fn responsibility_page(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<ResponsibilityPage, AppError> {
        self.run_page(actor, async |w| {
            let cap = w
                .person(Action::Read, person, SectionSet::one(Section::Management))
                .await?;
            if !cap.sections().contains(Section::Management) {
                return Err(AppError::NotFound);
            }
            let header = self.people().record_header_in(w, person).await?;
            let rows = concord_store::responsibility_transfers(w.tx(), &cap, person).await?;
            let users: Vec<UserId> = rows.iter().flat_map(MoveView::users).collect();
            let names = Names::load(w.tx(), &users).await?;
            let transfers: Vec<MoveView> =
                rows.iter().map(|r| MoveView::from_row(r, &names)).collect();
            let open = transfers
                .iter()
                .find(|t| t.status == concord_domain::ResponsibilityStatus::Proposed)
                .cloned();
            let owner_id = w.resource(person).await?.owning_agency;
            let owner_remit = match owner_id {
                Some(a) => concord_store::agency_remit(w.tx(), a)
                    .await?
                    .and_then(|(_, r)| r)
                    .and_then(|r| ProbationRemit::from_code(&r))
                    .map(|r| r.label().to_string()),
                None => None,
            };
            let me = w.actor();
            let case_team_or_manager = w
                .resource(person)
                .await?
                .relationships
                .iter()
                .any(|r| r.may_change());
            let may_decide = open.as_ref().is_some_and(|t| {
                t.to_agency_id == me.agency_id
                    && me.has(Permission::AgencyOversight)
                    && me.has(Permission::PersonChange)
            });
            let may_withdraw = open.as_ref().is_some_and(|t| {
                t.from_agency_id == me.agency_id
                    && me.has(Permission::PersonChange)
                    && case_team_or_manager
            });
            let officers = match (&open, may_decide) {
                (Some(t), true) => {
                    let list =
                        concord_store::case_holders_of_agency(w.tx(), &cap, person, t.to_agency_id)
                            .await?;
                    list.into_iter().map(|(u, n, _)| (u, n)).collect()
                }
                _ => vec![],
            };
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                Some(person.0),
                "viewed who holds the case and its transfers",
                Note::sections(SectionSet::one(Section::Management)),
            );
            Ok(ResponsibilityPage {
                header,
                owner: owner_id.map(|a| names.agency(a)).unwrap_or_default(),
                owner_remit,
                open,
                transfers,
                may_decide,
                may_withdraw,
                officers,
            })
        })
        .await
    }

    /// The open proposals to and from the actor's organisation, oldest first, each
    /// person decided before it is shown.
    pub async fn open_transfers(&self, actor: &Actor) -> Result<Vec<TransferWorkItem>, AppError> {
        self.run(actor, async |w| {
            if !w.actor().has(Permission::CaseloadView) {
                return Ok(vec![]);
            }
            let cap = w.decide(Action::Read, &Resource::list(ListScope::Caseload))?;
            let rows = concord_store::open_transfers_of_agency(w.tx(), &cap).await?;
            let mut kept = vec![];
            for r in rows {
                // A list is not a way round the decision: each person is decided as well.
                if w.person(
                    Action::Read,
                    r.person_id,
                    SectionSet::one(Section::Management),
                )
                .await
                .is_ok()
                {
                    kept.push(r);
                }
            }
            let users: Vec<UserId> = kept.iter().flat_map(MoveView::users).collect();
            let names = Names::load(w.tx(), &users).await?;
            let mut items = vec![];
            for r in &kept {
                let id_cap = w
                    .person(
                        Action::Read,
                        r.person_id,
                        SectionSet::one(Section::Identity),
                    )
                    .await?;
                let p = concord_store::person(w.tx(), &id_cap, r.person_id)
                    .await?
                    .ok_or(AppError::NotFound)?;
                items.push(TransferWorkItem {
                    person_id: r.person_id,
                    person_name: concord_domain::display_name(
                        &p.given_name,
                        p.middle_names.as_deref(),
                        &p.family_name,
                    ),
                    incoming: r.to_agency_id == w.actor().agency_id,
                    transfer: MoveView::from_row(r, &names),
                });
            }
            if !items.is_empty() {
                let persons: Vec<Uuid> = items.iter().map(|i| i.person_id.0).collect();
                w.audit(
                    AuditKind::Consultation,
                    Action::Read,
                    None,
                    "viewed the transfers of responsibility to and from their organisation",
                    Note {
                        sections: Some(SectionSet::of(&[Section::Identity, Section::Management])),
                        detail: Some(serde_json::json!({"persons": persons})),
                        ..Note::default()
                    },
                );
            }
            Ok(items)
        })
        .await
    }
}
