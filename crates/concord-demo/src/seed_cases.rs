//! The two cases from the users' own words (seeds/), under fictional names: the MAPPA
//! domestic-abuse case "Mr D" and the Southend IOM prolific burglar. Each is registered
//! by its owning agency in one transaction; the other agencies then add what they would
//! record themselves, so the chronology shows several agencies.

use chrono::NaiveDate;

use super::staff::Staff;
use concord_app::{App, AppError, DateInput, EventInput, RegisterPersonInput};
use concord_domain::{EventType, PersonId};

pub(super) const MAPPA_CASE_NAME: &str = "Darren Dolby";
pub(super) const IOM_CASE_NAME: &str = "Craig Mulvaney";

/// Identifier indexes far beyond any demo size, so the seed cases never share an
/// identifier with a synthetic person.
pub(super) const MAPPA_CASE_INDEX: u64 = 5_000_000;
pub(super) const IOM_CASE_INDEX: u64 = 5_000_001;

pub(super) struct SeedCase {
    /// Username of the member of staff of the owning agency who registers the record.
    pub registrar: &'static str,
    pub input: RegisterPersonInput,
    /// Events other agencies record afterwards: (username, event).
    pub later_events: Vec<(&'static str, EventInput)>,
    /// Who manages the case: (username, allocation role).
    pub allocations: Vec<(&'static str, &'static str)>,
    /// The day the case team was allocated, if not today: the team's access to the
    /// record runs from then, so the story's earlier steps can be replayed on their days.
    pub allocated_on: Option<NaiveDate>,
}

pub(super) fn event(event_type: EventType, on: NaiveDate, summary: &str) -> EventInput {
    EventInput {
        event_type: event_type.code().into(),
        occurred_on: DateInput::from_date(on),
        summary: summary.into(),
        section: String::new(),
        withheld_from_person: false,
    }
}

pub(super) struct LoadedSeed {
    pub person: PersonId,
    pub allocations: Vec<(&'static str, &'static str)>,
}

pub(super) fn find<'a>(staff: &'a [Staff], username: &str) -> Result<&'a Staff, AppError> {
    staff
        .iter()
        .find(|s| s.def.username == username)
        .ok_or_else(|| AppError::Internal(format!("demo account {username} is missing")))
}

pub(super) async fn load(
    app: &App,
    staff: &[Staff],
    case: SeedCase,
) -> Result<LoadedSeed, AppError> {
    let registrar = find(staff, case.registrar)?;
    let person = app
        .people()
        .register_person(&registrar.actor, &case.input)
        .await
        .map_err(|e| super::explain(e, case.registrar))?;
    // The case team first: later entries are written by the people managing the case.
    let allocating = match case.allocated_on {
        Some(day) => super::mappa_history::on(app, day),
        None => app.clone(),
    };
    for (username, role) in &case.allocations {
        super::caseloads::give(&allocating, registrar, person, find(staff, username)?, role)
            .await?;
    }
    for (username, event) in &case.later_events {
        app.people()
            .record_event(&find(staff, username)?.actor, person, event)
            .await
            .map_err(|e| super::explain(e, username))?;
    }
    Ok(LoadedSeed {
        person,
        allocations: case.allocations,
    })
}
