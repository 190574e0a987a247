//! The decision point: every use case asks here before touching personal data, and every
//! answer — yes or no — ends up in the audit chain.

use concord_authz::{authorize, Action, Actor, Capability, Resource, ResourceKind};
use concord_domain::PersonId;
use concord_store::audit::{AuditKind, NewAuditEvent};
use concord_store::Tx;
use uuid::Uuid;

use crate::{App, AppError};

impl App {
    /// Decide access to one person's record. An unknown person is `NotFound`; a denial
    /// carries its audit event and conceals the record's existence from agencies outside
    /// the responsible authority.
    pub(crate) async fn authorize_person(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        action: Action,
        person: PersonId,
    ) -> Result<Capability, AppError> {
        let Some(owner) = concord_store::person_owner(tx, person.0).await? else {
            return Err(AppError::NotFound);
        };
        let allocated =
            concord_store::is_allocated(tx, person.0, actor.user_id.0, self.clock.today()).await?;
        let resource = Resource::person(person, concord_domain::AgencyId(owner), allocated);
        self.decide(actor, action, &resource)
    }

    /// Decide any resource; on denial, build the audit event for [`App::finish`] to write.
    pub(crate) fn decide(
        &self,
        actor: &Actor,
        action: Action,
        resource: &Resource,
    ) -> Result<Capability, AppError> {
        authorize(actor, action, resource).map_err(|denial| AppError::Denied {
            reason: denial.reason,
            // Only a record's existence can leak: a refused search or list is plainly 403.
            conceal: resource.person.is_some() && !actor.agency_kind.is_responsible_authority(),
            audit: Box::new(NewAuditEvent {
                at: self.clock.now(),
                actor_user_id: Some(actor.user_id.0),
                actor_agency_id: Some(actor.agency_id.0),
                kind: AuditKind::Denied,
                action: action.code().to_string(),
                resource_type: resource.kind.code().to_string(),
                resource_id: resource.person.map(|p| p.0),
                person_id: resource.person.map(|p| p.0),
                reason: denial.reason.to_string(),
                recipient: None,
                detail: serde_json::json!({}),
            }),
        })
    }

    /// Searching the whole register.
    pub(crate) fn decide_list(&self, actor: &Actor) -> Result<Capability, AppError> {
        self.decide(
            actor,
            Action::Read,
            &Resource::list(ResourceKind::PersonList),
        )
    }

    /// Listing only the people allocated to the actor.
    pub(crate) fn decide_caseload(&self, actor: &Actor) -> Result<Capability, AppError> {
        self.decide(actor, Action::Read, &Resource::caseload())
    }

    /// Append an allowed event by `actor` about `person`.
    #[expect(
        clippy::too_many_arguments,
        reason = "each argument is one column of the s.62 record; a struct would only rename them"
    )]
    pub(crate) async fn audit(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        kind: AuditKind,
        action: Action,
        person: Option<Uuid>,
        reason: &str,
        detail: serde_json::Value,
    ) -> Result<(), AppError> {
        concord_store::audit::append(
            tx,
            NewAuditEvent {
                at: self.clock.now(),
                actor_user_id: Some(actor.user_id.0),
                actor_agency_id: Some(actor.agency_id.0),
                kind,
                action: action.code().to_string(),
                resource_type: if person.is_some() {
                    "person"
                } else {
                    "person_list"
                }
                .to_string(),
                resource_id: person,
                person_id: person,
                reason: reason.to_string(),
                recipient: None,
                detail,
            },
        )
        .await?;
        Ok(())
    }
}
