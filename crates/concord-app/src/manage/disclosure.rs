//! MAPPA disclosure (issue 7 item 7): the police decide to tell a third party — a new
//! partner, a landlord, a head teacher — about a person. The decision records the lawful,
//! necessary and proportionate test with reasons, what was told and from which parts of
//! the record, whether and how the person was told (or why not), and the recipient's
//! undertaking. The access policy decides the disclosure itself (the case team, with
//! `person.disclose`, never a restricted section); it is written to the audit chain as a
//! disclosure naming the recipient. The rules are concord-mappa's.

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::DisclosureId;
use concord_domain::UserId;
use concord_domain::{AgencyKind, FieldError, PersonId, ValidationErrors};
use concord_mappa::{validate_disclosure, DisclosureDecision, Told};
use concord_store::audit::AuditKind;
use concord_store::DisclosureRow;
use serde::Serialize;
use serde_json::json;

use crate::access::Note;
use crate::kernel::Work;
use crate::person::Names;
use crate::{AppError, Manage};

/// A disclosure as a form posts it.
#[derive(Debug, Clone, Default)]
pub struct DisclosureForm {
    pub recipient: String,
    pub recipient_role: String,
    pub what: String,
    /// Section codes the disclosure draws on (e.g. `convictions`, `markers`).
    pub sections: Vec<String>,
    pub lawful_basis: String,
    /// `yes` or `no`.
    pub necessary: String,
    pub proportionate: String,
    pub reasons: String,
    /// `yes` or `no`: whether the person is told.
    pub person_told: String,
    /// How the person was told, or why not.
    pub told_detail: String,
    pub undertaking_given: bool,
    pub disclosed_on: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DisclosureView {
    pub id: DisclosureId,
    /// The reader does not reach every section disclosed: only that a disclosure was
    /// made, when, to what kind of recipient and of which sections is shown.
    pub withheld: bool,
    pub recipient: String,
    pub recipient_role: String,
    pub what: String,
    pub sections: Vec<String>,
    pub lawful_basis: String,
    pub reasons: String,
    pub person_told: bool,
    pub told_detail: String,
    pub undertaking_given: bool,
    pub disclosed_on: NaiveDate,
    pub disclosed_by: String,
    pub created_at: DateTime<Utc>,
}

const WITHHELD: &str =
    "Not shown to you: it discloses sections of the record your access does not include.";

fn yes(errors: &mut ValidationErrors, field: &str, value: &str, question: &str) -> bool {
    match value.trim() {
        "yes" => true,
        "no" => false,
        _ => {
            errors.push(FieldError::new(
                field,
                "required",
                format!("Answer: {question}"),
            ));
            false
        }
    }
}

impl Manage<'_> {
    /// Record a disclosure decision and the disclosure itself.
    pub async fn record_disclosure(
        &self,
        actor: &Actor,
        person: PersonId,
        form: &DisclosureForm,
    ) -> Result<DisclosureId, AppError> {
        let mut errors = ValidationErrors::new();
        let mut sections = vec![];
        let listed = crate::limits::at_most(
            &mut errors,
            "sections",
            "parts of the record",
            form.sections.len(),
            crate::limits::MAX_SECTIONS,
        );
        for code in form.sections.iter().filter(|_| listed) {
            match Section::from_code(code) {
                Some(s) => sections.push(s),
                None => errors.push(FieldError::new(
                    "sections",
                    "invalid",
                    format!("\"{code}\" is not a part of the record"),
                )),
            }
        }
        if sections.is_empty() && errors.is_empty() {
            errors.push(FieldError::new(
                "sections",
                "required",
                "Choose the parts of the record the disclosure draws on",
            ));
        }
        // Checked before the decision, so an incomplete form is a 422 naming each field
        // (the decision on no sections at all would otherwise be a refusal).
        let necessary = yes(
            &mut errors,
            "necessary",
            &form.necessary,
            "is the disclosure necessary?",
        );
        let proportionate = yes(
            &mut errors,
            "proportionate",
            &form.proportionate,
            "is the disclosure proportionate?",
        );
        let told = yes(
            &mut errors,
            "person_told",
            &form.person_told,
            "is the person told?",
        );
        let detail = form.told_detail.trim().to_string();
        let decision = DisclosureDecision {
            recipient: form.recipient.trim().into(),
            recipient_role: form.recipient_role.trim().into(),
            what: form.what.trim().into(),
            lawful_basis: form.lawful_basis.trim().into(),
            necessary,
            proportionate,
            reasons: form.reasons.trim().into(),
            person_told: if told {
                Told::Yes {
                    how: detail.clone(),
                }
            } else {
                Told::No {
                    why: detail.clone(),
                }
            },
            undertaking_given: form.undertaking_given,
            discloser_agency: actor.agency_id.to_string(),
        };
        if let Err(problems) =
            validate_disclosure(&decision, actor.agency_kind == AgencyKind::Police)
        {
            for p in problems {
                // The form names the told detail one field, whichever the answer.
                let field = if p.field.starts_with("person_told") {
                    "told_detail".to_string()
                } else {
                    p.field
                };
                if errors.for_field(&field).is_none() {
                    errors.push(FieldError::new(field, p.code, p.message));
                }
            }
        }
        let today = self.clock.today();
        let on = match concord_domain::parse_date(
            "disclosed_on",
            "Date of disclosure",
            &form.disclosed_on,
        ) {
            Ok(d) if d > today => {
                errors.push(FieldError::new(
                    "disclosed_on",
                    "date_in_future",
                    "The date of disclosure cannot be in the future",
                ));
                today
            }
            Ok(d) => d,
            Err(e) => {
                errors.push(e);
                today
            }
        };
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        self.run(actor, async |w| {
            let cap = w
                .person(
                    Action::Disclose,
                    person,
                    sections.iter().copied().collect::<SectionSet>(),
                )
                .await?;
            let id = DisclosureId::new();
            concord_store::insert_disclosure(
                w.tx(),
                &cap,
                &DisclosureRow {
                    id,
                    person_id: person,
                    agency_id: actor.agency_id,
                    recipient: decision.recipient.clone(),
                    recipient_role: decision.recipient_role.clone(),
                    what: decision.what.clone(),
                    sections: sections
                        .iter()
                        .map(|s| s.code())
                        .collect::<Vec<_>>()
                        .join(","),
                    lawful_basis: decision.lawful_basis.clone(),
                    reasons: decision.reasons.clone(),
                    person_told: told,
                    told_detail: detail,
                    undertaking_given: decision.undertaking_given,
                    disclosed_on: on,
                    disclosed_by: actor.user_id,
                    created_at: self.clock.now(),
                },
                &sections,
            )
            .await?;
            w.audit(
                AuditKind::Disclosure,
                Action::Disclose,
                Some(person.0),
                "disclosed information to a third party (MAPPA disclosure)",
                Note {
                    sections: Some(cap.sections()),
                    purpose: Some(decision.reasons.clone()),
                    recipient: Some(format!(
                        "{} ({})",
                        decision.recipient, decision.recipient_role
                    )),
                    detail: Some(json!({"disclosure": id})),
                },
            );
            Ok(id)
        })
        .await
    }

