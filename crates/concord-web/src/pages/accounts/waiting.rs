//! `/accounts/waiting`: accounts made at their first single sign-on, which an
//! administrator checks and activates (the same can be done with `concord user
//! activate`). Administrators only: the use cases decide and audit.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::AppError;
use concord_ui::views::{WaitingAccountRow, WaitingAccountsPage};

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::format::{humanise, instant};
use crate::forms::{text, Values};
use crate::pages::render_checked;
use crate::session::PageUser;
use crate::AppState;

pub async fn show(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let waiting = state
        .app
        .accounts()
        .waiting_accounts(&user.0.actor)
        .await
        .map_err(|e| user.error(e))?;
    let accounts: Vec<WaitingAccountRow> = waiting
        .into_iter()
        .map(|a| WaitingAccountRow {
            provider: state
                .config
                .sso
                .label(&a.provider)
                .unwrap_or(&a.provider)
                .to_string(),
            roles: a
                .roles
                .iter()
                .map(|r| humanise(r))
                .collect::<Vec<_>>()
                .join(", "),
            since: instant(a.since),
            username: a.username,
            display_name: a.display_name,
            email: a.email.unwrap_or_default(),
            agency: a.agency_name,
        })
        .collect();
    // A username from the redirect after activating; only in the username alphabet, so
    // a crafted link cannot put words in the page.
    let activated = q.get("activated").cloned().filter(|u| {
        (3..=64).contains(&u.len())
            && u.chars().all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_')
            })
    });
    render_checked(
        &WaitingAccountsPage {
            shell: user.shell("Accounts waiting to be activated", "/accounts/waiting"),
            accounts,
            activated,
        },
        false,
    )
}

/// The account to activate.
pub struct ActivatePost {
    pub username: String,
}

impl PostedForm for ActivatePost {
    fn from_values(values: &Values) -> Self {
        Self {
            username: text(values, "username"),
        }
    }
}

pub async fn activate(
    State(state): State<AppState>,
    CheckedForm { user, form }: CheckedForm<ActivatePost>,
) -> Result<Response, PageError> {
    match state
        .app
        .accounts()
        .activate_account(Some(&user.0.actor), &form.username)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!(
            "/accounts/waiting?activated={}",
            form.username.trim().to_lowercase()
        ))
        .into_response()),
        Err(AppError::Validation(_)) => Err(PageError::bad_request(
            "That account is not waiting to be activated.",
        )),
        Err(e) => Err(user.error(e)),
    }
}
