//! Sharing sections of a record with another agency, team or member of staff, and
//! revoking a share.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, ShareInput};
use concord_authz::Section;
use concord_domain::PersonId;
use concord_ui::views::{FormField, FormPage};
use concord_ui::{FormErrors, SelectOption};

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::format::person_href;
use crate::forms::{date_input, form_errors, text, ticked_codes, v, Values};
use crate::pages::parse_id;
use crate::pages::render_form;
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

/// The share form: the sections ticked, who receives them, why, and until when.
pub struct SharePost {
    pub share: ShareInput,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for SharePost {
    fn from_values(values: &Values) -> Self {
        Self {
            share: ShareInput {
                sections: ticked_codes(values, "sections"),
                recipient_kind: text(values, "recipient_kind"),
                recipient: text(values, "recipient"),
                purpose: text(values, "purpose"),
                expires_on: date_input(values, "expires_on"),
            },
            entered: values.clone(),
        }
    }
}

pub async fn share_submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<SharePost>,
) -> Result<Response, PageError> {
    let id = PersonId(parse_id(&id)?);
    match state
        .app
        .sharing()
        .share_sections(&user.0.actor, id, &form.share)
        .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("{}?notice=shared#shares", person_href(id))).into_response())
        }
        Err(AppError::Validation(errors)) => share_page(
            &user,
            id,
            String::new(),
            &form.entered,
            form_errors(&errors, &["expires_on"], &[]),
        ),
        Err(e) => Err(user.error(e)),
    }
}

/// Why a share is revoked.
pub struct RevocationPost {
    pub reason: String,
}

impl PostedForm for RevocationPost {
    fn from_values(values: &Values) -> Self {
        Self {
            reason: text(values, "reason"),
        }
    }
}

pub async fn revoke_share(
    State(state): State<AppState>,
    Path((id, share)): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<RevocationPost>,
) -> Result<Response, PageError> {
    let id = PersonId(parse_id(&id)?);
    let share = parse_id(&share)?;
    match state
        .app
        .sharing()
        .revoke_share(&user.0.actor, id, share, form.reason.as_str())
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
