//! Compliance and recall: recording contacts, appointments, police monitoring visits and
//! disclosures; the warning-or-breach decision an unacceptable absence needs (and the
//! referral the rules demand after a warning); requesting a recall with its fixed-term
//! assessment explained; the decision, and the return to custody, with clocks.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, ComplianceForm, RecallStatus, RecallView};
use concord_domain::{ComplianceEventId, PersonId};
use concord_licence::{Attendance, ComplianceKind};
use concord_ui::views::{ComplianceLine, CompliancePage, RecallBlock};
use concord_ui::{FormErrors, SelectOption};

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::format::{date, instant, opt_date, person_href};
use crate::forms::{form_errors, text, v, Values};
use crate::pages::{parse_id, render_checked};
use crate::session::PageUser;
use crate::AppState;

pub(super) fn compliance_href(person: PersonId) -> String {
    format!("{}/compliance", person_href(person))
}

fn options(choices: &[(&str, &str)], chosen: &str, prompt: Option<&str>) -> Vec<SelectOption> {
    prompt
        .map(|p| SelectOption::new("", p, chosen.is_empty()))
        .into_iter()
        .chain(
            choices
                .iter()
                .map(|(c, l)| SelectOption::new(*c, *l, chosen == *c)),
        )
        .collect()
}

/// (code, label) of every value of a set, for [`options`].
fn codes<T: Copy>(
    all: &[T],
    of: impl Fn(T) -> (&'static str, &'static str),
) -> Vec<(&'static str, &'static str)> {
    all.iter().map(|t| of(*t)).collect()
}

fn recall_block(person: PersonId, r: &RecallView) -> RecallBlock {
    let base = format!("{}/recalls/{}", compliance_href(person), r.id);
    let mut clocks = vec![(
        "Requested".to_string(),
        format!(
            "{} by {} ({} day(s) ago)",
            instant(r.requested_at),
            r.requested_by,
            r.days_since_requested
        ),
    )];
    if let Some(days) = r.days_awaiting_decision {
        clocks.push(("Awaiting a decision".into(), format!("{days} day(s)")));
    }
    if let (Some(by), Some(at)) = (&r.decided_by, r.decided_at) {
        clocks.push((
            "Decided".into(),
            format!("{} by {by}: {}", instant(at), r.decision_reason),
        ));
    }
    if let Some(days) = r.days_revoked_unexecuted {
        clocks.push((
            "Revoked, not yet back in custody".into(),
            format!("{days} day(s): the police must execute the recall"),
        ));
    }
    if r.returned_on.is_some() {
        clocks.push(("Returned to custody".into(), opt_date(r.returned_on)));
    }
    if r.release_on.is_some() {
        clocks.push((
            "Automatic release (fixed-term recall)".into(),
            opt_date(r.release_on),
        ));
    }
    if r.parole_board_referral_by.is_some() {
        clocks.push((
            "Parole Board referral by".into(),
            opt_date(r.parole_board_referral_by),
        ));
    }
    RecallBlock {
        id: r.id.to_string(),
        status: r.status_label.into(),
        status_colour: match r.status {
            RecallStatus::Requested => "yellow",
            RecallStatus::Rejected => "grey",
            RecallStatus::Revoked => "red",
            RecallStatus::ReturnedToCustody => "blue",
        }
        .into(),
        reasons: r.reasons.clone(),
        summary: r.assessment.summary.clone(),
        criteria: r
            .assessment
            .criteria
            .iter()
            .map(|c| {
                let met = match c.met {
                    Some(true) => "Yes",
                    Some(false) => "No",
                    None => "Not known",
                };
                (c.test.clone(), met.to_string(), c.explanation.clone())
            })
            .collect(),
        missing: r.assessment.missing.join(", "),
        clocks,
        decide_action: if r.may_decide {
            format!("{base}/decide")
        } else {
            String::new()
        },
        return_action: if r.status == RecallStatus::Revoked {
            format!("{base}/returned")
        } else {
            String::new()
        },
        version: r.version,
    }
}

