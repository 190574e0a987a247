//! Probes for the pages: would this actor's attempt be allowed? Asked before a form is
//! shown, so no one fills in a form that is refused on submit. A probe asks the same
//! policy (concord-authz) as the use case, with the same relationships, and writes
//! nothing: it is not an attempt on the record, so it is not audited.

use concord_authz::{Action, Actor, Resource, Section, SectionSet};
use concord_domain::PersonId;

use crate::{App, AppError};

impl App {
    /// May the actor register people (for their own agency)?
    pub fn may_register_person(&self, actor: &Actor) -> bool {
        concord_authz::decide(
            actor,
            Action::Create,
            &Resource::new_person(actor.agency_id),
        )
        .allowed
    }

    /// May the actor do `action` to `section` of this person's record?
    pub async fn may_act_on_section(
        &self,
        actor: &Actor,
        person: PersonId,
        action: Action,
        section: Section,
    ) -> Result<bool, AppError> {
        // A probe writes nothing, so it takes no audit-chain lock.
        let mut tx = self.db.begin_read().await?;
        let decided = self
            .authorize_person(&mut tx, actor, action, person, SectionSet::one(section))
            .await;
        // Nothing was written; the denial's audit event is dropped with the transaction.
        tx.rollback().await.ok();
        match decided {
            Ok(_) => Ok(true),
            Err(AppError::Denied { .. } | AppError::NotFound) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// The sections of `person`'s record the policy lets `actor` read, decided as every
    /// page is (relationships found now), reading no personal data and so writing no
    /// audit event: for showing only the forms and links an actor may use, and for the
    /// need-to-know matrix test. Empty when the actor may read nothing of the person.
    pub async fn readable_sections(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<SectionSet, AppError> {
        let mut tx = self.db.begin_read().await?;
        let resource = self.person_resource(&mut tx, actor, person).await;
        tx.rollback().await?;
        let d = concord_authz::decide(actor, Action::Read, &resource?);
        Ok(if d.allowed {
            d.sections
        } else {
            SectionSet::EMPTY
        })
    }
}
