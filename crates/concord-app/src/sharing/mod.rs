//! Need-to-know in use: the owning agency shares sections of a record and revokes the
//! share; case managers refer a person to a partner agency; MAPPA panels are invited;
//! named roles open a record by break-glass and the owning agency's information
//! governance lead reviews it. Every one is decided by the policy and audited.

use chrono::{Duration, NaiveDate};
use concord_authz::{Action, Actor, ResourceKind, Section, SectionSet};
use concord_domain::{AgencyId, TeamId, UserId};
use concord_domain::{FieldError, PersonId, ValidationErrors};
use concord_domain::{PanelMembershipId, ReferralId, ShareId};
use concord_store::audit::AuditKind;
use concord_store::{
    agency_by_code, insert_panel_membership, insert_referral, insert_share, revoke_share,
    sections_to_codes, teams, user_by_id, user_by_username, PanelMembershipRow, ReferralRow,
    ShareRow, Tx, UserRow,
};

use crate::access::Note;
use crate::kernel::Work;
use crate::person::take;
use crate::person::DateInput;
use crate::{AppError, Sharing};

mod break_glass;
pub use break_glass::BreakGlassReview;

/// How long a break-glass opening lasts.
pub const BREAK_GLASS_HOURS: i64 = 4;
/// The longest a share may run before the owning agency must look at it again.
pub const SHARE_MAX_DAYS: i64 = 366;

#[derive(Debug, Clone, Default)]
pub struct ShareInput {
    /// Section codes (identity is always included).
    pub sections: Vec<String>,
    /// `agency`, `team` or `user`.
    pub recipient_kind: String,
    /// An agency code, a team id or a username.
    pub recipient: String,
    pub purpose: String,
    pub expires_on: DateInput,
}

struct Share {
    sections: SectionSet,
    to_agency: Option<AgencyId>,
    to_team: Option<TeamId>,
    to_user: Option<UserId>,
    recipient_label: String,
    purpose: String,
    expires_on: NaiveDate,
}

/// Parse `sections` codes; restricted ones are named in the error, since the user asked
/// for something the law does not let them give.
pub(crate) fn parse_sections(
    field: &str,
    codes: &[String],
    errors: &mut ValidationErrors,
) -> Option<SectionSet> {
    if !crate::limits::at_most(
        errors,
        field,
        "sections",
        codes.len(),
        crate::limits::MAX_SECTIONS,
    ) {
        return None;
    }
    let mut set = SectionSet::EMPTY;
    for code in codes.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        match Section::from_code(code) {
            Some(s) if s.is_shareable() => set.insert(s),
            Some(s) => {
                errors.push(FieldError::new(
                    field,
                    "section_restricted",
                    format!(
                        "{} cannot be shared: restricted sections never leave the case team",
                        s.label()
                    ),
                ));
                return None;
            }
            None => {
                errors.push(FieldError::new(
                    field,
                    "section_unknown",
                    format!("`{code}` is not a section of the record"),
                ));
                return None;
            }
        }
    }
    if set.is_empty() {
        errors.push(FieldError::new(
            field,
            "required",
            "Select at least one section to share",
        ));
        return None;
    }
    set.insert(Section::Identity);
    Some(set)
}

