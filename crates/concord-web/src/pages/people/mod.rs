//! A person's record and everything about them: the record page, its chronology and
//! history, registering a person, changing details and addresses, adding the smaller
//! parts (aliases, identifiers, offences, sentences, markers, events), the caseload and
//! search. This file holds what the record's forms share.

pub mod addresses;
pub mod caseload;
pub mod chronology;
pub mod details;
pub mod documents;
pub mod history;
pub mod markers;
pub mod parts;
pub mod record;
pub mod register;
pub mod responsibility;
pub mod search;

use concord_authz::Section;
use concord_domain::PersonId;

use crate::error::PageError;
use crate::forms::{self, Values};
use crate::session::PageUser;
use crate::AppState;

/// The heading of a form that changes `section` of the record: the person's record
/// header, or the refusal the form's submission would get (so no one fills in a form that
/// is refused on submit).
pub(crate) async fn header_for_change(
    state: &AppState,
    user: &PageUser,
    id: PersonId,
    section: Section,
) -> Result<concord_app::RecordHeader, PageError> {
    state
        .app
        .people()
        .form_header(&user.0.actor, id, concord_authz::Action::Change, section)
        .await
        .map_err(|e| user.error(e))
}

fn version(values: &Values) -> Result<i64, PageError> {
    forms::v(values, "version").parse().map_err(|_| {
        PageError::bad_request("The form is missing its version: reload the page and try again.")
    })
}
