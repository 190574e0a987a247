//! The Local Criminal Justice Board's measures held outside Concord, as the performance
//! officer would import them each quarter: eight quarters of ineffective trials and
//! fail-to-appear warrants, breach resolution and the persistent young offenders'
//! arrest-to-sentence days — invented but plausible, with the latest quarter's youth
//! figure not yet supplied, so the page shows how a missing figure reads.

use chrono::NaiveDate;
use concord_app::{last_quarters, App, AppError};

use super::seed_cases::find;
use super::staff::Staff;

pub(super) async fn seed(app: &App, staff: &[Staff], today: NaiveDate) -> Result<(), AppError> {
    let officer = &find(staff, "lcjb.performance")?.actor;
    let mut csv = String::from("measure,area,period_start,period_end,numerator,denominator\n");
    let quarters = last_quarters(today, 8);
    for (i, (from, to)) in quarters.iter().enumerate() {
        let i = i as u64;
        // Trials listed steady; ineffective ones falling from about 18% to about 12%.
        csv.push_str(&format!(
            "ineffective_trials,Essex,{from},{to},{},{}\n",
            172 - 6 * i,
            950 + 5 * i
        ));
        // Outstanding warrants falling as the warrant backlog is worked.
        csv.push_str(&format!(
            "fta_warrants_outstanding,Essex,{from},{to},{},\n",
            410 - 22 * i
        ));
        // Breaches resolved at court: about 38 days falling to about 30.
        csv.push_str(&format!(
            "breach_resolution_days,Essex,{from},{to},{},{}\n",
            (38 - i) * (60 + i),
            60 + i
        ));
        // The youth figure for the latest quarter has not arrived yet.
        if i < 7 {
            csv.push_str(&format!(
                "pyo_arrest_to_sentence_days,Essex,{from},{to},{},{}\n",
                (76 - i) * 24,
                24
            ));
        }
    }
    app.iom().import_measures(officer, &csv).await?;
    Ok(())
}
