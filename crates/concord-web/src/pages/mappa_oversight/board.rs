//! The board's aggregate figures: the register, allocations, shares, referrals,
//! markers and break-glass, with no one named.

use axum::extract::State;
use axum::response::Response;
use concord_ui::views::{BarChart, BoardPage};

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
        charts: vec![
            BarChart::new("by-owner", "People by owning agency", &f.people_by_owner),
            BarChart::new(
                "referrals",
                "Open referrals by partner agency",
                &f.open_referrals_by_agency,
            ),
            BarChart::new(
                "markers",
                "Active warning markers by kind",
                &f.active_markers_by_kind,
            ),
            BarChart::new(
                "break-glass",
                "Break-glass openings in the last 30 days, by review outcome",
                &f.break_glass_last_30_days,
            ),
        ],
    })
}
