//! The licence pages: every version with its numbered conditions, what each variation
//! changed, the actions the viewer may take, the timeline; drafting a licence; the
//! condition forms (chosen from the catalogue, parameters typed by kind); the print view.
//!
//! This file holds the licence page itself, with the handlers that draft a licence and
//! act on a version, and the links and labels the other licence pages share. The
//! condition forms are in `conditions` and the print view in `print`; their handlers
//! are re-exported here so the routes stay `pages::licence::...`.

mod appointment;
mod conditions;
mod print;

pub use appointment::{save as appointment_save, show as appointment_show};
pub use conditions::{
    condition_add, condition_change, condition_choose, condition_edit, condition_new,
    condition_remove,
};
pub use print::print;

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, LicenceForm, LicenceVersionView, LicencesView};
use concord_domain::LicenceVersionId;
use concord_domain::PersonId;
use concord_licence::{ConditionKind, LicenceAction, LicenceStatus, LicenceType};
use concord_ui::views::{ActionButton, ConditionLine, LicenceBlock, LicencePage};
use concord_ui::{FormErrors, SelectOption};

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::format::{date, opt_date, person_href};
use crate::forms::{form_errors, text, v, Values};
use crate::pages::{parse_id, render, render_checked};
use crate::session::PageUser;
use crate::AppState;

fn licence_href(person: PersonId) -> String {
    format!("{}/licence", person_href(person))
}

fn version_href(person: PersonId, version: LicenceVersionId) -> String {
    format!("{}/{version}", licence_href(person))
}

fn code<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// A status's label and the colour of its tag.
pub fn status_label(s: LicenceStatus) -> (String, &'static str) {
    let colour = match s {
        LicenceStatus::Active => "green",
        LicenceStatus::Recalled | LicenceStatus::Rejected | LicenceStatus::VariationRejected => {
            "red"
        }
        LicenceStatus::Inactive => "grey",
        LicenceStatus::Approved | LicenceStatus::VariationApproved => "turquoise",
        _ => "yellow",
    };
    (s.label().into(), colour)
}

fn action_label(a: LicenceAction) -> Option<(&'static str, bool, bool)> {
    // (label, needs a reason, secondary)
    Some(match a {
        LicenceAction::Submit => ("Submit for approval", false, false),
        LicenceAction::SubmitVariation => ("Submit the variation for approval", false, false),
        LicenceAction::Approve => ("Approve the licence", false, false),
        LicenceAction::ApproveVariation => ("Approve the variation", false, false),
        LicenceAction::Reject => ("Reject the licence", true, true),
        LicenceAction::RejectVariation => ("Reject the variation", true, true),
        LicenceAction::Activate => ("Make active (released)", false, false),
        LicenceAction::StartVariation => ("Start a variation", true, true),
        LicenceAction::BackToInProgress => ("Return to in progress", false, true),
        // Recall is started from a breach on the compliance page; ending a licence is
        // done by Concord when a variation replaces it.
        LicenceAction::Recall | LicenceAction::Deactivate => return None,
    })
}

fn facts(v: &LicenceVersionView) -> Vec<(String, String)> {
    let mut f = vec![
        ("Type".to_string(), v.type_code.label().to_string()),
        ("Release".into(), date(v.release_date)),
        ("Licence ends".into(), date(v.licence_end_date)),
    ];
    for (label, d) in [
        ("Sentence ends", v.sentence_end_date),
        ("Top-up supervision ends", v.top_up_end_date),
        ("Home detention curfew from", v.hdc_start_date),
        ("Home detention curfew until", v.hdc_end_date),
    ] {
        if d.is_some() {
            f.push((label.into(), opt_date(d)));
        }
    }
    f.push(("Drafted by".into(), v.created_by.clone()));
    if let Some(s) = &v.submitted {
        f.push(("Submitted by".into(), s.clone()));
    }
    if let Some(a) = &v.approved {
        f.push(("Approved by".into(), a.clone()));
    }
    f
}

