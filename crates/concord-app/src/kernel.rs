//! The use-case runner: the one place a use case's transaction, access decisions, audit
//! events and commit-or-refusal live (ADR 0006).
//!
//! A use case is a body given a [`Work`]: the actor, the unit of work's transaction, and
//! the decisions and events it asks for. The runner begins the transaction, runs the body,
//! writes the body's audit events in the order they were recorded and commits; if the body
//! fails it rolls everything back and, for a refusal, writes the refusal to the audit
//! chain in a transaction of its own. A body never begins, finishes or appends by hand.
//!
//! Within one unit of work the facts an access decision needs about a person (owner and
//! the actor's relationships) are read once: a write that also reads the record decides
//! twice from one query, not two.

use std::collections::HashMap;

use concord_authz::{Action, Actor, Capability, Resource, SectionSet};
use concord_domain::PersonId;
use concord_store::audit::{AuditKind, NewAuditEvent};
use concord_store::Tx;
use uuid::Uuid;

use crate::access::Note;
use crate::{App, AppError};

/// One use case's unit of work, as the runner hands it to the body.
pub(crate) struct Work<'a> {
    app: &'a App,
    actor: &'a Actor,
    tx: Tx,
    /// The audit events the body recorded, written in this order when it succeeds.
    events: Vec<NewAuditEvent>,
    /// Each person's resource as the policy sees it, read once per unit of work.
    people: HashMap<PersonId, Resource>,
}

impl<'a> Work<'a> {
    pub fn actor(&self) -> &'a Actor {
        self.actor
    }

    /// The transaction, for the store's functions.
    pub fn tx(&mut self) -> &mut Tx {
        &mut self.tx
    }

    /// Decide `action` on `sections` of one person's record. An unknown person is
    /// `NotFound`; a denial carries its audit event (the runner writes it) and, for those
    /// outside the responsible authority, conceals the record's existence.
    pub async fn person(
        &mut self,
        action: Action,
        person: PersonId,
        sections: SectionSet,
    ) -> Result<Capability, AppError> {
        let resource = match self.people.get(&person) {
            Some(r) => r.clone(),
            None => {
                let r = self
                    .app
                    .person_resource(&mut self.tx, self.actor, person)
                    .await?;
                self.people.insert(person, r.clone());
                r
            }
        };
        self.app
            .decide(self.actor, action, &resource.sections(sections))
    }

    /// As [`Work::person`], but every one of `sections` must be reached: a document made
    /// from several sections is refused (and the refusal audited), not shown with parts
    /// quietly missing.
    pub async fn person_all(
        &mut self,
        action: Action,
        person: PersonId,
        sections: SectionSet,
    ) -> Result<Capability, AppError> {
        let cap = self.person(action, person, sections).await?;
        if cap.sections() == sections {
            return Ok(cap);
        }
        Err(self.app.refuse(
            self.actor,
            action,
            person,
            "the actor's relationship does not reach every section this is made from",
        ))
    }

    /// Decide any other resource (a list, a calculator).
    pub fn decide(&self, action: Action, resource: &Resource) -> Result<Capability, AppError> {
        self.app.decide(self.actor, action, resource)
    }

    /// Record an allowed event by the actor about `person` (or a list, when `None`); the
    /// runner writes it if the use case succeeds.
    pub fn audit(
        &mut self,
        kind: AuditKind,
        action: Action,
        person: Option<Uuid>,
        reason: &str,
        note: Note,
    ) {
        let resource = if person.is_some() {
            concord_authz::ResourceKind::Person
        } else {
            concord_authz::ResourceKind::PersonList
        };
        self.events.push(
            self.app
                .event(self.actor, kind, action, resource, person, reason, note),
        );
    }
}

impl App {
    /// Run one use case for `actor`: begin, run `body`, write its audit events and commit;
    /// or roll back and record a refusal.
    pub(crate) async fn run<T>(
        &self,
        actor: &Actor,
        body: impl AsyncFnOnce(&mut Work<'_>) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let mut work = Work {
            app: self,
            actor,
            tx: self.db.begin().await?,
            events: Vec::new(),
            people: HashMap::new(),
        };
        let result = match body(&mut work).await {
            Ok(value) => Self::write_events(&mut work).await.map(|()| value),
            Err(e) => Err(e),
        };
        self.finish(work.tx, result).await
    }

    /// As [`App::run`]; and a refusal by a rule about who may act (`rules`: four-eyes, the
    /// chair's rules), which the user sees as a 422 naming the rule, is also written to the
    /// audit chain as a denied attempt on `person`.
    pub(crate) async fn run_refusable<T>(
        &self,
        actor: &Actor,
        person: PersonId,
        rules: &[&str],
        what: &str,
        body: impl AsyncFnOnce(&mut Work<'_>) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let mut work = Work {
            app: self,
            actor,
            tx: self.db.begin().await?,
            events: Vec::new(),
            people: HashMap::new(),
        };
        let result = match body(&mut work).await {
            Ok(value) => Self::write_events(&mut work).await.map(|()| value),
            Err(e) => Err(e),
        };
        self.finish_refused(work.tx, result, actor, person, rules, what)
            .await
    }

    async fn write_events(work: &mut Work<'_>) -> Result<(), AppError> {
        for event in std::mem::take(&mut work.events) {
            concord_store::audit::append(&mut work.tx, event).await?;
        }
        Ok(())
    }
}
