//! The demo's need-to-know material, so every role has something to see or be refused:
//! restricted entries on Mr D's record (the victim's wishes, police intelligence), a
//! share from probation to the Jobcentre, and a break-glass opening awaiting review.

use chrono::Duration;
use concord_domain::{EventType, PersonId};

use super::caseloads::Registered;
use super::seed_cases::{find, LoadedSeed};
use super::staff::Staff;
use super::synthetic::Owner;
use concord_app::{App, AppError, ShareInput};
use concord_app::{DateInput, EventInput};

fn entry(
    event_type: EventType,
    on: chrono::NaiveDate,
    summary: &str,
    section: &str,
    withheld: bool,
) -> EventInput {
    EventInput {
        event_type: event_type.code().into(),
        occurred_on: DateInput::from_date(on),
        summary: summary.into(),
        section: section.into(),
        withheld_from_person: withheld,
    }
}

/// The victim's home in the demo (an invented point in Chelmsford): the exclusion zone in
/// the browser journey is drawn round it.
pub const VICTIM_HOME: (f64, f64) = (51.7242, 0.4795);

pub(super) async fn seed(
    app: &App,
    staff: &[Staff],
    seeds: &[LoadedSeed],
    people: &[Registered],
) -> Result<(), AppError> {
    let today = app.clock().today();
    let mr_d = seeds[0].person;
    let vlo = find(staff, "vlo.essex")?;
    app.people().record_event(
        &vlo.actor,
        mr_d,
        &entry(
            EventType::Contact,
            today - Duration::days(20),
            "Victim contact scheme: spoke to the victim (his former partner). She wants to be told of his release date and of any change to the exclusion zone round her home, and asks that he is never told where she now works.",
            "victim",
            true,
        ),
    )
    .await?;
    // The victim herself, for the victim liaison officer: where she lives is what keeps
    // proposed addresses away from her (the address checks measure it, never show it).
    app.manage().add_victim(
        &vlo.actor,
        mr_d,
        &concord_app::VictimForm {
            name: "Alison Reeve".into(),
            kind: "victim".into(),
            relationship: "Former partner (victim of the index offence)".into(),
            address: "14 Lady Lane, Chelmsford (invented)".into(),
            latitude: VICTIM_HOME.0.to_string(),
            longitude: VICTIM_HOME.1.to_string(),
            representations: "Asks for no contact and an exclusion zone round her home; does not want him told where she works.".into(),
            may_be_told: "The non-contact and exclusion-zone conditions, when they end, his release date and any recall.".into(),
        },
    )
    .await?;
    let ppo = find(staff, "ppo.chelmsford")?;
    app.people().record_event(
        &ppo.actor,
        mr_d,
        &entry(
            EventType::Intelligence,
            today - Duration::days(9),
            "Intelligence (graded B2): seen twice near the victim's street in a silver hatchback; vehicle not yet disclosed to his offender manager.",
            "intelligence",
            true,
        ),
    )
    .await?;
    let om = find(staff, "om.chelmsford")?;
    app.sharing().share_sections(
        &om.actor,
        mr_d,
        &ShareInput {
            sections: vec!["convictions".into(), "markers".into()],
            recipient_kind: "user".into(),
            recipient: "jobcentre.adviser".into(),
            purpose: "Offence history and warning markers for the work coach's risk assessment before a work placement".into(),
            expires_on: DateInput::from_date(today + Duration::days(90)),
        },
    )
    .await?;
    // A Southend officer opens a Chelmsford probation case overnight: the kind of access
    // the information governance lead reviews each week.
    let outsider = find(staff, "ppo.southend")?;
    if let Some(p) = people.iter().find(|p| {
        p.profile.owner == Owner::Probation && p.profile.town == super::places::CHELMSFORD
    }) {
        let person: PersonId = p.person;
        app.sharing()
            .break_glass(
                &outsider.actor,
                person,
                "Arrested in Southend overnight; checking for risk to officers before interview",
            )
            .await?;
    }
    Ok(())
}
