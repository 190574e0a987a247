//! The decisions on a MAPPA case: screening a referral to a level, the periodic review,
//! and the exit from MAPPA.

use axum::extract::{Path, State};
use axum::response::Response;
use concord_app::{MappaExitForm, MappaReviewForm, ScreeningForm};
use concord_domain::{MappaReferralId, PersonId};

use crate::checked_form::CheckedForm;
use crate::error::PageError;
use crate::forms::v;
use crate::pages::parse_id;
use crate::AppState;

use super::submit;

pub async fn screen(
    State(state): State<AppState>,
    Path((id, referral)): Path<(String, String)>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let referral = parse_id(&referral)?;
    let form = ScreeningForm {
        level: v(&values, "level").into(),
        rationale: v(&values, "rationale").into(),
        critical_public_protection: v(&values, "critical_public_protection").into(),
    };
    let actor = &user.0.actor;
    submit(
        &state,
        &user,
        person,
        values,
        "screened",
        &[("referral", "level"), ("record", "level")],
        state
            .app
            .screen_mappa_referral(actor, person, MappaReferralId(referral), &form)
            .await,
    )
    .await
}

pub async fn review(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let form = MappaReviewForm {
        level: v(&values, "review_level").into(),
        rationale: v(&values, "review_rationale").into(),
        critical_public_protection: v(&values, "review_cppc").into(),
    };
    let actor = &user.0.actor;
    submit(
        &state,
        &user,
        person,
        values,
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

pub async fn exit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let form = MappaExitForm {
        reason: v(&values, "reason").into(),
        rationale: v(&values, "exit_rationale").into(),
    };
    let actor = &user.0.actor;
    submit(
        &state,
        &user,
        person,
        values,
        "ended",
        &[("rationale", "exit_rationale"), ("record", "reason")],
        state.app.end_mappa_case(actor, person, &form).await,
    )
    .await
}
