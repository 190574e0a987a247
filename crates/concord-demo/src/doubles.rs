//! Possible duplicates waiting for the data quality officer (issue 24 item 1): the same
//! man on the register twice, as happens when the prison registers someone the police
//! already hold. Each double is a police-owned synthetic person, never in prison before,
//! registered again by the prison as a reception desk might take him down — a short name,
//! a family name mis-keyed, the year of birth a year out, a hostel near his address as his
//! last address — with a new prison number and without his PNC ID, so nothing settles it
//! and the linkage model is left unsure. On the default demo (3,000 people) and the small
//! ones alike, one is linked outright and four wait in the queue (a test holds both sizes
//! to a queue that is not empty). Without them the queue would only fill once a feed is
//! imported.

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

/// Of the police-owned people never in prison, every this many is registered again by
/// the prison, at most `AT_MOST` of them.
const EVERY: usize = 5;
const AT_MOST: usize = 6;
/// Where the doubles' prison numbers are drawn from, clear of every synthetic person's.
const DOUBLES_INDEX: u64 = 6_000_000;

pub(super) async fn seed(
    app: &App,
    staff: &[Staff],
    people: &[Registered],
) -> Result<Vec<String>, AppError> {
    let prison = find(staff, "pom.chelmsford")?;
    let mut postcodes = vec![];
    let today = app.clock().today();
    // Men never in prison before: a first reception gives a new prison number. (One who
    // has a prison number already would show the model two numbers for one man, which it
    // rightly reads as two people.)
    let chosen = people
        .iter()
        .enumerate()
        .filter(|(_, p)| p.profile.owner == Owner::Police)
        .map(|(index, _)| (index, person(index as u64, today).input))
        .filter(|(_, input)| !input.identifiers.iter().any(|i| i.kind == "prison_number"))
        .step_by(EVERY)
        .take(AT_MOST);
    for (n, (index, original)) in chosen.enumerate() {
        let double = double(&original, n);
        postcodes.extend(double.addresses.iter().map(|a| a.postcode.clone()));
        app.people()
            .register_person(&prison.actor, &double)
            .await
            .map_err(|e| super::explain(e, &format!("the double of synthetic person {index}")))?;
    }
    Ok(postcodes)
}

/// The record a prison reception might make: his name as he gives it (the `n`th double
/// by a short name where he has one, or a family name mis-keyed), his year of birth
/// mis-keyed by one, and the hostel he gave as his last address: in the same postcode
/// district as the address the police hold, on another street. Names agree, the date is
/// a year out and the address is near but not his: the model is left unsure (about 0.98
/// on the default demo), and the pair waits for the data quality officer.
fn double(original: &RegisterPersonInput, n: usize) -> RegisterPersonInput {
    let d = &original.details;
    let given = match n % 3 {
        0 => nickname(&d.given_name).map_or_else(|| d.given_name.clone(), str::to_string),
        _ => d.given_name.clone(),
    };
    let family = match n % 4 {
        1 => misspelling(&d.family_name).unwrap_or_else(|| d.family_name.clone()),
        _ => d.family_name.clone(),
    };
    let date_of_birth = match &d.date_of_birth {
        DateInput::Text(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .ok()
            .and_then(|b| NaiveDate::from_ymd_opt(b.year() + 1, b.month(), b.day().min(28)))
            .map_or_else(|| d.date_of_birth.clone(), DateInput::from_date),
        DateInput::Parts { .. } => d.date_of_birth.clone(),
    };
    // His newest address with a postcode, and a hostel in its district in another sector.
    let hostel = original
        .addresses
        .iter()
        .rfind(|a| a.postcode.contains(' '))
        .map(|a| {
            let (district, inward) = a.postcode.split_once(' ').unwrap_or_default();
            let sector = if inward.starts_with('9') { '8' } else { '9' };
            concord_app::AddressInput {
                kind: concord_domain::AddressKind::Home.code().into(),
                line1: "The Hostel, 1 Station Approach".into(),
                line2: String::new(),
                town: a.town.clone(),
                postcode: format!("{district} {sector}AB"),
                from_date: a.from_date.clone(),
                to_date: DateInput::default(),
            }
        });
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
        addresses: hostel.into_iter().collect(),
        ..RegisterPersonInput::default()
    }
}
