//! The area's other MAPPA cases, so the coordinator's work list, the meetings' agendas and
//! the board's annual statistics hold more than Mr D. Among the first synthetic people,
//! those for whom Concord proposes a category (never Category 3, which needs a panel's
//! judgement) are brought into MAPPA through the use cases, as their registrar: most are
//! confirmed for Level 1; every fourth is referred and screened at Level 2, replayed on
//! earlier days so that some reviews are now due or overdue; the last referral is left
//! awaiting screening.

use chrono::Duration;

use super::caseloads::Registered;
use super::seed_cases::find;
use super::staff::Staff;
use concord_app::{App, AppError, EligibilityForm, MappaReferralForm, ScreeningForm};

/// How many synthetic people are looked at, and how many become MAPPA cases at most.
const SCANNED: usize = 250;
const CASES: usize = 24;

fn on(app: &App, days_ago: i64) -> App {
    super::mappa_history::on(app, app.clock().today() - Duration::days(days_ago))
}

pub(super) async fn seed(
    app: &App,
    staff: &[Staff],
    people: &[Registered],
) -> Result<(), AppError> {
    let coordinator = find(staff, "mappa.coordinator")?;
    let mut chosen = vec![];
    for p in people.iter().take(SCANNED) {
        let actor = &staff[p.registrar].actor;
        let case = app.mappa().mappa_case(actor, p.person).await?;
        match case.proposal.and_then(|p| p.category) {
            Some(c) if c != concord_mappa::Category::Three => chosen.push((p, c)),
            _ => {}
        }
        if chosen.len() == CASES {
            break;
        }
    }
    let last = chosen.len().saturating_sub(1);
    for (i, (p, category)) in chosen.iter().enumerate() {
        let actor = &staff[p.registrar].actor;
        let code = category.code().to_string();
        if i % 4 != 3 && i != last {
            app.mappa()
                .confirm_mappa_eligibility(
                    actor,
                    p.person,
                    &EligibilityForm {
                        category: code,
                        note: "Confirmed from the record at the weekly MAPPA eligibility check."
                            .into(),
                    },
                )
                .await?;
            continue;
        }
        let referral = MappaReferralForm {
            category: code,
            level_requested: concord_mappa::Level::Two.code().into(),
            reasons: "Violent offending against a known adult; several agencies hold information and multi-agency meetings would add value.".into(),
        };
        if i == last {
            on(app, 3)
                .mappa()
                .refer_to_mappa(actor, p.person, &referral)
                .await?;
            continue;
        }
        // Referred 100 to 180 days ago, screened a week later: the 16-week reviews fall
        // due around now.
        let referred = 100 + (i as i64 * 13) % 80;
        let id = on(app, referred)
            .mappa()
            .refer_to_mappa(actor, p.person, &referral)
            .await?;
        on(app, referred - 7)
            .mappa()
            .screen_mappa_referral(
                &coordinator.actor,
                p.person,
                id,
                &ScreeningForm {
                    level: concord_mappa::Level::Two.code().into(),
                    rationale:
                        "RoSH high to a known adult: Level 2 criterion (a); meetings add value."
                            .into(),
                    critical_public_protection: String::new(),
                },
            )
            .await?;
    }
    Ok(())
}
