use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use concord_domain::PersonId;
use serde::Deserialize;
use uuid::Uuid;

use super::body::JsonBody;
use super::dto::{
    AddressRequest, ChangeDetailsRequest, CreatedResponse, PersonResponse, RegisterPersonRequest,
    SearchResponse, SessionRequest, SessionResponse,
};
use crate::error::{ApiError, ApiErrorEnvelope};
use crate::session::ApiUser;
use crate::AppState;

fn person_id(s: &str) -> Result<PersonId, ApiError> {
    Uuid::parse_str(s)
        .map(PersonId)
        .map_err(|_| ApiError::new(404, "not_found", "Not found"))
}

/// End the session whose bearer token (or browser cookie) made the call: the token is
/// refused from then on.
#[utoipa::path(delete, path = "/api/v1/session", security(("bearer" = [])),
    responses((status = 204, description = "Signed out"), (status = 401, body = ApiErrorEnvelope)))]
pub async fn end_session(
    State(state): State<AppState>,
    _user: ApiUser,
    headers: axum::http::HeaderMap,
) -> Result<StatusCode, ApiError> {
    let token = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string())
        .or_else(|| crate::session::cookie(&headers, crate::session::SESSION_COOKIE))
        .ok_or(ApiError::from(concord_app::AppError::Unauthenticated))?;
    state.app.accounts().sign_out(&token).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sign in and receive a bearer token.
#[utoipa::path(post, path = "/api/v1/session", request_body = SessionRequest,
    responses((status = 201, body = SessionResponse), (status = 401, body = ApiErrorEnvelope), (status = 429, body = ApiErrorEnvelope)))]
pub async fn create_session(
    State(state): State<AppState>,
    source: crate::session::SourceAddress,
    JsonBody(req): JsonBody<SessionRequest>,
) -> Result<Response, ApiError> {
    let s = state
        .app
        .accounts()
        .sign_in_from(&req.username, &req.password, &source.0)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(SessionResponse {
            token: s.token,
            expires_at: s.expires_at,
        }),
    )
        .into_response())
}

/// A person's record (audited as a consultation).
#[utoipa::path(get, path = "/api/v1/persons/{id}", params(("id" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 200, body = PersonResponse), (status = 401, body = ApiErrorEnvelope), (status = 404, body = ApiErrorEnvelope)))]
pub async fn get_person(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<PersonResponse>, ApiError> {
    let record = state
        .app
        .people()
        .view_person(&user.session.actor, person_id(&id)?)
        .await?;
    Ok(Json(record.into()))
}

/// Register a person; every field is validated and nothing is saved if any is wrong.
#[utoipa::path(post, path = "/api/v1/persons", request_body = RegisterPersonRequest, security(("bearer" = [])),
    responses((status = 201, body = CreatedResponse), (status = 400, body = ApiErrorEnvelope), (status = 422, body = ApiErrorEnvelope)))]
pub async fn register_person(
    State(state): State<AppState>,
    user: ApiUser,
    JsonBody(req): JsonBody<RegisterPersonRequest>,
) -> Result<Response, ApiError> {
    let id = state
        .app
        .people()
        .register_person(&user.session.actor, &req.input())
        .await?;
    Ok((StatusCode::CREATED, Json(CreatedResponse { id: id.0 })).into_response())
}

/// Correct the core details. `version` must be the version last read, else 409.
#[utoipa::path(put, path = "/api/v1/persons/{id}/details", params(("id" = Uuid, Path)), request_body = ChangeDetailsRequest, security(("bearer" = [])),
    responses((status = 204), (status = 409, body = ApiErrorEnvelope), (status = 422, body = ApiErrorEnvelope)))]
pub async fn change_details(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<ChangeDetailsRequest>,
) -> Result<StatusCode, ApiError> {
    state
        .app
        .people()
        .change_person_details(
            &user.session.actor,
            person_id(&id)?,
            req.version,
            &req.details.input(),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Add an address; a new current address ends the previous one.
#[utoipa::path(post, path = "/api/v1/persons/{id}/addresses", params(("id" = Uuid, Path)), request_body = AddressRequest, security(("bearer" = [])),
    responses((status = 201, body = CreatedResponse), (status = 422, body = ApiErrorEnvelope)))]
pub async fn add_address(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<AddressRequest>,
) -> Result<Response, ApiError> {
    let id = state
        .app
        .people()
        .add_address(&user.session.actor, person_id(&id)?, &req.input())
        .await?;
    Ok((StatusCode::CREATED, Json(CreatedResponse { id: id.0 })).into_response())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct SearchParams {
    /// A name (partial, any case or accents), a date of birth, or an identifier in any
    /// common formatting.
    #[serde(default)]
    pub q: String,
}

/// Search the register; each result says why it matched.
#[utoipa::path(get, path = "/api/v1/search", params(SearchParams), security(("bearer" = [])),
    responses((status = 200, body = SearchResponse), (status = 422, body = ApiErrorEnvelope)))]
pub async fn search(
    State(state): State<AppState>,
    user: ApiUser,
    Query(params): Query<SearchParams>,
) -> Result<Json<SearchResponse>, ApiError> {
    Ok(Json(
        state
            .app
            .people()
            .search_persons(&user.session.actor, &params.q)
            .await?
            .into(),
    ))
}
