//! Serious further offences (issue 7 item 9): a MAPPA case charged with a serious further
//! offence; MAPPA N due within the configured days of the charge (concord-mappa's
//! `sfo_notification_due`); when it was sent; and the MAPPA chair's decision whether a
//! serious case review is held, with the rationale.

use chrono::{Days, NaiveDate};
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{FieldError, PersonId, SfoId, ValidationErrors};
use concord_mappa::ScrDecision;
use concord_store::audit::AuditKind;
use concord_store::SfoRow;
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use super::{past_date, require_text};
use crate::access::Note;
use crate::kernel::Work;
use crate::{AppError, Oversight};

/// Days after a spell ends within which a charge is still that spell's SFO (MAPPA
/// guidance: "or within 28 days of" leaving MAPPA management).
const DAYS_AFTER_SPELL: u64 = 28;

#[derive(Debug, Clone, Default)]
pub struct SfoForm {
    pub offence: String,
    pub charged_on: String,
}

#[derive(Debug, Clone, Default)]
pub struct ScrDecisionForm {
    /// `review` or `no_review`.
    pub decision: String,
    pub rationale: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SfoView {
    pub id: SfoId,
    pub offence: String,
    pub charged_on: NaiveDate,
    pub notification_due_on: NaiveDate,
    pub notified_on: Option<NaiveDate>,
    /// Not notified and past the due date, or notified after it.
    pub notification_overdue: bool,
    pub scr_decision: ScrDecision,
    pub scr_rationale: Option<String>,
    pub scr_decided_on: Option<NaiveDate>,
}

impl Oversight<'_> {
    /// Record an SFO charged on a MAPPA case. The charge must fall within one of the
    /// person's MAPPA spells or the 28 days after it ended.
    pub async fn record_sfo(
        &self,
        actor: &Actor,
        person: PersonId,
        form: &SfoForm,
    ) -> Result<SfoId, AppError> {
        let today = self.clock.today();
        let mut errors = ValidationErrors::new();
        require_text(&mut errors, "offence", &form.offence, "the offence charged");
        let charged = past_date(
            &mut errors,
            "charged_on",
            "Date charged",
            &form.charged_on,
            today,
        );
        let Some(charged) = charged.filter(|_| errors.is_empty()) else {
            return Err(AppError::Validation(errors));
        };
        self.run(actor, async |w| {
            let cap = w.person( Action::Change, person, SectionSet::one(Section::Management))
                .await?;
            let spells = concord_store::mappa_records_of(w.tx(), &cap, person).await?;
            let spell = spells.iter().find(|r| {
                r.eligible_from <= charged
                    && r.ended_on.is_none_or(|end| {
                        charged <= end.checked_add_days(Days::new(DAYS_AFTER_SPELL)).unwrap_or(NaiveDate::MAX)
                    })
            });
            let Some(spell) = spell else {
                return Err(AppError::field(
                    "charged_on",
                    "outside_mappa",
                    "The charge must fall while the person was a MAPPA case, or within 28 days after",
                ));
            };
            let due = concord_mappa::sfo_notification_due(charged, &self.settings.mappa.review);
            let id = Uuid::now_v7();
            concord_store::insert_sfo(
                w.tx(),
                &cap,
                &SfoRow {
                    id: SfoId(id),
                    person_id: person,
                    record_id: Some(spell.id),
                    offence: form.offence.trim().into(),
                    charged_on: charged,
                    notification_due_on: due,
                    notified_on: None,
                    scr_decision: ScrDecision::Pending,
                    scr_rationale: None,
                    scr_decided_on: None,
                    recorded_by: actor.user_id,
                    created_at: self.clock.now(),
                },
            )
            .await?;
            w.audit(
                AuditKind::Collection,
                Action::Change,
                Some(person.0),
                "recorded a serious further offence",
                Note {
                    sections: Some(cap.sections()),
                    detail: Some(json!({"sfo": id, "notification_due_on": due})),
                    ..Note::default()
                },
            );
            Ok(SfoId(id))
        })
        .await
    }

