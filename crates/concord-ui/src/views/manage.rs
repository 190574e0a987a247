//! Manage pages: the licence with its versions and timeline, its print view, and the
//! zones and address checks page with its map.

use askama::Template;

use crate::{FormErrors, Shell};

/// A button that posts one licence action.
#[derive(Debug, Clone)]
pub struct ActionButton {
    pub action: String,
    pub label: String,
    /// Needs a reason (reject, start a variation): the textarea's name and label.
    pub needs_reason: bool,
    pub reason_field: String,
    pub reason_label: String,
    pub secondary: bool,
}

#[derive(Debug, Clone)]
pub struct ConditionLine {
    pub number: usize,
    pub text: String,
    pub kind: String,
    pub change_href: String,
    pub remove_action: String,
}

#[derive(Debug, Clone)]
pub struct LicenceBlock {
    pub id: String,
    pub heading: String,
    pub status: String,
    pub status_colour: String,
    /// (label, value) rows of the key dates and who did what.
    pub facts: Vec<(String, String)>,
    pub conditions: Vec<ConditionLine>,
    pub changes: Vec<String>,
    pub reason: String,
    pub version: i64,
    pub action_url: String,
    pub actions: Vec<ActionButton>,
    pub add_condition_href: String,
    pub print_href: String,
    /// The reporting instructions as they print, or empty when none are given.
    pub reporting: String,
    /// The form to set or change them (a version in progress), or empty.
    pub reporting_href: String,
}

#[derive(Debug, Template)]
#[template(path = "manage/licence.html")]
pub struct LicencePage {
    pub shell: Shell,
    pub person_name: String,
    pub person_href: String,
    pub base: String,
    pub notice: String,
    pub errors: FormErrors,
    pub blocks: Vec<LicenceBlock>,
    /// (when, who, what, why) newest last.
    pub timeline: Vec<(String, String, String, String)>,
    /// "Draft a licence" form: action, or empty when a licence exists.
    pub create_action: String,
    pub type_options: Vec<crate::SelectOption>,
    /// (field, label, value) of the key dates, pre-filled from the sentence.
    pub create_dates: Vec<(String, String, String)>,
}

#[derive(Debug, Template)]
#[template(path = "manage/licence_print.html")]
pub struct LicencePrintPage {
    pub shell: Shell,
    pub person_name: String,
    pub date_of_birth: String,
    pub title: String,
    /// Not approved: marked DRAFT on its face.
    pub draft: bool,
    /// Empty when the reader may not see it.
    pub crn: String,
    pub supervising_officer: String,
    pub status: String,
    pub facts: Vec<(String, String)>,
    pub standard: Vec<(usize, String)>,
    pub additional: Vec<(usize, String)>,
    /// The reporting instructions, or empty when none are given.
    pub reporting: String,
    /// The zones drawn as SVG (names escaped by the drawing), or empty when none has a map.
    pub map: String,
    /// Zones not drawn, each with why.
    pub unmapped: Vec<String>,
    pub back_href: String,
}

#[derive(Debug, Clone)]
pub struct ZoneLine {
    pub name: String,
    pub kind: String,
    pub description: String,
    pub windows: String,
    pub area: String,
    pub mapped: bool,
    /// Round a victim's home and the reader lacks the victim section: name and kind only.
    pub withheld: bool,
    /// Drawn round a victim's home (shown to readers of the victim section).
    pub round_victim: bool,
}

/// One of the person's addresses on the zones map.
#[derive(Debug, Clone)]
pub struct PlacedLine {
    pub kind: String,
    pub address: String,
    /// Empty when the address could not be placed.
    pub latitude: String,
    pub longitude: String,
}

#[derive(Debug, Clone)]
pub struct CheckLine {
    pub id: String,
    pub purpose: String,
    pub address: String,
    pub latitude: String,
    pub longitude: String,
    pub outcome: String,
    pub outcome_colour: String,
    pub reasons: Vec<String>,
    pub measured: Vec<String>,
    pub recorded: Vec<(String, String)>,
    pub decided: String,
    pub safeguarding_action: String,
    pub version: i64,
    pub unmeasured: Vec<String>,
}

#[derive(Debug, Template)]
#[template(path = "manage/zones.html")]
pub struct ZonesPage {
    pub shell: Shell,
    pub person_name: String,
    pub person_href: String,
    pub base: String,
    pub notice: String,
    pub errors: FormErrors,
    pub zones: Vec<ZoneLine>,
    /// The zones as JSON for the map script ([{name, kind, geometry}]).
    pub zone_json: String,
    pub tile_url: String,
    /// The person's current addresses (kind, address, latitude, longitude — empty when
    /// not placed); `None` when the reader does not reach the addresses section.
    pub addresses: Option<Vec<PlacedLine>>,
    pub checks: Vec<CheckLine>,
    pub may_change: bool,
    pub zone_action: String,
    pub check_action: String,
    /// Posted values, to refill the forms after an error.
    pub values: std::collections::HashMap<String, String>,
    pub purpose_options: Vec<crate::SelectOption>,
    pub kind_options: Vec<crate::SelectOption>,
    /// The victims with a known home, for a zone drawn round one: empty unless the reader
    /// holds the victim section.
    pub victim_options: Vec<crate::SelectOption>,
}

