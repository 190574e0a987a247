//! Actuarial risk predictors, tiering, RoSH levels and the DASH checklist for Concord.
//!
//! This crate owns the arithmetic of risk: it turns facts about a person into scores, bands
//! and levels, and says which factor contributed how much. It is pure: no I/O, no async, no
//! clock (dates such as "today" are arguments), no database or web framework. It depends on
//! `concord-domain` only for the offence catalogue. The formulas, rounding and validation
//! messages are those published for the MoJ services (docs: `domain/hmpps-services.md`,
//! `domain/rules.md`, `domain/predictor-api.md`); each module's doc says where the text
//! was ambiguous and which reading it implements.
//!
//! # Public API
//!
//! Risk scores (`POST /api/v1/risk-scores`):
//! - [`RiskScoreRequest`]: the flat request; every field optional, snake_case.
//! - [`compute`]: every predictor at once → [`RiskScoreResponse`]
//!   `{ogrs3, ogp, ovp, osp_dc, osp_iic, snsv, rsr}`, each a [`PredictorResult`]
//!   `{algorithm, type, model_version, thresholds_version, output, feature_values,
//!   validation_errors}`. Never panics; a predictor that cannot be computed has null outputs
//!   and says why ([`ValidationError`] `{type, message, fields}`).
//! - One function per predictor: [`ogrs3()`], [`ogp()`], [`ovp()`], [`osp_dc()`],
//!   [`osp_iic()`], [`snsv()`], and [`rsr()`] (combining the last three).
//! - [`rounding`]: HALF_UP rounding of doubles and the two percentage conventions.
//!
//! Tiering:
//! - [`tier::calculate_tier`]: the current single-letter tier (A–G, `NOT_SUPERVISED`,
//!   `MISSING`, provisional flag, reasons) from a [`tier::TierRequest`]
//!   (`POST /api/v1/tier`); bad input is a [`tier::TierInputError`] naming the field.
//! - [`tier::legacy_tier`]: the legacy protect level A–D × change level 0–3 (e.g. `"B2"`).
//!
//! Conformance:
//! - [`conformance`]: runs request/expected pairs (a reference set of the MoJ service's
//!   answers) against the engine and names each difference by JSON path.
//!
//! Checklists and levels:
//! - [`dash`]: the DASH risk identification checklist (27-question police and 24-question
//!   SafeLives versions), its scoring, and the four MARAC referral criteria.
//! - [`rosh`]: Risk of Serious Harm levels with their official definitions, risk groups, and
//!   the overall level (the highest across groups).
//! - [`remit`]: which probation organisation manages a case of a given risk, and when a
//!   signed review proposes moving it ([`remit::transfer_on_review`]).

pub mod conformance;
pub mod dash;
mod history;
pub mod lenient;
pub mod ogp;
pub mod ogrs3;
pub mod osp;
pub mod ovp;
pub mod remit;
pub mod request;
pub mod response;
pub mod rosh;
pub mod rounding;
pub mod rsr;
pub mod snsv;
pub mod tier;
pub mod validation;

#[cfg(test)]
mod tests;

pub use ogp::ogp;
pub use ogrs3::ogrs3;
pub use osp::{osp_dc, osp_iic};
pub use ovp::ovp;
pub use request::{
    Gender, MotivationLevel, PreviousConviction, ProblemLevel, RequestVersion, RiskScoreRequest,
    StaticOrDynamic, SupervisionStatus, YesSometimesNo,
};
pub use response::{
    Algorithm, Band, FeatureValues, OgpOutput, Ogrs3Output, OspDcOutput, OspIicOutput, OvpOutput,
    PredictorResult, RiskScoreResponse, RsrComponentScores, RsrOutput, ScoreType, SnsvOutput,
};
pub use rosh::{RiskGroup, RoshLevel};
pub use rsr::rsr;
pub use snsv::snsv;
pub use validation::{ValidationError, ValidationErrorType};

/// Computes every predictor the request allows. Each predictor validates its own inputs;
/// one predictor's problems never stop another.
pub fn compute(req: &RiskScoreRequest) -> RiskScoreResponse {
    let ogrs3 = ogrs3(req);
    let snsv = snsv(req);
    let osp_dc = osp_dc(req);
    let osp_iic = osp_iic(req);
    RiskScoreResponse {
        ogp: ogp(req, &ogrs3),
        ogrs3,
        ovp: ovp(req),
        rsr: rsr(req, snsv.clone(), osp_dc.clone(), osp_iic.clone()),
        osp_dc,
        osp_iic,
        snsv,
    }
}
