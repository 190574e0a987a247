//! Booking an appointment in the diary: what it is, when (today onward, within a year and
//! within the licence in force), where, and any notes.

use chrono::{DateTime, Days, NaiveDate, Utc};
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{DiaryAppointmentId, FieldError, PersonId, ValidationErrors};
use concord_licence::AppointmentKind;
use concord_store::audit::AuditKind;
use concord_store::{DiaryAppointmentRow, LicenceRow};
use serde_json::json;

use super::DiaryBooking;
use crate::access::Note;
use crate::clock::from_london;
use crate::manage::enforcement::active_licence;
use crate::manage::form::text;
use crate::manage::licence::period_of;
use crate::manage::licence_appointment::parse_time;
use crate::{AppError, Manage};

/// How far ahead an appointment may be booked.
const MOST_DAYS_AHEAD: u64 = 366;

struct Checked {
    kind: AppointmentKind,
    starts_at: DateTime<Utc>,
    place: String,
    notes: String,
}

fn check(
    form: &DiaryBooking,
    today: NaiveDate,
    licence: Option<&LicenceRow>,
) -> Result<Checked, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let kind = AppointmentKind::from_code(form.kind.trim());
    if kind.is_none() {
        errors.push(FieldError::new(
            "kind",
            "invalid",
            "Choose an office appointment, a home visit or a police monitoring visit",
        ));
    }
    let date = match concord_domain::parse_date("date", "The date", &form.date) {
        Ok(d) if d < today => {
            errors.push(FieldError::new(
                "date",
                "past",
                "The date must be today or later: record an appointment already held on an \
                 earlier day as a contact",
            ));
            None
        }
        Ok(d) if d > today + Days::new(MOST_DAYS_AHEAD) => {
            errors.push(FieldError::new(
                "date",
                "too_far",
                "Book no more than a year ahead",
            ));
            None
        }
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    if let (Some(d), Some(l)) = (date, licence) {
        let end = period_of(l).end;
        if d > end {
            errors.push(FieldError::new(
                "date",
                "after_licence",
                format!(
                    "The date is after the licence ends on {}",
                    concord_domain::format_date(end)
                ),
            ));
        }
    }
    let time = parse_time(&form.time);
    if time.is_none() {
        errors.push(FieldError::new(
            "time",
            "invalid",
            if form.time.trim().is_empty() {
                "Enter the time"
            } else {
                "Enter the time like 14:00 or 2pm"
            },
        ));
    }
    let place = text(&mut errors, "place", &form.place, "where it is", true, 300);
    let notes = text(&mut errors, "notes", &form.notes, "notes", false, 2000);
    match (kind, date, time) {
        (Some(kind), Some(date), Some(time)) if errors.is_empty() => Ok(Checked {
            kind,
            starts_at: from_london(date.and_time(time)),
            place,
            notes,
        }),
        _ => Err(errors),
    }
}

impl Manage<'_> {
    /// Book an appointment in the reader's diary.
    pub async fn book_appointment(
        &self,
        actor: &Actor,
        person: PersonId,
        form: &DiaryBooking,
    ) -> Result<DiaryAppointmentId, AppError> {
        self.run(actor, async |w| {
            let cap = self
                .licence_section(w.tx(), actor, Action::Change, person)
                .await?;
            let licences = concord_store::licences_of(w.tx(), &cap, person).await?;
            let licence = active_licence(&licences)?;
            let c = check(form, self.clock.today(), licence).map_err(AppError::Validation)?;
            let id = DiaryAppointmentId::new();
            concord_store::insert_diary_appointment(
                w.tx(),
                &cap,
                &DiaryAppointmentRow {
                    id,
                    person_id: person,
                    agency_id: actor.agency_id,
                    kind: c.kind,
                    starts_at: c.starts_at,
                    place: c.place,
                    notes: c.notes,
                    booked_by: actor.user_id,
                    booked_at: self.clock.now(),
                    event_id: None,
                    cancelled_by: None,
                    cancelled_at: None,
                    cancel_reason: String::new(),
                },
            )
            .await?;
            w.audit(
                AuditKind::Collection,
                Action::Change,
                Some(person.0),
                &format!("booked: {}", c.kind.label().to_lowercase()),
                Note {
                    sections: Some(SectionSet::one(Section::Licence)),
                    detail: Some(
                        json!({ "appointment": id, "kind": c.kind, "starts_at": c.starts_at }),
                    ),
                    ..Note::default()
                },
            );
            Ok(id)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(kind: &str, date: &str, time: &str, place: &str) -> DiaryBooking {
        DiaryBooking {
            kind: kind.into(),
            date: date.into(),
            time: time.into(),
            place: place.into(),
            notes: String::new(),
        }
    }

    fn fields(e: ValidationErrors) -> Vec<(String, String)> {
        e.errors
            .into_iter()
            .map(|f| (f.field, f.code.to_string()))
            .collect()
    }

    #[test]
    fn a_booking_is_refused_field_by_field() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let bad = check(&form("lunch", "6/12/2026", "25:00", " "), today, None).err();
        assert_eq!(
            fields(bad.expect("refused")),
            vec![
                ("kind".into(), "invalid".into()),
                ("date".into(), "past".into()),
                ("time".into(), "invalid".into()),
                ("place".into(), "required".into()),
            ]
        );
        let far = check(
            &form("office", "2028-01-01", "2pm", "Chelmsford"),
            today,
            None,
        );
        assert_eq!(
            fields(far.err().unwrap()),
            vec![("date".into(), "too_far".into())]
        );
    }

    #[test]
    fn a_booking_is_kept_as_the_uk_instant_it_names() {
        let today = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
        let Ok(ok) = check(
            &form("home_visit", "2/7/2026", "2.30pm", "His flat"),
            today,
            None,
        ) else {
            panic!("refused");
        };
        assert_eq!(ok.kind, AppointmentKind::HomeVisit);
        // British Summer Time: 14:30 in London is 13:30 UTC.
        assert_eq!(ok.starts_at.to_rfc3339(), "2026-07-02T13:30:00+00:00");
    }
}
