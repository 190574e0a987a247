//! Mr D's first month on licence (seeds/002; issue 24 item 1), replayed through the use
//! cases on the days it happened, so his tabs tell the story his chronology tells:
//! weekly supervision booked in the offender manager's diary a week ahead and its outcome
//! recorded on the day (one absence excused), the next appointments booked, a police
//! monitoring visit, the Level 2 MAPP
//! meeting two weeks after release with its attendance and approved minutes, the risk
//! management plan written that day under the four pillars, and the actions agreed there
//! with their owners — the victim liaison officer's and the mental health team's done
//! with evidence, the rest in hand.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use concord_app::{
    ActionForm, App, AppError, AttendanceForm, ComplianceForm, DiaryBooking, DiaryOutcomeForm,
    MeetingForm, MinutesForm, PlanForm,
};
use concord_domain::{MeetingId, PersonId};
use concord_mappa::{ActionStatus, Pillar};

use super::mappa_history::on;
use super::seed_cases::find;
use super::staff::Staff;

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(super) async fn seed(
    app: &App,
    staff: &[Staff],
    mr_d: PersonId,
    release: NaiveDate,
) -> Result<(), AppError> {
    let day = |n: i64| release + Duration::days(n);
    compliance(app, staff, mr_d, &day).await?;
    let meeting = meeting(app, staff, mr_d, &day).await?;
    plan(app, staff, mr_d, meeting, &day).await
}

/// Where Mr D reports.
const OFFICE: &str = "Chelmsford probation office, Victoria Road South";

/// Weekly appointments from the day after release, each booked in the offender manager's
/// diary a week before (the first on the day of release) and its outcome recorded on the
/// day; the police visit of day 10, unannounced, recorded by hand; and the appointments
/// booked from today on: this afternoon's, and a home visit with the police next week.
async fn compliance(
    app: &App,
    staff: &[Staff],
    mr_d: PersonId,
    day: &dyn Fn(i64) -> NaiveDate,
) -> Result<(), AppError> {
    let om = &find(staff, "om.chelmsford")?.actor;
    let police = &find(staff, "ppo.chelmsford")?.actor;
    for (n, outcome, details) in [
        (1, "attended", "First supervision at Chelmsford probation office: licence conditions and the exclusion zone gone through again; reporting weekly."),
        (7, "attended", "Supervision: settling at Braemar House; keeping the curfew; low mood but taking his medication."),
        (14, "acceptable_absence", "GP appointment about his antidepressants the same morning; appointment letter seen; rebooked."),
        (21, "attended", "Supervision: victim empathy work begun; looking for warehouse work."),
        (28, "attended", "Supervision: no contact with the victim; asked about moving on from the approved premises."),
    ] {
        let booked = on(app, day((n - 7).max(0)))
            .manage()
            .book_appointment(om, mr_d, &booking("office", day(n), "09:30", OFFICE, ""))
            .await?;
        on(app, day(n))
            .manage()
            .record_appointment_outcome(
                om,
                mr_d,
                booked,
                &DiaryOutcomeForm {
                    outcome: outcome.into(),
                    details: details.into(),
                },
            )
            .await?;
    }
    on(app, day(10))
        .manage()
        .record_compliance(
            police,
            mr_d,
            &ComplianceForm {
                kind: "police_visit".into(),
                occurred_on: iso(day(10)),
                outcome: "Present at Braemar House and compliant; room searched with consent; no concerns.".into(),
                details: "Unannounced visit under the police monitoring condition.".into(),
            },
        )
        .await?;
    let today = app.clock().today();
    for (ahead, kind, time, place, notes) in [
        (
            0,
            "office",
            "14:00",
            OFFICE,
            "Weekly supervision: the move-on plan.",
        ),
        (
            6,
            "home_visit",
            "11:00",
            "Braemar House approved premises, Chelmsford",
            "Joint visit with the police, as the plan agreed.",
        ),
    ] {
        app.manage()
            .book_appointment(
                om,
                mr_d,
                &booking(kind, today + Duration::days(ahead), time, place, notes),
            )
            .await?;
    }
    Ok(())
}

fn booking(kind: &str, on: NaiveDate, time: &str, place: &str, notes: &str) -> DiaryBooking {
    DiaryBooking {
        kind: kind.into(),
        date: iso(on),
        time: time.into(),
        place: place.into(),
        notes: notes.into(),
    }
}

