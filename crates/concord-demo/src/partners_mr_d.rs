//! Mr D's partner services (seeds/002; issue 24 item 1): his needs screened from the
//! pre-release review the week after release; the council's housing options service
//! working on his move-on from the approved premises (accepted, a caseworker assigned,
//! a first session held, its plan approved: in progress); and a referral to the Jobcentre for the warehouse work he is
//! looking for, sent two days ago and waiting for the provider.

use chrono::{Duration, NaiveDate};
use concord_app::{App, AppError, PlanInput, ServiceType};
use concord_domain::{ContractId, PersonId};

use super::mappa_history::on;
use super::partners::{contract_for, refer, screening, session};
use super::seed_cases::find;
use super::staff::Staff;

pub(super) async fn seed(
    app: &App,
    staff: &[Staff],
    mr_d: PersonId,
    contracts: &[(ContractId, ServiceType, Vec<String>)],
    today: NaiveDate,
) -> Result<(), AppError> {
    let om = &find(staff, "om.chelmsford")?.actor;
    let housing = &find(staff, "housing.caseworker")?.actor;
    let day = |n: i64| today - Duration::days(n);
    on(app, day(27))
        .partners()
        .screen_needs(
            om,
            mr_d,
            &screening(&[
                ("accommodation", "severe"),
                ("ete", "standard"),
                ("relationships", "severe"),
                ("emotional_wellbeing", "severe"),
                ("thinking_and_behaviour", "standard"),
            ]),
        )
        .await?;
    let move_on = on(app, day(20))
        .partners()
        .refer_to_service(om, mr_d, &refer(
            contract_for(contracts, ServiceType::Housing, "Chelmsford")?,
            &["accommodation"],
            "He must leave Braemar House approved premises in about ten weeks and has nowhere to go: his daughter's home is inside the victim's exclusion zone. Please help him find a move-on address outside the zone; his offender manager checks any address before he moves.",
            &["markers", "addresses", "management"],
        ))
        .await?;
    on(app, day(18))
        .partners()
        .accept_referral(housing, mr_d, move_on)
        .await?;
    on(app, day(18))
        .partners()
        .assign_caseworker(housing, mr_d, move_on, "housing.caseworker")
        .await?;
    on(app, day(12))
        .partners()
        .record_session(housing, mr_d, move_on, &session(day(12), "attended", "good", "Housing options interview at Braemar House: registered on the housing register; private rented options outside the exclusion zone discussed."))
        .await?;
    on(app, day(11))
        .partners()
        .submit_plan(housing, mr_d, move_on, &PlanInput {
            objectives: vec![("accommodation".into(), "A tenancy or lodgings outside the exclusion zone, checked by his offender manager, before his approved premises stay ends".into())],
            activities: "Fortnightly housing options sessions at Braemar House; private rented sector search; a deposit bond application".into(),
            sessions_planned: "6".into(),
        })
        .await?;
    on(app, day(10))
        .partners()
        .approve_plan(om, mr_d, move_on)
        .await?;
    on(app, day(2))
        .partners()
        .refer_to_service(om, mr_d, &refer(
            contract_for(contracts, ServiceType::Employment, "Chelmsford")?,
            &["ete"],
            "Looking for warehouse work; forklift licence lapsed while he was in custody. Please help him back into work within his curfew hours.",
            &["markers"],
        ))
        .await?;
    Ok(())
}
