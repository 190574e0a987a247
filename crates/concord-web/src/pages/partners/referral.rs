//! One referral: where it stands and what it waits for, what it asks and shares, the
//! plan, the sessions and the end report, with the steps the reader may take now.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use concord_app::{ReferralDetail, ReferralStatus};
use concord_domain::{PersonId, ServiceReferralId};
use concord_ui::views::{ReferralPage, SessionLine, StepLink};
use concord_ui::FormErrors;

use super::{colour, first_contact, referral_href, services_href, status_words};
use crate::error::PageError;
use crate::format::{date, opt_date};
use crate::pages::{parse_id, render_checked};
use crate::session::PageUser;
use crate::AppState;

fn step(label: &str, href: String, button: bool, secondary: bool) -> StepLink {
    StepLink {
        label: label.into(),
        href,
        button,
        secondary,
    }
}

/// The steps the reader may take now.
fn steps(d: &ReferralDetail, person: PersonId) -> Vec<StepLink> {
    use ReferralStatus as S;
    let at = |s: &str| format!("{}/{s}", referral_href(person, d.summary.id));
    let status = d.summary.status;
    let mut out = vec![];
    if d.by_provider {
        match status {
            S::Sent => {
                out.push(step("Accept the referral", at("accept"), true, false));
                out.push(step("Decline", at("decline"), false, true));
            }
            S::Accepted => out.push(step("Assign a caseworker", at("assign"), false, false)),
            S::Assigned | S::PlanSubmitted | S::InProgress => {
                out.push(step("Record a session", at("session"), false, false));
                let plan = if d.plan.is_some() {
                    "Revise the action plan"
                } else {
                    "Submit the action plan"
                };
                out.push(step(plan, at("plan"), false, true));
                if status == S::InProgress {
                    out.push(step(
                        "Close with the end-of-service report",
                        at("end-report"),
                        false,
                        true,
                    ));
                }
                out.push(step("Change the caseworker", at("assign"), false, true));
            }
            _ => {}
        }
        if status.gives_access() {
            out.push(step("The person withdrew", at("withdraw"), false, true));
        }
    } else {
        match status {
            S::Draft => out.push(step("Send the referral", at("send"), true, false)),
            S::PlanSubmitted => {
                out.push(step("Approve the action plan", at("approve"), true, false));
            }
            _ => {}
        }
        if status.is_open() {
            out.push(step("Cancel the referral", at("cancel"), false, true));
        }
        if status.gives_access() {
            out.push(step("The person withdrew", at("withdraw"), false, true));
        }
    }
    out
}

