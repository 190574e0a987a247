//! The board's figures as tables: headings, then rows of text, exactly as the page shows
//! them, so that the CSV and the spreadsheet say what the screen says (withheld figures
//! included, as "withheld").

use concord_iom::MeasureShape;

use super::{BoardCohortOutcomes, LcjbMeasures, ReoffendingFigures};
use crate::mappa_oversight::{csv_table, spreadsheet};

fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

fn heads(h: &[&str]) -> Vec<String> {
    h.iter().map(|s| (*s).to_string()).collect()
}

/// A table's rows for download.
pub trait FigureTable {
    fn table(&self) -> Vec<Vec<String>>;
    fn title(&self) -> &'static str;
    fn csv(&self) -> String {
        csv_table(&self.table())
    }
    fn ods(&self) -> Vec<u8> {
        spreadsheet(self.title(), &self.table())
    }
}

impl LcjbMeasures {
    /// The imported measures' column headings: one per measure and area imported.
    fn imported_columns(&self) -> Vec<String> {
        self.imported
            .iter()
            .flat_map(|s| {
                s.areas
                    .iter()
                    .map(move |(area, _)| format!("{} ({area})", s.label))
            })
            .collect()
    }
}

impl FigureTable for LcjbMeasures {
    fn title(&self) -> &'static str {
        "Criminal justice measures"
    }

    /// One row per quarter: what Concord's records hold, then each imported measure.
    fn table(&self) -> Vec<Vec<String>> {
        let mut h = heads(&[
            "Quarter",
            "Offences brought to justice",
            "Breach referrals of community penalties",
            "Average days from failure to breach referral",
            "Referred within the deadline",
        ]);
        h.extend(self.imported_columns());
        let mut rows = vec![h];
        for (i, q) in self.quarters.iter().enumerate() {
            let justice = &self.brought_to_justice[i];
            let breach = &self.breach_referrals[i];
            let count = |c: &super::ComputedCell| {
                c.count.map_or_else(
                    || format!("withheld (fewer than {})", self.threshold),
                    |n| n.to_string(),
                )
            };
            let mut row = vec![
                q.label.clone(),
                count(justice),
                count(breach),
                breach
                    .average_days
                    .map_or_else(|| "–".into(), |d| format!("{d:.1}")),
                match (breach.within_deadline, breach.count) {
                    (Some(k), Some(n)) if n > 0 => percent(k as f64 / n as f64),
                    _ => "–".into(),
                },
            ];
            for s in &self.imported {
                for (_, cells) in &s.areas {
                    row.push(cells[i].value.map_or_else(
                        || format!("no figure from {}", s.source),
                        |v| match s.shape {
                            MeasureShape::Share => percent(v),
                            MeasureShape::Count => format!("{v:.0}"),
                            MeasureShape::AverageDays => format!("{v:.1} days"),
                        },
                    ));
                }
            }
            rows.push(row);
        }
        rows
    }
}

impl FigureTable for ReoffendingFigures {
    fn title(&self) -> &'static str {
        "Proven reoffending"
    }

    fn table(&self) -> Vec<Vec<String>> {
        let mut rows = vec![heads(&[
            "Index disposal",
            "Offenders",
            "Reoffenders",
            "Proven reoffending rate",
            "95% interval",
            "Reoffences per offender",
            "Reoffences per reoffender",
            "The seed's figure",
        ])];
        for l in &self.lines {
            let withheld = format!("withheld (fewer than {})", self.threshold);
            let mut row = vec![l.label.clone()];
            match &l.line {
                Some(r) => row.extend([
                    r.offenders.to_string(),
                    r.reoffenders.to_string(),
                    r.binary_rate
                        .map_or_else(|| "no one in the cohort".into(), percent),
                    r.interval.map_or_else(
                        || "–".into(),
                        |(lo, hi)| format!("{} to {}", percent(lo), percent(hi)),
                    ),
                    r.per_offender
                        .map_or_else(|| "–".into(), |f| format!("{f:.2}")),
                    r.per_reoffender
                        .map_or_else(|| "–".into(), |f| format!("{f:.2}")),
                ]),
                None => row.extend([
                    withheld.clone(),
                    withheld,
                    "–".into(),
                    "–".into(),
                    "–".into(),
                    "–".into(),
                ]),
            }
            row.push(l.seed_figure.unwrap_or("–").to_string());
            rows.push(row);
        }
        rows
    }
}

