//! The MAPPA risk management plan: the plan under the four pillars with the licence's
//! conditions and every earlier version, its print view, the actions with the form that
//! adds one, and the form that updates one (the case team, MAPPA staff, or its owner).

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{
    ActionStatus, ActionView, AppError, Pillar, PlanForm, PlanVersionView, PlanView,
};
use concord_domain::PersonId;
use concord_ui::views::{
    ActionLine, MappaPlanPage, MappaPlanPrintPage, PlanPart, PlanVersionBlock,
};
use concord_ui::FormErrors;

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::format::{date, person_href};
use crate::forms::{form_errors, text, v, Values};
use crate::pages::{parse_id, render, render_checked};
use crate::session::PageUser;
use crate::AppState;

pub(super) fn plan_href(person: PersonId) -> String {
    format!("{}/mappa/plan", person_href(person))
}

pub(super) fn actions_href(person: PersonId) -> String {
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

pub(super) fn action_line(person: PersonId, a: &ActionView) -> ActionLine {
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
        .plans()
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
            shell: user.record_shell("MAPPA risk management plan", &plan.key_facts),
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
            // No plan yet: nothing to print, so no link to a page that would not open.
            print_href: if current.is_some() {
                format!("{}/print", plan_href(person))
            } else {
                String::new()
            },
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

/// The plan under its four pillars, with the risks and the contingency plans.
pub struct PlanPost {
    pub plan: PlanForm,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for PlanPost {
    fn from_values(values: &Values) -> Self {
        Self {
            plan: PlanForm {
                risks: text(values, "risks"),
                supervision: text(values, "supervision"),
                monitoring_and_control: text(values, "monitoring_and_control"),
                interventions_and_treatment: text(values, "interventions_and_treatment"),
                victim_safety_planning: text(values, "victim_safety_planning"),
                contingency: text(values, "contingency"),
            },
            entered: values.clone(),
        }
    }
}

pub async fn save(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<PlanPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    match state
        .app
        .plans()
        .save_mappa_plan(&user.0.actor, person, &form.plan)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{}?notice=saved", plan_href(person))).into_response()),
        Err(AppError::Validation(errors)) => {
            let shown = form_errors(&errors, &[], &[]);
            plan_page(&state, &user, person, "", shown, Some(&form.entered)).await
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
        .plans()
        .mappa_plan_to_print(&user.0.actor, person)
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
