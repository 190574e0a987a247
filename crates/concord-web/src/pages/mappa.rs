//! A person's MAPPA page — Concord's category proposal, the MAPPA record, referrals
//! (MAPPA A) with screening, reviews and the exit — the referral's print view, and the
//! coordinator's list of what is due in the area.

use concord_mappa::{MappaStatus, ReferralStatus};
use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{
    AppError, EligibilityForm, MappaCaseView, MappaExitForm, MappaReferralForm, MappaReviewForm,
    MappaWorkItem, ScreeningForm, EXIT_REASONS,
};
use concord_domain::PersonId;
use concord_mappa::{Category, Level};
use concord_ui::views::{
    MappaPage, MappaReferralBlock, MappaReferralPrintPage, MappaWorkLine, MappaWorkPage, WorkRow,
    WorkTable,
};
use concord_ui::{FormErrors, SelectOption};

use super::{parse_id, render, render_checked};
use crate::checked_form::CheckedForm;
use crate::error::PageError;
use crate::format::{date, person_href};
use crate::forms::{form_errors, v, Values};
use crate::session::PageUser;
use crate::AppState;

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
        let value = (*c).as_str();
        let selected = chosen == value;
        SelectOption::new(value, c.label(), selected)
    }));
    out
}

fn level_options(levels: &[Level], chosen: &str) -> Vec<SelectOption> {
    levels
        .iter()
        .map(|l| {
            let value = (*l).as_str();
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
    d.map(date).unwrap_or_else(|| "None recorded".into())
}

fn fact_rows(f: &concord_app::ReferralFacts) -> Vec<(String, String)> {
    let list = |items: &[String]| {
        if items.is_empty() {
            "None recorded".to_string()
        } else {
            items.join("\n")
        }
    };
    vec![
        ("Name".into(), f.name.clone()),
        ("Date of birth".into(), date(f.date_of_birth)),
        ("Gender".into(), f.gender.clone()),
        ("Aliases".into(), list(&f.aliases)),
        ("Identifiers".into(), list(&f.identifiers)),
        (
            "Current address".into(),
            f.current_address
                .clone()
                .unwrap_or_else(|| "None recorded".into()),
        ),
        ("Offences".into(), list(&f.offences)),
        ("Sentences".into(), list(&f.sentences)),
        ("Release date".into(), opt_date(f.release_on)),
        ("Licence ends".into(), opt_date(f.licence_ends_on)),
        ("Sentence ends".into(), opt_date(f.sentence_ends_on)),
        (
            "Risk of serious harm".into(),
            f.rosh
                .clone()
                .unwrap_or_else(|| "No signed RoSH review".into()),
        ),
        ("Warning markers".into(), list(&f.markers)),
        ("Licence conditions".into(), list(&f.licence_conditions)),
        (
            "Other agencies' entries (last 12 months)".into(),
            list(&f.other_agencies),
        ),
    ]
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
            r.eligibility_ends_on
                .map(date)
                .unwrap_or_else(|| "No end date (ends when the risk is judged reduced or the category's facts change)".into()),
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

/// What of a referral the reader is not shown, in words.
fn withheld_text(withheld: &[String]) -> String {
    if withheld.is_empty() {
        "Nothing: this is the whole referral.".into()
    } else {
        format!(
            "{}: your access does not include these sections of the record.",
            withheld.join(", ")
        )
    }
}

fn referral_block(person: PersonId, r: &concord_app::MappaReferralView) -> MappaReferralBlock {
    let mut rows = vec![
        (
            "Referred".to_string(),
            format!(
                "{} by {} ({})",
                date(r.referred_on),
                r.referred_by,
                r.referring_agency
            ),
        ),
        (
            "Timing".into(),
            if r.late {
                format!("{} — late", r.timing)
            } else {
                r.timing.clone()
            },
        ),
        ("Level requested".into(), r.level_requested.clone()),
        ("Reasons".into(), r.reasons.clone()),
        ("Not shown to you".into(), withheld_text(&r.withheld)),
        ("Status".into(), r.status.label().into()),
    ];
    if let (Some(by), Some(on)) = (&r.screened_by, r.screened_on) {
        rows.push((
            "Level decided".into(),
            format!(
                "{} by {} on {}",
                r.level_decided.clone().unwrap_or_default(),
                by,
                date(on)
            ),
        ));
        rows.push((
            "Rationale".into(),
            r.screening_rationale.clone().unwrap_or_default(),
        ));
    }
    MappaReferralBlock {
        heading: format!("Referral of {}", date(r.referred_on)),
        rows,
        late: r.late,
        awaiting: r.status == ReferralStatus::AwaitingScreening,
        print_href: format!("{}/referrals/{}/print", href(person), r.id),
        screen_action: format!("{}/referrals/{}/screen", href(person), r.id),
    }
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
        .map(concord_mappa::Category::as_str)
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
        .map(concord_mappa::Level::as_str)
        .unwrap_or_default();
    render_checked(
        &MappaPage {
            shell: user.shell("MAPPA", ""),
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
                        k.criteria.iter().map(|s| s.to_string()).collect(),
                    )
                })
                .collect(),
            may_refer: c.may_refer,
            may_manage: c.may_manage,
            eligibility_action: format!("{}/eligibility", href(person)),
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
async fn submit<T>(
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

pub async fn refer(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let form = MappaReferralForm {
        category: v(&values, "ref_category").into(),
        level_requested: v(&values, "level_requested").into(),
        reasons: v(&values, "reasons").into(),
    };
    let actor = &user.0.actor;
    submit(
        &state,
        &user,
        person,
        values,
        "referred",
        &[
            ("category", "ref_category"),
            ("identifiers", "ref_category"),
            ("offences", "ref_category"),
            ("sentences", "ref_category"),
            ("referral", "ref_category"),
        ],
        state.app.refer_to_mappa(actor, person, &form).await,
    )
    .await
}

pub async fn confirm(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let form = EligibilityForm {
        category: v(&values, "category").into(),
        note: v(&values, "note").into(),
    };
    let actor = &user.0.actor;
    submit(
        &state,
        &user,
        person,
        values,
        "eligible",
        &[],
        state
            .app
            .confirm_mappa_eligibility(actor, person, &form)
            .await,
    )
    .await
}

pub async fn screen(
    State(state): State<AppState>,
    Path((id, referral)): Path<(String, String)>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let referral = parse_id(&referral)?;
    let form = ScreeningForm {
        level: v(&values, "level").into(),
        rationale: v(&values, "rationale").into(),
        critical_public_protection: v(&values, "critical_public_protection").into(),
    };
    let actor = &user.0.actor;
    submit(
        &state,
        &user,
        person,
        values,
        "screened",
        &[("referral", "level"), ("record", "level")],
        state
            .app
            .screen_mappa_referral(actor, person, referral, &form)
            .await,
    )
    .await
}

pub async fn review(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let form = MappaReviewForm {
        level: v(&values, "review_level").into(),
        rationale: v(&values, "review_rationale").into(),
        critical_public_protection: v(&values, "review_cppc").into(),
    };
    let actor = &user.0.actor;
    submit(
        &state,
        &user,
        person,
        values,
        "reviewed",
        &[
            ("level", "review_level"),
            ("rationale", "review_rationale"),
            ("critical_public_protection", "review_cppc"),
            ("record", "review_level"),
        ],
        state.app.review_mappa_case(actor, person, &form).await,
    )
    .await
}

pub async fn exit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let form = MappaExitForm {
        reason: v(&values, "reason").into(),
        rationale: v(&values, "exit_rationale").into(),
    };
    let actor = &user.0.actor;
    submit(
        &state,
        &user,
        person,
        values,
        "ended",
        &[("rationale", "exit_rationale"), ("record", "reason")],
        state.app.end_mappa_case(actor, person, &form).await,
    )
    .await
}

/// MAPPA A as it was sent, for printing: the facts as they stood that day.
pub async fn print_referral(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, referral)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let referral = parse_id(&referral)?;
    let c = state
        .app
        .mappa_case(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))?;
    let r = c
        .referrals
        .iter()
        .find(|r| r.id == referral)
        .ok_or_else(PageError::not_found)?;
    let category = c
        .current
        .as_ref()
        .or(c.past.first())
        .map(|m| m.category.clone())
        .unwrap_or_default();
    render(&MappaReferralPrintPage {
        shell: user.shell("MAPPA A referral", ""),
        back_href: href(person),
        title: format!("MAPPA A: referral of {}", r.facts.name),
        sections: vec![
            (
                "Referral".into(),
                vec![
                    ("Area".into(), c.area.clone()),
                    ("Category".into(), category),
                    ("Level requested".into(), r.level_requested.clone()),
                    (
                        "Referred".into(),
                        format!(
                            "{} by {} ({})",
                            date(r.referred_on),
                            r.referred_by,
                            r.referring_agency
                        ),
                    ),
                    (
                        "Timing".into(),
                        if r.late {
                            format!("{} — late referral", r.timing)
                        } else {
                            r.timing.clone()
                        },
                    ),
                ],
            ),
            (
                "Offender information, convictions and dates".into(),
                fact_rows(&r.facts),
            ),
            (
                "Relevant information and reason for referral".into(),
                vec![("Reasons".into(), r.reasons.clone())],
            ),
            (
                "Not shown to you".into(),
                vec![("Withheld".into(), withheld_text(&r.withheld))],
            ),
        ],
    })
}

fn work_lines(items: &[MappaWorkItem]) -> Vec<MappaWorkLine> {
    items
        .iter()
        .map(|i| MappaWorkLine {
            href: href(i.person_id),
            name: i.name.clone(),
            category: i.category.clone(),
            level: i.level.clone(),
            date: date(i.date),
            flagged: i.flagged,
            note: i.note.clone(),
        })
        .collect()
}

/// The coordinator's and chair's list of what is due in the area.
pub async fn work(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    let actor = &user.0.actor;
    let w = state
        .app
        .mappa_work(actor)
        .await
        .map_err(|e| user.error(e))?;
    let meetings = state
        .app
        .upcoming_mappa_meetings(actor)
        .await
        .map_err(|e| user.error(e))?;
    let overdue = state
        .app
        .overdue_mappa_actions(actor)
        .await
        .map_err(|e| user.error(e))?;
    let tables = vec![
        WorkTable {
            id: "mappa-meetings".into(),
            heading: "MAPP meetings to come".into(),
            empty: "No meetings are scheduled.".into(),
            headers: ["Meeting", "Date", "Chair", "Cases", "Status"]
                .map(String::from)
                .to_vec(),
            rows: meetings
                .iter()
                .map(|m| WorkRow {
                    href: format!("/mappa/meetings/{}", m.id),
                    cells: vec![
                        format!("{} MAPP meeting", m.town),
                        format!("{} at {}", date(m.held_on), m.starts_at),
                        m.chair.clone(),
                        m.cases.to_string(),
                        m.status.label().to_string(),
                    ],
                    flagged: false,
                })
                .collect(),
        },
        WorkTable {
            id: "mappa-overdue-actions".into(),
            heading: "Overdue actions".into(),
            empty: "No action is overdue.".into(),
            headers: ["Name", "Action", "Owner", "Due"]
                .map(String::from)
                .to_vec(),
            rows: overdue
                .iter()
                .map(|a| WorkRow {
                    href: format!("{}/mappa/actions", person_href(a.person_id)),
                    cells: vec![
                        a.person_name.clone(),
                        a.description.clone(),
                        format!("{} ({})", a.owner_name, a.agency),
                        date(a.due_on),
                    ],
                    flagged: a.overdue,
                })
                .collect(),
        },
    ];
    render(&MappaWorkPage {
        shell: user.shell("MAPPA", "mappa"),
        area: w.area.clone(),
        open_cases: w.open_cases,
        awaiting_screening: work_lines(&w.awaiting_screening),
        reviews: work_lines(&w.reviews),
        ending: work_lines(&w.ending),
        tables,
    })
}