impl Sharing<'_> {
    async fn parse_share(&self, tx: &mut Tx, input: &ShareInput) -> Result<Share, AppError> {
        let mut errors = ValidationErrors::new();
        let today = self.clock.today();
        let sections = parse_sections("sections", &input.sections, &mut errors);
        let purpose = take(
            &mut errors,
            concord_domain::required_multiline_text(
                "purpose",
                "the purpose of the share",
                &input.purpose,
                1000,
            ),
        );
        let expires_on = take(
            &mut errors,
            input.expires_on.required("expires_on", "Share until"),
        )
        .and_then(|d| {
            if d < today {
                errors.push(FieldError::new(
                    "expires_on",
                    "date_past",
                    "Share until must be today or in the future",
                ));
                None
            } else if d > today + Duration::days(SHARE_MAX_DAYS) {
                errors.push(FieldError::new(
                    "expires_on",
                    "date_too_far",
                    "Share until must be within a year: renew the share if it is still needed",
                ));
                None
            } else {
                Some(d)
            }
        });
        let recipient = input.recipient.trim();
        let mut to = (None, None, None, String::new());
        match input.recipient_kind.trim() {
            _ if recipient.is_empty() => errors.push(FieldError::new(
                "recipient",
                "required",
                "Enter who the sections are shared with",
            )),
            "agency" => match agency_by_code(tx, recipient).await? {
                Some(a) => to = (Some(a.id), None, None, a.name),
                None => errors.push(FieldError::new(
                    "recipient",
                    "agency_unknown",
                    format!("There is no agency with the code `{recipient}`"),
                )),
            },
            "team" => match recipient.parse::<TeamId>().ok() {
                Some(id) => match teams(tx).await?.into_iter().find(|t| t.id == id) {
                    Some(t) => to = (None, Some(t.id), None, t.name),
                    None => errors.push(FieldError::new(
                        "recipient",
                        "team_unknown",
                        "There is no such team",
                    )),
                },
                None => errors.push(FieldError::new(
                    "recipient",
                    "team_unknown",
                    "There is no such team",
                )),
            },
            "user" => match user_by_username(tx, recipient).await? {
                Some(u) if u.active => to = (None, None, Some(u.id), u.display_name),
                _ => errors.push(FieldError::new(
                    "recipient",
                    "user_unknown",
                    format!("There is no active user `{recipient}`"),
                )),
            },
            _ => errors.push(FieldError::new(
                "recipient_kind",
                "invalid",
                "Choose whether to share with an agency, a team or a person",
            )),
        }
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        Ok(Share {
            sections: sections.unwrap_or_default(),
            to_agency: to.0,
            to_team: to.1,
            to_user: to.2,
            recipient_label: to.3,
            purpose: purpose.unwrap_or_default(),
            expires_on: expires_on.unwrap_or(today),
        })
    }

    /// A disclosure (a share, a referral) through the runner, finished by
    /// [`App::finish_disclosure`].
    async fn run_disclosure<T>(
        &self,
        actor: &Actor,
        action: Action,
        person: PersonId,
        what: &str,
        body: impl AsyncFnOnce(&mut Work<'_>) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let (tx, result) = self.unit(actor, false, body).await?;
        self.finish_disclosure(tx, result, actor, action, person, what)
            .await
    }

    /// As [`App::finish`]; and bad input to a disclosure (a share, a referral) is itself
    /// recorded, as a refusal naming the fields that were wrong.
    async fn finish_disclosure<T>(
        &self,
        tx: Tx,
        result: Result<T, AppError>,
        actor: &Actor,
        action: Action,
        person: PersonId,
        what: &str,
    ) -> Result<T, AppError> {
        let Err(AppError::Validation(e)) = &result else {
            return self.finish(tx, result).await;
        };
        // The use case's transaction holds the audit-chain lock: let go of it before the
        // refusal is written (otherwise SQLite times out and PostgreSQL waits for ever).
        tx.rollback().await.ok();
        let fields: Vec<&str> = e.errors.iter().map(|f| f.field.as_str()).collect();
        let reason = format!("{what} refused: invalid {}", fields.join(", "));
        self.append_alone(self.event(
            actor,
            AuditKind::Denied,
            action,
            ResourceKind::Person,
            Some(person.0),
            &reason,
            Note::default(),
        ))
        .await?;
        result
    }

    /// Share sections of `person`'s record with an agency, team or user, for a purpose,
    /// until a date. Only the owning agency shares; restricted sections never.
    pub async fn share_sections(
        &self,
        actor: &Actor,
        person: PersonId,
        input: &ShareInput,
    ) -> Result<ShareId, AppError> {
        self.run_disclosure(actor, Action::Share, person, "share", async |w| {
            // Existence first (404); then whether this actor may share this record at all,
            // before the input is looked at: the recipient is looked up by username, and
            // someone who may not share must get the same refusal whether that username
            // exists or not (issue 16: the form told any reader which accounts exist).
            let resource = w.resource(person).await?;
            w.decide(
                Action::Share,
                &resource
                    .clone()
                    .sections(SectionSet::of(&[Section::Identity])),
            )?;
            // Then the input, then the policy on the sections asked for.
            let share = self.parse_share(w.tx(), input).await?;
            let cap = w.decide(Action::Share, &resource.sections(share.sections))?;
            let id = ShareId::new();
            insert_share(
                w.tx(),
                &cap,
                &ShareRow {
                    id,
                    person_id: person,
                    sections: sections_to_codes(share.sections),
                    from_agency_id: actor.agency_id,
                    to_agency_id: share.to_agency,
                    to_team_id: share.to_team,
                    to_user_id: share.to_user,
                    purpose: share.purpose.clone(),
                    expires_on: share.expires_on,
                    created_by: actor.user_id,
                    created_at: self.clock.now(),
                    revoked_at: None,
                    revoked_by: None,
                    revoke_reason: None,
                },
            )
            .await?;
            w.record(self.event(
                actor,
                AuditKind::Disclosure,
                Action::Share,
                ResourceKind::Person,
                Some(person.0),
                &format!("shared until {}", share.expires_on),
                Note {
                    sections: Some(share.sections),
                    purpose: Some(share.purpose),
                    recipient: Some(share.recipient_label),
                    detail: Some(serde_json::json!({"share_id": id})),
                },
            ));
            Ok(id)
        })
        .await
    }

    /// Revoke a live share, with a reason.
    pub async fn revoke_share(
        &self,
        actor: &Actor,
        person: PersonId,
        share: ShareId,
        reason: &str,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            let resource = w.resource(person).await?;
            let cap = w.decide(
                Action::Share,
                &resource.sections(SectionSet::one(Section::Management)),
            )?;
            let mut errors = ValidationErrors::new();
            let reason = take(
                &mut errors,
                concord_domain::required_multiline_text(
                    "reason",
                    "why the share is revoked",
                    reason,
                    1000,
                ),
            );
            let Some(reason) = reason else {
                return Err(AppError::Validation(errors));
            };
            if !revoke_share(
                w.tx(),
                &cap,
                person,
                share,
                actor.user_id,
                &reason,
                self.clock.now(),
            )
            .await?
            {
                return Err(AppError::NotFound);
            }
            w.record(self.event(
                actor,
                AuditKind::Alteration,
                Action::Share,
                ResourceKind::Person,
                Some(person.0),
                "revoked a share",
                Note {
                    purpose: Some(reason),
                    detail: Some(serde_json::json!({"share_id": share})),
                    ..Note::default()
                },
            ));
            Ok(())
        })
        .await
    }

    /// Refer the person to a partner agency: while open, its staff read `sections`.
    pub async fn open_referral(
        &self,
        actor: &Actor,
        person: PersonId,
        to_agency_code: &str,
        purpose: &str,
        sections: &[String],
    ) -> Result<ReferralId, AppError> {
        self.run_disclosure(actor, Action::Change, person, "referral", async |w| {
            // The decision first: someone who may not refer learns nothing from the input.
            let cap = w
                .person(Action::Change, person, SectionSet::one(Section::Management))
                .await?;
            let mut errors = ValidationErrors::new();
            let given = parse_sections("sections", sections, &mut errors);
            let purpose = take(
                &mut errors,
                concord_domain::required_multiline_text(
                    "purpose",
                    "the purpose of the referral",
                    purpose,
                    1000,
                ),
            );
            let agency = agency_by_code(w.tx(), to_agency_code).await?;
            let partner = agency.as_ref().filter(|a| {
                concord_domain::AgencyKind::from_code(&a.kind)
                    .is_some_and(|k| !k.is_responsible_authority())
            });
            if partner.is_none() {
                errors.push(FieldError::new(
                    "to_agency",
                    "agency_not_partner",
                    format!("`{to_agency_code}` is not a partner agency"),
                ));
            }
            let (Some(given), Some(purpose), Some(agency)) = (given, purpose, partner) else {
                return Err(AppError::Validation(errors));
            };
            let id = ReferralId::new();
            insert_referral(
                w.tx(),
                &cap,
                &ReferralRow {
                    id,
                    person_id: person,
                    from_agency_id: actor.agency_id,
                    to_agency_id: agency.id,
                    to_user_id: None,
                    purpose: purpose.clone(),
                    sections: sections_to_codes(given),
                    opened_on: self.clock.today(),
                    closed_on: None,
                    created_by: actor.user_id,
                    created_at: self.clock.now(),
                },
            )
            .await?;
            w.record(self.event(
                actor,
                AuditKind::Disclosure,
                Action::Change,
                ResourceKind::Person,
                Some(person.0),
                "referred to a partner agency",
                Note {
                    sections: Some(given),
                    purpose: Some(purpose),
                    recipient: Some(agency.name.clone()),
                    detail: Some(serde_json::json!({"referral_id": id})),
                },
            ));
            Ok(id)
        })
        .await
    }

    /// Invite a member of staff to a MAPP meeting about the person: they may read the
    /// record (less the access log) until the meeting closes.
    pub async fn invite_to_panel(
        &self,
        actor: &Actor,
        person: PersonId,
        user: concord_domain::UserId,
        meeting: &str,
        closes_at: chrono::DateTime<chrono::Utc>,
    ) -> Result<PanelMembershipId, AppError> {
        self.run(actor, async |w| {
            let cap = w
                .person(Action::Change, person, SectionSet::one(Section::Management))
                .await?;
            let now = self.clock.now();
            if closes_at <= now {
                return Err(AppError::field(
                    "closes_at",
                    "date_past",
                    "The meeting must close in the future",
                ));
            }
            let staff = user_by_id(w.tx(), user).await?.ok_or_else(|| {
                AppError::field("user", "user_unknown", "There is no such member of staff")
            })?;
            let id = self
                .add_panel_member(w, &cap, person, &staff, meeting, closes_at)
                .await?;
            Ok(id)
        })
        .await
    }

    /// The panel membership and its audit event, inside the caller's transaction (a MAPP
    /// meeting's invitation writes its own row beside it).
    pub(crate) async fn add_panel_member(
        &self,
        w: &mut Work<'_>,
        cap: &concord_authz::Capability,
        person: PersonId,
        staff: &UserRow,
        meeting: &str,
        closes_at: chrono::DateTime<chrono::Utc>,
    ) -> Result<PanelMembershipId, AppError> {
        let actor = w.actor();
        let id = PanelMembershipId::new();
        insert_panel_membership(
            w.tx(),
            cap,
            &PanelMembershipRow {
                id,
                person_id: person,
                user_id: staff.id,
                meeting: meeting.into(),
                invited_at: self.clock.now(),
                closes_at,
            },
        )
        .await?;
        w.record(self.event(
            actor,
            AuditKind::Disclosure,
            Action::Change,
            ResourceKind::Person,
            Some(person.0),
            "invited to a MAPP meeting",
            Note {
                recipient: Some(staff.display_name.clone()),
                purpose: Some(meeting.into()),
                ..Note::default()
            },
        ));
        Ok(id)
    }
}
