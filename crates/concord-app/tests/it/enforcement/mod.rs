//! Compliance, enforcement and recall, end to end through the use cases: a first
//! unacceptable absence leaves the officer to choose a warning or a breach referral; a
//! second within 12 months of the warning must be referred; the recall started from the
//! breach explains why a fixed-term recall is not possible; a senior officer who did not
//! request it revokes the licence, which opens tasks for the police and the victim
//! liaison officer; the police record the return to custody.

use concord_app::*;
use concord_authz::Actor;
use concord_domain::PersonId;
use concord_licence::{LicenceAction, LicenceStatus};

use crate::support::*;

mod breach_to_recall;
mod diary;
mod recall_outcomes;

struct Case {
    w: World,
    clock: TestClock,
    d: PersonId,
    spo: Actor,
    vlo: Actor,
}

/// An adult (born 2 September 1984) serving 24 months, released on 1 March 2026 on a
/// licence to 1 March 2027; the offender manager, a senior probation officer, the police
/// public protection officer and a victim liaison officer allocated.
async fn case(t: &concord_testkit::TestDb) -> Case {
    let clock = TestClock::new(now());
    let w = world_with_clock(t, clock.clock()).await;
    let mut input = person("Daniel", "Dawson", ymd(1984, 9, 2));
    input.sentences = vec![SentenceInput {
        kind: "custody".into(),
        description: "2 years' imprisonment".into(),
        start_date: DateInput::from_date(ymd(2025, 3, 1)),
        end_date: DateInput::from_date(ymd(2027, 3, 1)),
        release_date: DateInput::from_date(ymd(2026, 3, 1)),
        licence_end_date: DateInput::from_date(ymd(2027, 3, 1)),
        term: String::new(),
    }];
    let d = w.app.people().register_person(&w.om, &input).await.unwrap();
    let spo = add_staff(&w, "spo.x", "Sam Xavier", "PRB", "senior_probation_officer").await;
    let vlo = add_staff(
        &w,
        "vlo.kelly",
        "Bernadette Kelly",
        "PRB",
        "victim_liaison_officer",
    )
    .await;
    allocate(&w, &w.om, d, &w.om, "offender_manager").await;
    allocate(&w, &w.om, d, &spo, "senior_probation_officer").await;
    allocate(&w, &w.om, d, &w.ppo, "public_protection_officer").await;
    allocate(&w, &w.om, d, &vlo, "victim_liaison_officer").await;
    Case {
        w,
        clock,
        d,
        spo,
        vlo,
    }
}

async fn current_version(c: &Case) -> LicenceVersionView {
    c.w.app
        .manage()
        .licences(&c.w.om, c.d)
        .await
        .unwrap()
        .versions[0]
        .clone()
}

/// Draft, submit, approve (by the senior officer) and activate the licence.
async fn activate_licence(c: &Case) {
    let w = &c.w;
    w.app
        .manage()
        .create_licence(
            &w.om,
            c.d,
            &LicenceForm {
                type_code: "AP".into(),
                release_date: "2026-03-01".into(),
                licence_end_date: "2027-03-01".into(),
                ..LicenceForm::default()
            },
        )
        .await
        .unwrap();
    for (actor, action) in [
        (&w.om, LicenceAction::Submit),
        (&c.spo, LicenceAction::Approve),
        (&w.om, LicenceAction::Activate),
    ] {
        let v = current_version(c).await;
        w.app
            .manage()
            .act_on_licence(actor, c.d, v.id, v.version, action, "")
            .await
            .unwrap_or_else(|e| panic!("{}: {action:?}: {e:?}", w.label));
    }
    assert_eq!(current_version(c).await.status, LicenceStatus::Active);
}

fn absence(on: &str) -> ComplianceForm {
    ComplianceForm {
        kind: "appointment".into(),
        occurred_on: on.into(),
        outcome: "unacceptable_absence".into(),
        details: "Did not attend the office appointment; no contact".into(),
    }
}

fn codes(e: AppError) -> Vec<(String, &'static str)> {
    field_codes(&e)
}

fn recall_form(reasons: &str, breach: Option<concord_domain::EnforcementActionId>) -> RecallForm {
    RecallForm {
        reasons: reasons.into(),
        charged_with_offence: Some(false),
        breach_action_id: breach,
        mappa_level: Some(2),
        schedule_19aa_offence: Some(false),
        terrorist_sentence: Some(false),
        terrorist_mappa_category: Some(false),
        ..RecallForm::default()
    }
}
