//! The signal-loss watch: a tag that has sent nothing for the configured time may have
//! been cut off or shielded. Every node's watch looks at every live tag (alerts are
//! idempotent, so two nodes raising the same silence write one alert).

use concord_authz::{Action, Actor, Resource, ResourceKind};

use super::engine::Subject;
use crate::{AppError, Monitoring};

impl Monitoring<'_> {
    /// Look at every live tag's silence now, as `actor` (the feed account); returns how
    /// many alerts were raised.
    pub async fn watch_signal_loss(&self, actor: &Actor) -> Result<usize, AppError> {
        let feed = Resource::other(ResourceKind::MonitoringFeed, None);
        let devices = self
            .run(actor, async |w| {
                let cap = w.decide(Action::Create, &feed)?;
                Ok(concord_store::live_em_devices(w.tx(), &cap).await?)
            })
            .await?;
        let mut raised = 0;
        for device in devices {
            let mut guard = self.monitors.slot(&device).lock_owned().await;
            let mut taken: Option<Subject> = guard.take();
            let now = self.clock.now();
            let out = self
                .run(actor, async |w| {
                    let cap = w.decide(Action::Create, &feed)?;
                    let tag = match &taken {
                        Some(s) => Some(s.tag.clone()),
                        None => concord_store::live_em_tag(w.tx(), &cap, &device).await?,
                    };
                    let Some(tag) = tag else { return Ok(0) };
                    let out = self.watch_device(w, &cap, &mut taken, tag, now).await?;
                    Ok(out.raised.len())
                })
                .await;
            match out {
                Ok(n) => {
                    *guard = taken;
                    raised += n;
                }
                // A tag removed meanwhile is no longer watched.
                Err(AppError::NotFound) => {}
                Err(e) => return Err(e),
            }
        }
        if raised > 0 {
            self.monitors.notify();
        }
        Ok(raised)
    }
}

/// How often the signal-loss watch looks.
const WATCH_EVERY: std::time::Duration = std::time::Duration::from_secs(30);

impl Monitoring<'_> {
    /// How many tags this node holds an evaluator for.
    pub fn evaluators_held(&self) -> usize {
        self.monitors.subjects()
    }
}

impl Monitoring<'_> {
    /// Start the node's electronic-monitoring work when a feed account is configured:
    /// a JetStream worker (when NATS is configured) and the signal-loss watch. Each
    /// restarts after a failure, pausing first; the account is looked up each time, so
    /// one made after the node started is picked up.
    pub fn start_feed(&self) {
        let Some(account) = self.settings.em.feed_account.clone() else {
            return;
        };
        if let Some(url) = self
            .settings
            .nats_url
            .clone()
            .filter(|u| !u.trim().is_empty())
        {
            let app = crate::App::clone(self);
            let account = account.clone();
            let cfg = super::FeedConfig {
                url,
                prefix: self.settings.em.subject_prefix.clone(),
                durable: format!(
                    "{}-concord",
                    self.settings.em.subject_prefix.replace('.', "-")
                ),
            };
            tokio::spawn(async move {
                let counts = std::sync::Arc::new(super::FeedCounts::default());
                loop {
                    let result = match app.accounts().actor_for_username(&account).await {
                        Ok(actor) => {
                            app.monitoring()
                                .run_feed_worker(&cfg, &actor, counts.clone())
                                .await
                        }
                        Err(e) => Err(e),
                    };
                    if let Err(e) = result {
                        tracing::warn!(error = %e, "electronic-monitoring feed worker stopped; restarting");
                    }
                    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
                }
            });
        }
        let app = crate::App::clone(self);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(WATCH_EVERY).await;
                let result = match app.accounts().actor_for_username(&account).await {
                    Ok(actor) => app.monitoring().watch_signal_loss(&actor).await.map(|_| ()),
                    Err(e) => Err(e),
                };
                if let Err(e) = result {
                    tracing::warn!(error = %e, "signal-loss watch failed; trying again");
                }
            }
        });
    }
}
