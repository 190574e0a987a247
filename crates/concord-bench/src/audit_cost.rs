//! What auditing costs the record page: the same closed loop against an audited node and
//! against a node that writes no audit events, which only a build with the
//! `bench-unaudited` feature has (see concord-app's `unaudited.rs`; a default build has no
//! way to turn auditing off, so it reports how to build for this instead).

use concord_store::Db;

use super::client::{Auth, HttpClient};
use super::generator::RunResult;
use super::servers::{record_pages, Servers};
use super::turns::{take_turns, Side};

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
/// this build has it), `connections` clients for `seconds` each in all, taking turns.
pub(crate) async fn measure(
    http: &HttpClient,
    db: &Db,
    servers: &Servers,
    person_ids: &[String],
    cookie: &Auth,
    connections: usize,
    seconds: u64,
) -> AuditCost {
    let Some(unaudited) = servers.concord_unaudited else {
        return AuditCost::NotBuilt;
    };
    let sides = [
        Side {
            uris: record_pages(&[servers.concord], person_ids),
            what: "record page, audited",
        },
        Side {
            uris: record_pages(&[unaudited], person_ids),
            what: "record page, unaudited",
        },
    ];
    let (with, without) = take_turns(http, db, sides, cookie, connections, seconds).await;
    let cost = AuditCost::Measured {
        audited: Box::new(with),
        unaudited: Box::new(without),
    };
    if let Some(p) = cost.overhead_percent() {
        println!("Audit overhead on the record page: {p:.1}%.");
    }
    cost
}
