//! The MAPPA risk management plan: the plan under the four pillars with the licence's
//! conditions and every earlier version, its print view, the actions with the form that
//! adds one, and the form that updates one (the case team, MAPPA staff, or its owner).

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{
    ActionForm, ActionStatus, ActionView, AppError, Pillar, PlanForm, PlanVersionView, PlanView,
    StaffOption,
};
use concord_domain::{MappaActionId, PersonId};
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

/// One part of the plan: its form field, label and hint, the pillar it is written under
/// (the risks and the contingency plans are under none), and its text in a version.
struct Part {
    field: &'static str,
    label: &'static str,
    hint: String,
    pillar: Option<Pillar>,
    text: fn(&PlanVersionView) -> &str,
}

/// The parts of the plan in order.
fn parts() -> Vec<Part> {
    fn pillar(
        field: &'static str,
        p: Pillar,
        extra: &str,
        text: fn(&PlanVersionView) -> &str,
    ) -> Part {
        Part {
            field,
            label: p.label(),
            hint: format!("{}{extra}", p.hint()),
            pillar: Some(p),
            text,
        }
    }
    vec![
        Part {
            field: "risks",
            label: "Risks to be managed and scenarios",
            hint: "Who is at risk, when and how: the context, what could happen and why".into(),
            pillar: None,
            text: |v| &v.risks,
        },
        pillar("supervision", Pillar::Supervision, "", |v| &v.supervision),
        pillar(
            "monitoring_and_control",
            Pillar::MonitoringAndControl,
            " The licence's conditions are listed from the licence itself: do not retype them.",
            |v| &v.monitoring_and_control,
        ),
        pillar(
            "interventions_and_treatment",
            Pillar::InterventionsAndTreatment,
            "",
            |v| &v.interventions_and_treatment,
        ),
        pillar(
            "victim_safety_planning",
            Pillar::VictimSafety,
            " The plan is read by the whole panel: say what is done, never a victim's name, address or other restricted detail (keep those on the victim page).",
            |v| &v.victim_safety_planning,
        ),
        Part {
            field: "contingency",
            label: "Contingency plans",
            hint: "What each agency does if the plan fails, for example \u{201c}if he contacts her\u{2026}\u{201d}".into(),
            pillar: None,
            text: |v| &v.contingency,
        },
    ]
}

fn plan_parts(v: &PlanVersionView) -> Vec<PlanPart> {
    parts()
        .into_iter()
        .map(|p| PlanPart {
            name: p.field.into(),
            label: p.label.into(),
            hint: String::new(),
            text: (p.text)(v).into(),
            // The licence's conditions are shown under monitoring and control.
            with_licence: p.pillar == Some(Pillar::MonitoringAndControl),
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
                format!("{} on {}", a.status.label(), date(on))
            }
            _ => a.status.label().into(),
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
        .map(|p| PlanPart {
            name: p.field.into(),
            label: p.label.into(),
            text: match posted {
                Some(values) => v(values, p.field).into(),
                None => current.map(|c| (p.text)(c).to_string()).unwrap_or_default(),
            },
            hint: p.hint,
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
    let pillar = Pillar::from_code(chosen);
    std::iter::once(SelectOption::new("", "Choose a pillar", chosen.is_empty()))
        .chain(
            Pillar::ALL
                .iter()
                .map(|p| SelectOption::new(p.code(), p.label(), pillar == Some(*p))),
        )
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
    action: MappaActionId,
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
            ("pillar", a.pillar.code().to_string()),
            ("description", a.description.clone()),
            (
                "owner",
                a.owner_user_id.map(|u| u.to_string()).unwrap_or_default(),
            ),
            ("due_on", a.due_on.format("%-d/%-m/%Y").to_string()),
            ("status", a.status.code().to_string()),
            ("evidence", a.evidence.clone()),
        ]
        .into_iter()
        .map(|(k, val)| (k.to_string(), val))
        .collect()
    });
    let status = ActionStatus::from_code(v(&values, "status"));
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
            status_options: ActionStatus::ALL
                .iter()
                .map(|s| SelectOption::new(s.code(), s.label(), status == Some(*s)))
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
    let action = MappaActionId(parse_id(&action)?);
    edit_page(&state, &user, person, action, FormErrors::new(), None).await
}

pub async fn update_action(
    State(state): State<AppState>,
    Path((id, action)): Path<(String, String)>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let action = MappaActionId(parse_id(&action)?);
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
