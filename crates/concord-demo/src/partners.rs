//! Partnership work in the demo (issue 20): the directory of contracts for every service
//! of seeds 000 and 001 across the six towns, and referrals at every step, replayed on the
//! days they happened. The Southend IOM case (seed 004) is screened and referred to the
//! practical-help volunteers (now in progress, with sessions) and to the drug service
//! (sent two days ago: the browser journey accepts, plans and closes it as the drug
//! service's caseworker). Some supervised people of each town have referrals too: one
//! whose first contact is overdue, one declined, one cancelled, one completed.

use chrono::{Duration, NaiveDate};
use concord_app::{
    App, AppError, ContractInput, DateInput, EndReportInput, PlanInput, ReferInput, ScreeningInput,
    ServiceType, SessionInput,
};
use concord_domain::{ContractId, PersonId, ServiceReferralId};

use super::caseloads::Registered;
use super::history::Status;
use super::mappa_history::on;
use super::places::TOWNS;
use super::seed_cases::{find, LoadedSeed};
use super::staff::{
    Staff, ADVICE, DRUG_SERVICE, HOUSING, JOBCENTRE, LEARNING, MENTORING, PSYCHOLOGY, THERAPY,
    VICTIM_SUPPORT, VOLUNTEERS, WOMENS_PROJECT,
};
use super::synthetic::Owner;

/// One contract: (provider, service, towns (empty: all six), eligibility, places,
/// waiting list).
type Contract = (
    &'static str,
    ServiceType,
    &'static [&'static str],
    &'static str,
    u32,
    u32,
);

const DIRECTORY: &[Contract] = &[
    (
        DRUG_SERVICE,
        ServiceType::DrugAndAlcohol,
        &[],
        "anyone",
        60,
        20,
    ),
    (
        DRUG_SERVICE,
        ServiceType::AlternativeTherapies,
        &["Southend-on-Sea", "Basildon"],
        "anyone",
        12,
        6,
    ),
    (
        HOUSING,
        ServiceType::Housing,
        &["Chelmsford"],
        "anyone",
        15,
        10,
    ),
    (JOBCENTRE, ServiceType::Employment, &[], "anyone", 40, 20),
    (LEARNING, ServiceType::BasicSkills, &[], "anyone", 30, 15),
    (LEARNING, ServiceType::ProgrammeTutors, &[], "anyone", 10, 5),
    (ADVICE, ServiceType::GeneralAdvice, &[], "anyone", 40, 20),
    (ADVICE, ServiceType::FinanceAndDebt, &[], "anyone", 25, 10),
    (
        ADVICE,
        ServiceType::SmallBusiness,
        &["Chelmsford", "Colchester", "Southend-on-Sea"],
        "anyone",
        6,
        3,
    ),
    (
        THERAPY,
        ServiceType::TherapeuticOneToOne,
        &[],
        "anyone",
        12,
        8,
    ),
    (THERAPY, ServiceType::Counselling, &[], "anyone", 20, 10),
    (
        VICTIM_SUPPORT,
        ServiceType::VictimVolunteers,
        &[],
        "victim_work",
        30,
        0,
    ),
    (
        PSYCHOLOGY,
        ServiceType::PsychometricTesting,
        &[],
        "anyone",
        8,
        4,
    ),
    (
        PSYCHOLOGY,
        ServiceType::SexOffenderPsychology,
        &[],
        "sex_offender_work",
        6,
        4,
    ),
    (
        VOLUNTEERS,
        ServiceType::PracticalHelpVolunteers,
        &[],
        "anyone",
        25,
        10,
    ),
    (
        MENTORING,
        ServiceType::MinorityMentoring,
        &[],
        "minority_group",
        15,
        5,
    ),
    (
        MENTORING,
        ServiceType::ReleaseMentoring,
        &[],
        "leaving_prison",
        20,
        10,
    ),
    (
        WOMENS_PROJECT,
        ServiceType::WomensProject,
        &[],
        "women_only",
        30,
        10,
    ),
];

pub(super) fn date(d: NaiveDate) -> DateInput {
    DateInput::from_date(d)
}

