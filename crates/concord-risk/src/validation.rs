//! Validation errors of the risk-score API and the checks the predictors share.
//!
//! Codes and messages are those of the MoJ actuarial service (hmpps-services.md §1.1), so
//! a client written for it reads ours unchanged. A predictor collects every problem before
//! giving up, so the caller can fix all of them at once.
//!
//! Where a value falls outside every row of a published table (an age below the youngest
//! row, a negative count) the MoJ service throws and answers `UNEXPECTED_ERROR` with the
//! message "Unexpected error thrown during calculation, see logs for further details: …".
//! We report the same code and message shape, with the reason spelt out, and never panic.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// Stable machine codes of validation problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ValidationErrorType {
    MissingMandatoryInput,
    MissingDynamicInput,
    AgeAtCurrentConvictionLessThanTen,
    AgeAtFirstSanctionAfterAgeAtCurrentConviction,
    TotalNumberOfSanctionsLessThanOne,
    ViolentSanctionGreaterThanTotalSanctions,
    OffenceCodeIncorrectFormat,
    OffenceCodeMappingNotFound,
    NeedDetailsOfExactOffence,
    FollowUpDateBeforeConvictionDate,
    SexualOffendingMissingCounts,
    SexualOffendingInconsistentInput,
    DomesticAbuseInconsistentInput,
    /// Learning Disability Screening is not implemented here; kept so the catalogue is whole.
    LdsNotEnoughFieldsPresent,
    ComponentValidationError,
    UnexpectedError,
}

impl ValidationErrorType {
    /// The catalogue message. `OFFENCE_CODE_MAPPING_NOT_FOUND` gets the code appended and
    /// `UNEXPECTED_ERROR` a reason by their constructors.
    pub fn message(self) -> &'static str {
        match self {
            Self::MissingMandatoryInput => "Mandatory input field(s) missing",
            Self::MissingDynamicInput => "Dynamic input field(s) missing",
            Self::AgeAtCurrentConvictionLessThanTen => {
                "Age at current conviction must be 10 or greater"
            }
            Self::AgeAtFirstSanctionAfterAgeAtCurrentConviction => {
                "Age at first sanction must be before age at current conviction"
            }
            Self::TotalNumberOfSanctionsLessThanOne => {
                "Total number of sanctions must be one or greater"
            }
            Self::ViolentSanctionGreaterThanTotalSanctions => {
                "Violence count is greater than total sanctions"
            }
            Self::OffenceCodeIncorrectFormat => "Offence code must be a string of 5 digits",
            Self::OffenceCodeMappingNotFound => {
                "No offence code to actuarial weighting mapping found for"
            }
            Self::NeedDetailsOfExactOffence => {
                "For this group of offences, the OGRS 3 offence category takes different values depending on the nature of the exact offence. Therefore, it is not possible to calculate an OGRS 3 score without details of the exact offence."
            }
            Self::FollowUpDateBeforeConvictionDate => {
                "Offender's date of commencement of community sentence or earliest possible release from custody is before conviction date"
            }
            Self::SexualOffendingMissingCounts => {
                "Sexual motivation/offending identified - complete sexual offence counts"
            }
            Self::SexualOffendingInconsistentInput => {
                "No sexual motivation/offending identified - additional fields should not be provided"
            }
            Self::DomesticAbuseInconsistentInput => {
                "No evidence of domestic abuse identified - domesticAbuseAgainstPartner and domesticAbuseAgainstFamily should not be provided"
            }
            Self::LdsNotEnoughFieldsPresent => "At least three input fields must be provided",
            Self::ComponentValidationError => "Validation error(s) in component scores",
            Self::UnexpectedError => "An unexpected error occurred",
        }
    }
}

/// One problem: `{type, message, fields[]}`. Field names are the request's snake_case keys.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidationError {
    #[serde(rename = "type")]
    pub kind: ValidationErrorType,
    pub message: String,
    pub fields: Vec<&'static str>,
}

impl ValidationError {
    pub fn new(kind: ValidationErrorType, fields: Vec<&'static str>) -> Self {
        Self {
            kind,
            message: kind.message().to_owned(),
            fields,
        }
    }

