//! Open MAPPA actions across people: the actions a member of staff owns (on their
//! caseload page) and every overdue action (for the coordinator's and chair's dashboard).
//! Each list shows only people the actor may read the management section of.

use concord_domain::UserId;
use std::collections::HashMap;

use chrono::NaiveDate;
use concord_authz::{Action, Actor, ListScope, Permission, Resource, Section, SectionSet};
use concord_domain::{MappaActionId, PersonId};
use concord_mappa::{ActionStatus, Pillar};
use concord_store::audit::AuditKind;
use concord_store::OpenMappaActionRow;
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::access::Note;
use crate::kernel::Work;
use crate::person::Names;
use crate::{AppError, Plans};

/// One open action, with whom it is about.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionSummary {
    pub person_id: PersonId,
    pub person_name: String,
    pub action_id: MappaActionId,
    pub pillar: Pillar,
    pub description: String,
    pub owner_name: String,
    pub agency: String,
    pub due_on: NaiveDate,
    pub overdue: bool,
}

impl Plans<'_> {
    /// The open actions the actor owns, overdue first, then by due date.
    pub async fn my_mappa_actions(&self, actor: &Actor) -> Result<Vec<ActionSummary>, AppError> {
        self.run(actor, async |w| self.my_mappa_actions_in(w).await)
            .await
    }

    /// [`Self::my_mappa_actions`] within a unit of work (a page that shows it with other parts).
    pub(crate) async fn my_mappa_actions_in(
        &self,
        w: &mut Work<'_>,
    ) -> Result<Vec<ActionSummary>, AppError> {
        let me = w.actor().user_id;
        self.open_actions_in(w, Some(me), None, "viewed their MAPPA actions")
            .await
    }

    /// Every overdue open action of the people the actor may read, oldest due first.
    pub async fn overdue_mappa_actions(
        &self,
        actor: &Actor,
    ) -> Result<Vec<ActionSummary>, AppError> {
        self.run(actor, async |w| self.overdue_mappa_actions_in(w).await)
            .await
    }

    /// [`Self::overdue_mappa_actions`] within a unit of work (a page that shows it with
    /// other parts).
    pub(crate) async fn overdue_mappa_actions_in(
        &self,
        w: &mut Work<'_>,
    ) -> Result<Vec<ActionSummary>, AppError> {
        let today = self.clock.today();
        self.open_actions_in(w, None, Some(today), "viewed the overdue MAPPA actions")
            .await
    }

    async fn open_actions_in(
        &self,
        w: &mut Work<'_>,
        owner: Option<UserId>,
        due_before: Option<NaiveDate>,
        what: &str,
    ) -> Result<Vec<ActionSummary>, AppError> {
        let actor = w.actor();
        // Without access to person records nobody reads or owns a MAPPA action.
        if !actor.has(Permission::PersonRead) {
            return Ok(vec![]);
        }
        let cap = w.decide(Action::Read, &Resource::list(ListScope::Related))?;
        let rows = concord_store::open_mappa_actions(w.tx(), &cap, owner, due_before).await?;
        // A list is not a way round the access decision: each person is decided.
        let mut readable: HashMap<PersonId, bool> = HashMap::new();
        let mut kept: Vec<OpenMappaActionRow> = vec![];
        for row in rows {
            let person = row.action.person_id;
            let may = match readable.get(&person) {
                Some(may) => *may,
                None => {
                    let may = w
                        .person(Action::Read, person, SectionSet::one(Section::Management))
                        .await
                        .is_ok();
                    readable.insert(person, may);
                    may
                }
            };
            if may {
                kept.push(row);
            }
        }
        let names = Names::load(w.tx(), &[]).await?;
        let today = self.clock.today();
        let mut list = kept
            .iter()
            .map(|r| {
                let a = &r.action;
                Ok(ActionSummary {
                    person_id: a.person_id,
                    person_name: concord_domain::display_name(
                        &r.given_name,
                        r.middle_names.as_deref(),
                        &r.family_name,
                    ),
                    action_id: a.id,
                    pillar: a.pillar,
                    description: a.description.clone(),
                    owner_name: a.owner_name.clone(),
                    agency: names.agency(a.owner_agency_id),
                    due_on: a.due_on,
                    overdue: a.status == ActionStatus::Open && a.due_on < today,
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        // Overdue first; the store already orders by due date.
        list.sort_by_key(|s| (!s.overdue, s.due_on));
        // Viewing an empty list discloses nobody, so only a list with people in it
        // is a consultation.
        if !list.is_empty() {
            let mut persons: Vec<Uuid> = list.iter().map(|s| s.person_id.0).collect();
            persons.dedup();
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                None,
                what,
                Note::detail(json!({"persons": persons})),
            );
        }
        Ok(list)
    }
}
