//! Exclusion and inclusion zones: always a written description (what goes on the
//! licence), optionally a geometry — a polygon drawn on the map or uploaded as GeoJSON,
//! or a circle round a point — checked by concord-geo before it is kept.

use chrono::{DateTime, NaiveTime, Utc};
use concord_authz::{Action, Actor, Capability, Section, SectionSet};
use concord_domain::ZoneId;
use concord_domain::{FieldError, PersonId, ValidationErrors, VictimId, ZoneKind};
use concord_geo::{Limits, Point, Zone};
use concord_store::audit::AuditKind;
use concord_store::ZoneRow;
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use super::form::text;
use crate::access::Note;
use crate::kernel::Work;
use crate::{AppError, Manage};

/// A zone as a form or the API posts it.
#[derive(Debug, Clone, Default)]
pub struct ZoneForm {
    /// `exclusion` or `inclusion`.
    pub kind: String,
    pub name: String,
    pub description: String,
    /// A GeoJSON Polygon, MultiPolygon, Feature or FeatureCollection; empty for none.
    pub geojson: String,
    /// A circle round a point, instead of a polygon: all three or none.
    pub circle_latitude: String,
    pub circle_longitude: String,
    pub circle_radius_metres: String,
    /// `HH:MM-HH:MM` windows, comma-separated, when an exclusion applies only then.
    pub windows: String,
    /// The victim whose home the zone is drawn round (victim section only). With no shape
    /// given and a radius, the circle is centred on her home, which the form never shows.
    pub victim: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ZoneView {
    pub id: ZoneId,
    pub kind: ZoneKind,
    pub name: String,
    pub description: String,
    pub geometry: Option<serde_json::Value>,
    pub windows: String,
    pub area_m2: Option<f64>,
    pub created_at: DateTime<Utc>,
    pub retired: bool,
    /// Drawn round a victim's home.
    pub round_victim: bool,
    /// Round a victim's home and the reader does not hold the victim section: the map,
    /// area, description and times are withheld, only the name and kind shown.
    pub withheld: bool,
}

impl ZoneView {
    /// `reads_victim`: the capability the row was read with covers the victim section
    /// (without it the store has already left out what locates her).
    pub(crate) fn from_row(z: &ZoneRow, reads_victim: bool) -> Self {
        let withheld = z.victim_id.is_some() && !reads_victim;
        let geometry = if withheld { None } else { z.geometry.clone() };
        ZoneView {
            id: z.id,
            kind: z.kind,
            name: z.name.clone(),
            description: if withheld {
                withheld_description(z.kind)
            } else {
                z.description.clone()
            },
            area_m2: geometry
                .as_ref()
                .and_then(|g| shape(g).map(|s| s.area_m2())),
            geometry,
            windows: if withheld {
                String::new()
            } else {
                z.windows.clone()
            },
            created_at: z.created_at,
            retired: z.retired_at.is_some(),
            round_victim: z.victim_id.is_some(),
            withheld,
        }
    }
}

/// What those without the victim section read in place of a zone round a victim's home.
fn withheld_description(kind: ZoneKind) -> String {
    let kind = kind.label();
    format!("{kind} round a victim's address — the map is withheld; the victim liaison officer holds the details")
}

/// A stored geometry as a shape to measure with. Stored geometries were validated when
/// kept; one that no longer parses is treated as having no map (and said so by callers).
pub(crate) fn shape(geometry: &serde_json::Value) -> Option<Zone> {
    concord_geo::parse_geojson(geometry, &Limits::default()).ok()
}

fn geo_errors(field: &str, e: concord_geo::GeoErrors) -> Vec<FieldError> {
    e.0.into_iter()
        .map(|g| {
            let at = if g.path.is_empty() {
                String::new()
            } else {
                format!(" (at {})", g.path)
            };
            FieldError::new(field, g.code, format!("{}{at}", g.message))
        })
        .collect()
}

/// `HH:MM-HH:MM, HH:MM-HH:MM` → normalised text; each window named when wrong.
fn windows(errors: &mut ValidationErrors, text: &str) -> String {
    let given: Vec<&str> = text
        .split(',')
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .collect();
    if !crate::limits::at_most(
        errors,
        "windows",
        "time windows",
        given.len(),
        crate::limits::MAX_ZONE_WINDOWS,
    ) {
        return String::new();
    }
    let mut out = vec![];
    for (i, w) in given.into_iter().enumerate() {
        let times = w.split_once('-').and_then(|(a, b)| {
            let a = NaiveTime::parse_from_str(a.trim(), "%H:%M").ok()?;
            let b = NaiveTime::parse_from_str(b.trim(), "%H:%M").ok()?;
            Some((a, b))
        });
        match times {
            Some((a, b)) if a != b => {
                out.push(format!("{}-{}", a.format("%H:%M"), b.format("%H:%M")));
            }
            Some(_) => errors.push(FieldError::new(
                "windows",
                "empty_window",
                format!("Window {} starts and ends at the same time", i + 1),
            )),
            None => errors.push(FieldError::new(
                "windows",
                "invalid",
                format!(
                    "Window {} (\"{w}\") must be two times like 19:00-07:00",
                    i + 1
                ),
            )),
        }
    }
    out.join(", ")
}

struct CheckedZone {
    kind: ZoneKind,
    name: String,
    description: String,
    geometry: Option<serde_json::Value>,
    windows: String,
}

fn check(form: &ZoneForm) -> Result<CheckedZone, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let kind = ZoneKind::from_code(form.kind.trim());
    if kind.is_none() {
        errors.push(FieldError::new(
            "kind",
            "invalid",
            "Choose an exclusion zone or an inclusion zone",
        ));
    }
    let name = text(
        &mut errors,
        "name",
        &form.name,
        "a name for the zone",
        true,
        120,
    );
    let description = text(
        &mut errors,
        "description",
        &form.description,
        "a written description of the zone (it goes on the licence)",
        true,
        4000,
    );
    let limits = Limits::default();
    let circle_given = [
        &form.circle_latitude,
        &form.circle_longitude,
        &form.circle_radius_metres,
    ]
    .iter()
    .any(|v| !v.trim().is_empty());
    let geometry = match (form.geojson.trim().is_empty(), circle_given) {
        (false, true) => {
            errors.push(FieldError::new(
                "geojson",
                "both_shapes",
                "Give either a drawn or uploaded shape or a circle, not both",
            ));
            None
        }
        (false, false) => match concord_geo::parse_geojson_str(form.geojson.trim(), &limits) {
            Ok(z) => Some(z.to_geojson()),
            Err(e) => {
                for fe in geo_errors("geojson", e) {
                    errors.push(fe);
                }
                None
            }
        },
        (true, true) => {
            let centre = super::form::location(
                &mut errors,
                &form.circle_latitude,
                &form.circle_longitude,
                true,
            );
            let radius = match form.circle_radius_metres.trim().parse::<f64>() {
                Ok(r) if r.is_finite() => Some(r),
                _ => {
                    errors.push(FieldError::new(
                        "circle_radius_metres",
                        "invalid",
                        "Enter the circle's radius in metres, e.g. 500",
                    ));
                    None
                }
            };
            match (centre, radius) {
                (Some((lat, lon)), Some(r)) => {
                    match concord_geo::circle(Point { lon, lat }, r, &limits) {
                        Ok(z) => Some(z.to_geojson()),
                        Err(e) => {
                            for fe in geo_errors("circle_radius_metres", e) {
                                errors.push(fe);
                            }
                            None
                        }
                    }
                }
                _ => None,
            }
        }
        (true, false) => None,
    };
    let windows = windows(&mut errors, &form.windows);
    if kind == Some(ZoneKind::Inclusion) && !windows.is_empty() {
        errors.push(FieldError::new(
            "windows",
            "not_for_inclusion",
            "Time windows apply to exclusion zones only",
        ));
    }
    errors.finish(CheckedZone {
        // Only read when there are no errors, so the kind was given.
        kind: kind.unwrap_or(ZoneKind::Exclusion),
        name,
        description,
        geometry,
        windows,
    })
}

