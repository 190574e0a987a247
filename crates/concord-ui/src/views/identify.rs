//! The data quality officer's screens: the possible-duplicates queue and one pair side
//! by side with the explanation of its score.

use askama::Template;

use crate::layout::Shell;

/// One record of a pair, as matching compares it.
#[derive(Debug, Clone, Default)]
pub struct PairSideView {
    pub href: String,
    pub agency: String,
    pub source_id: String,
    pub name: String,
    pub aliases: String,
    pub date_of_birth: String,
    pub gender: String,
    pub identifiers: Vec<String>,
    pub addresses: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct DuplicateRow {
    pub href: String,
    /// "87%".
    pub probability: String,
    pub left: PairSideView,
    pub right: PairSideView,
}

#[derive(Debug, Template)]
#[template(path = "identify/duplicates.html")]
pub struct DuplicatesPage {
    pub shell: Shell,
    pub notice: String,
    pub total: i64,
    pub rows: Vec<DuplicateRow>,
}

/// One bar of the explanation: what was compared and the weight it gave, drawn from
/// the middle line (right for a match, left against).
#[derive(Debug, Clone)]
pub struct WeightBar {
    pub description: String,
    /// "+6.2" or "−3.1" (bits of evidence).
    pub weight: String,
    pub favours: bool,
    /// Bar geometry in the SVG, in user units of a 600-wide chart.
    pub x: i64,
    pub width: i64,
    pub y: i64,
}

#[derive(Debug, Template)]
#[template(path = "identify/pair.html")]
pub struct PairPage {
    pub shell: Shell,
    pub probability: String,
    pub weight: String,
    pub status: String,
    pub found: String,
    pub decision: String,
    /// The two records, side by side.
    pub sides: Vec<PairSideView>,
    pub bars: Vec<WeightBar>,
    pub chart_height: i64,
    /// The form's target; empty once decided.
    pub action: String,
    pub error: String,
}