pub(super) async fn page(
    state: &AppState,
    user: &PageUser,
    person: PersonId,
    notice: &str,
    errors: FormErrors,
    values: Values,
) -> Result<Response, PageError> {
    let actor = &user.0.actor;
    let concord_app::CompliancePage {
        compliance: c,
        recalls,
        licences: l,
        mappa_level,
        key_facts,
        diary,
    } = state
        .app
        .manage()
        .compliance_page(actor, person)
        .await
        .map_err(|e| user.error(e))?;
    let href = compliance_href(person);
    let known = |field: &str| -> Vec<SelectOption> {
        options(
            &[("yes", "Yes"), ("no", "No")],
            v(&values, field),
            Some("Not known"),
        )
    };
    let recall_facts = vec![
        (
            "charged_with_offence",
            "Recalled because charged with an offence?",
        ),
        (
            "schedule_19aa_offence",
            "Serving a sentence for a Schedule 19AA offence?",
        ),
        ("terrorist_sentence", "A terrorist sentence (s.247A)?"),
        (
            "terrorist_mappa_category",
            "In a terrorist MAPPA category (s.325(2)(aa) or (c))?",
        ),
        ("extended_sentence", "An extended sentence?"),
    ]
    .into_iter()
    .map(|(f, label)| (f.to_string(), label.to_string(), known(f)))
    .chain(std::iter::once((
        "mappa_level".to_string(),
        "MAPPA level".to_string(),
        options(
            &[
                ("0", "Not managed under MAPPA"),
                ("1", "Level 1"),
                ("2", "Level 2"),
                ("3", "Level 3"),
            ],
            // What was typed, else the level he is managed at now.
            &if values.contains_key("mappa_level") {
                v(&values, "mappa_level").to_string()
            } else {
                mappa_level.map(|l| l.to_string()).unwrap_or_default()
            },
            Some("Not known"),
        ),
    )))
    .collect();
    let failed = !errors.is_empty();
    render_checked(
        &CompliancePage {
        shell: user.record_shell("Compliance and recall", &key_facts),
        person_name: l.person_name.clone(),
        person_href: person_href(person),
        base: person_href(person),
        notice: notice.into(),
        errors,
        deadlines: c
            .deadlines
            .iter()
            .map(|d| (d.title.clone(), date(d.due_on), d.reason.clone(), d.overdue))
            .collect(),
        referral_notice: c
            .referral_required_until
            .map(|d| format!("A warning is in force: until {} any further unacceptable failure must be referred for breach, not warned.", date(d)))
            .unwrap_or_default(),
        events: c
            .events
            .iter()
            .rev()
            .map(|e| ComplianceLine {
                id: e.id.to_string(),
                date: date(e.occurred_on),
                kind: e.kind_label.clone(),
                outcome: e.outcome_label.clone(),
                details: e.details.clone(),
                by: e.recorded_by.clone(),
                answered: e.answered_by.map(|k| k.label().to_string()).unwrap_or_default(),
                warn_action: if e.awaiting_decision { format!("{href}/events/{}/decide", e.id) } else { String::new() },
                refer_action: String::new(),
            })
            .collect(),
        warnings: c
            .warnings
            .iter()
            .map(|w| (date(w.given_on), w.given_by.clone(), w.reason.clone(), date(w.expires_on), w.in_force))
            .collect(),
        breaches: c
            .breaches
            .iter()
            .map(|b| (date(b.given_on), b.referred_by.clone(), b.reason.clone(), b.status.label().to_string()))
            .collect(),
        // Only those who may change the licence section record compliance: no form for
        // anyone else (it would be refused on submit).
        record_action: if l.may_change { href.clone() } else { String::new() },
        kind_options: options(&codes(ComplianceKind::ALL, |k| (k.code(), k.label())), v(&values, "kind"), None),
        outcome_options: options(&codes(Attendance::ALL, |a| (a.code(), a.label())), v(&values, "outcome"), Some("Not applicable")),
        recall_action: if c.licence_in_force && l.may_change { format!("{href}/recalls") } else { String::new() },
        breach_options: std::iter::once(SelectOption::new("", "None", v(&values, "breach_action_id").is_empty()))
            .chain(c.breaches.iter().map(|b| {
                let id = b.id.to_string();
                let chosen = v(&values, "breach_action_id") == id;
                SelectOption::new(id, format!("{}: {}", date(b.given_on), b.reason), chosen)
            }))
            .collect(),
        recalls: recalls.iter().rev().map(|r| recall_block(person, r)).collect(),
        recall_facts,
        diary_action: if diary.may_book { format!("{href}/diary") } else { String::new() },
        appointment_kind_options: super::diary::kind_options(v(&values, "appointment_kind")),
        upcoming: diary.upcoming.iter().map(super::diary::item).collect(),
        awaiting_outcome: diary.awaiting_outcome.iter().map(super::diary::item).collect(),
        diary_past: diary.past.iter().map(super::diary::item).collect(),
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
    let notice = q.get("notice").map_or("", String::as_str);
    let notice = match notice {
        "recorded" => "Recorded.",
        "booked" => "Appointment booked.",
        "cancelled" => "Appointment cancelled.",
        "warning" => "Warning recorded: it stays in force for 12 months.",
        "breach" => "Referred for breach.",
        "recall" => "Recall requested: a senior officer decides.",
        "decided" => "Decision recorded.",
        "returned" => "Return to custody recorded.",
        other if other.starts_with("next:") => {
            "Recorded. An unacceptable absence: see the deadline above for the decision it needs."
        }
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

/// A contact, appointment, visit or disclosure recorded for compliance.
pub struct CompliancePost {
    pub compliance: ComplianceForm,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for CompliancePost {
    fn from_values(values: &Values) -> Self {
        Self {
            compliance: ComplianceForm {
                kind: text(values, "kind"),
                occurred_on: text(values, "occurred_on"),
                outcome: text(values, "outcome"),
                details: text(values, "details"),
            },
            entered: values.clone(),
        }
    }
}

pub async fn record(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<CompliancePost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    match state
        .app
        .manage()
        .record_compliance(&user.0.actor, person, &form.compliance)
        .await
    {
        Ok(r) => {
            let notice = if r.decision.is_some() {
                "next:decision"
            } else {
                "recorded"
            };
            Ok(
                Redirect::to(&format!("{}?notice={notice}", compliance_href(person)))
                    .into_response(),
            )
        }
        Err(AppError::Validation(errors)) => {
            page(
                &state,
                &user,
                person,
                "",
                form_errors(&errors, &[], &[]),
                form.entered,
            )
            .await
        }
        Err(e) => Err(user.error(e)),
    }
}

/// The warning-or-breach decision on an unacceptable absence.
pub struct FailureDecisionPost {
    pub reason: String,
    pub decision: String,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for FailureDecisionPost {
    fn from_values(values: &Values) -> Self {
        Self {
            reason: text(values, "reason"),
            decision: text(values, "decision"),
            entered: values.clone(),
        }
    }
}

pub async fn decide_failure(
    State(state): State<AppState>,
    Path((id, event)): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<FailureDecisionPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let event = ComplianceEventId(parse_id(&event)?);
    let reason = form.reason.as_str();
    let (result, notice) = match form.decision.as_str() {
        "warning" => (
            state
                .app
                .manage()
                .give_warning(&user.0.actor, person, event, reason)
                .await,
            "warning",
        ),
        "breach" => (
            state
                .app
                .manage()
                .refer_breach(&user.0.actor, person, event, reason)
                .await,
            "breach",
        ),
        _ => {
            return Err(PageError::bad_request(
                "Choose to give a warning or to refer for breach.",
            ))
        }
    };
    match result {
        Ok(_) => Ok(
            Redirect::to(&format!("{}?notice={notice}", compliance_href(person))).into_response(),
        ),
        Err(AppError::Validation(errors)) => {
            page(
                &state,
                &user,
                person,
                "",
                form_errors(&errors, &[], &[]),
                form.entered,
            )
            .await
        }
        Err(e) => Err(user.error(e)),
    }
}
