//! The decisions on a MAPPA case: screening a referral to a level, the periodic review,
//! and the exit from MAPPA.

use axum::extract::{Path, State};
use axum::response::Response;
use concord_app::{MappaExitForm, MappaReviewForm, ScreeningForm};
use concord_domain::PersonId;

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::forms::text;
use crate::forms::Values;
use crate::pages::parse_id;
use crate::AppState;

use super::submit;

/// The screening decision on a referral: the level, the rationale, and whether the
/// case is critical public protection.
pub struct ScreeningPost {
    pub level: String,
    pub rationale: String,
    pub critical_public_protection: String,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for ScreeningPost {
    fn from_values(values: &Values) -> Self {
        Self {
            level: text(values, "level"),
            rationale: text(values, "rationale"),
            critical_public_protection: text(values, "critical_public_protection"),
            entered: values.clone(),
        }
    }
}

pub async fn screen(
    State(state): State<AppState>,
    Path((id, referral)): Path<(String, String)>,
    CheckedForm { user, form: posted }: CheckedForm<ScreeningPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let referral = parse_id(&referral)?;
    let form = ScreeningForm {
        level: posted.level.clone(),
        rationale: posted.rationale.clone(),
        critical_public_protection: posted.critical_public_protection.clone(),
    };
    let actor = &user.0.actor;
    submit(
        &state,
        &user,
        person,
        posted.entered,
        "screened",
        &[("referral", "level"), ("record", "level")],
        state
            .app
            .screen_mappa_referral(actor, person, referral, &form)
            .await,
    )
    .await
}

/// A review of a MAPPA case's level.
pub struct LevelReviewPost {
    pub review_level: String,
    pub review_rationale: String,
    pub review_cppc: String,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for LevelReviewPost {
    fn from_values(values: &Values) -> Self {
        Self {
            review_level: text(values, "review_level"),
            review_rationale: text(values, "review_rationale"),
            review_cppc: text(values, "review_cppc"),
            entered: values.clone(),
        }
    }
}

pub async fn review(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form: posted }: CheckedForm<LevelReviewPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let form = MappaReviewForm {
        level: posted.review_level.clone(),
        rationale: posted.review_rationale.clone(),
        critical_public_protection: posted.review_cppc.clone(),
    };
    let actor = &user.0.actor;
    submit(
        &state,
        &user,
        person,
        posted.entered,
        "reviewed",
        &[
            ("level", "review_level"),
            ("rationale", "review_rationale"),
            ("critical_public_protection", "review_cppc"),
            ("record", "review_level"),
        ],
        state.app.review_mappa_case(actor, person, &form).await,
    )
    .await
}

/// Why a MAPPA case ends.
pub struct ExitPost {
    pub reason: String,
    pub exit_rationale: String,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for ExitPost {
    fn from_values(values: &Values) -> Self {
        Self {
            reason: text(values, "reason"),
            exit_rationale: text(values, "exit_rationale"),
            entered: values.clone(),
        }
    }
}

pub async fn exit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form: posted }: CheckedForm<ExitPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let form = MappaExitForm {
        reason: posted.reason.clone(),
        rationale: posted.exit_rationale.clone(),
    };
    let actor = &user.0.actor;
    submit(
        &state,
        &user,
        person,
        posted.entered,
        "ended",
        &[("rationale", "exit_rationale"), ("record", "reason")],
        state.app.end_mappa_case(actor, person, &form).await,
    )
    .await
}
