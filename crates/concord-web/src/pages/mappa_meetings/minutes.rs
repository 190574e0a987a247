//! One case's minutes at a meeting (MAPPA B): the page with every version, the agreed
//! actions and the forms on it (writing a new version here; approving and distributing
//! in `minutes_approval`), and the print view of the latest version.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use concord_app::{AppError, MinutesForm, MinutesView, MINUTES_HEADINGS};
use concord_domain::{MeetingId, PersonId};
use concord_mappa::{ActionStatus, MinutesStatus, OnwardShareStatus};
use concord_ui::views::{
    MappaMinutesPage, MappaMinutesPrintPage, MinutesField, MinutesVersionBlock, OnwardLine,
};
use concord_ui::FormErrors;

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::format::{date, instant};
use crate::forms::{form_errors, v, Values};
use crate::pages::{render, render_checked};
use crate::session::PageUser;
use crate::AppState;

use super::{ids, meeting_href, minutes_href, notice, redirect, statement, LIST};

fn minutes_values(view: &MinutesView) -> Values {
    let mut values = Values::new();
    if let Some(latest) = view.versions.last() {
        for ((key, _, _), (_, text)) in MINUTES_HEADINGS.iter().zip(&latest.sections) {
            values.insert(key.to_string(), text.clone());
        }
    } else {
        if !view.current_rosh.is_empty() {
            values.insert(
                "risk_assessment".into(),
                format!("Current RoSH: {}.", view.current_rosh),
            );
        }
    }
    values
}

async fn minutes_page(
    state: &AppState,
    user: &PageUser,
    id: MeetingId,
    person: PersonId,
    notice: String,
    errors: FormErrors,
    values: Option<Values>,
) -> Result<Response, PageError> {
    let view = state
        .app
        .meetings()
        .mappa_minutes(&user.0.actor, id, person)
        .await
        .map_err(|e| user.error(e))?;
    let values = values.unwrap_or_else(|| minutes_values(&view));
    let base = minutes_href(id, person);
    let latest = view.versions.last().map(|v| v.status);
    let latest_draft = latest == Some(MinutesStatus::Draft);
    let failed = !errors.is_empty();
    render_checked(
        &MappaMinutesPage {
            shell: user.shell("MAPP meeting minutes", LIST),
            notice,
            errors,
            person_name: view.person_name.clone(),
            title: format!("Minutes, MAPP meeting {} {}", view.town, date(view.held_on)),
            meeting_href: meeting_href(id),
            print_href: format!("{base}/print"),
            current_rosh: view.current_rosh.clone(),
            actions: view
                .actions
                .iter()
                .map(|a| {
                    [
                        a.description.clone(),
                        a.owner.clone(),
                        date(a.due_on),
                        match a.status {
                            ActionStatus::Done => format!("{}: {}", a.status.label(), a.evidence),
                            ActionStatus::Open | ActionStatus::Cancelled => {
                                a.status.label().to_string()
                            }
                        },
                    ]
                })
                .collect(),
            add_action_href: if view.may_write {
                format!(
                    "/persons/{}/mappa/actions?meeting={}#add",
                    view.person.0, view.meeting_id
                )
            } else {
                String::new()
            },
            fields: MINUTES_HEADINGS
                .iter()
                .map(|(key, label, required)| MinutesField {
                    key: key.to_string(),
                    label: label.to_string(),
                    hint: if *required { "" } else { "Optional" }.into(),
                    text: v(&values, key).into(),
                })
                .collect(),
            versions: view
                .versions
                .iter()
                .rev()
                .map(|m| MinutesVersionBlock {
                    heading: format!(
                        "Version {} by {}, {}{}",
                        m.version,
                        m.written_by,
                        instant(m.written_at),
                        m.approved_by
                            .as_ref()
                            .map(|a| format!(", approved by {a}"))
                            .unwrap_or_default()
                    ),
                    status: m.status.label().into(),
                    sections: m.sections.clone(),
                })
                .collect(),
            onward: view
                .onward
                .iter()
                .map(|o| OnwardLine {
                    who: o.requested_by.clone(),
                    recipient: o.recipient.clone(),
                    purpose: o.purpose.clone(),
                    status: o.status.label().into(),
                    decide_action: if view.is_chair && o.status == OnwardShareStatus::Requested {
                        format!("{base}/onward/{}", o.id)
                    } else {
                        String::new()
                    },
                })
                .collect(),
            recipients: view.recipients.join(", "),
            may_write: view.may_write,
            may_approve: view.is_chair && latest_draft && view.chair_wrote.is_empty(),
            own_headings: if view.is_chair && latest_draft {
                view.chair_wrote.clone()
            } else {
                vec![]
            },
            may_distribute: view.may_write && latest == Some(MinutesStatus::Approved),
            may_request_onward: view.may_request_onward,
            base,
            values,
        },
        failed,
    )
}

pub async fn show_minutes(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, person)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let (id, person) = ids(&id, &person)?;
    minutes_page(
        &state,
        &user,
        id,
        person,
        notice(&q),
        FormErrors::new(),
        None,
    )
    .await
}

/// After a minutes form: to the page with a notice, or the page again with the errors.
pub(super) async fn after_minutes_form(
    state: &AppState,
    user: &PageUser,
    (id, person): (MeetingId, PersonId),
    values: Option<Values>,
    result: Result<(), AppError>,
    done: &str,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(redirect(minutes_href(id, person), done)),
        Err(AppError::Validation(e)) => {
            let shown: FormErrors = form_errors(&e, &[], &[]);
            minutes_page(state, user, id, person, String::new(), shown, values).await
        }
        Err(e) => Err(user.error(e)),
    }
}

/// One case's minutes: a box for each heading, read by name.
pub struct MinutesPost {
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for MinutesPost {
    fn from_values(values: &Values) -> Self {
        Self {
            entered: values.clone(),
        }
    }
}

pub async fn save_minutes(
    State(state): State<AppState>,
    Path((id, person)): Path<(String, String)>,
    CheckedForm { user, form: posted }: CheckedForm<MinutesPost>,
) -> Result<Response, PageError> {
    let ids = ids(&id, &person)?;
    let form = MinutesForm {
        sections: MINUTES_HEADINGS
            .iter()
            .map(|(k, _, _)| (k.to_string(), v(&posted.entered, k).to_string()))
            .collect(),
    };
    let r = state
        .app
        .meetings()
        .save_mappa_minutes(&user.0.actor, ids.0, ids.1, &form)
        .await
        .map(|_| ());
    after_minutes_form(&state, &user, ids, Some(posted.entered), r, "saved").await
}

pub async fn print_minutes(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, person)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let (id, person) = ids(&id, &person)?;
    let view = state
        .app
        .meetings()
        .mappa_minutes(&user.0.actor, id, person)
        .await
        .map_err(|e| user.error(e))?;
    let latest = view.versions.last().ok_or_else(PageError::not_found)?;
    render(&MappaMinutesPrintPage {
        shell: user.shell("MAPP meeting minutes – print", ""),
        title: "MAPP meeting minutes (MAPPA B)".into(),
        person_name: view.person_name.clone(),
        facts: vec![
            (
                "Meeting".into(),
                format!("{}, {}", view.town, date(view.held_on)),
            ),
            ("Chair".into(), view.chair.clone()),
            (
                "Version".into(),
                format!("{} ({})", latest.version, latest.status.label()),
            ),
        ],
        sections: latest.sections.clone(),
        statement: statement(),
        back_href: minutes_href(id, person),
    })
}
