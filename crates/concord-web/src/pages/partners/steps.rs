//! The steps of a referral, one route each way: `GET …/{step}` shows the step's form
//! (decline, assign, plan, session, end report, cancel, withdraw) and `POST …/{step}`
//! takes the step (those three with no form, accept, send and approve, too).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{
    AppError, Attendance, EndReportInput, Engagement, Need, OutcomeAchieved, PlanInput,
    ReferralDetail, SessionInput,
};
use concord_domain::{PersonId, ServiceReferralId};
use concord_ui::views::{FormField, FormPage};
use concord_ui::{FormErrors, SelectOption};

use super::referral::referral_page;
use super::{options, referral_href, services_href};
use crate::checked_form::CheckedForm;
use crate::error::PageError;
use crate::forms::{date_input, form_errors, v, Values};
use crate::pages::{parse_id, render_form};
use crate::session::PageUser;
use crate::AppState;

/// Rows of the plan form: one per need referred, and one spare.
fn plan_rows(d: &ReferralDetail) -> usize {
    d.plan
        .as_ref()
        .map_or(0, |p| p.objectives.len())
        .max(d.summary.needs.len())
        + 1
}

fn radios<T: Copy>(
    name: &str,
    legend: &str,
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
    chosen: &str,
) -> FormField {
    FormField::radios(
        name,
        legend,
        all.iter()
            .map(|x| SelectOption::new(code(*x), label(*x), code(*x) == chosen))
            .collect(),
    )
}

/// The form of `step`, or `None` for a step without one.
fn fields(
    step: &str,
    d: &ReferralDetail,
    values: &Values,
) -> Option<(&'static str, Vec<String>, Vec<FormField>, &'static str)> {
    Some(match step {
        "decline" => (
            "Decline the referral",
            vec!["The officer sees your reason.".into()],
            vec![FormField::textarea(
                "reason",
                "Why you are declining it",
                v(values, "reason"),
            )],
            "Decline the referral",
        ),
        "cancel" => (
            "Cancel the referral",
            vec!["The provider's access to the person ends today.".into()],
            vec![FormField::textarea(
                "reason",
                "Why the referral is cancelled",
                v(values, "reason"),
            )
            .hint("For example, the order ended or the person was recalled to prison")],
            "Cancel the referral",
        ),
        "withdraw" => (
            "The person withdrew",
            vec!["The referral closes and the provider's access ends today.".into()],
            vec![FormField::textarea(
                "reason",
                "What happened",
                v(values, "reason"),
            )],
            "Close the referral",
        ),
        "assign" => (
            "Assign a caseworker",
            vec![],
            vec![FormField::select(
                "caseworker",
                "Caseworker",
                options(
                    "Choose the caseworker",
                    d.caseworkers
                        .iter()
                        .map(|(id, name)| (id.0.as_hyphenated().to_string(), name.clone()))
                        .collect::<Vec<_>>()
                        .iter()
                        .map(|(a, b)| (a.as_str(), b.as_str())),
                    v(values, "caseworker"),
                ),
            )],
            "Assign",
        ),
        "plan" => {
            let mut f = vec![];
            let existing = d
                .plan
                .as_ref()
                .map(|p| p.objectives.clone())
                .unwrap_or_default();
            let fresh = values.is_empty();
            for i in 0..plan_rows(d) {
                let n = i + 1;
                let (need, text) = if fresh {
                    existing.get(i).map_or_else(
                        || {
                            (
                                d.summary.needs.get(i).map_or("", |n| n.code()).to_string(),
                                String::new(),
                            )
                        },
                        |o| (o.need.code().to_string(), o.objective.clone()),
                    )
                } else {
                    (
                        v(values, &format!("objective_need_{n}")).to_string(),
                        v(values, &format!("objective_{n}")).to_string(),
                    )
                };
                f.push(FormField::select(
                    &format!("objective_need_{n}"),
                    &format!("Objective {n}: need"),
                    options(
                        "Choose the need",
                        Need::ALL.iter().map(|x| (x.code(), x.label())),
                        &need,
                    ),
                ));
                f.push(FormField::textarea(&format!("objective_{n}"), &format!("Objective {n}"), &text)
                    .hint(if n == 1 { "What the person will achieve, for example: stable on a script within 8 weeks" } else { "Optional" }));
            }
            let (activities, sessions) = match (&d.plan, fresh) {
                (Some(p), true) => (p.activities.clone(), p.sessions_planned.to_string()),
                _ => (
                    v(values, "activities").to_string(),
                    v(values, "sessions_planned").to_string(),
                ),
            };
            f.push(FormField::textarea("activities", "Activities", &activities));
            f.push(
                FormField::text("sessions_planned", "Number of sessions planned", &sessions)
                    .width("5"),
            );
            (
                "Action plan",
                vec!["The officer approves the plan before the work goes on.".into()],
                f,
                "Submit the plan",
            )
        }
        "session" => (
            "Record a session",
            vec![],
            vec![
                FormField::date(
                    "held_on",
                    "Date of the session",
                    v(values, "held_on-day"),
                    v(values, "held_on-month"),
                    v(values, "held_on-year"),
                ),
                radios(
                    "attendance",
                    "Did the person attend?",
                    Attendance::ALL,
                    Attendance::code,
                    Attendance::label,
                    v(values, "attendance"),
                ),
                radios(
                    "engagement",
                    "How did they engage?",
                    Engagement::ALL,
                    Engagement::code,
                    Engagement::label,
                    v(values, "engagement"),
                )
                .hint("Leave blank if they did not attend"),
                FormField::textarea("notes", "What happened", v(values, "notes")),
            ],
            "Record the session",
        ),
        "end-report" => {
            let mut f = vec![];
            for (i, o) in d
                .plan
                .as_ref()
                .map(|p| p.objectives.clone())
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                let n = i + 1;
                f.push(radios(
                    &format!("outcome_{n}"),
                    &format!("Objective {n}: {}", o.objective),
                    OutcomeAchieved::ALL,
                    OutcomeAchieved::code,
                    OutcomeAchieved::label,
                    v(values, &format!("outcome_{n}")),
                ));
                f.push(FormField::textarea(
                    &format!("outcome_note_{n}"),
                    &format!("Objective {n}: how (optional)"),
                    v(values, &format!("outcome_note_{n}")),
                ));
            }
            f.push(FormField::textarea(
                "summary",
                "Summary of the work",
                v(values, "summary"),
            ));
            f.push(FormField::textarea(
                "further_work",
                "Further work recommended (optional)",
                v(values, "further_work"),
            ));
            (
                "End-of-service report",
                vec![
                    "Closing with the report ends the referral and your access to the person."
                        .into(),
                ],
                f,
                "Close the referral",
            )
        }
        _ => return None,
    })
}

