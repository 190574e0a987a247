//! The individual action plan: the page and its print, and the forms that add a line,
//! record progress and review the plan with the person.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{
    ActionPlanView, AppError, Need, PlanItemInput, PlanItemKind, PlanItemStatus, PlanItemView,
    PlanProgressInput, PlanReviewInput,
};
use concord_domain::{PersonId, PlanItemId};
use concord_ui::views::{ActionPlanPage, FormField, FormPage, PartnerWorkLine, PlanLine};
use concord_ui::{FormErrors, SelectOption};

use super::{date_field, line, options, services_href};
use crate::checked_form::CheckedForm;
use crate::error::PageError;
use crate::format::{date, opt_date, person_href};
use crate::forms::{date_input, form_errors, v, Values};
use crate::pages::{parse_id, render, render_form};
use crate::session::PageUser;
use crate::AppState;

fn plan_href(person: PersonId) -> String {
    format!("{}/plan", services_href(person))
}

fn plan_line(person: PersonId, o: &PlanItemView, may_change: bool) -> PlanLine {
    PlanLine {
        need: o.need.map_or_else(String::new, |n| n.label().into()),
        text: o.text.clone(),
        target: opt_date(o.target_on),
        status: o.status.label().into(),
        progress: o.progress.clone(),
        overdue: o.overdue,
        update_href: if may_change {
            format!("{}/items/{}", plan_href(person), o.id)
        } else {
            String::new()
        },
    }
}

fn page(
    user: &PageUser,
    person: PersonId,
    view: &ActionPlanView,
    print: bool,
    notice: &str,
) -> Result<Response, PageError> {
    let base = plan_href(person);
    let change = view.may_change && !print;
    render(&ActionPlanPage {
        shell: user.shell("Individual action plan", ""),
        person_name: view.person_name.clone(),
        base: person_href(person),
        notice: notice.into(),
        print,
        review: match (&view.reviews.first(), view.next_review_on) {
            (Some(r), Some(next)) => format!(
                "Last reviewed with the person on {}: {}. Next review by {}.",
                date(r.reviewed_on),
                if r.person_agreed {
                    "they agreed to the plan"
                } else {
                    "they did not agree"
                },
                date(next)
            ),
            _ => "Not yet reviewed with the person.".into(),
        },
        review_overdue: view.review_overdue,
        objectives: view
            .objectives
            .iter()
            .map(|o| plan_line(person, o, change))
            .collect(),
        actions: view
            .actions
            .iter()
            .map(|o| plan_line(person, o, change))
            .collect(),
        partner_work: view
            .partner_work
            .iter()
            .map(|p| PartnerWorkLine {
                referral: line(&p.referral, view.person_name.clone()),
                objectives: p
                    .objectives
                    .iter()
                    .map(|o| format!("{} ({})", o.objective, o.need.label()))
                    .collect(),
            })
            .collect(),
        uncovered: view
            .uncovered_needs
            .iter()
            .map(|(n, l)| {
                let href = if change {
                    format!("{base}/items/new?kind=objective&need={}", n.code())
                } else {
                    String::new()
                };
                (
                    format!("{} ({})", n.label(), l.label().to_lowercase()),
                    href,
                )
            })
            .collect(),
        reviews: view
            .reviews
            .iter()
            .map(|r| {
                let agreed = if r.person_agreed {
                    "The person agreed"
                } else {
                    "The person did not agree"
                };
                let note = if r.note.is_empty() {
                    String::new()
                } else {
                    format!(": {}", r.note)
                };
                (
                    date(r.reviewed_on),
                    format!(
                        "{agreed}{note} (by {}; next review by {})",
                        r.reviewed_by,
                        date(r.next_review_on)
                    ),
                )
            })
            .collect(),
        add_objective_href: if change {
            format!("{base}/items/new?kind=objective")
        } else {
            String::new()
        },
        add_action_href: if change {
            format!("{base}/items/new?kind=action")
        } else {
            String::new()
        },
        review_href: format!("{base}/review"),
        print_href: format!("{base}/print"),
    })
}

