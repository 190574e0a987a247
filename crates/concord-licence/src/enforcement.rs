//! Enforcement of a community order after a failure to comply (rules.md §6.4; Sentencing
//! Act 2020 Sch.10 para 6): a first unacceptable failure is met with a warning or a
//! referral; a further one within 12 months of a warning must be referred to an
//! enforcement officer for breach proceedings.
//!
//! Decisions:
//! - "Within 12 months from the date of the warning" runs from the day after the warning
//!   to the same date twelve months later, **inclusive** (the usual reading of "from a
//!   date"): a warning given on 1 March 2025 counts for failures up to and including
//!   1 March 2026, and not on 2 March 2026. [`warning_expires`] returns that last day.
//! - A warning given on 29 February expires on 28 February the next year (the month has
//!   no 29th).
//! - A warning given on the same day as the failure counts (an earlier failure that day
//!   was warned); warnings dated after the failure do not. Pass only warnings under the
//!   same order.
//! - Attending, or an absence accepted as reasonable, calls for no decision.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// How an appointment or requirement went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Outcome {
    Attended,
    /// An absence with a reasonable excuse: not a failure.
    AcceptableAbsence,
    /// A failure without reasonable excuse.
    UnacceptableAbsence,
}

/// An unacceptable failure to comply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    pub on: NaiveDate,
}

/// A warning given under the order (it must be recorded, Sch.10 para 6(5)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub given_on: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EnforcementDecision {
    /// No warning in force: the officer either gives a warning or refers.
    WarnOrRefer,
    /// A warning given on `warning_on` is still in force: referral is mandatory.
    MustRefer { warning_on: NaiveDate },
}

/// The decision on an unacceptable failure on `on`. When several warnings are in force,
/// the latest is named.
pub fn decide(on: NaiveDate, warnings: &[Warning]) -> EnforcementDecision {
    warnings
        .iter()
        .filter(|w| w.given_on <= on && on <= warning_expires(w))
        .map(|w| w.given_on)
        .max()
        .map_or(EnforcementDecision::WarnOrRefer, |warning_on| {
            EnforcementDecision::MustRefer { warning_on }
        })
}

/// The last day on which a further failure makes referral mandatory: twelve months from
/// the date of the warning (the end of the calendar if that is later than chrono can
/// hold).
pub fn warning_expires(w: &Warning) -> NaiveDate {
    w.given_on
        .checked_add_months(Months::new(12))
        .unwrap_or(NaiveDate::MAX)
}

impl Failure {
    pub fn decide(&self, warnings: &[Warning]) -> EnforcementDecision {
        decide(self.on, warnings)
    }
}

/// The decision after an appointment on `on`: `None` unless the outcome is a failure.
pub fn after_outcome(
    outcome: Outcome,
    on: NaiveDate,
    warnings: &[Warning],
) -> Option<EnforcementDecision> {
    (outcome == Outcome::UnacceptableAbsence).then(|| decide(on, warnings))
}

concord_domain::closed_codes! {
    /// What is recorded about compliance with a licence: a contact, an appointment, a
    /// police monitoring visit, or what the person discloses as the licence requires.
    pub enum ComplianceKind {
        Contact = "contact", "Contact",
        Appointment = "appointment", "Appointment",
        PoliceVisit = "police_visit", "Police monitoring visit",
        DisclosureRelationship = "disclosure_relationship", "Disclosure of a new relationship",
        DisclosureVehicle = "disclosure_vehicle", "Disclosure of a vehicle",
        /// Back at the approved premises by its curfew, or not: kept like an appointment.
        ApCurfew = "ap_curfew", "Approved premises curfew",
    }
}

impl ComplianceKind {
    /// Only a contact, an appointment or an approved premises' curfew is kept or missed.
    pub fn is_attendance(self) -> bool {
        matches!(self, Self::Contact | Self::Appointment | Self::ApCurfew)
    }
}

concord_domain::closed_codes! {
    /// What an appointment booked in the diary is. Its outcome is recorded as the
    /// compliance event of [`AppointmentKind::compliance_kind`].
    pub enum AppointmentKind {
        Office = "office", "Office appointment",
        HomeVisit = "home_visit", "Home visit",
        PoliceVisit = "police_visit", "Police monitoring visit",
    }
}

impl AppointmentKind {
    /// An office appointment or a home visit is kept or missed like any appointment; a
    /// police monitoring visit records what it found.
    pub fn compliance_kind(self) -> ComplianceKind {
        match self {
            Self::Office | Self::HomeVisit => ComplianceKind::Appointment,
            Self::PoliceVisit => ComplianceKind::PoliceVisit,
        }
    }
}

concord_domain::closed_codes! {
    /// How a contact or appointment went, as stored (the [`Outcome`] the rules decide on).
    pub enum Attendance {
        Attended = "attended", "Attended",
        AcceptableAbsence = "acceptable_absence", "Absent with a reasonable excuse",
        UnacceptableAbsence = "unacceptable_absence", "Absent without a reasonable excuse",
    }
}

impl From<Attendance> for Outcome {
    fn from(a: Attendance) -> Self {
        match a {
            Attendance::Attended => Outcome::Attended,
            Attendance::AcceptableAbsence => Outcome::AcceptableAbsence,
            Attendance::UnacceptableAbsence => Outcome::UnacceptableAbsence,
        }
    }
}

concord_domain::closed_codes! {
    /// How an unacceptable absence is answered. The labels are the words the compliance
    /// page shows, in lower case.
    pub enum EnforcementKind {
        Warning = "warning", "warning",
        Breach = "breach", "breach",
    }
}

concord_domain::closed_codes! {
    /// Where a warning or breach referral stands: a warning is given; a breach is referred
    /// until a recall is requested from it. The labels are the words the compliance page
    /// shows, in lower case.
    pub enum EnforcementStatus {
        Given = "given", "given",
        Referred = "referred", "referred",
        RecallRequested = "recall_requested", "recall requested",
    }
}
