//! Nullable columns read into domain types. sqlx's `try_from` names one type to decode
//! and converts it; for a nullable column that type must be an `Option`, but
//! `TryFrom<Option<String>> for Option<Level>` is an impl of a foreign trait on foreign
//! types, which the orphan rule forbids. A store-local wrapper around the `Option` makes
//! the impl local (`impl From<Local> for Option<Foreign>` is allowed), and the pure crates
//! stay free of sqlx.

use concord_domain::{
    AgencyId, AssessmentId, ComplianceEventId, EnforcementActionId, LicenceId, MappaRecordId,
    MeetingId, PersonId, ReferralId, ScreeningId, TaskId, TeamId, UserId, VictimId, ZoneId,
};
use concord_mappa::Level;
use uuid::Uuid;

/// A nullable code column (`level_decided`, …), read as text and then into its enum.
#[derive(Debug, sqlx::Type)]
#[sqlx(transparent)]
pub struct OptCode(Option<String>);

/// `TryFrom<OptCode> for Option<$t>` for code enums with `TryFrom<String>`.
macro_rules! opt_code {
    ($($t:ty),+ $(,)?) => {$(
        impl TryFrom<OptCode> for Option<$t> {
            type Error = <$t as TryFrom<String>>::Error;
            fn try_from(c: OptCode) -> Result<Self, Self::Error> {
                c.0.map(<$t>::try_from).transpose()
            }
        }
    )+};
}

opt_code!(
    Level,
    concord_partners::Closure,
    concord_partners::Engagement,
    concord_partners::DbsLevel
);

/// A nullable id column (`screened_by`, …), read as a UUID and then into its typed id.
#[derive(Debug, sqlx::Type)]
#[sqlx(transparent)]
pub struct OptUuid(Option<Uuid>);

/// `From<OptUuid> for Option<$t>` for the typed ids (each has `From<Uuid>`); sqlx's
/// `try_from` then takes the infallible conversion.
macro_rules! opt_id {
    ($($t:ty),+ $(,)?) => {$(
        impl From<OptUuid> for Option<$t> {
            fn from(u: OptUuid) -> Self {
                u.0.map(<$t>::from)
            }
        }
    )+};
}

opt_id!(
    PersonId,
    UserId,
    AgencyId,
    TeamId,
    MappaRecordId,
    MeetingId,
    VictimId,
    LicenceId,
    TaskId,
    EnforcementActionId,
    AssessmentId,
    ReferralId,
    ScreeningId,
    ZoneId,
    ComplianceEventId
);
