//! Signing in and out, and turning a session cookie back into an [`Actor`].
//!
//! Passwords are Argon2id hashes (the argon2 crate's defaults: 19 MiB, 2 passes). The
//! session cookie holds a random token; only its SHA-256 is stored. Sessions end after
//! an idle period and after an absolute lifetime. Repeated failures make further attempts
//! wait, counted by account and by source address (see `throttle`): a growing back-off,
//! never a lock an outsider can set on someone else's account.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use chrono::{DateTime, Duration, Utc};
use concord_authz::{Actor, Permission};
use concord_domain::{AgencyId, AgencyKind, TeamId, UserId};
use concord_store::audit::{AuditKind, NewAuditEvent};
use concord_store::{SessionRow, Tx};
use rand_core::RngCore;
use sha2::{Digest, Sha256};

use crate::{Accounts, AppError};

/// What the web layer needs to set the cookie after a successful sign-in.
#[derive(Debug, Clone)]
pub struct SessionStart {
    pub token: String,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

/// A live session: who is acting, and the CSRF token their forms must carry.
#[derive(Debug, Clone)]
pub struct SignedInSession {
    pub actor: Actor,
    pub csrf_token: String,
    pub username: String,
    pub display_name: String,
    pub agency_name: String,
    /// How long the session has left, after this request, if no other request comes: the
    /// idle limit, or the absolute one if sooner. Pages warn before it runs out.
    pub time_left: Duration,
    /// The configured idle limit, to tell people why they were signed out.
    pub idle_minutes: i64,
}

pub(crate) fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub(crate) fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub(crate) fn hash_password(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("password hashing failed: {e}")))
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

const COMMON_PASSWORDS: &[&str] = &[
    "password", "passw0rd", "123456", "qwerty", "letmein", "welcome", "iloveyou", "admin",
    "monkey", "dragon", "football", "baseball", "abc123", "trustno1", "sunshine", "princess",
    "concord", "changeme",
];

/// NCSC-style password rules: long rather than complex; not a common password or a
/// pattern of one; not the username. Returns every problem, not just the first.
pub fn check_password_strength(
    username: &str,
    password: &str,
) -> Result<(), concord_domain::ValidationErrors> {
    let mut errors = concord_domain::ValidationErrors::new();
    let lower = password.to_lowercase();
    let err = |code, msg: &str| concord_domain::FieldError::new("password", code, msg);
    if password.chars().count() < 12 {
        errors.push(err(
            "password_too_short",
            "Password must be at least 12 characters long",
        ));
    }
    if password.chars().count() > 128 {
        errors.push(err(
            "password_too_long",
            "Password must be 128 characters or fewer",
        ));
    }
    let distinct: std::collections::BTreeSet<char> = lower.chars().collect();
    if distinct.len() < 5 {
        errors.push(err(
            "password_repetitive",
            "Password must not repeat a few characters",
        ));
    }
    let stripped: String = lower.chars().filter(|c| c.is_alphabetic()).collect();
    if COMMON_PASSWORDS
        .iter()
        .any(|p| stripped == *p || lower.starts_with(p) && lower.len() < p.len() + 6)
    {
        errors.push(err(
            "password_common",
            "Password is too common: use three random words",
        ));
    }
    if !username.is_empty() && lower.contains(&username.to_lowercase()) {
        errors.push(err(
            "password_contains_username",
            "Password must not contain the username",
        ));
    }
    errors.finish(())
}

/// The actor for a user of `agency_kind`, from their roles (code and the permissions it
/// grants, stored as a JSON array).
fn actor_of<'a>(
    user_id: UserId,
    agency_id: AgencyId,
    agency_kind: &str,
    team_id: Option<TeamId>,
    roles: impl IntoIterator<Item = (&'a str, &'a serde_json::Value)>,
) -> Result<Actor, AppError> {
    let agency_kind = AgencyKind::from_code(agency_kind)
        .ok_or_else(|| AppError::Internal(format!("unknown agency kind {agency_kind}")))?;
    let mut codes = Vec::new();
    let mut permissions = std::collections::BTreeSet::new();
    for (code, granted) in roles {
        codes.push(code.to_string());
        permissions.extend(
            granted
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| p.as_str().and_then(Permission::from_code)),
        );
    }
    Ok(Actor {
        request_id: None,
        user_id,
        agency_id,
        agency_kind,
        team_id,
        roles: codes,
        permissions,
    })
}

