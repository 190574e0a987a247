//! The live alerts page (open alerts, and those raised in the last day, for the people the
//! reader may see: the responsible officer's team, the police with a case relationship)
//! and a person's monitoring tab.
//!
//! The page refreshes itself through server-sent events: the stream watches a mark made
//! of alert ids and versions only (no personal data), and only when it changes does it read
//! the alerts again for the reader — decided and audited like any page.

use chrono::Duration;
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::PersonId;
use concord_store::audit::AuditKind;
use serde::Serialize;

use super::alerts::AlertView;
use super::tags::TagView;
use crate::access::Note;
use crate::kernel::Work;
use crate::{AppError, Monitoring};

/// Alerts raised this long ago or less stay on the live page after they close.
const LIVE_HOURS: i64 = 24;
const LIVE_LIMIT: i64 = 500;

#[derive(Debug, Clone, Serialize)]
pub struct LiveAlert {
    pub alert: AlertView,
    pub person_name: String,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct LiveAlerts {
    /// Open, newest first.
    pub open: Vec<LiveAlert>,
    /// Closed or retracted in the last day.
    pub recent: Vec<LiveAlert>,
}

/// A person's monitoring tab.
#[derive(Debug, Clone, Serialize)]
pub struct MonitoringPage {
    /// RoSH, tier and MAPPA above the tab.
    #[serde(skip)]
    pub key_facts: crate::KeyFacts,
    pub person_name: String,
    pub tags: Vec<TagView>,
    pub alerts: Vec<AlertView>,
    pub may_change: bool,
}

impl Monitoring<'_> {
    pub async fn live_alerts(&self, actor: &Actor) -> Result<LiveAlerts, AppError> {
        self.run_page(actor, async |w| {
            self.live_alerts_in(w, "viewed electronic-monitoring alerts on the live page")
                .await
        })
        .await
    }

    /// [`Self::live_alerts`] within a unit of work (My cases shows the open ones), each
    /// person's alerts read under their licence section and audited with `reason`.
    pub(crate) async fn live_alerts_in(
        &self,
        w: &mut Work<'_>,
        reason: &str,
    ) -> Result<LiveAlerts, AppError> {
        let since = self.clock.now() - Duration::hours(LIVE_HOURS);
        let ids = concord_store::live_em_alert_ids(w.tx(), since, LIVE_LIMIT).await?;
        let mut people: Vec<PersonId> = ids.iter().map(|(_, p, _)| *p).collect();
        people.sort_by_key(|p| p.0);
        people.dedup();
        let mut out = LiveAlerts::default();
        for person in people {
            // Only the people whose licence section the reader reaches; the others are
            // passed over without a refusal (the list is of what the reader may see).
            let readable = w.readable(person).await?;
            if !readable.contains(Section::Licence) || !readable.contains(Section::Identity) {
                continue;
            }
            let name = self.people().record_header_in(w, person).await?.full_name();
            let cap = w
                .person(Action::Read, person, SectionSet::one(Section::Licence))
                .await?;
            let alerts = self.alerts_in(w, &cap, person).await?;
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                Some(person.0),
                reason,
                Note::sections(SectionSet::one(Section::Licence)),
            );
            for a in alerts
                .into_iter()
                .filter(|a| ids.iter().any(|(id, _, _)| *id == a.id))
            {
                let line = LiveAlert {
                    alert: a,
                    person_name: name.clone(),
                };
                if line.alert.open() {
                    out.open.push(line);
                } else {
                    out.recent.push(line);
                }
            }
        }
        out.open
            .sort_by_key(|l| std::cmp::Reverse(l.alert.opened_at));
        out.recent
            .sort_by_key(|l| std::cmp::Reverse(l.alert.opened_at));
        Ok(out)
    }

    /// What the live page's stream compares: the live alerts' ids and versions. No
    /// personal data, so read without a decision; what it triggers is decided.
    pub async fn live_mark(&self) -> Result<String, AppError> {
        let since = self.clock.now() - Duration::hours(LIVE_HOURS);
        self.read_one_statement(async |tx| {
            let ids = concord_store::live_em_alert_ids(tx, since, LIVE_LIMIT).await?;
            Ok(ids
                .iter()
                .map(|(a, _, v)| format!("{}:{v}", a.0))
                .collect::<Vec<_>>()
                .join(","))
        })
        .await
    }

    /// Wait until an alert may have changed on this node, or `timeout` passes (another
    /// node's change is seen by comparing marks).
    pub async fn wait_for_change(&self, timeout: std::time::Duration) {
        let mut rx = self.monitors.watch();
        rx.borrow_and_update();
        let _ = tokio::time::timeout(timeout, rx.changed()).await;
    }

    pub async fn monitoring_page(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<MonitoringPage, AppError> {
        self.run_page(actor, async |w| {
            let person_name = self.people().record_header_in(w, person).await?.full_name();
            let cap = w
                .person(Action::Read, person, SectionSet::one(Section::Licence))
                .await?;
            let tags = concord_store::em_tags_of(w.tx(), &cap, person).await?;
            let alerts = self.alerts_in(w, &cap, person).await?;
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                Some(person.0),
                "viewed electronic monitoring",
                Note::sections(SectionSet::one(Section::Licence)),
            );
            let resource = w.resource(person).await?;
            let may_change = concord_authz::decide(
                actor,
                Action::Create,
                &resource.sections(SectionSet::one(Section::Licence)),
            )
            .allowed;
            Ok(MonitoringPage {
                key_facts: crate::KeyFacts::read(w, person).await?,
                person_name,
                tags: tags.iter().map(TagView::from_row).collect(),
                alerts,
                may_change,
            })
        })
        .await
    }
}
