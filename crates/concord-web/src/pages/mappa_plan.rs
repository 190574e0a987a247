//! The MAPPA risk management plan: the plan under the four pillars with the licence's
//! conditions and every earlier version, its print view, the actions with the form that
//! adds one, and the form that updates one (the case team, MAPPA staff, or its owner).

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{
    action_status_code, action_status_label, pillar_code, ActionForm, ActionStatus, ActionView,
    AppError, Pillar, PlanForm, PlanVersionView, PlanView, StaffOption,
};
use concord_domain::PersonId;
use concord_ui::views::{
    ActionLine, MappaActionEditPage, MappaActionsPage, MappaPlanPage, MappaPlanPrintPage, PlanPart,
    PlanVersionBlock,
};
use concord_ui::{FormErrors, SelectOption};

use super::{parse_id, render, render_checked};
use crate::checked_form::CheckedForm;
use crate::error::PageError;
use crate::format::{date, person_href};
use crate::forms::{form_errors, v, Values};
use crate::session::PageUser;
use crate::AppState;

fn plan_href(person: PersonId) -> String {
    format!("{}/mappa/plan", person_href(person))
}

fn actions_href(person: PersonId) -> String {
    format!("{}/mappa/actions", person_href(person))
}

/// The parts of the plan in order: (field, label, hint).
fn parts() -> Vec<(&'static str, &'static str, String)> {
    let pillar = |p: Pillar| (p.label(), p.hint().to_string());
    let (sup, sup_hint) = pillar(Pillar::Supervision);
    let (mon, mon_hint) = pillar(Pillar::MonitoringAndControl);
    let (int, int_hint) = pillar(Pillar::InterventionsAndTreatment);
    let (vic, vic_hint) = pillar(Pillar::VictimSafety);
    vec![
        (
            "risks",
            "Risks to be managed and scenarios",
            "Who is at risk, when and how: the context, what could happen and why".into(),
        ),
        ("supervision", sup, sup_hint),
        (
            "monitoring_and_control",
            mon,
            format!("{mon_hint} The licence's conditions are listed from the licence itself: do not retype them."),
        ),
        ("interventions_and_treatment", int, int_hint),
        (
            "victim_safety_planning",
            vic,
            format!("{vic_hint} The plan is read by the whole panel: say what is done, never a victim's name, address or other restricted detail (keep those on the victim page)."),
        ),
        (
            "contingency",
            "Contingency plans",
            "What each agency does if the plan fails, for example \u{201c}if he contacts her\u{2026}\u{201d}".into(),
        ),
    ]
}

fn text_of<'a>(v: &'a PlanVersionView, field: &str) -> &'a str {
    match field {
        "risks" => &v.risks,
        "supervision" => &v.supervision,
        "monitoring_and_control" => &v.monitoring_and_control,
        "interventions_and_treatment" => &v.interventions_and_treatment,
        "victim_safety_planning" => &v.victim_safety_planning,
        _ => &v.contingency,
    }
}

fn plan_parts(v: &PlanVersionView) -> Vec<PlanPart> {
    parts()
        .into_iter()
        .map(|(name, label, _)| PlanPart {
            name: name.into(),
            label: label.into(),
            hint: String::new(),
            text: text_of(v, name).into(),
            with_licence: name == "monitoring_and_control",
        })
        .collect()
}

fn version_heading(v: &PlanVersionView) -> String {
    format!(
        "Version {}{}, written by {} on {}",
        v.version,
        if v.current {
            " (current)"
        } else {
            " (superseded)"
        },
        v.written_by,
        date(concord_app::london_date(v.created_at))
    )
}

fn licence_text(plan: &PlanView) -> (String, String, Vec<(usize, String)>) {
    match (&plan.licence, plan.licence_visible) {
        (Some(l), _) => (
            format!(
                "Licence conditions: {} ({}, ends {})",
                l.title,
                l.status,
                date(l.licence_end_date)
            ),
            String::new(),
            l.conditions.clone(),
        ),
        (None, true) => (
            "Licence conditions".into(),
            "No licence: there is no approved or active licence.".into(),
            vec![],
        ),
        (None, false) => (
            "Licence conditions".into(),
            "You do not have access to the licence.".into(),
            vec![],
        ),
    }
}

pub(crate) fn action_line(person: PersonId, a: &ActionView) -> ActionLine {
    ActionLine {
        pillar: a.pillar.label().into(),
        description: a.description.clone(),
        owner: a.owner_name.clone(),
        agency: a.owner_agency.clone(),
        due: date(a.due_on),
        status: match a.completed_on {
            Some(on) if a.status != ActionStatus::Open => {
                format!("{} on {}", action_status_label(a.status), date(on))
            }
            _ => action_status_label(a.status).into(),
        },
        overdue: a.overdue,
        evidence: a.evidence.clone(),
        update_href: if a.may_update {
            format!("{}/{}", actions_href(person), a.id)
        } else {
            String::new()
        },
    }
}

