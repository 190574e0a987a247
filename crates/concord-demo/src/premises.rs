//! The approved premises of the demo (issue 23): Braemar House in Chelmsford, where Mr D
//! lives, run by its manager's team; Lady Lane House, which stands inside Mr D's
//! exclusion zone near his victim's home (matching never offers it to him); a women-only
//! premises in Colchester and a PIPE in Southend. Added by the administrator, bed by bed.
//! Some of the men on the AP manager's caseload hold a booking at Braemar House,
//! applied for by whoever registered them, accepted and booked by the central referral
//! unit, and the arrival recorded today, so the occupancy is not empty.

use concord_app::{
    App, AppError, ApplicationForm, ArrivalForm, AssessmentForm, BedForm, BookingForm, PremisesForm,
};
use concord_domain::ApBedId;

use super::caseloads::Registered;
use super::monitoring::APPROVED_PREMISES;
use super::need_to_know::VICTIM_HOME;
use super::seed_cases::find;
use super::staff::Staff;

/// (code, name, town, location, team, characteristics, rooms: (room, beds, bed characteristics)).
type PremisesDef = (
    &'static str,
    &'static str,
    &'static str,
    (f64, f64),
    &'static str,
    &'static [&'static str],
    &'static [(&'static str, usize, &'static [&'static str])],
);

pub(super) const PREMISES: [PremisesDef; 4] = [
    (
        "BRAEMAR",
        "Braemar House",
        "Chelmsford",
        APPROVED_PREMISES,
        "Braemar House approved premises",
        &["men_only", "sex_offender_suitable", "step_free"],
        &[
            ("Room 1", 2, &["ground_floor", "wheelchair"]),
            ("Room 2", 2, &["ground_floor"]),
            ("Room 3", 2, &[]),
            ("Room 4", 2, &["ensuite"]),
            ("Room 5", 2, &[]),
            ("Room 6", 2, &[]),
        ],
    ),
    (
        "LADYLANE",
        "Lady Lane House",
        "Chelmsford",
        (VICTIM_HOME.0 + 0.0020, VICTIM_HOME.1 + 0.0015),
        "Lady Lane House approved premises",
        &["men_only"],
        &[
            ("Room 1", 2, &["ground_floor"]),
            ("Room 2", 2, &[]),
            ("Room 3", 2, &[]),
        ],
    ),
    (
        "ELMLODGE",
        "Elm Lodge",
        "Colchester",
        (51.8892, 0.9042),
        "Elm Lodge approved premises",
        &["women_only", "step_free"],
        &[
            ("Room 1", 1, &["ground_floor"]),
            ("Room 2", 1, &[]),
            ("Room 3", 2, &[]),
        ],
    ),
    (
        "WESTCLIFF",
        "Westcliff House",
        "Southend-on-Sea",
        (51.5390, 0.6880),
        "Westcliff House approved premises",
        &["men_only", "pipe"],
        &[
            ("Room 1", 2, &["ground_floor"]),
            ("Room 2", 2, &[]),
            ("Room 3", 2, &[]),
        ],
    ),
];

/// How many of the AP manager's men hold a booking at Braemar House.
const RESIDENTS: usize = 6;

fn codes(c: &[&str]) -> Vec<String> {
    c.iter().map(ToString::to_string).collect()
}

pub(super) async fn seed(
    app: &App,
    staff: &[Staff],
    people: &[Registered],
) -> Result<(), AppError> {
    let admin = &find(staff, "admin")?.actor;
    let cru = &find(staff, "cru.assessor")?.actor;
    let teams = app.accounts().teams().await?;
    let mut braemar_beds: Vec<ApBedId> = Vec::new();
    for (code, name, town, at, team, chars, rooms) in PREMISES {
        let team = teams
            .iter()
            .find(|(_, n)| n == team)
            .map(|(id, _)| *id)
            .ok_or_else(|| AppError::Internal(format!("demo team {team} is missing")))?;
        let id = app
            .premises()
            .add_premises(
                admin,
                &PremisesForm {
                    code: code.into(),
                    name: name.into(),
                    address: format!("{name}, {town}"),
                    latitude: at.0.to_string(),
                    longitude: at.1.to_string(),
                    area: "Essex".into(),
                    team: team.to_string(),
                    characteristics: codes(chars),
                },
            )
            .await?;
        for (room, beds, bed_chars) in rooms {
            for label in ["A", "B", "C"].iter().take(*beds) {
                let bed = app
                    .premises()
                    .add_bed(
                        admin,
                        id,
                        &BedForm {
                            room: room.to_string(),
                            label: label.to_string(),
                            characteristics: codes(bed_chars),
                        },
                    )
                    .await?;
                if code == "BRAEMAR" && bed_chars.is_empty() {
                    braemar_beds.push(bed);
                }
            }
        }
    }
    // A few of the AP manager's men are resident: applied for, accepted, booked, arrived.
    let manager = &find(staff, "ap.manager")?.actor;
    let today = app.clock().today();
    let on = |d: chrono::NaiveDate| d.format("%d/%m/%Y").to_string();
    for (r, bed) in people
        .iter()
        .filter(|r| r.profile.approved_premises && !r.profile.female)
        .zip(braemar_beds)
        .take(RESIDENTS)
    {
        let by = &staff[r.registrar].actor;
        let premises = app.premises();
        let Ok(application) = premises
            .apply_for_place(
                by,
                r.person,
                &ApplicationForm {
                    ap_type: "normal".into(),
                    reason: "Released on licence with residence at an approved premises".into(),
                    risk_summary: "Assessed as posing a high risk of serious harm; needs the AP's supervision and curfew".into(),
                    release_on: on(today),
                    duration_weeks: "12".into(),
                    needs: vec!["men_only".into()],
                },
            )
            .await
        else {
            // A registrar no longer in a relationship with him: he is passed over.
            continue;
        };
        premises
            .assess_application(
                cru,
                r.person,
                application,
                &AssessmentForm {
                    decision: "accept".into(),
                    reasons: "Meets the criteria: high risk of serious harm, no safe address"
                        .into(),
                    version: 1,
                },
            )
            .await?;
        let booking = premises
            .book_place(
                cru,
                r.person,
                application,
                &BookingForm {
                    bed: bed.to_string(),
                    arrival_on: on(today),
                    departure_on: on(today + chrono::Duration::weeks(12)),
                    version: 2,
                },
            )
            .await?;
        premises
            .record_arrival(
                manager,
                r.person,
                booking,
                &ArrivalForm {
                    arrived_on: on(today),
                    version: 1,
                },
            )
            .await?;
    }
    Ok(())
}
