//! `POST /session/keep-alive`: the timeout warning's "Stay signed in". The request goes
//! through the ordinary session extractor, which is what slides the idle expiry; the
//! answer tells the page how long the session now has left.
//!
//! It is a write (it extends a session), so a browser must send the session's CSRF token
//! in `X-CSRF-Token`, as for the API; no session is 401.

use axum::Json;
use serde::Serialize;

use crate::session::ApiUser;

#[derive(Debug, Serialize)]
pub struct SessionLeft {
    pub seconds_left: i64,
}

pub async fn keep_alive(user: ApiUser) -> Json<SessionLeft> {
    Json(SessionLeft {
        seconds_left: user.session.time_left.num_seconds().max(0),
    })
}
