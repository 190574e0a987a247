//! Partners (issue 20) through the use cases: the directory, needs screening with
//! suggestions, a referral from sending to the end-of-service report with the provider
//! acting in it, and every refusal with its reason and nothing half-written.

use concord_app::*;
use concord_authz::Actor;
use concord_domain::{AgencyKind, ContractId, PersonId, ServiceReferralId};

use crate::support::*;

mod action_plan;
mod figures;
mod journey;
mod order_ended;
mod refusals;
mod volunteers;

/// The world plus a drug service with a caseworker, a Women's Project provider and
/// probation's partnerships manager.
pub(super) struct Partnered {
    pub w: World,
    pub commissioning: Actor,
    pub drugs: Actor,
    pub drugs2: Actor,
}

pub(super) async fn partnered(t: &concord_testkit::TestDb) -> Partnered {
    let w = world(t).await;
    w.app
        .accounts()
        .add_agency(
            "DRG",
            "Open Road drug and alcohol service",
            AgencyKind::DrugAndAlcohol,
            "Essex",
        )
        .await
        .unwrap();
    w.app
        .accounts()
        .add_agency(
            "WOM",
            "Essex Women's Project",
            AgencyKind::VoluntarySector,
            "Essex",
        )
        .await
        .unwrap();
    let commissioning = add_staff(&w, "pm.ford", "Pat Ford", "PRB", "partnerships_manager").await;
    let drugs = add_staff(&w, "drg.okoro", "Ade Okoro", "DRG", "partner_caseworker").await;
    let drugs2 = add_staff(&w, "drg.hale", "Sam Hale", "DRG", "partner_caseworker").await;
    Partnered {
        w,
        commissioning,
        drugs,
        drugs2,
    }
}

pub(super) fn contract(
    provider: &str,
    service: &str,
    reference: &str,
    town: &str,
) -> ContractInput {
    ContractInput {
        provider: provider.into(),
        service: service.into(),
        reference: reference.into(),
        package_area: "Essex".into(),
        towns: vec![town.into()],
        eligibility: "anyone".into(),
        places: "10".into(),
        waiting_list: "2".into(),
        first_contact_days: "5".into(),
        starts_on: DateInput::from_date(ymd(2026, 1, 1)),
        ends_on: DateInput::from_date(ymd(2027, 3, 31)),
    }
}

pub(super) async fn add(p: &Partnered, c: &ContractInput) -> ContractId {
    p.w.app
        .partners()
        .add_contract(&p.commissioning, c)
        .await
        .unwrap_or_else(|e| panic!("{}: add contract: {e:?}", p.w.label))
}

/// A man living in Chelmsford, allocated to the offender manager.
pub(super) async fn client(w: &World, given: &str) -> PersonId {
    let mut input = person(given, "Hart", ymd(1982, 4, 2));
    input.addresses = vec![home(
        "12 Moulsham Street",
        "Chelmsford",
        "CM2 0HX",
        ymd(2025, 1, 1),
    )];
    input.markers = vec![marker("violence", "Threatened staff in 2024")];
    let id = w.app.people().register_person(&w.om, &input).await.unwrap();
    allocate(w, &w.om, id, &w.om, "offender_manager").await;
    id
}

pub(super) fn screening(needs: &[(&str, &str)]) -> ScreeningInput {
    let mut input = ScreeningInput::default();
    for n in Need::ALL {
        input.levels.insert(n.code().into(), "none".into());
    }
    for (need, level) in needs {
        input.levels.insert((*need).into(), (*level).into());
    }
    input
}

pub(super) fn refer(contract: ContractId, needs: &[&str]) -> ReferInput {
    ReferInput {
        contract: contract.to_string(),
        needs: needs.iter().map(|n| (*n).to_string()).collect(),
        reason: "Heroin use is driving his shoplifting; he wants to start a script".into(),
        sections: vec!["markers".into(), "addresses".into()],
        send: true,
    }
}

pub(super) async fn sent(p: &Partnered, person: PersonId, c: ContractId) -> ServiceReferralId {
    p.w.app
        .partners()
        .refer_to_service(&p.w.om, person, &refer(c, &["drugs"]))
        .await
        .unwrap_or_else(|e| panic!("{}: refer: {e:?}", p.w.label))
}
