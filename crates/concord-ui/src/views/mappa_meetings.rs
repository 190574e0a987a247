//! MAPP meeting pages: the list with the scheduling form, one meeting (confidentiality
//! statement, agenda, invitations, attendance), one case's minutes, and the print views
//! of the agenda and the minutes.

use std::collections::HashMap;

use askama::Template;

use crate::{FormErrors, SelectOption, Shell};

#[derive(Debug, Clone)]
pub struct MeetingLine {
    pub href: String,
    pub town: String,
    pub when: String,
    pub chair: String,
    pub cases: String,
    pub status: String,
}

#[derive(Debug, Template)]
#[template(path = "mappa_meetings/meetings.html")]
pub struct MappaMeetingsPage {
    pub shell: Shell,
    pub notice: String,
    pub errors: FormErrors,
    pub upcoming: Vec<MeetingLine>,
    pub past: Vec<MeetingLine>,
    pub town_options: Vec<SelectOption>,
    pub chair_options: Vec<SelectOption>,
    pub values: HashMap<String, String>,
}

impl MappaMeetingsPage {
    pub fn value(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }
}

#[derive(Debug, Clone)]
pub struct AgendaCase {
    pub number: usize,
    pub person_id: String,
    pub name: String,
    pub reason: String,
    pub invited: String,
    pub minutes_href: String,
    pub person_href: String,
}

#[derive(Debug, Clone)]
pub struct AttendeeLine {
    pub name: String,
    pub agency: String,
    pub attendance: String,
    pub accepted: String,
}

#[derive(Debug, Template)]
#[template(path = "mappa_meetings/meeting.html")]
pub struct MappaMeetingPage {
    pub shell: Shell,
    pub notice: String,
    pub errors: FormErrors,
    pub title: String,
    /// (label, value) facts about the meeting.
    pub facts: Vec<(String, String)>,
    pub statement: Vec<String>,
    pub agenda: Vec<AgendaCase>,
    pub attendance: Vec<AttendeeLine>,
    pub may_manage: bool,
    pub may_open: bool,
    pub base: String,
    pub print_href: String,
    pub case_options: Vec<SelectOption>,
    /// The area's MAPPA cases not yet on the agenda, by name, to add by hand.
    pub add_options: Vec<SelectOption>,
    /// Staff to invite, by name (the value is the username).
    pub invite_options: Vec<SelectOption>,
    /// Staff to record as attending, by name.
    pub attendee_options: Vec<SelectOption>,
    pub attendance_options: Vec<SelectOption>,
    pub accepted_options: Vec<SelectOption>,
    pub values: HashMap<String, String>,
}

impl MappaMeetingPage {
    pub fn value(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }
}

#[derive(Debug, Template)]
#[template(path = "mappa_meetings/agenda_print.html")]
pub struct MappaAgendaPrintPage {
    pub shell: Shell,
    pub title: String,
    pub facts: Vec<(String, String)>,
    pub agenda: Vec<AgendaCase>,
    pub back_href: String,
}

/// One heading of the minutes form: key, heading, required, current text.
#[derive(Debug, Clone)]
pub struct MinutesField {
    pub key: String,
    pub label: String,
    pub hint: String,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct MinutesVersionBlock {
    pub heading: String,
    pub status: String,
    pub sections: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct OnwardLine {
    pub who: String,
    pub recipient: String,
    pub purpose: String,
    pub status: String,
    /// Posting here decides it ("" once decided or for anyone but the chair).
    pub decide_action: String,
}

#[derive(Debug, Template)]
#[template(path = "mappa_meetings/minutes.html")]
pub struct MappaMinutesPage {
    pub shell: Shell,
    pub notice: String,
    pub errors: FormErrors,
    pub person_name: String,
    pub title: String,
    pub meeting_href: String,
    pub print_href: String,
    pub base: String,
    pub current_rosh: String,
    pub fields: Vec<MinutesField>,
    pub versions: Vec<MinutesVersionBlock>,
    pub onward: Vec<OnwardLine>,
    pub recipients: String,
    pub may_write: bool,
    pub may_approve: bool,
    /// For the chair, the headings of the latest draft the chair wrote: why there is no
    /// *Approve* button (another must review them first).
    pub own_headings: Vec<String>,
    pub may_distribute: bool,
    pub may_request_onward: bool,
    /// Actions recorded as agreed at this meeting: (what, owner, due, status with evidence).
    pub actions: Vec<[String; 4]>,
    /// Where to record another (empty unless the actor may).
    pub add_action_href: String,
    pub values: HashMap<String, String>,
}

impl MappaMinutesPage {
    pub fn value(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }
}

#[derive(Debug, Template)]
#[template(path = "mappa_meetings/minutes_print.html")]
pub struct MappaMinutesPrintPage {
    pub shell: Shell,
    pub title: String,
    pub person_name: String,
    pub facts: Vec<(String, String)>,
    pub sections: Vec<(String, String)>,
    pub statement: Vec<String>,
    pub back_href: String,
}
