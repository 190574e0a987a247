//! The serious case review export, as a print view and as JSON.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use concord_domain::PersonId;
use concord_ui::views::ScrPrintPage;

use crate::error::PageError;
use crate::format::date;
use crate::pages::{parse_id, render};
use crate::session::PageUser;
use crate::AppState;

use super::sfo::base;

fn rows<T>(items: &[T], row: impl Fn(&T) -> (String, String)) -> Vec<(String, String)> {
    items.iter().map(row).collect()
}

/// The SCR export: `?format=json` downloads the bundle; otherwise the print view.
pub async fn scr_export(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let format = q.get("format").map_or("html", String::as_str);
    if !matches!(format, "html" | "json") {
        return Err(PageError::bad_request("format: choose html or json")
            .with_shell(user.shell("Error", "")));
    }
    let export = state
        .app
        .oversight()
        .scr_export(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))?;
    if format == "json" {
        return Ok((
            [
                (
                    header::CONTENT_TYPE,
                    "application/json; charset=utf-8".to_string(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"scr-export-{}.json\"", person.0),
                ),
            ],
            export.json,
        )
            .into_response());
    }
    let b = &export.bundle;
    render(&ScrPrintPage {
        shell: user.shell("Serious case review export", ""),
        person_name: b.person.name.clone(),
        date_of_birth: date(b.person.date_of_birth),
        back_href: format!("{}/sfo", base(person)),
        json_href: format!("{}/scr-export?format=json", base(person)),
        facts: vec![
            ("Purpose".into(), b.purpose.clone()),
            ("Produced on".into(), date(b.produced_on)),
            ("Produced by".into(), b.produced_by.clone()),
            ("MAPPA area".into(), b.from_area.clone()),
        ],
        sections: vec![
            (
                "MAPPA spells".into(),
                rows(&b.mappa_spells, |s| {
                    (
                        format!("{} from {}", s.category.code(), date(s.eligible_from)),
                        format!(
                            "{}, {}{}",
                            s.level.code(),
                            s.status.code(),
                            s.ended_on
                                .map(|e| format!(", ended {}", date(e)))
                                .unwrap_or_default()
                        ),
                    )
                }),
            ),
            (
                "Serious further offences".into(),
                rows(&b.serious_further_offences, |s| {
                    (
                        format!("Charged {}", date(s.charged_on)),
                        format!(
                            "{} (MAPPA N due {}; review: {})",
                            s.offence,
                            date(s.notification_due_on),
                            s.scr_decision.label()
                        ),
                    )
                }),
            ),
            (
                "Chronology".into(),
                rows(&b.chronology, |e| {
                    (
                        date(e.occurred_on),
                        format!("{}: {} ({})", e.event_type, e.summary, e.agency),
                    )
                }),
            ),
            (
                "MAPPA decisions".into(),
                rows(&b.decisions, |d| {
                    (
                        date(d.decided_on),
                        format!(
                            "{} {}: {} ({})",
                            d.kind.code(),
                            d.level.map(concord_mappa::Level::code).unwrap_or_default(),
                            d.rationale,
                            d.decided_by
                        ),
                    )
                }),
            ),
            (
                "Referrals".into(),
                rows(&b.referrals, |r| {
                    (
                        date(r.referred_on),
                        format!(
                            "{} requested: {} ({})",
                            r.level_requested.code(),
                            r.reasons,
                            r.status.code()
                        ),
                    )
                }),
            ),
            (
                "Minutes".into(),
                rows(&b.minutes, |m| {
                    (
                        format!("{}, {} (version {})", date(m.meeting_on), m.town, m.version),
                        m.sections.to_string(),
                    )
                }),
            ),
            (
                "Actions".into(),
                rows(&b.actions, |a| {
                    (
                        format!("{} due {}", a.pillar.code(), date(a.due_on)),
                        format!("{} ({}, {})", a.description, a.owner, a.status.code()),
                    )
                }),
            ),
        ],
    })
}