impl FigureTable for BoardCohortOutcomes {
    fn title(&self) -> &'static str {
        "IOM cohort outcomes"
    }

    fn table(&self) -> Vec<Vec<String>> {
        let mut rows = vec![heads(&[
            "Strand",
            "People",
            "Offences before adoption",
            "Offences after adoption",
            "Rate ratio (after / before)",
            "95% interval",
            "Cost of crime before",
            "Cost of crime after",
            "Window not yet elapsed",
        ])];
        for s in &self.strands {
            let mut row = vec![s.label.clone()];
            match &s.outcome {
                Some(o) if o.people == 0 => {
                    row.push("0".into());
                    row.extend(std::iter::repeat_n("–".to_string(), 6));
                }
                Some(o) => row.extend([
                    o.people.to_string(),
                    o.before.offences.to_string(),
                    o.after.offences.to_string(),
                    o.rate_ratio
                        .map_or_else(|| "–".into(), |r| format!("{r:.2}")),
                    o.interval
                        .map_or_else(|| "–".into(), |(lo, hi)| format!("{lo:.2} to {hi:.2}")),
                    format!("£{:.0}", o.before.cost),
                    format!("£{:.0}", o.after.cost),
                ]),
                None => {
                    row.push(format!("withheld (fewer than {})", self.threshold));
                    row.extend(std::iter::repeat_n("–".to_string(), 6));
                }
            }
            row.push(s.pending.to_string());
            rows.push(row);
        }
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iom::{ReoffendingLine, StrandOutcome};
    use chrono::NaiveDate;
    use concord_iom::{RateLine, ReoffendingConfig};

    #[test]
    fn withheld_lines_say_so_in_every_figure_column() {
        let d = NaiveDate::from_ymd_opt(2024, 4, 1).unwrap();
        let r = ReoffendingFigures {
            area: "Essex".into(),
            cohort_start: d,
            cohort_end: d,
            cohort_label: "Apr to Jun 2024".into(),
            measured_on: d,
            config: ReoffendingConfig::default(),
            threshold: 10,
            latest_measurable: d,
            lines: vec![
                ReoffendingLine {
                    line: None,
                    label: "Caution".into(),
                    withheld: true,
                    seed_figure: None,
                },
                ReoffendingLine {
                    line: Some(RateLine {
                        label: "Community order".into(),
                        offenders: 12,
                        reoffenders: 4,
                        reoffences: 5,
                        binary_rate: Some(4.0 / 12.0),
                        interval: concord_iom::wilson(4, 12),
                        per_offender: Some(5.0 / 12.0),
                        per_reoffender: Some(1.25),
                    }),
                    label: "Community order".into(),
                    withheld: false,
                    seed_figure: Some("just over 3 in 10"),
                },
            ],
        };
        let t = r.table();
        assert_eq!(t[1][1], "withheld (fewer than 10)");
        assert_eq!(&t[2][1..4], ["12", "4", "33.3%"]);
        assert!(r.csv().lines().count() == 3);
        let o = BoardCohortOutcomes {
            window_days: 365,
            costs_version: "x".into(),
            threshold: 10,
            strands: vec![StrandOutcome {
                label: "Fixed".into(),
                outcome: None,
                pending: 2,
                withheld: true,
            }],
        };
        assert_eq!(o.table()[1].len(), o.table()[0].len());
    }
}
