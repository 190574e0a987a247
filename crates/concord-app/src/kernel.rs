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

use std::collections::{HashMap, HashSet};

use concord_authz::{Action, Actor, Capability, Resource, SectionSet};
use concord_domain::{DomainEvent, PersonId};
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
    /// A page made of several parts: its consultations are written as one (see
    /// [`one_consultation`]).
    page: bool,
    /// The people whose writes this unit holds (see `concord_store::hold_person`): a
    /// write waits only for other writes about the same person, never for a reader.
    held: HashSet<PersonId>,
    /// The domain events the body raised, put in the outbox with its audit events.
    raised: Vec<DomainEvent>,
    /// A unit that only reads ([`App::run_read`]): it may decide nothing but reads, and
    /// raises no domain events.
    read_only: bool,
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
        self.reading_only(action)?;
        let resource = self.resource(person).await?;
        let cap = self
            .app
            .decide(self.actor, action, &resource.sections(sections))?;
        if action != Action::Read && self.held.insert(person) {
            concord_store::hold_person(&mut self.tx, person).await?;
        }
        Ok(cap)
    }

    /// The person as the policy sees them (owner and the actor's relationships), read
    /// once per unit of work. An unknown person is `NotFound`.
    pub async fn resource(&mut self, person: PersonId) -> Result<Resource, AppError> {
        if let Some(r) = self.people.get(&person) {
            return Ok(r.clone());
        }
        let r = self
            .app
            .person_resource(&mut self.tx, self.actor, person)
            .await?;
        self.people.insert(person, r.clone());
        Ok(r)
    }

    /// The sections of `person`'s record the actor may read, decided but neither recorded
    /// nor refused: for a page choosing which of its parts to show (each part then decides
    /// and audits its own read). Empty when the actor may read nothing of the person.
    pub async fn readable(&mut self, person: PersonId) -> Result<SectionSet, AppError> {
        let resource = self.resource(person).await?;
        let d = concord_authz::decide(self.actor, Action::Read, &resource);
        Ok(if d.allowed {
            d.sections
        } else {
            SectionSet::EMPTY
        })
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
        self.reading_only(action)?;
        self.app.decide(self.actor, action, resource)
    }

    /// A read unit runs without a transaction on PostgreSQL, so it must not be given
    /// anything that writes.
    fn reading_only(&self, action: Action) -> Result<(), AppError> {
        if self.read_only && action != Action::Read {
            return Err(AppError::Internal(format!(
                "a read-only unit of work was asked to {action:?}"
            )));
        }
        Ok(())
    }

    /// Raise a domain event (ADR 0009): written to the outbox if the use case succeeds,
    /// published to NATS JetStream once it has committed. Nothing when the node publishes
    /// no events.
    pub fn raise(&mut self, event: DomainEvent) {
        if self.app.publisher.enabled() {
            self.raised.push(event);
        }
    }

    /// Record an event built by hand (a break-glass consultation, a disclosure naming its
    /// recipient); the runner writes it with the others.
    pub fn record(&mut self, event: NewAuditEvent) {
        self.events.push(event);
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
        let (tx, result) = self.unit(actor, false, body).await?;
        self.finish(tx, result).await
    }

    /// Run a use case that only reads (the record page): as [`App::run`], but on
    /// PostgreSQL without `BEGIN` and `COMMIT` around it, two of a page's round trips. Its
    /// reads see what each statement sees under READ COMMITTED, as in a transaction. Its
    /// events go to the node's consultation appender (`audit_appender`), which commits
    /// many requests' events together; the page is returned once they are committed.
    /// Only reads may be decided in it.
    pub(crate) async fn run_read<T>(
        &self,
        actor: &Actor,
        body: impl AsyncFnOnce(&mut Work<'_>) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let tx = self.db.begin_read_unit().await?;
        // On SQLite a writing transaction, its events appended in it; on PostgreSQL a
        // plain connection, its events left for the appender.
        let plain = tx.is_plain();
        let mut deferred = Vec::new();
        let (tx, result) = self
            // A read is a page: its parts' consultations are written as one.
            .unit_deferring(tx, actor, true, true, &mut deferred, body)
            .await?;
        if !plain || result.is_err() {
            return self.finish(tx, result).await;
        }
        // The connection goes back to the pool before the wait for the appender's commit.
        // The appender appends to the chain itself: there is nothing for the sealer.
        tx.rollback().await.ok();
        self.appender.append(deferred).await?;
        result
    }

    /// Run one page made of several use cases' parts (a tab showing the licence, its
    /// zones and the address checks) as one unit: one transaction, one decision per
    /// person, and one consultation event per person that says everything the page
    /// showed.
    pub(crate) async fn run_page<T>(
        &self,
        actor: &Actor,
        body: impl AsyncFnOnce(&mut Work<'_>) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let (tx, result) = self.unit(actor, true, body).await?;
        self.finish(tx, result).await
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
        let (tx, result) = self.unit(actor, false, body).await?;
        self.finish_refused(tx, result, actor, person, rules, what)
            .await
    }

    /// The unit of work itself, for a runner with its own way of finishing (a disclosure
    /// records bad input as a refusal too): begin, run `body`, and on success write its
    /// events. The caller commits or rolls back the transaction it gets back.
    pub(crate) async fn unit<T>(
        &self,
        actor: &Actor,
        page: bool,
        body: impl AsyncFnOnce(&mut Work<'_>) -> Result<T, AppError>,
    ) -> Result<(Tx, Result<T, AppError>), AppError> {
        let tx = self.db.begin().await?;
        let mut none = Vec::new();
        self.unit_deferring(tx, actor, page, false, &mut none, body)
            .await
    }

    /// As [`App::unit`] on `tx`; but a read unit on a plain connection (PostgreSQL) leaves
    /// its events in `deferred`, for the appender, instead of writing them on it.
    async fn unit_deferring<T>(
        &self,
        tx: Tx,
        actor: &Actor,
        page: bool,
        read_only: bool,
        deferred: &mut Vec<NewAuditEvent>,
        body: impl AsyncFnOnce(&mut Work<'_>) -> Result<T, AppError>,
    ) -> Result<(Tx, Result<T, AppError>), AppError> {
        let mut work = Work {
            app: self,
            actor,
            tx,
            read_only,
            events: Vec::new(),
            people: HashMap::new(),
            page,
            held: HashSet::new(),
            raised: Vec::new(),
        };
        let result = match body(&mut work).await {
            Ok(value) => {
                let mut outcome = Ok(value);
                let mut events = std::mem::take(&mut work.events);
                if work.page {
                    events = one_consultation(events);
                }
                // Only in `bench-unaudited` builds, to measure what auditing costs.
                #[cfg(feature = "bench-unaudited")]
                let events = self.unaudited_events(events);
                if read_only && !work.raised.is_empty() {
                    outcome = Err(AppError::Internal(
                        "a read-only unit of work raised a domain event".into(),
                    ));
                } else if read_only && work.tx.is_plain() {
                    *deferred = events;
                } else {
                    for event in events {
                        if let Err(e) = concord_store::audit::record(&mut work.tx, event).await {
                            outcome = Err(e.into());
                            break;
                        }
                    }
                }
                if outcome.is_ok() && !work.raised.is_empty() {
                    let at = self.clock.now();
                    let waiting: Vec<_> = work
                        .raised
                        .iter()
                        .map(|e| crate::events::to_outbox(e, at))
                        .collect();
                    if let Err(e) = concord_store::outbox::enqueue(&mut work.tx, &waiting).await {
                        outcome = Err(e.into());
                    }
                }
                outcome
            }
            Err(e) => Err(e),
        };
        Ok((work.tx, result))
    }
}

/// The consultations a page's parts recorded, one per person (or one for the lists it
/// showed): the first part's event, with the sections of all of them and their reasons
/// joined, so the chain says once what the page put in front of the reader. Events that
/// differ in more than that (a break-glass purpose, a recipient, a write) stay apart.
fn one_consultation(events: Vec<NewAuditEvent>) -> Vec<NewAuditEvent> {
    let mut out: Vec<NewAuditEvent> = Vec::with_capacity(events.len());
    for event in events {
        let same = out.iter_mut().find(|e| {
            e.kind == AuditKind::Consultation
                && event.kind == AuditKind::Consultation
                && e.person_id == event.person_id
                && e.resource_type == event.resource_type
                && e.action == event.action
                && e.recipient == event.recipient
                && e.purpose == event.purpose
        });
        let Some(first) = same else {
            out.push(event);
            continue;
        };
        // The key facts above a tab are the page's frame, not a part of its own: they add
        // their sections to the consultation, not their reason.
        if first.reason == crate::person::KEY_FACTS_REASON {
            first.reason = event.reason;
        } else if event.reason != crate::person::KEY_FACTS_REASON
            && !first.reason.split("; ").any(|r| r == event.reason)
        {
            first.reason = format!("{}; {}", first.reason, event.reason);
        }
        first.sections = match (first.sections.take(), event.sections) {
            (Some(a), Some(b)) => Some(union_of_codes(&a, &b)),
            (a, b) => a.or(b),
        };
        if let (Some(into), serde_json::Value::Object(from)) =
            (first.detail.as_object_mut(), event.detail)
        {
            for (k, v) in from {
                into.entry(k).or_insert(v);
            }
        }
    }
    out
}

/// Two comma-separated lists of section codes as one, in the sections' own order.
fn union_of_codes(a: &str, b: &str) -> String {
    let mut set = SectionSet::EMPTY;
    for code in a.split(',').chain(b.split(',')) {
        if let Some(section) = concord_authz::Section::from_code(code) {
            set.insert(section);
        }
    }
    concord_store::sections_to_codes(set)
}

/// A unit of work that no signed-in actor asked for: signing in (there is no actor yet),
/// the session lookup that turns a cookie into one, and the server console's
/// administration (the operator is trusted as a database administrator is). There is no
/// access decision to make, but the runner still owns the transaction: it writes the
/// events the body recorded and commits, or rolls everything back.
pub(crate) struct Unattended {
    tx: Tx,
    events: Vec<NewAuditEvent>,
}

impl Unattended {
    /// The transaction, for the store's functions.
    pub fn tx(&mut self) -> &mut Tx {
        &mut self.tx
    }

    /// Record an event (a refused sign-in, an account made at the console); the runner
    /// writes it with the others when the body succeeds.
    pub fn record(&mut self, event: NewAuditEvent) {
        self.events.push(event);
    }
}

impl App {
    /// An event of a unit no signed-in actor asked for (a refused sign-in, an account made
    /// at the console): a `create` of `resource_type`, with the account it concerns, if
    /// any, as the actor. No agency, person or sections: these are staff records.
    pub(crate) fn unattended_event(
        &self,
        kind: AuditKind,
        resource_type: &str,
        resource_id: Option<Uuid>,
        user: Option<concord_domain::UserId>,
        reason: &str,
        detail: serde_json::Value,
    ) -> NewAuditEvent {
        NewAuditEvent {
            at: self.clock.now(),
            actor_user_id: user,
            actor_agency_id: None,
            kind,
            action: "create".into(),
            resource_type: resource_type.into(),
            resource_id,
            person_id: None,
            reason: reason.into(),
            recipient: None,
            detail,
            request_id: None,
            sections: None,
            purpose: None,
        }
    }

    /// Run an unattended unit that writes: begin, run `body`, write its events and
    /// commit; roll back if it fails. A body that must record a refusal and still fail
    /// returns `Ok(Err(..))`, so the refusal is committed.
    pub(crate) async fn run_unattended<T>(
        &self,
        body: impl AsyncFnOnce(&mut Unattended) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let mut work = Unattended {
            tx: self.db.begin().await?,
            events: Vec::new(),
        };
        let result = body(&mut work).await;
        let Unattended { mut tx, events } = work;
        // Only in `bench-unaudited` builds, to measure what auditing costs.
        #[cfg(feature = "bench-unaudited")]
        let events = self.unaudited_events(events);
        let value = match result {
            Ok(value) => value,
            Err(e) => {
                tx.rollback().await.ok();
                return Err(e);
            }
        };
        for event in events {
            if let Err(e) = concord_store::audit::record(&mut tx, event).await {
                tx.rollback().await.ok();
                return Err(e.into());
            }
        }
        tx.commit().await?;
        self.sealer.nudge();
        Ok(value)
    }

    /// Run an unattended read of staff data (sessions, accounts, agencies): no chain lock,
    /// nothing written, always rolled back. Personal data is never read this way: reading
    /// it needs an audit event, which only a unit with an actor writes.
    pub(crate) async fn read_unattended<T>(
        &self,
        body: impl AsyncFnOnce(&mut Tx) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let mut tx = self.db.begin_read().await?;
        let result = body(&mut tx).await;
        tx.rollback().await.ok();
        result
    }

    /// As [`App::read_unattended`] for a body that runs exactly one statement: on
    /// PostgreSQL without a transaction around it (see `Db::read_statement`).
    pub(crate) async fn read_one_statement<T>(
        &self,
        body: impl AsyncFnOnce(&mut Tx) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let mut tx = self.db.read_statement().await?;
        let result = body(&mut tx).await;
        tx.rollback().await.ok();
        result
    }
}
