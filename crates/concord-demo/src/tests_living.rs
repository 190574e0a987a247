//! The demo brings Mr D's case to the state his story describes (issue 24 item 1): every
//! tab a practitioner opens holds what the chronology says happened.

use concord_app::{CaseloadQuery, ReferralStatus};
use concord_mappa::ActionStatus;

use super::tests::{app, caseload_person};
use super::*;

#[tokio::test]
async fn mr_d_s_tabs_hold_what_his_story_says() {
    let db = concord_testkit::sqlite().await;
    let app = app(&db);
    load_demo(&app, 120, &|_, _| {}).await.expect("load");
    let actor = |name: &'static str| {
        let app = app.clone();
        async move {
            app.accounts()
                .actor_for_username(name)
                .await
                .expect("account")
        }
    };
    let om = actor("om.chelmsford").await;
    let mr_d = caseload_person(&app, &om, "Darren Keith Dolby").await;
    let today = app.clock().today();

    // Every case on the offender manager's caseload has a signed review; his is high.
    let caseload = app
        .people()
        .caseload(&om, &CaseloadQuery::default())
        .await
        .expect("caseload");
    assert!(caseload.iter().all(|r| r.rosh.is_some()), "{caseload:?}");
    let row = caseload.iter().find(|r| r.person_id == mr_d).expect("Mr D");
    assert_eq!(
        row.rosh.map(|l| l.label().to_owned()),
        Some("High".to_owned())
    );

    // The rise to high leaves the plan and allocation reviews for his team.
    let risk = app.assess().risk_history(&om, mr_d).await.expect("risk");
    assert_eq!(
        risk.reviews
            .iter()
            .filter(|r| r.signed_at.is_some())
            .count(),
        1
    );
    assert!(risk
        .tasks
        .iter()
        .any(|t| t.title.starts_with("Allocation review")));

    // The licence was approved before release and came into force on it.
    let release = app
        .mappa()
        .mappa_case(&om, mr_d)
        .await
        .expect("MAPPA case")
        .facts
        .release_on
        .expect("release date");
    let licences = app.manage().licences(&om, mr_d).await.expect("licences");
    let approved = licences.versions[0].approved.clone().unwrap_or_default();
    let approval_day = (release - chrono::Duration::days(20))
        .format("%-d %B %Y")
        .to_string();
    assert!(approved.contains(&approval_day), "approved: {approved}");
    // It tells him where and when to report on the day of release.
    let reporting = licences.versions[0]
        .appointment
        .clone()
        .expect("reporting instructions");
    assert_eq!((reporting.on, reporting.time.as_str()), (release, "14:00"));

    // The MAPPA A as sent six months before release shows where he lived that day (the
    // prison), not the approved premises he moved to on release.
    let case = app.mappa().mappa_case(&om, mr_d).await.expect("MAPPA case");
    let sent = case.referrals.last().expect("his referral");
    let address = sent.facts.current_address.clone().unwrap_or_default();
    assert!(
        address.contains("HMP Chelmsford"),
        "MAPPA A address: {address}"
    );

    // A month of supervision: five appointments (one excused) and a police visit.
    let compliance = app
        .manage()
        .compliance(&om, mr_d)
        .await
        .expect("compliance");
    assert_eq!(compliance.events.len(), 6, "{:?}", compliance.events);
    assert!(compliance.warnings.is_empty() && compliance.breaches.is_empty());
    // His weekly appointments were booked in the diary and their outcomes recorded there;
    // this afternoon's and next week's home visit are booked.
    let diary = app
        .manage()
        .compliance_page(&om, mr_d)
        .await
        .expect("compliance page")
        .diary;
    assert_eq!(diary.past.len(), 5, "{:?}", diary.past);
    assert!(diary.past.iter().all(|a| !a.outcome_label.is_empty()));
    assert_eq!(diary.upcoming.len() + diary.awaiting_outcome.len(), 2);

    // The plan, and the five actions agreed at the meeting: two done with evidence.
    let plan = app.plans().mappa_plan(&om, mr_d).await.expect("plan");
    assert!(!plan.versions.is_empty(), "a plan is written");
    let actions = app.plans().mappa_actions(&om, mr_d).await.expect("actions");
    assert_eq!(actions.actions.len(), 5);
    let done: Vec<_> = actions
        .actions
        .iter()
        .filter(|a| a.status == ActionStatus::Done)
        .collect();
    assert_eq!(done.len(), 2);
    assert!(done.iter().all(|a| !a.evidence.is_empty()));
    assert!(actions.actions.iter().all(|a| !a.overdue), "none overdue");

    // The Level 2 meeting two weeks after release: minutes approved and distributed.
    let coordinator = actor("mappa.coordinator").await;
    let meetings = app
        .meetings()
        .mappa_meetings(&coordinator, false)
        .await
        .expect("meetings");
    let held = meetings
        .iter()
        .find(|m| m.held_on == release + chrono::Duration::days(14))
        .expect("the meeting of day 14");
    assert!(held.held_on < today);
    let minutes = app
        .meetings()
        .mappa_minutes(&coordinator, held.id, mr_d)
        .await
        .expect("minutes");
    let latest = minutes.versions.last().expect("a version");
    assert!(latest.approved_by.is_some() && latest.distributed_at.is_some());

    // Partner services: his move-on with housing in progress, the Jobcentre's waiting.
    let services = app
        .partners()
        .interventions(&om, mr_d)
        .await
        .expect("services");
    assert!(services.screening.is_some(), "needs screened");
    let mut statuses: Vec<_> = services.referrals.iter().map(|r| r.status).collect();
    statuses.sort_by_key(|s| s.code());
    assert_eq!(
        statuses,
        vec![ReferralStatus::InProgress, ReferralStatus::Sent]
    );

    // Possible duplicates wait for the data quality officer.
    let quality = actor("data.quality").await;
    let (queue, total) = app
        .identify()
        .duplicate_queue(&quality, 50)
        .await
        .expect("queue");
    assert!(
        total > 0 && !queue.is_empty(),
        "the duplicates queue is empty"
    );
}
