//! One approved premises' page: its beds (taken out of service and back by its own
//! staff) and, for them, the men booked in and resident.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, BedServiceForm};
use concord_domain::{ApBedId, ApPremisesId};
use concord_ui::views::{ApPremisesPage, BedLine};
use concord_ui::FormErrors;

use super::premises::{premises_href, StayPost};
use crate::checked_form::CheckedForm;
use crate::error::PageError;
use crate::forms::{form_errors, text, v};
use crate::pages::{parse_id, render_checked};
use crate::session::PageUser;
use crate::AppState;

fn page_href(premises: ApPremisesId) -> String {
    format!("/approved-premises/{premises}")
}

async fn page(
    state: &AppState,
    user: &PageUser,
    premises: ApPremisesId,
    notice: &str,
    errors: FormErrors,
) -> Result<ApPremisesPage, PageError> {
    let p = state
        .app
        .premises()
        .premises_page(&user.0.actor, premises)
        .await
        .map_err(|e| user.error(e))?;
    Ok(ApPremisesPage {
        shell: user.shell(&p.name, "/approved-premises"),
        notice: notice.into(),
        errors,
        name: p.name.clone(),
        address: p.address.clone(),
        runs_it: p.runs_it,
        characteristics: if p.characteristics.is_empty() {
            "No particular characteristics".into()
        } else {
            p.characteristics.join(", ")
        },
        staff: p.staff.clone(),
        residents: p
            .residents
            .iter()
            .map(|r| (premises_href(r.person), r.name.clone()))
            .collect(),
        beds: p
            .beds
            .iter()
            .map(|(b, version)| BedLine {
                label: format!("{}, bed {}", b.room, b.label),
                offers: if b.characteristics.is_empty() {
                    "—".into()
                } else {
                    b.characteristics.join(", ")
                },
                out_of_service: b.out_of_service.clone().unwrap_or_default(),
                service_action: format!("/approved-premises/beds/{}/out-of-service", b.id),
                return_action: format!("/approved-premises/beds/{}/in-service", b.id),
                version: *version,
            })
            .collect(),
    })
}

pub async fn show(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let premises: ApPremisesId = parse_id(&id)?;
    let notice = match q.get("notice").map(String::as_str) {
        Some("out") => "Bed taken out of service: it is offered to no one while out.",
        Some("in") => "Bed back in service.",
        _ => "",
    };
    render_checked(
        &page(&state, &user, premises, notice, FormErrors::new()).await?,
        false,
    )
}

async fn set_service(
    state: AppState,
    id: String,
    user: PageUser,
    form: StayPost,
    out: bool,
) -> Result<Response, PageError> {
    let bed: ApBedId = parse_id(&id)?;
    let f = &form.values;
    let version = v(f, "version").parse().unwrap_or(0);
    let service = BedServiceForm {
        from: text(f, "from"),
        until: text(f, "until"),
        reason: text(f, "reason"),
        version,
    };
    let premises = state.app.premises();
    let result = premises
        .set_bed_service(&user.0.actor, bed, out.then_some(&service), version)
        .await;
    let home = premises
        .bed_premises(&user.0.actor, bed)
        .await
        .map_err(|e| user.error(e))?;
    match result {
        Ok(()) => Ok(Redirect::to(&format!(
            "{}?notice={}",
            page_href(home),
            if out { "out" } else { "in" }
        ))
        .into_response()),
        Err(AppError::Validation(errors)) => {
            let p = page(&state, &user, home, "", form_errors(&errors, &[], &[])).await?;
            render_checked(&p, true)
        }
        Err(e) => Err(user.error(e)),
    }
}

pub async fn out_of_service(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<StayPost>,
) -> Result<Response, PageError> {
    set_service(state, id, user, form, true).await
}

pub async fn in_service(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<StayPost>,
) -> Result<Response, PageError> {
    set_service(state, id, user, form, false).await
}
