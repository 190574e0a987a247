//! MAPP meetings: the list and the scheduling form, one meeting (statement, agenda,
//! invitations, attendance), one case's minutes with their approval, distribution and
//! onward sharing, and the print views. Every form posts back to its page; a refused form
//! shows the page again with its errors (422).
//!
//! This file holds the links, notices and small helpers the meeting pages share. The list
//! and scheduling are in `schedule`, the meeting page and its print view in `meeting`,
//! the agenda and invitations in `agenda`, attendance and opening in `attendance`, the
//! minutes (write, print) in `minutes`, approval and distribution in `minutes_approval` and onward sharing in
//! `onward`; their handlers are re-exported here so the routes stay
//! `pages::mappa_meetings::...`.

mod agenda;
mod attendance;
mod meeting;
mod minutes;
mod minutes_approval;
mod onward;
mod schedule;

pub use agenda::{add_case, build_agenda, invite, remove_case};
pub use attendance::{attendance, open};
pub use meeting::{print_agenda, show};
pub use minutes::{print_minutes, save_minutes, show_minutes};
pub use minutes_approval::{approve, distribute};
pub use onward::{decide_onward, request_onward};
pub use schedule::{list, schedule};

use std::collections::HashMap;

use axum::response::{IntoResponse, Redirect, Response};
use concord_app::CONFIDENTIALITY_STATEMENT;
use concord_domain::{MeetingId, PersonId};

use crate::error::PageError;
use crate::format::date;
use crate::pages::parse_id;

const LIST: &str = "/mappa/meetings";

fn meeting_href(id: MeetingId) -> String {
    format!("{LIST}/{id}")
}

fn minutes_href(id: MeetingId, person: PersonId) -> String {
    format!("{LIST}/{id}/minutes/{}", person.0)
}

fn notice(q: &HashMap<String, String>) -> String {
    let text = match q.get("notice").map(String::as_str) {
        Some("scheduled") => "Meeting scheduled.",
        Some("agenda") => "Agenda updated.",
        Some("invited") => {
            "Invitation sent: they may read that record until the meeting's access ends."
        }
        Some("attendance") => "Attendance recorded.",
        Some("opened") => "The meeting is open.",
        Some("saved") => "New version of the minutes saved.",
        Some("approved") => "Minutes approved.",
        Some("distributed") => "Minutes distributed to those present.",
        Some("requested") => "Your request has gone to the chair.",
        Some("decided") => "Decision recorded.",
        _ => "",
    };
    text.into()
}

fn redirect(to: String, notice: &str) -> Response {
    Redirect::to(&format!("{to}?notice={notice}")).into_response()
}

fn when(held_on: chrono::NaiveDate, starts_at: &str) -> String {
    format!("{} at {starts_at}", date(held_on))
}

fn statement() -> Vec<String> {
    CONFIDENTIALITY_STATEMENT
        .iter()
        .map(std::string::ToString::to_string)
        .collect()
}

fn ids(id: &str, person: &str) -> Result<(MeetingId, PersonId), PageError> {
    Ok((MeetingId(parse_id(id)?), PersonId(parse_id(person)?)))
}
