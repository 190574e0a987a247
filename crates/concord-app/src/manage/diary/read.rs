//! Reading the diary: a person's appointments for his compliance tab, and the reader's own
//! open ones across their cases for My cases — today's, and earlier ones whose outcome is
//! still to be recorded. Each person's appointments are read under his licence section;
//! people whose section the reader does not reach are passed over, as the live alerts are.

use chrono::{DateTime, Days, Utc};
use concord_authz::{Action, Section, SectionSet};
use concord_domain::{PersonId, UserId};
use concord_licence::Attendance;
use concord_store::audit::AuditKind;
use concord_store::ComplianceEventRow;

use super::{DiaryAppointmentView, DiaryLine, DiaryState, MyDiary, PersonDiary};
use crate::access::Note;
use crate::clock::from_london;
use crate::kernel::Work;
use crate::person::Names;
use crate::{AppError, Manage};

/// The most open appointments My cases reads.
const MY_DIARY_LIMIT: i64 = 200;
/// How many recorded or cancelled appointments a person's diary shows.
const PAST_SHOWN: usize = 20;

/// An event's outcome in words: an attendance's label, or what a visit found.
fn outcome_label(e: &ComplianceEventRow) -> String {
    Attendance::from_code(&e.outcome)
        .filter(|_| e.kind.is_attendance())
        .map_or_else(|| e.outcome.clone(), |a| a.label().to_string())
}

impl Manage<'_> {
    /// `person`'s diary, within a unit of work (the compliance tab reads it with the rest).
    pub(crate) async fn diary_in(
        &self,
        w: &mut Work<'_>,
        person: PersonId,
    ) -> Result<PersonDiary, AppError> {
        let actor = w.actor();
        let cap = self
            .licence_section(w.tx(), actor, Action::Read, person)
            .await?;
        let rows = concord_store::diary_appointments_of(w.tx(), &cap, person).await?;
        let events = if rows.iter().any(|r| r.event_id.is_some()) {
            concord_store::compliance_events_of(w.tx(), &cap, person).await?
        } else {
            vec![]
        };
        let users: Vec<UserId> = rows
            .iter()
            .flat_map(|r| std::iter::once(r.booked_by).chain(r.cancelled_by))
            .collect();
        let names = Names::load(w.tx(), &users).await?;
        let now = self.clock.now();
        let mut diary = PersonDiary::default();
        for r in &rows {
            let label = r
                .event_id
                .and_then(|id| events.iter().find(|e| e.id == id))
                .map(outcome_label)
                .unwrap_or_default();
            let view = DiaryAppointmentView::from_row(r, &names, now, label);
            match view.state {
                DiaryState::Upcoming => diary.upcoming.push(view),
                DiaryState::AwaitingOutcome => diary.awaiting_outcome.push(view),
                DiaryState::Recorded | DiaryState::Cancelled => diary.past.push(view),
            }
        }
        diary.past.reverse();
        diary.past.truncate(PAST_SHOWN);
        Ok(diary)
    }

    /// The reader's own open appointments up to the end of today, within a unit of work
    /// (My cases reads them with its other queues), each person's read and audited under
    /// his licence section with `reason`.
    pub(crate) async fn my_diary_in(
        &self,
        w: &mut Work<'_>,
        reason: &str,
    ) -> Result<MyDiary, AppError> {
        let me = w.actor().user_id;
        let now = self.clock.now();
        let today = self.clock.today();
        let tomorrow: DateTime<Utc> = from_london(
            (today + Days::new(1))
                .and_hms_opt(0, 0, 0)
                .unwrap_or_default(),
        );
        let people = concord_store::diary_people_of(w.tx(), me, tomorrow, MY_DIARY_LIMIT).await?;
        let mut diary = MyDiary::default();
        // Every line is the reader's own booking: one name to look up.
        let names = Names::load(w.tx(), &[me]).await?;
        for person in people {
            let readable = w.readable(person).await?;
            if !readable.contains(Section::Licence) || !readable.contains(Section::Identity) {
                continue;
            }
            let name = self.people().record_header_in(w, person).await?.full_name();
            let cap = w
                .person(Action::Read, person, SectionSet::one(Section::Licence))
                .await?;
            let rows = concord_store::diary_appointments_of(w.tx(), &cap, person).await?;
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                Some(person.0),
                reason,
                Note::sections(SectionSet::one(Section::Licence)),
            );
            for r in rows
                .iter()
                .filter(|r| r.booked_by == me && r.is_open() && r.starts_at < tomorrow)
            {
                let line = DiaryLine {
                    person_name: name.clone(),
                    appointment: DiaryAppointmentView::from_row(r, &names, now, String::new()),
                };
                if line.appointment.on == today {
                    diary.today.push(line);
                } else {
                    diary.awaiting_outcome.push(line);
                }
            }
        }
        diary.today.sort_by_key(|l| l.appointment.starts_at);
        diary
            .awaiting_outcome
            .sort_by_key(|l| l.appointment.starts_at);
        Ok(diary)
    }
}

/// One appointment's page: the appointment, whose it is, and whether the reader may
/// record its outcome or cancel it.
#[derive(Debug, Clone)]
pub struct DiaryAppointmentPage {
    pub key_facts: crate::KeyFacts,
    pub person_name: String,
    pub appointment: DiaryAppointmentView,
    pub may_change: bool,
}

impl Manage<'_> {
    /// Appointment `id` of `person`, for its page.
    pub async fn diary_appointment_page(
        &self,
        actor: &concord_authz::Actor,
        person: PersonId,
        id: concord_domain::DiaryAppointmentId,
    ) -> Result<DiaryAppointmentPage, AppError> {
        self.run_page(actor, async |w| {
            let licences = self.licences_in(w, person).await?;
            let appointment = self.appointment_in(w, person, id).await?;
            Ok(DiaryAppointmentPage {
                key_facts: crate::KeyFacts::read(w, person).await?,
                person_name: licences.person_name.clone(),
                appointment,
                may_change: licences.may_change,
            })
        })
        .await
    }

    /// One appointment of `person`, read on its own under his licence section.
    async fn appointment_in(
        &self,
        w: &mut Work<'_>,
        person: PersonId,
        id: concord_domain::DiaryAppointmentId,
    ) -> Result<DiaryAppointmentView, AppError> {
        let actor = w.actor();
        let cap = self
            .licence_section(w.tx(), actor, Action::Read, person)
            .await?;
        let r = &super::appointment_of(w.tx(), &cap, person, id).await?;
        let events = concord_store::compliance_events_of(w.tx(), &cap, person).await?;
        let label = r
            .event_id
            .and_then(|e| events.iter().find(|x| x.id == e))
            .map(outcome_label)
            .unwrap_or_default();
        let users: Vec<UserId> = std::iter::once(r.booked_by).chain(r.cancelled_by).collect();
        let names = Names::load(w.tx(), &users).await?;
        Ok(DiaryAppointmentView::from_row(
            r,
            &names,
            self.clock.now(),
            label,
        ))
    }
}
