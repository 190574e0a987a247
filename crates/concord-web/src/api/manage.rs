//! The Manage API: licences with their versions, conditions and timeline; zones as
//! GeoJSON; address checks. The same use cases as the pages, so the same access
//! decisions, validation (422 naming each field) and audit.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use concord_app::{AddressCheckForm, ConditionForm, LicenceForm, ZoneForm};
use concord_domain::LicenceVersionId;
use concord_domain::PersonId;
use concord_licence::LicenceAction;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::body::JsonBody;
use super::dto::CreatedResponse;
use crate::error::{ApiError, ApiErrorEnvelope};
use crate::session::ApiUser;
use crate::AppState;

fn person_id(s: &str) -> Result<PersonId, ApiError> {
    Uuid::parse_str(s)
        .map(PersonId)
        .map_err(|_| ApiError::new(404, "not_found", "Not found"))
}

fn uuid(s: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(s).map_err(|_| ApiError::new(404, "not_found", "Not found"))
}

fn created(id: Uuid) -> Response {
    (StatusCode::CREATED, Json(CreatedResponse { id })).into_response()
}

/// Every version of the person's licences (newest first) with numbered, worded
/// conditions, what each variation changed, the actions the caller may take, and the
/// timeline.
#[utoipa::path(get, path = "/api/v1/persons/{id}/licences", params(("id" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 200, body = Object, description = "{person_id, person_name, versions: [{id, licence_id, version_number, status, type_code, release_date, licence_end_date, …, conditions: [{id, number, code, text, kind, policy, params}], changes: [{kind, code, before, after, summary}], actions}], timeline: [{at, by, event, version_number, reason, detail}], may_create}"),
        (status = 401, body = ApiErrorEnvelope), (status = 404, body = ApiErrorEnvelope)))]
pub async fn licences(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let view = state
        .app
        .manage()
        .licences(&user.session.actor, person_id(&id)?)
        .await?;
    Ok(Json(serde_json::json!(view)))
}

/// A new licence's type and key dates (ISO or day/month/year).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LicenceRequest {
    /// AP, PSS or AP_PSS.
    pub type_code: String,
    pub release_date: String,
    pub licence_end_date: String,
    #[serde(default)]
    pub sentence_end_date: String,
    #[serde(default)]
    pub top_up_end_date: String,
    #[serde(default)]
    pub hdc_start_date: String,
    #[serde(default)]
    pub hdc_end_date: String,
}

/// Draft a licence with the standard conditions of its type.
#[utoipa::path(post, path = "/api/v1/persons/{id}/licences", params(("id" = Uuid, Path)), request_body = LicenceRequest, security(("bearer" = [])),
    responses((status = 201, body = CreatedResponse), (status = 403, body = ApiErrorEnvelope), (status = 422, body = ApiErrorEnvelope)))]
pub async fn create_licence(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<LicenceRequest>,
) -> Result<Response, ApiError> {
    let form = LicenceForm {
        type_code: req.type_code,
        release_date: req.release_date,
        licence_end_date: req.licence_end_date,
        sentence_end_date: req.sentence_end_date,
        top_up_end_date: req.top_up_end_date,
        hdc_start_date: req.hdc_start_date,
        hdc_end_date: req.hdc_end_date,
    };
    let id = state
        .app
        .manage()
        .create_licence(&user.session.actor, person_id(&id)?, &form)
        .await?;
    Ok(created(id.as_uuid()))
}

/// An additional or bespoke condition from the catalogue, for a draft at `version`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConditionRequest {
    /// The catalogue code, e.g. ADD-CURFEW.
    pub code: String,
    /// Parameter values by name, e.g. {"address": "…", "start": "19:00", "end": "07:00"}.
    #[serde(default)]
    pub params: BTreeMap<String, String>,
    /// The licence version's `version` last read (409 if it has changed).
    pub version: i64,
}

