//! Account administration pages.

use askama::Template;

use crate::Shell;

/// An account made at its first single sign-on, waiting for an administrator.
#[derive(Debug, Clone)]
pub struct WaitingAccountRow {
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub agency: String,
    /// The provider's label ("Essex Police").
    pub provider: String,
    /// The roles its groups gave, in words.
    pub roles: String,
    /// When it first signed in, formatted.
    pub since: String,
}

/// `/accounts/waiting`: accounts made by single sign-on that an administrator must
/// activate before they open a session.
#[derive(Debug, Template)]
#[template(path = "accounts/waiting.html")]
pub struct WaitingAccountsPage {
    pub shell: Shell,
    pub accounts: Vec<WaitingAccountRow>,
    /// The account just activated, for the success banner.
    pub activated: Option<String>,
}
