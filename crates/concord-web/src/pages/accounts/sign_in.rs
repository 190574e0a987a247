use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use concord_app::AppError;
use concord_ui::{FormErrors, OnwardPage, Shell, SignInNotice, SignInPage, SignInProvider};

use crate::checked_form::PostedForm;
use crate::error::PageError;
use crate::forms::{text, Values};
use crate::pages::render;
use crate::session::{
    cookie, safe_next, same_secret, set_cookie, SESSION_COOKIE, SIGN_IN_CSRF_COOKIE,
};
use crate::AppState;

pub(super) fn random_hex() -> String {
    uuid::Uuid::new_v4().simple().to_string() + &uuid::Uuid::new_v4().simple().to_string()
}

fn page(
    state: &AppState,
    username: &str,
    next: &str,
    errors: FormErrors,
    status: axum::http::StatusCode,
) -> Result<Response, PageError> {
    sign_in_page(
        state,
        SignInView {
            username,
            next,
            errors,
            status,
            ..SignInView::default()
        },
    )
}

/// What the sign-in page says besides the form.
pub(super) struct SignInView<'a> {
    pub username: &'a str,
    pub next: &'a str,
    pub errors: FormErrors,
    pub status: axum::http::StatusCode,
    pub signed_out_after: Option<String>,
    pub notice: Option<SignInNotice>,
}

impl Default for SignInView<'_> {
    fn default() -> Self {
        Self {
            username: "",
            next: "/cases",
            errors: FormErrors::new(),
            status: axum::http::StatusCode::OK,
            signed_out_after: None,
            notice: None,
        }
    }
}

/// The sign-in page, with a fresh double-submit CSRF cookie for its form and a button
/// for each single sign-on provider.
pub(super) fn sign_in_page(state: &AppState, view: SignInView<'_>) -> Result<Response, PageError> {
    let token = random_hex();
    let shell = Shell {
        csrf_token: token.clone(),
        page_title: "Sign in".into(),
        ..Shell::default()
    };
    let next_query: String = url_encode(view.next);
    let providers = state
        .config
        .sso
        .listed()
        .map(|p| SignInProvider {
            href: format!("/sign-in/sso/{}?next={next_query}", p.id),
            label: p.label.clone(),
        })
        .collect();
    let mut response = render(&SignInPage {
        shell,
        username: view.username.into(),
        errors: view.errors,
        next: view.next.into(),
        signed_out_after: view.signed_out_after,
        providers,
        notice: view.notice,
    })?;
    *response.status_mut() = view.status;
    response.headers_mut().insert(
        header::SET_COOKIE,
        set_cookie(
            SIGN_IN_CSRF_COOKIE,
            &token,
            3600,
            state.config.secure_cookies,
        )
        .parse()
        .expect("cookie header"),
    );
    Ok(response)
}

/// The session cookie for a session just opened, by password or single sign-on: it
/// outlives the session by 12 hours, so that an expired session is recognised as such
/// (and the sign-in page says why) rather than as no session at all.
pub(super) fn session_cookie(
    state: &AppState,
    session: &concord_app::SessionStart,
) -> axum::http::HeaderValue {
    let max_age = (session.expires_at - state.app.clock().now())
        .num_seconds()
        .max(0)
        + 12 * 3600;
    set_cookie(
        SESSION_COOKIE,
        &session.token,
        max_age,
        state.config.secure_cookies,
    )
    .parse()
    .expect("cookie header")
}

/// A path as a query value: everything but unreserved characters percent-encoded.
fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub async fn show(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let next = safe_next(q.get("next").map_or("/cases", String::as_str));
    // Only a flag comes from the URL; the number is the configured limit, so a crafted
    // link cannot put words in the page.
    let signed_out_after = q
        .contains_key("timeout")
        .then(|| minutes(state.app.settings().session_idle_minutes));
    // After signing out at a single sign-on provider, it sends the browser here.
    let notice = q.contains_key("signed_out").then(|| SignInNotice {
        heading: "You have signed out".into(),
        body: "You have signed out of Concord and of your organisation's sign-in for it.".into(),
        success: true,
    });
    sign_in_page(
        &state,
        SignInView {
            next: &next,
            signed_out_after,
            notice,
            ..SignInView::default()
        },
    )
}

fn minutes(n: i64) -> String {
    if n == 1 {
        "1 minute".into()
    } else {
        format!("{n} minutes")
    }
}

/// The sign-in form. There is no session yet, so it is not a [`CheckedForm`]: its CSRF
/// token is checked against the sign-in cookie by the handler.
///
/// [`CheckedForm`]: crate::checked_form::CheckedForm
pub struct SignInPost {
    pub username: String,
    pub password: String,
    /// Where to go once signed in (only a path on this site is followed).
    pub next: String,
    pub csrf_token: String,
}

