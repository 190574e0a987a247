//! Who is asking: the session cookie (pages) or a bearer token (API), turned into a live
//! session by the app. Also the CSRF checks.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::SignedInSession;
use concord_authz::{Actor, Permission, Section, SectionSet};
use concord_domain::PersonId;
use concord_ui::{NavItem, RecordTabs, SessionTimeout, Shell, SignedIn};
use subtle::ConstantTimeEq;

use crate::error::{ApiError, PageError};
use crate::AppState;

pub const SESSION_COOKIE: &str = "concord_session";
/// Double-submit token for the sign-in form, which has no session yet.
pub const SIGN_IN_CSRF_COOKIE: &str = "concord_sign_in";

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// `Set-Cookie` value: HttpOnly, SameSite=Strict, Secure unless configured off.
pub fn set_cookie(name: &str, value: &str, max_age_seconds: i64, secure: bool) -> String {
    format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_seconds}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// Compare secrets (CSRF tokens) without leaking, through timing, how much of a guess
/// was right. Only the length may show, and every token's length is public anyway.
/// Session tokens need no comparison: the app finds a session by the token's SHA-256.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

/// A signed-in user on a page request. Without a live session the request is redirected
/// to sign in and brought back afterwards.
pub struct PageUser(pub SignedInSession, pub RecordTabs);

impl FromRequestParts<AppState> for PageUser {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let next = parts
            .uri
            .path_and_query()
            .map_or_else(|| "/".into(), |p| p.as_str().to_string());
        let to_sign_in =
            || Redirect::to(&format!("/sign-in?next={}", urlencode(&next))).into_response();
        let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(to_sign_in());
        };
        match state.app.accounts().session(&token).await {
            Ok(Some(mut s)) => {
                s.actor.request_id = request_id(parts);
                crate::observe::record_actor(&s.actor);
                let tabs = record_tabs(state, &s.actor, parts).await;
                Ok(PageUser(s, tabs))
            }
            Ok(None) => Err(to_sign_in()),
            Err(e) => Err(PageError::from(e).into_response()),
        }
    }
}

/// On a page of a person's record (`GET /persons/{id}…`), the tabs its viewer can open:
/// each as its page decides it, from the sections the policy lets the viewer read (a probe
/// that reads no personal data, so it writes no audit event). Elsewhere none.
async fn record_tabs(state: &AppState, actor: &Actor, parts: &Parts) -> RecordTabs {
    if parts.method != axum::http::Method::GET {
        return RecordTabs::default();
    }
    let Some(id) = parts
        .uri
        .path()
        .strip_prefix("/persons/")
        .and_then(|rest| rest.split('/').next())
        .and_then(|id| uuid::Uuid::parse_str(id).ok())
    else {
        return RecordTabs::default();
    };
    let reads = state
        .app
        .readable_sections(actor, PersonId(id))
        .await
        .unwrap_or(SectionSet::EMPTY);
    let all = |of: &[Section]| of.iter().all(|s| reads.contains(*s));
    RecordTabs {
        chronology: concord_app::ENTRY_SECTIONS
            .iter()
            .any(|s| reads.contains(*s)),
        history: all(&[Section::History]),
        risk: all(&[Section::Risk]),
        licence: all(&[Section::Licence]),
        disclosures: all(&[Section::Management]),
        services: all(&[Section::Interventions]),
        mappa: all(&[Section::Management]),
        mappa_plan: all(&[Section::Management, Section::Risk]),
        sfo: all(&[Section::Management, Section::Convictions]),
        victims: all(&[Section::Victim]),
        documents: reads.contains(Section::Identity)
            && concord_app::FILING_SECTIONS
                .iter()
                .any(|s| reads.contains(*s)),
    }
}

