//! The partner services API, for providers' own case management systems: the referrals
//! sent to the caller's service, one referral with what it shares, and the provider's
//! steps (accept, decline, assign, plan, sessions, end-of-service report, withdrawal).
//! The same use cases as the pages, so the same access decisions (a provider reaches only
//! its own referrals; anyone else's is 404), validation (422 naming each field) and audit.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use concord_app::{DateInput, EndReportInput, PlanInput, SessionInput};
use concord_domain::{PersonId, ServiceReferralId};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::body::JsonBody;
use super::dto::CreatedResponse;
use crate::error::{ApiError, ApiErrorEnvelope};
use crate::session::ApiUser;
use crate::AppState;

fn ids(id: &str, referral: &str) -> Result<(PersonId, ServiceReferralId), ApiError> {
    let parse =
        |s: &str| Uuid::parse_str(s).map_err(|_| ApiError::new(404, "not_found", "Not found"));
    Ok((PersonId(parse(id)?), parse(referral)?.into()))
}

fn done() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

/// Which referrals: `mine` (the caller's and the unassigned, the default) or `all`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ReferralsQuery {
    #[serde(default)]
    pub scope: Option<String>,
}

/// The open referrals sent to the caller's service, overdue first contact first.
#[utoipa::path(get, path = "/api/v1/referrals", params(ReferralsQuery), security(("bearer" = [])),
    responses((status = 200, body = Object, description = "[{person_id, person_name, referral: {id, person_id, service, provider, status, needs, sent_on, first_contact_due, first_contact_on, caseworker, sessions, attended, closure, closed_on, due, overdue}}]"),
        (status = 401, body = ApiErrorEnvelope)))]
pub async fn referrals(
    State(state): State<AppState>,
    user: ApiUser,
    Query(q): Query<ReferralsQuery>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let mine = q.scope.as_deref() != Some("all");
    let items = state
        .app
        .partners()
        .provider_referrals(&user.session.actor, mine)
        .await?;
    Ok(Json(serde_json::json!(items)))
}

/// One referral: what it asks, the person's shared sections (only those), the action
/// plan, the sessions and the end-of-service report.
#[utoipa::path(get, path = "/api/v1/persons/{id}/referrals/{service_referral}", params(("id" = Uuid, Path), ("service_referral" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 200, body = Object, description = "{summary, officer, reason, shared: {name, date_of_birth, addresses, markers, offences, sections}, decline_reason, close_reason, plan, plan_approved_on, end_report, sessions: [{id, held_on, attendance, engagement, notes, recorded_by}], by_provider, caseworkers}"),
        (status = 401, body = ApiErrorEnvelope), (status = 404, body = ApiErrorEnvelope)))]
pub async fn referral(
    State(state): State<AppState>,
    user: ApiUser,
    Path((id, referral)): Path<(String, String)>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let (person, referral) = ids(&id, &referral)?;
    let d = state
        .app
        .partners()
        .referral(&user.session.actor, person, referral)
        .await?;
    Ok(Json(serde_json::json!(d)))
}

/// Accept a referral sent to the caller's service.
#[utoipa::path(post, path = "/api/v1/persons/{id}/referrals/{service_referral}/accept", params(("id" = Uuid, Path), ("service_referral" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ApiErrorEnvelope), (status = 404, body = ApiErrorEnvelope), (status = 409, body = ApiErrorEnvelope), (status = 422, body = ApiErrorEnvelope)))]
pub async fn accept(
    State(state): State<AppState>,
    user: ApiUser,
    Path((id, referral)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (person, referral) = ids(&id, &referral)?;
    state
        .app
        .partners()
        .accept_referral(&user.session.actor, person, referral)
        .await?;
    Ok(done())
}

/// A reason: declining, or recording that the person withdrew.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonRequest {
    pub reason: String,
}

#[utoipa::path(post, path = "/api/v1/persons/{id}/referrals/{service_referral}/decline", params(("id" = Uuid, Path), ("service_referral" = Uuid, Path)), request_body = ReasonRequest, security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ApiErrorEnvelope), (status = 404, body = ApiErrorEnvelope), (status = 422, body = ApiErrorEnvelope)))]
pub async fn decline(
    State(state): State<AppState>,
    user: ApiUser,
    Path((id, referral)): Path<(String, String)>,
    JsonBody(req): JsonBody<ReasonRequest>,
) -> Result<Response, ApiError> {
    let (person, referral) = ids(&id, &referral)?;
    state
        .app
        .partners()
        .decline_referral(&user.session.actor, person, referral, &req.reason)
        .await?;
    Ok(done())
}

#[utoipa::path(post, path = "/api/v1/persons/{id}/referrals/{service_referral}/withdraw", params(("id" = Uuid, Path), ("service_referral" = Uuid, Path)), request_body = ReasonRequest, security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ApiErrorEnvelope), (status = 404, body = ApiErrorEnvelope), (status = 422, body = ApiErrorEnvelope)))]
pub async fn withdraw(
    State(state): State<AppState>,
    user: ApiUser,
    Path((id, referral)): Path<(String, String)>,
    JsonBody(req): JsonBody<ReasonRequest>,
) -> Result<Response, ApiError> {
    let (person, referral) = ids(&id, &referral)?;
    state
        .app
        .partners()
        .end_referral(&user.session.actor, person, referral, true, &req.reason)
        .await?;
    Ok(done())
}

