//! Concord's HTTP surface: server-rendered pages, the JSON API under `/api/v1`, the
//! OpenAPI document, sessions, CSRF and security headers.
//!
//! Owns: turning requests into use-case calls and use-case results into HTML or JSON.
//! Handlers never touch the database: they call `concord-app`, which decides access and
//! audits. Input is parsed into domain values by the use cases; this layer only carries
//! strings to them and maps their errors to statuses and error summaries.

mod api;
mod assets;
mod audit_misses;
mod checked_form;
mod error;
mod format;
mod forms;
mod headers;
mod keep_alive;
mod load_shed;
pub mod metrics;
mod observe;
mod pages;
mod session;
pub mod sso;

use std::sync::Arc;

use axum::routing::{get, post};
use axum::Router;
use concord_app::App;

pub use error::PageError;

/// Web settings from configuration.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure`. Always on in production; browsers also accept Secure
    /// cookies from http://localhost, so the demo works without TLS.
    pub secure_cookies: bool,
    /// The demo's training clock: when set, administrators may move "today" forward at
    /// /training-clock. Never set by `concord serve`.
    pub training_clock: Option<concord_app::TrainingClock>,
    /// `Strict-Transport-Security` max-age in seconds, sent on every response when set:
    /// on by default when the service is reached over HTTPS (see the CLI's `public_url`
    /// and `hsts` settings), so a browser never again tries it over plain HTTP.
    pub hsts_max_age: Option<u64>,
    /// Take the client's address from `X-Forwarded-For` (only behind a proxy that sets
    /// it): sign-in is throttled per address.
    pub trust_forwarded_for: bool,
    /// Requests this node serves at once; past it, it answers 503 with `Retry-After` at
    /// once instead of queueing (see `load_shed`).
    pub max_in_flight: usize,
    /// The node's request figures, read by the metrics endpoint ([`metrics_router`]).
    pub metrics: metrics::Metrics,
    /// The single sign-on providers (none by default: local passwords only).
    pub sso: Arc<sso::SsoProviders>,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            secure_cookies: true,
            training_clock: None,
            hsts_max_age: None,
            trust_forwarded_for: false,
            max_in_flight: DEFAULT_MAX_IN_FLIGHT,
            metrics: metrics::Metrics::default(),
            sso: Arc::new(sso::SsoProviders::none()),
        }
    }
}

/// The operators' router, for its own address (`metrics_bind`), never the public one:
/// `/metrics` (Prometheus), `/health` and `/ready` with the failing checks' reasons.
pub fn metrics_router(app: App, metrics: metrics::Metrics) -> Router {
    Router::new()
        .route(
            "/metrics",
            get(
                move |axum::extract::State(app): axum::extract::State<App>| {
                    let metrics = metrics.clone();
                    async move {
                        (
                            [(
                                axum::http::header::CONTENT_TYPE,
                                "text/plain; version=0.0.4; charset=utf-8",
                            )],
                            metrics.render(&app),
                        )
                    }
                },
            ),
        )
        .route("/health", get(pages::health))
        .route(
            "/ready",
            get(
                |axum::extract::State(app): axum::extract::State<App>| async move {
                    pages::readiness(&app, true).await
                },
            ),
        )
        .with_state(app)
}

/// Requests a node serves at once by default: at a thousand requests a second, a quarter
/// of a second's work queued, beyond which waiting helps no one.
pub const DEFAULT_MAX_IN_FLIGHT: usize = 256;

#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub config: Arc<WebConfig>,
}

