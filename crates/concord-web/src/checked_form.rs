//! A form post whose CSRF token has been checked before the handler runs. A handler that
//! takes [`CheckedForm`] cannot forget the check: a post without the session's token is
//! refused (and the refusal audited) by the extractor, and the handler never sees it.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::response::{IntoResponse, Response};
use axum::Form;

use crate::forms::Values;
use crate::session::PageUser;
use crate::AppState;

/// The signed-in user and the posted fields, the CSRF token already checked.
pub struct CheckedForm {
    pub user: PageUser,
    pub values: Values,
}

impl FromRequest<AppState> for CheckedForm {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let user = PageUser::from_request_parts(&mut parts, state).await?;
        let Form(values) = Form::<Values>::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        user.check_csrf(&state.app, values.get("csrf_token"))
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(Self { user, values })
    }
}
