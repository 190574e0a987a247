//! The supervisor's diary (issue 24 point 10): appointments booked ahead — an office
//! appointment, a home visit, a police monitoring visit — and, once each has happened,
//! its outcome recorded in one place. The outcome is a compliance event like a contact
//! recorded by hand, so a missed appointment meets the enforcement rules (a warning or a
//! breach referral) without being entered twice. The reminder is the home page: today's
//! appointments, and those past whose outcome nobody has recorded.
//!
//! Decisions:
//! - An appointment is in the diary of whoever books it (they see him). Booking, recording
//!   and cancelling need what recording compliance needs: changing the licence section.
//! - A booking may be for any time from today onward (an appointment held this morning
//!   and entered now included), not for an earlier day: that is a contact to record.
//! - Times are UK wall-clock times, stored as instants.
//!
//! The use cases are in their own files: `book`, `outcome` (kept, missed, or what a visit
//! found), `cancel`, and `read` (a person's diary, and the reader's own for My cases).

mod book;
mod cancel;
mod outcome;
mod read;

pub use read::DiaryAppointmentPage;

use chrono::{DateTime, NaiveDate, Utc};
use concord_domain::{DiaryAppointmentId, PersonId};
use concord_licence::AppointmentKind;
use concord_store::DiaryAppointmentRow;
use serde::Serialize;

use crate::clock::london_time;
use crate::person::Names;
use crate::AppError;

/// Appointment `id` of `person`, read under `cap` (his licence section): not found if it
/// is not his.
async fn appointment_of(
    tx: &mut concord_store::Tx,
    cap: &concord_authz::Capability,
    person: PersonId,
    id: DiaryAppointmentId,
) -> Result<DiaryAppointmentRow, AppError> {
    concord_store::diary_appointments_of(tx, cap, person)
        .await?
        .into_iter()
        .find(|a| a.id == id)
        .ok_or(AppError::NotFound)
}

/// An appointment as the booking form posts it.
#[derive(Debug, Clone, Default)]
pub struct DiaryBooking {
    /// An [`AppointmentKind`] code.
    pub kind: String,
    /// Day/month/year or ISO.
    pub date: String,
    /// `14:00`, `2pm`.
    pub time: String,
    pub place: String,
    pub notes: String,
}

/// How an appointment went, as the outcome form posts it.
#[derive(Debug, Clone, Default)]
pub struct DiaryOutcomeForm {
    /// For an office appointment or home visit, an attendance code; for a police visit,
    /// what the visit found.
    pub outcome: String,
    /// Notes; the excuse for an acceptable absence.
    pub details: String,
}

/// Where an appointment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DiaryState {
    Upcoming,
    /// Its time has come and no one has recorded how it went.
    AwaitingOutcome,
    Recorded,
    Cancelled,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiaryAppointmentView {
    pub id: DiaryAppointmentId,
    pub person_id: PersonId,
    pub kind: AppointmentKind,
    pub starts_at: DateTime<Utc>,
    /// The UK date and time it is at.
    pub on: NaiveDate,
    pub at: String,
    pub place: String,
    pub notes: String,
    pub booked_by: String,
    pub state: DiaryState,
    /// How it went, in words, once recorded; who cancelled it and why, once cancelled.
    pub outcome_label: String,
    pub cancelled: Option<(String, String)>,
}

impl DiaryAppointmentView {
    /// `outcome_label`: the recorded event's outcome in words, if any.
    pub(crate) fn from_row(
        r: &DiaryAppointmentRow,
        names: &Names,
        now: DateTime<Utc>,
        outcome_label: String,
    ) -> Self {
        let local = london_time(r.starts_at);
        let state = if r.cancelled_at.is_some() {
            DiaryState::Cancelled
        } else if r.event_id.is_some() {
            DiaryState::Recorded
        } else if r.starts_at <= now {
            DiaryState::AwaitingOutcome
        } else {
            DiaryState::Upcoming
        };
        DiaryAppointmentView {
            id: r.id,
            person_id: r.person_id,
            kind: r.kind,
            starts_at: r.starts_at,
            on: local.date(),
            at: local.format("%H:%M").to_string(),
            place: r.place.clone(),
            notes: r.notes.clone(),
            booked_by: names.user(Some(r.booked_by)),
            state,
            outcome_label,
            cancelled: r
                .cancelled_by
                .map(|by| (names.user(Some(by)), r.cancel_reason.clone())),
        }
    }
}

/// A person's diary, for the compliance tab.
#[derive(Debug, Clone, Serialize, Default)]
pub struct PersonDiary {
    /// Soonest first.
    pub upcoming: Vec<DiaryAppointmentView>,
    /// Oldest first: the longest waiting at the top.
    pub awaiting_outcome: Vec<DiaryAppointmentView>,
    /// Recorded or cancelled, newest first.
    pub past: Vec<DiaryAppointmentView>,
    /// Whether the reader may book, record and cancel.
    pub may_book: bool,
}

/// One line of the reader's own diary on My cases.
#[derive(Debug, Clone, Serialize)]
pub struct DiaryLine {
    pub person_name: String,
    pub appointment: DiaryAppointmentView,
}

/// The reader's own open appointments, for My cases.
#[derive(Debug, Clone, Serialize, Default)]
pub struct MyDiary {
    /// Today's, in time order (those past their time still awaiting an outcome included).
    pub today: Vec<DiaryLine>,
    /// Earlier days' with no outcome recorded: the reminder.
    pub awaiting_outcome: Vec<DiaryLine>,
}
