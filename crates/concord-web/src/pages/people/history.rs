//! A record's field-level history and who has viewed it.

use axum::extract::{Path, State};
use axum::response::Response;
use concord_authz::Section;
use concord_domain::PersonId;
use concord_ui::views::{AccessRow, ChangeRow, HistoryPage};

use crate::error::PageError;
use crate::format::{change_value, humanise, identity_bar, instant, person_href};
use crate::pages::{parse_id, render};
use crate::session::PageUser;
use crate::AppState;

pub async fn history(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id = PersonId(parse_id(&id)?);
    let concord_app::RecordHistory {
        record,
        changes,
        changes_withheld,
        access,
    } = state
        .app
        .people()
        .person_history(&user.0.actor, id)
        .await
        .map_err(|e| user.error(e))?;
    let page = HistoryPage {
        shell: user.record_shell(
            &format!("History – {}", record.full_name()),
            &record.key_facts,
        ),
        identity: identity_bar(&record),
        changes: changes
            .into_iter()
            .map(|c| ChangeRow {
                when: instant(c.at),
                who: format!("{}, {}", c.staff, c.agency),
                what: format!("{} {}", humanise(&c.entity), c.operation),
                fields: c
                    .changes
                    .iter()
                    .map(|f| {
                        (
                            humanise(&f.field),
                            change_value(&c.entity, &f.field, &f.from),
                            change_value(&c.entity, &f.field, &f.to),
                        )
                    })
                    .collect(),
            })
            .collect(),
        changes_withheld,
        access: access
            .into_iter()
            .map(|a| AccessRow {
                when: instant(a.at),
                who: format!("{}, {}", a.staff, a.agency),
                kind: humanise(&a.kind),
                reason: a.reason,
            })
            .collect(),
        visible: record.sections.contains(Section::History),
        base: person_href(id),
    };
    render(&page)
}
