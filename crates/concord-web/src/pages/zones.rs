//! Zones and addresses: the map of a person's exclusion and inclusion zones with a text
//! list of the same, adding a zone (drawn, uploaded as GeoJSON, or a circle), checking a
//! proposed address, and recording the safeguarding checks that approve it.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use concord_app::{
    AddressCheckForm, AddressCheckView, AppError, SafeguardingForm, ZoneForm, ZoneView,
    CHECK_PURPOSES,
};
use concord_domain::PersonId;
use concord_ui::views::{CheckLine, ZoneLine, ZonesPage};
use concord_ui::{FormErrors, SelectOption};

use super::{parse_id, render, render_checked};
use crate::error::PageError;
use crate::format::person_href;
use crate::forms::{form_errors, v, Values};
use crate::session::PageUser;
use crate::AppState;

fn zones_href(person: PersonId) -> String {
    format!("{}/zones", person_href(person))
}

fn area(m2: Option<f64>) -> String {
    match m2 {
        Some(a) if a >= 1_000_000.0 => format!("{:.2} km²", a / 1_000_000.0),
        Some(a) => format!("{:.0} m²", a),
        None => String::new(),
    }
}

/// The zones as the map script reads them; `</` is escaped so the JSON cannot end the
/// script element it sits in.
fn zone_json(zones: &[ZoneView]) -> String {
    let list: Vec<serde_json::Value> = zones
        .iter()
        .filter(|z| !z.retired)
        .map(|z| serde_json::json!({"name": z.name, "kind": z.kind, "geometry": z.geometry}))
        .collect();
    serde_json::Value::Array(list)
        .to_string()
        .replace("</", "<\\/")
}

fn check_line(person: PersonId, c: &AddressCheckView, may_change: bool) -> CheckLine {
    let measured = c
        .findings
        .zones
        .iter()
        .map(|z| match (z.inside, z.distance_m) {
            (Some(true), _) => format!("Inside the {} zone \"{}\"", z.kind, z.name),
            (Some(false), Some(d)) => format!("{d} m outside the {} zone \"{}\"", z.kind, z.name),
            _ => format!(
                "The {} zone \"{}\" has no map: check by hand",
                z.kind, z.name
            ),
        })
        .chain(std::iter::once(format!(
            "Measured against {} victim or child-at-risk home(s); {} within the limit",
            c.findings.victims_measured, c.findings.victims_near
        )))
        .collect();
    let recorded = [
        ("Police check", &c.police_check),
        ("Children's services check", &c.childrens_services_check),
        ("Home visit or consent", &c.home_visit),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| (k.to_string(), v.clone()))
    .collect();
    CheckLine {
        id: c.id.to_string(),
        purpose: c.purpose_label.clone(),
        address: c.address.clone(),
        latitude: c.location.0.to_string(),
        longitude: c.location.1.to_string(),
        outcome: match c.outcome.as_str() {
            "refused" => "Refused",
            "approved" => "Approved",
            _ => "Safeguarding checks needed",
        }
        .into(),
        outcome_colour: match c.outcome.as_str() {
            "refused" => "red",
            "approved" => "green",
            _ => "yellow",
        }
        .into(),
        reasons: c.findings.refusals.clone(),
        measured,
        recorded,
        decided: c.decided.clone().unwrap_or_default(),
        safeguarding_action: if may_change && c.outcome == "pending" {
            format!("{}/checks/{}/safeguarding", zones_href(person), c.id)
        } else {
            String::new()
        },
        version: c.version,
        unmeasured: c.findings.unmeasured.clone(),
    }
}

async fn page(
    state: &AppState,
    user: &PageUser,
    person: PersonId,
    notice: &str,
    errors: FormErrors,
    values: Values,
) -> Result<ZonesPage, PageError> {
    let actor = &user.0.actor;
    let l = state
        .app
        .licences(actor, person)
        .await
        .map_err(|e| user.error(e))?;
    let zones = state
        .app
        .zones(actor, person)
        .await
        .map_err(|e| user.error(e))?;
    let checks = state
        .app
        .address_checks(actor, person)
        .await
        .map_err(|e| user.error(e))?;
    let may_change = l.may_change;
    let purpose = values.get("purpose").cloned().unwrap_or_default();
    let kind = values.get("kind").cloned().unwrap_or_default();
    Ok(ZonesPage {
        shell: user.shell("Zones and addresses", ""),
        person_name: l.person_name.clone(),
        person_href: person_href(person),
        base: person_href(person),
        notice: notice.into(),
        errors,
        zones: zones
            .iter()
            .filter(|z| !z.retired)
            .map(|z| ZoneLine {
                name: z.name.clone(),
                kind: if z.kind == "inclusion" {
                    "Inclusion zone"
                } else {
                    "Exclusion zone"
                }
                .into(),
                description: z.description.clone(),
                windows: z.windows.clone(),
                area: area(z.area_m2),
                mapped: z.geometry.is_some(),
            })
            .collect(),
        zone_json: zone_json(&zones),
        tile_url: state.app.settings().map_tile_url.clone(),
        checks: checks
            .iter()
            .rev()
            .map(|c| check_line(person, c, may_change))
            .collect(),
        may_change,
        zone_action: zones_href(person),
        check_action: format!("{}/checks", zones_href(person)),
        purpose_options: CHECK_PURPOSES
            .iter()
            .map(|(c, label)| SelectOption::new(*c, *label, purpose == *c))
            .collect(),
        kind_options: vec![
            SelectOption::new(
                "exclusion",
                "Exclusion zone: must not enter",
                kind != "inclusion",
            ),
            SelectOption::new(
                "inclusion",
                "Inclusion zone: must not leave",
                kind == "inclusion",
            ),
        ],
        values,
    })
}

