//! The decisions on a MAPPA case: screening a referral to a level, the periodic review,
//! and the exit from MAPPA.

use axum::extract::{Path, State};
use axum::response::Response;
use concord_app::{MappaExitForm, MappaReviewForm, ScreeningForm};
use concord_domain::{MappaReferralId, PersonId};

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::forms::{text, Values};
use crate::pages::parse_id;
use crate::AppState;

use super::submit;

/// The screening decision on a referral: the level, the rationale, and whether the
/// case is critical public protection.
pub struct ScreeningPost {
    pub screening: ScreeningForm,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for ScreeningPost {
    fn from_values(values: &Values) -> Self {
        Self {
            screening: ScreeningForm {
                level: text(values, "level"),
                rationale: text(values, "rationale"),
                critical_public_protection: text(values, "critical_public_protection"),
            },
            entered: values.clone(),
        }
    }
}

pub async fn screen(
    State(state): State<AppState>,
    Path((id, referral)): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<ScreeningPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let referral = MappaReferralId(parse_id(&referral)?);
    let actor = &user.0.actor;
    submit(
        &state,
        &user,
        person,
        form.entered,
        "screened",
        &[("referral", "level"), ("record", "level")],
        state
            .app
            .mappa()
            .screen_mappa_referral(actor, person, referral, &form.screening)
            .await,
    )
    .await
}

/// A review of a MAPPA case's level.
pub struct LevelReviewPost {
    pub mappa_review: MappaReviewForm,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for LevelReviewPost {
    fn from_values(values: &Values) -> Self {
        Self {
            mappa_review: MappaReviewForm {
                level: text(values, "review_level"),
                rationale: text(values, "review_rationale"),
                critical_public_protection: text(values, "review_cppc"),
            },
            entered: values.clone(),
        }
    }
}

pub async fn review(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<LevelReviewPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let actor = &user.0.actor;
    submit(
        &state,
        &user,
        person,
        form.entered,
        "reviewed",
        &[
            ("level", "review_level"),
            ("rationale", "review_rationale"),
            ("critical_public_protection", "review_cppc"),
            ("record", "review_level"),
        ],
        state
            .app
            .mappa()
            .review_mappa_case(actor, person, &form.mappa_review)
            .await,
    )
    .await
}

/// Why a MAPPA case ends.
pub struct ExitPost {
    pub mappa_exit: MappaExitForm,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for ExitPost {
    fn from_values(values: &Values) -> Self {
        Self {
            mappa_exit: MappaExitForm {
                reason: text(values, "reason"),
                rationale: text(values, "exit_rationale"),
            },
            entered: values.clone(),
        }
    }
}

pub async fn exit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<ExitPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let actor = &user.0.actor;
    submit(
        &state,
        &user,
        person,
        form.entered,
        "ended",
        &[("rationale", "exit_rationale"), ("record", "reason")],
        state
            .app
            .mappa()
            .end_mappa_case(actor, person, &form.mappa_exit)
            .await,
    )
    .await
}
