//! A person's MAPPA page — Concord's category proposal, the MAPPA record, referrals
//! (MAPPA A) with screening, reviews and the exit — the referral's print view, and the
//! coordinator's list of what is due in the area.
//!
//! This file assembles the MAPPA page, with the option lists and record rows it shows and
//! the way every form of it answers. Referring and the referral's print view are in
//! `referral`, confirming eligibility in `eligibility`, screening, reviews and the exit
//! in `decisions`, and the coordinator's work list in `work`; their handlers are
//! re-exported here so the routes stay `pages::mappa::...`.

mod category_3;
mod decisions;
mod eligibility;
mod notification;
mod referral;
mod work;

pub use category_3::answer as answer_category_3;
pub use decisions::{exit, review, screen};
pub use eligibility::confirm;
pub use notification::correct as correct_notification;
pub use referral::{print_referral, refer};
pub use work::work;

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, MappaCaseView, EXIT_REASONS};
use concord_domain::PersonId;
use concord_mappa::{Category, Level, MappaStatus};
use concord_ui::views::MappaPage;
use concord_ui::{FormErrors, SelectOption};

use crate::error::PageError;
use crate::format::{date, person_href};
use crate::forms::{form_errors, v, Values};
use crate::pages::{parse_id, render_checked};
use crate::session::PageUser;
use crate::AppState;

use referral::{fact_rows, referral_block};

fn href(person: PersonId) -> String {
    format!("{}/mappa", person_href(person))
}

fn category_options(chosen: &str) -> Vec<SelectOption> {
    let mut out = vec![SelectOption::new(
        "",
        "Choose a category",
        chosen.is_empty(),
    )];
    out.extend(Category::ALL.iter().map(|c| {
        let value = (*c).code();
        let selected = chosen == value;
        SelectOption::new(value, c.label(), selected)
    }));
    out
}

fn level_options(levels: &[Level], chosen: &str) -> Vec<SelectOption> {
    levels
        .iter()
        .map(|l| {
            let value = (*l).code();
            let selected = chosen == value;
            SelectOption::new(value, format!("Level {}", l.number()), selected)
        })
        .collect()
}

fn yes_no(chosen: &str) -> Vec<SelectOption> {
    vec![
        SelectOption::new("yes", "Yes", chosen == "yes"),
        SelectOption::new("no", "No", chosen == "no"),
    ]
}

fn opt_date(d: Option<chrono::NaiveDate>) -> String {
    d.map_or_else(|| "None recorded".into(), date)
}

fn record_rows(r: &concord_app::MappaRecordView) -> Vec<(String, String)> {
    let mut rows = vec![
        ("Category".into(), r.category.clone()),
        (
            "Level".into(),
            if r.status == MappaStatus::Referred {
                format!("{} requested: awaiting screening", r.level)
            } else {
                r.level.clone()
            },
        ),
        ("Lead agency".into(), r.lead_agency.clone()),
        ("Area".into(), r.area.clone()),
        ("Status".into(), r.status.label().into()),
        ("Eligible from".into(), date(r.eligible_from)),
        (
            "Eligibility ends".into(),
            r.eligibility_ends_on.map_or_else(|| "No end date (ends when the risk is judged reduced or the category's facts change)".into(), date),
        ),
        (
            "Why this category".into(),
            if r.category_reasons_withheld {
                "Not shown to you: the reasons rest on the convictions, which your access does not include.".into()
            } else {
                r.category_reasons.join(" ")
            },
        ),
        ("Confirmed by".into(), r.confirmed_by.clone()),
    ];
    if let Some(next) = &r.next_review {
        rows.push((
            "Next review".into(),
            if next.overdue {
                format!("{} (overdue)", date(next.on))
            } else {
                date(next.on)
            },
        ));
    }
    if r.critical_public_protection {
        rows.push((
            "Critical public protection case".into(),
            "Referred as a critical public protection case".into(),
        ));
    }
    if let Some(ended) = r.ended_on {
        rows.push(("Left MAPPA".into(), date(ended)));
        rows.push(("Reason".into(), r.end_reason.clone().unwrap_or_default()));
    }
    rows
}