/// How a refused sign-in names the username in the audit chain when no account has it: a
/// digest, so that repeated guesses at one name can be told apart and counted, but never
/// the typed text, which may be a person's name or a password typed into the wrong box.
fn username_digest(username: &str) -> String {
    let digest = Sha256::digest(format!("concord sign-in username\0{username}").as_bytes());
    hex::encode(&digest[..8])
}

/// Argon2 runs at most this many at once on a node: half its cores, at least one. Each
/// takes a core and 19 MiB for tens of milliseconds, so fifty people signing in together
/// would otherwise take every core from the pages everyone else is reading (measured:
/// the record page's p99 went past a second during a 50-client sign-in storm). Sign-ins
/// beyond it queue for their turn, which costs them, not the pages.
fn password_work() -> &'static tokio::sync::Semaphore {
    static PERMITS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    PERMITS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        tokio::sync::Semaphore::new((cores / 2).max(1))
    })
}

/// Run Argon2 work on a blocking thread (it is deliberately slow and must not stall the
/// async workers), when [`password_work`] gives it a turn.
pub(crate) async fn with_password_work<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let _turn = password_work()
        .acquire()
        .await
        .map_err(|e| AppError::Internal(format!("password work: {e}")))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| AppError::Internal(format!("password work failed: {e}")))
}

/// Check a password with Argon2. Without an account, hash anyway, so that an unknown
/// username costs the same time as a wrong password and timing does not reveal accounts.
async fn password_matches(password: &str, hash: Option<String>) -> Result<bool, AppError> {
    let password = password.to_string();
    with_password_work(move || match hash {
        Some(hash) => verify_password(&password, &hash),
        None => {
            let _ = hash_password(&password);
            false
        }
    })
    .await
}

