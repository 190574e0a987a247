//! Possible duplicates waiting for the data quality officer (issue 24 item 1): the same
//! man on the register twice, as happens when the prison registers someone the police
//! already hold. Each double is a police-owned synthetic person registered again by the
//! prison under the name and date of birth a reception desk might take down — a short
//! name, a family name mis-keyed, day and month swapped — without his PNC ID, so nothing
//! settles it and the linkage model is left unsure. Without them the queue would only
//! fill once a feed is imported.

use chrono::{Datelike, NaiveDate};
use concord_app::RegisterPersonInput;
use concord_app::{App, AppError, DateInput, IdentifierInput, PersonDetailsInput};

use super::caseloads::Registered;
use super::identifiers::prison_number;
use super::names::{misspelling, nickname};
use super::rng::Rng;
use super::seed_cases::find;
use super::staff::Staff;
use super::synthetic::{person, Owner};

/// Every this many people, a police-owned one is registered again by the prison.
const EVERY: usize = 17;
const AT_MOST: usize = 6;
/// Where the doubles' prison numbers are drawn from, clear of every synthetic person's.
const DOUBLES_INDEX: u64 = 6_000_000;

pub(super) async fn seed(
    app: &App,
    staff: &[Staff],
    people: &[Registered],
) -> Result<(), AppError> {
    let prison = find(staff, "pom.chelmsford")?;
    let today = app.clock().today();
    let chosen = people
        .iter()
        .enumerate()
        .filter(|(_, p)| p.profile.owner == Owner::Police)
        .step_by(EVERY)
        .take(AT_MOST);
    for (n, (index, _)) in chosen.enumerate() {
        let original = person(index as u64, today).input;
        let double = double(&original, n);
        app.people()
            .register_person(&prison.actor, &double)
            .await
            .map_err(|e| super::explain(e, &format!("the double of synthetic person {index}")))?;
    }
    Ok(())
}

/// The record a prison reception might make: the `n`th double varies a different way.
fn double(original: &RegisterPersonInput, n: usize) -> RegisterPersonInput {
    let d = &original.details;
    let given = match n % 3 {
        0 => nickname(&d.given_name).map_or_else(|| d.given_name.clone(), str::to_string),
        _ => d.given_name.clone(),
    };
    let family = match n % 2 {
        0 => misspelling(&d.family_name).unwrap_or_else(|| d.family_name.clone()),
        _ => d.family_name.clone(),
    };
    let born = match &d.date_of_birth {
        DateInput::Text(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d").ok(),
        DateInput::Parts { .. } => None,
    };
    // Day and month swapped where that is still a date; otherwise the year mis-keyed.
    let date_of_birth = born
        .and_then(|b| {
            if n % 3 == 1 {
                NaiveDate::from_ymd_opt(b.year(), b.day(), b.month()).filter(|s| *s != b)
            } else {
                None
            }
            .or_else(|| NaiveDate::from_ymd_opt(b.year() + 1, b.month(), b.day().min(28)))
            .map(DateInput::from_date)
        })
        .unwrap_or_else(|| d.date_of_birth.clone());
    RegisterPersonInput {
        details: PersonDetailsInput {
            given_name: given,
            middle_names: String::new(),
            family_name: family,
            date_of_birth,
            gender: d.gender.clone(),
        },
        identifiers: vec![IdentifierInput {
            kind: "prison_number".into(),
            value: prison_number(DOUBLES_INDEX + n as u64, &mut Rng::new(DOUBLES_INDEX)),
        }],
        addresses: original.addresses.iter().take(1).cloned().collect(),
        ..RegisterPersonInput::default()
    }
}