#[utoipa::path(post, path = "/api/v1/persons/{id}/licences/{version_id}/conditions", params(("id" = Uuid, Path), ("version_id" = Uuid, Path)), request_body = ConditionRequest, security(("bearer" = [])),
    responses((status = 201, body = CreatedResponse), (status = 409, body = ApiErrorEnvelope), (status = 422, body = ApiErrorEnvelope)))]
pub async fn add_condition(
    State(state): State<AppState>,
    user: ApiUser,
    Path((id, version_id)): Path<(String, String)>,
    JsonBody(req): JsonBody<ConditionRequest>,
) -> Result<Response, ApiError> {
    let form = ConditionForm {
        code: req.code,
        params: req.params,
    };
    let id = state
        .app
        .manage()
        .add_licence_condition(
            &user.session.actor,
            person_id(&id)?,
            uuid(&version_id)?.into(),
            req.version,
            &form,
        )
        .await?;
    Ok(created(id))
}

/// A lifecycle action on a licence version.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LicenceActionRequest {
    /// SUBMIT, APPROVE, REJECT, ACTIVATE, BACK_TO_IN_PROGRESS, START_VARIATION,
    /// SUBMIT_VARIATION, APPROVE_VARIATION or REJECT_VARIATION.
    #[schema(value_type = String)]
    pub action: LicenceAction,
    /// The version's `version` last read (not needed to start a variation).
    #[serde(default)]
    pub version: i64,
    /// Required to reject or to start a variation.
    #[serde(default)]
    pub reason: String,
}

/// Submit, approve (a second, senior officer), reject, activate, or start a variation
/// (201 with the new version's id).
#[utoipa::path(post, path = "/api/v1/persons/{id}/licences/{version_id}/actions", params(("id" = Uuid, Path), ("version_id" = Uuid, Path)), request_body = LicenceActionRequest, security(("bearer" = [])),
    responses((status = 204), (status = 201, body = CreatedResponse), (status = 409, body = ApiErrorEnvelope), (status = 422, body = ApiErrorEnvelope)))]
pub async fn licence_action(
    State(state): State<AppState>,
    user: ApiUser,
    Path((id, version_id)): Path<(String, String)>,
    JsonBody(req): JsonBody<LicenceActionRequest>,
) -> Result<Response, ApiError> {
    let (person, version_id) = (person_id(&id)?, LicenceVersionId::from(uuid(&version_id)?));
    let actor = &user.session.actor;
    if req.action == LicenceAction::StartVariation {
        let id = state
            .app
            .manage()
            .start_licence_variation(actor, person, version_id, &req.reason)
            .await?;
        return Ok(created(id.as_uuid()));
    }
    state
        .app
        .manage()
        .act_on_licence(
            actor,
            person,
            version_id,
            req.version,
            req.action,
            &req.reason,
        )
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// The person's zones as a GeoJSON FeatureCollection: each feature's properties carry
/// its id, kind, name, written description and time windows; a zone without a map has
/// a null geometry. A zone round a victim's home (`round_victim`) is `withheld` from
/// those without the victim section: null geometry and area, no times, and a description
/// that says only what it is.
#[utoipa::path(get, path = "/api/v1/persons/{id}/zones", params(("id" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 200, body = Object, description = "GeoJSON FeatureCollection"), (status = 401, body = ApiErrorEnvelope), (status = 404, body = ApiErrorEnvelope)))]
pub async fn zones(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let zones = state
        .app
        .manage()
        .zones(&user.session.actor, person_id(&id)?)
        .await?;
    let features: Vec<serde_json::Value> = zones
        .iter()
        .map(|z| {
            serde_json::json!({
                "type": "Feature",
                "geometry": z.geometry,
                "properties": {
                    "id": z.id, "kind": z.kind, "name": z.name, "description": z.description,
                    "windows": z.windows, "retired": z.retired, "area_m2": z.area_m2,
                    "round_victim": z.round_victim, "withheld": z.withheld,
                }
            })
        })
        .collect();
    Ok(Json(
        serde_json::json!({"type": "FeatureCollection", "features": features}),
    ))
}

/// A circle round a point, instead of a drawn shape.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CircleRequest {
    pub latitude: f64,
    pub longitude: f64,
    pub radius_metres: f64,
}

