//! Orders and breaches recorded for the MAPPA annual report.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, OrderEventForm};
use concord_domain::PersonId;
use concord_mappa::OrderEventKind;
use concord_ui::views::MappaOrdersPage;
use concord_ui::{FormErrors, SelectOption};

use super::sfo::base;
use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::format::{date, person_href};
use crate::forms::{form_errors, text, v, Values};
use crate::pages::{parse_id, render_checked};
use crate::session::PageUser;
use crate::AppState;

async fn orders_page(
    state: &AppState,
    user: &PageUser,
    person: PersonId,
    notice: &str,
    errors: FormErrors,
    values: Values,
) -> Result<Response, PageError> {
    let concord_app::OrdersPage { header, events } = state
        .app
        .oversight()
        .orders_page(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))?;
    let name = header.full_name();
    let failed = !errors.is_empty();
    let chosen = OrderEventKind::from_code(v(&values, "kind"));
    render_checked(
        &MappaOrdersPage {
            shell: user.shell("Orders and breaches", ""),
            person_name: name,
            person_href: person_href(person),
            base: person_href(person),
            notice: notice.into(),
            errors,
            action: format!("{}/orders", base(person)),
            events: events
                .iter()
                .map(|e| (date(e.occurred_on), e.label.clone(), e.note.clone()))
                .collect(),
            kind_options: OrderEventKind::ALL
                .iter()
                .map(|k| SelectOption::new(k.code(), k.label(), chosen == Some(*k)))
                .collect(),
            values,
        },
        failed,
    )
}

pub async fn orders(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let notice = if q.contains_key("notice") {
        "Recorded."
    } else {
        ""
    };
    orders_page(
        &state,
        &user,
        person,
        notice,
        FormErrors::new(),
        Values::new(),
    )
    .await
}

/// An order or breach recorded for the annual statistics.
pub struct OrderEventPost {
    pub order_event: OrderEventForm,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for OrderEventPost {
    fn from_values(values: &Values) -> Self {
        Self {
            order_event: OrderEventForm {
                kind: text(values, "kind"),
                occurred_on: text(values, "occurred_on"),
                note: text(values, "note"),
            },
            entered: values.clone(),
        }
    }
}

pub async fn record_order(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<OrderEventPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    match state
        .app
        .oversight()
        .record_order_event(&user.0.actor, person, &form.order_event)
        .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("{}/orders?notice=recorded", base(person))).into_response())
        }
        Err(AppError::Validation(errors)) => {
            orders_page(
                &state,
                &user,
                person,
                "",
                form_errors(&errors, &[], &[]),
                form.entered,
            )
            .await
        }
        Err(e) => Err(user.error(e)),
    }
}
