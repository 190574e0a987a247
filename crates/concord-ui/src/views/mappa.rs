//! MAPPA pages: a person's MAPPA record with its forms (eligibility, referral, screening,
//! review, exit), the referral's print view (MAPPA A), and the coordinator's list of what
//! is due in the area.

use askama::Template;

use crate::{FormErrors, SelectOption, Shell};

/// (label, value) rows of a summary list.
pub type Rows = Vec<(String, String)>;

#[derive(Debug, Clone, Default)]
pub struct MappaReferralBlock {
    pub heading: String,
    pub rows: Rows,
    pub late: bool,
    pub awaiting: bool,
    pub print_href: String,
    pub screen_action: String,
}

#[derive(Debug, Template)]
#[template(path = "mappa_case/case.html")]
pub struct MappaPage {
    pub shell: Shell,
    pub person_name: String,
    pub person_href: String,
    pub base: String,
    pub notice: String,
    /// The sections the page was made without, in words ("" when none).
    pub withheld: String,
    pub errors: FormErrors,
    pub values: std::collections::HashMap<String, String>,
    /// The current spell, if any (summary rows), and its banners.
    pub current: Rows,
    pub has_current: bool,
    pub active: bool,
    pub end_prompt: String,
    pub review_overdue: String,
    /// Concord's proposal when there is no current spell.
    pub proposal_heading: String,
    pub proposal_reasons: Vec<String>,
    pub facts: Rows,
    pub late_warning: String,
    pub referrals: Vec<MappaReferralBlock>,
    pub decisions: Vec<Vec<String>>,
    pub past: Vec<Rows>,
    /// (title, criteria) of each level, shown with the level decisions.
    pub criteria: Vec<(String, Vec<String>)>,
    pub may_refer: bool,
    pub may_manage: bool,
    pub eligibility_action: String,
    /// Empty unless the reader may correct the computed notification period.
    pub notification_action: String,
    /// Empty unless the reader may answer Category 3's two questions.
    pub category_3_action: String,
    pub capacity_options: Vec<SelectOption>,
    pub need_options: Vec<SelectOption>,
    pub referral_action: String,
    pub review_action: String,
    pub exit_action: String,
    pub category_options: Vec<SelectOption>,
    pub ref_category_options: Vec<SelectOption>,
    pub level_requested_options: Vec<SelectOption>,
    pub screen_level_options: Vec<SelectOption>,
    pub screen_cppc_options: Vec<SelectOption>,
    pub review_level_options: Vec<SelectOption>,
    pub review_cppc_options: Vec<SelectOption>,
    pub exit_reason_options: Vec<SelectOption>,
}

impl MappaPage {
    pub fn value(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }
}

/// MAPPA A as referred, for printing or saving as PDF.
#[derive(Debug, Template)]
#[template(path = "mappa_case/referral_print.html")]
pub struct MappaReferralPrintPage {
    pub shell: Shell,
    pub back_href: String,
    pub title: String,
    /// (section heading, rows)
    pub sections: Vec<(String, Rows)>,
}

#[derive(Debug, Clone, Default)]
pub struct MappaWorkLine {
    pub href: String,
    pub name: String,
    pub category: String,
    pub level: String,
    pub date: String,
    pub flagged: bool,
    pub note: String,
}

/// The coordinator's and chair's list of what is due in the area.
#[derive(Debug, Template)]
#[template(path = "mappa_case/work.html")]
pub struct MappaWorkPage {
    pub shell: Shell,
    pub area: String,
    pub open_cases: usize,
    pub awaiting_screening: Vec<MappaWorkLine>,
    pub reviews: Vec<MappaWorkLine>,
    pub ending: Vec<MappaWorkLine>,
    /// Meetings to come and overdue actions.
    pub tables: Vec<WorkTable>,
}

/// A table of the work list: the first cell of each row links to `href`.
#[derive(Debug, Clone, Default)]
pub struct WorkTable {
    pub id: String,
    pub heading: String,
    pub empty: String,
    pub headers: Vec<String>,
    pub rows: Vec<WorkRow>,
}

#[derive(Debug, Clone, Default)]
pub struct WorkRow {
    pub href: String,
    pub cells: Vec<String>,
    pub flagged: bool,
}
