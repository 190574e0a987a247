//! Partnership work (issue 20): probation screens a person's needs and refers them to
//! the services it contracts from the voluntary and independent sector (seed 000); the
//! provider accepts, plans, holds sessions and reports at the end, as HMPPS's Refer and
//! Monitor an Intervention does. This crate holds the rules only: which service meets
//! which need, whom a contract may take, the steps a referral may take from each status,
//! working-day deadlines and the suggestions screening makes, each with its reason.

mod action_plan;
mod lifecycle;
mod services;
mod suggest;
mod volunteers;
mod working_days;

pub use action_plan::{PlanItemKind, PlanItemStatus, MAX_REVIEW_DAYS};
pub use lifecycle::{Attendance, Closure, Engagement, OutcomeAchieved, ReferralStatus, Step};
pub use services::{Eligibility, Need, NeedLevel, ServiceType};
pub use suggest::{check_referral, suggest, ContractFacts, PersonFacts, Refusal, Suggestion};
pub use volunteers::{
    match_problems, vetting_problems, DbsLevel, MatchStatus, Vetting, VolunteerRole,
    DBS_VALID_DAYS, REFERENCES_NEEDED,
};
pub use working_days::{add_working_days, is_bank_holiday, is_working_day};
