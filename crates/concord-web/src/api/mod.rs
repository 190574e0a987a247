//! The JSON API under `/api/v1`, with the same access decisions and audit as the pages
//! (it calls the same use cases), and its OpenAPI 3.1 document at `/api/openapi.json`,
//! generated from these handlers and types.

mod body;
mod dto;
mod em;
mod manage;
mod partners;
mod persons;
mod risk;

use axum::routing::{get, post, put};
use axum::{Json, Router};
use utoipa::OpenApi;

use crate::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Concord API", version = "1", description = "Multi-agency public protection: the person register, risk assessments, licences, zones and address checks, and referrals to partner services for providers' own systems. Every call is decided by the access policy and written to the audit chain. Authenticate with POST /api/v1/session and send `Authorization: Bearer <token>`."),
    paths(persons::create_session, persons::end_session, persons::get_person, persons::register_person, persons::change_details, persons::add_address, persons::search, risk::risk_scores, risk::tier, risk::assessments, risk::dash_checklists,
        manage::licences, manage::create_licence, manage::add_condition, manage::licence_action, manage::zones, manage::add_zone, manage::address_checks, manage::check_address,
        partners::referrals, partners::referral, partners::accept, partners::decline, partners::withdraw, partners::assign, partners::plan, partners::session, partners::end_report,
        em::submit_fixes),
    components(schemas(
        dto::SessionRequest, dto::SessionResponse, dto::PersonResponse, dto::IdentifierDto, dto::AliasDto, dto::AddressDto,
        dto::OffenceDto, dto::SentenceDto, dto::MarkerDto, dto::RegisterPersonRequest, dto::DetailsRequest, dto::IdentifierRequest,
        dto::AddressRequest, dto::AliasRequest, dto::OffenceRequest, dto::SentenceRequest, dto::MarkerRequest, dto::EventRequest, dto::ChangeDetailsRequest, dto::SearchResponse, dto::SearchHitDto, dto::CreatedResponse, risk::AssessmentDto, risk::DashDto, risk::DashAnswerDto,
        manage::LicenceRequest, manage::ConditionRequest, manage::LicenceActionRequest, manage::ZoneRequest, manage::CircleRequest, manage::AddressCheckRequest,
        partners::ReasonRequest, partners::AssignRequest, partners::ObjectiveRequest, partners::PlanRequest, partners::SessionRequest, partners::OutcomeRequest, partners::EndReportRequest, em::FixesResponse, em::FixesRequest, em::FixDto,
        crate::error::ApiErrorEnvelope, crate::error::ApiErrorBody, crate::error::ApiFieldError
    )),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

async fn api_not_found() -> crate::error::ApiError {
    crate::error::ApiError::new(404, "not_found", "No such API endpoint")
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route(
            "/v1/session",
            post(persons::create_session).delete(persons::end_session),
        )
        .route("/v1/persons", post(persons::register_person))
        .route("/v1/persons/{id}", get(persons::get_person))
        .route("/v1/persons/{id}/details", put(persons::change_details))
        .route("/v1/persons/{id}/addresses", post(persons::add_address))
        .route("/v1/search", get(persons::search))
        .route("/v1/em/fixes", post(em::submit_fixes))
        .route("/v1/risk-scores", post(risk::risk_scores))
        .route("/v1/tier", post(risk::tier))
        .route("/v1/persons/{id}/risk-assessments", get(risk::assessments))
        .route(
            "/v1/persons/{id}/dash-checklists",
            get(risk::dash_checklists),
        )
        .route(
            "/v1/persons/{id}/licences",
            get(manage::licences).post(manage::create_licence),
        )
        .route(
            "/v1/persons/{id}/licences/{version_id}/conditions",
            post(manage::add_condition),
        )
        .route(
            "/v1/persons/{id}/licences/{version_id}/actions",
            post(manage::licence_action),
        )
        .route(
            "/v1/persons/{id}/zones",
            get(manage::zones).post(manage::add_zone),
        )
        .route(
            "/v1/persons/{id}/address-checks",
            get(manage::address_checks).post(manage::check_address),
        )
        .route("/v1/referrals", get(partners::referrals))
        .route(
            "/v1/persons/{id}/referrals/{service_referral}",
            get(partners::referral),
        )
        .route(
            "/v1/persons/{id}/referrals/{service_referral}/accept",
            post(partners::accept),
        )
        .route(
            "/v1/persons/{id}/referrals/{service_referral}/decline",
            post(partners::decline),
        )
        .route(
            "/v1/persons/{id}/referrals/{service_referral}/withdraw",
            post(partners::withdraw),
        )
        .route(
            "/v1/persons/{id}/referrals/{service_referral}/caseworker",
            post(partners::assign),
        )
        .route(
            "/v1/persons/{id}/referrals/{service_referral}/plan",
            put(partners::plan),
        )
        .route(
            "/v1/persons/{id}/referrals/{service_referral}/sessions",
            post(partners::session),
        )
        .route(
            "/v1/persons/{id}/referrals/{service_referral}/end-report",
            post(partners::end_report),
        )
        .fallback(api_not_found)
}