impl PageUser {
    /// The page shell for this user, with `active` marking the current navigation item.
    pub fn shell(&self, title: &str, active: &str) -> Shell {
        // The menu follows the roles: a board member sees only the board's figures.
        let actor = &self.0.actor;
        let items: Vec<(&str, &str)> = [
            ("/cases", "My cases", actor.has(Permission::CaseloadView)),
            ("/search", "Search", actor.has(Permission::PersonRead)),
            ("/mappa", "MAPPA", actor.has(Permission::MappaManage)),
            (
                "/persons/new",
                "Register a person",
                actor.has(Permission::PersonCreate),
            ),
            (
                "/governance/break-glass",
                "Break-glass reviews",
                actor.has(Permission::AccessReview),
            ),
            (
                "/duplicates",
                "Possible duplicates",
                actor.has(Permission::PersonCombine),
            ),
            (
                "/mappa/meetings",
                "MAPPA meetings",
                actor.has(Permission::MappaManage),
            ),
            (
                "/responsibility",
                "Transfers",
                actor.has(Permission::AgencyOversight)
                    && matches!(actor.agency_kind, concord_domain::AgencyKind::Probation),
            ),
            (
                "/partners/referrals",
                "Referrals to us",
                actor.has(Permission::PersonRead) && !actor.agency_kind.is_responsible_authority(),
            ),
            (
                "/partners/volunteers",
                "Volunteers",
                actor.has(Permission::PersonRead)
                    && matches!(
                        actor.agency_kind,
                        concord_domain::AgencyKind::VoluntarySector
                    ),
            ),
            (
                "/partners/services",
                "Partner services",
                actor.has(Permission::ContractManage)
                    || (actor.has(Permission::PersonRead)
                        && actor.agency_kind.is_responsible_authority()),
            ),
            (
                "/monitoring/alerts",
                "Monitoring alerts",
                actor.has(Permission::PersonRead) && actor.agency_kind.is_responsible_authority(),
            ),
            (
                "/approved-premises/applications",
                "AP applications",
                actor.has(Permission::ApAssess),
            ),
            (
                "/approved-premises",
                "Approved premises",
                actor.has(Permission::ApManage)
                    || actor.has(Permission::ApAssess)
                    || (actor.has(Permission::PersonRead)
                        && actor.agency_kind.is_responsible_authority()),
            ),
            (
                "/accounts/waiting",
                "Accounts waiting",
                actor.has(Permission::UserAdmin),
            ),
            (
                "/board",
                "Board figures",
                actor.has(Permission::AggregateView),
            ),
            (
                "/board/measures",
                "Criminal justice measures",
                actor.has(Permission::AggregateView),
            ),
            (
                "/iom/cohort",
                "IOM cohort",
                actor.has(Permission::IomManage),
            ),
            (
                "/iom/concentration",
                "Concentration of offending",
                actor.has(Permission::IomManage),
            ),
        ]
        .into_iter()
        .filter(|(_, _, shown)| *shown)
        .map(|(href, label, _)| (href, label))
        .collect();
        Shell {
            signed_in: Some(SignedIn {
                display_name: self.0.display_name.clone(),
                agency_name: self.0.agency_name.clone(),
            }),
            nav: items
                .iter()
                .map(|(href, label)| NavItem {
                    href: href.to_string(),
                    label: label.to_string(),
                    active: *href == active,
                })
                .collect(),
            csrf_token: self.0.csrf_token.clone(),
            page_title: title.to_string(),
            session_timeout: Some(SessionTimeout {
                idle_minutes: self.0.idle_minutes,
                seconds_left: self.0.time_left.num_seconds().max(0),
            }),
            tabs: self.1,
            key_facts: None,
        }
    }

    /// The shell of one of a record's tabs: the key facts (RoSH, tier, MAPPA) above it,
    /// as the page's own use case read them.
    pub fn record_shell(&self, title: &str, facts: &concord_app::KeyFacts) -> Shell {
        let mut shell = self.shell(title, "");
        shell.key_facts = Some(crate::format::key_facts(facts));
        shell
    }

    /// Refuse a form post whose CSRF token is not this session's.
    /// Refuse a form post whose CSRF token is not this session's; the refusal is audited.
    pub async fn check_csrf(
        &self,
        app: &concord_app::App,
        submitted: Option<&String>,
    ) -> Result<(), PageError> {
        match submitted {
            Some(t) if same_secret(t, &self.0.csrf_token) => Ok(()),
            _ => {
                app.record_refused_request(
                    &self.0.actor,
                    "form refused: the CSRF token is missing or wrong",
                )
                .await
                .map_err(|e| self.error(e))?;
                Err(PageError::csrf())
            }
        }
    }

    pub fn error(&self, e: concord_app::AppError) -> PageError {
        PageError::from(e).with_shell(self.shell("Error", ""))
    }

    /// The page for a form this actor would be refused on submit: a 403, not the form.
    pub fn forbidden(&self) -> PageError {
        PageError::forbidden().with_shell(self.shell("Error", ""))
    }
}

fn request_id(parts: &Parts) -> Option<String> {
    parts
        .extensions
        .get::<crate::headers::RequestId>()
        .map(|r| r.0.clone())
}