pub(super) fn referral_page(
    user: &PageUser,
    person: PersonId,
    d: &ReferralDetail,
    notice: &str,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let s = &d.summary;
    let mut facts = vec![
        (
            "Service".to_string(),
            format!("{} ({})", s.service.label(), s.provider),
        ),
        ("Referred by".into(), d.officer.clone()),
        (
            "Needs to work on".into(),
            s.needs
                .iter()
                .map(|n| n.label())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ("What is asked".into(), d.reason.clone()),
        (
            "Sent".into(),
            s.sent_on.map_or_else(|| "Not sent".into(), date),
        ),
        ("First contact".into(), first_contact(s)),
        (
            "Caseworker".into(),
            s.caseworker
                .clone()
                .unwrap_or_else(|| "Not assigned".into()),
        ),
    ];
    if let Some(why) = &d.decline_reason {
        facts.push(("Declined because".into(), why.clone()));
    }
    if let Some(why) = &d.close_reason {
        facts.push((format!("Closed on {}", opt_date(s.closed_on)), why.clone()));
    }
    let mut shared = vec![
        ("Name".to_string(), d.shared.name.clone()),
        ("Date of birth".into(), opt_date(d.shared.date_of_birth)),
    ];
    for a in &d.shared.addresses {
        shared.push(("Address".into(), a.clone()));
    }
    for m in &d.shared.markers {
        shared.push(("Warning marker".into(), m.clone()));
    }
    for o in &d.shared.offences {
        shared.push(("Offence".into(), o.clone()));
    }
    let (plan_objectives, plan_facts) = match &d.plan {
        Some(p) => (
            p.objectives
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    (
                        format!("Objective {} ({})", i + 1, o.need.label()),
                        o.objective.clone(),
                    )
                })
                .collect(),
            vec![
                ("Activities".to_string(), p.activities.clone()),
                ("Sessions planned".into(), p.sessions_planned.to_string()),
                (
                    "Approved".into(),
                    d.plan_approved_on
                        .map_or_else(|| "Awaiting the officer's approval".into(), date),
                ),
            ],
        ),
        None => (vec![], vec![]),
    };
    let (outcomes, end_report) = match &d.end_report {
        Some(r) => (
            r.outcomes
                .iter()
                .map(|o| {
                    let note = if o.note.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", o.note)
                    };
                    (o.objective.clone(), format!("{}{note}", o.achieved.label()))
                })
                .collect(),
            vec![
                ("Summary".to_string(), r.summary.clone()),
                (
                    "Further work".into(),
                    if r.further_work.is_empty() {
                        "None".into()
                    } else {
                        r.further_work.clone()
                    },
                ),
            ],
        ),
        None => (vec![], vec![]),
    };
    let (back_href, back_label) = if d.by_provider {
        (
            "/partners/referrals".to_string(),
            "Back to your referrals".to_string(),
        )
    } else {
        (
            services_href(person),
            "Back to partner services".to_string(),
        )
    };
    let failed = !errors.is_empty();
    let (matches, volunteer_steps) = super::volunteer_steps::volunteer_part(d, person);
    let volunteering = matches!(
        s.service,
        concord_app::ServiceType::PracticalHelpVolunteers
            | concord_app::ServiceType::MinorityMentoring
            | concord_app::ServiceType::ReleaseMentoring
    );
    render_checked(
        &ReferralPage {
            shell: user.shell(&format!("Referral to {}", s.service.label()), ""),
            person_name: d.shared.name.clone(),
            back_href,
            back_label,
            notice: notice.into(),
            errors,
            heading: format!("Referral to {}", s.service.label().to_lowercase()),
            status: status_words(s),
            colour: colour(s.status),
            due: s.due.clone().unwrap_or_default(),
            overdue: s.overdue,
            facts,
            shared,
            shared_sections: d.shared.sections.join(", "),
            plan_objectives,
            plan_facts,
            sessions: d
                .sessions
                .iter()
                .map(|x| SessionLine {
                    date: date(x.held_on),
                    attendance: x.attendance.label().into(),
                    engagement: x.engagement.map_or_else(String::new, |e| e.label().into()),
                    notes: x.notes.clone(),
                    by: x.recorded_by.clone(),
                })
                .collect(),
            end_report,
            outcomes,
            steps: steps(d, person),
            matches,
            volunteer_steps,
            volunteering,
        },
        failed,
    )
}

pub async fn referral(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, rid)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let rid: ServiceReferralId = parse_id(&rid)?;
    let d = state
        .app
        .partners()
        .referral(&user.0.actor, person, rid)
        .await
        .map_err(|e| user.error(e))?;
    let notice = match q.get("notice").map(String::as_str) {
        Some("sent") => "Referral sent. The provider can see the sections you shared.",
        Some("drafted") => "Referral saved as a draft.",
        Some("accept") => "Referral accepted. Assign a caseworker next.",
        Some("assign") => "Caseworker assigned.",
        Some("plan") => "Action plan submitted for the officer's approval.",
        Some("approve") => "Action plan approved.",
        Some("session") => "Session recorded.",
        Some("volunteer") => "Volunteer updated.",
        Some("send") => "Referral sent.",
        _ => "",
    };
    referral_page(&user, person, &d, notice, FormErrors::new())
}