/// The Level 2 MAPP meeting of day 14: scheduled a week before, the partners invited,
/// attendance taken, minutes written by the coordinator and approved by the chair.
async fn meeting(
    app: &App,
    staff: &[Staff],
    mr_d: PersonId,
    day: &dyn Fn(i64) -> NaiveDate,
) -> Result<MeetingId, AppError> {
    let coordinator = &find(staff, "mappa.coordinator")?.actor;
    let before = on(app, day(7));
    let id = before
        .meetings()
        .schedule_mappa_meeting(
            coordinator,
            &MeetingForm {
                town: "Chelmsford".into(),
                held_on: iso(day(14)),
                starts_at: "10:00".into(),
                chair: "mappa.chair".into(),
            },
        )
        .await?;
    before
        .meetings()
        .add_to_mappa_agenda(coordinator, id, mr_d)
        .await?;
    for partner in ["ap.manager", "health.cjmh", "housing.caseworker"] {
        before
            .meetings()
            .invite_to_mappa_meeting(coordinator, id, mr_d, partner)
            .await?;
    }
    let held = on(app, day(14));
    for who in [
        "mappa.chair",
        "mappa.coordinator",
        "om.chelmsford",
        "ppo.chelmsford",
        "vlo.essex",
        "ap.manager",
        "health.cjmh",
        "housing.caseworker",
    ] {
        held.meetings()
            .record_mappa_attendance(
                coordinator,
                id,
                &AttendanceForm {
                    username: who.into(),
                    attendance: "present".into(),
                    accepted: true,
                },
            )
            .await?;
    }
    held.meetings().open_mappa_meeting(coordinator, id).await?;
    let sections: BTreeMap<String, String> = [
        ("reason", "Level 2 review two weeks after release to Braemar House approved premises."),
        ("agency_information", "Probation: reporting weekly, one absence excused (GP). Police: monitoring visit on day 10, compliant. Approved premises: curfew kept, polite to staff. Mental health: antidepressants continued; community mental health team appointment booked. Housing: no move-on address yet; his daughter's home is inside the exclusion zone and cannot be used."),
        ("risk_assessment", "RoSH high to a known adult (his former partner), signed a month before release; no change. Risk rises if he learns where she lives, drinks, or his mood falls."),
        ("risk_management", "Plan written under the four pillars (see the risk management plan); licence conditions unchanged; curfew to be relaxed gradually ahead of move-on."),
        ("victim_issues", "The victim liaison officer has told the victim of the conditions that protect her; the alarm at her home stays."),
        ("disclosure", "None needed now. Any new relationship he discloses comes back to the panel for a disclosure decision."),
        ("actions", "Five actions agreed: see the actions agreed at this meeting."),
        ("level_and_review", "Level 2 continues; next review in 16 weeks."),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    held.meetings()
        .save_mappa_minutes(coordinator, id, mr_d, &MinutesForm { sections })
        .await?;
    Ok(id)
}

/// The plan and the actions agreed at the meeting; the minutes approved and sent the
/// next day; two actions done since.
async fn plan(
    app: &App,
    staff: &[Staff],
    mr_d: PersonId,
    meeting: MeetingId,
    day: &dyn Fn(i64) -> NaiveDate,
) -> Result<(), AppError> {
    let om = find(staff, "om.chelmsford")?;
    let held = on(app, day(14));
    held.plans()
        .save_mappa_plan(
            &om.actor,
            mr_d,
            &PlanForm {
                risks: "Serious violence to his former partner, and to any new partner, when he feels rejected or controlled; higher with alcohol and low mood.".into(),
                supervision: "Weekly supervision at Chelmsford probation office; key work at Braemar House; joint visits with the police.".into(),
                monitoring_and_control: "The licence conditions below: no contact, exclusion zone round her home, curfew at Braemar House, police monitoring visits, disclosure of relationships and vehicles; GPS tag enforcing the zone and curfew.".into(),
                interventions_and_treatment: "Community mental health team for depression; domestic abuse programme once settled; help into work.".into(),
                victim_safety_planning: "The victim liaison officer keeps her informed; alarm at her home; police flag on her address.".into(),
                contingency: "If he contacts her or enters the zone: police attend at once and the offender manager requests recall the same day. If he goes missing from the approved premises: police notified and recall considered.".into(),
            },
        )
        .await?;
    let agreed_at = meeting.to_string();
    let mut agreed = vec![];
    for (pillar, what, owner, due) in [
        (Pillar::Supervision, "Weekly supervision, with a joint home visit with the police each month", "om.chelmsford", 112),
        (Pillar::MonitoringAndControl, "Unannounced police monitoring visits at Braemar House, at least every fortnight", "ppo.chelmsford", 70),
        (Pillar::VictimSafety, "Tell the victim of the licence conditions and the zone that protect her, and check her alarm", "vlo.essex", 21),
        (Pillar::InterventionsAndTreatment, "First community mental health team appointment for his depression", "health.cjmh", 28),
        (Pillar::Supervision, "Find a move-on address outside the exclusion zone for the end of his approved premises stay", "housing.caseworker", 84),
    ] {
        let owner = find(staff, owner)?;
        let id = held
            .plans()
            .add_mappa_action(
                &om.actor,
                mr_d,
                &ActionForm {
                    pillar: pillar.code().into(),
                    description: what.into(),
                    owner_user_id: owner.user_id.0.to_string(),
                    due_on: iso(day(14 + due)),
                    status: String::new(),
                    evidence: String::new(),
                    meeting: agreed_at.clone(),
                },
            )
            .await?;
        agreed.push((id, owner));
    }
    let chair = &find(staff, "mappa.chair")?.actor;
    let next = on(app, day(15));
    next.meetings()
        .approve_mappa_minutes(chair, meeting, mr_d)
        .await?;
    next.meetings()
        .distribute_mappa_minutes(chair, meeting, mr_d)
        .await?;
    for (n, index, evidence) in [
        (18, 2, "Told her of the no-contact condition and the exclusion zone by telephone; the police checked her alarm the same day."),
        (25, 3, "Seen by the community mental health team at Chelmsford; fortnightly appointments from now on."),
    ] {
        let (id, owner) = agreed[index];
        let then = on(app, day(n));
        let current = then
            .plans()
            .mappa_actions(&owner.actor, mr_d)
            .await?
            .actions
            .into_iter()
            .find(|a| a.id == id)
            .ok_or_else(|| AppError::Internal("a demo MAPPA action is missing".into()))?;
        then.plans()
            .update_mappa_action(
                &owner.actor,
                mr_d,
                id,
                current.version,
                &ActionForm {
                    pillar: current.pillar.code().into(),
                    description: current.description.clone(),
                    owner_user_id: owner.user_id.0.to_string(),
                    due_on: iso(current.due_on),
                    status: ActionStatus::Done.code().into(),
                    evidence: evidence.into(),
                    meeting: String::new(),
                },
            )
            .await?;
    }
    Ok(())
}
