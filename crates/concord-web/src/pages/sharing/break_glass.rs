//! Opening a record by break-glass: the form with its reason, and the offer shown
//! instead of a record the viewer has no relationship with.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, BREAK_GLASS_HOURS};
use concord_authz::Permission;
use concord_domain::PersonId;
use concord_ui::views::{FormField, FormPage};
use concord_ui::FormErrors;

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::format::person_href;
use crate::forms::{form_errors, text, v, Values};
use crate::pages::parse_id;
use crate::pages::render_form;
use crate::session::PageUser;
use crate::AppState;

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

/// Why the record is opened by break-glass.
pub struct BreakGlassPost {
    pub reason: String,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for BreakGlassPost {
    fn from_values(values: &Values) -> Self {
        Self {
            reason: text(values, "reason"),
            entered: values.clone(),
        }
    }
}

pub async fn break_glass_submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<BreakGlassPost>,
) -> Result<Response, PageError> {
    let id = PersonId(parse_id(&id)?);
    match state
        .app
        .sharing()
        .break_glass(&user.0.actor, id, form.reason.as_str())
        .await
    {
        Ok(_) => Ok(Redirect::to(&person_href(id)).into_response()),
        Err(AppError::Validation(errors)) => {
            break_glass_page(&user, id, &form.entered, form_errors(&errors, &[], &[]))
        }
        Err(e) => Err(user.error(e)),
    }
}