async fn page(
    state: &AppState,
    user: &PageUser,
    person: PersonId,
    notice: &str,
    errors: FormErrors,
    values: Values,
) -> Result<Response, PageError> {
    let c: MappaCaseView = state
        .app
        .mappa()
        .mappa_case(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))?;
    let failed = !errors.is_empty();
    let current = c.current.as_ref();
    let active = current.is_some_and(|r| r.status == MappaStatus::Active);
    let proposed = c
        .proposal
        .as_ref()
        .and_then(|p| p.category)
        .map(concord_mappa::Category::code)
        .unwrap_or_default();
    let chosen = |field: &str, default: &str| {
        let given = v(&values, field);
        if given.is_empty() && !failed {
            default.to_string()
        } else {
            given.to_string()
        }
    };
    let current_level = current
        .and_then(|r| {
            Level::ALL
                .into_iter()
                .find(|l| l.number() == r.level_number)
        })
        .map(concord_mappa::Level::code)
        .unwrap_or_default();
    render_checked(
        &MappaPage {
            shell: user.record_shell("MAPPA", &c.key_facts),
            person_name: c.name.clone(),
            person_href: person_href(person),
            base: person_href(person),
            notice: notice.into(),
            withheld: c.withheld.join(", "),
            errors,
            current: current.map(record_rows).unwrap_or_default(),
            has_current: current.is_some(),
            active,
            end_prompt: current
                .filter(|r| r.end_prompt_due)
                .map(|r| {
                    format!(
                        "Eligibility ends on {}: plan the exit from MAPPA.",
                        opt_date(r.eligibility_ends_on)
                    )
                })
                .unwrap_or_default(),
            review_overdue: current
                .and_then(|r| r.next_review.as_ref())
                .filter(|n| n.overdue)
                .map(|n| format!("The MAPPA review was due on {}.", date(n.on)))
                .unwrap_or_default(),
            proposal_heading: match c.proposal.as_ref().map(|p| p.category) {
                Some(Some(cat)) => format!("Concord proposes {}.", cat.label()),
                Some(None) => "The record does not show that this person is eligible for MAPPA.".into(),
                None => "Concord's proposal is not shown to you: it rests on the convictions and the risk assessment, which your access does not include.".into(),
            },
            proposal_reasons: c
                .proposal
                .as_ref()
                .map(|p| p.reasons.clone())
                .unwrap_or_default(),
            facts: fact_rows(&c.facts),
            late_warning: match (c.facts.release_on, c.refer_by) {
                (Some(release), Some(by)) if c.late_if_referred_today => format!(
                    "Release is on {}: a referral after {} is late. Refer now.",
                    date(release),
                    date(by)
                ),
                (Some(release), Some(by)) => format!(
                    "Release is on {}: refer by {} to be on time.",
                    date(release),
                    date(by)
                ),
                _ => String::new(),
            },
            referrals: c
                .referrals
                .iter()
                .map(|r| referral_block(person, r))
                .collect(),
            decisions: c
                .decisions
                .iter()
                .map(|d| {
                    vec![
                        date(d.decided_on),
                        d.kind_label.clone(),
                        d.level.clone().unwrap_or_default(),
                        d.rationale.clone(),
                        d.decided_by.clone(),
                        d.next_review_on.map(date).unwrap_or_default(),
                    ]
                })
                .collect(),
            past: c.past.iter().map(record_rows).collect(),
            criteria: c
                .criteria
                .iter()
                .map(|k| {
                    (
                        k.title.to_string(),
                        k.criteria.iter().map(std::string::ToString::to_string).collect(),
                    )
                })
                .collect(),
            may_refer: c.may_refer,
            may_manage: c.may_manage,
            eligibility_action: format!("{}/eligibility", href(person)),
            category_3_action: if c.may_refer && c.current.is_none() {
                format!("{}/category-3", href(person))
            } else {
                String::new()
            },
            capacity_options: yes_no(v(&values, "capacity_for_serious_harm")),
            need_options: yes_no(v(&values, "needs_level_2_or_3")),
            notification_action: if c.may_correct_notification {
                format!("{}/notification-period", href(person))
            } else {
                String::new()
            },
            referral_action: format!("{}/referrals", href(person)),
            review_action: format!("{}/review", href(person)),
            exit_action: format!("{}/exit", href(person)),
            category_options: category_options(&chosen("category", proposed)),
            ref_category_options: category_options(&chosen("ref_category", proposed)),
            level_requested_options: level_options(
                &[Level::Two, Level::Three],
                v(&values, "level_requested"),
            ),
            screen_level_options: level_options(&Level::ALL, v(&values, "level")),
            screen_cppc_options: yes_no(v(&values, "critical_public_protection")),
            review_level_options: level_options(
                &Level::ALL,
                &chosen("review_level", current_level),
            ),
            review_cppc_options: yes_no(v(&values, "review_cppc")),
            exit_reason_options: EXIT_REASONS
                .iter()
                .map(|(code, label)| {
                    SelectOption::new(*code, *label, v(&values, "reason") == *code)
                })
                .collect(),
            values,
        },
        failed,
    )
}

pub async fn show(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let notice = match q.get("notice").map(String::as_str) {
        Some("referred") => "Referral sent to the MAPPA coordinator.",
        Some("eligible") => "MAPPA eligibility confirmed: managed at Level 1.",
        Some("category_3") => "Category 3 answers recorded: the proposal reads them.",
        Some("notification") => {
            "Notification period corrected: the computed period stays beside it in the reasons."
        }
        Some("screened") => "Level decision recorded.",
        Some("reviewed") => "Review recorded.",
        Some("ended") => "The case has left MAPPA.",
        _ => "",
    };
    page(
        &state,
        &user,
        person,
        notice,
        FormErrors::new(),
        Values::new(),
    )
    .await
}

/// After one of the page's forms: on success back to the page with a notice; on a refusal
/// the page again with the errors against the form's own fields.
pub(super) async fn submit<T>(
    state: &AppState,
    user: &PageUser,
    person: PersonId,
    values: Values,
    notice: &str,
    rename: &[(&str, &str)],
    result: Result<T, AppError>,
) -> Result<Response, PageError> {
    match result {
        Ok(_) => Ok(Redirect::to(&format!("{}?notice={notice}", href(person))).into_response()),
        Err(AppError::Validation(errors)) => {
            let shown = form_errors(&errors, &[], rename);
            page(state, user, person, "", shown, values).await
        }
        Err(e) => Err(user.error(e)),
    }
}
