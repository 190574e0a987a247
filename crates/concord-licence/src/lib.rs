//! The rules of licences for Concord: the catalogue of licence conditions, their
//! validation and wording, curfews, variations, the licence status machine, enforcement
//! of warnings and the choice between fixed-term and standard recall.
//!
//! This crate is pure: no I/O, no async, no clock (dates such as "today" are arguments),
//! no database or web framework. It depends on chrono, serde, thiserror and concord-domain
//! (for its closed sets of stored codes) only, and must not depend on any adapter crate. Sources are `domain/rules.md` §6 (conditions, recall,
//! breach) and §7.1 (victim-related conditions), `domain/hmpps-services.md` §3.1 (Create
//! and Vary a Licence) and seed 002 (the case of Mr D). Each module's doc records the
//! decisions taken where those sources are silent.
//!
//! # Public API
//!
//! - [`catalogue`]: [`PolicyVersion`] (1.0 statutory, 4.0 current), [`LicenceType`] (AP,
//!   PSS, AP_PSS), [`ConditionSpec`] with its [`ParamSpec`]s; [`standard_conditions`],
//!   [`additional_conditions`], [`find`], and the bespoke spec [`BESPOKE`].
//! - [`conditions`]: a licence's [`Condition`]; [`validate_condition`] reports every
//!   problem at once as [`ConditionError`]s naming the field; [`render`] fills the wording.
//! - [`curfew`]: [`Curfew`], [`validate_curfew`], [`hours`], [`in_curfew`],
//!   [`describe_change`] ("Curfew relaxed from 19:00–07:00 to 21:00–06:00").
//! - [`variation`]: [`diff`] of two sets of conditions into [`ConditionChange`]s.
//! - [`status`]: [`transition`] through the [`LicenceStatus`] machine; the
//!   [`LicenceEvent`]s of a licence's timeline.
//! - [`enforcement`]: [`decide`] between a warning and a mandatory referral; the stored
//!   codes of compliance ([`ComplianceKind`], [`Attendance`]) and enforcement
//!   ([`EnforcementKind`], [`EnforcementStatus`]).
//! - [`recall`]: [`assess_recall`], fixed-term or standard recall with every criterion; a
//!   recall's [`RecallStatus`] and [`RecallKind`].
//! - [`values`]: times, dates and days of the week ([`Weekday`], Monday first).

pub mod catalogue;
pub mod conditions;
pub mod curfew;
pub mod enforcement;
pub mod recall;
pub mod status;
mod template;
pub mod values;
pub mod variation;

#[cfg(test)]
mod tests;

pub use catalogue::{
    additional_conditions, find, standard_conditions, ConditionKind, ConditionSpec, ConditionTag,
    LicenceType, ParamKind, ParamSpec, PolicyVersion, WordingSource, BESPOKE, CURRENT,
};
pub use conditions::{render, validate_condition, Condition, ConditionError, LicencePeriod};
pub use curfew::{
    curfew_from_condition, describe_change, hours, in_curfew, validate_curfew, Curfew,
};
pub use enforcement::{
    decide, warning_expires, AppointmentKind, Attendance, ComplianceKind, EnforcementDecision,
    EnforcementKind, EnforcementStatus, Failure, Outcome, Warning,
};
pub use recall::{
    assess_recall, Criterion, RecallAssessment, RecallFacts, RecallKind, RecallStatus, RecallType,
};
pub use status::{
    transition, LicenceAction, LicenceEvent, LicenceStatus, TransitionContext, TransitionError,
};
pub use values::Weekday;
pub use variation::{diff, ChangeKind, ConditionChange};
