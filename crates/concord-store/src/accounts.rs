//! Agencies, teams, roles, staff accounts and their sessions. Staff data, not the
//! personal data of the people Concord manages, so these need no capability; the app
//! still audits account administration.

use chrono::{DateTime, Utc};
use concord_domain::{AgencyId, TeamId, UserId};
use uuid::Uuid;

use crate::columns::OptUuid;
use crate::{on_tx, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AgencyRow {
    #[sqlx(try_from = "Uuid")]
    pub id: AgencyId,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub area: String,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TeamRow {
    #[sqlx(try_from = "Uuid")]
    pub id: TeamId,
    #[sqlx(try_from = "Uuid")]
    pub agency_id: AgencyId,
    pub name: String,
    pub town: Option<String>,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct RoleRow {
    pub code: String,
    pub name: String,
    pub description: String,
    pub permissions: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct UserRow {
    #[sqlx(try_from = "Uuid")]
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    pub password_hash: String,
    #[sqlx(try_from = "Uuid")]
    pub agency_id: AgencyId,
    #[sqlx(try_from = "OptUuid")]
    pub team_id: Option<TeamId>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SessionRow {
    pub token_hash: String,
    #[sqlx(try_from = "Uuid")]
    pub user_id: UserId,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

pub async fn insert_agency(tx: &mut Tx, a: &AgencyRow) -> Result<(), StoreError> {
    on_tx!(tx, c => sqlx::query("INSERT INTO agency (id, code, name, kind, area) VALUES ($1, $2, $3, $4, $5)")
        .bind(a.id.0).bind(&a.code).bind(&a.name).bind(&a.kind).bind(&a.area).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn agency(tx: &mut Tx, id: AgencyId) -> Result<Option<AgencyRow>, StoreError> {
    Ok(
        on_tx!(tx, c => sqlx::query_as::<_, AgencyRow>("SELECT id, code, name, kind, area FROM agency WHERE id = $1")
        .bind(id.0).fetch_optional(c).await)?,
    )
}

pub async fn agencies(tx: &mut Tx) -> Result<Vec<AgencyRow>, StoreError> {
    Ok(
        on_tx!(tx, c => sqlx::query_as::<_, AgencyRow>("SELECT id, code, name, kind, area FROM agency ORDER BY name")
        .fetch_all(c).await)?,
    )
}

pub async fn agency_by_code(tx: &mut Tx, code: &str) -> Result<Option<AgencyRow>, StoreError> {
    Ok(
        on_tx!(tx, c => sqlx::query_as::<_, AgencyRow>("SELECT id, code, name, kind, area FROM agency WHERE code = $1")
        .bind(code).fetch_optional(c).await)?,
    )
}

pub async fn insert_team(tx: &mut Tx, t: &TeamRow) -> Result<(), StoreError> {
    on_tx!(tx, c => sqlx::query("INSERT INTO team (id, agency_id, name, town) VALUES ($1, $2, $3, $4)")
        .bind(t.id.0).bind(t.agency_id.0).bind(&t.name).bind(&t.town).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn teams(tx: &mut Tx) -> Result<Vec<TeamRow>, StoreError> {
    Ok(
        on_tx!(tx, c => sqlx::query_as::<_, TeamRow>("SELECT id, agency_id, name, town FROM team ORDER BY name")
        .fetch_all(c).await)?,
    )
}

pub async fn roles(tx: &mut Tx) -> Result<Vec<RoleRow>, StoreError> {
    Ok(
        on_tx!(tx, c => sqlx::query_as::<_, RoleRow>("SELECT code, name, description, permissions FROM role ORDER BY code")
        .fetch_all(c).await)?,
    )
}

pub async fn insert_user(tx: &mut Tx, u: &UserRow, roles: &[String]) -> Result<(), StoreError> {
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO app_user (id, username, display_name, email, password_hash, agency_id, team_id, active, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
        .bind(u.id.0).bind(&u.username).bind(&u.display_name).bind(&u.email).bind(&u.password_hash)
        .bind(u.agency_id.0).bind(u.team_id.map(|u| u.0)).bind(u.active).bind(u.created_at).execute(c).await.map(|r| r.rows_affected()))?;
    for role in roles {
        on_tx!(tx, c => sqlx::query("INSERT INTO user_role (user_id, role_code) VALUES ($1, $2)")
            .bind(u.id.0).bind(role).execute(c).await.map(|r| r.rows_affected()))?;
    }
    Ok(())
}

const USER_COLUMNS: &str =
    "id, username, display_name, email, password_hash, agency_id, team_id, active, created_at";

pub async fn user_by_username(tx: &mut Tx, username: &str) -> Result<Option<UserRow>, StoreError> {
    let sql = format!("SELECT {USER_COLUMNS} FROM app_user WHERE username = $1");
    Ok(on_tx!(tx, c => sqlx::query_as::<_, UserRow>(&sql).bind(username).fetch_optional(c).await)?)
}

pub async fn user_by_id(tx: &mut Tx, id: UserId) -> Result<Option<UserRow>, StoreError> {
    let sql = format!("SELECT {USER_COLUMNS} FROM app_user WHERE id = $1");
    Ok(on_tx!(tx, c => sqlx::query_as::<_, UserRow>(&sql).bind(id.0).fetch_optional(c).await)?)
}

/// The named users only: a record shows a handful of staff, not the whole directory.
pub async fn users_by_ids(tx: &mut Tx, ids: &[UserId]) -> Result<Vec<UserRow>, StoreError> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT {USER_COLUMNS} FROM app_user WHERE id IN ({})",
        crate::in_list(1, ids.len())
    );
    Ok(on_tx!(tx, c => {
        let mut q = sqlx::query_as::<_, UserRow>(&sql);
        for id in ids {
            q = q.bind(id.0);
        }
        q.fetch_all(c).await
    })?)
}

pub async fn users(tx: &mut Tx) -> Result<Vec<UserRow>, StoreError> {
    let sql = format!("SELECT {USER_COLUMNS} FROM app_user ORDER BY username");
    Ok(on_tx!(tx, c => sqlx::query_as::<_, UserRow>(&sql).fetch_all(c).await)?)
}

/// The role codes of a user and the permissions those roles grant (as stored JSON arrays).
pub async fn user_roles(tx: &mut Tx, user_id: UserId) -> Result<Vec<RoleRow>, StoreError> {
    Ok(on_tx!(tx, c => sqlx::query_as::<_, RoleRow>(
        "SELECT r.code, r.name, r.description, r.permissions FROM role r
         JOIN user_role ur ON ur.role_code = r.code WHERE ur.user_id = $1 ORDER BY r.code")
        .bind(user_id.0).fetch_all(c).await)?)
}

pub async fn set_password_hash(tx: &mut Tx, user_id: UserId, hash: &str) -> Result<(), StoreError> {
    on_tx!(tx, c => sqlx::query("UPDATE app_user SET password_hash = $1 WHERE id = $2")
        .bind(hash).bind(user_id.0).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Record a sign-in attempt; returns its id, so an attempt recorded as failed before the
/// password is checked can be marked as succeeded afterwards.
pub async fn record_sign_in_attempt(
    tx: &mut Tx,
    username: &str,
    source: &str,
    at: DateTime<Utc>,
    succeeded: bool,
) -> Result<Uuid, StoreError> {
    let id = Uuid::now_v7();
    on_tx!(tx, c => sqlx::query("INSERT INTO sign_in_attempt (id, username, source, at, succeeded) VALUES ($1, $2, $3, $4, $5)")
        .bind(id).bind(username).bind(source).bind(at).bind(succeeded).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(id)
}

pub async fn mark_sign_in_succeeded(tx: &mut Tx, id: Uuid) -> Result<(), StoreError> {
    on_tx!(tx, c => sqlx::query("UPDATE sign_in_attempt SET succeeded = $1 WHERE id = $2")
        .bind(true).bind(id).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// The failed attempts since `since` on this username or from this source address,
/// newest first, as (username, source, at): the throttle counts them three ways.
pub async fn recent_sign_in_failures(
    tx: &mut Tx,
    username: &str,
    source: &str,
    since: DateTime<Utc>,
) -> Result<Vec<(String, String, DateTime<Utc>)>, StoreError> {
    Ok(on_tx!(tx, c => sqlx::query_as(
        "SELECT username, source, at FROM sign_in_attempt
         WHERE succeeded = $1 AND at >= $2 AND (username = $3 OR source = $4)
         ORDER BY at DESC LIMIT 1000")
        .bind(false).bind(since).bind(username).bind(source).fetch_all(c).await)?)
}

pub async fn insert_session(tx: &mut Tx, s: &SessionRow) -> Result<(), StoreError> {
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO user_session (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(&s.token_hash).bind(s.user_id.0).bind(&s.csrf_token).bind(s.created_at)
        .bind(s.last_seen_at).bind(s.expires_at).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn session(tx: &mut Tx, token_hash: &str) -> Result<Option<SessionRow>, StoreError> {
    Ok(on_tx!(tx, c => sqlx::query_as::<_, SessionRow>(
        "SELECT token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at FROM user_session WHERE token_hash = $1")
        .bind(token_hash).fetch_optional(c).await)?)
}

pub async fn touch_session(
    tx: &mut Tx,
    token_hash: &str,
    last_seen_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_tx!(tx, c => sqlx::query("UPDATE user_session SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3")
        .bind(last_seen_at).bind(expires_at).bind(token_hash).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn delete_session(tx: &mut Tx, token_hash: &str) -> Result<(), StoreError> {
    on_tx!(tx, c => sqlx::query("DELETE FROM user_session WHERE token_hash = $1")
        .bind(token_hash).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Keep the session just opened (`newest`) and the account's `keep - 1` most recent
/// others; end the rest.
pub async fn end_oldest_sessions(
    tx: &mut Tx,
    user: UserId,
    newest: &str,
    keep: i64,
) -> Result<u64, StoreError> {
    Ok(on_tx!(tx, c => sqlx::query(
        "DELETE FROM user_session WHERE user_id = $1 AND token_hash <> $2 AND token_hash NOT IN
           (SELECT token_hash FROM user_session WHERE user_id = $1 AND token_hash <> $2
            ORDER BY created_at DESC, last_seen_at DESC, token_hash LIMIT $3)")
        .bind(user.0).bind(newest).bind(keep - 1).execute(c).await.map(|r| r.rows_affected()))?)
}

pub async fn delete_expired_sessions(tx: &mut Tx, now: DateTime<Utc>) -> Result<u64, StoreError> {
    let r = on_tx!(tx, c => sqlx::query("DELETE FROM user_session WHERE expires_at < $1")
        .bind(now).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(r)
}

/// Make sign-in attempts on one username, and from one source address, take turns until
/// the transaction ends, so concurrent guesses each count against the next. PostgreSQL
/// takes two transaction-scoped advisory locks, the username's always first (so two
/// attempts never wait for each other in a circle); on SQLite every writing transaction
/// already holds the one write lock.
pub async fn serialise_sign_in(
    tx: &mut Tx,
    username: &str,
    source: &str,
) -> Result<(), StoreError> {
    if let Tx::Postgres(t) = tx {
        // The two-key form keeps these apart from the single-key migration lock; the first
        // key says which of the two kinds of name the second is a hash of.
        sqlx::query(
            "SELECT pg_advisory_xact_lock(1, hashtext($1)), pg_advisory_xact_lock(2, hashtext($2))",
        )
        .bind(username)
        .bind(source)
        .execute(&mut **t)
        .await?;
    }
    Ok(())
}

/// A session with its user, the user's agency and one of the user's roles: one row per
/// role (one row with no role for a user who has none).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SessionUserRow {
    #[sqlx(flatten)]
    pub session: SessionRow,
    pub username: String,
    pub display_name: String,
    pub active: bool,
    #[sqlx(try_from = "OptUuid")]
    pub team_id: Option<TeamId>,
    #[sqlx(try_from = "Uuid")]
    pub agency_id: AgencyId,
    pub agency_name: String,
    pub agency_kind: String,
    pub role_code: Option<String>,
    pub role_permissions: Option<serde_json::Value>,
}

/// The session for a token hash with everything a request needs about who holds it, in
/// one statement: every page and API call starts here, and four reads (session, user,
/// agency, roles) were four round trips on each of them. Empty when there is no such
/// session (or its user is gone).
pub async fn session_with_user(
    tx: &mut Tx,
    token_hash: &str,
) -> Result<Vec<SessionUserRow>, StoreError> {
    Ok(on_tx!(tx, c => sqlx::query_as::<_, SessionUserRow>(
        "SELECT s.token_hash, s.user_id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at,
                u.username, u.display_name, u.active, u.team_id, u.agency_id,
                a.name AS agency_name, a.kind AS agency_kind,
                r.code AS role_code, r.permissions AS role_permissions
         FROM user_session s
         JOIN app_user u ON u.id = s.user_id
         JOIN agency a ON a.id = u.agency_id
         LEFT JOIN user_role ur ON ur.user_id = u.id
         LEFT JOIN role r ON r.code = ur.role_code
         WHERE s.token_hash = $1 ORDER BY r.code")
        .bind(token_hash).fetch_all(c).await)?)
}

/// A name a page shows for an id: every agency's, and the display names of `user_ids`.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct NameRow {
    /// `agency` or `user`.
    pub kind: String,
    pub id: Uuid,
    pub name: String,
}

/// Every agency's name (a short list) and the display names of `user_ids`, in one
/// statement: the names beside each part of a page.
pub async fn names(tx: &mut Tx, user_ids: &[UserId]) -> Result<Vec<NameRow>, StoreError> {
    let mut sql = String::from("SELECT 'agency' AS kind, id, name FROM agency");
    if !user_ids.is_empty() {
        sql.push_str(&format!(
            " UNION ALL SELECT 'user', id, display_name FROM app_user WHERE id IN ({})",
            crate::in_list(1, user_ids.len())
        ));
    }
    Ok(on_tx!(tx, c => {
        let mut q = sqlx::query_as::<_, NameRow>(&sql);
        for id in user_ids {
            q = q.bind(id.0);
        }
        q.fetch_all(c).await
    })?)
}

/// The active staff of a team holding a permission, by name: those who may be chosen for
/// a duty in it (an approved premises' key workers).
pub async fn team_members_with(
    tx: &mut Tx,
    team: TeamId,
    permission: &str,
) -> Result<Vec<(UserId, String)>, StoreError> {
    let rows: Vec<(Uuid, String, serde_json::Value)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT u.id, u.display_name, r.permissions FROM app_user u
         JOIN user_role ur ON ur.user_id = u.id JOIN role r ON r.code = ur.role_code
         WHERE u.team_id = $1 AND u.active ORDER BY u.display_name, u.id")
        .bind(team.0).fetch_all(c).await)?;
    let mut members: Vec<(UserId, String)> = Vec::new();
    for (id, name, permissions) in rows {
        let holds = permissions
            .as_array()
            .is_some_and(|p| p.iter().any(|x| x.as_str() == Some(permission)));
        if holds && !members.iter().any(|(u, _)| u.0 == id) {
            members.push((UserId(id), name));
        }
    }
    Ok(members)
}
