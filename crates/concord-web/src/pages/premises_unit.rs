//! Approved premises beyond one record's tab: the beds measured for an accepted
//! application (and booking one), the central referral unit's worklist, and the
//! directory with its occupancy, as a page and as CSV.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use concord_app::{AppError, BookingForm, PlacesPage as Places};
use concord_domain::{ApApplicationId, PersonId};
use concord_ui::views::{
    ApDirectoryPage, ApWorklistPage, ApWorklistRow, DirectoryLine, OccupancyChart, PlaceLine,
    PlacesPage,
};
use concord_ui::{FormErrors, SelectOption};
use serde::Deserialize;

use super::premises::premises_href;
use crate::checked_form::CheckedForm;
use crate::error::PageError;
use crate::format::{date, instant};
use crate::forms::{form_errors, text, v};
use crate::pages::{attachment, parse_id, render_checked};
use crate::session::PageUser;
use crate::AppState;

/// Days of occupancy on the page and in the CSV.
const DAYS: u32 = 14;

fn places_page(user: &PageUser, person: PersonId, p: &Places, errors: FormErrors) -> PlacesPage {
    let base = premises_href(person);
    PlacesPage {
        shell: user.shell("Find a bed", ""),
        person_name: p.person_name.clone(),
        back_href: base.clone(),
        errors,
        stay: format!(
            "From release on {} to {}",
            date(p.arrival_on),
            date(p.departure_on)
        ),
        needs: if p.needs.is_empty() {
            "nothing in particular".into()
        } else {
            p.needs.join(", ")
        },
        places: p
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| PlaceLine {
                name: o.name.clone(),
                address: o.address.clone(),
                offered: o.offered(),
                refusals: if o.refusals.is_empty() && o.free_beds.is_empty() {
                    vec!["No suitable bed is free for the whole stay".into()]
                } else {
                    o.refusals.clone()
                },
                victim_refusals: o.victim_refusals.clone(),
                bed_options: o
                    .free_beds
                    .iter()
                    .map(|(id, label)| SelectOption::new(id.to_string(), label.clone(), false))
                    .collect(),
                bed_field: format!("bed-{}", i + 1),
            })
            .collect(),
        book_action: if p.may_book {
            format!("{base}/applications/{}/booking", p.application)
        } else {
            String::new()
        },
        arrival_on: p.arrival_on.format("%d/%m/%Y").to_string(),
        departure_on: p.departure_on.format("%d/%m/%Y").to_string(),
        version: p.application_version,
    }
}

pub async fn places(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, application)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let application: ApApplicationId = parse_id(&application)?;
    let p = state
        .app
        .premises()
        .places_for(&user.0.actor, person, application)
        .await
        .map_err(|e| user.error(e))?;
    render_checked(&places_page(&user, person, &p, FormErrors::new()), false)
}

pub async fn book(
    State(state): State<AppState>,
    Path((id, application)): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<super::premises::StayPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let application: ApApplicationId = parse_id(&application)?;
    let f = &form.values;
    let booking = BookingForm {
        bed: text(f, "bed"),
        arrival_on: text(f, "arrival_on"),
        departure_on: text(f, "departure_on"),
        version: v(f, "version").parse().unwrap_or(0),
    };
    let premises = state.app.premises();
    match premises
        .book_place(&user.0.actor, person, application, &booking)
        .await
    {
        // Once booked the application is no longer the unit's: back to its worklist.
        Ok(_) if user.0.actor.has(concord_authz::Permission::ApAssess) => {
            Ok(Redirect::to("/approved-premises/applications?notice=booked").into_response())
        }
        Ok(_) => {
            Ok(Redirect::to(&format!("{}?notice=booked", premises_href(person))).into_response())
        }
        Err(AppError::Validation(errors)) => {
            let p = premises
                .places_for(&user.0.actor, person, application)
                .await
                .map_err(|e| user.error(e))?;
            let page = places_page(&user, person, &p, form_errors(&errors, &[], &[]));
            render_checked(&page, true)
        }
        Err(e) => Err(user.error(e)),
    }
}

