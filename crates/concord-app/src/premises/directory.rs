//! The directory of approved premises: each premises with its beds, and how many beds are
//! free on each day ahead (occupancy for the premises' managers and the area). No person
//! is in it: a booking appears as a bed taken, never as whose. Administrators add
//! premises and beds.

use chrono::{Duration, NaiveDate};
use concord_authz::{Action, Actor, Resource, ResourceKind};
use concord_domain::{ApBedId, ApPremisesId, Characteristic, FieldError, TeamId, ValidationErrors};
use concord_store::audit::AuditKind;
use concord_store::{BedRow, PremisesRow};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use super::codes;
use super::matching::bed_free;
use crate::access::Note;
use crate::manage::form_text as text;
use crate::{AppError, Premises};

/// A premises as an administrator adds it.
#[derive(Debug, Clone, Default)]
pub struct PremisesForm {
    pub code: String,
    pub name: String,
    pub address: String,
    pub latitude: String,
    pub longitude: String,
    pub area: String,
    /// The team that runs it (its staff reach its residents).
    pub team: String,
    /// Premises-wide [`Characteristic`] codes.
    pub characteristics: Vec<String>,
}

/// A bed as an administrator adds it.
#[derive(Debug, Clone, Default)]
pub struct BedForm {
    pub room: String,
    pub label: String,
    pub characteristics: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BedView {
    pub id: ApBedId,
    pub room: String,
    pub label: String,
    pub characteristics: Vec<&'static str>,
    pub out_of_service: Option<String>,
}

/// Free beds on one day.
#[derive(Debug, Clone, Serialize)]
pub struct DayOccupancy {
    pub day: NaiveDate,
    pub free: usize,
    pub booked: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PremisesView {
    pub id: ApPremisesId,
    pub code: String,
    pub name: String,
    pub address: String,
    pub area: String,
    pub team: TeamId,
    pub characteristics: Vec<&'static str>,
    pub beds: Vec<BedView>,
    pub days: Vec<DayOccupancy>,
    /// Residents still there after their booking's departure date.
    pub overstays: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct DirectoryView {
    pub from: NaiveDate,
    pub premises: Vec<PremisesView>,
    pub may_add: bool,
}

fn labels(v: &serde_json::Value) -> Vec<&'static str> {
    codes(v)
        .iter()
        .filter_map(|c| Characteristic::from_code(c))
        .map(Characteristic::label)
        .collect()
}

fn characteristics(
    errors: &mut ValidationErrors,
    field: &str,
    given: &[String],
    premises: bool,
) -> serde_json::Value {
    let mut out: Vec<&'static str> = Vec::new();
    for code in given {
        match Characteristic::from_code(code.trim()) {
            Some(c) if c.of_premises() == premises => {
                if !out.contains(&c.code()) {
                    out.push(c.code());
                }
            }
            _ => errors.push(FieldError::new(
                field,
                "invalid",
                format!(
                    "{code:?} is not something a {} offers",
                    if premises { "premises" } else { "bed" }
                ),
            )),
        }
    }
    json!(out)
}

pub(crate) fn bed_view(b: &BedRow) -> BedView {
    BedView {
        id: b.id,
        room: b.room.clone(),
        label: b.label.clone(),
        characteristics: labels(&b.characteristics),
        out_of_service: b
            .out_of_service_from
            .map(|_| b.out_of_service_reason.clone()),
    }
}

impl Premises<'_> {
    /// Every premises with its beds, and each day's free beds for `days` days from `from`.
    pub async fn directory(
        &self,
        actor: &Actor,
        from: NaiveDate,
        days: u32,
    ) -> Result<DirectoryView, AppError> {
        self.run_page(actor, async |w| {
            let cap = super::directory(w, Action::Read)?;
            let premises = concord_store::all_premises(w.tx(), &cap).await?;
            let beds = concord_store::all_beds(w.tx(), &cap).await?;
            let until = from + Duration::days(i64::from(days));
            let mut out = Vec::new();
            for p in premises {
                let holds = concord_store::bed_holds(w.tx(), &cap, p.id, from, until).await?;
                let mine: Vec<&BedRow> = beds.iter().filter(|b| b.premises_id == p.id).collect();
                let days = (0..days)
                    .map(|i| {
                        let day = from + Duration::days(i64::from(i));
                        let next = day + Duration::days(1);
                        let free = mine
                            .iter()
                            .filter(|b| bed_free(b, &holds, day, next))
                            .count();
                        let booked = mine
                            .iter()
                            .filter(|b| {
                                !bed_free(b, &holds, day, next) && bed_free(b, &[], day, next)
                            })
                            .count();
                        DayOccupancy { day, free, booked }
                    })
                    .collect();
                let today = self.clock.today();
                let overstays = holds
                    .iter()
                    .filter(|h| {
                        h.status == concord_domain::BookingStatus::Arrived
                            && h.departure_on <= today
                    })
                    .count();
                out.push(PremisesView {
                    overstays,
                    id: p.id,
                    code: p.code.clone(),
                    name: p.name.clone(),
                    address: p.address.clone(),
                    area: p.area.clone(),
                    team: p.team_id,
                    characteristics: labels(&p.characteristics),
                    beds: mine.iter().map(|b| bed_view(b)).collect(),
                    days,
                });
            }
            let may_add = concord_authz::decide(
                actor,
                Action::Create,
                &Resource::other(ResourceKind::ApDirectory, None),
            )
            .allowed;
            Ok(DirectoryView {
                from,
                premises: out,
                may_add,
            })
        })
        .await
    }