/// The caseworker: a username or user id of the provider's own staff.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignRequest {
    pub caseworker: String,
}

#[utoipa::path(post, path = "/api/v1/persons/{id}/referrals/{service_referral}/caseworker", params(("id" = Uuid, Path), ("service_referral" = Uuid, Path)), request_body = AssignRequest, security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ApiErrorEnvelope), (status = 404, body = ApiErrorEnvelope), (status = 422, body = ApiErrorEnvelope)))]
pub async fn assign(
    State(state): State<AppState>,
    user: ApiUser,
    Path((id, referral)): Path<(String, String)>,
    JsonBody(req): JsonBody<AssignRequest>,
) -> Result<Response, ApiError> {
    let (person, referral) = ids(&id, &referral)?;
    state
        .app
        .partners()
        .assign_caseworker(&user.session.actor, person, referral, &req.caseworker)
        .await?;
    Ok(done())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveRequest {
    /// A need code: accommodation, ete, finance, relationships, lifestyle, drugs,
    /// alcohol, emotional_wellbeing, thinking_and_behaviour, attitudes.
    pub need: String,
    pub objective: String,
}

/// The provider's action plan; it waits for the officer's approval.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanRequest {
    pub objectives: Vec<ObjectiveRequest>,
    pub activities: String,
    pub sessions_planned: u32,
}

#[utoipa::path(put, path = "/api/v1/persons/{id}/referrals/{service_referral}/plan", params(("id" = Uuid, Path), ("service_referral" = Uuid, Path)), request_body = PlanRequest, security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ApiErrorEnvelope), (status = 404, body = ApiErrorEnvelope), (status = 422, body = ApiErrorEnvelope)))]
pub async fn plan(
    State(state): State<AppState>,
    user: ApiUser,
    Path((id, referral)): Path<(String, String)>,
    JsonBody(req): JsonBody<PlanRequest>,
) -> Result<Response, ApiError> {
    let (person, referral) = ids(&id, &referral)?;
    let input = PlanInput {
        objectives: req
            .objectives
            .into_iter()
            .map(|o| (o.need, o.objective))
            .collect(),
        activities: req.activities,
        sessions_planned: req.sessions_planned.to_string(),
    };
    state
        .app
        .partners()
        .submit_plan(&user.session.actor, person, referral, &input)
        .await?;
    Ok(done())
}

/// A session: its date (ISO), attendance (attended, late, did_not_attend), engagement
/// (good, some, poor; empty when not attended) and notes.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionRequest {
    pub held_on: String,
    pub attendance: String,
    #[serde(default)]
    pub engagement: String,
    pub notes: String,
}

#[utoipa::path(post, path = "/api/v1/persons/{id}/referrals/{service_referral}/sessions", params(("id" = Uuid, Path), ("service_referral" = Uuid, Path)), request_body = SessionRequest, security(("bearer" = [])),
    responses((status = 201, body = CreatedResponse), (status = 403, body = ApiErrorEnvelope), (status = 404, body = ApiErrorEnvelope), (status = 422, body = ApiErrorEnvelope)))]
pub async fn session(
    State(state): State<AppState>,
    user: ApiUser,
    Path((id, referral)): Path<(String, String)>,
    JsonBody(req): JsonBody<SessionRequest>,
) -> Result<Response, ApiError> {
    let (person, referral) = ids(&id, &referral)?;
    let input = SessionInput {
        held_on: DateInput::text(req.held_on),
        attendance: req.attendance,
        engagement: req.engagement,
        notes: req.notes,
    };
    let id = state
        .app
        .partners()
        .record_session(&user.session.actor, person, referral, &input)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedResponse { id: id.as_uuid() }),
    )
        .into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeRequest {
    /// achieved, partially_achieved or not_achieved.
    pub achieved: String,
    #[serde(default)]
    pub note: String,
}

/// The end-of-service report: an outcome per objective of the approved plan, in order.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndReportRequest {
    pub summary: String,
    pub outcomes: Vec<OutcomeRequest>,
    #[serde(default)]
    pub further_work: String,
}

#[utoipa::path(post, path = "/api/v1/persons/{id}/referrals/{service_referral}/end-report", params(("id" = Uuid, Path), ("service_referral" = Uuid, Path)), request_body = EndReportRequest, security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ApiErrorEnvelope), (status = 404, body = ApiErrorEnvelope), (status = 422, body = ApiErrorEnvelope)))]
pub async fn end_report(
    State(state): State<AppState>,
    user: ApiUser,
    Path((id, referral)): Path<(String, String)>,
    JsonBody(req): JsonBody<EndReportRequest>,
) -> Result<Response, ApiError> {
    let (person, referral) = ids(&id, &referral)?;
    let input = EndReportInput {
        summary: req.summary,
        outcomes: req
            .outcomes
            .into_iter()
            .map(|o| (o.achieved, o.note))
            .collect(),
        further_work: req.further_work,
    };
    state
        .app
        .partners()
        .submit_end_report(&user.session.actor, person, referral, &input)
        .await?;
    Ok(done())
}
