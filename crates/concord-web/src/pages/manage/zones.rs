//! Zones and addresses: the map of a person's exclusion and inclusion zones with a text
//! list of the same, adding a zone (drawn, uploaded as GeoJSON, or a circle), checking a
//! proposed address, and recording the safeguarding checks that approve it.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AddressCheckView, AppError, ZoneForm, ZoneView};
use concord_domain::{AddressCheckOutcome, AddressPurpose, PersonId, ZoneKind};
use concord_ui::views::{CheckLine, PlacedLine, ZoneLine, ZonesPage};
use concord_ui::{FormErrors, SelectOption};

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::format::person_href;
use crate::forms::{form_errors, text, Values};
use crate::pages::{parse_id, render, render_checked};
use crate::session::PageUser;
use crate::AppState;

pub(super) fn zones_href(person: PersonId) -> String {
    format!("{}/zones", person_href(person))
}

/// A zone's area as people say it: square kilometres from a tenth of one (a 500 m circle
/// is 0.79 km², not 785083 m²), square metres with their thousands grouped below that.
fn area(m2: Option<f64>) -> String {
    match m2 {
        Some(a) if a >= 100_000.0 => format!("{:.2} km²", a / 1_000_000.0),
        Some(a) => format!("{} m²", crate::format::grouped(&format!("{a:.0}"))),
        None => String::new(),
    }
}

/// The zones as the map script reads them. `<`, `>` and `&` only ever occur inside JSON
/// strings, so writing them as `\u` escapes keeps the JSON the same while nothing in it
/// can end, or open a comment in, the script element it sits in. A zone withheld from the
/// reader has no geometry here: the map cannot draw what the store did not return.
pub(crate) fn zone_json(zones: &[ZoneView]) -> String {
    let list: Vec<serde_json::Value> = zones
        .iter()
        .filter(|z| !z.retired)
        .map(|z| serde_json::json!({"name": z.name, "kind": z.kind, "geometry": z.geometry}))
        .collect();
    script_json(&serde_json::Value::Array(list))
}

