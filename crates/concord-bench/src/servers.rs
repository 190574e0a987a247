//! The servers under test, in this process on a runtime of their own (as many worker
//! threads as cores, as `concord serve` has), apart from the load generator's runtime:
//! the real Concord router over its own connection pool, served exactly as `concord
//! serve` serves it, a pair of such nodes on the same database for the two-node run (each
//! its own pool and its own audit appender: what two `concord serve` would be, but sharing
//! this machine's cores), and a bare axum "hello" beside them as the machine's ceiling. A build with the
//! `bench-unaudited` feature adds a third node that writes no audit events, only to
//! measure what auditing costs.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use axum::routing::get;
use axum::Router;
use concord_app::{App, AppSettings, Clock};
use concord_store::Db;
use tokio::net::TcpListener;
use tokio::runtime::Runtime;

pub struct Servers {
    runtime: Option<Runtime>,
    pub concord: SocketAddr,
    /// Two more nodes on the same database, for the two-node run: each with its own pool
    /// of `pair_pool_size` connections.
    pub pair: [SocketAddr; 2],
    /// A node on the same database that writes no audit events (`bench-unaudited` builds
    /// only; `None` otherwise).
    pub concord_unaudited: Option<SocketAddr>,
    pub hello: SocketAddr,
}

impl Servers {
    /// Start the servers: the measured node and the unaudited one with pools of
    /// `pool_size` connections, the pair with `pair_pool_size` each.
    pub async fn start(
        database_url: &str,
        pool_size: u32,
        pair_pool_size: u32,
    ) -> anyhow::Result<Servers> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .thread_name("bench-server")
            .enable_all()
            .build()
            .context("starting the servers' runtime")?;
        let url = database_url.to_string();
        let addrs = runtime
            .spawn(async move {
                let concord = node(&url, pool_size).await?;
                let pair = [
                    node(&url, pair_pool_size).await?,
                    node(&url, pair_pool_size).await?,
                ];
                let unaudited = unaudited_node(&url, pool_size).await?;
                let hello = serve(Router::new().route("/", get(|| async { "hello" }))).await?;
                Ok::<_, anyhow::Error>((concord, pair, unaudited, hello))
            })
            .await??;
        Ok(Servers {
            runtime: Some(runtime),
            concord: addrs.0,
            pair: addrs.1,
            concord_unaudited: addrs.2,
            hello: addrs.3,
        })
    }
}

/// The record pages of `person_ids`, spread over `nodes` in turn (as a load balancer's
/// round robin would).
pub(crate) fn record_pages(nodes: &[SocketAddr], person_ids: &[String]) -> Arc<Vec<String>> {
    Arc::new(
        person_ids
            .iter()
            .enumerate()
            .map(|(i, id)| format!("http://{}/persons/{id}", nodes[i % nodes.len()]))
            .collect(),
    )
}

/// One Concord node: its own pool on the database, served as `concord serve` serves it.
async fn node(url: &str, pool_size: u32) -> anyhow::Result<SocketAddr> {
    serve_app(app(url, pool_size).await?).await
}

/// The node that writes no audit events, in a build that can have one.
#[cfg(feature = "bench-unaudited")]
async fn unaudited_node(url: &str, pool_size: u32) -> anyhow::Result<Option<SocketAddr>> {
    Ok(Some(
        serve_app(app(url, pool_size).await?.without_audit()).await?,
    ))
}

/// A default build cannot serve without auditing: no such node.
#[cfg(not(feature = "bench-unaudited"))]
async fn unaudited_node(_url: &str, _pool_size: u32) -> anyhow::Result<Option<SocketAddr>> {
    Ok(None)
}

async fn app(url: &str, pool_size: u32) -> anyhow::Result<App> {
    let db = Db::connect_pooled(url, Some(pool_size))
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(App::new(db, Clock::system(), AppSettings::default()))
}

/// Serve `app` as `concord serve` serves it.
async fn serve_app(app: App) -> anyhow::Result<SocketAddr> {
    serve(concord_web::router(
        app,
        concord_web::WebConfig {
            secure_cookies: false,
            hsts_max_age: None,
            trust_forwarded_for: false,
            ..Default::default()
        },
    ))
    .await
}

/// Listen on a free loopback port and serve `router` there until the runtime stops. With
/// the peer's address, as `concord serve` does: sign-in is throttled per address, and
/// without it every client would be one "unknown" address (a cost per connection only).
async fn serve(router: Router) -> anyhow::Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        if let Err(e) = axum::serve(listener, service).await {
            tracing::error!(error = %e, "a bench server stopped");
        }
    });
    Ok(addr)
}

impl Drop for Servers {
    fn drop(&mut self) {
        // Dropping a runtime blocks, which an async context may not do; this does not.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}
