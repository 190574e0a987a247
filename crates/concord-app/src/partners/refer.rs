//! Referring a person to a contracted service: drafted, then sent with the sections the
//! officer chose (recorded as the provider's access, never a restricted section), once
//! the contract covers the person's town, will take them and has room.

use concord_authz::{Action, Actor, Capability, ResourceKind, Section, SectionSet};
use concord_domain::{FieldError, PersonId, ReferralId, ServiceReferralId, ValidationErrors};
use concord_partners::{add_working_days, Need, ReferralStatus, Step};
use concord_store::audit::AuditKind;
use concord_store::{ReferralRow, ServiceReferralRow};
use serde_json::json;
use uuid::Uuid;

use super::directory::ContractView;
use crate::access::Note;
use crate::kernel::Work;
use crate::person::take;
use crate::{AppError, Partners};

/// A referral as the officer fills it in.
#[derive(Debug, Clone, Default)]
pub struct ReferInput {
    /// The contract's id.
    pub contract: String,
    /// Need codes the provider is asked to work on.
    pub needs: Vec<String>,
    /// What the officer asks of the provider, and anything it must know.
    pub reason: String,
    /// Section codes shared with the provider (identity always goes with them).
    pub sections: Vec<String>,
    /// Send now; otherwise it is kept as a draft.
    pub send: bool,
}

