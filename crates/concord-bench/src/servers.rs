//! The servers under test, in this process on a runtime of their own (as many worker
//! threads as cores, as `concord serve` has), apart from the load generator's runtime:
//! the real Concord router over its own connection pool, served exactly as `concord
//! serve` serves it, a second such node on the same database (its own pool, its own audit
//! sealer: what a second `concord serve` would be, but sharing this machine's cores), and
//! a bare axum "hello" beside them as the machine's ceiling. A build with the
//! `bench-unaudited` feature adds a third node that writes no audit events, only to
//! measure what auditing costs.

use std::net::SocketAddr;

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
    /// A second node on the same database.
    pub concord_2: SocketAddr,
    /// A node on the same database that writes no audit events (`bench-unaudited` builds
    /// only; `None` otherwise).
    pub concord_unaudited: Option<SocketAddr>,
    pub hello: SocketAddr,
}

impl Servers {
    pub async fn start(database_url: &str) -> anyhow::Result<Servers> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .thread_name("bench-server")
            .enable_all()
            .build()
            .context("starting the servers' runtime")?;
        let url = database_url.to_string();
        let addrs = runtime
            .spawn(async move {
                let concord = node(&url).await?;
                let concord_2 = node(&url).await?;
                let unaudited = unaudited_node(&url).await?;
                let hello = serve(Router::new().route("/", get(|| async { "hello" }))).await?;
                Ok::<_, anyhow::Error>((concord, concord_2, unaudited, hello))
            })
            .await??;
        Ok(Servers {
            runtime: Some(runtime),
            concord: addrs.0,
            concord_2: addrs.1,
            concord_unaudited: addrs.2,
            hello: addrs.3,
        })
    }
}

/// One Concord node: its own pool on the database, served as `concord serve` serves it.
async fn node(url: &str) -> anyhow::Result<SocketAddr> {
    serve_app(app(url).await?).await
}

/// The node that writes no audit events, in a build that can have one.
#[cfg(feature = "bench-unaudited")]
async fn unaudited_node(url: &str) -> anyhow::Result<Option<SocketAddr>> {
    Ok(Some(serve_app(app(url).await?.without_audit()).await?))
}

/// A default build cannot serve without auditing: no such node.
#[cfg(not(feature = "bench-unaudited"))]
async fn unaudited_node(_url: &str) -> anyhow::Result<Option<SocketAddr>> {
    Ok(None)
}

async fn app(url: &str) -> anyhow::Result<App> {
    let db = Db::connect(url).await.map_err(|e| anyhow::anyhow!("{e}"))?;
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
