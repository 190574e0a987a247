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

/// One bar of a chart: label, count, and the bar's width in per cent of the largest.
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub count: i64,
    pub percent: i64,
    pub y: i64,
}

/// A horizontal bar chart drawn as SVG on the server, with the same numbers in a table.
#[derive(Debug, Clone)]
pub struct BarChart {
    pub id: String,
    pub title: String,
    pub bars: Vec<Bar>,
    pub height: i64,
}

impl BarChart {
    pub fn new(id: &str, title: &str, rows: &[(String, i64)]) -> Self {
        let max = rows.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
        Self {
            id: id.into(),
            title: title.into(),
            bars: rows
                .iter()
                .enumerate()
                .map(|(i, (label, n))| Bar {
                    label: label.clone(),
                    count: *n,
                    percent: n * 100 / max,
                    y: i as i64 * 28,
                })
                .collect(),
            height: (rows.len() as i64 * 28).max(28),
        }
    }
}

#[derive(Debug, Template)]
#[template(path = "mappa_oversight/board.html")]
pub struct BoardPage {
    pub shell: Shell,
    /// (label, figure) headline numbers.
    pub headlines: Vec<(String, String)>,
    pub charts: Vec<BarChart>,
}
