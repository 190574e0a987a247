//! The agenda (MAPPA C) and invitations to discuss one case on it.

use concord_authz::{Action, Actor, ListScope, Resource, Section, SectionSet};
use concord_domain::{AgendaItemId, InvitationId};
use concord_domain::{MeetingId, PersonId};
use concord_mappa::AgendaReason;
use concord_store::audit::AuditKind;
use concord_store::{AgendaItemRow, InvitationRow, MeetingRow};

use crate::access::Note;
use crate::kernel::Work;
use crate::{AppError, Meetings};

impl Meetings<'_> {
    /// Add to the agenda the area's new referrals, reviews due by the meeting day and
    /// cases with open actions, each with its reason; cases already on it stay as they
    /// are. Only cases the actor runs are added. Returns how many were added.
    pub async fn build_mappa_agenda(
        &self,
        actor: &Actor,
        meeting: MeetingId,
    ) -> Result<usize, AppError> {
        self.run(actor, async |w| {
            self.require_mappa_manage(actor, Action::Change)?;
            let m = self.load_meeting(w.tx(), meeting).await?;
            let list = w.decide(Action::Read, &Resource::list(ListScope::Related))?;
            let candidates =
                concord_store::agenda_candidates(w.tx(), &list, &m.area, m.held_on).await?;
            let mut added = 0;
            for (person, reason) in candidates {
                if self.add_item(w, &m, person, reason, false).await? {
                    added += 1;
                }
            }
            Ok(added)
        })
        .await
    }

    /// Put one case on the agenda by hand.
    pub async fn add_to_mappa_agenda(
        &self,
        actor: &Actor,
        meeting: MeetingId,
        person: PersonId,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            self.require_mappa_manage(actor, Action::Change)?;
            let m = self.load_meeting(w.tx(), meeting).await?;
            if !self
                .add_item(w, &m, person, AgendaReason::ByHand, true)
                .await?
            {
                return Err(AppError::field(
                    "person",
                    "already_on_agenda",
                    "This case is already on the agenda",
                ));
            }
            Ok(())
        })
        .await
    }

    /// Take one case off the agenda.
    pub async fn remove_from_mappa_agenda(
        &self,
        actor: &Actor,
        meeting: MeetingId,
        person: PersonId,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            self.require_mappa_manage(actor, Action::Change)?;
            let m = self.load_meeting(w.tx(), meeting).await?;
            let cap = w
                .person(Action::Change, person, SectionSet::one(Section::Management))
                .await?;
            if !concord_store::delete_agenda_item(w.tx(), &cap, m.id, person).await? {
                return Err(AppError::NotFound);
            }
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(person.0),
                "took the case off a MAPP meeting agenda",
                Note::detail(serde_json::json!({"meeting": m.id})),
            );
            Ok(())
        })
        .await
    }

    /// Add one case; false if it is already on the agenda. A case the actor may not change
    /// is skipped when building (`strict` false) and refused when added by hand.
    async fn add_item(
        &self,
        w: &mut Work<'_>,
        m: &MeetingRow,
        person: PersonId,
        reason: AgendaReason,
        strict: bool,
    ) -> Result<bool, AppError> {
        let cap = match w
            .person(Action::Change, person, SectionSet::one(Section::Management))
            .await
        {
            Ok(cap) => cap,
            Err(AppError::Denied { .. } | AppError::NotFound) if !strict => return Ok(false),
            Err(AppError::NotFound) if strict => {
                return Err(AppError::field(
                    "person",
                    "unknown",
                    "There is no such person",
                ))
            }
            Err(e) => return Err(e),
        };
        let items = concord_store::agenda(w.tx(), m.id).await?;
        if items.iter().any(|i| i.person_id == person) {
            return Ok(false);
        }
        let position = items.iter().map(|i| i.position).max().unwrap_or(0) + 1;
        concord_store::insert_agenda_item(
            w.tx(),
            &cap,
            &AgendaItemRow {
                id: AgendaItemId::new(),
                meeting_id: m.id,
                person_id: person,
                reason,
                position,
                created_at: self.clock.now(),
            },
        )
        .await?;
        w.audit(
            AuditKind::Alteration,
            Action::Change,
            Some(person.0),
            &format!(
                "put the case on the agenda of the MAPP meeting in {} on {} ({})",
                m.town,
                concord_domain::format_date(m.held_on),
                reason.label()
            ),
            Note::detail(serde_json::json!({"meeting": m.id, "reason": reason.code()})),
        );
        Ok(true)
    }

    /// Invite a named member of staff (any agency) to discuss one case on the agenda:
    /// they may read that person's record until the meeting's access ends, and nothing
    /// else. An audit event of kind disclosure names them.
    pub async fn invite_to_mappa_meeting(
        &self,
        actor: &Actor,
        meeting: MeetingId,
        person: PersonId,
        username: &str,
    ) -> Result<InvitationId, AppError> {
        self.run(actor, async |w| {
            self.require_mappa_manage(actor, Action::Change)?;
            let m = self.load_meeting(w.tx(), meeting).await?;
            let cap = w
                .person(Action::Change, person, SectionSet::one(Section::Management))
                .await?;
            if !concord_store::agenda(w.tx(), m.id)
                .await?
                .iter()
                .any(|i| i.person_id == person)
            {
                return Err(AppError::field(
                    "person",
                    "not_on_agenda",
                    "Put the case on the agenda before inviting someone to discuss it",
                ));
            }
            let staff = match concord_store::user_by_username(w.tx(), username.trim()).await? {
                Some(u) if u.active => u,
                _ => {
                    return Err(AppError::field(
                        "username",
                        "user_unknown",
                        format!("There is no active member of staff `{}`", username.trim()),
                    ))
                }
            };
            if m.access_until <= self.clock.now() {
                return Err(AppError::field(
                    "username",
                    "meeting_over",
                    "The meeting's access has ended: invite them to a later meeting",
                ));
            }
            if concord_store::invitations(w.tx(), m.id)
                .await?
                .iter()
                .any(|i| i.person_id == person && i.user_id == staff.id)
            {
                return Err(AppError::field(
                    "username",
                    "already_invited",
                    format!(
                        "{} is already invited to discuss this case",
                        staff.display_name
                    ),
                ));
            }
            let label = format!(
                "MAPP meeting, {} {}",
                m.town,
                concord_domain::format_date(m.held_on)
            );
            let membership = self
                .sharing()
                .add_panel_member(w, &cap, person, &staff, &label, m.access_until)
                .await?;
            let id = InvitationId::new();
            concord_store::insert_invitation(
                w.tx(),
                &cap,
                &InvitationRow {
                    id,
                    meeting_id: m.id,
                    person_id: person,
                    user_id: staff.id,
                    panel_membership_id: membership,
                    invited_by: actor.user_id,
                    invited_at: self.clock.now(),
                },
            )
            .await?;
            Ok(id)
        })
        .await
    }
}