    /// A person's disclosures, newest first.
    pub async fn disclosures(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<Vec<DisclosureView>, AppError> {
        self.run(actor, async |w| self.disclosures_in(w, person).await)
            .await
    }

    /// [`Self::disclosures`] within a unit of work (a page that shows it with other parts).
    pub(crate) async fn disclosures_in(
        &self,
        w: &mut Work<'_>,
        person: PersonId,
    ) -> Result<Vec<DisclosureView>, AppError> {
        // Every unrestricted section the reader reaches: a disclosure's details are
        // shown only to a reader who reaches every section that was disclosed.
        let cap = w
            .person(
                Action::Read,
                person,
                SectionSet::unrestricted().without(SectionSet::one(Section::History)),
            )
            .await?;
        if !cap.sections().contains(Section::Management) {
            return Err(AppError::NotFound);
        }
        let reads = cap.sections();
        let rows = concord_store::disclosures_of(w.tx(), &cap, person).await?;
        let users: Vec<UserId> = rows.iter().map(|r| r.disclosed_by).collect();
        let names = Names::load(w.tx(), &users).await?;
        w.audit(
            AuditKind::Consultation,
            Action::Read,
            Some(person.0),
            "viewed the disclosures",
            Note::sections(SectionSet::one(Section::Management)),
        );
        Ok(rows
            .iter()
            .map(|r| {
                let disclosed: SectionSet = r
                    .sections
                    .split(',')
                    .filter_map(Section::from_code)
                    .collect();
                (r, disclosed.is_subset_of(reads))
            })
            .map(|(r, readable)| DisclosureView {
                id: r.id,
                withheld: !readable,
                recipient: if readable {
                    r.recipient.clone()
                } else {
                    WITHHELD.into()
                },
                recipient_role: r.recipient_role.clone(),
                what: if readable {
                    r.what.clone()
                } else {
                    WITHHELD.into()
                },
                sections: r
                    .sections
                    .split(',')
                    .filter_map(Section::from_code)
                    .map(|s| s.label().to_string())
                    .collect(),
                lawful_basis: r.lawful_basis.clone(),
                reasons: if readable {
                    r.reasons.clone()
                } else {
                    WITHHELD.into()
                },
                person_told: r.person_told,
                told_detail: if readable {
                    r.told_detail.clone()
                } else {
                    WITHHELD.into()
                },
                undertaking_given: r.undertaking_given,
                disclosed_on: r.disclosed_on,
                disclosed_by: names.user(Some(r.disclosed_by)),
                created_at: r.created_at,
            })
            .collect())
    }
}