async fn load(
    state: &AppState,
    user: &PageUser,
    person: PersonId,
) -> Result<ActionPlanView, PageError> {
    state
        .app
        .partners()
        .action_plan(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))
}

pub async fn action_plan(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let view = load(&state, &user, person).await?;
    let notice = match q.get("notice").map(String::as_str) {
        Some("added") => "Added to the plan.",
        Some("progress") => "Progress recorded.",
        Some("reviewed") => "Review recorded.",
        _ => "",
    };
    page(&user, person, &view, false, notice)
}

pub async fn action_plan_print(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let view = load(&state, &user, person).await?;
    page(&user, person, &view, true, "")
}

/// A form of the plan: (heading, submit label), posted to `action`, cancelled back to
/// the plan.
fn form(
    user: &PageUser,
    view: &ActionPlanView,
    person: PersonId,
    (heading, submit): (&str, &str),
    action: String,
    fields: Vec<FormField>,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let cancel = plan_href(person);
    render_form(FormPage {
        shell: user.shell(heading, ""),
        caption: view.person_name.clone(),
        heading: heading.into(),
        intro: vec![],
        action,
        fields,
        hidden: vec![],
        submit_label: submit.into(),
        cancel_href: cancel,
        errors,
        possible_matches: vec![],
    })
}

fn item_fields(values: &Values) -> Vec<FormField> {
    let action = v(values, "kind") == PlanItemKind::Action.code();
    let mut f = vec![FormField::radios(
        "kind",
        "What is it?",
        PlanItemKind::ALL
            .iter()
            .map(|k| SelectOption::new(k.code(), k.label(), v(values, "kind") == k.code()))
            .collect(),
    )];
    f.push(FormField::select(
        "need",
        "Need it answers (optional for an action)",
        options(
            "No particular need",
            Need::ALL.iter().map(|n| (n.code(), n.label())),
            v(values, "need"),
        ),
    ));
    f.push(FormField::textarea(
        "text",
        if action {
            "What you will do"
        } else {
            "What the person will achieve"
        },
        v(values, "text"),
    ));
    f.push(date_field(
        values,
        "target_on",
        if action {
            "Due by"
        } else {
            "Target date (optional)"
        },
    ));
    f
}

pub async fn item_form(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let view = load(&state, &user, person).await?;
    let values: Values = q
        .into_iter()
        .filter(|(k, _)| k == "kind" || k == "need")
        .collect();
    form(
        &user,
        &view,
        person,
        ("Add to the action plan", "Add to the plan"),
        format!("{}/items/new", plan_href(person)),
        item_fields(&values),
        FormErrors::new(),
    )
}

pub async fn item_submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form: values }: CheckedForm<Values>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let input = PlanItemInput {
        kind: v(&values, "kind").into(),
        need: v(&values, "need").into(),
        text: v(&values, "text").into(),
        target_on: date_input(&values, "target_on"),
    };
    match state
        .app
        .partners()
        .add_plan_item(&user.0.actor, person, &input)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{}?notice=added", plan_href(person))).into_response()),
        Err(AppError::Validation(errors)) => {
            let view = load(&state, &user, person).await?;
            form(
                &user,
                &view,
                person,
                ("Add to the action plan", "Add to the plan"),
                format!("{}/items/new", plan_href(person)),
                item_fields(&values),
                form_errors(&errors, &["target_on"], &[]),
            )
        }
        Err(e) => Err(user.error(e)),
    }
}

fn progress_fields(item: &PlanItemView, values: &Values) -> Vec<FormField> {
    let status = if values.is_empty() {
        item.status.code()
    } else {
        v(values, "status")
    };
    let progress = if values.is_empty() {
        item.progress.as_str()
    } else {
        v(values, "progress")
    };
    vec![
        FormField::radios(
            "status",
            &format!("Where “{}” stands", item.text),
            PlanItemStatus::ALL
                .iter()
                .map(|s| SelectOption::new(s.code(), s.label(), s.code() == status))
                .collect(),
        ),
        FormField::textarea("progress", "Progress", progress),
    ]
}

