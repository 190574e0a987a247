//! The board's measures (`/board/measures?quarters=&cohort=`, and
//! `&format=csv|ods&table=measures|reoffending|outcomes` for downloads), and the import of
//! the measures held elsewhere (`/board/measures/import`). Numbers only.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use concord_app::{
    quarter_label, AppError, FigureTable, LcjbMeasures, ReoffendingFigures, MAX_MEASURES_BYTES,
};
use concord_authz::Permission;
use concord_ui::views::{
    BoardMeasuresPage, FiguresTable, IntervalBar, IntervalChart, MeasuresImportPage,
};
use concord_ui::{FormErrors, SelectOption};

use crate::checked_form::CheckedForm;
use crate::error::PageError;
use crate::forms::{v, Values};
use crate::pages::{figures_download, render, render_checked};
use crate::session::PageUser;
use crate::AppState;

pub const MEASURES: &str = "/board/measures";
pub const IMPORT: &str = "/board/measures/import";

fn figures_table(id: &str, caption: String, t: &dyn FigureTable, query: &str) -> FiguresTable {
    let mut rows = t.table();
    let heads = if rows.is_empty() {
        vec![]
    } else {
        rows.remove(0)
    };
    FiguresTable {
        id: id.into(),
        caption,
        heads,
        rows,
        csv_href: format!("{MEASURES}?{query}&table={id}&format=csv"),
        ods_href: format!("{MEASURES}?{query}&table={id}&format=ods"),
    }
}

/// Bars 400 wide from x = 220; `share` of the full scale, the interval as shares too.
pub(crate) fn bar(
    i: usize,
    label: &str,
    share: f64,
    value: String,
    interval: Option<(f64, f64)>,
) -> IntervalBar {
    let x = |s: f64| 220.0 + 400.0 * s.clamp(0.0, 1.0);
    IntervalBar {
        label: label.into(),
        y: 10 + 30 * i as u32,
        width: 400.0 * share.clamp(0.0, 1.0),
        value,
        whisker: interval.map(|(lo, hi)| (x(lo), x(hi))),
    }
}

fn justice_chart(m: &LcjbMeasures) -> IntervalChart {
    let max = m
        .brought_to_justice
        .iter()
        .filter_map(|c| c.count)
        .max()
        .unwrap_or(0)
        .max(1);
    IntervalChart {
        id: "justice-chart".into(),
        title: format!("Offences brought to justice in {}, by quarter", m.area),
        height: 20 + 30 * m.brought_to_justice.len() as u32,
        bars: m
            .brought_to_justice
            .iter()
            .enumerate()
            .map(|(i, c)| match c.count {
                Some(n) => bar(
                    i,
                    &c.quarter.label,
                    n as f64 / max as f64,
                    n.to_string(),
                    None,
                ),
                None => bar(i, &c.quarter.label, 0.0, "withheld".into(), None),
            })
            .collect(),
    }
}

fn reoffending_chart(r: &ReoffendingFigures) -> IntervalChart {
    let shown: Vec<_> = r
        .lines
        .iter()
        .filter_map(|l| l.line.as_ref())
        .filter(|l| l.offenders > 0)
        .collect();
    IntervalChart {
        id: "reoffending-chart".into(),
        title: format!(
            "Proven reoffending rate with its 95% interval, cohort {}",
            r.cohort_label
        ),
        height: 20 + 30 * shown.len() as u32,
        bars: shown
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let rate = l.binary_rate.unwrap_or(0.0);
                bar(
                    i,
                    &l.label,
                    rate,
                    format!("{:.0}% of {}", rate * 100.0, l.offenders),
                    l.interval,
                )
            })
            .collect(),
    }
}

/// Proven reoffending for the cohort, or why that cohort cannot be measured (a refusal the
/// page shows in place of the table; other errors end the request).
async fn reoffending(
    iom: &concord_app::Iom<'_>,
    actor: &concord_authz::Actor,
    cohort: NaiveDate,
) -> Result<Result<ReoffendingFigures, String>, AppError> {
    match iom.proven_reoffending(actor, Some(cohort)).await {
        Ok(r) => Ok(Ok(r)),
        Err(AppError::Validation(v)) => Ok(Err(v
            .errors
            .iter()
            .map(|e| e.message.clone())
            .collect::<Vec<_>>()
            .join("; "))),
        Err(e) => Err(e),
    }
}