impl Accounts<'_> {
    /// A refused sign-in, for the audit chain: the account when it exists (as the actor),
    /// the source address and why it failed. Neither the password nor the typed username
    /// is recorded (see [`username_digest`]).
    fn sign_in_refusal(
        &self,
        username: &str,
        user: Option<UserId>,
        source: &str,
        reason: &str,
    ) -> NewAuditEvent {
        let detail = match user {
            Some(_) => serde_json::json!({ "source": source }),
            None => serde_json::json!({
                "source": source,
                "unknown_username_digest": username_digest(username),
            }),
        };
        self.unattended_event(AuditKind::Denied, "session", None, user, reason, detail)
    }

    /// Check the password and open a session, from an unknown source address (the CLI,
    /// tests). A wrong username and a wrong password take the same time and give the
    /// same answer.
    pub async fn sign_in(&self, username: &str, password: &str) -> Result<SessionStart, AppError> {
        self.sign_in_from(username, password, "unknown").await
    }

    /// Check the password and open a session for a request from `source` (its IP
    /// address). Throttled by account and by address with a growing wait, never a lock
    /// (see `throttle`); every refusal is audited, with the account when it exists.
    ///
    /// Two short transactions, and the slow password check in neither of them: no lock is
    /// held while Argon2 runs.
    /// 1. Decide the throttle and record the attempt as failed, together under the
    ///    username's and the address's sign-in locks (`serialise_sign_in`),
    ///    so that concurrent guesses each count against the next (an attempt in flight
    ///    counts as a failure until it succeeds).
    /// 2. Check the password, outside any transaction.
    /// 3. Audit the failure, or mark the attempt succeeded and open the session.
    pub async fn sign_in_from(
        &self,
        username: &str,
        password: &str,
        source: &str,
    ) -> Result<SessionStart, AppError> {
        let now = self.clock.now();
        let username = username.trim().to_lowercase();
        let source = source.trim();
        let source = if source.is_empty() || source.len() > 64 {
            "unknown"
        } else {
            source
        };
        let threshold = usize::try_from(self.settings.max_failed_sign_ins.max(1)).unwrap_or(5);

        // A refusal is committed with the unit (`Ok(Err(..))`): it is the record of the
        // attempt, not work to undo.
        let (user, attempt) = self
            .run_unattended(async |u| {
                concord_store::serialise_sign_in(u.tx(), &username, source).await?;
                let user = concord_store::user_by_username(u.tx(), &username).await?;
                let known = user.as_ref().map(|u| u.id);
                let since = now - Duration::minutes(crate::throttle::WINDOW_MINUTES);
                let recent =
                    concord_store::recent_sign_in_failures(u.tx(), &username, source, since)
                        .await?;
                if let Some(until) =
                    crate::throttle::wait_until(&recent, &username, source, threshold)
                        .filter(|until| now < *until)
                {
                    let reason = format!(
                        "sign-in refused: too many failures; the next attempt from this address may be made in {} s",
                        (until - now).num_seconds().max(1)
                    );
                    u.record(self.sign_in_refusal(&username, known, source, &reason));
                    return Ok(Err(AppError::Throttled));
                }
                let attempt =
                    concord_store::record_sign_in_attempt(u.tx(), &username, source, now, false)
                        .await?;
                Ok(Ok((user, attempt)))
            })
            .await??;

        let hash = user.as_ref().map(|u| u.password_hash.clone());
        let ok = password_matches(password, hash).await? && user.as_ref().is_some_and(|u| u.active);

        let token = random_token();
        let csrf_token = random_token();
        let expires_at = now + Duration::minutes(self.settings.session_idle_minutes);
        let (user, ended) = self
            .run_unattended(async |u| {
                let known = user.as_ref().map(|u| u.id);
                let Some(user) = user.filter(|_| ok) else {
                    let reason = "sign-in failed: wrong username or password";
                    u.record(self.sign_in_refusal(&username, known, source, reason));
                    return Ok(Err(AppError::Unauthenticated));
                };
                concord_store::mark_sign_in_succeeded(u.tx(), attempt).await?;
                concord_store::insert_session(
                    u.tx(),
                    &SessionRow {
                        token_hash: token_hash(&token),
                        user_id: user.id,
                        csrf_token: csrf_token.clone(),
                        created_at: now,
                        last_seen_at: now,
                        expires_at,
                    },
                )
                .await?;
                let ended = concord_store::end_oldest_sessions(
                    u.tx(),
                    user.id,
                    &token_hash(&token),
                    self.settings.max_sessions_per_account.max(1),
                )
                .await?;
                Ok(Ok((user, ended)))
            })
            .await??;
        tracing::info!(user_id = %user.id, ended_sessions = ended, "signed in");
        Ok(SessionStart {
            token,
            csrf_token,
            expires_at,
        })
    }

    /// The session for a cookie token, if it is live; slides the idle expiry forward.
    /// Reads without the audit lock; the rare writes (expiry, refresh) get their own.
    ///
    /// The token is found by its SHA-256 in an indexed lookup, never compared with stored
    /// tokens, so there is no secret comparison here whose timing could leak the token.
    pub async fn session(&self, token: &str) -> Result<Option<SignedInSession>, AppError> {
        let now = self.clock.now();
        let hash = token_hash(token);
        // One statement: the session, its user, their agency and roles.
        let rows = self
            .read_one_statement(async |tx| Ok(concord_store::session_with_user(tx, &hash).await?))
            .await?;
        let Some(first) = rows.first() else {
            return Ok(None);
        };
        let s = first.session.clone();
        let absolute_end = s.created_at + Duration::hours(self.settings.session_absolute_hours);
        let live = if now >= s.expires_at || now >= absolute_end || !first.active {
            None
        } else {
            Some(session_actor(&rows)?)
        };
        let Some(signed_in) = live else {
            self.run_unattended(async |u| Ok(concord_store::delete_session(u.tx(), &hash).await?))
                .await?;
            return Ok(None);
        };
        // Refresh at most once a minute: a write per request would serialise page loads.
        // Sooner for very short idle limits, so that "Stay signed in" always extends.
        let idle = Duration::minutes(self.settings.session_idle_minutes);
        let mut expires_at = s.expires_at.min(absolute_end);
        if now - s.last_seen_at > Duration::seconds(60).min(idle / 4) {
            expires_at = (now + idle).min(absolute_end);
            self.run_unattended(async |u| {
                Ok(concord_store::touch_session(u.tx(), &hash, now, expires_at).await?)
            })
            .await?;
        }
        let (actor, username, display_name, agency_name) = signed_in;
        Ok(Some(SignedInSession {
            actor,
            csrf_token: s.csrf_token,
            username,
            display_name,
            agency_name,
            time_left: expires_at - now,
            idle_minutes: self.settings.session_idle_minutes,
        }))
    }

    pub async fn sign_out(&self, token: &str) -> Result<(), AppError> {
        let hash = token_hash(token);
        self.run_unattended(async |u| Ok(concord_store::delete_session(u.tx(), &hash).await?))
            .await?;
        Ok(())
    }

    /// The actor for a username, for the CLI's `--as` and for tests.
    pub async fn actor_for_username(&self, username: &str) -> Result<Actor, AppError> {
        let username = username.to_lowercase();
        let loaded = self
            .read_unattended(async |tx| {
                let user = concord_store::user_by_username(tx, &username)
                    .await?
                    .ok_or(AppError::NotFound)?;
                load_actor(tx, user.id).await
            })
            .await?;
        loaded.ok_or(AppError::NotFound)
    }
}