fn block(person: PersonId, v: &LicenceVersionView) -> LicenceBlock {
    let (status, colour) = status_label(v.status);
    let href = version_href(person, v.id);
    LicenceBlock {
        id: v.id.to_string(),
        heading: if v.version_number == 1 {
            "Licence".into()
        } else {
            format!("Variation {}", v.version_number - 1)
        },
        status,
        status_colour: colour.into(),
        facts: facts(v),
        conditions: v
            .conditions
            .iter()
            .map(|c| {
                let additional = c.kind != ConditionKind::Standard;
                ConditionLine {
                    number: c.number,
                    text: c.text.clone(),
                    kind: match c.kind {
                        ConditionKind::Standard => "standard",
                        ConditionKind::Additional => "additional",
                        ConditionKind::Bespoke => "bespoke",
                    }
                    .into(),
                    change_href: if v.editable && additional {
                        format!("{href}/conditions/{}", c.id)
                    } else {
                        String::new()
                    },
                    remove_action: if v.editable && additional {
                        format!("{href}/conditions/{}/remove", c.id)
                    } else {
                        String::new()
                    },
                }
            })
            .collect(),
        changes: v.changes.iter().map(|c| c.summary.clone()).collect(),
        reason: v.reason.clone(),
        version: v.version,
        action_url: format!("{href}/act"),
        actions: v
            .actions
            .iter()
            .filter_map(|a| {
                let (label, needs_reason, secondary) = action_label(*a)?;
                let action = code(a).to_lowercase();
                Some(ActionButton {
                    reason_field: format!("reason_{action}"),
                    reason_label: format!("Why ({})", label.to_lowercase()),
                    action,
                    label: label.into(),
                    needs_reason,
                    secondary,
                })
            })
            .collect(),
        add_condition_href: if v.editable {
            format!("{href}/conditions/new")
        } else {
            String::new()
        },
        print_href: format!("{href}/print"),
        reporting: v
            .appointment
            .as_ref()
            .map(reporting_text)
            .unwrap_or_default(),
        reporting_href: if v.editable {
            format!("{href}/appointment")
        } else {
            String::new()
        },
    }
}

/// The reporting instructions as the licence says them to him.
pub(super) fn reporting_text(a: &concord_app::AppointmentView) -> String {
    format!(
        "Report to {} at {} on {} at {}. If you cannot keep this appointment, ring {} at once.",
        a.with_whom,
        a.address.split_whitespace().collect::<Vec<_>>().join(" "),
        a.on.format("%A %-d %B %Y"),
        a.time,
        a.phone
    )
}

fn event_text(e: &concord_app::LicenceEventView) -> String {
    let d = &e.detail;
    let s = |k: &str| d.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let what = match (s("before"), s("after"), s("text")) {
        (Some(b), Some(a), _) => format!(": from \"{b}\" to \"{a}\""),
        (_, _, Some(t)) => format!(": {t}"),
        _ => String::new(),
    };
    let changes: Vec<String> = d
        .get("changes")
        .and_then(|c| c.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|c| c.get("summary")?.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let changes = if changes.is_empty() {
        String::new()
    } else {
        format!(" ({})", changes.join("; "))
    };
    format!(
        "{}{what}{changes} — version {}",
        e.event.label(),
        e.version_number
    )
}

fn page(
    user: &PageUser,
    l: &LicencesView,
    notice: &str,
    errors: FormErrors,
    values: &Values,
) -> LicencePage {
    let person = l.person_id;
    let pick = |field: &str, fallback: &str| -> String {
        values
            .get(field)
            .cloned()
            .unwrap_or_else(|| fallback.to_string())
    };
    let type_code = pick("type_code", &l.from_sentence.type_code);
    LicencePage {
        shell: user.record_shell("Licence", &l.key_facts),
        person_name: l.person_name.clone(),
        person_href: person_href(person),
        base: person_href(person),
        notice: notice.into(),
        errors,
        blocks: l.versions.iter().map(|v| block(person, v)).collect(),
        timeline: l
            .timeline
            .iter()
            .map(|e| {
                (
                    crate::format::instant(e.at),
                    e.by.clone(),
                    event_text(e),
                    e.reason.clone(),
                )
            })
            .collect(),
        create_action: if l.may_create {
            licence_href(person)
        } else {
            String::new()
        },
        type_options: LicenceType::ALL
            .iter()
            .map(|t| {
                let chosen = LicenceType::from_code(&type_code) == Some(*t);
                SelectOption::new(t.code(), t.label(), chosen)
            })
            .collect(),
        create_dates: [
            (
                "release_date",
                "Release date",
                l.from_sentence.release_date.as_str(),
            ),
            (
                "licence_end_date",
                "Licence end date",
                l.from_sentence.licence_end_date.as_str(),
            ),
            (
                "sentence_end_date",
                "Sentence end date (optional)",
                l.from_sentence.sentence_end_date.as_str(),
            ),
            (
                "top_up_end_date",
                "Top-up supervision end date (post-sentence supervision only)",
                "",
            ),
            (
                "hdc_start_date",
                "Home detention curfew from (optional)",
                "",
            ),
            ("hdc_end_date", "Home detention curfew until (optional)", ""),
        ]
        .iter()
        .map(|(f, label, iso)| {
            let shown = chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d")
                .map(|d| d.format("%-d/%-m/%Y").to_string())
                .unwrap_or_default();
            (f.to_string(), label.to_string(), pick(f, &shown))
        })
        .collect(),
    }
}

pub async fn show(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let l = state
        .app
        .manage()
        .licence_page(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))?;
    let notice = match q.get("notice").map(String::as_str) {
        Some("created") => "Licence drafted with the standard conditions.",
        Some("condition") => "Conditions saved.",
        Some("submit") => "Licence submitted: it waits for a senior officer's approval.",
        Some("approve") => "Licence approved.",
        Some("reject") => "Licence rejected: it goes back to the officer who drafted it.",
        Some("activate") => "Licence active: its conditions now apply.",
        Some("deactivate") => "Licence ended.",
        Some("recall") => "Licence recalled.",
        Some("submit_variation") => {
            "Variation submitted: it waits for a senior officer's approval."
        }
        Some("approve_variation") => "Variation approved: the varied conditions now apply.",
        Some("reject_variation") => "Variation rejected: the licence stays as it was.",
        Some("back_to_in_progress") => "Licence back in progress: change it and submit it again.",
        Some("variation") => {
            "Variation started: change its conditions, then submit it for approval."
        }
        _ => "",
    };
    render(&page(&user, &l, notice, FormErrors::new(), &Values::new()))
}

