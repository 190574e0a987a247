//! The board's figures for partner services: charts and the table, CSV and ODS.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::response::Response;
use concord_ui::views::{BarChart, PartnerFiguresPage};

use crate::error::PageError;
use crate::pages::render;
use crate::session::PageUser;
use crate::AppState;

const FIGURES: &str = "/partners/figures";

pub async fn figures(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let f = state
        .app
        .partners()
        .partner_figures(&user.0.actor)
        .await
        .map_err(|e| user.error(e))?;
    if let Some(file) = crate::pages::figures_download(
        q.get("format").map(String::as_str),
        "partner-services",
        || f.csv(),
        || f.ods(),
    ) {
        return Ok(file);
    }
    let t = &f.total;
    let mut table = f.table();
    let head = if table.is_empty() {
        vec![]
    } else {
        table.remove(0)
    };
    let withheld = format!("withheld (fewer than {})", f.threshold);
    let headlines = if t.withheld {
        vec![("Referrals sent".to_string(), withheld)]
    } else {
        vec![
            ("Referrals sent".into(), t.sent.to_string()),
            ("Accepted".into(), t.accepted.to_string()),
            ("Declined".into(), t.declined.to_string()),
            (
                "Completed with an end-of-service report".into(),
                t.completed.to_string(),
            ),
            (
                "Mean days from sending to first contact".into(),
                t.mean_days_to_first_contact()
                    .map_or_else(|| "None yet".into(), |d| d.to_string()),
            ),
            (
                "Hours volunteers worked with the people referred".into(),
                (f64::from(t.volunteer_minutes) / 60.0).to_string(),
            ),
            (
                "Objectives achieved, partly, not".into(),
                format!(
                    "{}, {}, {}",
                    t.outcomes_achieved, t.outcomes_partly, t.outcomes_not
                ),
            ),
        ]
    };
    render(&PartnerFiguresPage {
        shell: user.shell("Partner services figures", "/board"),
        threshold: f.threshold,
        headlines,
        charts: vec![
            BarChart::new("by-service", "Referrals sent, by service", &f.by_service),
            BarChart::new("by-provider", "Referrals sent, by provider", &f.by_provider),
            BarChart::new("by-quarter", "Referrals sent, by quarter", &f.by_quarter),
            BarChart::new(
                "acceptance",
                "Accepted, as a percentage of those the provider decided, by provider",
                &f.acceptance_by_provider,
            ),
            BarChart::new(
                "completion",
                "Completed, as a percentage of those ended, by service",
                &f.completion_by_service,
            ),
        ],
        head,
        rows: table,
        csv_href: format!("{FIGURES}?format=csv"),
        ods_href: format!("{FIGURES}?format=ods"),
    })
}
