//! A 404 under a person's record is a refusal too. Asking for a referral, a licence or a
//! review by an id that belongs to another person ("nested-id swap") is answered 404,
//! as an unknown id is; either way someone asked for something about this person and
//! was refused, and DPA 2018 s.62 wants that written down with who and which person.
//!
//! The use cases audit their own refusals (a concealed denial is marked on the response
//! so it is not written twice); this layer writes the rest: the 404s that came from a
//! row not found under the person in the URL. It looks the session up only for those
//! responses, never on the ordinary path.

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use concord_domain::PersonId;

use crate::AppState;

/// On a response whose refusal the use case has already audited.
#[derive(Debug, Clone, Copy)]
pub struct RefusalAudited;

/// The person a path is about: `/persons/{uuid}/…` or `/api/v1/persons/{uuid}/…`, with
/// something after the person (the record itself, unknown, is the use case's own 404).
fn person_of(path: &str) -> Option<PersonId> {
    let rest = path
        .strip_prefix("/persons/")
        .or_else(|| path.strip_prefix("/api/v1/persons/"))?;
    let (id, nested) = rest.split_once('/')?;
    if nested.is_empty() {
        return None;
    }
    uuid::Uuid::parse_str(id).ok().map(PersonId)
}

pub async fn audit_misses(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let person = person_of(request.uri().path());
    let token = person.and_then(|_| session_token(&request));
    let what = format!("{} {}", request.method(), request.uri().path());
    let response = next.run(request).await;
    if response.status() != StatusCode::NOT_FOUND
        || response.extensions().get::<RefusalAudited>().is_some()
    {
        return response;
    }
    if let (Some(person), Some(token)) = (person, token) {
        if let Ok(Some(session)) = state.app.accounts().session(&token).await {
            let reason = format!("not found under this person's record: {what}");
            if let Err(e) = state
                .app
                .record_refused_on_person(&session.actor, person, &reason)
                .await
            {
                tracing::error!(error = %e, "could not audit a refusal");
            }
        }
    }
    response
}

fn session_token(request: &Request) -> Option<String> {
    let headers = request.headers();
    if let Some(bearer) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    {
        return Some(bearer.trim().to_string());
    }
    crate::session::cookie(headers, crate::session::SESSION_COOKIE)
}

#[cfg(test)]
mod tests {
    use super::person_of;

    #[test]
    fn only_paths_below_a_person_name_one() {
        let id = "0190f3a2-7b1c-7d2e-8f00-000000000001";
        assert!(person_of(&format!("/persons/{id}/mappa/referrals/x/print")).is_some());
        assert!(person_of(&format!("/api/v1/persons/{id}/risk-assessments")).is_some());
        assert!(person_of(&format!("/persons/{id}")).is_none());
        assert!(person_of("/persons/not-an-id/mappa").is_none());
        assert!(person_of("/search").is_none());
    }
}
