//! The board's aggregate figures: the register, allocations, shares, referrals,
//! markers and break-glass, with no one named.

use axum::extract::State;
use axum::response::Response;
use concord_app::MonthFigures;
use concord_ui::views::{BarChart, BoardPage, ColumnChart};

use crate::error::PageError;
use crate::pages::render;
use crate::session::PageUser;
use crate::AppState;

pub async fn board(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    let f = state
        .app
        .oversight()
        .board_figures(&user.0.actor)
        .await
        .map_err(|e| user.error(e))?;
    render(&BoardPage {
        shell: user.shell("Board figures", "/board"),
        headlines: vec![
            ("People on the register".into(), f.people.to_string()),
            (
                "Live case allocations".into(),
                f.live_allocations.to_string(),
            ),
            (
                "Live shares between agencies".into(),
                f.live_shares.to_string(),
            ),
        ],
        trends: vec![
            trend(
                "mappa-referrals-trend",
                "MAPPA referrals made, a month",
                &f.months,
                |m| m.mappa_referrals,
            ),
            trend(
                "partner-referrals-trend",
                "Referrals sent to partner services, a month",
                &f.months,
                |m| m.partner_referrals,
            ),
            trend(
                "break-glass-trend",
                "Records opened by break-glass, a month",
                &f.months,
                |m| m.break_glass,
            ),
        ],
        charts: vec![
            BarChart::new("by-owner", "People by owning agency", &f.people_by_owner)
                .heading("Agency"),
            BarChart::new(
                "referrals",
                "Open referrals by partner agency",
                &f.open_referrals_by_agency,
            )
            .heading("Partner agency"),
            BarChart::new(
                "markers",
                "Active warning markers by kind",
                &f.active_markers_by_kind,
            )
            .heading("Warning marker"),
            BarChart::new(
                "break-glass",
                "Break-glass openings in the last 30 days, by review outcome",
                &f.break_glass_last_30_days,
            )
            .heading("Review outcome"),
        ],
    })
}

/// One of the board's trends: a column a month.
fn trend(
    id: &str,
    title: &str,
    months: &[MonthFigures],
    count: impl Fn(&MonthFigures) -> i64,
) -> ColumnChart {
    let columns: Vec<(String, String, i64)> = months
        .iter()
        .map(|m| {
            (
                m.month.format("%B %Y").to_string(),
                m.month.format("%b").to_string(),
                count(m),
            )
        })
        .collect();
    ColumnChart::new(id, title, &columns)
}