    /// Record the day MAPPA N was sent (not before the charge, not in the future).
    pub async fn record_sfo_notified(
        &self,
        actor: &Actor,
        person: PersonId,
        sfo: SfoId,
        notified_on: &str,
    ) -> Result<(), AppError> {
        let today = self.clock.today();
        let mut errors = ValidationErrors::new();
        let on = past_date(
            &mut errors,
            "notified_on",
            "Date notified",
            notified_on,
            today,
        );
        let Some(on) = on else {
            return Err(AppError::Validation(errors));
        };
        self.run(actor, async |w| {
            let cap = w
                .person(Action::Change, person, SectionSet::one(Section::Management))
                .await?;
            let existing = concord_store::sfos_of(w.tx(), &cap, person).await?;
            let Some(row) = existing.iter().find(|s| s.id == sfo) else {
                return Err(AppError::NotFound);
            };
            if on < row.charged_on {
                return Err(AppError::field(
                    "notified_on",
                    "before_charge",
                    "The date notified cannot be before the date charged",
                ));
            }
            concord_store::set_sfo_notified(w.tx(), &cap, person, sfo, on).await?;
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(person.0),
                "recorded the MAPPA N notification of a serious further offence",
                Note {
                    sections: Some(cap.sections()),
                    detail: Some(json!({"sfo": sfo, "notified_on": on})),
                    ..Note::default()
                },
            );
            Ok(())
        })
        .await
    }

    /// The MAPPA chair decides whether a serious case review is held. Anyone else is
    /// refused (and the refusal audited); a decision already made is a conflict.
    pub async fn decide_scr(
        &self,
        actor: &Actor,
        person: PersonId,
        sfo: SfoId,
        form: &ScrDecisionForm,
    ) -> Result<(), AppError> {
        let mut errors = ValidationErrors::new();
        let decision =
            ScrDecision::from_code(form.decision.trim()).filter(|d| *d != ScrDecision::Pending);
        if decision.is_none() {
            errors.push(FieldError::new(
                "decision",
                "required",
                "Choose whether a serious case review is held",
            ));
        }
        require_text(
            &mut errors,
            "rationale",
            &form.rationale,
            "the rationale for the decision",
        );
        let Some(decision) = decision.filter(|_| errors.is_empty()) else {
            return Err(AppError::Validation(errors));
        };
        self.run(actor, async |w| {
            if !actor.roles.iter().any(|r| r == "mappa_chair") {
                return Err(self.refuse(
                    actor,
                    Action::Change,
                    person,
                    "only the MAPPA chair decides whether a serious case review is held",
                ));
            }
            let cap = w
                .person(Action::Change, person, SectionSet::one(Section::Management))
                .await?;
            if !concord_store::sfos_of(w.tx(), &cap, person)
                .await?
                .iter()
                .any(|s| s.id == sfo)
            {
                return Err(AppError::NotFound);
            }
            let today = self.clock.today();
            if !concord_store::decide_sfo_review(
                w.tx(),
                &cap,
                person,
                sfo,
                decision,
                form.rationale.trim(),
                today,
            )
            .await?
            {
                return Err(AppError::Conflict);
            }
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(person.0),
                "decided whether a serious case review is held",
                Note {
                    sections: Some(cap.sections()),
                    detail: Some(json!({"sfo": sfo, "decision": decision.code()})),
                    ..Note::default()
                },
            );
            Ok(())
        })
        .await
    }

    /// A person's SFOs with their deadlines, newest charge first.
    pub async fn sfos(&self, actor: &Actor, person: PersonId) -> Result<Vec<SfoView>, AppError> {
        self.run(actor, async |w| self.sfos_in(w, person).await)
            .await
    }

    /// [`Self::sfos`] within a unit of work (a page that shows it with other parts).
    pub(crate) async fn sfos_in(
        &self,
        w: &mut Work<'_>,
        person: PersonId,
    ) -> Result<Vec<SfoView>, AppError> {
        // An SFO is a further charge: the convictions section as well as the MAPPA
        // case it is recorded on.
        let cap = w
            .person_all(
                Action::Read,
                person,
                SectionSet::of(&[Section::Management, Section::Convictions]),
            )
            .await?;
        let rows = concord_store::sfos_of(w.tx(), &cap, person).await?;
        w.audit(
            AuditKind::Consultation,
            Action::Read,
            Some(person.0),
            "viewed the serious further offences",
            Note::sections(cap.sections()),
        );
        let today = self.clock.today();
        Ok(rows
            .into_iter()
            .map(|r| SfoView {
                id: r.id,
                notification_overdue: match r.notified_on {
                    Some(on) => on > r.notification_due_on,
                    None => today > r.notification_due_on,
                },
                offence: r.offence,
                charged_on: r.charged_on,
                notification_due_on: r.notification_due_on,
                notified_on: r.notified_on,
                scr_decision: r.scr_decision,
                scr_rationale: r.scr_rationale,
                scr_decided_on: r.scr_decided_on,
            })
            .collect())
    }
}