/// Re-show the licence page with the errors of a form posted from it (422).
async fn with_errors(
    state: &AppState,
    user: &PageUser,
    person: PersonId,
    errors: &concord_domain::ValidationErrors,
    values: &Values,
    rename: &[(&str, &str)],
) -> Result<Response, PageError> {
    let l = state
        .app
        .manage()
        .licence_page(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))?;
    render_checked(
        &page(user, &l, "", form_errors(errors, &[], rename), values),
        true,
    )
}

/// A licence drafted: its type and dates.
pub struct LicencePost {
    pub licence: LicenceForm,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for LicencePost {
    fn from_values(values: &Values) -> Self {
        Self {
            licence: LicenceForm {
                type_code: text(values, "type_code"),
                release_date: text(values, "release_date"),
                licence_end_date: text(values, "licence_end_date"),
                sentence_end_date: text(values, "sentence_end_date"),
                top_up_end_date: text(values, "top_up_end_date"),
                hdc_start_date: text(values, "hdc_start_date"),
                hdc_end_date: text(values, "hdc_end_date"),
            },
            entered: values.clone(),
        }
    }
}

pub async fn create(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<LicencePost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    match state
        .app
        .manage()
        .create_licence(&user.0.actor, person, &form.licence)
        .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("{}?notice=created", licence_href(person))).into_response())
        }
        Err(AppError::Validation(errors)) => {
            with_errors(&state, &user, person, &errors, &form.entered, &[]).await
        }
        Err(e) => Err(user.error(e)),
    }
}

fn version_of(values: &Values) -> Result<i64, PageError> {
    v(values, "version").parse().map_err(|_| {
        PageError::bad_request("The form is missing its version: reload the page and try again.")
    })
}

/// An action on a licence version (submit, approve, vary…), with its reason.
pub struct LicenceActionPost {
    pub action: String,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for LicenceActionPost {
    fn from_values(values: &Values) -> Self {
        Self {
            action: text(values, "action"),
            entered: values.clone(),
        }
    }
}

pub async fn act(
    State(state): State<AppState>,
    Path((id, version)): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<LicenceActionPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let version_id = parse_id(&version)?;
    let name = form.action.clone();
    let action: LicenceAction =
        serde_json::from_value(serde_json::Value::String(name.to_uppercase()))
            .map_err(|_| PageError::bad_request("Unknown licence action."))?;
    let reason = v(&form.entered, &format!("reason_{name}")).to_string();
    let result = if action == LicenceAction::StartVariation {
        state
            .app
            .manage()
            .start_licence_variation(&user.0.actor, person, version_id, &reason)
            .await
            .map(|_| "variation")
    } else {
        state
            .app
            .manage()
            .act_on_licence(
                &user.0.actor,
                person,
                version_id,
                version_of(&form.entered)?,
                action,
                &reason,
            )
            .await
            .map(|_| "acted")
    };
    match result {
        Ok(notice) => {
            // The notice names what was done ("approve"), so the page can say it in words.
            let notice = if notice == "acted" {
                name.as_str()
            } else {
                notice
            };
            Ok(Redirect::to(&format!("{}?notice={notice}", licence_href(person))).into_response())
        }
        Err(AppError::Validation(errors)) => {
            let field = format!("reason_{name}");
            with_errors(
                &state,
                &user,
                person,
                &errors,
                &form.entered,
                &[("reason", field.as_str())],
            )
            .await
        }
        Err(e) => Err(user.error(e)),
    }
}