pub(super) fn screening(needs: &[(&str, &str)]) -> ScreeningInput {
    let mut s = ScreeningInput::default();
    for n in concord_app::Need::ALL {
        let level = needs
            .iter()
            .find(|(c, _)| *c == n.code())
            .map_or("none", |(_, l)| *l);
        s.levels.insert(n.code().into(), level.into());
    }
    s
}

pub(super) fn refer(
    contract: ContractId,
    needs: &[&str],
    reason: &str,
    sections: &[&str],
) -> ReferInput {
    ReferInput {
        contract: contract.to_string(),
        needs: needs.iter().map(|n| (*n).to_string()).collect(),
        reason: reason.into(),
        sections: sections.iter().map(|s| (*s).to_string()).collect(),
        send: true,
    }
}

pub(super) fn session(
    on: NaiveDate,
    attendance: &str,
    engagement: &str,
    notes: &str,
) -> SessionInput {
    SessionInput {
        held_on: date(on),
        attendance: attendance.into(),
        engagement: engagement.into(),
        notes: notes.into(),
    }
}

/// The directory: one contract per service and provider, numbered by service.
async fn directory(
    app: &App,
    staff: &[Staff],
    today: NaiveDate,
) -> Result<Vec<(ContractId, ServiceType, Vec<String>)>, AppError> {
    let commissioning = find(staff, "partnerships")?;
    let all: Vec<String> = TOWNS.iter().map(|t| t.name.to_string()).collect();
    let mut out = vec![];
    for (i, (provider, service, towns, eligibility, places, waiting)) in
        DIRECTORY.iter().enumerate()
    {
        let towns: Vec<String> = if towns.is_empty() {
            all.clone()
        } else {
            towns.iter().map(|t| (*t).to_string()).collect()
        };
        let id = app
            .partners()
            .add_contract(
                &commissioning.actor,
                &ContractInput {
                    provider: (*provider).into(),
                    service: service.code().into(),
                    reference: format!("ESX-PS-{:02}", i + 1),
                    package_area: "Essex".into(),
                    towns: towns.clone(),
                    eligibility: (*eligibility).into(),
                    places: places.to_string(),
                    waiting_list: waiting.to_string(),
                    first_contact_days: "5".into(),
                    starts_on: date(today - Duration::days(240)),
                    ends_on: date(today + Duration::days(485)),
                },
            )
            .await?;
        out.push((id, *service, towns));
    }
    Ok(out)
}

pub(super) fn contract_for(
    directory: &[(ContractId, ServiceType, Vec<String>)],
    service: ServiceType,
    town: &str,
) -> Result<ContractId, AppError> {
    directory
        .iter()
        .find(|(_, s, towns)| *s == service && towns.iter().any(|t| t == town))
        .map(|(id, ..)| *id)
        .ok_or_else(|| {
            AppError::Internal(format!(
                "the demo has no {} contract in {town}",
                service.code()
            ))
        })
}

pub(super) async fn seed(
    app: &App,
    staff: &[Staff],
    seeds: &[LoadedSeed],
    people: &[Registered],
) -> Result<(), AppError> {
    let today = app.clock().today();
    let contracts = directory(app, staff, today).await?;
    iom_case(app, staff, seeds[1].person, &contracts, today).await?;
    super::partners_mr_d::seed(app, staff, seeds[0].person, &contracts, today).await?;
    synthetic(app, staff, people, &contracts, today).await
}

