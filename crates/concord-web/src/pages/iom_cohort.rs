//! The IOM cohort: the proposed list and the cohort for a town (`/iom/cohort?town=`), and
//! one person's score with the panel's decision form (`/iom/cohort/{id}`).

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, CohortDecisionInput, CohortLine, CohortStatus, Strand};
use concord_domain::PersonId;
use concord_ui::views::{CohortListPage, CohortPersonPage, CohortRow, IntervalChart};
use concord_ui::{FormErrors, SelectOption};

use crate::checked_form::CheckedForm;
use crate::error::PageError;
use crate::format::{date, person_href};
use crate::forms::{date_input, form_errors, v, Values};
use crate::pages::{parse_id, render, render_checked};
use crate::session::PageUser;
use crate::AppState;

pub const COHORT: &str = "/iom/cohort";

fn status(s: CohortStatus) -> (&'static str, &'static str) {
    match s {
        CohortStatus::Proposed => ("Proposed", "blue"),
        CohortStatus::Rejected => ("Rejected before", "grey"),
        CohortStatus::Adopted => ("In the cohort", "green"),
        CohortStatus::ExitProposed => ("Exit proposed: score fallen", "orange"),
    }
}

fn points(x: f64) -> String {
    format!("{x:.1}")
}

fn row(l: &CohortLine) -> CohortRow {
    let (label, colour) = status(l.status);
    let latest = l.decisions.last();
    CohortRow {
        name: l.name.clone(),
        href: format!("{COHORT}/{}", l.person_id.0),
        score: points(l.score.total),
        strand: latest
            .and_then(|d| d.strand)
            .unwrap_or(l.score.strand)
            .label()
            .to_string(),
        status: label.into(),
        colour: colour.into(),
        reasons: l
            .score
            .parts
            .iter()
            .filter(|p| p.points > 0.0)
            .map(|p| format!("{} {}: {}", p.name, points(p.points), p.reason))
            .collect(),
        order: if l.on_order {
            "On an order"
        } else {
            "No order"
        }
        .into(),
        review: latest
            .filter(|_| matches!(l.status, CohortStatus::Adopted | CohortStatus::ExitProposed))
            .and_then(|d| d.review_on)
            .map(date)
            .unwrap_or_default(),
        overdue: l.review_overdue,
    }
}

/// The cohort's outcome in words: equal windows, counts, the cost of crime, and the rate
/// ratio with its interval — or why there is none yet.
fn outcome_rows(p: &concord_app::CohortPage) -> Vec<(String, String)> {
    let o = &p.outcome;
    let pounds = |x: f64| format!("£{x:.0}");
    let mut rows = vec![(
        "Compared".to_string(),
        format!(
            "the {} days before adoption with the {} days after (unit costs {})",
            p.window_days, p.window_days, p.costs_version
        ),
    )];
    rows.push((
        "People with a full window after adoption".into(),
        o.people.to_string(),
    ));
    if p.outcomes_pending > 0 {
        rows.push((
            "Not yet measurable".into(),
            format!(
                "{} adopted less than {} days ago",
                p.outcomes_pending, p.window_days
            ),
        ));
    }
    if o.people > 0 {
        rows.push((
            "Offences".into(),
            format!("{} before, {} after", o.before.offences, o.after.offences),
        ));
        rows.push((
            "Cost of crime".into(),
            format!(
                "{} before, {} after",
                pounds(o.before.cost),
                pounds(o.after.cost)
            ),
        ));
    }
    if let (Some(rr), Some((lo, hi))) = (o.rate_ratio, o.interval) {
        rows.push((
            "Rate after against before".into(),
            format!(
                "{rr:.2} (95% interval {lo:.2} to {hi:.2}){}",
                if lo < 1.0 && hi > 1.0 {
                    ": the interval includes no change, so chance cannot be ruled out"
                } else {
                    ""
                }
            ),
        ));
    }
    rows
}

pub async fn cohort(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let towns = state.app.settings().mappa.towns.clone();
    let town = q
        .get("town")
        .filter(|t| towns.contains(t))
        .cloned()
        .or_else(|| towns.first().cloned())
        .unwrap_or_default();
    let p = state
        .app
        .iom()
        .cohort(&user.0.actor, &town)
        .await
        .map_err(|e| user.error(e))?;
    render(&CohortListPage {
        shell: user.shell(&format!("IOM cohort: {town}"), COHORT),
        towns: towns
            .iter()
            .map(|t| SelectOption::new(t.clone(), t.clone(), *t == town))
            .collect(),
        town,
        explanation: format!(
            "Everyone living in the town is scored on their offending (score {}, harm weights {}): recency, frequency and harm in the window, and intelligence for those on no order. A score of {} or more is proposed; someone in the cohort whose score falls below {} is proposed for exit. The panel decides, with its rationale.",
            p.config_version, p.weights_version, p.threshold, p.exit_threshold
        ),
        proposed: p.proposed.iter().map(row).collect(),
        cohort: p.cohort.iter().map(row).collect(),
        not_scored: p.not_scored.clone(),
        outcome: outcome_rows(&p),
        outcome_bars: if p.outcome.people == 0 {
            vec![]
        } else {
            let (b, a) = (p.outcome.before.offences, p.outcome.after.offences);
            let max = b.max(a).max(1);
            vec![
                ("Before adoption".into(), b, b * 400 / max),
                ("After adoption".into(), a, a * 400 / max),
            ]
        },
    })
}

