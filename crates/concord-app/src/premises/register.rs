//! The sign-in register: the premises' staff record each time a resident goes out and
//! comes back. Coming back after the curfew began, or not coming back at all, is a missed
//! curfew: a compliance event on his licence, kept like a missed appointment (without a
//! reasonable excuse it opens the enforcement decision for his offender manager, or the
//! breach referral a warning in force demands). The curfew is his licence's curfew
//! condition in force (so a variation that relaxes it changes the register at once), else
//! the approved premises' own, 23:00 to 07:00.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{
    format_date, parse_date, ApBookingId, BookingStatus, FieldError, PersonId, ValidationErrors,
};
use concord_licence::curfew::curfew_from_condition;
use concord_licence::values::describe_days;
use concord_licence::{Attendance, ComplianceKind, Weekday};
use concord_store::audit::AuditKind;
use concord_store::{BookingRow, RegisterRow};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::access::Note;
use crate::clock::from_london;
use crate::kernel::Work;
use crate::manage::{active_licence, conditions_of, form_text as text, CheckedEvent};
use crate::{london_date, london_time, AppError, Premises};

/// An approved premises' own curfew, when the licence sets none.
const AP_CURFEW: (u32, u32) = (23, 7);

/// A movement as the form posts it.
#[derive(Debug, Clone, Default)]
pub struct MovementForm {
    /// `out` or `in`.
    pub direction: String,
    /// The day (today when empty).
    pub on: String,
    /// 24-hour clock, like 23:40.
    pub time: String,
    pub note: String,
    /// For a return after the curfew began: the reasonable excuse, if there is one.
    pub excuse: String,
}

/// He has not come back: the night of the missed curfew.
#[derive(Debug, Clone, Default)]
pub struct MissedCurfewForm {
    pub night: String,
    pub note: String,
}

/// The curfew the register keeps.
#[derive(Debug, Clone, Serialize)]
pub struct RegisterCurfew {
    pub start: NaiveTime,
    pub end: NaiveTime,
    /// The days on which a curfew night starts (every day for the premises' own).
    pub days: BTreeSet<Weekday>,
    /// The licence condition's first and last nights, when it has them.
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// "his licence's curfew condition" or "the approved premises' curfew".
    pub source: &'static str,
}

impl RegisterCurfew {
    /// Whether a curfew night starts on `night`: a Monday-to-Friday curfew keeps no
    /// Saturday night, and an absence then is no missed curfew.
    pub fn starts_on(&self, night: NaiveDate) -> bool {
        self.days.contains(&Weekday::of(night))
            && self.from.is_none_or(|f| f <= night)
            && self.until.is_none_or(|u| night <= u)
    }

