//! Worked cases computed by hand from the published formulas, band and clamp edges,
//! validation codes, the JSON shape, and property tests that throw arbitrary requests at
//! everything. Expected numbers are worked in the comments beside each case.

mod conformance;
mod dash;
mod ogp;
mod ogrs3;
mod osp;
mod ovp;
mod properties;
mod rsr;
mod shape;
mod snsv;
mod tier;

use chrono::NaiveDate;

use crate::request::*;
use crate::validation::{ValidationError, ValidationErrorType};

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub fn kinds(errors: &[ValidationError]) -> Vec<ValidationErrorType> {
    errors.iter().map(|e| e.kind).collect()
}

/// A man born 1 Jan 1990, convicted 1 Jun 2019 (aged 29), follow-up from 1 Jan 2020
/// (aged 30), 3 sanctions, the first at 20, one of them violent, current offence 00100.
/// Every OASys answer is present (all "no problems"), no sexual offending.
pub fn man() -> RiskScoreRequest {
    RiskScoreRequest {
        version: Some(RequestVersion::V1_0),
        gender: Some(Gender::Male),
        date_of_birth: Some(d(1990, 1, 1)),
        date_of_current_conviction: Some(d(2019, 6, 1)),
        assessment_date: Some(d(2021, 3, 15)),
        date_at_start_of_followup_calculated: Some(d(2020, 1, 1)),
        date_at_start_of_followup_user_input: Some(d(2020, 1, 1)),
        most_recent_offence_date: Some(d(2019, 1, 1)),
        total_number_of_sanctions_for_all_offences: Some(3),
        total_number_of_violent_sanctions: Some(1),
        age_at_first_sanction: Some(20),
        current_offence_code: Some("00100".to_owned()),
        supervision_status: Some(SupervisionStatus::Community),
        has_ever_committed_sexual_offence: Some(false),
        is_current_offence_sexually_motivated: Some(false),
        is_current_offence_against_victim_stranger: Some(false),
        did_offence_involve_carrying_or_using_weapon: Some(false),
        is_unemployed: Some(false),
        is_currently_of_no_fixed_abode_or_transient_accommodation: Some(false),
        does_recognise_impact_of_offending_on_others: Some(true),
        has_current_psychiatric_treatment: Some(false),
        evidence_of_domestic_abuse: Some(false),
        suitability_of_accommodation: Some(ProblemLevel::NoProblems),
        current_relationship_with_partner: Some(ProblemLevel::NoProblems),
        current_alcohol_use_problems: Some(ProblemLevel::NoProblems),
        excessive_alcohol_use: Some(ProblemLevel::NoProblems),
        impulsivity_problems: Some(ProblemLevel::NoProblems),
        temper_control: Some(ProblemLevel::NoProblems),
        pro_criminal_attitudes: Some(ProblemLevel::NoProblems),
        current_drug_misuse: Some(ProblemLevel::NoProblems),
        regular_offending_activities: Some(ProblemLevel::NoProblems),
        problem_solving_skills: Some(ProblemLevel::NoProblems),
        understands_other_peoples_views: Some(ProblemLevel::NoProblems),
        awareness_of_consequences: Some(YesSometimesNo::Yes),
        motivation_to_tackle_drug_misuse: Some(MotivationLevel::FullMotivation),
        previous_convictions: Some(vec![]),
        ..RiskScoreRequest::default()
    }
}

pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}
