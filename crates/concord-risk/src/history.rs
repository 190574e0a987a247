//! Checks of the criminal-history inputs that more than one predictor shares: the number
//! of sanctions, the current offence code's form, and its catalogue row.

use concord_domain::OffenceInfo;

use crate::validation::{fields, offence_code_format, ValidationError, ValidationErrorType};

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

/// The catalogue row of a five-character code, or `OFFENCE_CODE_MAPPING_NOT_FOUND`.
pub fn find_offence(code: &str) -> Result<&'static OffenceInfo, ValidationError> {
    OffenceInfo::find(code).ok_or_else(|| ValidationError::mapping_not_found(code))
}
