//! The Southend IOM team's record of Craig Mulvaney (seed 004): targeted ("enforce") after
//! the burglary that brought his community order, drop-in attendance since — patchy, then
//! regular — so the browser journey can adopt him, switch him to "engage" and record his
//! voluntary tag request.

use concord_app::{App, AppError, DateInput, IomEntryInput};
use concord_domain::PersonId;

use super::dates::plus_days;
use super::seed_cases::find;
use super::staff::Staff;

pub(super) async fn seed(app: &App, staff: &[Staff], craig: PersonId) -> Result<(), AppError> {
    let police = find(staff, "iom.southend")?;
    let today = app.clock().today();
    let on = |days: i64| DateInput::from_date(plus_days(today, -days));
    let entries = [
        ("status", "enforce", 390, "Arrested for a domestic burglary identified by fingerprints while on a suspended sentence: targeted until he engages"),
        ("drop_in", "no", 75, "Did not come to the Tuesday drop-in"),
        ("drop_in", "yes", 68, "Came to the drop-in; spoke to the drug service about his script"),
        ("drop_in", "yes", 61, "Came with his partner; housing advice"),
        ("drop_in", "yes", 54, "Came; asked about volunteering"),
    ];
    for (kind, value, days, note) in entries {
        let input = IomEntryInput {
            kind: kind.into(),
            status: if kind == "status" {
                value.into()
            } else {
                String::new()
            },
            held_on: on(days),
            attended: if kind == "drop_in" {
                value.into()
            } else {
                String::new()
            },
            consent: false,
            note: note.into(),
        };
        app.iom()
            .record_iom_entry(&police.actor, craig, &input)
            .await
            .map_err(|e| super::explain(e, "the IOM case management"))?;
    }
    Ok(())
}
