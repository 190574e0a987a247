//! Risk: the compute-only calculators compatible with the MoJ risk actuarial service
//! (service accounts; no personal data), and a person's stored risk assessments.

use axum::extract::{Path, State};
use axum::Json;
use concord_risk::tier::TierRequest;
use concord_risk::RiskScoreRequest;
use serde::de::DeserializeOwned;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::body::JsonBody;
use crate::error::{ApiError, ApiErrorEnvelope};
use crate::session::ApiUser;
use crate::AppState;

/// The request must be a JSON object whose fields have the documented types; a field of
/// the wrong type is a 400 naming it (the MoJ service's contract), and a predictor's own
/// validation problems come back inside its result.
fn typed<T: DeserializeOwned>(body: serde_json::Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(body).map_err(|e| {
        let path = e.path().to_string();
        let message = if path == "." {
            format!("The body must be a JSON object: {}", e.inner())
        } else {
            format!("Field {path}: {}", e.inner())
        };
        ApiError::new(400, "invalid_body", &message)
    })
}

/// Every predictor the inputs allow: OGRS3, OGP, OVP, OSP-DC, OSP-IIC, SNSV and RSR, each
/// with its band, every feature value and its validation errors, in the shape of the MoJ
/// risk actuarial service (docs/risk.md). Holds no personal data: nothing is stored.
#[utoipa::path(post, path = "/api/v1/risk-scores", security(("bearer" = [])),
    request_body(content = Object, description = "RiskScoreRequest: every field optional, snake_case (docs/risk.md)"),
    responses((status = 200, body = Object, description = "{ogrs3, ogp, ovp, osp_dc, osp_iic, snsv, rsr}, each {algorithm, type, model_version, thresholds_version, output, feature_values, validation_errors}"),
        (status = 400, body = ApiErrorEnvelope), (status = 401, body = ApiErrorEnvelope), (status = 403, body = ApiErrorEnvelope)))]
pub async fn risk_scores(
    State(state): State<AppState>,
    user: ApiUser,
    JsonBody(body): JsonBody<serde_json::Value>,
) -> Result<Json<concord_risk::RiskScoreResponse>, ApiError> {
    let request: RiskScoreRequest = typed(body)?;
    let response = state
        .app
        .assess()
        .compute_risk_scores(&user.session.actor, &request)
        .await?;
    // Serialised as it is, not through `serde_json::Value` (which sorts keys): the key
    // order is the service's.
    Ok(Json(response))
}

/// The current single-letter tier (A–G, NOT_SUPERVISED or MISSING, with the provisional
/// flag and the reasons) from its inputs. Input no rule covers is a 422 naming the field.
#[utoipa::path(post, path = "/api/v1/tier", security(("bearer" = [])),
    request_body(content = Object, description = "TierRequest (docs/risk.md)"),
    responses((status = 200, body = Object, description = "{tier, provisional, reasons}"),
        (status = 400, body = ApiErrorEnvelope), (status = 401, body = ApiErrorEnvelope), (status = 403, body = ApiErrorEnvelope), (status = 422, body = ApiErrorEnvelope)))]
pub async fn tier(
    State(state): State<AppState>,
    user: ApiUser,
    JsonBody(body): JsonBody<serde_json::Value>,
) -> Result<Json<concord_risk::tier::TierResult>, ApiError> {
    let request: TierRequest = typed(body)?;
    let tier = state
        .app
        .assess()
        .compute_tier(&user.session.actor, &request)
        .await?;
    Ok(Json(tier))
}

/// One stored risk of serious harm review.
#[derive(Serialize, ToSchema)]
pub struct AssessmentDto {
    pub id: Uuid,
    /// draft or signed.
    pub status: String,
    pub started_at: chrono::DateTime<chrono::Utc>,
    pub signed_at: Option<chrono::DateTime<chrono::Utc>>,
    pub signed_by: Option<String>,
    /// LOW, MEDIUM, HIGH or VERY_HIGH.
    pub overall_rosh: Option<String>,
    /// Risk group → level.
    #[schema(value_type = Object)]
    pub rosh_levels: std::collections::BTreeMap<String, String>,
    pub tier: Option<String>,
    pub review_due_on: Option<chrono::NaiveDate>,
    /// The predictors as computed (signed: as signed), in the risk-scores shape.
    #[schema(value_type = Object)]
    pub scores: serde_json::Value,
}