/// A zone: always a written description; optionally a GeoJSON geometry or a circle.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ZoneRequest {
    /// exclusion or inclusion.
    pub kind: String,
    pub name: String,
    pub description: String,
    /// A GeoJSON Polygon, MultiPolygon, Feature or FeatureCollection (longitude, latitude).
    #[schema(value_type = Object)]
    #[serde(default)]
    pub geometry: Option<serde_json::Value>,
    #[serde(default)]
    pub circle: Option<CircleRequest>,
    /// "HH:MM-HH:MM" windows, comma-separated; empty for always (exclusion zones only).
    #[serde(default)]
    pub windows: String,
    /// The victim whose home the zone is drawn round (needs the victim section): its map
    /// is then withheld from everyone without that section.
    #[serde(default)]
    pub victim: Option<Uuid>,
}

#[utoipa::path(post, path = "/api/v1/persons/{id}/zones", params(("id" = Uuid, Path)), request_body = ZoneRequest, security(("bearer" = [])),
    responses((status = 201, body = CreatedResponse), (status = 422, body = ApiErrorEnvelope, description = "the geometry's problems, each with its code and path")))]
pub async fn add_zone(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<ZoneRequest>,
) -> Result<Response, ApiError> {
    let form = ZoneForm {
        kind: req.kind,
        name: req.name,
        description: req.description,
        geojson: req.geometry.map(|g| g.to_string()).unwrap_or_default(),
        circle_latitude: req
            .circle
            .as_ref()
            .map(|c| c.latitude.to_string())
            .unwrap_or_default(),
        circle_longitude: req
            .circle
            .as_ref()
            .map(|c| c.longitude.to_string())
            .unwrap_or_default(),
        circle_radius_metres: req
            .circle
            .as_ref()
            .map(|c| c.radius_metres.to_string())
            .unwrap_or_default(),
        windows: req.windows,
        victim: req.victim.map(|v| v.to_string()).unwrap_or_default(),
    };
    let id = state
        .app
        .manage()
        .add_zone(&user.session.actor, person_id(&id)?, &form)
        .await?;
    Ok(created(id.as_uuid()))
}

/// The person's address checks with their findings and outcomes.
#[utoipa::path(get, path = "/api/v1/persons/{id}/address-checks", params(("id" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 200, body = Object, description = "[{id, purpose, address, location, outcome, findings: {refusals, zones, victim_restriction, unmeasured}, victim_findings (null without the victim section), police_check, childrens_services_check, home_visit, decided}]"),
        (status = 401, body = ApiErrorEnvelope), (status = 404, body = ApiErrorEnvelope)))]
pub async fn address_checks(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let checks = state
        .app
        .manage()
        .address_checks(&user.session.actor, person_id(&id)?)
        .await?;
    Ok(Json(serde_json::json!(checks)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddressCheckRequest {
    /// release, curfew or approved_premises.
    pub purpose: String,
    /// Ending with its postcode, the address is placed at the postcode's centre when no
    /// latitude and longitude are given.
    pub address: String,
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
}

/// Check a proposed address against the zones and victims' homes: 201; read the
/// outcome (refused with reasons, or pending the safeguarding checks) from the list.
#[utoipa::path(post, path = "/api/v1/persons/{id}/address-checks", params(("id" = Uuid, Path)), request_body = AddressCheckRequest, security(("bearer" = [])),
    responses((status = 201, body = CreatedResponse), (status = 422, body = ApiErrorEnvelope)))]
pub async fn check_address(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
    JsonBody(req): JsonBody<AddressCheckRequest>,
) -> Result<Response, ApiError> {
    let form = AddressCheckForm {
        purpose: req.purpose,
        address: req.address,
        latitude: req.latitude.map(|v| v.to_string()).unwrap_or_default(),
        longitude: req.longitude.map(|v| v.to_string()).unwrap_or_default(),
    };
    let id = state
        .app
        .manage()
        .check_address(&user.session.actor, person_id(&id)?, &form)
        .await?;
    Ok(created(id.as_uuid()))
}
