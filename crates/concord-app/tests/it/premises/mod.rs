//! Approved premises through the use cases (issue 23): Mr D's application assessed by the
//! central referral unit, matched against his exclusion zone and his victim's home (the
//! reason withheld from those without her section), a bed booked, the overlap refused,
//! his arrival and departure recorded by the premises' staff, who reach him only while
//! he is booked in; another man's non-arrival setting his case team a task.

use chrono::Duration;
use concord_app::*;
use concord_authz::Actor;
use concord_domain::{ApBedId, ApPremisesId, PersonId};

use crate::em::{case, Case, HOME, VICTIM};
use crate::support::*;

mod beds;
mod booking;
mod incidents;
mod register;
mod stay;

pub struct Setting {
    pub c: Case,
    pub admin: Actor,
    pub cru: Actor,
    pub staff: Actor,
    /// Braemar House, 5 km from the victim: men only, step-free.
    pub braemar: ApPremisesId,
    /// Room 1 bed A (ground floor) and Room 2 bed A.
    pub ground_floor_bed: ApBedId,
    pub upstairs_bed: ApBedId,
    /// Lady Lane House, inside Mr D's exclusion zone, 60 m from the victim's home.
    pub lady_lane: ApPremisesId,
    pub lady_lane_bed: ApBedId,
}

fn premises_form(
    code: &str,
    name: &str,
    at: (f64, f64),
    team: uuid::Uuid,
    chars: &[&str],
) -> PremisesForm {
    PremisesForm {
        code: code.into(),
        name: name.into(),
        address: format!("{name}, Chelmsford"),
        latitude: at.0.to_string(),
        longitude: at.1.to_string(),
        area: "Essex".into(),
        team: team.to_string(),
        characteristics: chars.iter().map(ToString::to_string).collect(),
    }
}

fn bed(room: &str, label: &str, chars: &[&str]) -> BedForm {
    BedForm {
        room: room.into(),
        label: label.into(),
        characteristics: chars.iter().map(ToString::to_string).collect(),
    }
}

/// Mr D's case (issue 22's), with three premises, the unit's assessor and Braemar
/// House's manager.
pub async fn setting(t: &concord_testkit::TestDb) -> Setting {
    let c = case(t).await;
    let w = &c.w;
    let braemar_team = w
        .app
        .accounts()
        .add_team("PRB", "Braemar House AP", Some("Chelmsford"))
        .await
        .unwrap();
    let other_team = w
        .app
        .accounts()
        .add_team("PRB", "Lady Lane AP", Some("Chelmsford"))
        .await
        .unwrap();
    let admin = add_staff(w, "admin.ap", "Alex Admin", "PRB", "administrator").await;
    let cru = add_staff(w, "cru.singh", "Chris Singh", "PRB", "ap_assessor").await;
    let kit = concord_testkit::TestApp {
        app: w.app.clone(),
        label: w.label,
    };
    let mut manager = new_user(
        "ap.okafor",
        "Ada Okafor",
        "PRB",
        "approved_premises_manager",
    );
    manager.team_name = Some("Braemar House AP".into());
    w.app.accounts().add_user(manager).await.unwrap();
    let staff = kit.actor("ap.okafor").await;
    let premises = w.app.premises();
    let braemar = premises
        .add_premises(
            &admin,
            &premises_form(
                "BRAEMAR",
                "Braemar House",
                (HOME.0 + 0.001, HOME.1),
                braemar_team,
                &["men_only", "step_free"],
            ),
        )
        .await
        .unwrap();
    let ground_floor_bed = premises
        .add_bed(&admin, braemar, &bed("Room 1", "A", &["ground_floor"]))
        .await
        .unwrap();
    let upstairs_bed = premises
        .add_bed(&admin, braemar, &bed("Room 2", "A", &[]))
        .await
        .unwrap();
    let lady_lane = premises
        .add_premises(
            &admin,
            &premises_form(
                "LADYLANE",
                "Lady Lane House",
                (VICTIM.0 + 0.0005, VICTIM.1),
                other_team,
                &["men_only"],
            ),
        )
        .await
        .unwrap();
    let lady_lane_bed = premises
        .add_bed(&admin, lady_lane, &bed("Room 1", "A", &["ground_floor"]))
        .await
        .unwrap();
    premises
        .add_premises(
            &admin,
            &premises_form(
                "ROSE",
                "Rose House",
                (51.80, 0.40),
                other_team,
                &["women_only"],
            ),
        )
        .await
        .unwrap();
    Setting {
        c,
        admin,
        cru,
        staff,
        braemar,
        ground_floor_bed,
        upstairs_bed,
        lady_lane,
        lady_lane_bed,
    }
}

/// The offender manager's application for a man: released in two days, twelve weeks, a
/// ground-floor room.
pub fn application() -> ApplicationForm {
    ApplicationForm {
        ap_type: "normal".into(),
        reason: "No safe address on release; residence at an AP is a licence condition".into(),
        risk_summary: "High risk of serious harm to his former partner".into(),
        release_on: "12/3/2026".into(),
        duration_weeks: "12".into(),
        needs: vec!["men_only".into(), "ground_floor".into()],
    }
}

/// Apply as the offender manager and accept as the unit; the application and its version.
pub async fn accepted(
    s: &Setting,
    person: PersonId,
    by: &Actor,
) -> (concord_domain::ApApplicationId, i64) {
    let premises = s.c.w.app.premises();
    let id = premises
        .apply_for_place(by, person, &application())
        .await
        .unwrap();
    let version = premises.stay_page(by, person).await.unwrap().applications[0].version;
    premises
        .assess_application(
            &s.cru,
            person,
            id,
            &AssessmentForm {
                decision: "accept".into(),
                reasons: "Meets the criteria".into(),
                version,
            },
        )
        .await
        .unwrap();
    (id, version + 1)
}

pub fn booking(bed: ApBedId, version: i64) -> BookingForm {
    BookingForm {
        bed: bed.to_string(),
        arrival_on: "12/3/2026".into(),
        departure_on: "4/6/2026".into(),
        version,
    }
}

pub fn days(n: i64) -> Duration {
    Duration::days(n)
}