    /// `OFFENCE_CODE_MAPPING_NOT_FOUND` names the code.
    pub fn mapping_not_found(code: &str) -> Self {
        Self {
            kind: ValidationErrorType::OffenceCodeMappingNotFound,
            message: format!(
                "{} {code}",
                ValidationErrorType::OffenceCodeMappingNotFound.message()
            ),
            fields: vec![fields::CURRENT_OFFENCE_CODE],
        }
    }

    /// `UNEXPECTED_ERROR`: what the service answers when a calculation throws — its
    /// wording with the exception's message, and no fields (the service names none).
    pub fn unexpected(reason: impl std::fmt::Display) -> Self {
        Self {
            kind: ValidationErrorType::UnexpectedError,
            message: format!(
                "Unexpected error thrown during calculation, see logs for further details: {reason}"
            ),
            fields: Vec::new(),
        }
    }
}

/// Request field names, spelt once.
pub mod fields {
    pub const GENDER: &str = "gender";
    pub const DATE_OF_BIRTH: &str = "date_of_birth";
    pub const DATE_OF_CURRENT_CONVICTION: &str = "date_of_current_conviction";
    pub const ASSESSMENT_DATE: &str = "assessment_date";
    pub const FOLLOWUP_CALCULATED: &str = "date_at_start_of_followup_calculated";
    pub const FOLLOWUP_USER_INPUT: &str = "date_at_start_of_followup_user_input";
    pub const DATE_OF_MOST_RECENT_SEXUAL_OFFENCE: &str = "date_of_most_recent_sexual_offence";
    pub const MOST_RECENT_OFFENCE_DATE: &str = "most_recent_offence_date";
    pub const TOTAL_SANCTIONS: &str = "total_number_of_sanctions_for_all_offences";
    pub const TOTAL_VIOLENT_SANCTIONS: &str = "total_number_of_violent_sanctions";
    pub const AGE_AT_FIRST_SANCTION: &str = "age_at_first_sanction";
    pub const CURRENT_OFFENCE_CODE: &str = "current_offence_code";
    pub const SUPERVISION_STATUS: &str = "supervision_status";
    pub const HAS_EVER_COMMITTED_SEXUAL_OFFENCE: &str = "has_ever_committed_sexual_offence";
    pub const IS_CURRENT_OFFENCE_SEXUALLY_MOTIVATED: &str = "is_current_offence_sexually_motivated";
    pub const IS_CURRENT_OFFENCE_AGAINST_VICTIM_STRANGER: &str =
        "is_current_offence_against_victim_stranger";
    pub const TOTAL_CONTACT_ADULT_SEXUAL_SANCTIONS: &str = "total_contact_adult_sexual_sanctions";
    pub const TOTAL_CONTACT_CHILD_SEXUAL_SANCTIONS: &str = "total_contact_child_sexual_sanctions";
    pub const TOTAL_INDECENT_IMAGE_SANCTIONS: &str = "total_indecent_image_sanctions";
    pub const TOTAL_NON_CONTACT_SEXUAL_OFFENCES: &str = "total_non_contact_sexual_offences";
    pub const WEAPON: &str = "did_offence_involve_carrying_or_using_weapon";
    pub const IS_UNEMPLOYED: &str = "is_unemployed";
    pub const NO_FIXED_ABODE: &str = "is_currently_of_no_fixed_abode_or_transient_accommodation";
    pub const RECOGNISES_IMPACT: &str = "does_recognise_impact_of_offending_on_others";
    pub const PSYCHIATRIC_TREATMENT: &str = "has_current_psychiatric_treatment";
    pub const EVIDENCE_OF_DOMESTIC_ABUSE: &str = "evidence_of_domestic_abuse";
    pub const DOMESTIC_ABUSE_AGAINST_PARTNER: &str = "domestic_abuse_against_partner";
    pub const DOMESTIC_ABUSE_AGAINST_FAMILY: &str = "domestic_abuse_against_family";
    pub const SUITABILITY_OF_ACCOMMODATION: &str = "suitability_of_accommodation";
    pub const RELATIONSHIP_WITH_PARTNER: &str = "current_relationship_with_partner";
    pub const CURRENT_ALCOHOL_USE: &str = "current_alcohol_use_problems";
    pub const EXCESSIVE_ALCOHOL_USE: &str = "excessive_alcohol_use";
    pub const IMPULSIVITY: &str = "impulsivity_problems";
    pub const TEMPER_CONTROL: &str = "temper_control";
    pub const PRO_CRIMINAL_ATTITUDES: &str = "pro_criminal_attitudes";
    pub const CURRENT_DRUG_MISUSE: &str = "current_drug_misuse";
    pub const REGULAR_OFFENDING_ACTIVITIES: &str = "regular_offending_activities";
    pub const PROBLEM_SOLVING_SKILLS: &str = "problem_solving_skills";
    pub const UNDERSTANDS_OTHER_PEOPLES_VIEWS: &str = "understands_other_peoples_views";
    pub const AWARENESS_OF_CONSEQUENCES: &str = "awareness_of_consequences";
    pub const MOTIVATION_TO_TACKLE_DRUG_MISUSE: &str = "motivation_to_tackle_drug_misuse";
    pub const PREVIOUS_CONVICTIONS: &str = "previous_convictions";
    /// Not a request field: OGP's input from OGRS3, named as the service names it.
    pub const OGRS3_TWO_YEAR: &str = "ogrs3_two_year";
}