fn find(view: &ActionPlanView, item: PlanItemId) -> Result<&PlanItemView, PageError> {
    view.objectives
        .iter()
        .chain(view.actions.iter())
        .find(|i| i.id == item)
        .ok_or_else(PageError::not_found)
}

pub async fn progress_form(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, item)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let item: PlanItemId = parse_id(&item)?;
    let view = state
        .app
        .partners()
        .action_plan_item(&user.0.actor, person, item)
        .await
        .map_err(|e| user.error(e))?;
    let line = find(&view, item)?;
    let action = format!(
        "{}/items/{item}?version={}",
        plan_href(person),
        line.version
    );
    form(
        &user,
        &view,
        person,
        ("Record progress", "Save the progress"),
        action,
        progress_fields(line, &Values::new()),
        FormErrors::new(),
    )
}

pub async fn progress_submit(
    State(state): State<AppState>,
    Path((id, item)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    CheckedForm { user, form: values }: CheckedForm<Values>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let item: PlanItemId = parse_id(&item)?;
    let input = PlanProgressInput {
        status: v(&values, "status").into(),
        progress: v(&values, "progress").into(),
        version: q.get("version").cloned().unwrap_or_default(),
    };
    match state
        .app
        .partners()
        .record_plan_progress(&user.0.actor, person, item, &input)
        .await
    {
        Ok(()) => {
            Ok(Redirect::to(&format!("{}?notice=progress", plan_href(person))).into_response())
        }
        Err(AppError::Validation(errors)) => {
            let view = load(&state, &user, person).await?;
            let line = find(&view, item)?;
            let action = format!(
                "{}/items/{item}?version={}",
                plan_href(person),
                line.version
            );
            form(
                &user,
                &view,
                person,
                ("Record progress", "Save the progress"),
                action,
                progress_fields(line, &values),
                form_errors(&errors, &[], &[]),
            )
        }
        Err(e) => Err(user.error(e)),
    }
}

fn review_fields(values: &Values) -> Vec<FormField> {
    vec![
        FormField::radios(
            "person_agreed",
            "Did the person agree to the plan?",
            vec![
                SelectOption::new("yes", "Yes", v(values, "person_agreed") == "yes"),
                SelectOption::new("no", "No", v(values, "person_agreed") == "no"),
            ],
        ),
        FormField::textarea(
            "note",
            "Note (why not, if they did not agree)",
            v(values, "note"),
        ),
        date_field(values, "next_review_on", "Next review by").hint("Within 16 weeks"),
    ]
}

pub async fn review_form(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let view = load(&state, &user, person).await?;
    form(
        &user,
        &view,
        person,
        ("Review the plan with the person", "Record the review"),
        format!("{}/review", plan_href(person)),
        review_fields(&Values::new()),
        FormErrors::new(),
    )
}

pub async fn review_submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form: values }: CheckedForm<Values>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let input = PlanReviewInput {
        person_agreed: v(&values, "person_agreed").into(),
        note: v(&values, "note").into(),
        next_review_on: date_input(&values, "next_review_on"),
    };
    match state
        .app
        .partners()
        .review_action_plan(&user.0.actor, person, &input)
        .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("{}?notice=reviewed", plan_href(person))).into_response())
        }
        Err(AppError::Validation(errors)) => {
            let view = load(&state, &user, person).await?;
            form(
                &user,
                &view,
                person,
                ("Review the plan with the person", "Record the review"),
                format!("{}/review", plan_href(person)),
                review_fields(&values),
                form_errors(&errors, &["next_review_on"], &[]),
            )
        }
        Err(e) => Err(user.error(e)),
    }
}
