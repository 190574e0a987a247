//! Single sign-on (OpenID Connect, issue 25): what happens once the web layer has an
//! identity the provider vouched for (an ID token whose signature, issuer, audience,
//! nonce and expiry it checked).
//!
//! - An identity is an issuer and a subject, never a username or an email address (both
//!   can be reassigned at the provider).
//! - The first sign-in of an identity makes an account in the provider's agency with the
//!   roles its groups map to, **inactive**: an administrator activates it (`concord user
//!   activate`, or the waiting accounts page). A provider saying someone is in a group is
//!   not, alone, a decision that they may read MAPPA cases.
//! - Each later sign-in sets the account's roles from the groups again, so leaving a
//!   group at the provider takes the role away at the next sign-in; no role, no session.
//! - Every refusal, every account made and every change of roles is audited.

use chrono::Duration;
use concord_authz::{Action, Actor, Resource, ResourceKind, SectionSet};
use concord_domain::UserId;
use concord_store::audit::AuditKind;
use concord_store::{SessionRow, SsoAttemptRow, UserRow};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::access::Note;
use crate::auth::{random_token, token_hash};
use crate::{Accounts, AppError, SessionStart};

/// What a provider said about the person signing in, after the web layer verified it.
#[derive(Debug, Clone)]
pub struct SsoIdentity {
    /// The provider as configured (`essex-police`): it names the agency and the mapping.
    pub provider: String,
    pub issuer: String,
    pub subject: String,
    /// `preferred_username` (or the provider's equivalent): a new account's username is
    /// made from it.
    pub username_hint: Option<String>,
    pub display_name: Option<String>,
    pub email: Option<String>,
    /// The agency the provider's accounts belong to.
    pub agency_code: String,
    /// Concord role codes the provider's groups map to.
    pub roles: Vec<String>,
    /// The raw ID token, kept with the session as the hint for single sign-out.
    pub id_token: String,
    /// The provider's session id (`sid`), for its back-channel sign-out.
    pub sid: Option<String>,
}

/// How a single sign-on ended.
#[derive(Debug, Clone)]
pub enum SsoSignIn {
    SignedIn(SessionStart),
    /// No active account yet: made now (`created`), or waiting since an earlier sign-in.
    AwaitingActivation {
        created: bool,
    },
    /// The provider's groups give no Concord role.
    NoRole,
}

/// An account made by single sign-on that is not active.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingAccount {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    pub agency_code: String,
    pub agency_name: String,
    pub provider: String,
    pub roles: Vec<String>,
    pub since: chrono::DateTime<chrono::Utc>,
}

/// How long a browser has to come back from the provider.
const ATTEMPT_MINUTES: i64 = 10;

/// A stored password hash no password matches (not a PHC string): an account made by
/// single sign-on signs in only through its provider.
const NO_PASSWORD: &str = "!single-sign-on";

/// A username for a new account, from the provider's username (the part before any
/// `@`), in Concord's username alphabet; from the subject's digest when that leaves too
/// little.
fn username_base(identity: &SsoIdentity) -> String {
    let hint = identity
        .username_hint
        .as_deref()
        .or(identity.email.as_deref())
        .unwrap_or("");
    let local = hint.split('@').next().unwrap_or("").to_lowercase();
    let mut base: String = local
        .chars()
        .map(|c| if c == ' ' { '.' } else { c })
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
        .take(56)
        .collect();
    if base.len() < 3 {
        let digest = Sha256::digest(format!("{}\0{}", identity.issuer, identity.subject));
        base = format!("sso-{}", &hex::encode(digest)[..10]);
    }
    base
}

