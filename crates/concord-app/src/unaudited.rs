//! An App that writes no audit events, compiled only with the `bench-unaudited` feature.
//!
//! Issue 19 sets a target on what auditing costs the record page ("audit overhead ≤ 25%"),
//! which can only be measured against the same page served without it. So `concord bench`,
//! built with this feature, serves one extra node through [`App::without_audit`] beside the
//! audited ones. Auditing every consultation is a legal duty of this system (DESIGN.md §3),
//! so the switch does not exist in a default build: no setting, flag or variable reaches
//! it, and a build for any use but the bench must never enable the feature.
//!
//! Only the events of a unit that succeeds are dropped (the runner's `unit` and
//! `run_unattended`); a refusal written on its own is still written. The node's audit
//! sealer never starts either, since there is nothing of its own to seal.

use concord_store::audit::NewAuditEvent;

use crate::App;

impl App {
    /// This App, writing no audit events. For `concord bench`'s audit-cost measurement
    /// only.
    #[must_use]
    pub fn without_audit(mut self) -> Self {
        tracing::warn!(
            "this node writes no audit events (bench-unaudited build, concord bench only)"
        );
        self.unaudited = true;
        self.sealer.never_start();
        self
    }

    /// The events a successful unit writes: none on an unaudited App.
    pub(crate) fn unaudited_events(&self, events: Vec<NewAuditEvent>) -> Vec<NewAuditEvent> {
        if self.unaudited {
            Vec::new()
        } else {
            events
        }
    }
}
