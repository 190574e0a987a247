use askama::Template;

use crate::Shell;

/// One break-glass opening in the information governance lead's queue.
#[derive(Debug, Clone)]
pub struct ReviewItem {
    pub person: String,
    pub record_href: String,
    pub staff: String,
    pub when: String,
    pub reason: String,
    /// "awaiting review", or the outcome with who decided and their note.
    pub outcome: String,
    /// Empty once reviewed.
    pub action: String,
}

#[derive(Debug, Template)]
#[template(path = "mappa_oversight/review.html")]
pub struct ReviewPage {
    pub shell: Shell,
    pub items: Vec<ReviewItem>,
    pub notice: String,
}

/// One bar of a chart: label, count, and the bar's length in the chart's units.
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub count: i64,
    pub width: i64,
    pub y: i64,
}

/// A horizontal bar chart drawn as SVG on the server (`shared/bar_chart.html`), with the
/// same numbers in a table.
#[derive(Debug, Clone)]
pub struct BarChart {
    pub id: String,
    pub title: String,
    /// The table's heading over the labels.
    pub label_heading: String,
    pub bars: Vec<Bar>,
    pub height: i64,
}

/// Each bar's row: its label on one line, the bar under it.
const BAR_ROW: i64 = 44;
/// The longest bar, leaving room for its number in the 640-unit-wide chart.
const BAR_MAX: i64 = 560;

impl BarChart {
    pub fn new(id: &str, title: &str, rows: &[(String, i64)]) -> Self {
        let max = rows.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
        Self {
            id: id.into(),
            title: title.into(),
            label_heading: "Group".into(),
            bars: rows
                .iter()
                .enumerate()
                .map(|(i, (label, n))| Bar {
                    label: label.clone(),
                    count: *n,
                    width: (*n).max(0) * BAR_MAX / max,
                    y: i as i64 * BAR_ROW,
                })
                .collect(),
            height: (rows.len() as i64 * BAR_ROW).max(BAR_ROW),
        }
    }

    /// Name the table's label column ("Agency", "Kind of marker").
    pub fn heading(mut self, heading: &str) -> Self {
        self.label_heading = heading.into();
        self
    }
}

/// One month's column of a trend.
#[derive(Debug, Clone)]
pub struct Column {
    /// "December 2026", for the table.
    pub month: String,
    /// "Dec", under the column.
    pub short: String,
    pub count: i64,
    pub height: i64,
    pub x: i64,
}

/// A trend over months as columns (`shared/column_chart.html`), oldest first.
#[derive(Debug, Clone)]
pub struct ColumnChart {
    pub id: String,
    pub title: String,
    pub columns: Vec<Column>,
}

/// The tallest column, under its number, in the 200-unit-high chart.
const COLUMN_MAX: i64 = 140;

impl ColumnChart {
    /// `months` oldest first: ("December 2026", "Dec", count). Twelve fit the chart.
    pub fn new(id: &str, title: &str, months: &[(String, String, i64)]) -> Self {
        let max = months.iter().map(|(_, _, n)| *n).max().unwrap_or(0).max(1);
        Self {
            id: id.into(),
            title: title.into(),
            columns: months
                .iter()
                .enumerate()
                .map(|(i, (month, short, n))| Column {
                    month: month.clone(),
                    short: short.clone(),
                    count: *n,
                    height: (*n).max(0) * COLUMN_MAX / max,
                    x: i as i64 * 52 + 8,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Template)]
#[template(path = "mappa_oversight/board.html")]
pub struct BoardPage {
    pub shell: Shell,
    /// (label, figure) headline numbers.
    pub headlines: Vec<(String, String)>,
    /// Activity a month over the last year.
    pub trends: Vec<ColumnChart>,
    pub charts: Vec<BarChart>,
}
