//! A person's partner services: the needs screened, the services suggested with why,
//! the referrals with what each waits for, and the services that cannot take them.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use concord_app::NeedLevel;
use concord_domain::PersonId;
use concord_ui::views::{ServicesPage, SuggestionLine};

use super::{line, services_href};
use crate::error::PageError;
use crate::format::{date, person_href};
use crate::pages::{parse_id, render};
use crate::session::PageUser;
use crate::AppState;

pub async fn services(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let view = state
        .app
        .partners()
        .interventions(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))?;
    let base = services_href(person);
    let (needs, screened, suggestions) = match &view.screening {
        Some(s) => (
            s.needs
                .iter()
                .filter(|n| n.level != NeedLevel::None)
                .map(|n| {
                    (
                        n.need.label().to_string(),
                        n.level.label().to_string(),
                        n.from_review.clone().unwrap_or_else(|| n.note.clone()),
                    )
                })
                .collect(),
            match (s.screened_on, &s.prefilled_from) {
                (Some(on), _) => format!("Screened on {}.", date(on)),
                (None, Some(from)) => format!("Not screened yet: these are the needs of {from}."),
                (None, None) => "Not screened yet, and no signed risk review to start from.".into(),
            },
            s.suggestions
                .iter()
                .map(|g| SuggestionLine {
                    service: g.contract.service.label().into(),
                    provider: g.contract.provider.clone(),
                    reasons: g.reasons.clone(),
                    refer_href: format!("{base}/refer?contract={}", g.contract.id),
                })
                .collect(),
        ),
        None => (vec![], String::new(), vec![]),
    };
    render(&ServicesPage {
        shell: user.record_shell("Partner services", &view.key_facts),
        person_name: view.person_name.clone(),
        base: person_href(person),
        notice: match q.get("notice").map(String::as_str) {
            Some("screened") => "Needs screening saved.".into(),
            Some("sent") => "Referral sent. The provider can see the sections you shared.".into(),
            Some("drafted") => "Referral saved as a draft.".into(),
            Some("ended") => "Referral closed.".into(),
            _ => String::new(),
        },
        needs,
        screened,
        screening_href: format!("{base}/screening"),
        suggestions,
        referrals: view
            .referrals
            .iter()
            .map(|r| line(r, view.person_name.clone()))
            .collect(),
        may_refer: view.may_refer,
        refer_href: format!("{base}/refer"),
        unavailable: view
            .contracts
            .iter()
            .filter(|(_, why)| !why.is_empty())
            .map(|(c, why)| {
                (
                    format!("{}: {}", c.service.label(), c.provider),
                    why.join("; "),
                )
            })
            .collect(),
    })
}
