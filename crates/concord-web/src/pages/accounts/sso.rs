//! Signing in through a single sign-on provider (see `crate::sso`):
//!
//! 1. `GET /sign-in/sso/{provider}` records the attempt (state, nonce, PKCE verifier) and
//!    sends the browser to the provider, with the state also in a short-lived cookie, so
//!    that a code cannot be delivered into someone else's browser (login CSRF).
//! 2. `GET /sign-in/sso/{provider}/callback` takes the attempt once, checks the state
//!    against the cookie, exchanges the code, checks the ID token and signs in the
//!    identity — or says plainly why not. Every refusal is audited.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::SsoSignIn;
use concord_ui::{OnwardPage, Shell, SignInNotice};

use super::sign_in::{random_hex, session_cookie, sign_in_page, SignInView};
use crate::error::PageError;
use crate::pages::render;
use crate::session::{cookie, safe_next, same_secret, SourceAddress};
use crate::AppState;

/// The state of a sign-in in flight. `SameSite=Lax`, not `Strict`: it must come back
/// with the provider's top-level redirect to the callback.
const STATE_COOKIE: &str = "concord_sso_state";

fn state_cookie(value: &str, max_age: i64, secure: bool) -> String {
    format!(
        "{STATE_COOKIE}={value}; Path=/sign-in/sso; HttpOnly; SameSite=Lax; Max-Age={max_age}{}",
        if secure { "; Secure" } else { "" }
    )
}

pub async fn start(
    State(state): State<AppState>,
    Path(provider): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let sso = &state.config.sso;
    let Some(label) = sso.label(&provider).map(str::to_string) else {
        return Err(PageError::not_found());
    };
    let next = safe_next(q.get("next").map_or("/cases", String::as_str));
    let flow_state = random_hex();
    let auth = match sso.authorise(&provider, &flow_state).await {
        Ok(auth) => auth,
        Err(failure) => {
            tracing::warn!(provider = %provider, reason = %failure.0, "single sign-on provider unavailable");
            return unavailable(&state, &label, &next);
        }
    };
    state
        .app
        .accounts()
        .begin_single_sign_on(
            &provider,
            &flow_state,
            &auth.nonce,
            &auth.pkce_verifier,
            &next,
        )
        .await?;
    let mut response = Redirect::to(&auth.url).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        state_cookie(&flow_state, 600, state.config.secure_cookies)
            .parse()
            .expect("cookie header"),
    );
    Ok(response)
}

fn unavailable(state: &AppState, label: &str, next: &str) -> Result<Response, PageError> {
    let mut errors = concord_ui::FormErrors::new();
    errors.push(
        "username",
        format!("{label} could not be reached to sign you in. Try again in a few minutes"),
    );
    sign_in_page(
        state,
        SignInView {
            next,
            errors,
            status: StatusCode::SERVICE_UNAVAILABLE,
            ..SignInView::default()
        },
    )
}

/// The sign-in page with an error about this sign-in, the state cookie cleared.
fn refused(state: &AppState, status: StatusCode, message: &str) -> Result<Response, PageError> {
    let mut errors = concord_ui::FormErrors::new();
    errors.push("username", message);
    let mut response = sign_in_page(
        state,
        SignInView {
            errors,
            status,
            ..SignInView::default()
        },
    )?;
    clear_state(&mut response, state.config.secure_cookies);
    Ok(response)
}

fn clear_state(response: &mut Response, secure: bool) {
    response.headers_mut().append(
        header::SET_COOKIE,
        state_cookie("", 0, secure).parse().expect("cookie header"),
    );
}