pub async fn show(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let notice = match q.get("notice").map(String::as_str) {
        Some("zone") => "Zone added.",
        Some("check") => "Address checked: the result is below.",
        Some("approved") => "Safeguarding checks recorded and the address approved.",
        _ => "",
    };
    render(
        &page(
            &state,
            &user,
            person,
            notice,
            FormErrors::new(),
            Values::new(),
        )
        .await?,
    )
}

async fn refused(
    state: &AppState,
    user: &PageUser,
    person: PersonId,
    errors: &concord_domain::ValidationErrors,
    values: Values,
) -> Result<Response, PageError> {
    let p = page(
        state,
        user,
        person,
        "",
        form_errors(errors, &[], &[]),
        values,
    )
    .await?;
    render_checked(&p, true)
}

pub async fn add_zone(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Form(values): Form<Values>,
) -> Result<Response, PageError> {
    user.check_csrf(&state.app, values.get("csrf_token"))
        .await?;
    let person = PersonId(parse_id(&id)?);
    let form = ZoneForm {
        kind: v(&values, "kind").into(),
        name: v(&values, "name").into(),
        description: v(&values, "description").into(),
        geojson: v(&values, "geojson").into(),
        circle_latitude: v(&values, "circle_latitude").into(),
        circle_longitude: v(&values, "circle_longitude").into(),
        circle_radius_metres: v(&values, "circle_radius_metres").into(),
        windows: v(&values, "windows").into(),
    };
    match state.app.add_zone(&user.0.actor, person, &form).await {
        Ok(_) => Ok(Redirect::to(&format!("{}?notice=zone", zones_href(person))).into_response()),
        Err(AppError::Validation(errors)) => refused(&state, &user, person, &errors, values).await,
        Err(e) => Err(user.error(e)),
    }
}

pub async fn check(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Form(values): Form<Values>,
) -> Result<Response, PageError> {
    user.check_csrf(&state.app, values.get("csrf_token"))
        .await?;
    let person = PersonId(parse_id(&id)?);
    let form = AddressCheckForm {
        purpose: v(&values, "purpose").into(),
        address: v(&values, "address").into(),
        latitude: v(&values, "latitude").into(),
        longitude: v(&values, "longitude").into(),
    };
    match state.app.check_address(&user.0.actor, person, &form).await {
        Ok(check) => Ok(Redirect::to(&format!(
            "{}?notice=check#check-{check}",
            zones_href(person)
        ))
        .into_response()),
        Err(AppError::Validation(errors)) => refused(&state, &user, person, &errors, values).await,
        Err(e) => Err(user.error(e)),
    }
}

pub async fn safeguarding(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, check)): Path<(String, String)>,
    Form(values): Form<Values>,
) -> Result<Response, PageError> {
    user.check_csrf(&state.app, values.get("csrf_token"))
        .await?;
    let person = PersonId(parse_id(&id)?);
    let check = parse_id(&check)?;
    let version: i64 = v(&values, "version").parse().map_err(|_| {
        PageError::bad_request("The form is missing its version: reload the page and try again.")
    })?;
    let form = SafeguardingForm {
        police_check: v(&values, "police_check").into(),
        childrens_services_check: v(&values, "childrens_services_check").into(),
        home_visit: v(&values, "home_visit").into(),
        unmeasured_confirmed: v(&values, "unmeasured_confirmed") == "yes",
    };
    match state
        .app
        .record_safeguarding_checks(&user.0.actor, person, check, version, &form)
        .await
    {
        Ok(()) => {
            Ok(Redirect::to(&format!("{}?notice=approved", zones_href(person))).into_response())
        }
        Err(AppError::Validation(errors)) => refused(&state, &user, person, &errors, values).await,
        Err(e) => Err(user.error(e)),
    }
}
