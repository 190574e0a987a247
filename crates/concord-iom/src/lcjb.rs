//! The Local Criminal Justice Board's measures (seed 000): offences brought to justice,
//! ineffective trials, outstanding fail-to-appear warrants, the time taken to resolve
//! breaches of community penalties, and the persistent young offenders' arrest-to-sentence
//! time against the 71-day pledge.
//!
//! Concord computes what its records hold (offences brought to justice; the days from a
//! failure to comply to the breach referral). The rest is held by the courts, the police
//! and the youth offending service and arrives as a CSV of figures per area and period —
//! parsed here, every problem named by line and field, nothing half-read.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::Serialize;

/// A measure whose figures are imported, and what its two numbers mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum ImportedMeasure {
    /// Trials listed that did not go ahead on the day (of all trials listed), HMCTS.
    IneffectiveTrials,
    /// Fail-to-appear warrants outstanding at the period's end, police.
    FailToAppearWarrants,
    /// Breaches of community penalties resolved at court: total days from the breach
    /// referral to resolution, over the breaches resolved, HMCTS.
    BreachResolutionDays,
    /// Persistent young offenders sentenced: total days from arrest to sentence, over the
    /// cases sentenced, youth offending service.
    PyoArrestToSentenceDays,
}

/// What a measure's figure is: a share, a count, or an average number of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum MeasureShape {
    /// numerator of denominator, shown as a percentage.
    Share,
    /// numerator only; the denominator must be empty.
    Count,
    /// numerator total days over denominator cases, shown as an average.
    AverageDays,
}

impl ImportedMeasure {
    pub const ALL: [ImportedMeasure; 4] = [
        Self::IneffectiveTrials,
        Self::FailToAppearWarrants,
        Self::BreachResolutionDays,
        Self::PyoArrestToSentenceDays,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::IneffectiveTrials => "ineffective_trials",
            Self::FailToAppearWarrants => "fta_warrants_outstanding",
            Self::BreachResolutionDays => "breach_resolution_days",
            Self::PyoArrestToSentenceDays => "pyo_arrest_to_sentence_days",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::IneffectiveTrials => "Ineffective trials",
            Self::FailToAppearWarrants => "Outstanding fail-to-appear warrants",
            Self::BreachResolutionDays => "Days to resolve breaches of community penalties",
            Self::PyoArrestToSentenceDays => "Persistent young offenders: arrest to sentence",
        }
    }

    pub fn shape(self) -> MeasureShape {
        match self {
            Self::IneffectiveTrials => MeasureShape::Share,
            Self::FailToAppearWarrants => MeasureShape::Count,
            Self::BreachResolutionDays | Self::PyoArrestToSentenceDays => MeasureShape::AverageDays,
        }
    }

    /// Who holds the figures.
    pub fn source(self) -> &'static str {
        match self {
            Self::IneffectiveTrials | Self::BreachResolutionDays => {
                "HM Courts and Tribunals Service"
            }
            Self::FailToAppearWarrants => "the police",
            Self::PyoArrestToSentenceDays => "the youth offending service",
        }
    }

    /// What the CSV's two numbers are for this measure.
    pub fn meaning(self) -> (&'static str, &'static str) {
        match self {
            Self::IneffectiveTrials => ("trials that did not go ahead on the day", "trials listed"),
            Self::FailToAppearWarrants => {
                ("warrants outstanding at the quarter's end", "leave empty")
            }
            Self::BreachResolutionDays => (
                "total days from breach referral to resolution",
                "breaches resolved",
            ),
            Self::PyoArrestToSentenceDays => {
                ("total days from arrest to sentence", "cases sentenced")
            }
        }
    }

    /// The national target, where there is one: the PYO pledge of 71 days.
    pub fn target(self) -> Option<f64> {
        (self == Self::PyoArrestToSentenceDays).then_some(71.0)
    }
}

/// One imported figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeasureFigure {
    pub measure: ImportedMeasure,
    pub area: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub numerator: u64,
    pub denominator: Option<u64>,
}

