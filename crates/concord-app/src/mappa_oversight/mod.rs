//! Oversight of MAPPA (issue 7 items 9–11): serious further offences with the MAPPA N
//! deadline and the chair's serious case review decision, the SCR export, transfers of a
//! case to another MAPPA area with its bundle, the orders the annual report counts, and
//! the annual report tables themselves (aggregate figures, never a person).
//!
//! Every read and write of a person goes through the access decision and the audit
//! chain; the annual tables need the aggregate capability and hold counts only. The rules
//! (deadlines, the tables) are concord-mappa's. The decisions taken where the sources are
//! silent are in docs/mappa-oversight.md.

mod bundle;
mod ods;
mod orders;
mod orders_page;
mod sfo;
mod sfo_page;
mod statistics;
mod transfer;
mod transfer_page;

pub use bundle::{
    BundleAction, BundleDecision, BundleEvent, BundleMinutes, BundlePerson, BundleReferral,
    BundleSfo, BundleSpell, BundleVictim, CaseBundle, ScrExport, VICTIM_INFORMATION_BY_VLO,
};
pub(crate) use ods::spreadsheet;
pub use ods::{crc32, statistics_ods};
pub use orders::{OrderEventForm, OrderEventView};
pub use orders_page::OrdersPage;
pub use sfo::{ScrDecisionForm, SfoForm, SfoView};
pub use sfo_page::SfoPage;
pub(crate) use statistics::csv_table;
pub use statistics::{statistics_csv, MappaStatistics, StatLine};
pub use transfer::{TransferForm, TransferOutcome, TransferView};
pub use transfer_page::TransferPage;

use concord_authz::{Action, Actor, Permission};
use concord_domain::{FieldError, PersonId, ValidationErrors};

use crate::{AppError, Oversight};

/// A required free-text field: present after trimming and not too long.
fn require_text(errors: &mut ValidationErrors, field: &str, value: &str, what: &str) {
    let value = value.trim();
    if value.is_empty() {
        errors.push(FieldError::new(field, "required", format!("Enter {what}")));
    } else if value.chars().count() > concord_mappa::MAX_TEXT {
        errors.push(FieldError::new(
            field,
            "too_long",
            format!(
                "This must be {} characters or fewer",
                concord_mappa::MAX_TEXT
            ),
        ));
    }
}

/// A date on a form: required, a real date, and not after today.
fn past_date(
    errors: &mut ValidationErrors,
    field: &str,
    label: &str,
    input: &str,
    today: chrono::NaiveDate,
) -> Option<chrono::NaiveDate> {
    match concord_domain::parse_date(field, label, input) {
        Ok(d) if d > today => {
            errors.push(FieldError::new(
                field,
                "date_in_future",
                format!("{label} cannot be in the future"),
            ));
            None
        }
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(e);
            None
        }
    }
}

impl Oversight<'_> {
    /// Only those who run MAPPA (coordinators and chairs) take this step.
    fn require_mappa_staff(
        &self,
        actor: &Actor,
        action: Action,
        person: PersonId,
        reason: &'static str,
    ) -> Result<(), AppError> {
        if actor.has(Permission::MappaManage) {
            Ok(())
        } else {
            Err(self.refuse(actor, action, person, reason))
        }
    }
}
