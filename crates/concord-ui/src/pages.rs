use askama::Template;

use crate::{FormErrors, Shell};

/// 404 ("Page not found"), 403 and 500 ("Sorry, there is a problem with the service").
/// `body` is plain text: error pages never show internals.
#[derive(Debug, Template)]
#[template(path = "shared/error.html")]
pub struct ErrorPage {
    pub shell: Shell,
    pub heading: String,
    pub body: String,
}

#[derive(Debug, Template)]
#[template(path = "accounts/sign_in.html")]
pub struct SignInPage {
    pub shell: Shell,
    /// Echoed back after a failed attempt; the password never is.
    pub username: String,
    pub errors: FormErrors,
    /// Where to go after signing in; the web layer must check it is a local path.
    pub next: String,
    /// Set when the timeout warning signed the user out: the idle limit, e.g. "30 minutes".
    pub signed_out_after: Option<String>,
    /// The single sign-on providers configured, each a button.
    pub providers: Vec<SignInProvider>,
    /// What became of a sign-in through a provider that opened no session.
    pub notice: Option<SignInNotice>,
}

/// A single sign-on provider on the sign-in page: "Sign in with {label}".
#[derive(Debug, Clone)]
pub struct SignInProvider {
    /// `/sign-in/sso/{id}?next=…`
    pub href: String,
    pub label: String,
}

/// A notification banner on the sign-in page (an account waiting for activation, a
/// provider's groups that give no role, a completed sign-out).
#[derive(Debug, Clone)]
pub struct SignInNotice {
    pub heading: String,
    pub body: String,
    /// A success banner (green) rather than an "Important" one.
    pub success: bool,
}

/// A page that moves on by itself to `href` (and offers it as a link). Single sign-on
/// needs two:
/// - arriving back from the provider: the session cookie is `SameSite=Strict`, and a
///   browser coming from the provider's site would not send it on a redirect, but does on
///   this page's own (same-site) navigation onward;
/// - signing out at the provider: the sign-out form may only be sent to Concord (CSP
///   `form-action 'self'`, which browsers apply to its redirects too), so the page moves
///   on to the provider instead.
#[derive(Debug, Template)]
#[template(path = "accounts/onward.html")]
pub struct OnwardPage {
    pub shell: Shell,
    pub heading: String,
    pub body: String,
    /// A local path, or the provider's address; checked by the web layer.
    pub href: String,
    pub link_text: String,
}
