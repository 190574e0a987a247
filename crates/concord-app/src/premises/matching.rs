//! Matching: every premises measured for an accepted application. A premises inside one
//! of the person's exclusion zones, outside an inclusion zone or near a victim's home is
//! not offered (measured as an address check measures it: those without the victim
//! section learn only that a victim-related restriction applies); nor one that lacks what
//! the place must offer; the rest are offered with their beds free for the whole stay.

use chrono::{Duration, NaiveDate};
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{
    ApApplicationId, ApBedId, ApPremisesId, ApplicationStatus, Characteristic, PersonId,
};
use concord_geo::Point;
use concord_store::audit::AuditKind;
use concord_store::{ApplicationRow, BedHold, BedRow, PremisesRow};
use serde::Serialize;
use serde_json::json;

use super::{codes, stay};
use crate::access::Note;
use crate::kernel::Work;
use crate::manage::{measure, VictimHome};
use crate::{AppError, Premises};

/// One premises as offered for an application.
#[derive(Debug, Clone, Serialize)]
pub struct PlaceOption {
    pub premises: ApPremisesId,
    pub name: String,
    pub address: String,
    pub area: String,
    /// Why it is not offered (empty when it is). A victim-related reason is the fixed
    /// sentence of an address check.
    pub refusals: Vec<String>,
    /// With the distances, for a reader of the victim section.
    pub victim_refusals: Vec<String>,
    /// Beds free for the whole stay that have what the place needs: (bed, "Room 2, bed A").
    pub free_beds: Vec<(ApBedId, String)>,
}