    pub async fn add_premises(
        &self,
        actor: &Actor,
        form: &PremisesForm,
    ) -> Result<ApPremisesId, AppError> {
        self.run(actor, async |w| {
            let cap = super::directory(w, Action::Create)?;
            let mut errors = ValidationErrors::new();
            let code = form.code.trim().to_ascii_uppercase();
            if code.is_empty()
                || code.len() > 20
                || !code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            {
                errors.push(FieldError::new(
                    "code",
                    "invalid",
                    "Give the premises a short code: up to 20 letters, digits and hyphens",
                ));
            }
            let name = text(
                &mut errors,
                "name",
                &form.name,
                "the premises' name",
                true,
                200,
            );
            let address = text(
                &mut errors,
                "address",
                &form.address,
                "the address",
                true,
                500,
            );
            let area = text(
                &mut errors,
                "area",
                &form.area,
                "the probation area",
                true,
                100,
            );
            let at =
                crate::manage::form_location(&mut errors, &form.latitude, &form.longitude, true);
            let team = Uuid::parse_str(form.team.trim()).ok().map(TeamId);
            let teams = concord_store::teams(w.tx()).await?;
            if !team.is_some_and(|t| teams.iter().any(|r| r.id == t)) {
                errors.push(FieldError::new(
                    "team",
                    "required",
                    "Choose the team that runs the premises",
                ));
            }
            let chars =
                characteristics(&mut errors, "characteristics", &form.characteristics, true);
            let taken = concord_store::all_premises(w.tx(), &cap).await?;
            if taken.iter().any(|p| p.code == code) {
                errors.push(FieldError::new(
                    "code",
                    "taken",
                    format!("{code} is another premises' code"),
                ));
            }
            let (Some((latitude, longitude)), Some(team), true) = (at, team, errors.is_empty())
            else {
                return Err(AppError::Validation(errors));
            };
            let id = ApPremisesId::new();
            concord_store::insert_premises(
                w.tx(),
                &cap,
                &PremisesRow {
                    id,
                    code: code.clone(),
                    name,
                    address,
                    latitude,
                    longitude,
                    area,
                    team_id: team,
                    characteristics: chars,
                    created_at: self.clock.now(),
                },
            )
            .await?;
            w.audit(
                AuditKind::Collection,
                Action::Create,
                None,
                "added an approved premises",
                Note {
                    detail: Some(json!({"premises": id.0, "code": code})),
                    ..Note::default()
                },
            );
            Ok(id)
        })
        .await
    }

    pub async fn add_bed(
        &self,
        actor: &Actor,
        premises: ApPremisesId,
        form: &BedForm,
    ) -> Result<ApBedId, AppError> {
        self.run(actor, async |w| {
            let cap = super::directory(w, Action::Create)?;
            if !concord_store::all_premises(w.tx(), &cap)
                .await?
                .iter()
                .any(|p| p.id == premises)
            {
                return Err(AppError::NotFound);
            }
            let mut errors = ValidationErrors::new();
            let room = text(&mut errors, "room", &form.room, "the room", true, 50);
            let label = text(
                &mut errors,
                "label",
                &form.label,
                "the bed's label",
                true,
                20,
            );
            let chars =
                characteristics(&mut errors, "characteristics", &form.characteristics, false);
            let beds = concord_store::all_beds(w.tx(), &cap).await?;
            if beds
                .iter()
                .any(|b| b.premises_id == premises && b.room == room && b.label == label)
            {
                errors.push(FieldError::new(
                    "label",
                    "taken",
                    format!("{room} already has a bed {label}"),
                ));
            }
            if !errors.is_empty() {
                return Err(AppError::Validation(errors));
            }
            let id = ApBedId::new();
            concord_store::insert_bed(
                w.tx(),
                &cap,
                &BedRow {
                    id,
                    premises_id: premises,
                    room,
                    label,
                    characteristics: chars,
                    out_of_service_from: None,
                    out_of_service_to: None,
                    out_of_service_reason: String::new(),
                    version: 1,
                },
            )
            .await?;
            w.audit(
                AuditKind::Collection,
                Action::Create,
                None,
                "added a bed to an approved premises",
                Note {
                    detail: Some(json!({"premises": premises.0, "bed": id.0})),
                    ..Note::default()
                },
            );
            Ok(id)
        })
        .await
    }
}