/// Offences by quarter as bars, the adoption quarter marked in its label.
fn offending_chart(l: &CohortLine) -> Option<IntervalChart> {
    if l.offending_by_quarter.is_empty() {
        return None;
    }
    let max = l
        .offending_by_quarter
        .iter()
        .map(|(_, n)| *n)
        .max()
        .unwrap_or(0)
        .max(1);
    let adopted = l.adopted_on.map(|d| concord_app::quarter_of(d).0);
    Some(IntervalChart {
        id: "offending-chart".into(),
        title: format!("{}: offences committed each quarter", l.name),
        height: 20 + 30 * l.offending_by_quarter.len() as u32,
        bars: l
            .offending_by_quarter
            .iter()
            .enumerate()
            .map(|(i, (start, n))| {
                let label = concord_app::quarter_label(*start);
                let label = if Some(*start) == adopted {
                    format!("{label} (adopted)")
                } else {
                    label
                };
                crate::pages::board_measures::bar(
                    i,
                    &label,
                    f64::from(*n) / f64::from(max),
                    format!("{n} offence{}", if *n == 1 { "" } else { "s" }),
                    None,
                )
            })
            .collect(),
    })
}

async fn person_page(
    state: &AppState,
    user: &PageUser,
    person: PersonId,
    notice: &str,
    errors: FormErrors,
    values: &Values,
) -> Result<Response, PageError> {
    let l = state
        .app
        .iom()
        .cohort_person(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))?;
    let (label, _) = status(l.status);
    let choice = |name: &str, value: &str| v(values, name) == value;
    let failed = !errors.is_empty();
    render_checked(
        &CohortPersonPage {
            shell: user.shell(&l.name, COHORT),
            name: l.name.clone(),
            back_href: format!("{COHORT}?town={}", crate::session::urlencode(&l.town)),
            offending_chart: offending_chart(&l),
            record_href: person_href(person),
            notice: notice.into(),
            errors,
            summary: vec![
                ("Date of birth".into(), date(l.date_of_birth)),
                ("Lives in".into(), l.town.clone()),
                ("Score".into(), points(l.score.total)),
                ("Where they stand".into(), label.into()),
                (
                    "Strand the offending suggests".into(),
                    l.score.strand.label().into(),
                ),
                (
                    "Supervision".into(),
                    if l.on_order {
                        "On an order"
                    } else {
                        "No order"
                    }
                    .into(),
                ),
                (
                    "Offending before and after adoption".into(),
                    match &l.outcome {
                        None => "Not adopted".to_string(),
                        Some(Err(why)) => format!("Not yet: {why}"),
                        Some(Ok(o)) => format!(
                            "{} offences (£{:.0}) in the {} days before; {} (£{:.0}) in the {} days after",
                            o.before.offences,
                            o.before.cost,
                            o.window_days,
                            o.after.offences,
                            o.after.cost,
                            o.window_days
                        ),
                    },
                ),
            ],
            parts: l
                .score
                .parts
                .iter()
                .map(|p| (p.name.to_string(), points(p.points), p.reason.clone()))
                .collect(),
            decisions: l
                .decisions
                .iter()
                .rev()
                .map(|d| {
                    let mut rows = vec![
                        ("Rationale".to_string(), d.rationale.clone()),
                        ("Decided by".into(), d.decided_by.clone()),
                    ];
                    if let Some(s) = d.strand {
                        rows.push(("Strand".into(), s.label().into()));
                    }
                    if let Some(r) = d.review_on {
                        rows.push(("Review".into(), date(r)));
                    }
                    if let Some(t) = d.score_then {
                        rows.push(("Score then".into(), points(t)));
                    }
                    (format!("{}: {}", date(d.decided_on), d.decision), rows)
                })
                .collect(),
            action: format!("{COHORT}/{}", person.0),
            decision_options: [
                ("adopt", "Adopt"),
                ("reject", "Reject"),
                ("deselect", "Deselect"),
            ]
            .iter()
            .map(|(c, t)| SelectOption::new(*c, *t, choice("decision", c)))
            .collect(),
            strand_options: Strand::ALL
                .iter()
                .map(|s| SelectOption::new(s.code(), s.label(), choice("strand", s.code())))
                .collect(),
            rationale: v(values, "rationale").into(),
            review: (
                v(values, "review_on-day").into(),
                v(values, "review_on-month").into(),
                v(values, "review_on-year").into(),
            ),
        },
        failed,
    )
}

pub async fn person(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let notice = match q.get("notice").map(String::as_str) {
        Some("decided") => "The panel's decision is recorded.",
        _ => "",
    };
    person_page(
        &state,
        &user,
        person,
        notice,
        FormErrors::new(),
        &Values::new(),
    )
    .await
}

pub async fn decide(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<Values>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let input = CohortDecisionInput {
        decision: v(&form, "decision").into(),
        strand: v(&form, "strand").into(),
        rationale: v(&form, "rationale").into(),
        review_on: date_input(&form, "review_on"),
    };
    match state
        .app
        .iom()
        .decide_cohort(&user.0.actor, person, &input)
        .await
    {
        Ok(()) => {
            Ok(Redirect::to(&format!("{COHORT}/{}?notice=decided", person.0)).into_response())
        }
        Err(AppError::Validation(errors)) => {
            person_page(
                &state,
                &user,
                person,
                "",
                form_errors(&errors, &["review_on"], &[]),
                &form,
            )
            .await
        }
        Err(e) => Err(user.error(e)),
    }
}