pub async fn callback(
    State(state): State<AppState>,
    source: SourceAddress,
    Path(provider): Path<String>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let sso = &state.config.sso;
    let Some(label) = sso.label(&provider).map(str::to_string) else {
        return Err(PageError::not_found());
    };
    let accounts = state.app.accounts();
    let returned = q.get("state").map(String::as_str).unwrap_or_default();
    let held = cookie(&headers, STATE_COOKIE).unwrap_or_default();
    let start_again = format!("This sign-in through {label} could not be completed. Start again");
    if returned.is_empty() || held.is_empty() || !same_secret(returned, &held) {
        accounts
            .refuse_single_sign_on(
                &provider,
                &source.0,
                "single sign-on refused: the state returned is not this browser's",
            )
            .await?;
        return refused(&state, StatusCode::BAD_REQUEST, &start_again);
    }
    let Some(attempt) = accounts
        .take_single_sign_on(returned)
        .await?
        .filter(|a| a.provider == provider)
    else {
        accounts
            .refuse_single_sign_on(
                &provider,
                &source.0,
                "single sign-on refused: no sign-in in progress for the state returned (used already, or expired)",
            )
            .await?;
        return refused(&state, StatusCode::BAD_REQUEST, &start_again);
    };
    if let Some(error) = q.get("error") {
        // Only the registered error code is repeated, never the free text the provider
        // may add: it would come from a URL anyone can craft.
        let code: String = error
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .take(40)
            .collect();
        accounts
            .refuse_single_sign_on(
                &provider,
                &source.0,
                &format!("single sign-on refused by the provider: {code}"),
            )
            .await?;
        return refused(
            &state,
            StatusCode::UNAUTHORIZED,
            &format!("{label} did not sign you in ({code})"),
        );
    }
    if !sso.issuer_matches(&provider, q.get("iss").map(String::as_str)) {
        accounts
            .refuse_single_sign_on(
                &provider,
                &source.0,
                "single sign-on refused: the answer names another issuer (iss)",
            )
            .await?;
        return refused(&state, StatusCode::BAD_REQUEST, &start_again);
    }
    let Some(code) = q.get("code").filter(|c| !c.is_empty()) else {
        return refused(&state, StatusCode::BAD_REQUEST, &start_again);
    };
    let identity = match sso
        .identify(&provider, code, &attempt.nonce, &attempt.pkce_verifier)
        .await
    {
        Ok(identity) => identity,
        Err(failure) => {
            accounts
                .refuse_single_sign_on(
                    &provider,
                    &source.0,
                    &format!("single sign-on refused: {}", failure.0),
                )
                .await?;
            return refused(
                &state,
                StatusCode::UNAUTHORIZED,
                &format!("Signing in through {label} failed: {}", failure.0),
            );
        }
    };
    match accounts.sign_in_single_sign_on(&identity, &source.0).await? {
        SsoSignIn::SignedIn(session) => {
            let next = safe_next(&attempt.return_to);
            let mut response = render(&OnwardPage {
                shell: Shell {
                    page_title: "Signed in".into(),
                    ..Shell::default()
                },
                heading: "You are signed in".into(),
                body: format!("You signed in through {label}."),
                href: next,
                link_text: "Continue".into(),
            })?;
            response
                .headers_mut()
                .append(header::SET_COOKIE, session_cookie(&state, &session));
            clear_state(&mut response, state.config.secure_cookies);
            Ok(response)
        }
        SsoSignIn::AwaitingActivation { created } => notice(
            &state,
            StatusCode::FORBIDDEN,
            SignInNotice {
                heading: if created {
                    "Your Concord account has been made and is waiting to be activated".into()
                } else {
                    "Your Concord account is waiting to be activated".into()
                },
                body: format!(
                    "You signed in through {label}. Before you can use Concord, an administrator must check and activate your account. Ask your Concord administrator, then sign in again."
                ),
                success: false,
            },
        ),
        SsoSignIn::NoRole => notice(
            &state,
            StatusCode::FORBIDDEN,
            SignInNotice {
                heading: "Your account does not give you a role in Concord".into(),
                body: format!(
                    "You signed in through {label}, but none of your groups there is one Concord accepts. Ask your administrator to add you to the right group."
                ),
                success: false,
            },
        ),
    }
}

fn notice(
    state: &AppState,
    status: StatusCode,
    notice: SignInNotice,
) -> Result<Response, PageError> {
    let mut response = sign_in_page(
        state,
        SignInView {
            status,
            notice: Some(notice),
            ..SignInView::default()
        },
    )?;
    clear_state(&mut response, state.config.secure_cookies);
    Ok(response)
}

/// `POST /sign-in/sso/{provider}/back-channel-logout`: the provider says a person signed
/// out there (OpenID Connect Back-Channel Logout 1.0), server to server, with a signed
/// logout token; Concord ends the sessions of that sign-in. No cookie and no CSRF token:
/// the token's signature is the proof. 200 when done, 400 with no body otherwise, never
/// cached (§2.8).
pub async fn back_channel_logout(
    State(state): State<AppState>,
    Path(provider): Path<String>,
    axum::Form(form): axum::Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    if state.config.sso.label(&provider).is_none() {
        return Err(PageError::not_found());
    }
    let no_store = [(header::CACHE_CONTROL, "no-store")];
    let Some(token) = form.get("logout_token").filter(|t| !t.is_empty()) else {
        return Ok((StatusCode::BAD_REQUEST, no_store).into_response());
    };
    match state.config.sso.logout_token(&provider, token).await {
        Ok((subject, sid)) => {
            state
                .app
                .accounts()
                .end_provider_sessions(&provider, &subject, sid.as_deref())
                .await?;
            Ok((StatusCode::OK, no_store).into_response())
        }
        Err(failure) => {
            state
                .app
                .accounts()
                .refuse_single_sign_on(
                    &provider,
                    "provider",
                    &format!("back-channel logout refused: {}", failure.0),
                )
                .await?;
            Ok((StatusCode::BAD_REQUEST, no_store).into_response())
        }
    }
}
