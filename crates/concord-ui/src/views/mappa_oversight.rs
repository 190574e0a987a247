//! MAPPA oversight pages: serious further offences and the review decision, the SCR
//! export's print view, transfer to another area, orders for the annual report, and the
//! annual statistics (aggregate figures only).

use std::collections::HashMap;

use askama::Template;

use super::governance::BarChart;
use crate::{FormErrors, SelectOption, Shell};

/// A heading and its rows of (label, value).
pub type Card = (String, Vec<(String, String)>);

fn value<'a>(values: &'a HashMap<String, String>, name: &str) -> &'a str {
    values.get(name).map_or("", String::as_str)
}

#[derive(Debug, Clone)]
pub struct SfoCard {
    pub heading: String,
    pub rows: Vec<(String, String)>,
    pub overdue: bool,
    /// Where to post the MAPPA N date; empty once recorded.
    pub notify_action: String,
    /// Where the chair posts the review decision; empty if decided or not the chair.
    pub review_action: String,
}

#[derive(Debug, Template)]
#[template(path = "mappa_oversight/sfo.html")]
pub struct MappaSfoPage {
    pub shell: Shell,
    pub person_name: String,
    pub person_href: String,
    pub base: String,
    pub notice: String,
    pub errors: FormErrors,
    pub sfos: Vec<SfoCard>,
    pub action: String,
    pub decision_options: Vec<SelectOption>,
    /// The SCR export links, when a review is to be held.
    pub export_href: String,
    pub export_json_href: String,
    pub transfer_href: String,
    pub orders_href: String,
    pub values: HashMap<String, String>,
}

impl MappaSfoPage {
    pub fn value(&self, name: &str) -> &str {
        value(&self.values, name)
    }
}

/// The SCR export as a printable page (OFFICIAL-SENSITIVE top and bottom of each page).
#[derive(Debug, Template)]
#[template(path = "mappa_oversight/scr_print.html")]
pub struct ScrPrintPage {
    pub shell: Shell,
    pub person_name: String,
    pub date_of_birth: String,
    pub back_href: String,
    pub json_href: String,
    pub facts: Vec<(String, String)>,
    pub sections: Vec<Card>,
}

/// What a transfer just produced: the bundle to download and what it says of victims.
#[derive(Debug, Clone)]
pub struct TransferDone {
    pub to_area: String,
    pub sha256: String,
    pub download_href: String,
    pub file_name: String,
    pub victim_information: String,
    pub victim_included: bool,
}

#[derive(Debug, Template)]
#[template(path = "mappa_oversight/transfer.html")]
pub struct MappaTransferPage {
    pub shell: Shell,
    pub person_name: String,
    pub person_href: String,
    pub base: String,
    pub errors: FormErrors,
    pub action: String,
    pub transfers: Vec<Card>,
    /// Whether the bundle will hold victim information, said before the transfer.
    pub victim_note: String,
    pub done: Option<TransferDone>,
    pub values: HashMap<String, String>,
}

impl MappaTransferPage {
    pub fn value(&self, name: &str) -> &str {
        value(&self.values, name)
    }
}

#[derive(Debug, Template)]
#[template(path = "mappa_oversight/orders.html")]
pub struct MappaOrdersPage {
    pub shell: Shell,
    pub person_name: String,
    pub person_href: String,
    pub base: String,
    pub notice: String,
    pub errors: FormErrors,
    pub action: String,
    /// (date, what, note)
    pub events: Vec<(String, String, String)>,
    pub kind_options: Vec<SelectOption>,
    pub values: HashMap<String, String>,
}

impl MappaOrdersPage {
    pub fn value(&self, name: &str) -> &str {
        value(&self.values, name)
    }
}

#[derive(Debug, Template)]
#[template(path = "mappa_oversight/statistics.html")]
pub struct MappaStatisticsPage {
    pub shell: Shell,
    pub area: String,
    pub year: String,
    pub year_label: String,
    pub area_options: Vec<SelectOption>,
    /// Always empty: the choice of area and year is checked before the page renders.
    pub errors: FormErrors,
    /// Column headings of the category × level table, then its rows.
    pub grid_head: Vec<String>,
    pub grid: Vec<(String, Vec<String>)>,
    pub charts: Vec<BarChart>,
    /// Each table: (title, rows of (figure, value)).
    pub tables: Vec<Card>,
    pub csv_href: String,
    pub ods_href: String,
}
