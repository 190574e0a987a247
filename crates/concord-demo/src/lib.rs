//! Demo data for `concord demo`: the Essex agencies and their teams in the six major
//! towns, a staff account for every role, the two cases the users describe in seeds/
//! (under fictional names), and as many synthetic people as asked for, with caseloads.
//!
//! Everything goes through the ordinary use cases (`register_person`, `record_event`,
//! `allocate`), so the demo is validated and audited like real work, and each person is
//! one transaction. The content is deterministic: the same size and the same "today"
//! give the same people, so a demo can be described in a script and walked again.

mod addresses;
mod board_measures;
mod caseloads;
mod dates;
mod documents;
mod doubles;
mod events;
mod feeds;
mod history;
mod identifiers;
mod iom;
mod iom_case;
mod mappa_case;
mod mappa_cohort;
mod mappa_history;
mod monitoring;
mod names;
mod need_to_know;
mod offences;
mod partners;
mod partners_mr_d;
mod places;
mod postcodes;
mod premises;
mod responsibility;
mod reviews;
mod rng;
mod seed_cases;
mod staff;
mod supervision;
mod synthetic;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_living;

use concord_domain::PersonId;

use concord_app::{App, AppError};
pub use feeds::{feed_csv, person_of, Feed, FEED_MAPPING};
pub use monitoring::{APPROVED_PREMISES, MR_D_DEVICE, ZONE_RADIUS_M};
pub use need_to_know::VICTIM_HOME;
use synthetic::Owner;

/// The password of every demo account. It passes the password rules, so signing in
/// shows the real sign-in path; it is printed by `concord demo` and must never be used
/// on a server holding real data.
pub const DEMO_PASSWORD: &str = "Essex-MAPPA-demo-2026";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSummary {
    /// People on the register, the two seed cases included.
    pub persons: usize,
    /// Every account, the Chelmsford offender manager first.
    pub accounts: Vec<DemoAccount>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAccount {
    pub username: String,
    pub role: String,
    pub agency: String,
    pub description: String,
}

/// Whether this database already holds the demo (its agencies exist), so `concord demo`
/// can reuse a database file rather than load it twice.
pub async fn demo_is_loaded(app: &App) -> Result<bool, AppError> {
    Ok(app
        .accounts()
        .agencies()
        .await?
        .iter()
        .any(|a| a.code == staff::POLICE))
}

/// Load the demo into an empty database: `size` people in all (at least the two seed
/// cases). `progress(done, total)` is called as each person is registered.
pub async fn load_demo(
    app: &App,
    size: usize,
    progress: &dyn Fn(u64, u64),
) -> Result<DemoSummary, AppError> {
    load(app, size, progress).await.map(|(summary, _)| summary)
}

/// As [`load_demo`], also returning every person registered (seed cases first).
async fn load(
    app: &App,
    size: usize,
    progress: &dyn Fn(u64, u64),
) -> Result<(DemoSummary, Vec<PersonId>), AppError> {
    if demo_is_loaded(app).await? {
        return Err(AppError::Duplicate(
            "The demo data is already loaded in this database".into(),
        ));
    }
    let today = app.clock().today();
    let staff = staff::create(app).await?;
    // The seed cases, the case waiting to move between probation organisations, and
    // the synthetic people make up `size`.
    let synthetic_count = size.saturating_sub(3);
    let total = (synthetic_count + 3) as u64;
    progress(0, total);
    let mut seeds = vec![];
    for case in [mappa_case::mappa_case(today), iom_case::iom_case(today)] {
        seeds.push(seed_cases::load(app, &staff, case).await?);
        progress(seeds.len() as u64, total);
    }
    let mut people = Vec::with_capacity(synthetic_count);
    // Every postcode the demo's addresses use, for its postcode directory.
    let mut postcodes: std::collections::BTreeSet<String> = [
        places::PRISON.3,
        places::WOMENS_PRISON.3,
        places::APPROVED_PREMISES.3,
        responsibility::POSTCODE,
    ]
    .into_iter()
    .map(String::from)
    .collect();
    for case in [mappa_case::mappa_case(today), iom_case::iom_case(today)] {
        postcodes.extend(case.input.addresses.iter().map(|a| a.postcode.clone()));
    }
    for i in 0..synthetic_count {
        let p = synthetic::person(i as u64, today);
        postcodes.extend(p.input.addresses.iter().map(|a| a.postcode.clone()));
        let username = match p.profile.owner {
            Owner::Police => format!("ppo.{}", places::TOWNS[p.profile.town].slug),
            Owner::Probation => format!("om.{}", places::TOWNS[p.profile.town].slug),
            Owner::Prison => "pom.chelmsford".to_string(),
        };
        let registrar = staff
            .iter()
            .position(|s| s.def.username == username)
            .ok_or_else(|| AppError::Internal(format!("demo account {username} is missing")))?;
        let person = app
            .people()
            .register_person(&staff[registrar].actor, &p.input)
            .await
            .map_err(|e| explain(e, &format!("synthetic person {i}")))?;
        people.push(caseloads::Registered {
            person,
            profile: p.profile,
            registrar,
        });
        progress(i as u64 + 3, total);
    }
    caseloads::allocate(app, &staff, &seeds, &people).await?;
    need_to_know::seed(app, &staff, &seeds, &people).await?;
    monitoring::seed(app, &staff, seeds[0].person).await?;
    premises::seed(app, &staff, &people).await?;
    let release = mappa_history::seed(app, &staff, &seeds).await?;
    reviews::mr_d(app, &staff, seeds[0].person).await?;
    supervision::seed(app, &staff, seeds[0].person, release).await?;
    mappa_cohort::seed(app, &staff, &people).await?;
    partners::seed(app, &staff, &seeds, &people).await?;
    iom::seed(app, &staff, seeds[1].person).await?;
    board_measures::seed(app, &staff, today).await?;
    reviews::caseloads(app, &staff).await?;
    let moving = responsibility::seed(app, &staff).await?;
    postcodes.extend(doubles::seed(app, &staff, &people).await?);
    postcodes.retain(|p| p.contains(' '));
    postcodes::seed(app, &staff, &postcodes).await?;
    documents::seed(app, &staff, seeds[0].person).await?;
    progress(total, total);
    // The data quality officer compares the register once, so the linkage model exists
    // (likeness search uses it) before any feed arrives.
    let officer = staff
        .iter()
        .find(|s| s.def.role == "data_quality_officer")
        .ok_or_else(|| AppError::Internal("the demo has no data quality officer".into()))?;
    app.identify().find_duplicates(&officer.actor, &()).await?;
    let accounts = staff
        .iter()
        .map(|s| DemoAccount {
            username: s.def.username.clone(),
            role: s.def.role.into(),
            agency: staff::agency_name(s.def.agency).into(),
            description: s.def.description.clone(),
        })
        .collect();
    let ids = seeds
        .iter()
        .map(|s| s.person)
        .chain(std::iter::once(moving))
        .chain(people.iter().map(|p| p.person))
        .collect();
    Ok((
        DemoSummary {
            persons: synthetic_count + 3,
            accounts,
        },
        ids,
    ))
}

/// A refused demo record is a bug in the generator, not bad user input: say which record
/// and why, so it can be fixed.
fn explain(e: AppError, what: &str) -> AppError {
    match e {
        AppError::Validation(errors) => {
            AppError::Internal(format!("the demo data for {what} was refused: {errors}"))
        }
        other => other,
    }
}
