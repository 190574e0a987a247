//! The coordinator's and chair's list of what is due in the area: referrals awaiting
//! screening, reviews, cases coming to an end, the MAPP meetings to come and overdue
//! actions.

use axum::extract::State;
use axum::response::Response;
use concord_app::MappaWorkItem;
use concord_ui::views::{MappaWorkLine, MappaWorkPage, WorkRow, WorkTable};

use crate::error::PageError;
use crate::format::{date, person_href};
use crate::pages::render;
use crate::session::PageUser;
use crate::AppState;

use super::href;

fn work_lines(items: &[MappaWorkItem]) -> Vec<MappaWorkLine> {
    items
        .iter()
        .map(|i| MappaWorkLine {
            href: href(i.person_id),
            name: i.name.clone(),
            category: i.category.clone(),
            level: i.level.clone(),
            date: date(i.date),
            flagged: i.flagged,
            note: i.note.clone(),
        })
        .collect()
}

/// The coordinator's and chair's list of what is due in the area.
pub async fn work(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    let actor = &user.0.actor;
    let concord_app::MappaWorkPage {
        work: w,
        upcoming_meetings: meetings,
        overdue_actions: overdue,
    } = state
        .app
        .mappa()
        .mappa_work_page(actor)
        .await
        .map_err(|e| user.error(e))?;
    let tables = vec![
        WorkTable {
            id: "mappa-meetings".into(),
            heading: "MAPP meetings to come".into(),
            empty: "No meetings are scheduled.".into(),
            headers: ["Meeting", "Date", "Chair", "Cases", "Status"]
                .map(String::from)
                .to_vec(),
            rows: meetings
                .iter()
                .map(|m| WorkRow {
                    href: format!("/mappa/meetings/{}", m.id),
                    cells: vec![
                        format!("{} MAPP meeting", m.town),
                        format!("{} at {}", date(m.held_on), m.starts_at),
                        m.chair.clone(),
                        m.cases.to_string(),
                        m.status.label().to_string(),
                    ],
                    flagged: false,
                })
                .collect(),
        },
        WorkTable {
            id: "mappa-overdue-actions".into(),
            heading: "Overdue actions".into(),
            empty: "No action is overdue.".into(),
            headers: ["Name", "Action", "Owner", "Due"]
                .map(String::from)
                .to_vec(),
            rows: overdue
                .iter()
                .map(|a| WorkRow {
                    href: format!("{}/mappa/actions", person_href(a.person_id)),
                    cells: vec![
                        a.person_name.clone(),
                        a.description.clone(),
                        format!("{} ({})", a.owner_name, a.agency),
                        date(a.due_on),
                    ],
                    flagged: a.overdue,
                })
                .collect(),
        },
    ];
    render(&MappaWorkPage {
        shell: user.shell("MAPPA", "mappa"),
        area: w.area.clone(),
        open_cases: w.open_cases,
        awaiting_screening: work_lines(&w.awaiting_screening),
        reviews: work_lines(&w.reviews),
        ending: work_lines(&w.ending),
        tables,
    })
}
