//! The Local Criminal Justice Board's measures, by calendar quarter (seed 000): what
//! Concord's records hold is computed — offences brought to justice, and how quickly a
//! failure to comply with a community penalty became a breach referral — and the rest is
//! shown as imported from those who hold it. A quarter with no figure says so, and who
//! holds it; counts about fewer people than the small-number threshold are withheld.

use chrono::NaiveDate;
use concord_authz::Actor;
use concord_domain::{FieldError, ValidationErrors};
use concord_iom::{last_quarters, quarter_label, ImportedMeasure, MeasureFigure, MeasureShape};
use serde::Serialize;

use crate::{AppError, Iom};

/// One calendar quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quarter {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub label: String,
}

/// A figure Concord computes for one quarter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComputedCell {
    pub quarter: Quarter,
    /// `None` when withheld (fewer than the threshold, but more than none).
    pub count: Option<u64>,
    /// For breach referrals: the average days from the failure to the referral, and how
    /// many were referred within the enforcement screens' deadline.
    pub average_days: Option<f64>,
    pub within_deadline: Option<u64>,
    pub note: Option<String>,
}

/// One imported figure in its quarter, or why there is none.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportedCell {
    pub quarter: Quarter,
    pub figure: Option<MeasureFigure>,
    /// The share (0..1), the count or the average days.
    pub value: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportedSeries {
    pub measure: ImportedMeasure,
    pub code: String,
    pub label: String,
    pub source: String,
    pub shape: MeasureShape,
    pub target: Option<f64>,
    /// Each area named in an import, with a cell per quarter.
    pub areas: Vec<(String, Vec<ImportedCell>)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LcjbMeasures {
    pub area: String,
    pub quarters: Vec<Quarter>,
    pub threshold: u64,
    pub brought_to_justice: Vec<ComputedCell>,
    pub breach_referrals: Vec<ComputedCell>,
    pub imported: Vec<ImportedSeries>,
}

/// Days a breach referral is due within: the enforcement screens' own deadline, so the
/// board counts as the officers are held to.
const BREACH_REFERRAL_DAYS: i64 = crate::manage::BREACH_DAYS as i64;

impl Iom<'_> {
    /// The last `quarters` complete quarters (4 to 12).
    pub async fn lcjb_measures(
        &self,
        actor: &Actor,
        quarters: u32,
    ) -> Result<LcjbMeasures, AppError> {
        if !(4..=12).contains(&quarters) {
            return Err(AppError::Validation(ValidationErrors::from(
                FieldError::new("quarters", "out_of_range", "Choose 4 to 12 quarters"),
            )));
        }
        let today = self.clock.today();
        let periods: Vec<Quarter> = last_quarters(today, quarters)
            .into_iter()
            .map(|(start, end)| Quarter {
                start,
                end,
                label: quarter_label(start),
            })
            .collect();
        let (Some(first), Some(last)) = (periods.first(), periods.last()) else {
            return Err(AppError::Validation(ValidationErrors::from(
                FieldError::new("quarters", "out_of_range", "Choose 4 to 12 quarters"),
            )));
        };
        let (since, until) = (first.start, last.end);
        let threshold = self.settings.iom.small_number_threshold;
        self.read_aggregate(actor, async |tx, cap| {
            let justice = concord_store::offences_brought_to_justice(tx, cap, since, until).await?;
            let breaches = concord_store::community_breach_referrals(tx, cap, since, until).await?;
            let imported = concord_store::lcjb_figures(tx, cap, since, until).await?;
            let within = |q: &Quarter, d: NaiveDate| d >= q.start && d <= q.end;
            let brought_to_justice = periods
                .iter()
                .map(|q| {
                    let n: i64 = justice
                        .iter()
                        .filter(|(d, _)| within(q, *d))
                        .map(|(_, n)| n)
                        .sum();
                    cell(
                        q,
                        n.max(0) as u64,
                        threshold,
                        None,
                        None,
                        "No convictions or cautions recorded",
                    )
                })
                .collect();
            let breach_referrals = periods
                .iter()
                .map(|q| {
                    let days: Vec<i64> = breaches
                        .iter()
                        .filter(|(_, referred)| within(q, *referred))
                        .map(|(failed, referred)| (*referred - *failed).num_days())
                        .collect();
                    let average = (!days.is_empty())
                        .then(|| days.iter().sum::<i64>() as f64 / days.len() as f64);
                    let on_time =
                        days.iter().filter(|d| **d <= BREACH_REFERRAL_DAYS).count() as u64;
                    cell(
                        q,
                        days.len() as u64,
                        threshold,
                        average,
                        Some(on_time),
                        "No breach referrals of community penalties recorded",
                    )
                })
                .collect();
            let imported = ImportedMeasure::ALL
                .iter()
                .map(|m| series(*m, &imported, &periods, &self.settings.mappa.area))
                .collect();
            Ok(LcjbMeasures {
                area: self.settings.mappa.area.clone(),
                quarters: periods.clone(),
                threshold,
                brought_to_justice,
                breach_referrals,
                imported,
            })
        })
        .await
    }
}

/// A computed cell: a count between 1 and the threshold is withheld, with everything
/// derived from it; none is shown as none, with what was looked for.
fn cell(
    q: &Quarter,
    n: u64,
    threshold: u64,
    average_days: Option<f64>,
    within_deadline: Option<u64>,
    none: &str,
) -> ComputedCell {
    let withheld = n > 0 && n < threshold;
    ComputedCell {
        quarter: q.clone(),
        count: (!withheld).then_some(n),
        average_days: average_days.filter(|_| !withheld),
        within_deadline: within_deadline.filter(|_| !withheld && n > 0),
        note: if withheld {
            Some(format!("Fewer than {threshold}: withheld"))
        } else if n == 0 {
            Some(none.to_string())
        } else {
            None
        },
    }
}

fn series(
    measure: ImportedMeasure,
    rows: &[concord_store::LcjbFigureRow],
    periods: &[Quarter],
    home_area: &str,
) -> ImportedSeries {
    let mine: Vec<&concord_store::LcjbFigureRow> = rows
        .iter()
        .filter(|r| r.measure == measure.code())
        .collect();
    let mut areas: Vec<String> = mine.iter().map(|r| r.area.clone()).collect();
    areas.dedup();
    // A measure never imported still has its column for the deployment's own area, each
    // quarter saying there is no figure and who holds it.
    if areas.is_empty() {
        areas.push(home_area.to_string());
    }
    let areas = areas
        .into_iter()
        .map(|area| {
            let cells = periods
                .iter()
                .map(|q| {
                    let figure = mine
                        .iter()
                        .find(|r| {
                            r.area == area && r.period_start == q.start && r.period_end == q.end
                        })
                        .map(|r| MeasureFigure {
                            measure,
                            area: r.area.clone(),
                            period_start: r.period_start,
                            period_end: r.period_end,
                            numerator: r.numerator.max(0) as u64,
                            denominator: r.denominator.map(|d| d.max(0) as u64),
                        });
                    ImportedCell {
                        quarter: q.clone(),
                        value: figure.as_ref().and_then(MeasureFigure::value),
                        figure,
                    }
                })
                .collect();
            (area, cells)
        })
        .collect();
    ImportedSeries {
        measure,
        code: measure.code().into(),
        label: measure.label().into(),
        source: measure.source().into(),
        shape: measure.shape(),
        target: measure.target(),
        areas,
    }
}