    /// "19:00 to 07:00, Monday to Friday (his licence's curfew condition)".
    pub fn describe(&self) -> String {
        format!(
            "{} to {}, {} ({})",
            self.start.format("%H:%M"),
            self.end.format("%H:%M"),
            describe_days(&self.days),
            self.source
        )
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RegisterLine {
    pub kind: String,
    pub at: DateTime<Utc>,
    pub note: String,
    /// A missed curfew recorded on the licence.
    pub missed_curfew: bool,
}

/// The first curfew night whose hours overlap an absence from `out` to `back`: the night
/// (the day the curfew began) and when it began.
fn curfew_overlap(
    curfew: &RegisterCurfew,
    out: DateTime<Utc>,
    back: DateTime<Utc>,
) -> Option<(NaiveDate, DateTime<Utc>)> {
    let first = london_date(out) - Duration::days(1);
    let last = london_date(back);
    (0..=(last - first).num_days())
        .map(|i| first + Duration::days(i))
        .filter(|night| curfew.starts_on(*night))
        .find_map(|night| {
            let start = from_london(night.and_time(curfew.start));
            let end_day = if curfew.end <= curfew.start {
                night + Duration::days(1)
            } else {
                night
            };
            let end = from_london(end_day.and_time(curfew.end));
            (out < end && back > start).then_some((night, start))
        })
}

fn refuse(field: &str, code: &'static str, message: String) -> AppError {
    AppError::Validation(ValidationErrors::from(FieldError::new(
        field, code, message,
    )))
}

impl Premises<'_> {
    /// The curfew in force for `person` today.
    pub(crate) async fn register_curfew(
        &self,
        w: &mut Work<'_>,
        person: PersonId,
    ) -> Result<RegisterCurfew, AppError> {
        let read = w
            .person(Action::Read, person, SectionSet::one(Section::Licence))
            .await?;
        let licences = concord_store::licences_of(w.tx(), &read, person).await?;
        let today = self.clock.today();
        if let Some(l) = active_licence(&licences)? {
            let curfew = conditions_of(l)?
                .iter()
                .find_map(|c| curfew_from_condition(&c.condition, l.release_date, None).ok());
            if let Some(c) = curfew.filter(|c| c.from <= today) {
                return Ok(RegisterCurfew {
                    start: c.start,
                    end: c.end,
                    days: c.days,
                    from: Some(c.from),
                    until: c.until,
                    source: "his licence's curfew condition",
                });
            }
        }
        Ok(RegisterCurfew {
            start: NaiveTime::from_hms_opt(AP_CURFEW.0, 0, 0).unwrap_or_default(),
            end: NaiveTime::from_hms_opt(AP_CURFEW.1, 0, 0).unwrap_or_default(),
            days: Weekday::ALL.into_iter().collect(),
            from: None,
            until: None,
            source: "the approved premises' curfew",
        })
    }

    /// The resident's booking, arrived; his register, newest first.
    async fn resident(
        &self,
        w: &mut Work<'_>,
        person: PersonId,
        booking: ApBookingId,
    ) -> Result<(concord_authz::Capability, BookingRow, Vec<RegisterRow>), AppError> {
        let (cap, b) = self.booking(w, Action::Change, person, booking).await?;
        if b.status != BookingStatus::Arrived {
            return Err(refuse(
                "direction",
                "not_resident",
                format!(
                    "He is not resident (the booking is {}): only a resident signs in and out",
                    b.status.label().to_lowercase()
                ),
            ));
        }
        let lines = concord_store::ap_register_of(w.tx(), &cap, person)
            .await?
            .into_iter()
            .filter(|r| r.booking_id == booking)
            .collect();
        Ok((cap, b, lines))
    }

    /// Record a missed curfew on the licence, through the compliance rules.
    async fn missed_curfew(
        &self,
        w: &mut Work<'_>,
        cap: &concord_authz::Capability,
        person: PersonId,
        night: NaiveDate,
        details: String,
        excuse: &str,
    ) -> Result<Uuid, AppError> {
        let read = w
            .person(Action::Read, person, SectionSet::one(Section::Licence))
            .await?;
        let excused = !excuse.trim().is_empty();
        let event = CheckedEvent {
            kind: ComplianceKind::ApCurfew,
            occurred_on: night,
            outcome: if excused {
                Attendance::AcceptableAbsence
            } else {
                Attendance::UnacceptableAbsence
            }
            .code()
            .into(),
            details: if excused {
                format!("{details} Reasonable excuse: {}", excuse.trim())
            } else {
                details
            },
        };
        let recorded = self
            .manage()
            .record_checked(w, &read, cap, person, event)
            .await?;
        Ok(recorded.event_id.0)
    }

    /// A resident went out or came back. Returns whether a missed curfew was recorded.
    pub async fn record_movement(
        &self,
        actor: &Actor,
        person: PersonId,
        booking: ApBookingId,
        form: &MovementForm,
    ) -> Result<bool, AppError> {
        self.run(actor, async |w| {
            let (cap, b, lines) = self.resident(w, person, booking).await?;
            let mut errors = ValidationErrors::new();
            let direction = match form.direction.trim() {
                d @ ("out" | "in") => Some(d),
                _ => {
                    errors.push(FieldError::new("direction", "required", "Choose signed out or signed in"));
                    None
                }
            };
            let now = self.clock.now();
            let when = super::moment(&mut errors, ("on", &form.on), ("time", &form.time), now);
            let note = text(&mut errors, "note", &form.note, "a note", false, 1000);
            let (Some(direction), Some((day, at)), true) = (direction, when, errors.is_empty()) else {
                return Err(AppError::Validation(errors));
            };
            if at > now + Duration::minutes(5) {
                return Err(refuse("time", "in_future", "The time is in the future".into()));
            }
            // From the day he arrived: staff often write up the night's movements later.
            if b.arrived_at.is_some_and(|a| day < london_date(a)) {
                return Err(refuse(
                    "on",
                    "before_arrival",
                    format!("He arrived on {}: a movement cannot be before that day", format_date(b.arrival_on)),
                ));
            }
            let last = lines.iter().find(|r| r.kind == "out" || r.kind == "in");
            if last.is_some_and(|r| r.at > at) {
                return Err(refuse("time", "out_of_order", "A later movement is already recorded".into()));
            }
            let out_since = last.filter(|r| r.kind == "out").map(|r| r.at);
            match (direction, out_since) {
                ("out", Some(_)) => return Err(refuse("direction", "already_out", "He is already signed out".into())),
                ("in", None) => return Err(refuse("direction", "already_in", "He is already signed in".into())),
                _ => {}
            }
            // Out during any part of a curfew night (back after it began, or gone out
            // while it was in force; only nights on the curfew's days): a missed curfew,
            // unless one was already recorded for this absence.
            let mut event = None;
            if let (Some(out), "in") = (out_since, direction) {
                let curfew = self.register_curfew(w, person).await?;
                let already = lines.iter().any(|r| r.kind == "missed_curfew" && r.at >= out);
                let breach = curfew_overlap(&curfew, out, at);
                if let (Some((night, start)), false) = (breach, already) {
                    let hours = format!("{} to {}", curfew.start.format("%H:%M"), curfew.end.format("%H:%M"));
                    let details = if out < start {
                        format!(
                            "Not back at the approved premises by {} ({}, {hours}) on {}: signed back in at {}, {} minutes late.",
                            curfew.start.format("%H:%M"),
                            curfew.source,
                            format_date(night),
                            london_time(at).format("%H:%M"),
                            (at - start).num_minutes()
                        )
                    } else {
                        format!(
                            "Out of the approved premises during the curfew ({}, {hours}) of the night of {}: signed out at {}, back at {}.",
                            curfew.source,
                            format_date(night),
                            london_time(out).format("%H:%M"),
                            london_time(at).format("%H:%M")
                        )
                    };
                    event = Some(self.missed_curfew(w, &cap, person, night, details, &form.excuse).await?);
                }
            }
            concord_store::insert_ap_register(
                w.tx(),
                &cap,
                &RegisterRow {
                    id: Uuid::now_v7(),
                    booking_id: booking,
                    person_id: person,
                    kind: direction.into(),
                    at,
                    note,
                    compliance_event_id: event,
                    recorded_by: actor.user_id,
                    recorded_at: now,
                },
            )
            .await?;
            w.audit(
                AuditKind::Collection,
                Action::Create,
                Some(person.0),
                "recorded a movement in an approved premises' register",
                Note {
                    sections: Some(SectionSet::one(Section::Licence)),
                    detail: Some(json!({"booking": booking.0, "direction": direction, "missed_curfew": event})),
                    ..Note::default()
                },
            );
            Ok(event.is_some())
        })
        .await
    }

    /// He is out and did not come back by the curfew of `night`.
    pub async fn record_missed_curfew(
        &self,
        actor: &Actor,
        person: PersonId,
        booking: ApBookingId,
        form: &MissedCurfewForm,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            let (cap, _, lines) = self.resident(w, person, booking).await?;
            let night = parse_date("night", "The night", &form.night)
                .map_err(|e| AppError::Validation(ValidationErrors::from(e)))?;
            let mut errors = ValidationErrors::new();
            let note = text(
                &mut errors,
                "note",
                &form.note,
                "what is known of where he is",
                true,
                1000,
            );
            if !errors.is_empty() {
                return Err(AppError::Validation(errors));
            }
            let curfew = self.register_curfew(w, person).await?;
            if !curfew.starts_on(night) {
                return Err(refuse(
                    "night",
                    "no_curfew",
                    format!(
                        "His curfew does not apply on the night of {}: it is {}",
                        format_date(night),
                        curfew.describe()
                    ),
                ));
            }
            let start = from_london(night.and_time(curfew.start));
            if start > self.clock.now() {
                return Err(refuse(
                    "night",
                    "not_yet",
                    format!("The curfew on {} has not begun", format_date(night)),
                ));
            }
            let out = lines
                .iter()
                .find(|r| r.kind == "out" || r.kind == "in")
                .filter(|r| r.kind == "out" && r.at < start);
            let Some(out) = out else {
                return Err(refuse(
                    "night",
                    "not_out",
                    "He was not signed out when the curfew began".into(),
                ));
            };
            if lines
                .iter()
                .any(|r| r.kind == "missed_curfew" && r.at >= out.at)
            {
                return Err(refuse(
                    "night",
                    "already_recorded",
                    "This missed curfew is already recorded".into(),
                ));
            }
            let details = format!(
                "Not back at the approved premises by {} ({}) on {}. {note}",
                curfew.start.format("%H:%M"),
                curfew.source,
                format_date(night)
            );
            let event = self
                .missed_curfew(w, &cap, person, night, details, "")
                .await?;
            concord_store::insert_ap_register(
                w.tx(),
                &cap,
                &RegisterRow {
                    id: Uuid::now_v7(),
                    booking_id: booking,
                    person_id: person,
                    kind: "missed_curfew".into(),
                    at: start,
                    note,
                    compliance_event_id: Some(event),
                    recorded_by: actor.user_id,
                    recorded_at: self.clock.now(),
                },
            )
            .await?;
            w.audit(
                AuditKind::Collection,
                Action::Create,
                Some(person.0),
                "recorded a missed curfew at an approved premises",
                Note {
                    sections: Some(SectionSet::one(Section::Licence)),
                    detail: Some(json!({"booking": booking.0, "event": event})),
                    ..Note::default()
                },
            );
            Ok(())
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 19:00 to 07:00, Monday to Friday: the nights a curfew starts are the only ones kept.
    #[test]
    fn a_weekday_curfew_keeps_no_saturday_night() {
        let curfew = RegisterCurfew {
            start: NaiveTime::from_hms_opt(19, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(7, 0, 0).unwrap(),
            days: [
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ]
            .into_iter()
            .collect(),
            from: None,
            until: None,
            source: "his licence's curfew condition",
        };
        let at = |d: u32, h: u32, m: u32| {
            from_london(
                NaiveDate::from_ymd_opt(2026, 3, d)
                    .unwrap()
                    .and_hms_opt(h, m, 0)
                    .unwrap(),
            )
        };
        // Friday 13 March: out 18:00, back 20:00 — Friday night's curfew.
        let friday = NaiveDate::from_ymd_opt(2026, 3, 13).unwrap();
        assert_eq!(
            curfew_overlap(&curfew, at(13, 18, 0), at(13, 20, 0)).map(|x| x.0),
            Some(friday)
        );
        // Saturday 06:00 is still inside Friday night's curfew.
        assert_eq!(
            curfew_overlap(&curfew, at(14, 5, 30), at(14, 6, 0)).map(|x| x.0),
            Some(friday)
        );
        // Saturday evening to Sunday evening: no curfew starts on either night.
        assert_eq!(curfew_overlap(&curfew, at(14, 9, 0), at(15, 23, 0)), None);
        // Out Sunday evening, back Monday 19:30: Monday night's curfew.
        assert_eq!(
            curfew_overlap(&curfew, at(15, 18, 0), at(16, 19, 30)).map(|x| x.0),
            NaiveDate::from_ymd_opt(2026, 3, 16)
        );
        // Until a day: none after it.
        let ended = RegisterCurfew {
            until: NaiveDate::from_ymd_opt(2026, 3, 12),
            ..curfew.clone()
        };
        assert!(!ended.starts_on(friday));
        assert_eq!(
            curfew.describe(),
            "19:00 to 07:00, Monday to Friday (his licence's curfew condition)"
        );
    }
}
