//! What auditing costs the record page: the same closed loop against an audited node and
//! against a node that writes no audit events, which only a build with the
//! `bench-unaudited` feature has (see concord-app's `unaudited.rs`; a default build has no
//! way to turn auditing off, so it reports how to build for this instead).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use concord_app::{App, AppSettings, Clock};
use concord_store::Db;

use super::client::{Auth, HttpClient};
use super::generator::RunResult;
use super::rate_runs::max_rate;
use super::servers::Servers;

/// How to build the bench so that it measures this.
pub const BUILD_WITH_FEATURE: &str =
    "cargo run --release -p concord-cli --features bench-unaudited -- bench ...";

pub enum AuditCost {
    /// This build cannot serve without auditing.
    NotBuilt,
    /// Boxed: a run's samples are large beside `NotBuilt`'s nothing.
    Measured {
        audited: Box<RunResult>,
        unaudited: Box<RunResult>,
    },
}

impl AuditCost {
    /// The extra time a request takes with auditing, as a percentage of its time without:
    /// throughput without over throughput with, less one.
    pub fn overhead_percent(&self) -> Option<f64> {
        match self {
            AuditCost::Measured { audited, unaudited } if audited.rate() > 0.0 => {
                Some((unaudited.rate() / audited.rate() - 1.0) * 100.0)
            }
            _ => None,
        }
    }
}

/// Closed loops on the record page against the first node and the unaudited one (when
/// this build has it), `connections` clients for `seconds` each in all. They take turns in halves (audited,
/// unaudited, unaudited, audited) so that a machine growing busier or a database warming
/// up favours neither; before each half every audit event left waiting is sealed, so the
/// sealing one node's requests caused is not done in the other's time.
pub(crate) async fn measure(
    http: &HttpClient,
    db: &Db,
    servers: &Servers,
    person_ids: &[String],
    cookie: &Auth,
    connections: usize,
    seconds: u64,
) -> AuditCost {
    let audited = servers.concord;
    let Some(unaudited) = servers.concord_unaudited else {
        return AuditCost::NotBuilt;
    };
    let uris = |node: SocketAddr| {
        Arc::new(
            person_ids
                .iter()
                .map(|id| format!("http://{node}/persons/{id}"))
                .collect::<Vec<_>>(),
        )
    };
    let (with_uris, without_uris) = (uris(audited), uris(unaudited));
    let half = Duration::from_secs((seconds / 2).max(1));
    // Settling needs only the database: an App of its own, serving nothing.
    let settler = App::new(db.clone(), Clock::system(), AppSettings::default());
    let mut with = RunResult::default();
    let mut without = RunResult::default();
    for (i, audit) in [true, false, false, true].into_iter().enumerate() {
        if let Err(e) = settler.settle_audit().await {
            eprintln!("Note: sealing waiting audit events failed before an audit-cost run: {e}");
        }
        let (uris, what) = if audit {
            (with_uris.clone(), "record page, audited")
        } else {
            (without_uris.clone(), "record page, unaudited")
        };
        let what = format!("{what} ({} of 4)", i + 1);
        let run = max_rate(http, uris, cookie, connections, half, &what).await;
        let into = if audit { &mut with } else { &mut without };
        into.elapsed += run.elapsed;
        into.merge(run);
        into.max_in_flight = connections;
    }
    let cost = AuditCost::Measured {
        audited: Box::new(with),
        unaudited: Box::new(without),
    };
    if let Some(p) = cost.overhead_percent() {
        println!("Audit overhead on the record page: {p:.1}%.");
    }
    cost
}
