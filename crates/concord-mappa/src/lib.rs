//! The rules of MAPPA (Multi-Agency Public Protection Arrangements) for Concord: which
//! category brings a person into MAPPA and when it ends, management levels and their
//! criteria, review dates and late referrals, risk management plan actions under the four
//! pillars, disclosure decisions, checks on meetings and minutes, and the annual report
//! tables.
//!
//! This crate is pure: no I/O, no async, no clock (dates such as "today" are arguments),
//! no database or web framework. It depends on concord-domain, chrono, serde and thiserror only, and must
//! not depend on any adapter crate. Sources are `domain/rules.md` §1 (MAPPA) and §7.4
//! (MAPPA disclosure), issue 7 and seed 002 (the case of Mr D). Each module's doc records
//! the decisions taken where those sources are silent; every number they do not fix is in
//! a settings struct with a `Default`.
//!
//! # Public API
//!
//! - [`types`]: [`Category`] (`CATEGORY_1`…`CATEGORY_4`), [`Level`] (`LEVEL_1`…`LEVEL_3`),
//!   [`Rosh`], [`FieldError`] (`field`, `code`, `message`); the stored codes of a spell
//!   ([`MappaStatus`]), a referral ([`ReferralStatus`]) and a decision ([`DecisionKind`]).
//! - [`eligibility`]: [`propose_category`] from [`EligibilityFacts`] to a [`Proposal`]
//!   with its reasons and end dates.
//! - [`notification`]: [`s82_period`], the SOA 2003 s.82 table, from a
//!   [`NotifiableDisposal`] to an [`S82Period`] with the rule written out.
//! - [`level`]: [`LevelCriteria`] for the screening page, [`check_level`],
//!   [`suggest_level`].
//! - [`review`]: [`ReviewSettings`], [`next_review`], [`is_overdue`], [`late_referral`],
//!   [`sfo_notification_due`].
//! - [`rmp`]: the four [`Pillar`]s, [`ActionItem`] and its [`ActionStatus`],
//!   [`validate_action`], [`overdue`], [`carry_forward`]; a plan's [`PlanStatus`].
//! - [`disclosure`]: [`DisclosureDecision`], [`validate_disclosure`].
//! - [`meeting`]: [`MeetingError`] and the checks on meeting dates, minutes and sharing;
//!   [`MeetingStatus`], [`MinutesStatus`], [`OnwardShareStatus`], [`AgendaReason`].
//! - [`oversight`]: [`ScrDecision`] and [`OrderEventKind`].
//! - [`statistics`]: [`annual_tables`] from [`MappaCaseYear`] rows, [`reporting_year`].

pub mod disclosure;
pub mod eligibility;
pub mod level;
pub mod meeting;
pub mod notification;
pub mod oversight;
pub mod review;
pub mod rmp;
pub mod statistics;
pub mod types;

#[cfg(test)]
mod tests;

pub use disclosure::{validate_disclosure, DisclosureDecision, Told};
pub use eligibility::{
    propose_category, propose_category_with, Category3Answers, Conviction, Disposal,
    EligibilityFacts, EligibilitySettings, EndDate, Notification, NotificationPeriod, Proposal,
};
pub use level::{check_level, suggest_level, LevelCriteria, LevelError, LevelSuggestion};
pub use meeting::{
    check_confidentiality, check_meeting_date, check_minutes_approver, check_onward_sharing,
    AgendaReason, MeetingError, MeetingStatus, MinutesStatus, OnwardShareStatus,
};
pub use notification::{s82_period, NotifiableDisposal, S82Period, Term, TermUnit};
pub use oversight::{OrderEventKind, ScrDecision};
pub use review::{is_overdue, late_referral, next_review, sfo_notification_due, ReviewSettings};
pub use rmp::{
    carry_forward, overdue, validate_action, ActionItem, ActionStatus, Pillar, PlanStatus,
};
pub use statistics::{
    annual_tables, per_100k, reporting_year, AnnualTables, MappaCaseYear, ReturnsToCustody,
    StatisticsSettings,
};
pub use types::{
    Category, DecisionKind, FieldError, Level, MappaStatus, ReferralStatus, Rosh, MAX_TEXT,
};
