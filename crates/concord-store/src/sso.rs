//! Single sign-on (OpenID Connect): the provider identities that sign in as accounts, the
//! sign-ins waiting for the browser to come back from a provider, and what a session
//! needs for single sign-out. Staff data, like the rest of the accounts.

use crate::{on_tx, StoreError, Tx, UserRow};
use chrono::{DateTime, Utc};
use concord_domain::UserId;

/// A sign-in sent to a provider and not yet back.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SsoAttemptRow {
    pub state_hash: String,
    pub provider: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub return_to: String,
    pub created_at: DateTime<Utc>,
}

pub async fn insert_sso_attempt(tx: &mut Tx, a: &SsoAttemptRow) -> Result<(), StoreError> {
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO sso_attempt (state_hash, provider, nonce, pkce_verifier, return_to, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(&a.state_hash).bind(&a.provider).bind(&a.nonce).bind(&a.pkce_verifier)
        .bind(&a.return_to).bind(a.created_at).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Take the attempt for a state: it is deleted as it is read, so a code returned twice
/// (a replayed callback) finds nothing the second time.
pub async fn take_sso_attempt(
    tx: &mut Tx,
    state_hash: &str,
) -> Result<Option<SsoAttemptRow>, StoreError> {
    Ok(on_tx!(tx, c => sqlx::query_as::<_, SsoAttemptRow>(
        "DELETE FROM sso_attempt WHERE state_hash = $1
         RETURNING state_hash, provider, nonce, pkce_verifier, return_to, created_at")
        .bind(state_hash).fetch_optional(c).await)?)
}

/// Forget attempts begun before `before`: a browser that never came back.
pub async fn delete_stale_sso_attempts(
    tx: &mut Tx,
    before: DateTime<Utc>,
) -> Result<u64, StoreError> {
    Ok(
        on_tx!(tx, c => sqlx::query("DELETE FROM sso_attempt WHERE created_at < $1")
        .bind(before).execute(c).await.map(|r| r.rows_affected()))?,
    )
}

/// The account an identity at a provider signs in as.
pub async fn user_by_identity(
    tx: &mut Tx,
    issuer: &str,
    subject: &str,
) -> Result<Option<UserRow>, StoreError> {
    Ok(on_tx!(tx, c => sqlx::query_as::<_, UserRow>(
        "SELECT u.id, u.username, u.display_name, u.email, u.password_hash, u.agency_id, u.team_id,
                u.active, u.created_at
         FROM user_identity i JOIN app_user u ON u.id = i.user_id
         WHERE i.issuer = $1 AND i.subject = $2")
        .bind(issuer).bind(subject).fetch_optional(c).await)?)
}

pub async fn insert_identity(
    tx: &mut Tx,
    issuer: &str,
    subject: &str,
    provider: &str,
    user: UserId,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO user_identity (issuer, subject, provider, user_id, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(issuer).bind(subject).bind(provider).bind(user.0).bind(at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn touch_identity(
    tx: &mut Tx,
    issuer: &str,
    subject: &str,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_tx!(tx, c => sqlx::query(
        "UPDATE user_identity SET last_sign_in_at = $1 WHERE issuer = $2 AND subject = $3")
        .bind(at).bind(issuer).bind(subject).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// An account made by single sign-on, with the provider it came from.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct IdentityAccountRow {
    #[sqlx(flatten)]
    pub user: UserRow,
    pub provider: String,
    pub identity_created_at: DateTime<Utc>,
}

/// Accounts made by single sign-on and not active: waiting for an administrator (or
/// deactivated since), oldest first.
pub async fn inactive_identity_accounts(
    tx: &mut Tx,
) -> Result<Vec<IdentityAccountRow>, StoreError> {
    Ok(on_tx!(tx, c => sqlx::query_as::<_, IdentityAccountRow>(
        "SELECT u.id, u.username, u.display_name, u.email, u.password_hash, u.agency_id, u.team_id,
                u.active, u.created_at, i.provider, i.created_at AS identity_created_at
         FROM user_identity i JOIN app_user u ON u.id = i.user_id
         WHERE NOT u.active ORDER BY i.created_at, u.username")
        .fetch_all(c).await)?)
}

pub async fn set_user_active(tx: &mut Tx, user: UserId, active: bool) -> Result<u64, StoreError> {
    Ok(
        on_tx!(tx, c => sqlx::query("UPDATE app_user SET active = $1 WHERE id = $2")
        .bind(active).bind(user.0).execute(c).await.map(|r| r.rows_affected()))?,
    )
}

/// Replace an account's roles with `roles` (the provider's groups decide them).
pub async fn replace_user_roles(
    tx: &mut Tx,
    user: UserId,
    roles: &[String],
) -> Result<(), StoreError> {
    on_tx!(tx, c => sqlx::query("DELETE FROM user_role WHERE user_id = $1")
        .bind(user.0).execute(c).await.map(|r| r.rows_affected()))?;
    for role in roles {
        on_tx!(tx, c => sqlx::query("INSERT INTO user_role (user_id, role_code) VALUES ($1, $2)")
            .bind(user.0).bind(role).execute(c).await.map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// A session's sign-in at a provider.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SessionSsoRow {
    pub sso_provider: String,
    pub sso_id_token: String,
}

pub async fn set_session_sso(
    tx: &mut Tx,
    token_hash: &str,
    provider: &str,
    id_token: &str,
    subject: &str,
    sid: Option<&str>,
) -> Result<(), StoreError> {
    on_tx!(tx, c => sqlx::query(
        "UPDATE user_session SET sso_provider = $1, sso_id_token = $2, sso_subject = $3, sso_sid = $4
         WHERE token_hash = $5")
        .bind(provider).bind(id_token).bind(subject).bind(sid).bind(token_hash)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn session_sso(
    tx: &mut Tx,
    token_hash: &str,
) -> Result<Option<SessionSsoRow>, StoreError> {
    Ok(on_tx!(tx, c => sqlx::query_as::<_, SessionSsoRow>(
        "SELECT sso_provider, sso_id_token FROM user_session
         WHERE token_hash = $1 AND sso_provider IS NOT NULL AND sso_id_token IS NOT NULL")
        .bind(token_hash).fetch_optional(c).await)?)
}

/// End the sessions a provider's back-channel sign-out names: those of its session id
/// (`sid`) when it gives one, else every session of the subject from that provider.
/// Returns the accounts whose sessions ended, one entry a session.
pub async fn end_provider_sessions(
    tx: &mut Tx,
    provider: &str,
    subject: &str,
    sid: Option<&str>,
) -> Result<Vec<UserId>, StoreError> {
    let rows: Vec<(uuid::Uuid,)> = match sid {
        Some(sid) => on_tx!(tx, c => sqlx::query_as(
            "DELETE FROM user_session WHERE sso_provider = $1 AND sso_subject = $2 AND sso_sid = $3
             RETURNING user_id")
            .bind(provider).bind(subject).bind(sid).fetch_all(c).await)?,
        None => on_tx!(tx, c => sqlx::query_as(
            "DELETE FROM user_session WHERE sso_provider = $1 AND sso_subject = $2 RETURNING user_id")
            .bind(provider).bind(subject).fetch_all(c).await)?,
    };
    Ok(rows.into_iter().map(|(id,)| UserId(id)).collect())
}
