//! Mr D's MAPPA history (seeds/002), replayed through the same use cases on the days it
//! happened: the offender manager's referral six months before release (Category 2,
//! Level 2 requested), the coordinator's screening at Level 2, and the Level 2 review two
//! weeks after release. Each step runs on an app whose clock is fixed at that day, so
//! dates, timeliness and the next review are computed exactly as they were then; the
//! audit chain records the steps in the order they were replayed.

use chrono::{Duration, NaiveDate};

use super::seed_cases::{find, LoadedSeed};
use super::staff::Staff;
use concord_app::{App, AppError, Clock, MappaReferralForm, MappaReviewForm, ScreeningForm};

/// The app as it was at 10:00 on `day`: the use cases run with that day as "today".
pub(super) fn on(app: &App, day: NaiveDate) -> App {
    let at = day.and_hms_opt(10, 0, 0).unwrap_or_default().and_utc();
    App::new(app.db().clone(), Clock::fixed(at), app.settings().clone())
}

/// Mr D's release date, as his record holds it.
pub(super) async fn release_of(
    app: &App,
    staff: &[Staff],
    mr_d: concord_domain::PersonId,
) -> Result<NaiveDate, AppError> {
    app.mappa()
        .mappa_case(&find(staff, "om.chelmsford")?.actor, mr_d)
        .await?
        .facts
        .release_on
        .ok_or_else(|| AppError::Internal("Mr D has no release date".into()))
}

/// Replay the history; returns Mr D's release date, which the later steps of his story
/// count from.
pub(super) async fn seed(
    app: &App,
    staff: &[Staff],
    seeds: &[LoadedSeed],
) -> Result<NaiveDate, AppError> {
    let mr_d = seeds[0].person;
    let om = find(staff, "om.chelmsford")?;
    let coordinator = find(staff, "mappa.coordinator")?;
    let chair = find(staff, "mappa.chair")?;
    let release = release_of(app, staff, mr_d).await?;
    // Six calendar months before release: on time (late is later than that).
    let referred_on = release
        .checked_sub_months(chrono::Months::new(6))
        .ok_or_else(|| AppError::Internal("Mr D's release date is out of range".into()))?;
    let referral = on(app, referred_on)
        .mappa().refer_to_mappa(
            &om.actor,
            mr_d,
            &MappaReferralForm {
                category: concord_mappa::Category::Two.code().into(),
                level_requested: concord_mappa::Level::Two.code().into(),
                reasons: "Possessive and controlling; held a knife to his former partner's throat, cut her hair and clothes and burned her. Two earlier incidents against her were not pursued. Plans to live with his daughter near the victim's home. Depression and overdoses. Police, victim liaison, housing, mental health and children's services all hold information: multi-agency meetings add value.".into(),
            },
        )
        .await?;
    on(app, release - Duration::days(176))
        .mappa().screen_mappa_referral(
            &coordinator.actor,
            mr_d,
            referral,
            &ScreeningForm {
                level: concord_mappa::Level::Two.code().into(),
                rationale: "RoSH high to a known adult (his former partner): Level 2 criterion (a). Multi-agency meetings add value: exclusion zone, victim safety, housing and mental health to co-ordinate before release.".into(),
                critical_public_protection: String::new(),
            },
        )
        .await?;
    on(app, release + Duration::days(14))
        .mappa().review_mappa_case(
            &chair.actor,
            mr_d,
            &MappaReviewForm {
                level: concord_mappa::Level::Two.code().into(),
                rationale: "Settling at the approved premises; engaging with treatment for depression; no attempt to contact the victim. Keep Level 2; relax the curfew gradually ahead of move-on.".into(),
                critical_public_protection: String::new(),
            },
        )
        .await?;
    Ok(release)
}