impl ZonesPage {
    pub fn value(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }
}

#[derive(Debug, Clone)]
pub struct VictimBlock {
    pub id: String,
    pub name: String,
    pub kind: String,
    /// (label, value) rows.
    pub facts: Vec<(String, String)>,
    /// (condition wording, status, ends) the victim may be told about.
    pub conditions: Vec<(String, String, String)>,
    pub edit_href: String,
    pub link_action: String,
}

/// The restricted victim page: victims and children at risk, their representations,
/// what they may be told, and the licence conditions that protect them.
#[derive(Debug, Template)]
#[template(path = "manage/victims.html")]
pub struct VictimsPage {
    pub shell: Shell,
    pub person_name: String,
    pub person_href: String,
    pub notice: String,
    pub errors: FormErrors,
    pub victims: Vec<VictimBlock>,
    /// (condition id, wording) that may be linked.
    pub linkable: Vec<crate::SelectOption>,
    pub add_href: String,
    /// Measures in place to protect the victims, and the form that records one.
    pub measures: Vec<crate::views::MeasureLine>,
    pub measure_action: String,
    pub victim_options: Vec<crate::SelectOption>,
    pub values: std::collections::HashMap<String, String>,
}

impl VictimsPage {
    pub fn value(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }
}

/// An event on the compliance page, with the decision forms while one is awaited.
#[derive(Debug, Clone)]
pub struct ComplianceLine {
    pub id: String,
    pub date: String,
    pub kind: String,
    pub outcome: String,
    pub details: String,
    pub by: String,
    pub answered: String,
    /// Form actions for a warning and a breach referral (empty unless awaited).
    pub warn_action: String,
    pub refer_action: String,
}

/// One recall with its assessment, clocks and the forms its status allows.
#[derive(Debug, Clone)]
pub struct RecallBlock {
    pub id: String,
    pub status: String,
    pub status_colour: String,
    pub reasons: String,
    pub summary: String,
    /// (test, met, explanation)
    pub criteria: Vec<(String, String, String)>,
    pub missing: String,
    /// (label, value) clocks and dates.
    pub clocks: Vec<(String, String)>,
    pub decide_action: String,
    pub return_action: String,
    pub version: i64,
}

/// Compliance and enforcement, and recall: one page so a breach leads straight to recall.
#[derive(Debug, Template)]
#[template(path = "manage/compliance.html")]
pub struct CompliancePage {
    pub shell: Shell,
    pub person_name: String,
    pub person_href: String,
    pub base: String,
    pub notice: String,
    pub errors: FormErrors,
    /// (title, due, reason, overdue)
    pub deadlines: Vec<(String, String, String, bool)>,
    pub referral_notice: String,
    pub events: Vec<ComplianceLine>,
    /// (given on, by, reason, expires, in force)
    pub warnings: Vec<(String, String, String, String, bool)>,
    /// (referred on, by, reason, status)
    pub breaches: Vec<(String, String, String, String)>,
    pub record_action: String,
    pub kind_options: Vec<crate::SelectOption>,
    pub outcome_options: Vec<crate::SelectOption>,
    pub recall_action: String,
    pub breach_options: Vec<crate::SelectOption>,
    pub recalls: Vec<RecallBlock>,
    /// (field, label, choices) of the facts the fixed-term test needs.
    pub recall_facts: Vec<(String, String, Vec<crate::SelectOption>)>,
    /// Where an appointment is booked (empty for a reader who may not).
    pub diary_action: String,
    pub appointment_kind_options: Vec<crate::SelectOption>,
    /// Soonest first; then those past their time with no outcome; then the last recorded
    /// or cancelled, newest first.
    pub upcoming: Vec<super::DiaryItem>,
    pub awaiting_outcome: Vec<super::DiaryItem>,
    pub diary_past: Vec<super::DiaryItem>,
    pub values: std::collections::HashMap<String, String>,
}

impl CompliancePage {
    pub fn value(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }
}

/// MAPPA disclosures: the record of each, and the form for a new one.
#[derive(Debug, Template)]
#[template(path = "manage/disclosures.html")]
pub struct DisclosuresPage {
    pub shell: Shell,
    pub person_name: String,
    pub person_href: String,
    pub base: String,
    pub notice: String,
    pub errors: FormErrors,
    /// (heading, rows of (label, value))
    pub disclosures: Vec<(String, Vec<(String, String)>)>,
    pub action: String,
    pub section_options: Vec<crate::SelectOption>,
    pub necessary_options: Vec<crate::SelectOption>,
    pub proportionate_options: Vec<crate::SelectOption>,
    pub told_options: Vec<crate::SelectOption>,
    pub undertaking_options: Vec<crate::SelectOption>,
    pub values: std::collections::HashMap<String, String>,
}

impl DisclosuresPage {
    pub fn value(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }
}
