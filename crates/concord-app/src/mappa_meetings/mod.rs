//! MAPP meetings (issue 7 item 3): those who run MAPPA (`mappa.manage`) schedule a meeting
//! in one of the area's towns with a chair; build its agenda (MAPPA C) from new referrals,
//! reviews due and open actions; invite named staff to discuss one case each (a panel
//! membership that ends when the meeting's access ends); record attendance (MAPPA E) with
//! the confidentiality statement (MAPPA D) accepted; and draft the minutes of each case
//! (MAPPA B) in versions, approved by the chair only and not the chair's own writing, then distributed, with onward
//! sharing only by the chair's leave. The rules are concord-mappa's.
//!
//! The meeting itself (town, date, chair) is not personal data about the people
//! discussed; every case on it is, and is decided person by person and audited.

mod agenda;
mod attendance;
mod list_page;
mod minutes;
mod minutes_approval;
mod minutes_onward;

pub use attendance::AttendanceForm;
pub use list_page::MeetingsPage;
pub use minutes::{
    AgreedAction, MinutesForm, MinutesVersion, MinutesView, OnwardShareLine, MINUTES_HEADINGS,
};

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use concord_authz::{Action, Actor, Permission, ResourceKind, Section, SectionSet};
use concord_domain::UserId;
use concord_domain::{FieldError, MeetingId, PersonId, ValidationErrors};
use concord_mappa::MeetingStatus;
use concord_store::audit::AuditKind;
use concord_store::{MeetingRow, Tx};
use serde::Serialize;
use uuid::Uuid;

use crate::access::Note;
use crate::kernel::Work;
use crate::person::Names;
use crate::{AppError, Meetings};

/// Days after the meeting day that invitations keep their access, for the minutes to be
/// checked and approved (MAPPA guidance leaves it to the area; see docs/mappa-meetings.md).
pub const ACCESS_DAYS_AFTER_MEETING: i64 = 14;

/// The confidentiality and diversity statement (MAPPA D), read out and accepted at the
/// start of every meeting (rules.md §1.5).
pub const CONFIDENTIALITY_STATEMENT: &[&str] = &[
    "The information discussed at this meeting is confidential and is shared for the purpose of protecting the public.",
    "The minutes are closed under the Freedom of Information Act 2000, sections 30(1)(b), 38, 40 and 41.",
    "Decisions take account of Article 8(2) of the European Convention on Human Rights: interference with private life only as necessary for public safety, the prevention of crime and disorder, the protection of health or morals, or the protection of the rights and freedoms of others.",
    "Documents from this meeting are marked OFFICIAL-SENSITIVE and must be stored and handled as such.",
    "Recipients may share the minutes within their own agency only as necessary; sharing them beyond it needs the permission of the chair of the meeting.",
    "Attendees are reminded of their duty to treat every person fairly, whatever their age, disability, gender, race, religion or sexual orientation.",
];

/// A meeting as the form posts it.
#[derive(Debug, Clone, Default)]
pub struct MeetingForm {
    pub town: String,
    /// `yyyy-mm-dd` or `d/m/yyyy`.
    pub held_on: String,
    /// `HH:MM`.
    pub starts_at: String,
    /// The chair's username.
    pub chair: String,
}

/// One meeting in a list (the coordinator's dashboard, the meetings page).
#[derive(Debug, Clone, Serialize)]
pub struct MeetingSummary {
    pub id: MeetingId,
    pub town: String,
    pub held_on: NaiveDate,
    pub starts_at: String,
    pub chair: String,
    pub cases: i64,
    pub status: MeetingStatus,
}