impl MeasureFigure {
    /// The figure as shown: a share (0..1), a count, or average days.
    pub fn value(&self) -> Option<f64> {
        let n = self.numerator as f64;
        match (self.measure.shape(), self.denominator) {
            (MeasureShape::Count, _) => Some(n),
            (_, Some(d)) if d > 0 => Some(n / d as f64),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("line {line}, {field}: {message}")]
pub struct MeasureLineError {
    pub line: usize,
    pub field: String,
    pub message: String,
}

pub const MEASURE_HEADER: [&str; 6] = [
    "measure",
    "area",
    "period_start",
    "period_end",
    "numerator",
    "denominator",
];

/// Parse a measures CSV. Every bad line is reported (not just the first), and the file is
/// refused whole if any is bad, so an import is all or nothing.
pub fn parse_measures(text: &str) -> Result<Vec<MeasureFigure>, Vec<MeasureLineError>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let err = |line: usize, field: &str, message: String| MeasureLineError {
        line,
        field: field.into(),
        message,
    };
    match reader.headers() {
        Ok(h) if h.iter().map(str::to_ascii_lowercase).eq(MEASURE_HEADER) => {}
        _ => {
            return Err(vec![err(
                1,
                "header",
                format!("the header must be `{}`", MEASURE_HEADER.join(",")),
            )])
        }
    }
    let mut figures = vec![];
    let mut errors = vec![];
    let mut seen = BTreeSet::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = match record {
            Ok(r) if r.len() == MEASURE_HEADER.len() => r,
            Ok(r) => {
                errors.push(err(
                    line,
                    "line",
                    format!("expected 6 fields, found {}", r.len()),
                ));
                continue;
            }
            Err(e) => {
                errors.push(err(line, "line", format!("unreadable: {e}")));
                continue;
            }
        };
        match figure(&record, line) {
            Ok(f) => {
                let key = (f.measure, f.area.clone(), f.period_start, f.period_end);
                if !seen.insert(key) {
                    errors.push(err(
                        line,
                        "period_start",
                        format!(
                            "{} for {} from {} to {} appears twice",
                            f.measure.code(),
                            f.area,
                            f.period_start,
                            f.period_end
                        ),
                    ));
                } else {
                    figures.push(f);
                }
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    if figures.is_empty() && errors.is_empty() {
        errors.push(err(2, "line", "the file holds no figures".into()));
    }
    if errors.is_empty() {
        Ok(figures)
    } else {
        Err(errors)
    }
}

fn figure(r: &csv::StringRecord, line: usize) -> Result<MeasureFigure, Vec<MeasureLineError>> {
    let mut errors = vec![];
    let mut bad = |field: &str, message: String| {
        errors.push(MeasureLineError {
            line,
            field: field.into(),
            message,
        });
    };
    let measure = ImportedMeasure::from_code(&r[0]);
    if measure.is_none() {
        let known: Vec<&str> = ImportedMeasure::ALL.iter().map(|m| m.code()).collect();
        bad(
            "measure",
            format!(
                "`{}` is not a measure; use one of {}",
                &r[0],
                known.join(", ")
            ),
        );
    }
    let area = r[1].to_string();
    if area.is_empty() || area.chars().count() > 100 {
        bad("area", "name the area (1 to 100 characters)".into());
    }
    let date = |field: &str, s: &str| {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
            (
                field.to_string(),
                format!("`{s}` is not a date (YYYY-MM-DD)"),
            )
        })
    };
    let start = date("period_start", &r[2]);
    let end = date("period_end", &r[3]);
    for e in [&start, &end].into_iter().filter_map(|d| d.as_ref().err()) {
        bad(&e.0, e.1.clone());
    }
    if let (Ok(s), Ok(e)) = (&start, &end) {
        if e < s {
            bad(
                "period_end",
                format!("the period ends ({e}) before it starts ({s})"),
            );
        } else if quarter_of(*s) != (*s, *e) {
            let (qs, qe) = quarter_of(*s);
            bad(
                "period_end",
                format!("the board reports by calendar quarter: {s} to {e} is not one (e.g. {qs} to {qe})"),
            );
        }
    }
    let number = |s: &str| s.parse::<u64>().ok().filter(|n| *n <= 1_000_000_000);
    let numerator = number(&r[4]);
    if numerator.is_none() {
        bad(
            "numerator",
            format!("`{}` is not a whole number of 0 or more", &r[4]),
        );
    }
    let denominator = if r[5].is_empty() {
        Ok(None)
    } else {
        number(&r[5]).map(Some).ok_or(())
    };
    if denominator.is_err() {
        bad(
            "denominator",
            format!("`{}` is not a whole number of 0 or more", &r[5]),
        );
    }
    if let (Some(m), Ok(d)) = (measure, &denominator) {
        match (m.shape(), d) {
            (MeasureShape::Count, Some(_)) => bad(
                "denominator",
                format!("{} is a count: leave the denominator empty", m.code()),
            ),
            (MeasureShape::Share | MeasureShape::AverageDays, None | Some(0)) => bad(
                "denominator",
                format!(
                    "{} needs a denominator of 1 or more ({})",
                    m.code(),
                    match m.shape() {
                        MeasureShape::Share => "the number listed",
                        _ => "the number of cases",
                    }
                ),
            ),
            (MeasureShape::Share, Some(d)) if numerator.is_some_and(|n| n > *d) => bad(
                "numerator",
                format!(
                    "{} is more than the denominator {d}",
                    numerator.unwrap_or(0)
                ),
            ),
            _ => {}
        }
    }
    match (measure, start, end, numerator, denominator) {
        (Some(measure), Ok(period_start), Ok(period_end), Some(numerator), Ok(denominator))
            if errors.is_empty() =>
        {
            Ok(MeasureFigure {
                measure,
                area,
                period_start,
                period_end,
                numerator,
                denominator,
            })
        }
        _ => Err(errors),
    }
}

/// The calendar quarter holding `day`: (first day, last day).
pub fn quarter_of(day: NaiveDate) -> (NaiveDate, NaiveDate) {
    use chrono::Datelike;
    let first_month = (day.month0() / 3) * 3 + 1;
    let start = NaiveDate::from_ymd_opt(day.year(), first_month, 1).unwrap_or(day);
    let end = start
        .checked_add_months(chrono::Months::new(3))
        .and_then(|d| d.pred_opt())
        .unwrap_or(day);
    (start, end)
}

/// The last `n` complete calendar quarters before `today`'s, oldest first.
pub fn last_quarters(today: NaiveDate, n: u32) -> Vec<(NaiveDate, NaiveDate)> {
    let mut out = vec![];
    let mut start = quarter_of(today).0;
    for _ in 0..n {
        let Some(previous) = start.pred_opt() else {
            break;
        };
        let q = quarter_of(previous);
        out.push(q);
        start = q.0;
    }
    out.reverse();
    out
}

/// How many of `dates` fall in each calendar quarter from the one holding `from` to the
/// one holding `to`, oldest first (quarters with none included, so a chart shows gaps).
pub fn count_by_quarter(
    dates: &[NaiveDate],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<((NaiveDate, NaiveDate), u32)> {
    let mut out = vec![];
    let mut q = quarter_of(from);
    while q.0 <= to {
        let n = dates.iter().filter(|d| **d >= q.0 && **d <= q.1).count() as u32;
        out.push((q, n));
        match q.1.succ_opt() {
            Some(next) => q = quarter_of(next),
            None => break,
        }
    }
    out
}

/// "Jan to Mar 2026".
pub fn quarter_label(start: NaiveDate) -> String {
    let (s, e) = quarter_of(start);
    format!("{} to {}", s.format("%b"), e.format("%b %Y"))
}

#[cfg(test)]
#[path = "lcjb_tests.rs"]
mod tests;