/// The IOM case: screened, the volunteers in progress, the drug service just sent.
async fn iom_case(
    app: &App,
    staff: &[Staff],
    person: PersonId,
    contracts: &[(ContractId, ServiceType, Vec<String>)],
    today: NaiveDate,
) -> Result<(), AppError> {
    let officer = &find(staff, "iom.southend.probation")?.actor;
    let volunteers = &find(staff, "volunteers")?.actor;
    let day = |n: i64| today - Duration::days(n);
    let southend = "Southend-on-Sea";
    on(app, day(21))
        .partners()
        .screen_needs(
            officer,
            person,
            &screening(&[
                ("drugs", "severe"),
                ("lifestyle", "standard"),
                ("ete", "standard"),
                ("finance", "standard"),
                ("thinking_and_behaviour", "standard"),
            ]),
        )
        .await?;
    let help = on(app, day(20))
        .partners()
        .refer_to_service(officer, person, &refer(
            contract_for(contracts, ServiceType::PracticalHelpVolunteers, southend)?,
            &["lifestyle"],
            "Craig has too much unstructured time, which is when he used to offend. He would like a volunteer to help him find a food bank placement and sort out a bank account.",
            &["markers", "addresses"],
        ))
        .await?;
    on(app, day(19))
        .partners()
        .accept_referral(volunteers, person, help)
        .await?;
    on(app, day(19))
        .partners()
        .assign_caseworker(volunteers, person, help, "volunteers")
        .await?;
    // His volunteer: vetted, proposed by the co-ordinator, approved by his officer.
    let register = on(app, day(200));
    let mut matched = None;
    for (name, role, vetted) in [
        ("Gary Whitmore", "practical_help", true),
        ("Shirley Dean", "mentor", true),
        ("Tom Ackroyd", "practical_help", false),
    ] {
        let id = register
            .partners()
            .add_volunteer(
                volunteers,
                &concord_app::VolunteerInput {
                    name: name.into(),
                    role: role.into(),
                    dbs_level: if vetted {
                        "enhanced".into()
                    } else {
                        String::new()
                    },
                    dbs_checked_on: if vetted {
                        date(day(400))
                    } else {
                        DateInput::default()
                    },
                    references: if vetted { "2".into() } else { "1".into() },
                    trained_on: if vetted {
                        date(day(380))
                    } else {
                        DateInput::default()
                    },
                    active: true,
                },
            )
            .await?;
        matched.get_or_insert(id);
    }
    let matched = matched.ok_or_else(|| AppError::Internal("no demo volunteer".into()))?;
    let m = on(app, day(18))
        .partners()
        .propose_match(volunteers, person, help, &matched.to_string())
        .await?;
    on(app, day(17))
        .partners()
        .decide_match(officer, person, m, true, "")
        .await?;
    for (n, hours, note) in [
        (
            15,
            "2",
            "Met at the IOM drop-in; walked to the food bank together.",
        ),
        (8, "1.5", "Helped him fill in the bank account application."),
    ] {
        on(app, day(n))
            .partners()
            .log_volunteer_hours(
                volunteers,
                person,
                m,
                &concord_app::HoursInput {
                    worked_on: date(day(n)),
                    hours: hours.into(),
                    note: note.into(),
                },
            )
            .await?;
    }
    on(app, day(15))
        .partners()
        .record_session(volunteers, person, help, &session(day(15), "attended", "good", "First meeting with his volunteer at the IOM drop-in. Keen on the food bank; has no bank account."))
        .await?;
    on(app, day(15))
        .partners()
        .submit_plan(volunteers, person, help, &PlanInput {
            objectives: vec![("lifestyle".into(), "Two mornings a week volunteering at the Southend food bank".into())],
            activities: "Weekly meeting with his volunteer; accompanied visit to the food bank; help opening a basic bank account".into(),
            sessions_planned: "8".into(),
        })
        .await?;
    on(app, day(14))
        .partners()
        .approve_plan(officer, person, help)
        .await?;
    on(app, day(8))
        .partners()
        .record_session(volunteers, person, help, &session(day(8), "late", "good", "Visited the food bank together; starts next Tuesday. Bank account application made."))
        .await?;
    // The individual action plan, agreed with him at the IOM drop-in.
    let plan = on(app, day(14));
    for (kind, need, text, target) in [
        (
            "objective",
            "drugs",
            "Come off methadone altogether without relapsing",
            Some(today + Duration::days(180)),
        ),
        (
            "objective",
            "lifestyle",
            "Fill his weekdays: volunteering at the food bank and the IOM drop-in",
            Some(today + Duration::days(60)),
        ),
        (
            "action",
            "",
            "Three-way meeting with his volunteer and the drug service",
            Some(today + Duration::days(10)),
        ),
    ] {
        plan.partners()
            .add_plan_item(
                officer,
                person,
                &concord_app::PlanItemInput {
                    kind: kind.into(),
                    need: need.into(),
                    text: text.into(),
                    target_on: target.map_or_else(DateInput::default, date),
                },
            )
            .await?;
    }
    plan.partners()
        .review_action_plan(
            officer,
            person,
            &concord_app::PlanReviewInput {
                person_agreed: "yes".into(),
                note: "Agreed at the IOM drop-in; wants his partner to know about the plan.".into(),
                next_review_on: date(today + Duration::days(70)),
            },
        )
        .await?;
    on(app, day(2))
        .partners()
        .refer_to_service(officer, person, &refer(
            contract_for(contracts, ServiceType::DrugAndAlcohol, southend)?,
            &["drugs"],
            "Craig is on a reducing methadone script and wants help to come off it altogether without relapsing. Please assess him for the recovery programme.",
            &["markers", "convictions"],
        ))
        .await?;
    Ok(())
}

