//! Attendance (MAPPA E) with the confidentiality statement (MAPPA D), and opening the
//! meeting once its chair has accepted the statement.

use concord_authz::{Action, Actor};
use concord_domain::AttendanceId;
use concord_domain::{FieldError, MeetingId, ValidationErrors};
use concord_mappa::MeetingStatus;
use concord_store::audit::AuditKind;
use concord_store::AttendanceRow;

use crate::access::Note;
use crate::{AppError, Meetings};

/// One attendee as the form posts it.
#[derive(Debug, Clone, Default)]
pub struct AttendanceForm {
    /// The attendee's username (an invitee or any member of staff).
    pub username: String,
    /// `present` or `apologies`.
    pub attendance: String,
    /// The attendee accepted the confidentiality statement read at the start.
    pub accepted: bool,
}

impl Meetings<'_> {
    /// Record one attendee, present or sending apologies, with their agency. Someone
    /// present must have accepted the confidentiality statement.
    pub async fn record_mappa_attendance(
        &self,
        actor: &Actor,
        meeting: MeetingId,
        form: &AttendanceForm,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            self.require_mappa_manage(actor, Action::Change)?;
            let m = self.load_meeting(w.tx(), meeting).await?;
            let mut errors = ValidationErrors::new();
            let user = match concord_store::user_by_username(w.tx(), form.username.trim()).await? {
                Some(u) if u.active => Some(u),
                _ => {
                    errors.push(FieldError::new(
                        "username",
                        "user_unknown",
                        "Enter the username of a member of staff",
                    ));
                    None
                }
            };
            let present = match form.attendance.trim() {
                "present" => true,
                "apologies" => false,
                _ => {
                    errors.push(FieldError::new(
                        "attendance",
                        "required",
                        "Choose whether they are present or sent apologies",
                    ));
                    false
                }
            };
            if present {
                if let Err(e) = concord_mappa::check_confidentiality(form.accepted) {
                    errors.push(FieldError::new("accepted", e.code(), e.to_string()));
                }
            }
            let (true, Some(user)) = (errors.is_empty(), user) else {
                return Err(AppError::Validation(errors));
            };
            let now = self.clock.now();
            concord_store::upsert_attendance(
                w.tx(),
                &AttendanceRow {
                    id: AttendanceId::new(),
                    meeting_id: m.id,
                    user_id: user.id,
                    agency_id: user.agency_id,
                    present,
                    confidentiality_accepted_at: present.then_some(now),
                    recorded_at: now,
                },
            )
            .await?;
            let what = if present {
                "present, confidentiality statement accepted"
            } else {
                "apologies"
            };
            w.audit(
                AuditKind::Collection,
                Action::Change,
                None,
                &format!(
                    "recorded MAPP meeting attendance: {} ({what})",
                    user.display_name
                ),
                Note::detail(serde_json::json!({"meeting": m.id, "user": user.id})),
            );
            Ok(())
        })
        .await
    }

    /// Open the meeting: on its day (or after), and only once its chair is recorded
    /// present, having accepted the confidentiality statement.
    pub async fn open_mappa_meeting(
        &self,
        actor: &Actor,
        meeting: MeetingId,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            self.require_mappa_manage(actor, Action::Change)?;
            let m = self.load_meeting(w.tx(), meeting).await?;
            if m.status != MeetingStatus::Scheduled {
                return Err(AppError::field(
                    "status",
                    "not_scheduled",
                    "The meeting has already been opened",
                ));
            }
            // A meeting is held on its day: opened early, its minutes would record a
            // discussion that has not happened. (Opened late is allowed: minutes are
            // often typed up after the day.)
            if self.clock.today() < m.held_on {
                return Err(AppError::field(
                    "held_on",
                    "meeting_not_today",
                    format!(
                        "The meeting is on {}: it can be opened on that day",
                        concord_domain::format_date(m.held_on)
                    ),
                ));
            }
            let chair_accepted = concord_store::attendance(w.tx(), m.id)
                .await?
                .iter()
                .any(|a| {
                    a.user_id == m.chair_id && a.present && a.confidentiality_accepted_at.is_some()
                });
            if let Err(e) = concord_mappa::check_confidentiality(chair_accepted) {
                return Err(AppError::field(
                    "accepted",
                    e.code(),
                    "The chair must be recorded present, having accepted the confidentiality statement, before the meeting opens",
                ));
            }
            concord_store::set_meeting_status(w.tx(), m.id, MeetingStatus::Open).await?;
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                None,
                &format!(
                    "opened the MAPP meeting in {} on {}",
                    m.town,
                    concord_domain::format_date(m.held_on)
                ),
                Note::detail(serde_json::json!({"meeting": m.id})),
            );
            Ok(())
        })
        .await
    }
}
