//! What operators watch (issue 25 item 3): whether this node can serve — the database
//! reachable, its schema at this build's version, NATS reachable when configured — and
//! the figures `/metrics` exposes about the database pool and the audit appender. Nothing
//! here reads personal data.

use std::time::Duration;

pub use crate::audit_appender::{AppenderStats, BATCH_BUCKETS};
use crate::App;

/// One readiness check: its name and what is wrong, if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub name: &'static str,
    pub problem: Option<String>,
}

/// Whether the node is ready for traffic, check by check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readiness {
    pub checks: Vec<Check>,
}

impl Readiness {
    pub fn ready(&self) -> bool {
        self.checks.iter().all(|c| c.problem.is_none())
    }
}

/// How long a readiness check may take before it counts as failed: a load balancer
/// polling `/ready` must get an answer before its own timeout.
const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

impl App {
    /// The database pool: (connections open, idle).
    pub fn pool_stats(&self) -> (u32, usize) {
        self.db.pool_stats()
    }

    /// The audit appender's queue and batches since the node started.
    pub fn audit_appender_stats(&self) -> AppenderStats {
        self.appender.stats()
    }

    /// Check the database (reachable, schema current) and NATS (reachable, when the node
    /// is configured to use it).
    pub async fn readiness(&self) -> Readiness {
        let latest = concord_store::latest_version();
        let schema = match tokio::time::timeout(
            CHECK_TIMEOUT,
            concord_store::current_version(&self.db),
        )
        .await
        {
            Err(_) => Some("the database did not answer within 2 seconds".to_string()),
            Ok(Err(e)) => Some(format!("the database cannot be reached: {e}")),
            Ok(Ok(Some(v))) if v == latest => None,
            Ok(Ok(Some(v))) if v > latest => Some(format!(
                "the schema is at version {v}, newer than this build's {latest}: run the newer build"
            )),
            Ok(Ok(v)) => Some(format!(
                "the schema is at version {}, this build needs {latest}: run `concord migrate`",
                v.unwrap_or(0)
            )),
        };
        let mut checks = vec![Check {
            name: "database",
            problem: schema,
        }];
        if let Some(url) = &self.settings.nats_url {
            let problem = match async_nats::ConnectOptions::new()
                .connection_timeout(CHECK_TIMEOUT)
                .connect(url.as_str())
                .await
            {
                Ok(client) => {
                    drop(client);
                    None
                }
                Err(e) => Some(format!("NATS cannot be reached: {e}")),
            };
            checks.push(Check {
                name: "nats",
                problem,
            });
        }
        Readiness { checks }
    }
}