impl Partners<'_> {
    /// Make a referral (sent at once unless `send` is false).
    pub async fn refer_to_service(
        &self,
        actor: &Actor,
        person: PersonId,
        input: &ReferInput,
    ) -> Result<ServiceReferralId, AppError> {
        let mut errors = ValidationErrors::new();
        let contract = input.contract.trim().parse::<Uuid>().ok();
        if contract.is_none() {
            errors.push(FieldError::new(
                "contract",
                "required",
                "Choose the service",
            ));
        }
        let mut needs: Vec<Need> = vec![];
        for code in &input.needs {
            match Need::from_code(code.trim()) {
                Some(n) if !needs.contains(&n) => needs.push(n),
                Some(_) => {}
                None => errors.push(FieldError::new(
                    "needs",
                    "unknown_need",
                    format!("`{code}` is not a need"),
                )),
            }
        }
        let reason = take(
            &mut errors,
            concord_domain::required_multiline_text(
                "reason",
                "what you are asking the provider to do",
                &input.reason,
                2000,
            ),
        );
        let shared = crate::sharing::parse_sections("sections", &input.sections, &mut errors)
            .map(|s| s.union(SectionSet::one(Section::Identity)));
        self.run(actor, async |w| {
            self.case_team_only(w, person)?;
            // The decision first: someone who may not refer learns nothing from the input.
            let cap = w
                .person(
                    Action::Change,
                    person,
                    SectionSet::of(&[Section::Interventions, Section::Management]),
                )
                .await?;
            let mut town = None;
            let view = match contract {
                Some(id) => self.contract_in(w, id.into()).await?,
                None => None,
            };
            if contract.is_some() && view.is_none() {
                errors.push(FieldError::new(
                    "contract",
                    "unknown_contract",
                    "That service is not in the directory",
                ));
            }
            if let Some(c) = &view {
                if needs.is_empty() && !c.service.meets().is_empty() {
                    errors.push(FieldError::new(
                        "needs",
                        "required",
                        "Choose the needs you are asking the provider to work on",
                    ));
                }
                if let Some(n) = needs.iter().find(|n| !c.service.meets().contains(n)) {
                    errors.push(FieldError::new(
                        "needs",
                        "need_not_met",
                        format!(
                            "{} does not work on {}",
                            c.service.label(),
                            n.label().to_lowercase()
                        ),
                    ));
                }
                if input.send {
                    town = self.check_room_in(w, person, c, &mut errors).await?;
                }
            }
            let (Some(c), Some(reason), Some(shared), true) =
                (view, reason, shared, errors.is_empty())
            else {
                return Err(AppError::Validation(errors.clone()));
            };
            let screening = concord_store::latest_screening(w.tx(), &cap, person).await?;
            let now = self.clock.now();
            let id = ServiceReferralId::new();
            let mut row = ServiceReferralRow {
                id,
                person_id: person,
                contract_id: c.id,
                provider_agency_id: c.provider_agency_id,
                from_agency_id: w.actor().agency_id,
                officer_id: w.actor().user_id,
                screening_id: screening.map(|s| s.id),
                needs: needs.iter().map(|n| n.code()).collect::<Vec<_>>().join(","),
                reason,
                sections: concord_store::sections_to_codes(shared),
                access_referral_id: None,
                status: ReferralStatus::Draft,
                town,
                sent_on: None,
                first_contact_due: None,
                first_contact_on: None,
                decided_at: None,
                decline_reason: None,
                caseworker_id: None,
                plan: None,
                plan_submitted_at: None,
                plan_approved_at: None,
                plan_approved_by: None,
                end_report: None,
                closure: None,
                closed_on: None,
                close_reason: None,
                created_at: now,
                updated_at: now,
            };
            concord_store::insert_service_referral(w.tx(), &cap, &row).await?;
            if input.send {
                self.send_in(w, &cap, &mut row, &c).await?;
            } else {
                w.audit(
                    AuditKind::Collection,
                    Action::Create,
                    Some(person.0),
                    "drafted a referral to a partner service",
                    Note {
                        sections: Some(SectionSet::one(Section::Interventions)),
                        detail: Some(json!({"service_referral_id": id})),
                        ..Note::default()
                    },
                );
            }
            Ok(id)
        })
        .await
    }

    /// Send a draft referral.
    pub async fn send_service_referral(
        &self,
        actor: &Actor,
        person: PersonId,
        id: ServiceReferralId,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            self.case_team_only(w, person)?;
            let cap = w
                .person(
                    Action::Change,
                    person,
                    SectionSet::of(&[Section::Interventions, Section::Management]),
                )
                .await?;
            let mut row = concord_store::service_referral(w.tx(), &cap, person, id)
                .await?
                .ok_or(AppError::NotFound)?;
            let c = self
                .contract_in(w, row.contract_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let mut errors = ValidationErrors::new();
            if let Err(why) = Step::Send.from(row.status) {
                errors.push(FieldError::new("status", "wrong_status", why));
            }
            row.town = self.check_room_in(w, person, &c, &mut errors).await?;
            if !errors.is_empty() {
                return Err(AppError::Validation(errors));
            }
            self.send_in(w, &cap, &mut row, &c).await
        })
        .await
    }

    /// The contract as the directory shows it now, held so its room cannot change until
    /// this unit of work ends.
    async fn contract_in(
        &self,
        w: &mut Work<'_>,
        id: concord_domain::ContractId,
    ) -> Result<Option<ContractView>, AppError> {
        concord_store::hold_contract(w.tx(), id).await?;
        Ok(self.directory_in(w).await?.into_iter().find(|c| c.id == id))
    }

    /// Every reason the contract cannot take the person now, on the `contract` field;
    /// the town they live in (kept with the referral for the figures by area).
    async fn check_room_in(
        &self,
        w: &mut Work<'_>,
        person: PersonId,
        c: &ContractView,
        errors: &mut ValidationErrors,
    ) -> Result<Option<String>, AppError> {
        let read = w
            .person(
                Action::Read,
                person,
                SectionSet::one(Section::Interventions),
            )
            .await?;
        let minority = concord_store::latest_screening(w.tx(), &read, person)
            .await?
            .is_some_and(|s| s.minority_group);
        let facts = self.person_facts_in(w, person, minority).await?;
        for r in concord_partners::check_referral(&c.facts(), &facts, self.clock.today()) {
            errors.push(FieldError::new(
                "contract",
                r.code,
                super::step::capital(&r.message),
            ));
        }
        Ok(facts.town)
    }

    /// Send: open the provider's access to the chosen sections and start the clock on
    /// first contact.
    async fn send_in(
        &self,
        w: &mut Work<'_>,
        cap: &Capability,
        row: &mut ServiceReferralRow,
        c: &ContractView,
    ) -> Result<(), AppError> {
        let today = self.clock.today();
        let from = row.status;
        let access = ReferralId::new();
        let me = w.actor().user_id;
        concord_store::insert_referral(
            w.tx(),
            cap,
            &ReferralRow {
                id: access,
                person_id: row.person_id,
                from_agency_id: row.from_agency_id,
                to_agency_id: row.provider_agency_id,
                to_user_id: None,
                purpose: format!("{}: {}", c.service.label(), row.reason),
                sections: row.sections.clone(),
                opened_on: today,
                closed_on: None,
                created_by: me,
                created_at: self.clock.now(),
            },
        )
        .await?;
        row.status = Step::Send.from(from).map_err(AppError::Internal)?;
        row.access_referral_id = Some(access);
        row.sent_on = Some(today);
        row.first_contact_due = Some(add_working_days(today, c.first_contact_days));
        row.updated_at = self.clock.now();
        concord_store::update_service_referral(w.tx(), cap, row, from).await?;
        w.record(self.event(
            w.actor(),
            AuditKind::Disclosure,
            Action::Change,
            ResourceKind::Person,
            Some(row.person_id.0),
            "referred to a partner service",
            Note {
                sections: Some(super::sections_of(&row.sections)),
                purpose: Some(row.reason.clone()),
                recipient: Some(c.provider.clone()),
                detail: Some(json!({"service_referral_id": row.id, "referral_id": access, "service": c.service.code()})),
            },
        ));
        Ok(())
    }
}