impl PlaceOption {
    pub fn offered(&self) -> bool {
        self.refusals.is_empty() && !self.free_beds.is_empty()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PlacesPage {
    pub person_name: String,
    pub application: ApApplicationId,
    pub application_version: i64,
    pub arrival_on: NaiveDate,
    pub departure_on: NaiveDate,
    pub needs: Vec<String>,
    /// Offered first, then by name.
    pub options: Vec<PlaceOption>,
    pub may_book: bool,
}

/// The stay an application asks for: from release, for its weeks.
pub(crate) fn stay_dates(a: &ApplicationRow) -> (NaiveDate, NaiveDate) {
    (
        a.release_on,
        a.release_on + Duration::days(7 * a.duration_weeks),
    )
}

/// Whether a bed is free on every day of `[from, until)`.
pub(crate) fn bed_free(bed: &BedRow, holds: &[BedHold], from: NaiveDate, until: NaiveDate) -> bool {
    let out = match (bed.out_of_service_from, bed.out_of_service_to) {
        (Some(a), b) => a < until && b.is_none_or(|b| b >= from),
        _ => false,
    };
    !out && !holds
        .iter()
        .any(|h| h.bed == bed.id && holds_on(h, from, until))
}

/// Whether a booking holds its bed on some day of `[from, until)`: a resident holds it
/// until he is recorded as gone, past his departure date or not.
pub(crate) fn holds_on(h: &BedHold, from: NaiveDate, until: NaiveDate) -> bool {
    h.arrival_on < until
        && (h.status == concord_domain::BookingStatus::Arrived || h.departure_on > from)
}

/// What a premises or bed lacks of `needs`, as labels.
pub(crate) fn lacking(
    needs: &[Characteristic],
    premises: &PremisesRow,
    bed: Option<&BedRow>,
) -> Vec<&'static str> {
    let has_p = codes(&premises.characteristics);
    let has_b = bed.map(|b| codes(&b.characteristics)).unwrap_or_default();
    needs
        .iter()
        .filter(|c| {
            let code = c.code().to_string();
            if c.of_premises() {
                !has_p.contains(&code)
            } else {
                bed.is_some() && !has_b.contains(&code)
            }
        })
        .map(|c| c.label())
        .collect()
}

/// Why a premises cannot take the person whatever the bed: its zones and victims'
/// measure, and what it lacks of the premises-wide needs (a women-only premises takes
/// only a place that needs one).
pub(crate) struct Measured {
    pub refusals: Vec<String>,
    pub victim_refusals: Vec<String>,
}

pub(crate) async fn measure_premises(
    app: &Premises<'_>,
    w: &mut Work<'_>,
    cap: &concord_authz::Capability,
    person: PersonId,
    needs: &[Characteristic],
    premises: &[PremisesRow],
) -> Result<Vec<Measured>, AppError> {
    let zones = concord_store::zones_for_check(w.tx(), cap, person).await?;
    let homes: Vec<VictimHome> = concord_store::victim_locations_for_check(w.tx(), cap, person)
        .await?
        .into_iter()
        .map(|(victim, kind, lat, lon)| VictimHome {
            victim,
            kind,
            at: Point { lon, lat },
        })
        .collect();
    Ok(premises
        .iter()
        .map(|p| {
            let (found, victim) = measure(
                Point {
                    lon: p.longitude,
                    lat: p.latitude,
                },
                &zones,
                &homes,
                app.settings.victim_buffer_metres,
            );
            let mut refusals = found.refusals;
            let has = codes(&p.characteristics);
            if has.iter().any(|c| c == "women_only") && !needs.contains(&Characteristic::WomenOnly)
            {
                refusals.push("The premises is for women only".into());
            }
            if has.iter().any(|c| c == "men_only") && needs.contains(&Characteristic::WomenOnly) {
                refusals.push("The premises is for men only".into());
            }
            let women_only = has.iter().any(|c| c == "women_only");
            for label in lacking(needs, p, None) {
                // A women-only premises has already said why it takes no man.
                if !(women_only && label == Characteristic::MenOnly.label()) {
                    refusals.push(format!("The premises does not offer: {label}"));
                }
            }
            Measured {
                refusals,
                victim_refusals: victim.refusals,
            }
        })
        .collect())
}

pub(crate) fn needs_of(a: &ApplicationRow) -> Vec<Characteristic> {
    codes(&a.needs)
        .iter()
        .filter_map(|c| Characteristic::from_code(c))
        .collect()
}

impl Premises<'_> {
    /// The premises measured for an accepted application, by whoever may book it (the
    /// case team or the central referral unit).
    pub async fn places_for(
        &self,
        actor: &Actor,
        person: PersonId,
        application: ApApplicationId,
    ) -> Result<PlacesPage, AppError> {
        self.run(actor, async |w| {
            let cap = stay(w, Action::Change, person).await?;
            let a = super::application_of(w, &cap, person, application).await?;
            let directory = super::directory(w, Action::Read)?;
            let premises = concord_store::all_premises(w.tx(), &directory).await?;
            let beds = concord_store::all_beds(w.tx(), &directory).await?;
            let (from, until) = stay_dates(&a);
            let needs = needs_of(&a);
            let measured = measure_premises(self, w, &cap, person, &needs, &premises).await?;
            let reads_victim = w.readable(person).await?.contains(Section::Victim);
            let mut options = Vec::new();
            for (p, m) in premises.iter().zip(measured) {
                let holds = concord_store::bed_holds(w.tx(), &directory, p.id, from, until).await?;
                let free_beds = beds
                    .iter()
                    .filter(|b| b.premises_id == p.id)
                    .filter(|b| bed_free(b, &holds, from, until))
                    .filter(|b| lacking(&needs, p, Some(b)).is_empty())
                    .map(|b| (b.id, format!("{}, bed {}", b.room, b.label)))
                    .collect();
                options.push(PlaceOption {
                    premises: p.id,
                    name: p.name.clone(),
                    address: p.address.clone(),
                    area: p.area.clone(),
                    refusals: m.refusals,
                    victim_refusals: if reads_victim {
                        m.victim_refusals
                    } else {
                        Vec::new()
                    },
                    free_beds,
                });
            }
            options.sort_by_key(|o| (!o.offered(), o.name.clone()));
            let person_name = self.people().record_header_in(w, person).await?.full_name();
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                Some(person.0),
                "measured the approved premises for an application",
                Note {
                    sections: Some(if reads_victim {
                        SectionSet::of(&[Section::Licence, Section::Victim])
                    } else {
                        SectionSet::one(Section::Licence)
                    }),
                    detail: Some(json!({"application": application.0})),
                    ..Note::default()
                },
            );
            Ok(PlacesPage {
                person_name,
                application,
                application_version: a.version,
                arrival_on: from,
                departure_on: until,
                needs: needs.iter().map(|c| c.label().to_string()).collect(),
                options,
                may_book: a.status == ApplicationStatus::AwaitingPlacement,
            })
        })
        .await
    }
}
