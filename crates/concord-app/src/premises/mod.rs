//! Approved premises (issue 23, docs/approved-premises.md), as HMPPS's CAS1 service runs
//! them, inside the one record: the offender manager applies for a place; the central
//! referral unit assesses the application and books a bed that meets the person's needs
//! and is neither inside one of his exclusion zones nor near a victim's home (measured
//! as an address check measures, the reason withheld from those without the victim
//! section); the premises' staff record the arrival or the non-arrival (which sets the
//! case team a task: a possible recall) and the departure with its move-on.
//!
//! Each party decides on the person's stay (`ResourceKind::ApStay`), not on his whole
//! licence section: the premises' staff and the unit reach only their part.

mod apply;
mod assess;
mod book;
mod cancel;
mod chronology;
mod directory;
mod incident;
mod key_worker;
mod matching;
mod notify;
mod premises_page;
mod register;
mod stay;
mod views;

use concord_authz::{Action, Capability, Resource, ResourceKind, Section, SectionSet};
use concord_domain::PersonId;

pub use apply::ApplicationForm;
pub use assess::AssessmentForm;
pub use book::BookingForm;
pub use cancel::CancellationForm;
pub(crate) use chronology::stay_entries;
pub use directory::{BedForm, BedView, DayOccupancy, DirectoryView, PremisesForm, PremisesView};
pub use incident::{IncidentForm, IncidentView};
pub use key_worker::KeyWorkerForm;
pub use matching::{PlaceOption, PlacesPage};
pub use premises_page::{BedServiceForm, PremisesPage, ResidentLine};
pub use register::{MissedCurfewForm, MovementForm, RegisterCurfew, RegisterLine};
pub use stay::{ArrivalForm, DepartureForm, NonArrivalForm};
pub use views::{ApplicationView, BookingView, StayPage, WorklistLine};

use crate::kernel::Work;
use crate::AppError;

/// Decide `action` on `person`'s stay; a write holds the person as any record write does.
pub(crate) async fn stay(
    w: &mut Work<'_>,
    action: Action,
    person: PersonId,
) -> Result<Capability, AppError> {
    let resource = w.resource(person).await?;
    let stay = Resource {
        kind: ResourceKind::ApStay,
        ..resource
    }
    .sections(SectionSet::one(Section::Licence));
    let cap = w.decide(action, &stay)?;
    if action != Action::Read {
        concord_store::hold_person(w.tx(), person).await?;
    }
    Ok(cap)
}

/// Decide `action` on the directory of premises and beds (no person in it).
pub(crate) fn directory(w: &Work<'_>, action: Action) -> Result<Capability, AppError> {
    w.decide(action, &Resource::other(ResourceKind::ApDirectory, None))
}

/// One of `person`'s applications, read under his stay's capability.
pub(crate) async fn application_of(
    w: &mut Work<'_>,
    cap: &Capability,
    person: PersonId,
    application: concord_domain::ApApplicationId,
) -> Result<concord_store::ApplicationRow, AppError> {
    concord_store::ap_applications_of(w.tx(), cap, person)
        .await?
        .into_iter()
        .find(|a| a.id == application)
        .ok_or(AppError::NotFound)
}

/// A JSON list of codes as stored.
pub(crate) fn codes(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|c| c.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// A day (today when blank) and a time on the 24-hour clock, as two fields post them:
/// the London day and the instant. Each bad field is named in `errors`.
pub(crate) fn moment(
    errors: &mut concord_domain::ValidationErrors,
    (day_field, day): (&str, &str),
    (time_field, time): (&str, &str),
    now: chrono::DateTime<chrono::Utc>,
) -> Option<(chrono::NaiveDate, chrono::DateTime<chrono::Utc>)> {
    let day = if day.trim().is_empty() {
        Some(crate::london_date(now))
    } else {
        concord_domain::parse_date(day_field, "The date", day)
            .map_err(|e| errors.push(e))
            .ok()
    };
    let time = chrono::NaiveTime::parse_from_str(time.trim(), "%H:%M").ok();
    if time.is_none() {
        errors.push(concord_domain::FieldError::new(
            time_field,
            "invalid",
            "Enter the time on the 24-hour clock, like 23:40",
        ));
    }
    Some((day?, crate::clock::from_london(day?.and_time(time?))))
}