/// A signed-in API client: `Authorization: Bearer <token>` (from POST /api/v1/session) or
/// the browser session cookie, in which case writes need the `X-CSRF-Token` header.
pub struct ApiUser {
    pub session: SignedInSession,
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|t| t.trim().to_string());
        let (token, via_cookie) = match bearer {
            Some(t) => (t, false),
            None => match cookie(&parts.headers, SESSION_COOKIE) {
                Some(t) => (t, true),
                None => return Err(ApiError::from(concord_app::AppError::Unauthenticated)),
            },
        };
        let mut session = state
            .app
            .accounts()
            .session(&token)
            .await
            .map_err(ApiError::from)?
            .ok_or(ApiError::from(concord_app::AppError::Unauthenticated))?;
        session.actor.request_id = request_id(parts);
        crate::observe::record_actor(&session.actor);
        if via_cookie && parts.method != axum::http::Method::GET {
            let header = parts
                .headers
                .get("x-csrf-token")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if !same_secret(header, &session.csrf_token) {
                state
                    .app
                    .record_refused_request(
                        &session.actor,
                        "API call refused: the CSRF token is missing or wrong",
                    )
                    .await
                    .map_err(ApiError::from)?;
                return Err(ApiError::new(
                    403,
                    "csrf_token_invalid",
                    "Send the session's CSRF token in the X-CSRF-Token header",
                ));
            }
        }
        Ok(ApiUser { session })
    }
}

/// Percent-encode a path for a query parameter.
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The address a request came from, for throttling sign-in: the socket's peer, or, when
/// the deployment says its proxy can be trusted (`trust_forwarded_for`), the last address
/// of `X-Forwarded-For` — the one that proxy appended. Earlier entries are whatever the
/// client chose to send: taking the first would let a guesser name a new address for
/// every attempt and never be slowed. "unknown" when neither is known (in-process tests).
pub struct SourceAddress(pub String);

impl FromRequestParts<AppState> for SourceAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let forwarded = state
            .config
            .trust_forwarded_for
            .then(|| {
                // A proxy may append a header line of its own rather than extend one.
                parts
                    .headers
                    .get_all("x-forwarded-for")
                    .iter()
                    .next_back()
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.rsplit(',').next())
                    .and_then(|a| a.trim().parse::<std::net::IpAddr>().ok())
            })
            .flatten();
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip());
        Ok(SourceAddress(forwarded.or(peer).map_or_else(
            || "unknown".to_string(),
            |ip| ip.to_string(),
        )))
    }
}

/// Only follow `next` to a local path: never to another site (open redirect).
pub fn safe_next(next: &str) -> String {
    // Only a path on this site: one leading "/", no second "/" or backslash after it (browsers
    // read "//host" and "/\host" as another site), and no control character anywhere —
    // browsers drop a tab or newline from a URL, so "/\t/evil.example" becomes
    // "//evil.example", and a newline in a Location header is a broken response. It must
    // also parse as a URI path (no spaces, no stray characters), so the `Location` header
    // built from it is always valid.
    let mut chars = next.chars();
    let path_only = chars.next() == Some('/')
        && axum::http::uri::PathAndQuery::try_from(next).is_ok()
        && !matches!(chars.next(), Some('/' | '\\'))
        && !next.chars().any(|c| c.is_control() || c == '\\')
        && !next.starts_with("/sign-")
        && next.len() <= 2000;
    if path_only {
        next.to_string()
    } else {
        "/".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_never_leaves_the_site() {
        assert_eq!(safe_next("/persons/1"), "/persons/1");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
        assert_eq!(safe_next("/\t/evil.example"), "/");
        assert_eq!(safe_next("/\n/evil.example"), "/");
        assert_eq!(safe_next("/cases\r\nSet-Cookie: x=1"), "/");
        assert_eq!(safe_next("/\u{7f}/evil.example"), "/");
        assert_eq!(safe_next("/persons/1?tab=risk"), "/persons/1?tab=risk");
        assert_eq!(safe_next("/ /evil.example"), "/");
        assert_eq!(safe_next("/cases x"), "/");
        assert_eq!(safe_next(""), "/");
    }

    #[test]
    fn secrets_compare_equal_only_when_identical() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
        assert!(!same_secret("", "abc"));
        assert!(same_secret("", ""));
    }

    #[test]
    fn cookies_are_found_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            "a=1; concord_session=xyz; b=2".parse().unwrap(),
        );
        assert_eq!(cookie(&h, SESSION_COOKIE).as_deref(), Some("xyz"));
    }
}
