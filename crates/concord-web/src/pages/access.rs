//! Need-to-know screens: sharing sections of a record and revoking a share, opening a
//! record by break-glass, the information governance lead's review queue, and the
//! board's aggregate page.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, DateInput, ShareInput, BREAK_GLASS_HOURS};
use concord_authz::{Permission, Section};
use concord_domain::PersonId;
use concord_ui::views::{BarChart, BoardPage, FormField, FormPage, ReviewItem, ReviewPage};
use concord_ui::{FormErrors, SelectOption};

use super::edit::render_form;
use super::{parse_id, render};
use crate::checked_form::CheckedForm;
use crate::error::PageError;
use crate::format::{instant, person_href};
use crate::forms::{form_errors, v, Values};
use crate::session::PageUser;
use crate::AppState;

fn share_fields(values: &Values) -> Vec<FormField> {
    vec![
        FormField::checkboxes(
            "sections",
            "Sections to share",
            Section::ALL
                .into_iter()
                .filter(|s| s.is_shareable() && *s != Section::Identity)
                .map(|s| {
                    SelectOption::new(
                        s.code(),
                        s.label(),
                        v(values, &format!("sections.{}", s.code())) == "yes",
                    )
                })
                .collect(),
        )
        .hint("Name, date of birth and identifiers always go with them. Victim details, health information, intelligence and items not to be disclosed to the person can never be shared."),
        FormField::select(
            "recipient_kind",
            "Share with",
            ["agency", "team", "user"]
                .into_iter()
                .zip(["An agency", "A team (by its id)", "A member of staff (by username)"])
                .map(|(code, label)| SelectOption::new(code, label, v(values, "recipient_kind") == code))
                .collect(),
        ),
        FormField::text("recipient", "Agency code, team id or username", v(values, "recipient")).width("20"),
        FormField::textarea("purpose", "Purpose of the share", v(values, "purpose"))
            .hint("Why the recipient needs these sections. It is recorded in the audit trail and shown on the record."),
        FormField::date(
            "expires_on",
            "Share until",
            v(values, "expires_on-day"),
            v(values, "expires_on-month"),
            v(values, "expires_on-year"),
        )
        .hint("The share ends automatically after this date; at most a year ahead."),
    ]
}

/// The share form, fresh or with the errors of a submission.
fn share_page(
    user: &PageUser,
    id: PersonId,
    caption: String,
    values: &Values,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let heading = "Share sections of this record";
    render_form(FormPage {
        shell: user.shell(heading, ""),
        caption,
        heading: heading.into(),
        intro: vec!["Only the owning agency shares its record. The share is listed on the record, recorded in the audit trail as a disclosure, and can be revoked at any time.".into()],
        action: format!("{}/shares/new", person_href(id)),
        fields: share_fields(values),
        hidden: vec![],
        submit_label: "Share".into(),
        cancel_href: person_href(id),
        errors,
        possible_matches: vec![],
    })
}

pub async fn share_form(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = PersonId(parse_id(&id)?);
    let r = state
        .app
        .people()
        .record_header(&user.0.actor, id)
        .await
        .map_err(|e| user.error(e))?;
    share_page(&user, id, r.full_name(), &Values::new(), FormErrors::new())
}

pub async fn share_submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let id = PersonId(parse_id(&id)?);
    let input = ShareInput {
        sections: values
            .iter()
            .filter(|(k, val)| k.starts_with("sections.") && val.as_str() == "yes")
            .map(|(k, _)| k.trim_start_matches("sections.").to_string())
            .collect(),
        recipient_kind: v(&values, "recipient_kind").into(),
        recipient: v(&values, "recipient").into(),
        purpose: v(&values, "purpose").into(),
        expires_on: DateInput::parts(
            v(&values, "expires_on-day"),
            v(&values, "expires_on-month"),
            v(&values, "expires_on-year"),
        ),
    };
    match state
        .app
        .sharing()
        .share_sections(&user.0.actor, id, &input)
        .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("{}?notice=shared#shares", person_href(id))).into_response())
        }
        Err(AppError::Validation(errors)) => share_page(
            &user,
            id,
            String::new(),
            &values,
            form_errors(&errors, &["expires_on"], &[]),
        ),
        Err(e) => Err(user.error(e)),
    }
}

pub async fn revoke_share(
    State(state): State<AppState>,
    Path((id, share)): Path<(String, String)>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let id = PersonId(parse_id(&id)?);
    let share = parse_id(&share)?;
    match state
        .app
        .sharing()
        .revoke_share(&user.0.actor, id, share, v(&values, "reason"))
        .await
    {
        Ok(()) => Ok(
            Redirect::to(&format!("{}?notice=share-revoked#shares", person_href(id)))
                .into_response(),
        ),
        Err(AppError::Validation(_)) => Err(PageError::bad_request(
            "Give a reason for revoking the share. Go back and try again.",
        )
        .with_shell(user.shell("Error", ""))),
        Err(e) => Err(user.error(e)),
    }
}

