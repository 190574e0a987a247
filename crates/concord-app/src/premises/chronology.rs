//! A person's approved-premises stays as chronology entries: the place booked, his
//! arrival or non-arrival, his departure and where he moved on to, and each incident.
//! Read under his stay's capability, decided as the licence section is.

use chrono::NaiveDate;
use concord_authz::Action;
use concord_domain::{format_date, BookingStatus, DepartureReason, PersonId};

use super::stay;
use crate::kernel::Work;
use crate::{london_date, AppError};

/// (day, premises, title, detail), for the chronology to file under approved premises.
pub(crate) async fn stay_entries(
    w: &mut Work<'_>,
    person: PersonId,
) -> Result<Vec<(NaiveDate, String, String, String)>, AppError> {
    let cap = stay(w, Action::Read, person).await?;
    let bookings = concord_store::ap_bookings_of(w.tx(), &cap, person).await?;
    let incidents = concord_store::ap_incidents_of(w.tx(), &cap, person).await?;
    if bookings.is_empty() {
        return Ok(Vec::new());
    }
    let directory = super::directory(w, Action::Read)?;
    let premises = concord_store::all_premises(w.tx(), &directory).await?;
    let name = |id| {
        premises
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.clone())
            .unwrap_or_default()
    };
    let mut entries = Vec::new();
    for b in &bookings {
        let at = name(b.premises_id);
        entries.push((
            london_date(b.created_at),
            at.clone(),
            format!("Place booked at {at}"),
            format!(
                "{} to {}",
                format_date(b.arrival_on),
                format_date(b.departure_on)
            ),
        ));
        if let Some(arrived) = b.arrived_at {
            entries.push((
                london_date(arrived),
                at.clone(),
                format!("Arrived at {at}"),
                String::new(),
            ));
        }
        if b.status == BookingStatus::NotArrived {
            entries.push((
                b.arrival_on,
                at.clone(),
                format!("Did not arrive at {at}"),
                b.non_arrival_reason.clone(),
            ));
        }
        if let Some(left) = b.departed_at {
            let why = DepartureReason::from_code(&b.departure_reason)
                .map(DepartureReason::label)
                .unwrap_or_default();
            entries.push((
                london_date(left),
                at.clone(),
                format!("Left {at}: {}", why.to_lowercase()),
                b.move_on_plan.clone(),
            ));
        }
    }
    for i in &incidents {
        entries.push((
            london_date(i.occurred_at),
            name(i.premises_id),
            format!("Incident: {}", i.kind.label().to_lowercase()),
            i.details.clone(),
        ));
    }
    Ok(entries)
}
