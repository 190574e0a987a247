//! One premises as its own staff run it: its beds (taking one out of service, and back),
//! and the men booked in and resident, each read through the access decision (the staff
//! reach them through their booking). Others see the beds only.

use chrono::Duration;
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{
    format_date, parse_date, ApBedId, ApBookingId, ApPremisesId, FieldError, PersonId,
    ValidationErrors,
};
use concord_store::audit::AuditKind;
use serde::Serialize;
use serde_json::json;

use super::directory::{bed_view, BedView};
use crate::access::Note;
use crate::manage::form_text as text;
use crate::{AppError, Premises};

/// A bed taken out of service as the form posts it.
#[derive(Debug, Clone, Default)]
pub struct BedServiceForm {
    pub from: String,
    /// Empty when not known.
    pub until: String,
    pub reason: String,
    pub version: i64,
}

/// One of the men booked in or resident.
#[derive(Debug, Clone, Serialize)]
pub struct ResidentLine {
    pub person: PersonId,
    pub booking: ApBookingId,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PremisesPage {
    pub id: ApPremisesId,
    pub name: String,
    pub address: String,
    /// (bed, version) with its view.
    pub beds: Vec<(BedView, i64)>,
    /// Only for the premises' own staff.
    pub residents: Vec<ResidentLine>,
    /// The reader runs this premises (keeps its beds).
    pub runs_it: bool,
    /// What the premises offers (women only, step-free, …).
    pub characteristics: Vec<&'static str>,
    /// Its staff, by name (those who run it: the key workers to choose from).
    pub staff: Vec<String>,
}

impl Premises<'_> {
    pub async fn premises_page(
        &self,
        actor: &Actor,
        premises: ApPremisesId,
    ) -> Result<PremisesPage, AppError> {
        self.run_page(actor, async |w| {
            let cap = super::directory(w, Action::Read)?;
            let p = concord_store::all_premises(w.tx(), &cap)
                .await?
                .into_iter()
                .find(|p| p.id == premises)
                .ok_or(AppError::NotFound)?;
            let beds = concord_store::all_beds(w.tx(), &cap)
                .await?
                .into_iter()
                .filter(|b| b.premises_id == premises)
                .map(|b| (bed_view(&b), b.version))
                .collect();
            let staff = concord_store::team_members_with(w.tx(), p.team_id, "ap.manage")
                .await?
                .into_iter()
                .map(|(_, name)| name)
                .collect();
            let runs_it =
                actor.has(concord_authz::Permission::ApManage) && actor.team_id == Some(p.team_id);
            let mut residents = Vec::new();
            if runs_it {
                for (booking, person) in
                    concord_store::premises_booking_ids(w.tx(), premises).await?
                {
                    if !w.readable(person).await?.contains(Section::Identity) {
                        continue;
                    }
                    let name = self.people().record_header_in(w, person).await?.full_name();
                    w.audit(
                        AuditKind::Consultation,
                        Action::Read,
                        Some(person.0),
                        "viewed the residents of an approved premises",
                        Note::sections(SectionSet::one(Section::Identity)),
                    );
                    residents.push(ResidentLine {
                        person,
                        booking,
                        name,
                    });
                }
            }
            Ok(PremisesPage {
                id: p.id,
                name: p.name,
                address: p.address,
                beds,
                residents,
                runs_it,
                characteristics: super::codes(&p.characteristics)
                    .iter()
                    .filter_map(|c| concord_domain::Characteristic::from_code(c))
                    .map(concord_domain::Characteristic::label)
                    .collect(),
                staff,
            })
        })
        .await
    }

    /// Which premises a bed is in.
    pub async fn bed_premises(
        &self,
        actor: &Actor,
        bed: ApBedId,
    ) -> Result<ApPremisesId, AppError> {
        self.run_page(actor, async |w| {
            let cap = super::directory(w, Action::Read)?;
            concord_store::all_beds(w.tx(), &cap)
                .await?
                .into_iter()
                .find(|b| b.id == bed)
                .map(|b| b.premises_id)
                .ok_or(AppError::NotFound)
        })
        .await
    }

    /// Take a bed out of service (from a day, until a day if known), or put it back
    /// (`form` `None`): only the premises' own staff, and never over a booking.
    pub async fn set_bed_service(
        &self,
        actor: &Actor,
        bed: ApBedId,
        form: Option<&BedServiceForm>,
        version: i64,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            let cap = super::directory(w, Action::Change)?;
            let b = concord_store::all_beds(w.tx(), &cap)
                .await?
                .into_iter()
                .find(|b| b.id == bed)
                .ok_or(AppError::NotFound)?;
            let p = concord_store::all_premises(w.tx(), &cap)
                .await?
                .into_iter()
                .find(|p| p.id == b.premises_id)
                .ok_or(AppError::NotFound)?;
            let refuse = |field: &str, code: &'static str, message: String| {
                AppError::Validation(ValidationErrors::from(FieldError::new(
                    field, code, message,
                )))
            };
            if actor.team_id != Some(p.team_id) {
                return Err(refuse(
                    "bed",
                    "not_your_premises",
                    format!("Only {}'s staff keep its beds", p.name),
                ));
            }
            let (out, reason) = match form {
                None => (None, String::new()),
                Some(f) => {
                    let mut errors = ValidationErrors::new();
                    let today = self.clock.today();
                    let from = match parse_date("from", "The first day out of service", &f.from) {
                        Ok(d) if d < today => {
                            errors.push(FieldError::new(
                                "from",
                                "in_past",
                                "The first day out of service is today or later",
                            ));
                            None
                        }
                        Ok(d) => Some(d),
                        Err(e) => {
                            errors.push(e);
                            None
                        }
                    };
                    let until = if f.until.trim().is_empty() {
                        None
                    } else {
                        parse_date("until", "The day it is back", &f.until)
                            .map_err(|e| errors.push(e))
                            .ok()
                    };
                    if let (Some(a), Some(b)) = (from, until) {
                        if b < a {
                            errors.push(FieldError::new(
                                "until",
                                "before_from",
                                "The day it is back must be on or after the first day out",
                            ));
                        }
                    }
                    let reason = text(
                        &mut errors,
                        "reason",
                        &f.reason,
                        "why the bed is out of service",
                        true,
                        500,
                    );
                    let Some(from) = from.filter(|_| errors.is_empty()) else {
                        return Err(AppError::Validation(errors));
                    };
                    // Never over a booking: the booked nights must be moved first.
                    let end = until.map_or(from + Duration::days(3650), |u| u + Duration::days(1));
                    let holds = concord_store::bed_holds(w.tx(), &cap, p.id, from, end).await?;
                    let clash: Vec<String> = holds
                        .iter()
                        .filter(|h| h.bed == bed && h.departure_on > from.max(today))
                        .map(|h| {
                            format!(
                                "{} to {}",
                                format_date(h.arrival_on),
                                format_date(h.departure_on)
                            )
                        })
                        .collect();
                    if !clash.is_empty() {
                        return Err(refuse(
                            "from",
                            "booked",
                            format!("The bed is booked {}", clash.join(" and ")),
                        ));
                    }
                    (Some((from, until)), reason)
                }
            };
            concord_store::set_bed_service(w.tx(), &cap, bed, out, &reason, version).await?;
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                None,
                if out.is_some() {
                    "took an approved-premises bed out of service"
                } else {
                    "put an approved-premises bed back into service"
                },
                Note {
                    detail: Some(json!({"bed": bed.0, "premises": p.id.0})),
                    ..Note::default()
                },
            );
            Ok(())
        })
        .await
    }
}