impl Meetings<'_> {
    /// The area's MAPPA cases (referred or managed) the actor may read and that are not on
    /// the agenda yet, by name: what the agenda's "Add a case" picks from, instead of a
    /// pasted record number. The listing is audited once, with how many it named.
    pub(super) async fn addable_cases(
        &self,
        w: &mut Work<'_>,
        m: &MeetingRow,
        on_agenda: &[PersonId],
    ) -> Result<Vec<(PersonId, String)>, AppError> {
        let actor = w.actor().clone();
        let list = w.decide(Action::Read, &Resource::list(ListScope::Related))?;
        let records = concord_store::open_mappa_records(w.tx(), &list, &m.area).await?;
        let mut out: Vec<(PersonId, String)> = vec![];
        for r in records {
            if on_agenda.contains(&r.person_id) || out.iter().any(|(p, _)| *p == r.person_id) {
                continue;
            }
            if let Some(name) = self
                .mappa()
                .mappa_case_name(w.tx(), &actor, r.person_id)
                .await?
            {
                out.push((r.person_id, name));
            }
        }
        out.sort_by(|a, b| a.1.cmp(&b.1));
        w.audit(
            AuditKind::Consultation,
            Action::Read,
            None,
            "viewed the MAPPA cases that may be added to a meeting's agenda",
            Note {
                sections: Some(SectionSet::of(&[Section::Identity, Section::Management])),
                detail: Some(serde_json::json!({"meeting": m.id, "cases": out.len()})),
                ..Note::default()
            },
        );
        Ok(out)
    }
}
