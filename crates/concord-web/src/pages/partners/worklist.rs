//! The provider's list of referrals to its service.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::response::Response;
use concord_ui::views::WorklistPage;

use super::line;
use crate::error::PageError;
use crate::pages::render;
use crate::session::PageUser;
use crate::AppState;

const WORKLIST: &str = "/partners/referrals";

pub async fn worklist(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let mine = q.get("all").is_none_or(|a| a != "yes");
    let items = state
        .app
        .partners()
        .provider_referrals(&user.0.actor, mine)
        .await
        .map_err(|e| user.error(e))?;
    render(&WorklistPage {
        shell: user.shell("Referrals to your service", WORKLIST),
        notice: match q.get("notice").map(String::as_str) {
            Some("closed") => {
                "The referral is closed. The end-of-service report is with the officer.".into()
            }
            Some("declined") => "The referral is declined; the officer has the reason.".into(),
            Some("ended") => "The referral is closed.".into(),
            _ => String::new(),
        },
        referrals: items
            .iter()
            .map(|i| line(&i.referral, i.person_name.clone()))
            .collect(),
        mine,
        toggle_href: if mine {
            format!("{WORKLIST}?all=yes")
        } else {
            WORKLIST.into()
        },
    })
}
