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
}