/// A referral at each step for supervised probation cases, by town.
async fn synthetic(
    app: &App,
    staff: &[Staff],
    people: &[Registered],
    contracts: &[(ContractId, ServiceType, Vec<String>)],
    today: NaiveDate,
) -> Result<(), AppError> {
    let day = |n: i64| today - Duration::days(n);
    let drugs = &find(staff, "drugs.worker")?.actor;
    let jobs = &find(staff, "jobcentre.adviser")?.actor;
    let cases: Vec<&Registered> = people
        .iter()
        .filter(|p| {
            p.profile.owner == Owner::Probation
                && matches!(p.profile.status, Status::Licence | Status::Community)
        })
        .take(6)
        .collect();
    for (i, p) in cases.iter().enumerate() {
        let officer = &staff[p.registrar].actor;
        let town = TOWNS[p.profile.town].name;
        let (service, needs, provider) = if i % 2 == 0 {
            (ServiceType::DrugAndAlcohol, ["drugs"], drugs)
        } else {
            (ServiceType::Employment, ["ete"], jobs)
        };
        let level = if i % 2 == 0 {
            ("drugs", "standard")
        } else {
            ("ete", "severe")
        };
        on(app, day(30))
            .partners()
            .screen_needs(officer, p.person, &screening(&[level]))
            .await?;
        let id: ServiceReferralId = on(app, day(28))
            .partners()
            .refer_to_service(
                officer,
                p.person,
                &refer(
                    contract_for(contracts, service, town)?,
                    &needs,
                    "Referred after screening at supervision.",
                    &["markers"],
                ),
            )
            .await?;
        let provider_step = |n: i64| on(app, day(n));
        match i {
            // Sent four weeks ago and no contact yet: overdue for both sides to see.
            0 => {}
            1 => {
                provider_step(27)
                    .partners()
                    .decline_referral(
                        provider,
                        p.person,
                        id,
                        "He is already working with the Jobcentre's own prison leavers' adviser.",
                    )
                    .await?;
            }
            2..=4 => {
                provider_step(27)
                    .partners()
                    .accept_referral(provider, p.person, id)
                    .await?;
                provider_step(27)
                    .partners()
                    .assign_caseworker(
                        provider,
                        p.person,
                        id,
                        provider.user_id.0.as_hyphenated().to_string().as_str(),
                    )
                    .await?;
                provider_step(24)
                    .partners()
                    .record_session(
                        provider,
                        p.person,
                        id,
                        &session(day(24), "attended", "some", "Assessment appointment."),
                    )
                    .await?;
                provider_step(24)
                    .partners()
                    .submit_plan(
                        provider,
                        p.person,
                        id,
                        &PlanInput {
                            objectives: vec![(
                                needs[0].into(),
                                "Engage with the service fortnightly".into(),
                            )],
                            activities: "Fortnightly appointments".into(),
                            sessions_planned: "6".into(),
                        },
                    )
                    .await?;
                on(app, day(23))
                    .partners()
                    .approve_plan(officer, p.person, id)
                    .await?;
                if i == 3 {
                    on(app, day(10))
                        .partners()
                        .end_referral(
                            officer,
                            p.person,
                            id,
                            false,
                            "The order was revoked; the person was resentenced to custody.",
                        )
                        .await?;
                } else if i == 4 {
                    provider_step(5)
                        .partners()
                        .submit_end_report(
                            provider,
                            p.person,
                            id,
                            &EndReportInput {
                                summary: "Attended every appointment and met the objective.".into(),
                                outcomes: vec![("achieved".into(), String::new())],
                                further_work: String::new(),
                            },
                        )
                        .await?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}