fn form_page(
    user: &PageUser,
    person: PersonId,
    rid: ServiceReferralId,
    step: &str,
    d: &ReferralDetail,
    values: &Values,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let Some((heading, intro, fields, submit)) = fields(step, d, values) else {
        return Err(PageError::not_found());
    };
    render_form(FormPage {
        shell: user.shell(heading, ""),
        caption: d.shared.name.clone(),
        heading: heading.into(),
        intro,
        action: format!("{}/{step}", referral_href(person, rid)),
        fields,
        hidden: vec![],
        submit_label: submit.into(),
        cancel_href: referral_href(person, rid),
        errors,
        possible_matches: vec![],
    })
}

pub async fn step_form(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, rid, step)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let rid: ServiceReferralId = parse_id(&rid)?;
    let d = state
        .app
        .partners()
        .referral(&user.0.actor, person, rid)
        .await
        .map_err(|e| user.error(e))?;
    form_page(
        &user,
        person,
        rid,
        &step,
        &d,
        &Values::new(),
        FormErrors::new(),
    )
}

pub async fn step_submit(
    State(state): State<AppState>,
    Path((id, rid, step)): Path<(String, String, String)>,
    CheckedForm { user, form }: CheckedForm<Values>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let rid: ServiceReferralId = parse_id(&rid)?;
    let app = state.app.partners();
    let actor = &user.0.actor;
    let values = &form;
    let result = match step.as_str() {
        "send" => app.send_service_referral(actor, person, rid).await,
        "accept" => app.accept_referral(actor, person, rid).await,
        "approve" => app.approve_plan(actor, person, rid).await,
        "decline" => {
            app.decline_referral(actor, person, rid, v(values, "reason"))
                .await
        }
        "cancel" => {
            app.end_referral(actor, person, rid, false, v(values, "reason"))
                .await
        }
        "withdraw" => {
            app.end_referral(actor, person, rid, true, v(values, "reason"))
                .await
        }
        "assign" => {
            app.assign_caseworker(actor, person, rid, v(values, "caseworker"))
                .await
        }
        "plan" => {
            let objectives = (1..=20)
                .map(|n| {
                    (
                        v(values, &format!("objective_need_{n}")).to_string(),
                        v(values, &format!("objective_{n}")).to_string(),
                    )
                })
                .collect();
            app.submit_plan(
                actor,
                person,
                rid,
                &PlanInput {
                    objectives,
                    activities: v(values, "activities").into(),
                    sessions_planned: v(values, "sessions_planned").into(),
                },
            )
            .await
        }
        "session" => app
            .record_session(
                actor,
                person,
                rid,
                &SessionInput {
                    held_on: date_input(values, "held_on"),
                    attendance: v(values, "attendance").into(),
                    engagement: v(values, "engagement").into(),
                    notes: v(values, "notes").into(),
                },
            )
            .await
            .map(|_| ()),
        "end-report" => {
            let outcomes = (1..=20)
                .map(|n| {
                    (
                        v(values, &format!("outcome_{n}")).to_string(),
                        v(values, &format!("outcome_note_{n}")).to_string(),
                    )
                })
                .collect();
            app.submit_end_report(
                actor,
                person,
                rid,
                &EndReportInput {
                    summary: v(values, "summary").into(),
                    outcomes,
                    further_work: v(values, "further_work").into(),
                },
            )
            .await
        }
        _ => return Err(PageError::not_found()),
    };
    let by_provider = !actor.agency_kind.is_responsible_authority();
    match result {
        // A step that ends the referral ends the provider's access with it.
        Ok(()) if by_provider && matches!(step.as_str(), "decline" | "withdraw" | "end-report") => {
            let notice = match step.as_str() {
                "decline" => "declined",
                "end-report" => "closed",
                _ => "ended",
            };
            Ok(Redirect::to(&format!("/partners/referrals?notice={notice}")).into_response())
        }
        Ok(()) if matches!(step.as_str(), "cancel" | "withdraw") => {
            Ok(Redirect::to(&format!("{}?notice=ended", services_href(person))).into_response())
        }
        Ok(()) => Ok(
            Redirect::to(&format!("{}?notice={step}", referral_href(person, rid))).into_response(),
        ),
        Err(AppError::Validation(errors)) => {
            let d = app
                .referral(actor, person, rid)
                .await
                .map_err(|e| user.error(e))?;
            let shown = form_errors(&errors, &["held_on"], &[]);
            if fields(&step, &d, values).is_some()
                && errors.errors.iter().all(|e| e.field != "status")
            {
                form_page(&user, person, rid, &step, &d, values, shown)
            } else {
                referral_page(&user, person, &d, "", shown)
            }
        }
        Err(e) => Err(user.error(e)),
    }
}
