//! The board's measures: criminal justice measures by quarter, proven reoffending by
//! disposal with intervals, the IOM cohort's outcomes; and the import of the measures
//! held elsewhere. Numbers only, never a name.

use askama::Template;

use crate::{FormErrors, SelectOption, Shell};

/// A table exactly as downloaded: headings, then rows.
#[derive(Debug, Clone)]
pub struct FiguresTable {
    pub id: String,
    pub caption: String,
    pub heads: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub csv_href: String,
    pub ods_href: String,
}

/// One bar of a horizontal bar chart drawn on the server (unlike the board's count
/// bars, with a value label and an interval): `y` the bar's top, `width` its
/// length in a 400-wide plot starting at x = 220, and an optional interval whisker
/// (x from, x to).
#[derive(Debug, Clone)]
pub struct IntervalBar {
    pub label: String,
    pub y: u32,
    pub width: f64,
    pub value: String,
    pub whisker: Option<(f64, f64)>,
}

#[derive(Debug, Clone)]
pub struct IntervalChart {
    pub id: String,
    pub title: String,
    pub height: u32,
    pub bars: Vec<IntervalBar>,
}

#[derive(Debug, Template)]
#[template(path = "iom/board_measures.html")]
pub struct BoardMeasuresPage {
    pub shell: Shell,
    pub area: String,
    pub threshold: u64,
    pub quarters: Vec<SelectOption>,
    pub cohorts: Vec<SelectOption>,
    pub measures: FiguresTable,
    pub justice_chart: IntervalChart,
    /// Who holds each imported measure: (measure, source).
    pub sources: Vec<(String, String)>,
    pub cohort_label: String,
    /// The refusal when the chosen cohort cannot be measured yet.
    pub reoffending_refused: String,
    pub reoffending: Option<FiguresTable>,
    pub reoffending_chart: Option<IntervalChart>,
    pub outcomes: FiguresTable,
    pub window_days: u64,
    pub costs_version: String,
    /// Shown to the performance officer only.
    pub import_href: String,
}

#[derive(Debug, Template)]
#[template(path = "iom/measures_import.html")]
pub struct MeasuresImportPage {
    pub shell: Shell,
    pub errors: FormErrors,
    pub text: String,
    pub notice: String,
    pub header: String,
    /// (code, what it is, numerator, denominator)
    pub measures: Vec<(String, String, String, String)>,
}
