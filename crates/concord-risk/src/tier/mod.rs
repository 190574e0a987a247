//! Probation tiering (hmpps-tier): the current single-letter tier and the legacy
//! protect × change tier. Both are pure functions of their inputs and of `today`.

pub mod current;
pub mod legacy;

use std::borrow::Cow;

use serde::Serialize;

pub use current::{calculate_tier, DcSrp, DcSrpBand, PredictorType, Tier, TierRequest, TierResult};
pub use legacy::{
    legacy_tier, ComplexityFactor, LegacyTier, LegacyTierInput, MappaLevel, Need, NeedSeverity,
    ProtectLevel,
};

/// Tier input that cannot be used, naming the field (answered as 422 by the API).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{field}: {message}")]
pub struct TierInputError {
    pub field: &'static str,
    pub message: Cow<'static, str>,
}

impl TierInputError {
    pub fn missing(field: &'static str) -> Self {
        Self {
            field,
            message: Cow::Borrowed("is required"),
        }
    }

    pub fn invalid(field: &'static str, message: &'static str) -> Self {
        Self {
            field,
            message: Cow::Borrowed(message),
        }
    }
}