impl Manage<'_> {
    /// Read `required` of `person`, and the victim section too if the actor holds it: for
    /// pages that show values derived from a victim's home (distances, the zones round
    /// it) only to its readers. Lacking the victim section refuses nothing the actor
    /// asked for, so only a refusal of `required` is a denial (and audited as one).
    pub(crate) async fn read_with_victim(
        &self,
        tx: &mut concord_store::Tx,
        actor: &Actor,
        person: PersonId,
        required: SectionSet,
    ) -> Result<Capability, AppError> {
        let wanted = required.union(SectionSet::one(Section::Victim));
        match self
            .authorize_person(tx, actor, Action::Read, person, wanted)
            .await
        {
            Ok(cap) if required.is_subset_of(cap.sections()) => Ok(cap),
            Ok(_) | Err(AppError::Denied { .. }) => {
                self.authorize_person(tx, actor, Action::Read, person, required)
                    .await
            }
            Err(e) => Err(e),
        }
    }

    /// Keep a zone for this person (licence section); nothing is kept if any part is wrong.
    pub async fn add_zone(
        &self,
        actor: &Actor,
        person: PersonId,
        form: &ZoneForm,
    ) -> Result<ZoneId, AppError> {
        self.run(actor, async |w| {
            let victim = match form.victim.trim() {
                "" => None,
                v => Some(Uuid::parse_str(v).map_err(|_| AppError::NotFound)?),
            };
            // A zone round a victim's home is drawn by someone who holds her section: the
            // circle comes from where she lives, and the zone is hers to withhold.
            let cap = match victim {
                None => {
                    w.person(
                        Action::Create,
                        person,
                        SectionSet::one(Section::Licence),
                    )
                    .await?
                }
                Some(_) => {
                    w.person(
                        Action::Change,
                        person,
                        SectionSet::of(&[Section::Licence, Section::Victim]),
                    )
                    .await?
                }
            };
            let mut form = form.clone();
            if let Some(v) = victim {
                let home = concord_store::victims_of(w.tx(), &cap, person)
                    .await?
                    .into_iter()
                    .find(|r| r.id == VictimId(v))
                    .ok_or(AppError::NotFound)?;
                let no_shape = form.geojson.trim().is_empty()
                    && form.circle_latitude.trim().is_empty()
                    && form.circle_longitude.trim().is_empty();
                match (no_shape, home.latitude.zip(home.longitude)) {
                    (true, Some((lat, lon))) => {
                        form.circle_latitude = lat.to_string();
                        form.circle_longitude = lon.to_string();
                    }
                    (true, None) => {
                        return Err(AppError::Validation(ValidationErrors::from(
                            FieldError::new(
                                "victim",
                                "no_location",
                                "This victim's home has no location: record it on the victims page, or draw the zone",
                            ),
                        )))
                    }
                    (false, _) => {}
                }
            }
            let z = check(&form).map_err(AppError::Validation)?;
            let id = ZoneId::new();
            concord_store::insert_zone(
                w.tx(),
                &cap,
                &ZoneRow {
                    id,
                    person_id: person,
                    agency_id: actor.agency_id,
                    kind: z.kind,
                    name: z.name,
                    description: z.description,
                    geometry: z.geometry,
                    windows: z.windows,
                    created_by: actor.user_id,
                    created_at: self.clock.now(),
                    retired_at: None,
                    victim_id: victim.map(VictimId),
                },
            )
            .await?;
            w.audit(
                AuditKind::Collection,
                Action::Create,
                Some(person.0),
                "added a zone",
                Note {
                    sections: Some(cap.sections()),
                    detail: Some(json!({"zone": id, "kind": z.kind.code(), "round_victim": victim.is_some()})),
                    ..Note::default()
                },
            );
            Ok(id)
        })
        .await
    }

    /// A person's zones (retired ones included, marked).
    pub async fn zones(&self, actor: &Actor, person: PersonId) -> Result<Vec<ZoneView>, AppError> {
        self.run(actor, async |w| self.zones_in(w, person).await)
            .await
    }

    /// [`Self::zones`] within a unit of work (a page that shows it with other parts).
    pub(crate) async fn zones_in(
        &self,
        w: &mut Work<'_>,
        person: PersonId,
    ) -> Result<Vec<ZoneView>, AppError> {
        let actor = w.actor();
        let cap = self
            .read_with_victim(w.tx(), actor, person, SectionSet::one(Section::Licence))
            .await?;
        let rows = concord_store::zones_of(w.tx(), &cap, person).await?;
        let reads_victim = cap.sections().contains(Section::Victim);
        // Only a zone round a victim's home puts her section in what was consulted.
        let mut sections = SectionSet::one(Section::Licence);
        if reads_victim && rows.iter().any(|z| z.victim_id.is_some()) {
            sections = cap.sections();
        }
        w.audit(
            AuditKind::Consultation,
            Action::Read,
            Some(person.0),
            "viewed the zones",
            Note::sections(sections),
        );
        Ok(rows
            .iter()
            .map(|z| ZoneView::from_row(z, reads_victim))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_normalised_or_named() {
        let mut e = ValidationErrors::new();
        assert_eq!(
            windows(&mut e, " 19:00-07:00 ,9:30 - 10:00"),
            "19:00-07:00, 09:30-10:00"
        );
        assert!(e.is_empty());
        windows(&mut e, "19:00-19:00, nine-ten");
        let codes: Vec<&str> = e.errors.iter().map(|e| e.code).collect();
        assert_eq!(codes, ["empty_window", "invalid"]);
    }

    #[test]
    fn a_zone_needs_a_description_and_one_shape_at_most() {
        let form = ZoneForm {
            kind: "exclusion".into(),
            name: "Victim's home".into(),
            geojson: "{\"type\":\"Polygon\"}".into(),
            circle_radius_metres: "500".into(),
            ..ZoneForm::default()
        };
        let e = check(&form).err().expect("refused");
        let fields: Vec<(&str, &str)> = e
            .errors
            .iter()
            .map(|e| (e.field.as_str(), e.code))
            .collect();
        assert!(fields.contains(&("description", "required")), "{fields:?}");
        assert!(fields.contains(&("geojson", "both_shapes")), "{fields:?}");
    }
}
