//! A record's chronology, filtered by type and section.
use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use concord_app::ChronologyFilter;
use concord_domain::{EventType, PersonId};
use concord_ui::views::{ChronologyItem, ChronologyPage};
use concord_ui::SelectOption;

use crate::error::PageError;
use crate::format::{date, identity_bar, person_href};
use crate::pages::{parse_id, render};
use crate::session::PageUser;
use crate::AppState;

pub async fn chronology(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let id = PersonId(parse_id(&id)?);
    let filter = ChronologyFilter {
        agency: q.get("agency").filter(|a| !a.is_empty()).cloned(),
        event_type: q.get("type").and_then(|t| EventType::from_code(t)),
    };
    let c = state
        .app
        .people()
        .chronology(&user.0.actor, id, &filter)
        .await
        .map_err(|e| user.error(e))?;
    let page = ChronologyPage {
        shell: user.record_shell(
            &format!("Chronology – {}", c.record.full_name()),
            &c.record.key_facts,
        ),
        identity: identity_bar(&c.record),
        items: c
            .entries
            .into_iter()
            .map(|e| ChronologyItem {
                title: e.title,
                agency: e.agency,
                date: date(e.date),
                iso_date: e.date.to_string(),
                kind: e.event_type.label().into(),
                detail: e.detail,
                restricted: e.restricted,
            })
            .collect(),
        agency_options: std::iter::once(SelectOption::new(
            "",
            "All agencies",
            filter.agency.is_none(),
        ))
        .chain(
            c.agencies
                .iter()
                .map(|a| SelectOption::new(a, a, filter.agency.as_deref() == Some(a))),
        )
        .collect(),
        type_options: std::iter::once(SelectOption::new(
            "",
            "All events",
            filter.event_type.is_none(),
        ))
        .chain(
            c.event_types
                .iter()
                .map(|t| SelectOption::new(t.code(), t.label(), filter.event_type == Some(*t))),
        )
        .collect(),
        filtered: filter != ChronologyFilter::default(),
        base: person_href(id),
    };
    render(&page)
}
