//! The MAPPA annual statistics (aggregate figures only): the category × level table on 31
//! March, charts drawn as inline SVG with the same numbers in tables, and the figures as
//! CSV (`?format=csv`) or an OpenDocument spreadsheet (`?format=ods`).

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use concord_app::{statistics_csv, statistics_ods, AppError, MappaStatistics};
use concord_ui::views::{BarChart, Card, MappaStatisticsPage};
use concord_ui::{FormErrors, SelectOption};

use crate::error::PageError;
use crate::pages::render;
use crate::session::PageUser;
use crate::AppState;

/// A query naming a parameter it cannot use: 400 with the parameter named.
fn bad(user: &PageUser, parameter: &str, message: &str) -> PageError {
    PageError::bad_request(&format!("The {parameter} parameter: {message}"))
        .with_shell(user.shell("Error", ""))
}

fn href(stats: &MappaStatistics, format: &str) -> String {
    // Area names are letters, spaces and hyphens; spaces are the only ones to escape.
    format!(
        "/mappa/statistics?year={}&area={}&format={format}",
        stats.year,
        stats
            .area
            .replace('%', "%25")
            .replace(' ', "%20")
            .replace('&', "%26")
    )
}

fn grid(stats: &MappaStatistics) -> (Vec<String>, Vec<(String, Vec<String>)>) {
    // The maps hold every category and level (zero or not), in order.
    let t = &stats.tables;
    let mut head = vec![String::new()];
    head.extend(
        t.eligible_by_level
            .keys()
            .map(|l| format!("Level {}", l.number())),
    );
    head.push("Total".into());
    let mut rows = vec![];
    for (c, total) in &t.eligible_by_category {
        let mut cells: Vec<String> = t
            .eligible_by_category_and_level
            .iter()
            .filter(|((category, _), _)| category == c)
            .map(|(_, n)| n.to_string())
            .collect();
        cells.push(total.to_string());
        rows.push((format!("Category {}", c.number()), cells));
    }
    let mut totals: Vec<String> = t.eligible_by_level.values().map(u32::to_string).collect();
    totals.push(t.eligible_total.to_string());
    rows.push(("Total".into(), totals));
    (head, rows)
}

/// (label, count) per category, for a chart.
macro_rules! by_category {
    ($map:expr) => {
        $map.iter()
            .map(|(c, n)| (format!("Category {}", c.number()), i64::from(*n)))
            .collect::<Vec<_>>()
    };
}

fn tables(stats: &MappaStatistics) -> Vec<Card> {
    let mut out: Vec<Card> = vec![];
    // The first table is the grid above; the rest are listed as figures.
    for l in stats
        .lines()
        .into_iter()
        .filter(|l| !l.table.starts_with("Eligible"))
    {
        // On the page a population reads "1,900,000"; the CSV and ODS keep the bare number.
        let value = crate::format::grouped(&l.value);
        match out.last_mut() {
            Some((title, rows)) if *title == l.table => rows.push((l.label, value)),
            _ => out.push((l.table, vec![(l.label, value)])),
        }
    }
    out
}

pub async fn show(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let format = q.get("format").map_or("html", String::as_str);
    if !matches!(format, "html" | "csv" | "ods") {
        return Err(bad(&user, "format", "choose html, csv or ods"));
    }
    let stats = match state
        .app
        .oversight()
        .mappa_statistics(
            &user.0.actor,
            q.get("year").map(String::as_str),
            q.get("area").map(String::as_str),
        )
        .await
    {
        Ok(s) => s,
        Err(AppError::Validation(v)) => {
            let first = v.errors.first();
            return Err(bad(
                &user,
                first.map_or("query", |e| e.field.as_str()),
                first.map_or("not understood", |e| e.message.as_str()),
            ));
        }
        Err(e) => return Err(user.error(e)),
    };
    let file = format!(
        "mappa-statistics-{}-{}",
        stats
            .area
            .replace(|c: char| !c.is_ascii_alphanumeric(), "-"),
        stats.year
    );
    match format {
        "csv" => Ok((
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{file}.csv\""),
                ),
            ],
            statistics_csv(&stats),
        )
            .into_response()),
        "ods" => Ok((
            [
                (
                    header::CONTENT_TYPE,
                    "application/vnd.oasis.opendocument.spreadsheet".to_string(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{file}.ods\""),
                ),
            ],
            statistics_ods(&stats),
        )
            .into_response()),
        _ => {
            let (grid_head, grid) = grid(&stats);
            let t = &stats.tables;
            render(&MappaStatisticsPage {
                shell: user.shell("MAPPA annual statistics", "/board"),
                area: stats.area.clone(),
                year: stats.year.to_string(),
                year_label: stats.year_label(),
                area_options: stats
                    .areas
                    .iter()
                    .map(|a| SelectOption::new(a.clone(), a.clone(), *a == stats.area))
                    .collect(),
                errors: FormErrors::new(),
                grid_head,
                grid,
                charts: vec![
                    BarChart::new(
                        "eligible",
                        "Eligible on 31 March by category",
                        &by_category!(t.eligible_by_category),
                    ),
                    BarChart::new(
                        "level-2-3",
                        "Managed at Level 2 or 3 during the year, by category",
                        &by_category!(t.level_2_3_by_category),
                    ),
                    BarChart::new(
                        "returns",
                        "Level 2 and 3 offenders returned to custody or charged",
                        &[
                            (
                                "Breach of licence".into(),
                                i64::from(t.returns_to_custody.breach_of_licence),
                            ),
                            (
                                "Breach of a SHPO or SOPO".into(),
                                i64::from(t.returns_to_custody.breach_of_order),
                            ),
                            (
                                "Charged with an SFO".into(),
                                i64::from(t.returns_to_custody.charged_with_sfo),
                            ),
                        ],
                    ),
                ],
                tables: tables(&stats),
                csv_href: href(&stats, "csv"),
                ods_href: href(&stats, "ods"),
            })
        }
    }
}
