//! The provider's list of referrals: every open referral sent to the actor's agency
//! (one caseworker's and the unassigned, or all), what each waits for, first contact
//! due dates, overdue first.

use concord_authz::{Action, Actor, ListScope, Resource, Section, SectionSet};
use concord_domain::{PersonId, UserId};
use concord_store::audit::AuditKind;
use serde::Serialize;
use uuid::Uuid;

use super::views::{summary_of, ReferralSummary};
use crate::access::Note;
use crate::person::Names;
use crate::{AppError, Partners};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkItem {
    pub person_id: PersonId,
    pub person_name: String,
    pub referral: ReferralSummary,
}

impl Partners<'_> {
    /// The officer's referrals needing attention, within a page's unit of work: a plan
    /// awaiting their approval, a draft not sent, or a first contact overdue.
    pub(crate) async fn officer_referrals_in(
        &self,
        w: &mut crate::kernel::Work<'_>,
    ) -> Result<Vec<WorkItem>, AppError> {
        if !w.actor().agency_kind.is_responsible_authority()
            || !w.actor().has(concord_authz::Permission::PersonRead)
        {
            return Ok(vec![]);
        }
        let cap = w.decide(Action::Read, &Resource::list(ListScope::Related))?;
        let me = w.actor().user_id;
        let rows = concord_store::officer_referrals(w.tx(), &cap, me).await?;
        let directory = self.directory_in(w).await?;
        let names = Names::load(w.tx(), &[]).await?;
        let today = self.clock.today();
        let mut items = vec![];
        for r in &rows {
            let Some(c) = directory.iter().find(|c| c.id == r.referral.contract_id) else {
                continue;
            };
            let s = summary_of(
                &r.referral,
                c.service,
                c.provider.clone(),
                &[],
                &names,
                today,
            );
            let waiting_on_me = matches!(
                s.status,
                concord_partners::ReferralStatus::PlanSubmitted
                    | concord_partners::ReferralStatus::Draft
            );
            if !(waiting_on_me || s.overdue) {
                continue;
            }
            // A list is not a way round the decision: each person is decided as well.
            if w.person(
                Action::Read,
                r.referral.person_id,
                SectionSet::one(Section::Interventions),
            )
            .await
            .is_err()
            {
                continue;
            }
            items.push(WorkItem {
                person_id: r.referral.person_id,
                person_name: concord_domain::display_name(
                    &r.given_name,
                    r.middle_names.as_deref(),
                    &r.family_name,
                ),
                referral: s,
            });
        }
        if !items.is_empty() {
            let mut persons: Vec<Uuid> = items.iter().map(|i| i.person_id.0).collect();
            persons.sort();
            persons.dedup();
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                None,
                "viewed their partner referrals needing attention",
                Note {
                    sections: Some(SectionSet::of(&[Section::Identity, Section::Interventions])),
                    detail: Some(serde_json::json!({"persons": persons})),
                    ..Note::default()
                },
            );
        }
        Ok(items)
    }

    /// The provider's open referrals; `mine` keeps the actor's own and the unassigned.
    pub async fn provider_referrals(
        &self,
        actor: &Actor,
        mine: bool,
    ) -> Result<Vec<WorkItem>, AppError> {
        self.run(actor, async |w| {
            if w.actor().agency_kind.is_responsible_authority() {
                return Ok(vec![]);
            }
            let cap = w.decide(Action::Read, &Resource::list(ListScope::Related))?;
            let me: Option<UserId> = mine.then_some(w.actor().user_id);
            let rows = concord_store::provider_worklist(w.tx(), &cap, me).await?;
            // A list is not a way round the decision: each person is decided as well.
            let mut kept = vec![];
            for row in rows {
                let person = row.referral.person_id;
                if w.person(
                    Action::Read,
                    person,
                    SectionSet::one(Section::Interventions),
                )
                .await
                .is_ok()
                {
                    kept.push(row);
                }
            }
            let users: Vec<UserId> = kept
                .iter()
                .filter_map(|r| r.referral.caseworker_id)
                .collect();
            let names = Names::load(w.tx(), &users).await?;
            let directory = self.directory_in(w).await?;
            let today = self.clock.today();
            let mut items: Vec<WorkItem> = kept
                .iter()
                .filter_map(|r| {
                    let c = directory.iter().find(|c| c.id == r.referral.contract_id)?;
                    let mut s = summary_of(
                        &r.referral,
                        c.service,
                        c.provider.clone(),
                        &[],
                        &names,
                        today,
                    );
                    s.sessions = usize::try_from(r.sessions).unwrap_or(0);
                    Some(WorkItem {
                        person_id: r.referral.person_id,
                        person_name: concord_domain::display_name(
                            &r.given_name,
                            r.middle_names.as_deref(),
                            &r.family_name,
                        ),
                        referral: s,
                    })
                })
                .collect();
            items.sort_by_key(|i| (!i.referral.overdue, i.referral.first_contact_due));
            if !items.is_empty() {
                let mut persons: Vec<Uuid> = items.iter().map(|i| i.person_id.0).collect();
                persons.sort();
                persons.dedup();
                w.audit(
                    AuditKind::Consultation,
                    Action::Read,
                    None,
                    "viewed the referrals sent to their service",
                    Note {
                        sections: Some(SectionSet::of(&[
                            Section::Identity,
                            Section::Interventions,
                        ])),
                        detail: Some(serde_json::json!({"persons": persons})),
                        ..Note::default()
                    },
                );
            }
            Ok(items)
        })
        .await
    }
}
