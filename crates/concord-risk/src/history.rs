//! Checks of the criminal-history inputs that OGRS3, OGP, OVP and SNSV share: the number of
//! sanctions, the ages they imply, and the current offence's catalogue row.

use chrono::NaiveDate;
use concord_domain::OffenceInfo;

use crate::validation::{
    age_on, fields, offence_code_format, ValidationError, ValidationErrorType,
};

/// Ages in completed years derived from the dates, once they have passed every check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ages {
    pub at_current_conviction: i64,
    pub at_start_of_followup: i64,
}

/// `TOTAL_NUMBER_OF_SANCTIONS_LESS_THAN_ONE`: the total includes the current offence.
pub fn check_total_sanctions(total: Option<i64>, errors: &mut Vec<ValidationError>) {
    if total.is_some_and(|t| t < 1) {
        errors.push(ValidationError::new(
            ValidationErrorType::TotalNumberOfSanctionsLessThanOne,
            vec![fields::TOTAL_SANCTIONS],
        ));
    }
}

/// `OFFENCE_CODE_INCORRECT_FORMAT`, when a code was given.
pub fn check_code_format(code: Option<&str>, errors: &mut Vec<ValidationError>) {
    if let Some(e) = code.and_then(offence_code_format) {
        errors.push(e);
    }
}

/// The age checks, in the MoJ order: a date on or before birth; age at conviction at least
/// 10; first sanction not after the current conviction; then the follow-up start not before
/// the conviction (the catalogue's `FOLLOW_UP_DATE_BEFORE_CONVICTION_DATE`, which the MoJ
/// order for OGRS3 does not place; we check it last among the ages). Each check runs when
/// its inputs are present, so problems are reported together with missing fields.
pub fn check_ages(
    date_of_birth: Option<NaiveDate>,
    date_of_current_conviction: Option<NaiveDate>,
    followup: (&'static str, Option<NaiveDate>),
    age_at_first_sanction: Option<i64>,
    errors: &mut Vec<ValidationError>,
) -> Option<Ages> {
    let before = errors.len();
    let dob = date_of_birth?;
    let at_conviction = date_of_current_conviction.and_then(|c| {
        age_on(dob, c, fields::DATE_OF_CURRENT_CONVICTION)
            .map_err(|e| errors.push(e))
            .ok()
    });
    if let Some(age) = at_conviction {
        if age < 10 {
            errors.push(ValidationError::new(
                ValidationErrorType::AgeAtCurrentConvictionLessThanTen,
                vec![fields::DATE_OF_BIRTH, fields::DATE_OF_CURRENT_CONVICTION],
            ));
        }
        if age_at_first_sanction.is_some_and(|first| first > age) {
            errors.push(ValidationError::new(
                ValidationErrorType::AgeAtFirstSanctionAfterAgeAtCurrentConviction,
                vec![
                    fields::AGE_AT_FIRST_SANCTION,
                    fields::DATE_OF_CURRENT_CONVICTION,
                ],
            ));
        }
    }
    let (followup_field, followup_date) = followup;
    let at_followup = followup_date.and_then(|f| {
        age_on(dob, f, followup_field)
            .map_err(|e| errors.push(e))
            .ok()
    });
    if let (Some(f), Some(c), Some(_)) = (followup_date, date_of_current_conviction, at_followup) {
        if f < c {
            errors.push(ValidationError::new(
                ValidationErrorType::FollowUpDateBeforeConvictionDate,
                vec![followup_field, fields::DATE_OF_CURRENT_CONVICTION],
            ));
        }
    }
    if errors.len() > before {
        return None;
    }
    Some(Ages {
        at_current_conviction: at_conviction?,
        at_start_of_followup: at_followup?,
    })
}

/// The catalogue row of a five-character code, or `OFFENCE_CODE_MAPPING_NOT_FOUND`.
pub fn find_offence(code: &str) -> Result<&'static OffenceInfo, ValidationError> {
    OffenceInfo::find(code).ok_or_else(|| ValidationError::mapping_not_found(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    fn kinds(errors: &[ValidationError]) -> Vec<ValidationErrorType> {
        errors.iter().map(|e| e.kind).collect()
    }

    #[test]
    fn every_age_problem_is_reported_together() {
        let mut errors = vec![];
        let ages = check_ages(
            d(2000, 1, 1),
            d(2009, 1, 1),
            (fields::FOLLOWUP_CALCULATED, d(2008, 1, 1)),
            Some(12),
            &mut errors,
        );
        assert_eq!(ages, None);
        assert_eq!(
            kinds(&errors),
            [
                ValidationErrorType::AgeAtCurrentConvictionLessThanTen,
                ValidationErrorType::AgeAtFirstSanctionAfterAgeAtCurrentConviction,
                ValidationErrorType::FollowUpDateBeforeConvictionDate,
            ]
        );
    }

    #[test]
    fn valid_dates_give_ages_and_first_sanction_may_equal_conviction_age() {
        let mut errors = vec![];
        let ages = check_ages(
            d(1990, 5, 10),
            d(2020, 5, 9),
            (fields::FOLLOWUP_CALCULATED, d(2020, 5, 10)),
            Some(29),
            &mut errors,
        );
        assert_eq!(
            ages,
            Some(Ages {
                at_current_conviction: 29,
                at_start_of_followup: 30
            })
        );
        assert!(errors.is_empty());
    }

    #[test]
    fn dates_before_birth_are_errors_not_panics() {
        let mut errors = vec![];
        let ages = check_ages(
            d(2000, 1, 1),
            d(1850, 1, 1),
            (fields::FOLLOWUP_CALCULATED, d(2000, 1, 1)),
            Some(12),
            &mut errors,
        );
        assert_eq!(ages, None);
        assert_eq!(
            kinds(&errors),
            [
                ValidationErrorType::UnexpectedError,
                ValidationErrorType::UnexpectedError
            ]
        );
    }
}
