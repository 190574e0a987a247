//! The OASys Sexual reoffending Predictors, answering as the MoJ actuarial service did:
//! OSP-DC (direct contact: a 64-point score with a risk-band reduction, [`dc`]) and
//! OSP-IIC (indecent images and indirect contact: a hierarchy, [`iic`]), both for men with
//! sexual offending history only, and the sexual offending section they validate alike.
//!
//! - Sexual history is `has_ever_committed_sexual_offence` alone.
//! - Men only: history "no" with any count given (a 0 too) is
//!   `SEXUAL_OFFENDING_INCONSISTENT_INPUT`; "yes" needs the current offence's sexual
//!   motivation answered and every count, and all four counts 0 is
//!   `SEXUAL_OFFENDING_MISSING_COUNTS`. Women are not checked beyond their gender.
//! - Anyone else — a woman, or a man without history — is `NOT_APPLICABLE` with score 0.0:
//!   not low, and nothing for RSR to add.

pub mod dc;
pub mod iic;

pub use dc::osp_dc;
pub use iic::{iic_hierarchy, osp_iic};

use crate::request::{Gender, RiskScoreRequest};
use crate::validation::{fields as f, missing, ValidationError, ValidationErrorType};

/// The sexual offence counts of a man with sexual offending history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SexualCounts {
    pub contact_adult: i64,
    pub contact_child: i64,
    pub indecent_images: i64,
    pub non_contact: i64,
}

impl SexualCounts {
    /// The counts when the section is answered in full, `None` otherwise.
    pub fn of(req: &RiskScoreRequest) -> Option<Self> {
        Some(Self {
            contact_adult: req.total_contact_adult_sexual_sanctions?,
            contact_child: req.total_contact_child_sexual_sanctions?,
            indecent_images: req.total_indecent_image_sanctions?,
            non_contact: req.total_non_contact_sexual_offences?,
        })
    }
}

/// The service's `validateOSP`: `mandatory` are the predictor's own required fields (after
/// gender). Returns every problem, in the service's order: missing fields, inconsistent
/// counts, missing counts.
pub fn validate(
    req: &RiskScoreRequest,
    mandatory: &[(&'static str, bool)],
    ask_history_of_men: bool,
) -> Vec<ValidationError> {
    let mut absent: Vec<(&'static str, bool)> = vec![(f::GENDER, req.gender.is_some())];
    absent.extend_from_slice(mandatory);
    let mut inconsistent: Vec<&'static str> = Vec::new();
    let mut missing_counts: Vec<&'static str> = Vec::new();
    let counts = [
        (
            f::TOTAL_CONTACT_ADULT_SEXUAL_SANCTIONS,
            req.total_contact_adult_sexual_sanctions,
        ),
        (
            f::TOTAL_CONTACT_CHILD_SEXUAL_SANCTIONS,
            req.total_contact_child_sexual_sanctions,
        ),
        (
            f::TOTAL_NON_CONTACT_SEXUAL_OFFENCES,
            req.total_non_contact_sexual_offences,
        ),
        (
            f::TOTAL_INDECENT_IMAGE_SANCTIONS,
            req.total_indecent_image_sanctions,
        ),
    ];
    if req.gender == Some(Gender::Male) {
        match req.has_ever_committed_sexual_offence {
            Some(false) => inconsistent.extend(
                counts
                    .iter()
                    .filter(|(_, c)| c.is_some())
                    .map(|(name, _)| *name),
            ),
            Some(true) => {
                absent.push((
                    f::IS_CURRENT_OFFENCE_SEXUALLY_MOTIVATED,
                    req.is_current_offence_sexually_motivated.is_some(),
                ));
                missing_counts.extend(
                    counts
                        .iter()
                        .filter(|(_, c)| c.is_none())
                        .map(|(name, _)| *name),
                );
                if counts.iter().all(|(_, c)| *c == Some(0)) {
                    // The service lists these in its own order here.
                    missing_counts.extend([
                        f::TOTAL_CONTACT_ADULT_SEXUAL_SANCTIONS,
                        f::TOTAL_CONTACT_CHILD_SEXUAL_SANCTIONS,
                        f::TOTAL_INDECENT_IMAGE_SANCTIONS,
                        f::TOTAL_NON_CONTACT_SEXUAL_OFFENCES,
                    ]);
                }
            }
            None if ask_history_of_men => {
                absent.push((f::HAS_EVER_COMMITTED_SEXUAL_OFFENCE, false));
            }
            None => {}
        }
    }
    let mut errors: Vec<ValidationError> = Vec::new();
    errors.extend(missing(ValidationErrorType::MissingMandatoryInput, &absent));
    if !inconsistent.is_empty() {
        errors.push(ValidationError::new(
            ValidationErrorType::SexualOffendingInconsistentInput,
            inconsistent,
        ));
    }
    if !missing_counts.is_empty() {
        errors.push(ValidationError::new(
            ValidationErrorType::SexualOffendingMissingCounts,
            missing_counts,
        ));
    }
    errors
}
