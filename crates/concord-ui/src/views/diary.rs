//! The diary (issue 24 point 10): appointments on the compliance tab, and one
//! appointment's page where its outcome is recorded or it is cancelled.

use askama::Template;

use crate::FormErrors;
use crate::Shell;

/// One appointment as a list or its page shows it.
#[derive(Debug, Clone)]
pub struct DiaryItem {
    pub href: String,
    /// "Tuesday 8 December 2026 at 14:00".
    pub when: String,
    pub kind: String,
    pub place: String,
    pub notes: String,
    pub booked_by: String,
    /// Where it stands in words: "Booked", "Waiting for its outcome", the outcome, or who
    /// cancelled it and why.
    pub state: String,
    /// A tag colour for the state.
    pub state_colour: String,
}

/// One appointment: what, when and where, and the forms its state allows.
#[derive(Debug, Template)]
#[template(path = "manage/diary_appointment.html")]
pub struct DiaryAppointmentPage {
    pub shell: Shell,
    pub person_name: String,
    pub compliance_href: String,
    pub errors: FormErrors,
    pub item: DiaryItem,
    /// Where the outcome is posted (empty unless it may be recorded now).
    pub outcome_action: String,
    /// Attendance choices for an office appointment or home visit; empty for a police
    /// visit, whose outcome is what it found, in words.
    pub attendance_options: Vec<crate::SelectOption>,
    /// Why the outcome cannot be recorded yet, if its time has not come.
    pub not_yet: String,
    pub cancel_action: String,
    pub values: std::collections::HashMap<String, String>,
}

impl DiaryAppointmentPage {
    pub fn value(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }
}
