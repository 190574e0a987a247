use askama::Template;

use crate::{SelectOption, Shell};

use super::person::MarkerTag;

/// A column heading that sorts the table: `aria_sort` is "ascending", "descending" or
/// "none", as the MoJ sortable-table pattern expects, and `href` toggles the order.
#[derive(Debug, Clone)]
pub struct SortLink {
    pub label: String,
    pub href: String,
    pub aria_sort: String,
}

#[derive(Debug, Clone)]
pub struct CaseRow {
    pub href: String,
    pub name: String,
    pub date_of_birth: String,
    pub identifiers: String,
    pub role: String,
    pub allocated_from: String,
    pub town: String,
    pub markers: Vec<MarkerTag>,
    /// e.g. "Release: 12 December 2026"; empty when nothing is coming.
    pub next_key_date: String,
    /// The overall RoSH of the latest signed review ("" when none).
    pub rosh: String,
    /// Open tasks, e.g. ("Allocation review … – due 3 December 2026", overdue).
    pub tasks: Vec<(String, bool)>,
}

#[derive(Debug, Template)]
#[template(path = "people/caseload.html")]
pub struct CaseloadPage {
    pub shell: Shell,
    /// What waits on the reader — unacknowledged monitoring alerts, then approvals — a
    /// group per kind (empty groups left out).
    pub queues: Vec<ApprovalGroup>,
    /// Open MAPPA actions the signed-in member of staff owns, overdue first.
    pub mappa_actions: Vec<crate::views::CaseActionLine>,
    /// Their referrals to partner services waiting on them or overdue.
    pub partner_referrals: Vec<crate::views::ReferralLine>,
    pub rows: Vec<CaseRow>,
    pub columns: Vec<SortLink>,
    pub name_filter: String,
    pub marker_options: Vec<SelectOption>,
    pub sort: String,
    pub order: String,
    pub filtered: bool,
}

#[derive(Debug, Clone)]
pub struct SearchRow {
    pub href: String,
    pub name: String,
    pub date_of_birth: String,
    pub identifiers: String,
    pub town: String,
    /// "Essex Police; contact Gareth Pryce (Essex Police)": whose record, whom to ask.
    pub held_by: String,
    pub markers: Vec<MarkerTag>,
    pub reasons: Vec<String>,
    /// "Likeness 87%" for a person found by the matching model rather than by the
    /// words typed; empty otherwise.
    pub likeness: String,
}

#[derive(Debug, Template)]
#[template(path = "people/search.html")]
pub struct SearchPage {
    pub shell: Shell,
    pub query: String,
    pub searched: bool,
    pub understood_as: String,
    pub rows: Vec<SearchRow>,
    pub truncated: bool,
    pub error: String,
}

/// One kind of thing waiting for the reader's approval: "Licences waiting for your
/// approval" and each case.
#[derive(Debug, Clone)]
pub struct ApprovalGroup {
    pub id: String,
    pub heading: String,
    /// (link, person's name, what waits).
    pub items: Vec<(String, String, String)>,
}
