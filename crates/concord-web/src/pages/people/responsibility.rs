//! Responsibility between probation organisations: the person's page with the decision
//! forms (`POST …/responsibility/{move}/{step}`, step `accept`, `decline` or `withdraw`)
//! and a manager's list of proposals (`/responsibility`).

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, DecisionInput, MoveView};
use concord_domain::{PersonId, ResponsibilityStatus, ResponsibilityTransferId};
use concord_ui::views::{MoveCard, ResponsibilityPage, TransferLine, TransfersPage};
use concord_ui::{FormErrors, SelectOption};
use std::collections::HashMap;

use crate::checked_form::CheckedForm;
use crate::error::PageError;
use crate::format::{date, person_href};
use crate::forms::{form_errors, v, Values};
use crate::pages::{parse_id, render, render_checked};
use crate::session::PageUser;
use crate::AppState;

pub const TRANSFERS: &str = "/responsibility";

fn href(person: PersonId) -> String {
    format!("{}/responsibility", person_href(person))
}

fn card(t: &MoveView) -> MoveCard {
    let mut rows = vec![
        ("Why".to_string(), t.reason.clone()),
        (
            "Proposed".into(),
            format!(
                "{}, when {} signed a review",
                date(t.proposed_on),
                t.proposed_by
            ),
        ),
        ("Receiving organisation manages".into(), t.to_remit.clone()),
    ];
    if let (Some(on), Some(by)) = (t.decided_on, &t.decided_by) {
        rows.push(("Decided".into(), format!("{} by {by}", date(on))));
    }
    if let Some(n) = &t.decision_note {
        rows.push(("Note".into(), n.clone()));
    }
    if let Some(o) = &t.allocated_to {
        rows.push(("Allocated to".into(), o.clone()));
    }
    if let Some(m) = &t.moved {
        rows.push((
            "Moved with the case".into(),
            format!(
                "{} partner referral(s), {} open task(s), {} MAPPA action(s), {} licence version(s); {} allocation(s) ended",
                m.referrals, m.tasks, m.actions, m.licences, m.allocations_ended
            ),
        ));
    }
    MoveCard {
        heading: format!("From {} to {}", t.from_agency, t.to_agency),
        status: t.status.label().into(),
        colour: match t.status {
            ResponsibilityStatus::Proposed => "yellow",
            ResponsibilityStatus::Accepted => "green",
            ResponsibilityStatus::Declined => "red",
            ResponsibilityStatus::Withdrawn => "grey",
        }
        .into(),
        rows,
    }
}

async fn page(
    state: &AppState,
    user: &PageUser,
    person: PersonId,
    notice: String,
    errors: FormErrors,
    values: &Values,
) -> Result<Response, PageError> {
    let p = state
        .app
        .responsibility()
        .responsibility_page(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))?;
    let action = |step: &str| {
        p.open
            .as_ref()
            .map(|t| format!("{}/{}/{step}", href(person), t.id.0))
            .unwrap_or_default()
    };
    let failed = !errors.is_empty();
    render_checked(
        &ResponsibilityPage {
            shell: user.shell("Responsibility for the case", ""),
            person_name: p.header.full_name(),
            person_href: person_href(person),
            notice,
            errors,
            owner: p.owner.clone(),
            owner_remit: p.owner_remit.clone().unwrap_or_default(),
            open: p.open.as_ref().map(card),
            history: p
                .transfers
                .iter()
                .filter(|t| t.status != ResponsibilityStatus::Proposed)
                .map(card)
                .collect(),
            accept_action: if p.may_decide {
                action("accept")
            } else {
                String::new()
            },
            decline_action: if p.may_decide {
                action("decline")
            } else {
                String::new()
            },
            officers: std::iter::once(SelectOption::new("", "Choose an officer", false))
                .chain(p.officers.iter().map(|(id, name)| {
                    SelectOption::new(
                        id.0.to_string(),
                        name,
                        v(values, "officer") == id.0.to_string(),
                    )
                }))
                .collect(),
            withdraw_action: if p.may_withdraw {
                action("withdraw")
            } else {
                String::new()
            },
            note: v(values, "note").to_string(),
        },
        failed,
    )
}

pub async fn responsibility(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let notice = match q.get("notice").map(String::as_str) {
        Some("proposed") => "The review is signed. A transfer of responsibility is proposed to the other organisation.",
        Some("accept") => "The case is yours: it moved to your organisation and the officer is allocated.",
        Some("decline") => "The proposal is declined; the sending organisation has your reason.",
        Some("withdraw") => "The proposal is withdrawn.",
        _ => "",
    };
    page(
        &state,
        &user,
        person,
        notice.into(),
        FormErrors::new(),
        &Values::new(),
    )
    .await
}

pub async fn decide(
    State(state): State<AppState>,
    Path((id, transfer, step)): Path<(String, String, String)>,
    CheckedForm { user, form }: CheckedForm<Values>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let transfer: ResponsibilityTransferId = parse_id(&transfer)?;
    let input = DecisionInput {
        officer: v(&form, "officer").into(),
        note: v(&form, "note").into(),
    };
    let app = state.app.responsibility();
    let actor = &user.0.actor;
    let result = match step.as_str() {
        "accept" => app.accept_transfer(actor, person, transfer, &input).await,
        "decline" => {
            app.close_transfer(actor, person, transfer, false, &input)
                .await
        }
        "withdraw" => {
            app.close_transfer(actor, person, transfer, true, &input)
                .await
        }
        _ => return Err(PageError::not_found()),
    };
    match result {
        // After accepting the case is the manager's organisation's, and the page is theirs
        // to read; after declining it no longer is, so they go back to their list.
        Ok(()) if step == "decline" => Ok(Redirect::to(TRANSFERS).into_response()),
        Ok(()) => Ok(Redirect::to(&format!("{}?notice={step}", href(person))).into_response()),
        Err(AppError::Validation(errors)) => {
            page(
                &state,
                &user,
                person,
                String::new(),
                form_errors(&errors, &[], &[]),
                &form,
            )
            .await
        }
        Err(e) => Err(user.error(e)),
    }
}

pub async fn transfers(
    State(state): State<AppState>,
    user: PageUser,
) -> Result<Response, PageError> {
    let items = state
        .app
        .responsibility()
        .open_transfers(&user.0.actor)
        .await
        .map_err(|e| user.error(e))?;
    let line = |i: &concord_app::TransferWorkItem| TransferLine {
        person: i.person_name.clone(),
        href: href(i.person_id),
        from: i.transfer.from_agency.clone(),
        to: i.transfer.to_agency.clone(),
        reason: i.transfer.reason.clone(),
        proposed: date(i.transfer.proposed_on),
    };
    render(&TransfersPage {
        shell: user.shell("Transfers of responsibility", TRANSFERS),
        sections: vec![
            (
                "Proposed to your organisation".into(),
                "incoming".into(),
                items.iter().filter(|i| i.incoming).map(line).collect(),
            ),
            (
                "Proposed by your organisation".into(),
                "outgoing".into(),
                items.iter().filter(|i| !i.incoming).map(line).collect(),
            ),
        ],
    })
}