async fn plan_page(
    state: &AppState,
    user: &PageUser,
    person: PersonId,
    notice: &str,
    errors: FormErrors,
    posted: Option<&Values>,
) -> Result<Response, PageError> {
    let plan = state
        .app
        .mappa_plan(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))?;
    let (licence_heading, licence_note, conditions) = licence_text(&plan);
    let current = plan.current();
    let fields = parts()
        .into_iter()
        .map(|(name, label, hint)| PlanPart {
            name: name.into(),
            label: label.into(),
            text: match posted {
                Some(values) => v(values, name).into(),
                None => current
                    .map(|c| text_of(c, name).to_string())
                    .unwrap_or_default(),
            },
            hint,
            with_licence: false,
        })
        .collect();
    let failed = !errors.is_empty();
    render_checked(
        &MappaPlanPage {
            shell: user.shell("MAPPA risk management plan", ""),
            person_name: plan.person_name.clone(),
            person_href: person_href(person),
            base: person_href(person),
            notice: notice.into(),
            errors,
            current_heading: current.map(version_heading).unwrap_or_default(),
            current_parts: current.map(plan_parts).unwrap_or_default(),
            licence_heading,
            licence_note,
            conditions,
            earlier: plan
                .versions
                .iter()
                .filter(|v| !v.current)
                .map(|v| PlanVersionBlock {
                    heading: version_heading(v),
                    parts: plan_parts(v),
                })
                .collect(),
            open_actions: plan
                .open_actions
                .iter()
                .map(|a| action_line(person, a))
                .collect(),
            may_write: plan.may_write,
            action: plan_href(person),
            fields,
            print_href: format!("{}/print", plan_href(person)),
            actions_href: actions_href(person),
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
    let notice = if q.contains_key("notice") {
        "Plan saved as a new version."
    } else {
        ""
    };
    plan_page(&state, &user, person, notice, FormErrors::new(), None).await
}

pub async fn save(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let form = PlanForm {
        risks: v(&values, "risks").into(),
        supervision: v(&values, "supervision").into(),
        monitoring_and_control: v(&values, "monitoring_and_control").into(),
        interventions_and_treatment: v(&values, "interventions_and_treatment").into(),
        victim_safety_planning: v(&values, "victim_safety_planning").into(),
        contingency: v(&values, "contingency").into(),
    };
    match state
        .app
        .save_mappa_plan(&user.0.actor, person, &form)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{}?notice=saved", plan_href(person))).into_response()),
        Err(AppError::Validation(errors)) => {
            let shown = form_errors(&errors, &[], &[]);
            plan_page(&state, &user, person, "", shown, Some(&values)).await
        }
        Err(e) => Err(user.error(e)),
    }
}

/// The current plan for printing or saving as PDF, with the marking on every page.
pub async fn print(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let plan = state
        .app
        .mappa_plan(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))?;
    let current = plan.current().ok_or_else(PageError::not_found)?;
    let (licence_heading, licence_note, conditions) = licence_text(&plan);
    render(&MappaPlanPrintPage {
        shell: user.shell("MAPPA risk management plan – print", ""),
        person_name: plan.person_name.clone(),
        heading: version_heading(current),
        parts: plan_parts(current),
        licence_heading,
        licence_note,
        conditions,
        open_actions: plan
            .open_actions
            .iter()
            .map(|a| action_line(person, a))
            .collect(),
        back_href: plan_href(person),
    })
}

fn pillar_options(chosen: &str) -> Vec<SelectOption> {
    std::iter::once(SelectOption::new("", "Choose a pillar", chosen.is_empty()))
        .chain(Pillar::ALL.iter().map(|p| {
            let code = pillar_code(*p);
            let selected = code == chosen;
            SelectOption::new(code, p.label(), selected)
        }))
        .collect()
}

fn owner_options(staff: &[StaffOption], chosen: &str) -> Vec<SelectOption> {
    std::iter::once(SelectOption::new("", "Choose the owner", chosen.is_empty()))
        .chain(staff.iter().map(|s| {
            let id = s.user_id.to_string();
            let selected = id == chosen;
            SelectOption::new(id, format!("{} ({})", s.name, s.agency), selected)
        }))
        .collect()
}

async fn actions_page(
    state: &AppState,
    user: &PageUser,
    person: PersonId,
    notice: &str,
    errors: FormErrors,
    values: Values,
) -> Result<Response, PageError> {
    let view = state
        .app
        .mappa_actions(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))?;
    let failed = !errors.is_empty();
    render_checked(
        &MappaActionsPage {
            shell: user.shell("MAPPA actions", ""),
            person_name: view.person_name.clone(),
            person_href: person_href(person),
            base: person_href(person),
            notice: notice.into(),
            errors,
            actions: view
                .actions
                .iter()
                .map(|a| action_line(person, a))
                .collect(),
            may_add: view.may_add,
            action: actions_href(person),
            pillar_options: pillar_options(v(&values, "pillar")),
            owner_options: owner_options(&view.staff, v(&values, "owner")),
            plan_href: plan_href(person),
            values,
        },
        failed,
    )
}