pub async fn worklist(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<From>,
) -> Result<Response, PageError> {
    let lines = state
        .app
        .premises()
        .worklist(&user.0.actor)
        .await
        .map_err(|e| user.error(e))?;
    let page = ApWorklistPage {
        notice: if q.notice.as_deref() == Some("booked") {
            "Bed booked: the premises' staff now see him as expected.".into()
        } else {
            String::new()
        },
        shell: user.shell(
            "Applications for approved premises",
            "/approved-premises/applications",
        ),
        rows: lines
            .iter()
            .map(|l| ApWorklistRow {
                href: premises_href(l.person),
                person_name: l.person_name.clone(),
                status: l.status.label().into(),
                release: date(l.release_on),
                submitted: instant(l.submitted_at),
            })
            .collect(),
    };
    render_checked(&page, false)
}

#[derive(Debug, Deserialize)]
pub struct From {
    /// The first day shown (ISO); today by default.
    pub from: Option<String>,
    pub notice: Option<String>,
}

async fn directory_of(
    state: &AppState,
    user: &PageUser,
    q: &From,
) -> Result<concord_app::DirectoryView, PageError> {
    let from = q
        .from
        .as_deref()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .unwrap_or_else(|| state.app.clock().today());
    state
        .app
        .premises()
        .directory(&user.0.actor, from, DAYS)
        .await
        .map_err(|e| user.error(e))
}

pub async fn directory(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<From>,
) -> Result<Response, PageError> {
    let d = directory_of(&state, &user, &q).await?;
    let days: Vec<String> = d
        .premises
        .first()
        .map(|p| {
            p.days
                .iter()
                .map(|x| format!("{} {}", x.day.format("%a"), x.day.day()))
                .collect()
        })
        .unwrap_or_default();
    // The area a night: (label, beds, booked, free), summed over the premises.
    let nights: Vec<(String, usize, usize, usize)> = days
        .iter()
        .enumerate()
        .map(|(i, label)| {
            d.premises.iter().fold((label.clone(), 0, 0, 0), |t, p| {
                let n = &p.days[i];
                (t.0, t.1 + p.beds.len(), t.2 + n.booked, t.3 + n.free)
            })
        })
        .collect();
    let page = ApDirectoryPage {
        shell: user.shell("Approved premises", "/approved-premises"),
        chart: OccupancyChart::new(&nights),
        area_free: nights.iter().map(|n| n.3).collect(),
        area_beds: d.premises.iter().map(|p| p.beds.len()).sum(),
        days,
        premises: d
            .premises
            .iter()
            .map(|p| DirectoryLine {
                href: format!("/approved-premises/{}", p.id),
                name: p.name.clone(),
                address: p.address.clone(),
                characteristics: p.characteristics.join(", "),
                beds: p.beds.len(),
                overstays: p.overstays,
                free: p
                    .days
                    .iter()
                    .map(|x| {
                        let colour = match x.free {
                            0 => "red",
                            1 => "yellow",
                            _ => "green",
                        };
                        (x.free, colour.to_string())
                    })
                    .collect(),
            })
            .collect(),
        csv_href: format!("/approved-premises/occupancy.csv?from={}", d.from),
        notice: match q.notice.as_deref() {
            Some("departed") => "Departure recorded.",
            Some("not_arrived") => {
                "Non-arrival recorded: the offender manager and the police each have a task."
            }
            _ => "",
        }
        .into(),
    };
    render_checked(&page, false)
}

/// One line a premises a night: beds, free, booked, out of service.
pub async fn occupancy_csv(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<From>,
) -> Result<Response, PageError> {
    let d = directory_of(&state, &user, &q).await?;
    let mut rows: Vec<Vec<String>> = vec![[
        "premises_code",
        "premises",
        "night",
        "beds",
        "free",
        "booked",
        "out_of_service",
    ]
    .map(String::from)
    .to_vec()];
    for p in &d.premises {
        for x in &p.days {
            let beds = p.beds.len();
            rows.push(vec![
                p.code.clone(),
                p.name.clone(),
                x.day.to_string(),
                beds.to_string(),
                x.free.to_string(),
                x.booked.to_string(),
                beds.saturating_sub(x.free + x.booked).to_string(),
            ]);
        }
    }
    let out = concord_app::csv_export::csv_text(&rows);
    Ok(attachment(
        "text/csv; charset=utf-8",
        out.into_bytes(),
        &format!("ap-occupancy-{}.csv", d.from),
    ))
}