/// The actor for an active user: agency, team, roles and their permissions.
async fn load_actor(tx: &mut Tx, user_id: UserId) -> Result<Option<Actor>, AppError> {
    let Some(user) = concord_store::user_by_id(tx, user_id).await? else {
        return Ok(None);
    };
    if !user.active {
        return Ok(None);
    }
    let agency = concord_store::agency(tx, user.agency_id)
        .await?
        .ok_or_else(|| AppError::Internal("user's agency is missing".into()))?;
    let roles = concord_store::user_roles(tx, user.id).await?;
    actor_of(
        user.id,
        agency.id,
        &agency.kind,
        user.team_id,
        roles.iter().map(|r| (r.code.as_str(), &r.permissions)),
    )
    .map(Some)
}

/// The actor and names of a session's holder, from [`concord_store::session_with_user`]'s
/// rows (one per role).
fn session_actor(
    rows: &[concord_store::SessionUserRow],
) -> Result<(Actor, String, String, String), AppError> {
    let first = &rows[0];
    let actor = actor_of(
        first.session.user_id,
        first.agency_id,
        &first.agency_kind,
        first.team_id,
        rows.iter()
            .filter_map(|r| Some((r.role_code.as_deref()?, r.role_permissions.as_ref()?))),
    )?;
    Ok((
        actor,
        first.username.clone(),
        first.display_name.clone(),
        first.agency_name.clone(),
    ))
}

#[cfg(test)]
mod tests {
    use super::{check_password_strength, password_work, with_password_work};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn no_more_password_work_runs_at_once_than_the_node_allows() {
        let allowed = password_work().available_permits();
        assert!(allowed >= 1);
        let (now, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let mut all = tokio::task::JoinSet::new();
        for _ in 0..(allowed * 4 + 4) {
            let (now, most) = (now.clone(), most.clone());
            all.spawn(with_password_work(move || {
                let running = now.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(running, Ordering::SeqCst);
                std::thread::sleep(std::time::Duration::from_millis(20));
                now.fetch_sub(1, Ordering::SeqCst);
            }));
        }
        while let Some(done) = all.join_next().await {
            done.unwrap().unwrap();
        }
        assert_eq!(most.load(Ordering::SeqCst), allowed);
    }

    #[test]
    fn short_common_and_username_passwords_are_refused() {
        assert!(check_password_strength("jsmith", "short").is_err());
        assert!(check_password_strength("jsmith", "password123456").is_err());
        assert!(check_password_strength("jsmith", "jsmith-is-my-name").is_err());
        assert!(check_password_strength("jsmith", "aaaaaaaaaaaaaaaa").is_err());
    }

    #[test]
    fn three_random_words_are_accepted() {
        assert!(check_password_strength("jsmith", "orange kettle harbour").is_ok());
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let errors = check_password_strength("ab", "abab").unwrap_err();
        assert!(errors.errors.len() >= 3, "{errors:?}");
    }
}
