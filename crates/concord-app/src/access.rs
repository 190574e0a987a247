//! The decision point: every use case asks here before touching personal data, and every
//! answer — yes or no — ends up in the audit chain.

use concord_authz::{
    authorize, Action, Actor, Capability, Holder, ListScope, Resource, ResourceKind, SectionSet,
};
use concord_domain::PersonId;
use concord_store::audit::{AuditKind, NewAuditEvent};
use concord_store::Tx;
use uuid::Uuid;

use crate::{App, AppError};

/// What one audit event says beyond who, when and which person.
#[derive(Debug, Clone, Default)]
pub(crate) struct Note {
    pub sections: Option<SectionSet>,
    pub purpose: Option<String>,
    pub recipient: Option<String>,
    pub detail: Option<serde_json::Value>,
}

impl Note {
    pub(crate) fn detail(detail: serde_json::Value) -> Self {
        Self {
            detail: Some(detail),
            ..Self::default()
        }
    }

    pub(crate) fn sections(sections: SectionSet) -> Self {
        Self {
            sections: Some(sections),
            ..Self::default()
        }
    }
}

impl App {
    /// Decide access to `sections` of one person's record. An unknown person is
    /// `NotFound`; a denial carries its audit event and, for those outside the
    /// responsible authority, conceals the record's existence.
    pub(crate) async fn authorize_person(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        action: Action,
        person: PersonId,
        sections: SectionSet,
    ) -> Result<Capability, AppError> {
        let resource = self.person_resource(tx, actor, person).await?;
        self.decide(actor, action, &resource.sections(sections))
    }

    /// A refusal the policy does not make by itself (a step only a role takes, a
    /// document needing every section it is made from), as a denial the audit chain
    /// records like any other.
    pub(crate) fn refuse(
        &self,
        actor: &Actor,
        action: Action,
        person: PersonId,
        reason: &'static str,
    ) -> AppError {
        AppError::Denied {
            reason,
            conceal: !actor.agency_kind.is_responsible_authority(),
            audit: Box::new(self.event(
                actor,
                AuditKind::Denied,
                action,
                ResourceKind::Person,
                Some(person.0),
                reason,
                Note::default(),
            )),
        }
    }

    /// Now, and today's date in Europe/London: relationships that run by date (allocations,
    /// referrals, shares) are judged by the local date, not the UTC one.
    pub(crate) fn as_of(&self) -> concord_store::AsOf {
        let now = self.clock.now();
        concord_store::AsOf {
            now,
            today: crate::london_date(now),
        }
    }

    /// The person as the policy sees them: owner and the actor's relationships.
    pub(crate) async fn person_resource(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        person: PersonId,
    ) -> Result<Resource, AppError> {
        let Some((owner, mut relationships)) =
            concord_store::access_facts(tx, person, &Holder::from(actor), self.as_of()).await?
        else {
            return Err(AppError::NotFound);
        };
        // Only the relationships that count for this actor, so the reasons shown name
        // only what opened the record (the policy applies the same rule).
        relationships.retain(|r| r.counts_for(actor));
        Ok(Resource::person(person, owner, relationships))
    }

    /// Figures with no person in them (counts for the boards): decided as `Aggregate` read,
    /// then read unattended — nothing to audit, no chain lock.
    pub(crate) async fn read_aggregate<T>(
        &self,
        actor: &Actor,
        body: impl AsyncFnOnce(&mut Tx, &Capability) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        self.read_unattended(async |tx| {
            let cap = self.decide(
                actor,
                Action::Read,
                &Resource::other(ResourceKind::Aggregate, None),
            )?;
            body(tx, &cap).await
        })
        .await
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
            audit: Box::new(self.event(
                actor,
                AuditKind::Denied,
                action,
                resource.kind,
                resource.person.map(|p| p.0),
                denial.reason,
                Note::sections(resource.sections),
            )),
        })
    }

    /// Searching: the nominal index for the responsible authority, only related people
    /// for everyone else.
    pub(crate) fn decide_search(&self, actor: &Actor) -> Result<Capability, AppError> {
        let scope = if actor.agency_kind.is_responsible_authority()
            && actor.has(concord_authz::Permission::PersonSearch)
        {
            ListScope::Register
        } else {
            ListScope::Related
        };
        self.decide(actor, Action::Read, &Resource::list(scope))
    }

    /// "My cases": allocations for the responsible authority's case managers (the MAPPA
    /// unit's coordinators among them: their allocated MAPPA cases, with the RoSH, town
    /// and key dates an allocation lets them read), referrals and shares for partners.
    pub(crate) fn decide_caseload(&self, actor: &Actor) -> Result<Capability, AppError> {
        let scope = if actor.agency_kind.is_responsible_authority()
            || actor.agency_kind == concord_domain::AgencyKind::ResponsibleAuthority
        {
            ListScope::Caseload
        } else {
            ListScope::Related
        };
        self.decide(actor, Action::Read, &Resource::list(scope))
    }

    #[expect(
        clippy::too_many_arguments,
        reason = "each argument is one column of the s.62 record; a struct would only rename them"
    )]
    pub(crate) fn event(
        &self,
        actor: &Actor,
        kind: AuditKind,
        action: Action,
        resource: ResourceKind,
        person: Option<Uuid>,
        reason: &str,
        note: Note,
    ) -> NewAuditEvent {
        NewAuditEvent {
            at: self.clock.now(),
            actor_user_id: Some(actor.user_id),
            actor_agency_id: Some(actor.agency_id),
            kind,
            action: action.code().to_string(),
            resource_type: resource.code().to_string(),
            resource_id: person,
            person_id: person.map(PersonId),
            reason: reason.to_string(),
            recipient: note.recipient,
            detail: note.detail.unwrap_or_else(|| serde_json::json!({})),
            request_id: actor.request_id.clone(),
            sections: note
                .sections
                .filter(|s| !s.is_empty())
                .map(concord_store::sections_to_codes),
            purpose: note.purpose,
        }
    }

    /// A request refused before any use case ran (a forged or missing CSRF token): written
    /// to the audit chain as a refusal in its own transaction.
    pub async fn record_refused_request(
        &self,
        actor: &Actor,
        reason: &str,
    ) -> Result<(), AppError> {
        let mut event = self.event(
            actor,
            AuditKind::Denied,
            Action::Change,
            ResourceKind::PersonList,
            None,
            reason,
            Note::default(),
        );
        event.resource_type = "request".into();
        self.append_alone(event).await
    }

    /// A refusal about one person that no use case wrote: a request for something under
    /// their record (an id of another person's referral, an unknown review) answered
    /// 404. Written in its own transaction, as a denied event with actor and person.
    pub async fn record_refused_on_person(
        &self,
        actor: &Actor,
        person: PersonId,
        reason: &str,
    ) -> Result<(), AppError> {
        let event = self.event(
            actor,
            AuditKind::Denied,
            Action::Read,
            ResourceKind::Person,
            Some(person.0),
            reason,
            Note::default(),
        );
        self.append_alone(event).await
    }
}