/// The whole application as a router: pages, API, assets, health, 404 fallback, with
/// security headers on every response and a request log that carries no personal data.
pub fn router(app: App, config: WebConfig) -> Router {
    let csp = headers::csp(&app.settings().map_tile_url);
    let hsts = config.hsts_max_age.map(headers::hsts);
    let in_flight = load_shed::InFlight::new(config.max_in_flight.max(1));
    let metrics = config.metrics.clone();
    let state = AppState {
        app,
        config: Arc::new(config),
    };
    Router::new()
        .route("/", get(pages::home))
        .route("/health", get(pages::health))
        .route("/ready", get(pages::ready))
        .route(
            "/sign-in",
            get(pages::accounts::sign_in::show).post(pages::accounts::sign_in::submit),
        )
        .route("/sign-out", post(pages::accounts::sign_in::sign_out))
        .route("/sign-in/sso/{provider}", get(pages::accounts::sso::start))
        .route(
            "/sign-in/sso/{provider}/callback",
            get(pages::accounts::sso::callback),
        )
        .route(
            "/sign-in/sso/{provider}/back-channel-logout",
            post(pages::accounts::sso::back_channel_logout),
        )
        .route("/accounts/waiting", get(pages::accounts::waiting::show))
        .route(
            "/accounts/waiting/activate",
            post(pages::accounts::waiting::activate),
        )
        .route("/session/keep-alive", post(keep_alive::keep_alive))
        .route("/cases", get(pages::people::caseload::show))
        .route("/search", get(pages::people::search::show))
        .route(
            "/persons/new",
            get(pages::people::register::new_person_form)
                .post(pages::people::register::new_person_submit),
        )
        .route("/persons/{id}", get(pages::people::record::show))
        .route(
            "/persons/{id}/chronology",
            get(pages::people::chronology::chronology),
        )
        .route(
            "/persons/{id}/history",
            get(pages::people::history::history),
        )
        .route(
            "/persons/{id}/details",
            get(pages::people::details::details_form).post(pages::people::details::details_submit),
        )
        .route(
            "/persons/{id}/addresses/new",
            get(pages::people::addresses::address_new_form)
                .post(pages::people::addresses::address_new_submit),
        )
        .route(
            "/persons/{id}/addresses/{address}/edit",
            get(pages::people::addresses::address_edit_form)
                .post(pages::people::addresses::address_edit_submit),
        )
        .route(
            "/persons/{id}/shares/new",
            get(pages::sharing::shares::share_form).post(pages::sharing::shares::share_submit),
        )
        .route(
            "/persons/{id}/shares/{share}/revoke",
            post(pages::sharing::shares::revoke_share),
        )
        .route(
            "/persons/{id}/break-glass",
            get(pages::sharing::break_glass::break_glass_form)
                .post(pages::sharing::break_glass::break_glass_submit),
        )
        .route(
            "/governance/break-glass",
            get(pages::sharing::break_glass_review::review_queue),
        )
        .route(
            "/governance/break-glass/{id}",
            post(pages::sharing::break_glass_review::review_submit),
        )
        .route("/board", get(pages::mappa_oversight::board::board))
        .route("/duplicates", get(pages::identify::duplicates::queue))
        .route(
            "/duplicates/{id}",
            get(pages::identify::pair::pair).post(pages::identify::pair::decide),
        )
        .route(
            "/persons/{id}/links/{link}/unlink",
            post(pages::identify::unlink::unlink),
        )
        .route(
            "/persons/{id}/{part}/new",
            get(pages::people::parts::part_form).post(pages::people::parts::part_submit),
        )
        .route(
            "/persons/{id}/markers/{marker}/remove",
            post(pages::people::markers::remove_marker),
        )
        .route(
            "/persons/{id}/risk",
            get(pages::assess::history).post(pages::assess::start),
        )
        .route("/persons/{id}/risk/{review}", get(pages::assess::review))
        .route(
            "/persons/{id}/risk/{review}/facts",
            get(pages::assess::facts_form).post(pages::assess::facts_submit),
        )
        .route(
            "/persons/{id}/risk/{review}/answers",
            get(pages::assess::answers_form).post(pages::assess::answers_submit),
        )
        .route(
            "/persons/{id}/risk/{review}/rosh",
            get(pages::assess::rosh_form).post(pages::assess::rosh_submit),
        )
        .route(
            "/persons/{id}/risk/{review}/acknowledge",
            post(pages::assess::acknowledge),
        )
        .route(
            "/persons/{id}/risk/{review}/sign",
            post(pages::assess::sign),
        )
        .route("/persons/{id}/dash", post(pages::assess::dash::submit))
        .route("/persons/{id}/dash/new", get(pages::assess::dash::new_form))
        .route("/persons/{id}/dash/{dash}", get(pages::assess::dash::show))
        .route(
            "/persons/{id}/licence",
            get(pages::manage::licence::show).post(pages::manage::licence::create),
        )
        .route(
            "/persons/{id}/licence/{version}/act",
            post(pages::manage::licence::act),
        )
        .route(
            "/persons/{id}/licence/{version}/print",
            get(pages::manage::licence::print),
        )
        .route(
            "/persons/{id}/licence/{version}/appointment",
            get(pages::manage::licence::appointment_show)
                .post(pages::manage::licence::appointment_save),
        )
        .route(
            "/persons/{id}/licence/{version}/conditions/new",
            get(pages::manage::licence::condition_new)
                .post(pages::manage::licence::condition_choose),
        )
        .route(
            "/persons/{id}/licence/{version}/conditions",
            post(pages::manage::licence::condition_add),
        )
        .route(
            "/persons/{id}/licence/{version}/conditions/{condition}",
            get(pages::manage::licence::condition_edit)
                .post(pages::manage::licence::condition_change),
        )
        .route(
            "/persons/{id}/licence/{version}/conditions/{condition}/remove",
            post(pages::manage::licence::condition_remove),
        )
        .route(
            "/persons/{id}/documents",
            get(pages::people::documents::show)
                .post(pages::people::documents::attach)
                .layer(axum::extract::DefaultBodyLimit::max(
                    concord_app::MAX_ATTACHMENT_BYTES + 64 * 1024,
                )),
        )
        .route(
            "/persons/{id}/documents/{document}",
            get(pages::people::documents::open),
        )
        .route(
            "/persons/{id}/zones",
            get(pages::manage::zones::show).post(pages::manage::zones::add_zone),
        )
        .route(
            "/persons/{id}/compliance",
            get(pages::manage::compliance::show).post(pages::manage::compliance::record),
        )
        .route(
            "/persons/{id}/compliance/diary",
            post(pages::manage::diary::book),
        )
        .route(
            "/persons/{id}/compliance/diary/{appointment}",
            get(pages::manage::diary::show),
        )
        .route(
            "/persons/{id}/compliance/diary/{appointment}/outcome",
            post(pages::manage::diary::record_outcome),
        )
        .route(
            "/persons/{id}/compliance/diary/{appointment}/cancel",
            post(pages::manage::diary::cancel),
        )
        .route(
            "/persons/{id}/compliance/events/{event}/decide",
            post(pages::manage::compliance::decide_failure),
        )
        .route(
            "/persons/{id}/compliance/recalls",
            post(pages::manage::recalls::request_recall),
        )
        .route(
            "/persons/{id}/compliance/recalls/{recall}/decide",
            post(pages::manage::recalls::decide_recall),
        )
        .route(
            "/persons/{id}/compliance/recalls/{recall}/returned",
            post(pages::manage::recalls::returned),
        )
        .route("/persons/{id}/monitoring", get(pages::monitoring::show))
        .route(
            "/persons/{id}/monitoring/tags",
            post(pages::monitoring::fit),
        )
        .route(
            "/persons/{id}/monitoring/tags/{tag}/remove",
            post(pages::monitoring::remove),
        )
        .route(
            "/persons/{id}/approved-premises",
            get(pages::premises::show),
        )
        .route(
            "/persons/{id}/approved-premises/applications",
            post(pages::premises::apply),
        )
        .route(
            "/persons/{id}/approved-premises/applications/{application}/withdraw",
            post(pages::premises::withdraw),
        )
        .route(
            "/persons/{id}/approved-premises/applications/{application}/assessment",
            post(pages::premises::assess),
        )
        .route(
            "/persons/{id}/approved-premises/applications/{application}/places",
            get(pages::premises_unit::places),
        )
        .route(
            "/persons/{id}/approved-premises/applications/{application}/booking",
            post(pages::premises_unit::book),
        )
        .route(
            "/persons/{id}/approved-premises/bookings/{booking}/arrival",
            post(pages::premises_stay::arrival),
        )
        .route(
            "/persons/{id}/approved-premises/bookings/{booking}/non-arrival",
            post(pages::premises_stay::non_arrival),
        )
        .route(
            "/persons/{id}/approved-premises/bookings/{booking}/departure",
            post(pages::premises_stay::departure),
        )
        .route(
            "/persons/{id}/approved-premises/bookings/{booking}/register",
            post(pages::premises_stay::movement),
        )
        .route(
            "/persons/{id}/approved-premises/bookings/{booking}/missed-curfew",
            post(pages::premises_stay::missed_curfew),
        )
        .route(
            "/persons/{id}/approved-premises/bookings/{booking}/incidents",
            post(pages::premises_stay::incident),
        )
        .route(
            "/persons/{id}/approved-premises/bookings/{booking}/key-worker",
            post(pages::premises_stay::key_worker),
        )
        .route(
            "/persons/{id}/approved-premises/bookings/{booking}/cancellation",
            post(pages::premises_stay::cancel),
        )
        .route("/approved-premises", get(pages::premises_unit::directory))
        .route(
            "/approved-premises/occupancy.csv",
            get(pages::premises_unit::occupancy_csv),
        )
        .route(
            "/approved-premises/applications",
            get(pages::premises_unit::worklist),
        )
        .route(
            "/approved-premises/{premises}",
            get(pages::premises_beds::show),
        )
        .route(
            "/approved-premises/beds/{bed}/out-of-service",
            post(pages::premises_beds::out_of_service),
        )
        .route(
            "/approved-premises/beds/{bed}/in-service",
            post(pages::premises_beds::in_service),
        )
        .route("/monitoring/alerts", get(pages::monitoring_alerts::live))
        .route(
            "/monitoring/alerts/stream",
            get(pages::monitoring_alerts::stream),
        )
        .route(
            "/monitoring/alerts/{alert}",
            get(pages::monitoring_alerts::show),
        )
        .route(
            "/monitoring/alerts/{alert}/acknowledge",
            post(pages::monitoring_alerts::acknowledge),
        )
        .route(
            "/monitoring/alerts/{alert}/outcome",
            post(pages::monitoring_alerts::outcome),
        )
        .route(
            "/persons/{id}/disclosures",
            get(pages::manage::disclosures::show).post(pages::manage::disclosures::record),
        )
        .route("/mappa", get(pages::mappa_case::work))
        .route(
            "/training-clock",
            get(pages::accounts::training_clock::show)
                .post(pages::accounts::training_clock::advance),
        )
        .route("/persons/{id}/mappa", get(pages::mappa_case::show))
        .route(
            "/persons/{id}/mappa/eligibility",
            post(pages::mappa_case::confirm),
        )
        .route(
            "/persons/{id}/mappa/referrals",
            post(pages::mappa_case::refer),
        )
        .route(
            "/persons/{id}/mappa/referrals/{referral}/screen",
            post(pages::mappa_case::screen),
        )
        .route(
            "/persons/{id}/mappa/referrals/{referral}/print",
            get(pages::mappa_case::print_referral),
        )
        .route(
            "/persons/{id}/mappa/review",
            post(pages::mappa_case::review),
        )
        .route("/persons/{id}/mappa/exit", post(pages::mappa_case::exit))
        .route(
            "/persons/{id}/mappa/notification-period",
            post(pages::mappa_case::correct_notification),
        )
        .route(
            "/persons/{id}/mappa/category-3",
            post(pages::mappa_case::answer_category_3),
        )
        .route("/partners/services", get(pages::partners::directory))
        .route(
            "/partners/services/new",
            get(pages::partners::contract_form).post(pages::partners::add_contract),
        )
        .route("/partners/referrals", get(pages::partners::worklist))
        .route(pages::iom::CONCENTRATION, get(pages::iom::concentration))
        .route(
            pages::board_measures::MEASURES,
            get(pages::board_measures::measures),
        )
        .route(
            pages::board_measures::IMPORT,
            get(pages::board_measures::import_form).post(pages::board_measures::import),
        )
        .route(pages::iom_cohort::COHORT, get(pages::iom_cohort::cohort))
        .route(
            "/iom/cohort/{id}",
            get(pages::iom_cohort::person).post(pages::iom_cohort::decide),
        )
        .route(
            "/persons/{id}/iom",
            get(pages::iom_case::case).post(pages::iom_case::record_case),
        )
        .route("/persons/{id}/iom/tasks", post(pages::iom_case::add_task))
        .route(
            "/responsibility",
            get(pages::people::responsibility::transfers),
        )
        .route(
            "/persons/{id}/responsibility",
            get(pages::people::responsibility::responsibility),
        )
        .route(
            "/persons/{id}/responsibility/{move}/{step}",
            post(pages::people::responsibility::decide),
        )
        .route("/partners/figures", get(pages::partners::figures))
        .route("/partners/volunteers", get(pages::partners::volunteers))
        .route(
            "/partners/volunteers/new",
            get(pages::partners::new_volunteer_form).post(pages::partners::add_volunteer),
        )
        .route(
            "/partners/volunteers/{volunteer}",
            get(pages::partners::vetting_form).post(pages::partners::record_vetting),
        )
        .route("/persons/{id}/services", get(pages::partners::services))
        .route(
            "/persons/{id}/services/screening",
            get(pages::partners::screening_form).post(pages::partners::screening_submit),
        )
        .route(
            "/persons/{id}/services/refer",
            get(pages::partners::refer_form).post(pages::partners::refer_submit),
        )
        .route(
            "/persons/{id}/services/plan",
            get(pages::partners::action_plan),
        )
        .route(
            "/persons/{id}/services/plan/print",
            get(pages::partners::action_plan_print),
        )
        .route(
            "/persons/{id}/services/plan/items/new",
            get(pages::partners::item_form).post(pages::partners::item_submit),
        )
        .route(
            "/persons/{id}/services/plan/items/{item}",
            get(pages::partners::progress_form).post(pages::partners::progress_submit),
        )
        .route(
            "/persons/{id}/services/plan/review",
            get(pages::partners::review_form).post(pages::partners::review_submit),
        )
        .route(
            "/persons/{id}/services/referrals/{service_referral}",
            get(pages::partners::referral),
        )
        .route(
            "/persons/{id}/services/referrals/{service_referral}/volunteer/{step}",
            get(pages::partners::volunteer_form).post(pages::partners::volunteer_submit),
        )
        .route(
            "/persons/{id}/services/referrals/{service_referral}/{step}",
            get(pages::partners::step_form).post(pages::partners::step_submit),
        )
        .route(
            "/persons/{id}/mappa/plan",
            get(pages::mappa_plans::plan::show).post(pages::mappa_plans::plan::save),
        )
        .route(
            "/persons/{id}/mappa/plan/print",
            get(pages::mappa_plans::plan::print),
        )
        .route(
            "/persons/{id}/mappa/actions",
            get(pages::mappa_plans::actions::actions).post(pages::mappa_plans::actions::add_action),
        )
        .route(
            "/persons/{id}/mappa/actions/{action}",
            get(pages::mappa_plans::actions::edit_action)
                .post(pages::mappa_plans::actions::update_action),
        )
        .route(
            "/persons/{id}/victims/measures",
            post(pages::manage::victim_measures::add_measure),
        )
        .route(
            "/persons/{id}/mappa/sfo",
            get(pages::mappa_oversight::sfo::show).post(pages::mappa_oversight::sfo::record),
        )
        .route(
            "/persons/{id}/mappa/sfo/{sfo}/notified",
            post(pages::mappa_oversight::sfo::notified),
        )
        .route(
            "/persons/{id}/mappa/sfo/{sfo}/review",
            post(pages::mappa_oversight::sfo::review),
        )
        .route(
            "/persons/{id}/mappa/scr-export",
            get(pages::mappa_oversight::scr_export::scr_export),
        )
        .route(
            "/persons/{id}/mappa/transfer",
            get(pages::mappa_oversight::transfer::transfer_form)
                .post(pages::mappa_oversight::transfer::transfer),
        )
        .route(
            "/persons/{id}/mappa/transfers/{transfer}/bundle",
            get(pages::mappa_oversight::transfer::bundle),
        )
        .route(
            "/persons/{id}/mappa/orders",
            get(pages::mappa_oversight::orders::orders)
                .post(pages::mappa_oversight::orders::record_order),
        )
        .route(
            "/mappa/statistics",
            get(pages::mappa_oversight::statistics::show),
        )
        .route("/persons/{id}/victims", get(pages::manage::victims::show))
        .route(
            "/persons/{id}/victims/new",
            get(pages::manage::victims::new_form).post(pages::manage::victims::add),
        )
        .route(
            "/persons/{id}/victims/{victim}",
            get(pages::manage::victims::edit_form).post(pages::manage::victims::update),
        )
        .route(
            "/persons/{id}/victims/{victim}/link",
            post(pages::manage::victims::link),
        )
        .route(
            "/persons/{id}/zones/checks",
            post(pages::manage::address_checks::check),
        )
        .route(
            "/persons/{id}/zones/checks/{check}/safeguarding",
            post(pages::manage::address_checks::safeguarding),
        )
        .route(
            "/persons/{id}/tasks/{task}/done",
            post(pages::assess::task_done),
        )
        .route(
            "/mappa/meetings",
            get(pages::mappa_meetings::list).post(pages::mappa_meetings::schedule),
        )
        .route("/mappa/meetings/{id}", get(pages::mappa_meetings::show))
        .route(
            "/mappa/meetings/{id}/agenda",
            post(pages::mappa_meetings::build_agenda),
        )
        .route(
            "/mappa/meetings/{id}/agenda/add",
            post(pages::mappa_meetings::add_case),
        )
        .route(
            "/mappa/meetings/{id}/agenda/remove",
            post(pages::mappa_meetings::remove_case),
        )
        .route(
            "/mappa/meetings/{id}/agenda/print",
            get(pages::mappa_meetings::print_agenda),
        )
        .route(
            "/mappa/meetings/{id}/invitations",
            post(pages::mappa_meetings::invite),
        )
        .route(
            "/mappa/meetings/{id}/attendance",
            post(pages::mappa_meetings::attendance),
        )
        .route(
            "/mappa/meetings/{id}/open",
            post(pages::mappa_meetings::open),
        )
        .route(
            "/mappa/meetings/{id}/minutes/{person}",
            get(pages::mappa_meetings::show_minutes).post(pages::mappa_meetings::save_minutes),
        )
        .route(
            "/mappa/meetings/{id}/minutes/{person}/approve",
            post(pages::mappa_meetings::approve),
        )
        .route(
            "/mappa/meetings/{id}/minutes/{person}/distribute",
            post(pages::mappa_meetings::distribute),
        )
        .route(
            "/mappa/meetings/{id}/minutes/{person}/onward",
            post(pages::mappa_meetings::request_onward),
        )
        .route(
            "/mappa/meetings/{id}/minutes/{person}/onward/{request}",
            post(pages::mappa_meetings::decide_onward),
        )
        .route(
            "/mappa/meetings/{id}/minutes/{person}/print",
            get(pages::mappa_meetings::print_minutes),
        )
        .nest("/api", api::router())
        .route("/assets/{*path}", get(assets::serve))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            audit_misses::audit_misses,
        ))
        .layer(axum::middleware::from_fn(move |request, next| {
            headers::security_headers(csp.clone(), hsts.clone(), request, next)
        }))
        .layer(axum::middleware::from_fn(move |request, next| {
            observe::observe(metrics.clone(), request, next)
        }))
        // Outermost: a refused request costs the node almost nothing.
        .layer(axum::middleware::from_fn(move |request, next| {
            load_shed::shed(in_flight.clone(), request, next)
        }))
        .with_state(state)
}