pub async fn actions(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let notice = match q.get("notice").map(String::as_str) {
        Some("added") => "Action added.",
        Some("updated") => "Action updated.",
        _ => "",
    };
    // From a meeting's minutes: the action is recorded as agreed at that meeting.
    let mut values = Values::new();
    if let Some(meeting) = q
        .get("meeting")
        .filter(|m| uuid::Uuid::parse_str(m).is_ok())
    {
        values.insert("meeting".into(), meeting.clone());
    }
    actions_page(&state, &user, person, notice, FormErrors::new(), values).await
}

fn action_form(values: &Values) -> ActionForm {
    ActionForm {
        pillar: v(values, "pillar").into(),
        description: v(values, "description").into(),
        owner_user_id: v(values, "owner").into(),
        due_on: v(values, "due_on").into(),
        status: v(values, "status").into(),
        evidence: v(values, "evidence").into(),
        meeting: v(values, "meeting").into(),
    }
}

pub async fn add_action(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    match state
        .app
        .add_mappa_action(&user.0.actor, person, &action_form(&values))
        .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("{}?notice=added", actions_href(person))).into_response())
        }
        Err(AppError::Validation(errors)) => {
            let shown = form_errors(&errors, &[], &[]);
            actions_page(&state, &user, person, "", shown, values).await
        }
        Err(e) => Err(user.error(e)),
    }
}

async fn edit_page(
    state: &AppState,
    user: &PageUser,
    person: PersonId,
    action: uuid::Uuid,
    errors: FormErrors,
    posted: Option<Values>,
) -> Result<Response, PageError> {
    let view = state
        .app
        .mappa_actions(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))?;
    let a = view
        .actions
        .iter()
        .find(|a| a.id == action && a.may_update)
        .ok_or_else(PageError::not_found)?;
    let values = posted.unwrap_or_else(|| {
        [
            ("pillar", pillar_code(a.pillar)),
            ("description", a.description.clone()),
            (
                "owner",
                a.owner_user_id.map(|u| u.to_string()).unwrap_or_default(),
            ),
            ("due_on", a.due_on.format("%-d/%-m/%Y").to_string()),
            ("status", action_status_code(a.status)),
            ("evidence", a.evidence.clone()),
        ]
        .into_iter()
        .map(|(k, val)| (k.to_string(), val))
        .collect()
    });
    let status = v(&values, "status").to_string();
    let failed = !errors.is_empty();
    render_checked(
        &MappaActionEditPage {
            shell: user.shell("Update a MAPPA action", ""),
            person_name: view.person_name.clone(),
            back_href: actions_href(person),
            errors,
            action: format!("{}/{}", actions_href(person), a.id),
            version: a.version.to_string(),
            owner_only: a.owner_only,
            facts: vec![
                ("Pillar".into(), a.pillar.label().into()),
                ("Action".into(), a.description.clone()),
                (
                    "Owner".into(),
                    format!("{} ({})", a.owner_name, a.owner_agency),
                ),
                (
                    "Due".into(),
                    if a.overdue {
                        format!("{} – overdue", date(a.due_on))
                    } else {
                        date(a.due_on)
                    },
                ),
            ],
            pillar_options: pillar_options(v(&values, "pillar")),
            owner_options: owner_options(&view.staff, v(&values, "owner")),
            status_options: [
                ActionStatus::Open,
                ActionStatus::Done,
                ActionStatus::Cancelled,
            ]
            .into_iter()
            .map(|s| {
                let code = action_status_code(s);
                let selected = code == status;
                SelectOption::new(code, action_status_label(s), selected)
            })
            .collect(),
            values,
        },
        failed,
    )
}

pub async fn edit_action(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, action)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let action = parse_id(&action)?;
    edit_page(&state, &user, person, action, FormErrors::new(), None).await
}

pub async fn update_action(
    State(state): State<AppState>,
    Path((id, action)): Path<(String, String)>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let action = parse_id(&action)?;
    let version: i32 = v(&values, "version").parse().map_err(|_| {
        PageError::bad_request("The form is missing its version: reload the page and try again.")
    })?;
    match state
        .app
        .update_mappa_action(
            &user.0.actor,
            person,
            action,
            version,
            &action_form(&values),
        )
        .await
    {
        Ok(()) => {
            Ok(Redirect::to(&format!("{}?notice=updated", actions_href(person))).into_response())
        }
        Err(AppError::Validation(errors)) => {
            let shown = form_errors(&errors, &[], &[]);
            edit_page(&state, &user, person, action, shown, Some(values)).await
        }
        Err(e) => Err(user.error(e)),
    }
}