/// A person's risk of serious harm reviews, oldest first (audited as consultations).
#[utoipa::path(get, path = "/api/v1/persons/{id}/risk-assessments", params(("id" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 200, body = [AssessmentDto]), (status = 401, body = ApiErrorEnvelope), (status = 404, body = ApiErrorEnvelope)))]
pub async fn assessments(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<AssessmentDto>>, ApiError> {
    let person = concord_domain::PersonId(
        Uuid::parse_str(&id).map_err(|_| ApiError::new(404, "not_found", "Not found"))?,
    );
    let actor = &user.session.actor;
    // One use case, one consultation in the audit trail, however many reviews.
    let reviews = state.app.assess().risk_reviews(actor, person).await?;
    let mut out = vec![];
    for r in &reviews {
        out.push(AssessmentDto {
            id: r.id.as_uuid(),
            status: r.status.code().into(),
            started_at: r.started_at,
            signed_at: r.signed_at,
            signed_by: r.signed_by.clone(),
            overall_rosh: r.overall.map(concord_app::level_code),
            rosh_levels: r.rosh.levels.clone(),
            tier: r.tier.as_ref().map(|t| t.code.clone()),
            review_due_on: r.review_due_on,
            scores: r.scores_json.clone(),
        });
    }
    Ok(Json(out))
}

/// One answer on a DASH checklist.
#[derive(Serialize, ToSchema)]
pub struct DashAnswerDto {
    /// The number on the form used.
    pub number: u8,
    pub question: String,
    /// YES, NO, DONT_KNOW; null when unanswered or restricted.
    pub answer: Option<String>,
    /// A question about the victim herself: answered only for readers of the victim section.
    pub about_victim: bool,
}

/// One completed DASH checklist.
#[derive(Serialize, ToSchema)]
pub struct DashDto {
    pub id: Uuid,
    /// POLICE (27 questions) or SAFE_LIVES (24).
    pub version: String,
    pub completed_at: chrono::DateTime<chrono::Utc>,
    pub completed_by: String,
    pub yes_count: u32,
    /// STANDARD, MEDIUM or HIGH, from the count.
    pub suggested_level: String,
    /// After professional judgement, which may raise it only.
    pub level: String,
    pub raised_by_professional_judgement: bool,
    /// VISIBLE_HIGH_RISK, PROFESSIONAL_JUDGEMENT, POTENTIAL_ESCALATION, REPEAT_REFERRAL.
    pub marac_criteria: Vec<String>,
    pub refer_to_marac: bool,
    /// Who the checklist is about; null for readers without the victim section.
    pub victim: Option<String>,
    pub victim_restricted: bool,
    pub answers: Vec<DashAnswerDto>,
}

fn code<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// A person's DASH checklists, newest first (audited as consultations).
#[utoipa::path(get, path = "/api/v1/persons/{id}/dash-checklists", params(("id" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 200, body = [DashDto]), (status = 401, body = ApiErrorEnvelope), (status = 404, body = ApiErrorEnvelope)))]
pub async fn dash_checklists(
    State(state): State<AppState>,
    user: ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<DashDto>>, ApiError> {
    let person = concord_domain::PersonId(
        Uuid::parse_str(&id).map_err(|_| ApiError::new(404, "not_found", "Not found"))?,
    );
    let actor = &user.session.actor;
    let history = state.app.assess().risk_history(actor, person).await?;
    let mut out = vec![];
    for row in &history.dash {
        let d = state
            .app
            .assess()
            .dash_checklist(actor, person, row.id)
            .await?;
        out.push(DashDto {
            id: d.id.as_uuid(),
            version: code(&d.version),
            completed_at: d.completed_at,
            completed_by: d.completed_by.clone(),
            yes_count: d.score.yes_count,
            suggested_level: code(&d.score.suggested_level),
            level: code(&d.score.level),
            raised_by_professional_judgement: d.score.raised_by_professional_judgement,
            marac_criteria: d.marac.criteria.iter().map(code).collect(),
            refer_to_marac: d.marac.refer,
            victim: d.victim.clone(),
            victim_restricted: d.victim_restricted,
            answers: d
                .questions
                .iter()
                .map(|q| DashAnswerDto {
                    number: q.number,
                    question: q.text.clone(),
                    answer: q.answer.as_ref().map(code),
                    about_victim: q.about_victim,
                })
                .collect(),
        });
    }
    Ok(Json(out))
}
