//! Electronic monitoring on a person's record: the tags fitted (and fitting or removing
//! one) and the alerts their fixes raised.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AlertView, AppError, TagForm, TagView};
use concord_domain::{EmTagId, PersonId};
use concord_ui::views::{AlertLine, MonitoringPage, TagLine};
use concord_ui::{FormErrors, SelectOption};

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::format::{instant, opt_date, person_href};
use crate::forms::{form_errors, text, ticked_codes, v, Values};
use crate::pages::{parse_id, render_checked};
use crate::session::PageUser;
use crate::AppState;

pub(crate) fn monitoring_href(person: PersonId) -> String {
    format!("{}/monitoring", person_href(person))
}

/// An alert as a line of a list.
pub(crate) fn alert_line(a: &AlertView, person_name: &str) -> AlertLine {
    let (state, colour) = if a.retracted {
        ("Retracted: no breach".to_string(), "grey")
    } else if let Some(c) = a.closed_at {
        (format!("Ended {}", instant(c)), "blue")
    } else {
        ("Open".to_string(), "red")
    };
    let handling = match (&a.outcome_label, &a.acknowledged_by) {
        (Some(o), _) => format!(
            "Outcome: {o} ({})",
            a.outcome_by.clone().unwrap_or_default()
        ),
        (None, Some(by)) => format!("Acknowledged by {by}"),
        (None, None) => "Not acknowledged".to_string(),
    };
    AlertLine {
        href: format!("/monitoring/alerts/{}", a.id),
        person_name: person_name.to_string(),
        title: a.title.clone(),
        opened: instant(a.opened_at),
        state,
        state_colour: colour.into(),
        handling,
    }
}

fn tag_line(person: PersonId, t: &TagView, may_change: bool) -> TagLine {
    TagLine {
        device: t.device.clone(),
        basis: if t.voluntary {
            format!("Worn voluntarily: {}", t.consent)
        } else {
            "Licence conditions".into()
        },
        enforces: t.enforces.clone(),
        fitted: instant(t.fitted_at),
        planned_end: opt_date(t.planned_end),
        removed: t
            .removed_at
            .map(|r| format!("Removed {}: {}", instant(r), t.removal_reason))
            .unwrap_or_default(),
        remove_action: if may_change && t.removed_at.is_none() {
            format!("{}/tags/{}/remove", monitoring_href(person), t.id)
        } else {
            String::new()
        },
        version: t.version,
    }
}

async fn page(
    state: &AppState,
    user: &PageUser,
    person: PersonId,
    notice: &str,
    errors: FormErrors,
    values: Values,
) -> Result<MonitoringPage, PageError> {
    let actor = &user.0.actor;
    let p = state
        .app
        .monitoring()
        .monitoring_page(actor, person)
        .await
        .map_err(|e| user.error(e))?;
    let name = p.person_name.clone();
    let basis = v(&values, "basis").to_string();
    Ok(MonitoringPage {
        shell: user.record_shell("Electronic monitoring", &p.key_facts),
        person_name: name.clone(),
        person_href: person_href(person),
        base: person_href(person),
        notice: notice.into(),
        errors,
        tags: p
            .tags
            .iter()
            .map(|t| tag_line(person, t, p.may_change))
            .collect(),
        alerts: p.alerts.iter().map(|a| alert_line(a, &name)).collect(),
        fit_action: if p.may_change {
            format!("{}/tags", monitoring_href(person))
        } else {
            String::new()
        },
        basis_options: [
            ("", "Select why"),
            ("licence", "To enforce the licence's zones or curfew"),
            (
                "voluntary",
                "Worn voluntarily (for example, an IOM client who asked)",
            ),
        ]
        .iter()
        .map(|(c, l)| SelectOption::new(*c, *l, basis == *c))
        .collect(),
        enforce_options: [
            ("exclusion", "Exclusion zones"),
            ("inclusion", "Inclusion zones"),
            ("curfew", "Curfew at the approved curfew address"),
        ]
        .iter()
        .map(|(c, l)| SelectOption::new(*c, *l, v(&values, &format!("enforces.{c}")) == "yes"))
        .collect(),
        values,
    })
}

pub async fn show(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let notice = match q.get("notice").map(String::as_str) {
        Some("fitted") => "Tag fitted: its fixes are now evaluated.",
        Some("removed") => "Tag removal recorded.",
        _ => "",
    };
    let p = page(
        &state,
        &user,
        person,
        notice,
        FormErrors::new(),
        Values::new(),
    )
    .await?;
    render_checked(&p, false)
}

pub struct TagPost {
    pub tag: TagForm,
    pub entered: Values,
}

impl PostedForm for TagPost {
    fn from_values(values: &Values) -> Self {
        let mut enforces = ticked_codes(values, "enforces");
        enforces.sort();
        Self {
            tag: TagForm {
                device: text(values, "device"),
                basis: text(values, "basis"),
                enforces,
                consent: text(values, "consent"),
                planned_end: text(values, "planned_end"),
            },
            entered: values.clone(),
        }
    }
}

pub async fn fit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<TagPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    match state
        .app
        .monitoring()
        .fit_tag(&user.0.actor, person, &form.tag)
        .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("{}?notice=fitted", monitoring_href(person))).into_response())
        }
        Err(AppError::Validation(errors)) => {
            let p = page(
                &state,
                &user,
                person,
                "",
                form_errors(&errors, &[], &[]),
                form.entered,
            )
            .await?;
            render_checked(&p, true)
        }
        Err(e) => Err(user.error(e)),
    }
}

pub struct RemovePost {
    pub reason: String,
    pub version: i64,
}

impl PostedForm for RemovePost {
    fn from_values(values: &Values) -> Self {
        Self {
            reason: text(values, "reason"),
            version: v(values, "version").parse().unwrap_or(0),
        }
    }
}

pub async fn remove(
    State(state): State<AppState>,
    Path((id, tag)): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<RemovePost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let tag: EmTagId = parse_id(&tag)?;
    match state
        .app
        .monitoring()
        .remove_tag(&user.0.actor, person, tag, form.version, &form.reason)
        .await
    {
        Ok(()) => Ok(
            Redirect::to(&format!("{}?notice=removed", monitoring_href(person))).into_response(),
        ),
        Err(AppError::Validation(errors)) => {
            let p = page(
                &state,
                &user,
                person,
                "",
                form_errors(&errors, &[], &[]),
                Values::new(),
            )
            .await?;
            render_checked(&p, true)
        }
        Err(e) => Err(user.error(e)),
    }
}