impl PostedForm for SignInPost {
    fn from_values(values: &Values) -> Self {
        Self {
            username: text(values, "username"),
            password: text(values, "password"),
            next: text(values, "next"),
            csrf_token: text(values, "csrf_token"),
        }
    }
}

pub async fn submit(
    State(state): State<AppState>,
    source: crate::session::SourceAddress,
    headers: HeaderMap,
    Form(values): Form<Values>,
) -> Result<Response, PageError> {
    let form = SignInPost::from_values(&values);
    let next = safe_next(&form.next);
    let expected = cookie(&headers, SIGN_IN_CSRF_COOKIE).unwrap_or_default();
    if expected.is_empty() || !same_secret(&form.csrf_token, &expected) {
        return Err(PageError::csrf());
    }
    let mut errors = FormErrors::new();
    if form.username.trim().is_empty() {
        errors.push("username", "Enter your username");
    }
    if form.password.is_empty() {
        errors.push("password", "Enter your password");
    }
    if !errors.is_empty() {
        return page(
            &state,
            &form.username,
            &next,
            errors,
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    match state
        .app
        .accounts()
        .sign_in_from(&form.username, &form.password, &source.0)
        .await
    {
        Ok(session) => {
            let mut response = Redirect::to(&next).into_response();
            let h = response.headers_mut();
            h.append(header::SET_COOKIE, session_cookie(&state, &session));
            h.append(
                header::SET_COOKIE,
                set_cookie(SIGN_IN_CSRF_COOKIE, "", 0, state.config.secure_cookies)
                    .parse()
                    .expect("cookie header"),
            );
            Ok(response)
        }
        Err(AppError::Unauthenticated) => {
            errors.push("username", "Enter a correct username and password");
            page(
                &state,
                &form.username,
                &next,
                errors,
                axum::http::StatusCode::UNAUTHORIZED,
            )
        }
        Err(AppError::Throttled) => {
            errors.push(
                "username",
                "Too many failed attempts: wait a few seconds and try again. Each further failure makes the wait longer",
            );
            page(
                &state,
                &form.username,
                &next,
                errors,
                axum::http::StatusCode::TOO_MANY_REQUESTS,
            )
        }
        Err(e) => Err(e.into()),
    }
}

/// The sign-out button. Without a live session it still clears the cookie, so it is not
/// a [`CheckedForm`]: the handler checks the token when there is a session to end.
///
/// [`CheckedForm`]: crate::checked_form::CheckedForm
pub struct SignOutPost {
    pub csrf_token: String,
    /// Set by the timeout warning, so the sign-in page can say why.
    pub timeout: bool,
}

impl PostedForm for SignOutPost {
    fn from_values(values: &Values) -> Self {
        Self {
            csrf_token: text(values, "csrf_token"),
            timeout: values.contains_key("timeout"),
        }
    }
}

pub async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(values): Form<Values>,
) -> Result<Response, PageError> {
    let form = SignOutPost::from_values(&values);
    let mut provider_sign_out = None;
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        // Only the session's own forms may end it (CSRF): check before deleting.
        if let Some(s) = state.app.accounts().session(&token).await? {
            if !same_secret(&form.csrf_token, &s.csrf_token) {
                return Err(PageError::csrf());
            }
            // Single sign-out: a session that came from a provider signs out there too
            // (not when the idle timeout ended it: the person is not at the screen).
            if !form.timeout {
                if let Some(sso) = state.app.accounts().session_provider(&token).await? {
                    let label = state
                        .config
                        .sso
                        .label(&sso.sso_provider)
                        .map(str::to_string);
                    let url = state
                        .config
                        .sso
                        .sign_out_url(&sso.sso_provider, &sso.sso_id_token)
                        .await;
                    provider_sign_out = label.zip(url);
                }
            }
            state.app.accounts().sign_out(&token).await?;
        }
    }
    let mut response = match provider_sign_out {
        Some((label, url)) => render(&OnwardPage {
            shell: Shell {
                page_title: "Signing out".into(),
                ..Shell::default()
            },
            heading: "You have signed out of Concord".into(),
            body: format!("Now signing you out of {label} as well."),
            href: url,
            link_text: format!("Sign out of {label}"),
        })?,
        None if form.timeout => Redirect::to("/sign-in?timeout=1").into_response(),
        None => Redirect::to("/sign-in").into_response(),
    };
    response.headers_mut().insert(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", 0, state.config.secure_cookies)
            .parse()
            .expect("cookie header"),
    );
    Ok(response)
}
