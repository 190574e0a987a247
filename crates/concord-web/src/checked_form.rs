//! A form post whose CSRF token has been checked before the handler runs, read into the
//! type of the form it is. A handler that takes [`CheckedForm`] cannot forget the check:
//! a post without the session's token is refused (and the refusal audited) by the
//! extractor, and the handler never sees it. Its signature names the form it reads
//! (`CheckedForm<SharePost>`), so the fields a page posts are written down once, typed.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::response::{IntoResponse, Response};
use axum::Form;

use crate::forms::Values;
use crate::session::PageUser;
use crate::AppState;

/// A form as its handler reads it, built from the posted fields.
///
/// Building never fails: a missing or malformed field becomes an empty or `false`
/// value and the use case, which parses and validates every input, reports it against
/// its field, so the page shows the error by the box as before. A form the page shows
/// again when it is refused keeps what was typed (`entered`) to fill the boxes in.
pub trait PostedForm: Sized {
    fn from_values(values: &Values) -> Self;
}

/// The few forms whose fields are not known in advance (questionnaires, a licence
/// condition's parameters by kind) are read as the posted map itself.
impl PostedForm for Values {
    fn from_values(values: &Values) -> Self {
        values.clone()
    }
}

/// A button that posts nothing but the CSRF token.
impl PostedForm for () {
    fn from_values(_: &Values) -> Self {}
}

/// The signed-in user and the posted form, the CSRF token already checked.
pub struct CheckedForm<F = Values> {
    pub user: PageUser,
    pub form: F,
}

impl<F: PostedForm> FromRequest<AppState> for CheckedForm<F> {
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
        Ok(Self {
            user,
            form: F::from_values(&values),
        })
    }
}
