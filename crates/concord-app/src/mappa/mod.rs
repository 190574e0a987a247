//! MAPPA (issue 7): eligibility proposed from the record and confirmed by a person, the
//! MAPPA record (category, level, lead agency, dates), referrals (MAPPA A) pre-filled
//! from the record, screening and level decisions with the criteria and rationale,
//! reviews, level changes and exits, and the coordinator's list of what is due. The
//! rules are concord-mappa's; meetings, plans and oversight live in their own modules.

mod case;
mod category_3;
mod correct_notification;
mod decide;
mod facts;
mod judgements;
mod notification;
mod refer;
mod work;
mod work_page;

use chrono::NaiveDate;
use concord_domain::{FieldError, ValidationErrors};
use concord_mappa::Level;
use serde::Serialize;
use uuid::Uuid;

pub(crate) use case::timing;
pub use case::{MappaCaseView, MappaDecisionView, MappaRecordView, MappaReferralView};
pub use category_3::Category3Form;
pub use correct_notification::NotificationCorrectionForm;
pub use decide::{MappaExitForm, MappaReviewForm, ScreeningForm, EXIT_REASONS};
pub use facts::ReferralFacts;
pub use refer::{EligibilityForm, MappaReferralForm};
pub use work::{MappaWork, MappaWorkItem};
pub use work_page::MappaWorkPage;

pub fn mappa_level_label(l: Level) -> String {
    format!("Level {}", l.number())
}

/// A required choice from a select: the parsed value, or an error naming the field.
pub(crate) fn choose<T>(
    errors: &mut ValidationErrors,
    field: &str,
    value: &str,
    parse: impl Fn(&str) -> Option<T>,
    what: &str,
) -> Option<T> {
    if value.trim().is_empty() {
        errors.push(FieldError::new(field, "required", format!("Choose {what}")));
        return None;
    }
    let parsed = parse(value);
    if parsed.is_none() {
        errors.push(FieldError::new(
            field,
            "invalid",
            format!("\"{}\" is not {what}", value.trim()),
        ));
    }
    parsed
}

/// A required paragraph of at most 4,000 characters.
pub(crate) fn reasons(
    errors: &mut ValidationErrors,
    field: &str,
    value: &str,
    what: &str,
) -> String {
    let v = value.trim();
    if v.is_empty() {
        errors.push(FieldError::new(field, "required", format!("Enter {what}")));
    } else if v.chars().count() > concord_mappa::MAX_TEXT {
        errors.push(FieldError::new(
            field,
            "too_long",
            format!("{what} must be 4,000 characters or fewer"),
        ));
    }
    v.to_string()
}

/// One line of a page's "what happened": for the coordinator's list and the record.
#[derive(Debug, Clone, Serialize)]
pub struct DueDate {
    pub on: NaiveDate,
    pub overdue: bool,
}

pub(crate) fn new_id() -> Uuid {
    Uuid::now_v7()
}

/// His active MAPPA record (level, category), where `cap` reaches the management section;
/// none otherwise. What the tier, the recall form and the compliance tab start from.
pub(crate) async fn active_mappa_record(
    tx: &mut concord_store::Tx,
    cap: &concord_authz::Capability,
    person: concord_domain::PersonId,
) -> Result<Option<concord_store::MappaRecordRow>, crate::AppError> {
    if !cap.sections().contains(concord_authz::Section::Management) {
        return Ok(None);
    }
    Ok(concord_store::mappa_records_of(tx, cap, person)
        .await?
        .into_iter()
        .find(|r| r.status == concord_mappa::MappaStatus::Active))
}