/// JSON to sit in a `<script type="application/json">` element: `<`, `>` and `&` only
/// occur inside JSON strings, so writing them as `\u` escapes keeps the JSON the same
/// while nothing in it can end, or open a comment in, the element.
pub(crate) fn script_json(value: &serde_json::Value) -> String {
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// What the check found about victims' homes and the zones round them: the distances
/// for readers of the victim section, otherwise one sentence that is the same for every
/// check (how many victims, or how near, would help locate them).
fn victim_lines(c: &AddressCheckView) -> Vec<String> {
    let Some(v) = &c.victim_findings else {
        return vec![
            "Measured against the homes of the person's victims and children at risk, and the zones round them: the victim liaison officer holds the details".into(),
        ];
    };
    v.zones
        .iter()
        .map(|z| match (z.inside, z.distance_m) {
            (Some(true), _) => format!(
                "Inside the {} zone \"{}\" round a victim's home",
                z.kind, z.name
            ),
            (Some(false), Some(d)) => format!(
                "{d} m outside the {} zone \"{}\" round a victim's home",
                z.kind, z.name
            ),
            _ => format!(
                "The {} zone \"{}\" round a victim's home has no map: check by hand",
                z.kind, z.name
            ),
        })
        .chain(v.homes.iter().map(|(who, d, within)| {
            format!(
                "{who}: home {d} m away ({} the {} m limit)",
                if *within { "within" } else { "beyond" },
                v.limit_m
            )
        }))
        .chain(
            v.homes
                .is_empty()
                .then(|| "No victim or child at risk has a known home to measure against".into()),
        )
        .collect()
}

fn check_line(person: PersonId, c: &AddressCheckView, may_change: bool) -> CheckLine {
    let placed = c.findings.placed_by_postcode.as_ref().map(|p| {
        format!("Placed at the centre of postcode {p}, from the postcode directory (usually within 100 m of the door)")
    });
    let measured = placed
        .into_iter()
        .chain(
            c.findings
                .zones
                .iter()
                .map(|z| match (z.inside, z.distance_m) {
                    (Some(true), _) => format!("Inside the {} zone \"{}\"", z.kind, z.name),
                    (Some(false), Some(d)) => {
                        format!("{d} m outside the {} zone \"{}\"", z.kind, z.name)
                    }
                    _ => format!(
                        "The {} zone \"{}\" has no map: check by hand",
                        z.kind, z.name
                    ),
                }),
        )
        .chain(victim_lines(c))
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
        outcome: c.outcome.label().into(),
        outcome_colour: match c.outcome {
            AddressCheckOutcome::Refused => "red",
            AddressCheckOutcome::Approved => "green",
            AddressCheckOutcome::Pending => "yellow",
        }
        .into(),
        reasons: c
            .findings
            .refusals
            .iter()
            .chain(c.victim_findings.iter().flat_map(|v| &v.refusals))
            .cloned()
            .collect(),
        measured,
        recorded,
        decided: c.decided.clone().unwrap_or_default(),
        safeguarding_action: if may_change && c.outcome == AddressCheckOutcome::Pending {
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
    let concord_app::ZonesPage {
        licences: l,
        zones,
        checks,
        victims,
        key_facts,
        addresses,
    } = state
        .app
        .manage()
        .zones_page(actor, person)
        .await
        .map_err(|e| user.error(e))?;
    let may_change = l.may_change;
    let victim = values.get("victim").cloned().unwrap_or_default();
    let victim_options = match victims {
        // A zone may be drawn round a victim's home only by someone who reads the victims.
        Some(victims) => std::iter::once(SelectOption::new(
            "",
            "No one: not round a victim's home",
            victim.is_empty(),
        ))
        .chain(victims.iter().filter(|v| v.location.is_some()).map(|v| {
            let id = v.id.to_string();
            let selected = victim == id;
            SelectOption::new(id, v.name.clone(), selected)
        }))
        .collect(),
        None => vec![],
    };
    let purpose = values
        .get("purpose")
        .and_then(|p| AddressPurpose::from_code(p));
    // An exclusion zone unless the form says otherwise.
    let kind = values
        .get("kind")
        .and_then(|k| ZoneKind::from_code(k))
        .unwrap_or(ZoneKind::Exclusion);
    Ok(ZonesPage {
        shell: user.record_shell("Zones and addresses", &key_facts),
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
                kind: z.kind.label().into(),
                description: z.description.clone(),
                windows: z.windows.clone(),
                area: area(z.area_m2),
                mapped: z.geometry.is_some(),
                withheld: z.withheld,
                round_victim: z.round_victim,
            })
            .collect(),
        zone_json: zone_json(&zones),
        tile_url: state.app.settings().map_tile_url.clone(),
        addresses: addresses.map(|list| {
            list.into_iter()
                .map(|a| PlacedLine {
                    kind: a.kind,
                    address: a.text,
                    latitude: a.location.map(|l| l.0.to_string()).unwrap_or_default(),
                    longitude: a.location.map(|l| l.1.to_string()).unwrap_or_default(),
                })
                .collect()
        }),
        checks: checks
            .iter()
            .rev()
            .map(|c| check_line(person, c, may_change))
            .collect(),
        may_change,
        zone_action: zones_href(person),
        check_action: format!("{}/checks", zones_href(person)),
        purpose_options: AddressPurpose::ALL
            .iter()
            .map(|p| SelectOption::new(p.code(), p.label(), purpose == Some(*p)))
            .collect(),
        kind_options: ZoneKind::ALL
            .iter()
            .map(|k| {
                let rule = match k {
                    ZoneKind::Exclusion => "must not enter",
                    ZoneKind::Inclusion => "must not leave",
                };
                SelectOption::new(k.code(), format!("{}: {rule}", k.label()), *k == kind)
            })
            .collect(),
        victim_options,
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

pub(super) async fn refused(
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

/// A zone drawn, uploaded as GeoJSON or given as a circle, with its times.
pub struct ZonePost {
    pub zone: ZoneForm,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for ZonePost {
    fn from_values(values: &Values) -> Self {
        Self {
            zone: ZoneForm {
                kind: text(values, "kind"),
                name: text(values, "name"),
                description: text(values, "description"),
                geojson: text(values, "geojson"),
                circle_latitude: text(values, "circle_latitude"),
                circle_longitude: text(values, "circle_longitude"),
                circle_radius_metres: text(values, "circle_radius_metres"),
                windows: text(values, "windows"),
                victim: text(values, "victim"),
            },
            entered: values.clone(),
        }
    }
}

pub async fn add_zone(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<ZonePost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    match state
        .app
        .manage()
        .add_zone(&user.0.actor, person, &form.zone)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{}?notice=zone", zones_href(person))).into_response()),
        Err(AppError::Validation(errors)) => {
            refused(&state, &user, person, &errors, form.entered).await
        }
        Err(e) => Err(user.error(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::area;

    #[test]
    fn areas_read_as_people_say_them() {
        assert_eq!(area(Some(785_083.4)), "0.79 km²");
        assert_eq!(area(Some(3_141_592.7)), "3.14 km²");
        assert_eq!(area(Some(12_345.6)), "12,346 m²");
        assert_eq!(area(Some(950.0)), "950 m²");
        assert_eq!(area(None), "");
    }
}