impl Accounts<'_> {
    /// Record a sign-in being sent to `provider` with `state`, the random value the
    /// browser carries there and back (only its digest is kept). Attempts older than ten
    /// minutes are forgotten on the way.
    pub async fn begin_single_sign_on(
        &self,
        provider: &str,
        state: &str,
        nonce: &str,
        pkce_verifier: &str,
        return_to: &str,
    ) -> Result<(), AppError> {
        let now = self.clock.now();
        let row = SsoAttemptRow {
            state_hash: token_hash(state),
            provider: provider.into(),
            nonce: nonce.into(),
            pkce_verifier: pkce_verifier.into(),
            return_to: return_to.into(),
            created_at: now,
        };
        self.run_unattended(async |u| {
            concord_store::delete_stale_sso_attempts(
                u.tx(),
                now - Duration::minutes(ATTEMPT_MINUTES),
            )
            .await?;
            concord_store::insert_sso_attempt(u.tx(), &row).await?;
            Ok(())
        })
        .await
    }

    /// Take the attempt a returning browser's state names, once: `None` when there is no
    /// such attempt, it was taken already, or it is older than ten minutes.
    pub async fn take_single_sign_on(
        &self,
        state: &str,
    ) -> Result<Option<SsoAttemptRow>, AppError> {
        let now = self.clock.now();
        let hash = token_hash(state);
        let attempt = self
            .run_unattended(async |u| Ok(concord_store::take_sso_attempt(u.tx(), &hash).await?))
            .await?;
        Ok(attempt.filter(|a| now - a.created_at <= Duration::minutes(ATTEMPT_MINUTES)))
    }

    /// Audit a single sign-on refused before an identity was established (the provider
    /// answered with an error, the ID token failed its checks).
    pub async fn refuse_single_sign_on(
        &self,
        provider: &str,
        source: &str,
        reason: &str,
    ) -> Result<(), AppError> {
        let event = self.unattended_event(
            AuditKind::Denied,
            "session",
            None,
            None,
            reason,
            serde_json::json!({"source": source, "provider": provider}),
        );
        self.run_unattended(async |u| {
            u.record(event);
            Ok(())
        })
        .await
    }

    /// Sign in the identity a provider vouched for (see the module's notes).
    pub async fn sign_in_single_sign_on(
        &self,
        identity: &SsoIdentity,
        source: &str,
    ) -> Result<SsoSignIn, AppError> {
        let now = self.clock.now();
        let known_roles = self
            .read_unattended(async |tx| Ok(concord_store::roles(tx).await?))
            .await?;
        if let Some(unknown) = identity
            .roles
            .iter()
            .find(|r| !known_roles.iter().any(|k| &k.code == *r))
        {
            return Err(AppError::Internal(format!(
                "single sign-on provider {} maps a group to {unknown}, which is not a role",
                identity.provider
            )));
        }
        let mut roles = identity.roles.clone();
        roles.sort();
        roles.dedup();
        let detail = serde_json::json!({"source": source, "provider": identity.provider});
        let token = random_token();
        let csrf_token = random_token();
        let expires_at = now + Duration::minutes(self.settings.session_idle_minutes);
        let outcome = self
            .run_unattended(async |u| {
                let tx = u.tx();
                let user = concord_store::user_by_identity(tx, &identity.issuer, &identity.subject)
                    .await?;
                let Some(user) = user else {
                    if roles.is_empty() {
                        u.record(self.unattended_event(
                            AuditKind::Denied,
                            "session",
                            None,
                            None,
                            "single sign-on refused: the provider's groups give no Concord role",
                            detail.clone(),
                        ));
                        return Ok(SsoSignIn::NoRole);
                    }
                    let id = self.make_waiting_account(u, identity, &roles).await?;
                    u.record(self.unattended_event(
                        AuditKind::Collection,
                        "user_account",
                        Some(id),
                        None,
                        "account made at its first single sign-on; waiting for an administrator to activate it",
                        serde_json::json!({"provider": identity.provider, "roles": roles, "source": source}),
                    ));
                    return Ok(SsoSignIn::AwaitingActivation { created: true });
                };
                if !user.active {
                    u.record(self.unattended_event(
                        AuditKind::Denied,
                        "session",
                        None,
                        Some(user.id),
                        "single sign-on refused: the account is not active",
                        detail.clone(),
                    ));
                    return Ok(SsoSignIn::AwaitingActivation { created: false });
                }
                let held: Vec<String> = concord_store::user_roles(u.tx(), user.id)
                    .await?
                    .into_iter()
                    .map(|r| r.code)
                    .collect();
                if held != roles {
                    concord_store::replace_user_roles(u.tx(), user.id, &roles).await?;
                    u.record(self.unattended_event(
                        AuditKind::Alteration,
                        "user_account",
                        Some(user.id.0),
                        Some(user.id),
                        "roles set from the provider's groups at single sign-on",
                        serde_json::json!({"provider": identity.provider, "from": held, "to": roles}),
                    ));
                }
                if roles.is_empty() {
                    u.record(self.unattended_event(
                        AuditKind::Denied,
                        "session",
                        None,
                        Some(user.id),
                        "single sign-on refused: the provider's groups give no Concord role",
                        detail.clone(),
                    ));
                    return Ok(SsoSignIn::NoRole);
                }
                self.open_provider_session(u, &user, identity, &token, &csrf_token, expires_at)
                    .await?;
                Ok(SsoSignIn::SignedIn(SessionStart {
                    token: token.clone(),
                    csrf_token: csrf_token.clone(),
                    expires_at,
                }))
            })
            .await?;
        if matches!(outcome, SsoSignIn::SignedIn(_)) {
            tracing::info!(provider = %identity.provider, "signed in by single sign-on");
        }
        Ok(outcome)
    }

    async fn make_waiting_account(
        &self,
        u: &mut crate::kernel::Unattended,
        identity: &SsoIdentity,
        roles: &[String],
    ) -> Result<Uuid, AppError> {
        let agency = concord_store::agency_by_code(u.tx(), &identity.agency_code)
            .await?
            .ok_or_else(|| {
                AppError::Internal(format!(
                    "single sign-on provider {} names agency {}, which does not exist",
                    identity.provider, identity.agency_code
                ))
            })?;
        let base = username_base(identity);
        let mut username = base.clone();
        let mut n = 1;
        while concord_store::user_by_username(u.tx(), &username)
            .await?
            .is_some()
        {
            n += 1;
            username = format!("{base}-{n}");
        }
        let id = Uuid::now_v7();
        let display_name = identity
            .display_name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .unwrap_or(&username)
            .chars()
            .take(100)
            .collect();
        let row = UserRow {
            id: UserId(id),
            username,
            display_name,
            email: identity.email.clone().filter(|e| !e.trim().is_empty()),
            password_hash: NO_PASSWORD.into(),
            agency_id: agency.id,
            team_id: None,
            active: false,
            created_at: self.clock.now(),
        };
        concord_store::insert_user(u.tx(), &row, roles).await?;
        concord_store::insert_identity(
            u.tx(),
            &identity.issuer,
            &identity.subject,
            &identity.provider,
            row.id,
            self.clock.now(),
        )
        .await?;
        Ok(id)
    }

    async fn open_provider_session(
        &self,
        u: &mut crate::kernel::Unattended,
        user: &UserRow,
        identity: &SsoIdentity,
        token: &str,
        csrf_token: &str,
        expires_at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), AppError> {
        let now = self.clock.now();
        let hash = token_hash(token);
        concord_store::insert_session(
            u.tx(),
            &SessionRow {
                token_hash: hash.clone(),
                user_id: user.id,
                csrf_token: csrf_token.into(),
                created_at: now,
                last_seen_at: now,
                expires_at,
            },
        )
        .await?;
        concord_store::set_session_sso(
            u.tx(),
            &hash,
            &identity.provider,
            &identity.id_token,
            &identity.subject,
            identity.sid.as_deref(),
        )
        .await?;
        concord_store::touch_identity(u.tx(), &identity.issuer, &identity.subject, now).await?;
        concord_store::end_oldest_sessions(
            u.tx(),
            user.id,
            &hash,
            self.settings.max_sessions_per_account.max(1),
        )
        .await?;
        Ok(())
    }

    /// The provider a session signed in through and its ID token, for single sign-out.
    pub async fn session_provider(
        &self,
        token: &str,
    ) -> Result<Option<concord_store::SessionSsoRow>, AppError> {
        let hash = token_hash(token);
        self.read_unattended(async |tx| Ok(concord_store::session_sso(tx, &hash).await?))
            .await
    }

    /// A provider's back-channel sign-out, its logout token verified by the web layer:
    /// end the sessions it names. Audited once for each session ended.
    pub async fn end_provider_sessions(
        &self,
        provider: &str,
        subject: &str,
        sid: Option<&str>,
    ) -> Result<usize, AppError> {
        self.run_unattended(async |u| {
            let ended =
                concord_store::end_provider_sessions(u.tx(), provider, subject, sid).await?;
            for user in &ended {
                u.record(self.unattended_event(
                    AuditKind::Alteration,
                    "session",
                    None,
                    Some(*user),
                    "signed out by the single sign-on provider (back-channel logout)",
                    serde_json::json!({"provider": provider}),
                ));
            }
            Ok(ended.len())
        })
        .await
    }

    /// Every role's code (reference data): configuration is checked against them.
    pub async fn role_codes(&self) -> Result<Vec<String>, AppError> {
        self.read_unattended(async |tx| {
            Ok(concord_store::roles(tx)
                .await?
                .into_iter()
                .map(|r| r.code)
                .collect())
        })
        .await
    }

    /// Accounts made by single sign-on that are not active. Administrators only.
    pub async fn waiting_accounts(&self, actor: &Actor) -> Result<Vec<WaitingAccount>, AppError> {
        self.run(actor, async |w| {
            w.decide(
                Action::Read,
                &Resource::other(ResourceKind::UserAccount, None),
            )?;
            let rows = concord_store::inactive_identity_accounts(w.tx()).await?;
            let agencies = concord_store::agencies(w.tx()).await?;
            let mut out = Vec::with_capacity(rows.len());
            for row in rows {
                let roles = concord_store::user_roles(w.tx(), row.user.id).await?;
                let agency = agencies.iter().find(|a| a.id == row.user.agency_id);
                out.push(WaitingAccount {
                    id: row.user.id.0,
                    username: row.user.username,
                    display_name: row.user.display_name,
                    email: row.user.email,
                    agency_code: agency.map(|a| a.code.clone()).unwrap_or_default(),
                    agency_name: agency.map(|a| a.name.clone()).unwrap_or_default(),
                    provider: row.provider,
                    roles: roles.into_iter().map(|r| r.code).collect(),
                    since: row.identity_created_at,
                });
            }
            Ok(out)
        })
        .await
    }

    /// Activate an account (made by single sign-on, or deactivated). Administrators only;
    /// audited with the account. `actor` is `None` at the server console.
    pub async fn activate_account(
        &self,
        actor: Option<&Actor>,
        username: &str,
    ) -> Result<(), AppError> {
        let username = username.trim().to_lowercase();
        let activate = async |tx: &mut concord_store::Tx| -> Result<UserRow, AppError> {
            let user = concord_store::user_by_username(tx, &username)
                .await?
                .ok_or_else(|| {
                    AppError::field(
                        "username",
                        "unknown",
                        format!("There is no account {username}"),
                    )
                })?;
            if user.active {
                return Err(AppError::field(
                    "username",
                    "already_active",
                    format!("The account {username} is already active"),
                ));
            }
            concord_store::set_user_active(tx, user.id, true).await?;
            Ok(user)
        };
        match actor {
            Some(actor) => {
                self.run(actor, async |w| {
                    w.decide(
                        Action::Change,
                        &Resource::other(ResourceKind::UserAccount, None),
                    )?;
                    let user = activate(w.tx()).await?;
                    w.audit(
                        AuditKind::Alteration,
                        Action::Change,
                        None,
                        &format!("activated the account {}", user.username),
                        Note {
                            sections: Some(SectionSet::EMPTY),
                            detail: Some(serde_json::json!({"account": user.id.0})),
                            ..Note::default()
                        },
                    );
                    Ok(())
                })
                .await
            }
            None => {
                self.run_unattended(async |u| {
                    let user = activate(u.tx()).await?;
                    u.record(self.unattended_event(
                        AuditKind::Alteration,
                        "user_account",
                        Some(user.id.0),
                        None,
                        "account activated at the server console",
                        serde_json::json!({"username": user.username}),
                    ));
                    Ok(())
                })
                .await
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{username_base, SsoIdentity};

    fn identity(hint: Option<&str>, email: Option<&str>) -> SsoIdentity {
        SsoIdentity {
            provider: "essex-police".into(),
            issuer: "https://idp.example".into(),
            subject: "abc".into(),
            username_hint: hint.map(Into::into),
            display_name: None,
            email: email.map(Into::into),
            agency_code: "essex-police".into(),
            roles: vec![],
            id_token: String::new(),
            sid: None,
        }
    }

    #[test]
    fn a_new_account_s_username_comes_from_the_provider_s_in_concord_s_alphabet() {
        assert_eq!(
            username_base(&identity(Some("Jane.Smith@essex.police.uk"), None)),
            "jane.smith"
        );
        assert_eq!(
            username_base(&identity(None, Some("j.o'brien@x.gov.uk"))),
            "j.obrien"
        );
        assert_eq!(username_base(&identity(Some("Ana Ruiz"), None)), "ana.ruiz");
        let fallback = username_base(&identity(Some("Zo"), None));
        assert!(
            fallback.starts_with("sso-") && fallback.len() == 14,
            "{fallback}"
        );
    }
}
