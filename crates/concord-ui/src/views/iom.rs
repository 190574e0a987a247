//! IOM pages: the concentration of offending (aggregate, never a name).

use askama::Template;

use crate::{SelectOption, Shell};

/// A Lorenz curve drawn on the server: SVG polyline points in a 440 × 300 box (share of
/// offenders along, share of offences or harm up), with the same numbers in a table.
#[derive(Debug, Clone)]
pub struct LorenzChart {
    pub id: String,
    pub volume_points: String,
    /// Empty when harm is not shown.
    pub harm_points: String,
    /// (share of offenders, of offences, of harm) at 1%, 5%, 10%, 20%, 50%.
    pub rows: Vec<(String, String, String)>,
}

#[derive(Debug, Clone)]
pub struct ConcentrationArea {
    pub area: String,
    /// (label, figure) pairs.
    pub figures: Vec<(String, String)>,
    pub chart: Option<LorenzChart>,
    pub withheld: Vec<String>,
}

#[derive(Debug, Template)]
#[template(path = "iom/concentration.html")]
pub struct ConcentrationPage {
    pub shell: Shell,
    pub period: String,
    pub years: Vec<SelectOption>,
    pub weights_version: String,
    pub threshold: u64,
    pub areas: Vec<ConcentrationArea>,
    pub csv_href: String,
    pub ods_href: String,
}

/// A person in the proposed list or the cohort.
#[derive(Debug, Clone)]
pub struct CohortRow {
    pub name: String,
    pub href: String,
    pub score: String,
    pub strand: String,
    pub status: String,
    /// GOV.UK tag colour.
    pub colour: String,
    pub reasons: Vec<String>,
    pub order: String,
    pub review: String,
    pub overdue: bool,
}

#[derive(Debug, Template)]
#[template(path = "iom/cohort.html")]
pub struct CohortListPage {
    pub shell: Shell,
    pub town: String,
    pub towns: Vec<SelectOption>,
    pub explanation: String,
    pub proposed: Vec<CohortRow>,
    pub cohort: Vec<CohortRow>,
    /// (name, why they could not be scored)
    pub not_scored: Vec<(String, String)>,
    /// The cohort's outcome: (label, figure) rows, and a before/after chart when there is
    /// one ((label, offences, bar width out of 400)).
    pub outcome: Vec<(String, String)>,
    pub outcome_bars: Vec<(String, u32, u32)>,
}

#[derive(Debug, Template)]
#[template(path = "iom/cohort_person.html")]
pub struct CohortPersonPage {
    pub shell: Shell,
    pub name: String,
    pub back_href: String,
    pub record_href: String,
    pub notice: String,
    pub errors: crate::FormErrors,
    pub summary: Vec<(String, String)>,
    /// (part, points, reason)
    pub parts: Vec<(String, String, String)>,
    /// (heading, rows)
    pub decisions: Vec<(String, Vec<(String, String)>)>,
    pub action: String,
    pub decision_options: Vec<SelectOption>,
    pub strand_options: Vec<SelectOption>,
    pub rationale: String,
    pub review: (String, String, String),
    /// Offences by quarter, the adoption quarter marked.
    pub offending_chart: Option<crate::views::IntervalChart>,
}

#[derive(Debug, Template)]
#[template(path = "iom/case.html")]
pub struct IomCaseView {
    pub shell: Shell,
    pub person_name: String,
    pub person_href: String,
    pub notice: String,
    pub errors: crate::FormErrors,
    pub summary: Vec<(String, String)>,
    /// (date, what, note, who)
    pub entries: Vec<(String, String, String, String)>,
    /// Where the forms post; empty when the viewer may not record.
    pub action: String,
    /// The shared IOM tasks: (task, for whom, due, overdue, done).
    pub tasks: Vec<(String, String, String, bool, String)>,
    pub task_action: String,
    pub task_owners: Vec<SelectOption>,
    pub risk_href: String,
    pub status_options: Vec<SelectOption>,
    pub attended_options: Vec<SelectOption>,
    /// What was typed, to fill the forms in again when refused (each form's fields have
    /// their own names).
    pub values: std::collections::HashMap<String, String>,
}

impl IomCaseView {
    pub fn value(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }
}