fn break_glass_fields(values: &Values) -> Vec<FormField> {
    vec![FormField::textarea("reason", "Why do you need to open this record now?", v(values, "reason"))
        .hint("For example: arrested overnight, checking risk to officers before interview. Your reason is recorded and reviewed by the owning agency's information governance lead.")]
}

/// The break-glass form: what it means, and the reason box.
fn break_glass_page(
    user: &PageUser,
    id: PersonId,
    values: &Values,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let heading = "Open this record by break-glass";
    render_form(FormPage {
        shell: user.shell(heading, ""),
        caption: String::new(),
        heading: heading.into(),
        intro: vec![
            "You have no relationship with this person: you are not allocated, not in the case team, and nothing has been shared or referred to you.".into(),
            format!("If you need the record urgently you may open it by break-glass. Access lasts {BREAK_GLASS_HOURS} hours, is flagged on the record for the case team, and is reviewed by the owning agency."),
        ],
        action: format!("{}/break-glass", person_href(id)),
        fields: break_glass_fields(values),
        hidden: vec![],
        submit_label: "Open the record".into(),
        cancel_href: "/search".into(),
        errors,
        possible_matches: vec![],
    })
}

/// The page shown instead of a record the viewer has no relationship with, when their
/// role may break glass: still a 403, with the way in.
pub fn break_glass_offer(user: &PageUser, id: PersonId) -> Result<Response, PageError> {
    let mut response = break_glass_page(user, id, &Values::new(), FormErrors::new())?;
    *response.status_mut() = StatusCode::FORBIDDEN;
    Ok(response)
}

pub async fn break_glass_form(
    user: PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = PersonId(parse_id(&id)?);
    if !user.0.actor.has(Permission::BreakGlass) {
        return Err(PageError::from(AppError::NotFound));
    }
    break_glass_offer(&user, id)
}

pub async fn break_glass_submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let id = PersonId(parse_id(&id)?);
    match state
        .app
        .sharing()
        .break_glass(&user.0.actor, id, v(&values, "reason"))
        .await
    {
        Ok(_) => Ok(Redirect::to(&person_href(id)).into_response()),
        Err(AppError::Validation(errors)) => {
            break_glass_page(&user, id, &values, form_errors(&errors, &[], &[]))
        }
        Err(e) => Err(user.error(e)),
    }
}

pub async fn review_queue(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let items = state
        .app
        .sharing()
        .break_glass_queue(&user.0.actor)
        .await
        .map_err(|e| user.error(e))?;
    render(&ReviewPage {
        shell: user.shell("Break-glass reviews", "/governance/break-glass"),
        notice: if q.get("notice").map(String::as_str) == Some("reviewed") {
            "Decision recorded".into()
        } else {
            String::new()
        },
        items: items
            .into_iter()
            .map(|i| ReviewItem {
                person: i.person,
                record_href: String::new(),
                staff: format!("{} ({})", i.staff, i.agency),
                when: instant(i.opened_at),
                reason: i.reason,
                outcome: match (&i.outcome, &i.reviewed_by) {
                    (Some(o), Some(by)) => {
                        format!("{o} – {by}: {}", i.review_note.clone().unwrap_or_default())
                    }
                    _ => "Awaiting review".into(),
                },
                action: if i.outcome.is_none() {
                    format!("/governance/break-glass/{}", i.id)
                } else {
                    String::new()
                },
            })
            .collect(),
    })
}

pub async fn review_submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, values }: CheckedForm,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let justified = match v(&values, "outcome") {
        "justified" => Some(true),
        "not_justified" => Some(false),
        _ => None,
    };
    match state
        .app
        .sharing()
        .review_break_glass(&user.0.actor, id, justified, v(&values, "note"))
        .await
    {
        Ok(()) => Ok(Redirect::to("/governance/break-glass?notice=reviewed").into_response()),
        Err(AppError::Validation(errors)) => Err(PageError::bad_request(
            &errors
                .errors
                .iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join(". "),
        )
        .with_shell(user.shell("Error", ""))),
        Err(e) => Err(user.error(e)),
    }
}

pub async fn board(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    let f = state
        .app
        .oversight()
        .board_figures(&user.0.actor)
        .await
        .map_err(|e| user.error(e))?;
    render(&BoardPage {
        shell: user.shell("Board figures", "/board"),
        headlines: vec![
            ("People on the register".into(), f.people.to_string()),
            (
                "Live case allocations".into(),
                f.live_allocations.to_string(),
            ),
            (
                "Live shares between agencies".into(),
                f.live_shares.to_string(),
            ),
        ],
        charts: vec![
            BarChart::new("by-owner", "People by owning agency", &f.people_by_owner),
            BarChart::new(
                "referrals",
                "Open referrals by partner agency",
                &f.open_referrals_by_agency,
            ),
            BarChart::new(
                "markers",
                "Active warning markers by kind",
                &f.active_markers_by_kind,
            ),
            BarChart::new(
                "break-glass",
                "Break-glass openings in the last 30 days, by review outcome",
                &f.break_glass_last_30_days,
            ),
        ],
    })
}