/// One `MISSING_MANDATORY_INPUT` (or `MISSING_DYNAMIC_INPUT`) naming every absent field in
/// the order given, or nothing when all are present.
pub fn missing(
    kind: ValidationErrorType,
    required: &[(&'static str, bool)],
) -> Option<ValidationError> {
    let absent: Vec<&'static str> = required
        .iter()
        .filter(|(_, present)| !present)
        .map(|(name, _)| *name)
        .collect();
    (!absent.is_empty()).then(|| ValidationError::new(kind, absent))
}

/// Completed years from `dob` to `date` (Java's `Period.between(dob, date).years`),
/// refusing a date on or before birth as the service's `getAgeAtDate` does: its message
/// names the field as the service spells it (`dateOfCurrentConviction`, …).
pub fn age_on(dob: NaiveDate, date: NaiveDate, field: &str) -> Result<i64, ValidationError> {
    if date <= dob {
        return Err(ValidationError::unexpected(format!(
            "{field} cannot be on or before date of birth."
        )));
    }
    Ok(date.years_since(dob).map_or(0, i64::from))
}

/// Whole months from `from` to `to`, as Java's `Period.between(from, to).toTotalMonths()`:
/// calendar months, less one when the day of month has not been reached yet.
pub fn months_between(from: NaiveDate, to: NaiveDate) -> i64 {
    let month_index = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
    let mut months = month_index(to) - month_index(from);
    let days = i64::from(to.day()) - i64::from(from.day());
    if months > 0 && days < 0 {
        months -= 1;
    } else if months < 0 && days > 0 {
        months += 1;
    }
    months
}

/// `OFFENCE_CODE_INCORRECT_FORMAT`: as in the MoJ service only the length is checked; a
/// five-character code that is not in the catalogue is then "mapping not found".
pub fn offence_code_format(code: &str) -> Option<ValidationError> {
    (code.chars().count() != 5).then(|| {
        ValidationError::new(
            ValidationErrorType::OffenceCodeIncorrectFormat,
            vec![fields::CURRENT_OFFENCE_CODE],
        )
    })
}

/// A logistic probability `e^x / (1 + e^x)`, refusing exponents the MoJ service refuses
/// ("invalid inputs overflow exp operation"), which also keeps NaN out.
pub fn logistic(x: f64) -> Result<f64, ValidationError> {
    if x > -745.0 && x < 709.0 {
        let e = x.exp();
        Ok(e / (1.0 + e))
    } else {
        Err(ValidationError::unexpected(
            "invalid inputs overflow exp operation",
        ))
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn months_are_counted_as_java_period_counts_them() {
        assert_eq!(months_between(d(2020, 1, 31), d(2020, 2, 29)), 0);
        assert_eq!(months_between(d(2020, 1, 31), d(2020, 3, 1)), 1);
        assert_eq!(months_between(d(2020, 1, 15), d(2023, 1, 15)), 36);
        assert_eq!(months_between(d(2020, 1, 15), d(2023, 1, 14)), 35);
        assert_eq!(months_between(d(2020, 1, 15), d(2020, 1, 1)), 0);
        assert_eq!(months_between(d(2020, 3, 15), d(2020, 1, 20)), -1);
    }

    #[test]
    fn missing_fields_are_listed_once_in_the_given_order() {
        let err = missing(
            ValidationErrorType::MissingMandatoryInput,
            &[("a", false), ("b", true), ("c", false)],
        )
        .unwrap();
        assert_eq!(err.fields, ["a", "c"]);
        assert_eq!(err.message, "Mandatory input field(s) missing");
        assert_eq!(
            missing(ValidationErrorType::MissingMandatoryInput, &[("a", true)]),
            None
        );
    }

    #[test]
    fn the_logistic_refuses_overflowing_exponents() {
        assert_eq!(logistic(0.0), Ok(0.5));
        assert!(logistic(709.0).is_err());
        assert!(logistic(-745.0).is_err());
        assert!(logistic(f64::NAN).is_err());
        assert!(logistic(708.9).unwrap() <= 1.0);
    }

    #[test]
    fn codes_and_messages_are_the_catalogue_of_section_1_1() {
        use ValidationErrorType as V;
        let catalogue = [
            (V::MissingMandatoryInput, "MISSING_MANDATORY_INPUT", "Mandatory input field(s) missing"),
            (V::MissingDynamicInput, "MISSING_DYNAMIC_INPUT", "Dynamic input field(s) missing"),
            (V::AgeAtCurrentConvictionLessThanTen, "AGE_AT_CURRENT_CONVICTION_LESS_THAN_TEN", "Age at current conviction must be 10 or greater"),
            (V::AgeAtFirstSanctionAfterAgeAtCurrentConviction, "AGE_AT_FIRST_SANCTION_AFTER_AGE_AT_CURRENT_CONVICTION", "Age at first sanction must be before age at current conviction"),
            (V::TotalNumberOfSanctionsLessThanOne, "TOTAL_NUMBER_OF_SANCTIONS_LESS_THAN_ONE", "Total number of sanctions must be one or greater"),
            (V::ViolentSanctionGreaterThanTotalSanctions, "VIOLENT_SANCTION_GREATER_THAN_TOTAL_SANCTIONS", "Violence count is greater than total sanctions"),
            (V::OffenceCodeIncorrectFormat, "OFFENCE_CODE_INCORRECT_FORMAT", "Offence code must be a string of 5 digits"),
            (V::OffenceCodeMappingNotFound, "OFFENCE_CODE_MAPPING_NOT_FOUND", "No offence code to actuarial weighting mapping found for"),
            (V::NeedDetailsOfExactOffence, "NEED_DETAILS_OF_EXACT_OFFENCE", "For this group of offences, the OGRS 3 offence category takes different values depending on the nature of the exact offence. Therefore, it is not possible to calculate an OGRS 3 score without details of the exact offence."),
            (V::FollowUpDateBeforeConvictionDate, "FOLLOW_UP_DATE_BEFORE_CONVICTION_DATE", "Offender's date of commencement of community sentence or earliest possible release from custody is before conviction date"),
            (V::SexualOffendingMissingCounts, "SEXUAL_OFFENDING_MISSING_COUNTS", "Sexual motivation/offending identified - complete sexual offence counts"),
            (V::SexualOffendingInconsistentInput, "SEXUAL_OFFENDING_INCONSISTENT_INPUT", "No sexual motivation/offending identified - additional fields should not be provided"),
            (V::DomesticAbuseInconsistentInput, "DOMESTIC_ABUSE_INCONSISTENT_INPUT", "No evidence of domestic abuse identified - domesticAbuseAgainstPartner and domesticAbuseAgainstFamily should not be provided"),
            (V::LdsNotEnoughFieldsPresent, "LDS_NOT_ENOUGH_FIELDS_PRESENT", "At least three input fields must be provided"),
            (V::ComponentValidationError, "COMPONENT_VALIDATION_ERROR", "Validation error(s) in component scores"),
            (V::UnexpectedError, "UNEXPECTED_ERROR", "An unexpected error occurred"),
        ];
        for (kind, code, message) in catalogue {
            assert_eq!(serde_json::to_value(kind).unwrap(), serde_json::json!(code));
            assert_eq!(kind.message(), message);
        }
    }

    #[test]
    fn the_code_format_check_is_by_length_only() {
        assert_eq!(offence_code_format("00100"), None);
        assert_eq!(offence_code_format("ABCDE"), None);
        assert!(offence_code_format("0010").is_some());
        assert!(offence_code_format("001000").is_some());
        assert_eq!(
            ValidationError::mapping_not_found("95000").message,
            "No offence code to actuarial weighting mapping found for 95000"
        );
    }
}
