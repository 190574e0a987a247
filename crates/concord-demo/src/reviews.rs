//! Signed risk reviews (issue 24 item 1): a caseload whose RoSH column is blank tells a
//! new officer nothing. Mr D's review (seeds/002: high risk of serious harm to his former
//! partner) and one for every other case on each probation offender manager's caseload,
//! at levels drawn from each case's own random stream so the same demo always shows the
//! same levels. They are signed on the demo's day, not back-dated: a review acknowledges
//! the other agencies' entries recorded before it, and the demo records those today.

use chrono::{Datelike, Duration, NaiveDate};
use concord_app::{App, AppError, CaseloadQuery, RoshForm};
use concord_domain::PersonId;

use super::rng::Rng;
use super::seed_cases::find;
use super::staff::{Staff, PROBATION};

/// The RoSH groups in the order the form lists them.
const GROUPS: [&str; 4] = ["CHILDREN", "PUBLIC", "KNOWN_ADULT", "STAFF"];

/// The narrative of a review: who is at risk, the harm, when, what raises and lowers it.
pub(super) struct Narrative<'a> {
    pub who: &'a str,
    pub nature: &'a str,
    pub when: &'a str,
    pub increases: &'a str,
    pub reduces: &'a str,
}

/// The RoSH step of a review: `levels` in the order of [`GROUPS`], the next review due on
/// `due`.
pub(super) fn rosh(levels: [&str; 4], n: &Narrative, due: NaiveDate) -> RoshForm {
    RoshForm {
        levels: GROUPS
            .iter()
            .zip(levels)
            .map(|(g, l)| ((*g).to_string(), l.to_string()))
            .collect(),
        who_is_at_risk: n.who.into(),
        nature_of_harm: n.nature.into(),
        when_most_likely: n.when.into(),
        what_increases: n.increases.into(),
        what_reduces: n.reduces.into(),
        review_due_on: format!("{}/{}/{}", due.day(), due.month(), due.year()),
    }
}

/// Start, complete and sign a review as `by` would through the pages: the facts confirmed
/// as the record holds them, the RoSH assessed, other agencies' entries read.
pub(super) async fn sign(
    app: &App,
    by: &Staff,
    person: PersonId,
    form: &RoshForm,
) -> Result<(), AppError> {
    let assess = app.assess();
    let id = assess.start_risk_review(&by.actor, person).await?;
    let r = assess.risk_review(&by.actor, person, id).await?;
    let facts: Vec<(String, String, String)> = r
        .facts
        .iter()
        .map(|f| {
            (
                f.field.clone(),
                f.value.clone().unwrap_or_default(),
                String::new(),
            )
        })
        .collect();
    assess
        .confirm_review_facts(&by.actor, person, id, r.version, &facts)
        .await?;
    // Someone in custody is also assessed for the risk to other prisoners.
    let mut form = form.clone();
    if r.in_custody {
        form.levels.push(("PRISONERS".into(), "LOW".into()));
    }
    assess
        .save_review_rosh(&by.actor, person, id, r.version + 1, &form)
        .await?;
    assess
        .acknowledge_review_entries(&by.actor, person, id, r.version + 2)
        .await?;
    assess
        .sign_risk_review(&by.actor, person, id, r.version + 3)
        .await?;
    Ok(())
}

/// Mr D's review since release. Its rise to high (from no review) leaves the plan and
/// allocation reviews open for his team, as a real rise would.
pub(super) async fn mr_d(app: &App, staff: &[Staff], mr_d: PersonId) -> Result<(), AppError> {
    let om = find(staff, "om.chelmsford")?;
    let today = app.clock().today();
    let form = rosh(
        ["LOW", "MEDIUM", "HIGH", "LOW"],
        &Narrative {
            who: "His former partner (the victim of the index offence); any new partner",
            nature: "Serious violence, threats to kill and controlling behaviour when a relationship ends or he feels rejected",
            when: "Soon after release, if he learns where she lives, when drinking or low in mood",
            increases: "Alcohol; depression and overdoses; a new relationship ending; losing his approved premises place",
            reduces: "Exclusion zone and no-contact condition; curfew at the approved premises; mental health treatment; disclosure of relationships",
        },
        today + Duration::weeks(16),
    );
    sign(app, om, mr_d, &form).await
}

/// A review for every case on each probation offender manager's caseload that has none,
/// due again in one to six months. Mr D's is signed first, by [`mr_d`].
pub(super) async fn caseloads(app: &App, staff: &[Staff]) -> Result<(), AppError> {
    let today = app.clock().today();
    for officer in staff
        .iter()
        .filter(|s| s.def.role == "offender_manager" && s.def.agency == PROBATION)
    {
        let cases = app
            .people()
            .caseload(&officer.actor, &CaseloadQuery::default())
            .await?;
        for case in cases.iter().filter(|c| c.rosh.is_none()) {
            let mut rng = Rng::new(u64::from_le_bytes(
                case.person_id.0.as_bytes()[8..16]
                    .try_into()
                    .unwrap_or_default(),
            ));
            let due = today + Duration::days(rng.range(30, 182));
            let (levels, narrative) = match rng.range(0, 10) {
                0 => (["LOW", "MEDIUM", "HIGH", "LOW"], &KNOWN_ADULT),
                1..=4 => (["LOW", "MEDIUM", "LOW", "LOW"], &PUBLIC),
                _ => (["LOW", "LOW", "LOW", "LOW"], &PUBLIC),
            };
            sign(app, officer, case.person_id, &rosh(levels, narrative, due)).await?;
        }
    }
    Ok(())
}

const KNOWN_ADULT: Narrative = Narrative {
    who: "A former partner",
    nature: "Violence and intimidation when contact is refused",
    when: "After drinking; around child contact arrangements",
    increases: "Alcohol; a new relationship; losing accommodation",
    reduces: "Restraining order; supervision; engagement with the programme",
};

const PUBLIC: Narrative = Narrative {
    who: "Members of the public in the town centre at night",
    nature: "Assault and criminal damage in disputes",
    when: "Weekend evenings when drinking",
    increases: "Alcohol; unemployment; peers who offend",
    reduces: "Work; stable housing; supervision and alcohol treatment",
};
