//! A move of responsibility waiting for a decision (issue 20 item 7; seed 001): the
//! Probation Service manages high risk and a Community Rehabilitation Company the rest.
//! Lee Sanderson, on a community order for assaulting his former partner, is supervised
//! by the CRC in Basildon; his first review was medium, and his second — after threats
//! to her — high, so Concord proposes moving him to the Probation Service, where the
//! senior probation officer decides (`spo.chelmsford`).

use chrono::{Datelike, NaiveDate};
use concord_app::{
    AddressInput, App, AppError, DateInput, IdentifierInput, OffenceInput, PersonDetailsInput,
    RegisterPersonInput, RoshForm, SentenceInput,
};
use concord_domain::{AddressKind, Disposal, EventType, PersonId, SentenceKind};

use super::dates::plus_days;
use super::identifiers;
use super::offences::{COMMON_ASSAULT, DA_WOUNDING};
use super::rng::Rng;
use super::seed_cases::{event, find};
use super::staff::{Staff, CRC, PROBATION};

/// His home address's postcode (in the demo's postcode directory too).
pub(super) const POSTCODE: &str = "SS14 1LJ";

pub(super) const TRANSFER_CASE_NAME: &str = "Lee Sanderson";
const TRANSFER_CASE_INDEX: u64 = 5_000_002;
const OFFICER: &str = "crc.basildon";

fn input(today: NaiveDate) -> RegisterPersonInput {
    let mut rng = Rng::new(TRANSFER_CASE_INDEX);
    let d = |n: i64| plus_days(today, -n);
    let date = DateInput::from_date;
    let id = |kind: &str, value: String| IdentifierInput {
        kind: kind.into(),
        value,
    };
    let convicted = d(200);
    RegisterPersonInput {
        details: PersonDetailsInput {
            given_name: "Lee".into(),
            middle_names: String::new(),
            family_name: "Sanderson".into(),
            date_of_birth: date(
                NaiveDate::from_ymd_opt(today.year() - 31, 4, 17).unwrap_or(d(11_000)),
            ),
            gender: "male".into(),
        },
        identifiers: vec![
            id("pnc", identifiers::pnc(TRANSFER_CASE_INDEX, d(2900).year())),
            id("crn", identifiers::crn(TRANSFER_CASE_INDEX, &mut rng)),
        ],
        addresses: vec![AddressInput {
            kind: AddressKind::Home.code().into(),
            line1: "14 Pitsea Road".into(),
            town: "Basildon".into(),
            postcode: POSTCODE.into(),
            from_date: date(d(700)),
            ..Default::default()
        }],
        offences: vec![
            OffenceInput {
                offence_code: COMMON_ASSAULT.code.into(),
                description: "Pushed a man over outside a pub in Basildon town centre".into(),
                offence_date: date(d(2950)),
                conviction_date: date(d(2900)),
                disposal: Disposal::Fine.code().into(),
            },
            OffenceInput {
                offence_code: DA_WOUNDING.code.into(),
                description: "Assaulted his former partner at her flat, causing bruising to her face".into(),
                offence_date: date(d(240)),
                conviction_date: date(convicted),
                disposal: Disposal::CommunityOrder.code().into(),
            },
        ],
        sentences: vec![SentenceInput {
            kind: SentenceKind::CommunityOrder.code().into(),
            description: "18-month community order: a Building Better Relationships programme and 20 rehabilitation activity days".into(),
            start_date: date(convicted),
            end_date: date(plus_days(convicted, 548)),
            ..Default::default()
        }],
        ..Default::default()
    }
}

fn rosh(known_adult: &str, today: NaiveDate) -> RoshForm {
    super::reviews::rosh(
        ["LOW", "LOW", known_adult, "LOW"],
        &super::reviews::Narrative {
            who: "His former partner, Ms S",
            nature: "Violence and intimidation when she refuses contact",
            when: "After drinking; around contact with their son",
            increases: "Alcohol; her new relationship; contact arrangements",
            reduces: "The programme; the restraining order; abstinence",
        },
        plus_days(today, 90),
    )
}

/// Sign a review with the risk to the known adult at `level`, as the officer would.
async fn sign(app: &App, by: &Staff, person: PersonId, level: &str) -> Result<(), AppError> {
    super::reviews::sign(app, by, person, &rosh(level, app.clock().today())).await
}

pub(super) async fn seed(app: &App, staff: &[Staff]) -> Result<PersonId, AppError> {
    app.accounts()
        .set_probation_remit(PROBATION, "high_risk")
        .await?;
    app.accounts().set_probation_remit(CRC, "community").await?;
    let today = app.clock().today();
    let officer = find(staff, OFFICER)?;
    let person = app
        .people()
        .register_person(&officer.actor, &input(today))
        .await
        .map_err(|e| super::explain(e, TRANSFER_CASE_NAME))?;
    super::caseloads::give(app, officer, person, officer, "offender_manager").await?;
    sign(app, officer, person, "MEDIUM").await?;
    app.people()
        .record_event(
            &officer.actor,
            person,
            &event(
                EventType::Contact,
                plus_days(today, -1),
                "Ms S reports he sent threatening messages after she started a new relationship; police informed",
            ),
        )
        .await?;
    sign(app, officer, person, "HIGH").await?;
    Ok(person)
}