/// One case on the agenda, as the actor may see it.
#[derive(Debug, Clone, Serialize)]
pub struct AgendaLine {
    pub person: PersonId,
    pub name: String,
    pub reason: concord_mappa::AgendaReason,
    pub reason_label: String,
    /// Who is invited to discuss this case.
    pub invited: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AttendanceLine {
    pub user_id: UserId,
    pub name: String,
    pub agency: String,
    pub present: bool,
    pub accepted_at: Option<DateTime<Utc>>,
}

/// A meeting with what the actor may see of it.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingView {
    pub id: MeetingId,
    pub area: String,
    pub town: String,
    pub held_on: NaiveDate,
    pub starts_at: String,
    pub chair_id: UserId,
    pub chair: String,
    pub status: MeetingStatus,
    pub access_until: DateTime<Utc>,
    pub agenda: Vec<AgendaLine>,
    pub attendance: Vec<AttendanceLine>,
    /// The area's MAPPA cases not on the agenda that the actor may add (empty unless
    /// they manage meetings and the meeting is not closed).
    pub addable: Vec<(PersonId, String)>,
    /// Every active member of staff of every agency, (username, "Name, Agency") by name:
    /// whom a manager of the meeting may invite or record as attending.
    pub staff: Vec<(String, String)>,
    /// May the actor change the meeting (schedule, agenda, invitations, attendance)?
    pub may_manage: bool,
    /// Is the actor the chair?
    pub is_chair: bool,
}

/// The instant invitations end: midnight in London at the end of the meeting day plus
/// [`ACCESS_DAYS_AFTER_MEETING`] days.
pub fn access_until(held_on: NaiveDate) -> DateTime<Utc> {
    let midnight = (held_on + Duration::days(ACCESS_DAYS_AFTER_MEETING + 1))
        .and_time(NaiveTime::MIN)
        .and_utc();
    // London is an hour ahead of UTC in summer time: its midnight is 23:00 UTC.
    if crate::london_time(midnight) != midnight.naive_utc() {
        midnight - Duration::hours(1)
    } else {
        midnight
    }
}

fn parse_time(value: &str) -> Option<String> {
    let t = NaiveTime::parse_from_str(value.trim(), "%H:%M").ok()?;
    Some(t.format("%H:%M").to_string())
}