pub async fn measures(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let actor = &user.0.actor;
    let iom = state.app.iom();
    let quarters: u32 = q
        .get("quarters")
        .map_or(8, |s| s.trim().parse().unwrap_or(0));
    let latest = iom.latest_measurable_quarter();
    let cohort = match q.get("cohort").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => latest,
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map_err(|_| PageError::bad_request("cohort: not a date (YYYY-MM-DD)"))?,
    };
    let format = q.get("format").map(String::as_str);
    if !matches!(format, None | Some("csv" | "ods")) {
        return Err(PageError::bad_request("format: choose csv or ods"));
    }
    let table = q.get("table").map_or("measures", String::as_str);
    if !matches!(table, "measures" | "reoffending" | "outcomes") {
        return Err(PageError::bad_request(
            "table: choose measures, reoffending or outcomes",
        ));
    }
    // A download reads only its own table.
    if format.is_some() {
        let stem = format!("board-{table}");
        let t: Box<dyn FigureTable> = match table {
            "reoffending" => Box::new(
                reoffending(&iom, actor, cohort)
                    .await
                    .map_err(|e| user.error(e))?
                    .map_err(|why| PageError::bad_request(&format!("cohort: {why}")))?,
            ),
            "outcomes" => Box::new(
                iom.board_cohort_outcomes(actor)
                    .await
                    .map_err(|e| user.error(e))?,
            ),
            _ => Box::new(
                iom.lcjb_measures(actor, quarters)
                    .await
                    .map_err(|e| user.error(e))?,
            ),
        };
        if let Some(file) = figures_download(format, &stem, || t.csv(), || t.ods()) {
            return Ok(file);
        }
    }
    let m = iom
        .lcjb_measures(actor, quarters)
        .await
        .map_err(|e| user.error(e))?;
    let r = reoffending(&iom, actor, cohort)
        .await
        .map_err(|e| user.error(e))?;
    let o = iom
        .board_cohort_outcomes(actor)
        .await
        .map_err(|e| user.error(e))?;
    let query = format!("quarters={quarters}&cohort={cohort}");
    let mut cohorts = vec![];
    let mut start = latest;
    for _ in 0..8 {
        cohorts.push(SelectOption::new(
            start.to_string(),
            quarter_label(start),
            start == quarter_start(cohort),
        ));
        match start.pred_opt() {
            Some(d) => start = quarter_start(d),
            None => break,
        }
    }
    render(&BoardMeasuresPage {
        shell: user.shell("Criminal justice measures and reoffending", MEASURES),
        area: m.area.clone(),
        threshold: m.threshold,
        quarters: [4u32, 8, 12]
            .iter()
            .map(|n| {
                SelectOption::new(
                    n.to_string(),
                    format!("The last {n} quarters"),
                    *n == quarters,
                )
            })
            .collect(),
        cohorts,
        measures: figures_table("measures", "By quarter".into(), &m, &query),
        justice_chart: justice_chart(&m),
        sources: m
            .imported
            .iter()
            .map(|s| (s.label.clone(), s.source.clone()))
            .collect(),
        cohort_label: quarter_label(cohort),
        reoffending_refused: r.as_ref().err().cloned().unwrap_or_default(),
        reoffending_chart: r.as_ref().ok().map(reoffending_chart),
        reoffending: r.as_ref().ok().map(|r| {
            figures_table(
                "reoffending",
                format!(
                    "Cohort {}, measured on {}",
                    r.cohort_label,
                    crate::format::date(r.measured_on)
                ),
                r,
                &query,
            )
        }),
        outcomes: figures_table("outcomes", "By strand".into(), &o, &query),
        window_days: o.window_days,
        costs_version: o.costs_version.clone(),
        import_href: if actor.has(Permission::MeasuresImport) {
            IMPORT.into()
        } else {
            String::new()
        },
    })
}

fn quarter_start(d: NaiveDate) -> NaiveDate {
    concord_app::quarter_of(d).0
}

async fn import_page(
    state: &AppState,
    user: &PageUser,
    errors: FormErrors,
    text: &str,
    notice: &str,
) -> Result<Response, PageError> {
    let measures = state
        .app
        .iom()
        .measures_import_form(&user.0.actor)
        .await
        .map_err(|e| user.error(e))?;
    let refused = !errors.is_empty();
    render_checked(
        &MeasuresImportPage {
            shell: user.shell("Import the board's measures", MEASURES),
            errors,
            text: text.into(),
            notice: notice.into(),
            header: concord_app::MEASURE_HEADER.join(","),
            measures,
        },
        refused,
    )
}

pub async fn import_form(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let notice = match q.get("imported") {
        Some(n) => format!("{} figures imported.", n.parse::<u64>().unwrap_or(0)),
        None => String::new(),
    };
    import_page(&state, &user, FormErrors::new(), "", &notice).await
}

pub async fn import(
    State(state): State<AppState>,
    CheckedForm { user, form }: CheckedForm<Values>,
) -> Result<Response, PageError> {
    let text = v(&form, "file");
    match state.app.iom().import_measures(&user.0.actor, text).await {
        Ok(r) => Ok(Redirect::to(&format!("{IMPORT}?imported={}", r.figures)).into_response()),
        Err(AppError::Validation(errors)) => {
            let mut e = FormErrors::new();
            for f in &errors.errors {
                e.push("file", f.message.clone());
            }
            // Echo the text back only if it is of a size the form accepts.
            let echo = if text.len() <= MAX_MEASURES_BYTES {
                text
            } else {
                ""
            };
            import_page(&state, &user, e, echo, "").await
        }
        Err(e) => Err(user.error(e)),
    }
}