impl Meetings<'_> {
    /// Refuse, audited, anyone who does not run MAPPA.
    pub(crate) fn require_mappa_manage(
        &self,
        actor: &Actor,
        action: Action,
    ) -> Result<(), AppError> {
        if actor.has(Permission::MappaManage) {
            return Ok(());
        }
        let reason = "only those who run MAPPA manage its meetings";
        Err(AppError::Denied {
            reason,
            conceal: false,
            audit: Box::new(self.event(
                actor,
                AuditKind::Denied,
                action,
                ResourceKind::PersonList,
                None,
                reason,
                Note::detail(serde_json::json!({"what": "mappa_meeting"})),
            )),
        })
    }

    /// The meeting, or 404.
    pub(crate) async fn load_meeting(
        &self,
        tx: &mut Tx,
        id: MeetingId,
    ) -> Result<MeetingRow, AppError> {
        concord_store::meeting(tx, id)
            .await?
            .filter(|m| m.area == self.settings.mappa.area)
            .ok_or(AppError::NotFound)
    }

    /// Those who run MAPPA, the chair, and those invited to or attending the meeting may
    /// see it; anyone else is refused (audited).
    pub(crate) async fn require_meeting_access(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        m: &MeetingRow,
    ) -> Result<(), AppError> {
        if actor.has(Permission::MappaManage) || actor.user_id == m.chair_id {
            return Ok(());
        }
        let me = actor.user_id;
        let invited = concord_store::invitations(tx, m.id)
            .await?
            .iter()
            .any(|i| i.user_id == me);
        let attending = concord_store::attendance(tx, m.id)
            .await?
            .iter()
            .any(|a| a.user_id == me);
        if invited || attending {
            Ok(())
        } else {
            self.require_mappa_manage(actor, Action::Read)
        }
    }

    /// Schedule a MAPP meeting in the area.
    pub async fn schedule_mappa_meeting(
        &self,
        actor: &Actor,
        form: &MeetingForm,
    ) -> Result<MeetingId, AppError> {
        self.run(actor, async |w| {
            self.require_mappa_manage(actor, Action::Create)?;
            let mut errors = ValidationErrors::new();
            let town = form.town.trim();
            if !self.settings.mappa.towns.iter().any(|t| t == town) {
                errors.push(FieldError::new(
                    "town",
                    "invalid",
                    "Choose the town where the meeting sits",
                ));
            }
            let today = self.clock.today();
            let held_on = match concord_domain::parse_date("held_on", "Meeting date", &form.held_on)
            {
                Ok(d) => {
                    if let Err(e) = concord_mappa::check_meeting_date(d, today) {
                        errors.push(FieldError::new("held_on", e.code(), e.to_string()));
                    }
                    d
                }
                Err(e) => {
                    errors.push(e);
                    today
                }
            };
            let starts_at = parse_time(&form.starts_at).unwrap_or_else(|| {
                errors.push(FieldError::new(
                    "starts_at",
                    "invalid",
                    "Enter the start time as hours and minutes, for example 10:00",
                ));
                String::new()
            });
            let chair = concord_store::user_by_username(w.tx(), form.chair.trim()).await?;
            let chair = match chair {
                Some(u) if u.active && is_chair(w.tx(), u.id).await? => Some(u),
                _ => {
                    errors.push(FieldError::new(
                        "chair",
                        "not_a_chair",
                        "Choose a member of staff who chairs MAPP meetings",
                    ));
                    None
                }
            };
            let (true, Some(chair)) = (errors.is_empty(), chair) else {
                return Err(AppError::Validation(errors));
            };
            let id = Uuid::now_v7();
            concord_store::insert_meeting(
                w.tx(),
                &MeetingRow {
                    id: MeetingId(id),
                    area: self.settings.mappa.area.clone(),
                    town: town.into(),
                    held_on,
                    starts_at: starts_at.clone(),
                    chair_id: chair.id,
                    status: MeetingStatus::Scheduled,
                    access_until: access_until(held_on),
                    created_by: actor.user_id,
                    created_at: self.clock.now(),
                },
            )
            .await?;
            w.audit(
                AuditKind::Collection,
                Action::Create,
                None,
                &format!("scheduled a MAPP meeting in {town} on {held_on} at {starts_at}"),
                Note::detail(serde_json::json!({"meeting": id, "chair": chair.id})),
            );
            Ok(MeetingId(id))
        })
        .await
    }

    /// The area's meetings, soonest first: from today on when `upcoming_only`.
    pub async fn mappa_meetings(
        &self,
        actor: &Actor,
        upcoming_only: bool,
    ) -> Result<Vec<MeetingSummary>, AppError> {
        self.run(actor, async |w| {
            self.mappa_meetings_in(w, upcoming_only).await
        })
        .await
    }

    /// [`Self::mappa_meetings`] within a unit of work (a page that shows it with other parts).
    pub(crate) async fn mappa_meetings_in(
        &self,
        w: &mut Work<'_>,
        upcoming_only: bool,
    ) -> Result<Vec<MeetingSummary>, AppError> {
        let actor = w.actor();
        self.require_mappa_manage(actor, Action::Read)?;
        let from = upcoming_only.then(|| self.clock.today());
        let rows = concord_store::meetings(w.tx(), &self.settings.mappa.area, from).await?;
        let ids: Vec<MeetingId> = rows.iter().map(|m| m.id).collect();
        let counts = concord_store::agenda_counts(w.tx(), &ids).await?;
        let chairs: Vec<UserId> = rows.iter().map(|m| m.chair_id).collect();
        let names = Names::load(w.tx(), &chairs).await?;
        Ok(rows
            .into_iter()
            .map(|m| MeetingSummary {
                id: m.id,
                cases: counts
                    .iter()
                    .find(|(id, _)| *id == m.id)
                    .map_or(0, |(_, n)| *n),
                chair: names.user(Some(m.chair_id)),
                town: m.town,
                held_on: m.held_on,
                starts_at: m.starts_at,
                status: m.status,
            })
            .collect())
    }

    /// For the coordinator's dashboard: the area's meetings from today on, with town,
    /// date, chair, the number of cases and status (counts only: no one is named).
    pub async fn upcoming_mappa_meetings(
        &self,
        actor: &Actor,
    ) -> Result<Vec<MeetingSummary>, AppError> {
        self.mappa_meetings(actor, true).await
    }

    /// A meeting with its agenda — only the cases the actor may read, each decided and
    /// the viewing audited — and its attendance.
    pub async fn mappa_meeting(
        &self,
        actor: &Actor,
        id: MeetingId,
    ) -> Result<MeetingView, AppError> {
        self.run(actor, async |w| {
            let m = self.load_meeting(w.tx(), id).await?;
            self.require_meeting_access(w.tx(), actor, &m).await?;
            let items = concord_store::agenda(w.tx(), m.id).await?;
            let invitations = concord_store::invitations(w.tx(), m.id).await?;
            let attendance = concord_store::attendance(w.tx(), m.id).await?;
            let mut staff: Vec<UserId> = invitations.iter().map(|i| i.user_id).collect();
            staff.extend(attendance.iter().map(|a| a.user_id));
            staff.push(m.chair_id);
            let names = Names::load(w.tx(), &staff).await?;
            let mut agenda = vec![];
            for item in items {
                let person = item.person_id;
                let Some(name) = self.mappa().mappa_case_name(w.tx(), actor, person).await? else {
                    continue;
                };
                w.audit(
                    AuditKind::Consultation,
                    Action::Read,
                    Some(person.0),
                    "viewed the MAPP meeting agenda",
                    Note {
                        sections: Some(SectionSet::of(&[Section::Identity, Section::Management])),
                        detail: Some(serde_json::json!({"meeting": m.id})),
                        ..Note::default()
                    },
                );
                agenda.push(AgendaLine {
                    person,
                    name,
                    reason_label: item.reason.label().into(),
                    reason: item.reason,
                    invited: invitations
                        .iter()
                        .filter(|i| i.person_id == person)
                        .map(|i| names.user(Some(i.user_id)))
                        .collect(),
                });
            }
            let may_manage = actor.has(Permission::MappaManage);
            let addable = if may_manage && m.status != MeetingStatus::Closed {
                let listed: Vec<PersonId> = agenda.iter().map(|a| a.person).collect();
                self.addable_cases(w, &m, &listed).await?
            } else {
                vec![]
            };
            let staff = if may_manage {
                let agencies = concord_store::agencies(w.tx()).await?;
                let mut staff: Vec<(String, String)> = concord_store::users(w.tx())
                    .await?
                    .into_iter()
                    .filter(|u| u.active)
                    .map(|u| {
                        let agency = agencies
                            .iter()
                            .find(|a| a.id == u.agency_id)
                            .map(|a| a.name.clone())
                            .unwrap_or_default();
                        (u.username, format!("{}, {agency}", u.display_name))
                    })
                    .collect();
                staff.sort_by(|a, b| a.1.cmp(&b.1));
                staff
            } else {
                vec![]
            };
            Ok(MeetingView {
                addable,
                staff,
                id: m.id,
                area: m.area.clone(),
                town: m.town.clone(),
                held_on: m.held_on,
                starts_at: m.starts_at.clone(),
                chair_id: m.chair_id,
                chair: names.user(Some(m.chair_id)),
                status: m.status,
                access_until: m.access_until,
                agenda,
                attendance: attendance
                    .iter()
                    .map(|a| AttendanceLine {
                        user_id: a.user_id,
                        name: names.user(Some(a.user_id)),
                        agency: names.agency(a.agency_id),
                        present: a.present,
                        accepted_at: a.confidentiality_accepted_at,
                    })
                    .collect(),
                may_manage,
                is_chair: actor.user_id == m.chair_id,
            })
        })
        .await
    }
}

pub(super) async fn is_chair(tx: &mut Tx, user: UserId) -> Result<bool, AppError> {
    Ok(concord_store::user_roles(tx, user)
        .await?
        .iter()
        .any(|r| r.code == "mappa_chair"))
}
