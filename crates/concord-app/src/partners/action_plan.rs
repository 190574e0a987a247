//! The individual action plan on the person's record: the objectives they work towards
//! (suggested from the needs screening), the partner work they are embarking on (their
//! referrals, with each provider's own plan), the officer's own actions, progress, and
//! the reviews at which the person agreed to it. Read by the case team; printable.

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{PersonId, PlanItemId, UserId};
use concord_partners::{Need, NeedLevel, PlanItemKind, PlanItemStatus};
use concord_store::audit::AuditKind;
use serde::Serialize;

use super::views::{PlanObjective, ProviderPlan, ReferralSummary};
use crate::access::Note;
use crate::person::Names;
use crate::{AppError, Partners};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanItemView {
    pub id: PlanItemId,
    pub kind: PlanItemKind,
    pub need: Option<Need>,
    pub text: String,
    pub target_on: Option<NaiveDate>,
    pub status: PlanItemStatus,
    pub progress: String,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
    /// The version a progress form sends back.
    pub version: i32,
    /// Open and past its target date.
    pub overdue: bool,
}

/// A referral as the plan shows it: where it stands and the provider's objectives.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnerWork {
    pub referral: ReferralSummary,
    pub objectives: Vec<PlanObjective>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanReviewView {
    pub reviewed_on: NaiveDate,
    pub person_agreed: bool,
    pub note: String,
    pub next_review_on: NaiveDate,
    pub reviewed_by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionPlanView {
    pub person_name: String,
    pub objectives: Vec<PlanItemView>,
    pub actions: Vec<PlanItemView>,
    pub partner_work: Vec<PartnerWork>,
    pub reviews: Vec<PlanReviewView>,
    pub next_review_on: Option<NaiveDate>,
    pub review_overdue: bool,
    /// Needs screening found that no objective answers yet, with their level.
    pub uncovered_needs: Vec<(Need, NeedLevel)>,
    pub may_change: bool,
}

impl Partners<'_> {
    /// The person's individual action plan (the case team: a provider is refused).
    pub async fn action_plan(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<ActionPlanView, AppError> {
        self.action_plan_for(actor, person, None).await
    }

    /// The plan for the form that records progress on `item`: not found (and nothing
    /// read) when the plan has no such line.
    pub async fn action_plan_item(
        &self,
        actor: &Actor,
        person: PersonId,
        item: PlanItemId,
    ) -> Result<ActionPlanView, AppError> {
        self.action_plan_for(actor, person, Some(item)).await
    }

    async fn action_plan_for(
        &self,
        actor: &Actor,
        person: PersonId,
        item: Option<PlanItemId>,
    ) -> Result<ActionPlanView, AppError> {
        self.run_page(actor, async |w| {
            if !w.actor().agency_kind.is_responsible_authority() {
                return Err(self.refuse(
                    w.actor(),
                    Action::Read,
                    person,
                    "the action plan is the case team's; a provider sees its own referral",
                ));
            }
            let cap = w
                .person(
                    Action::Read,
                    person,
                    SectionSet::one(Section::Interventions),
                )
                .await?;
            let header = self.people().record_header_in(w, person).await?;
            let items = concord_store::plan_items(w.tx(), &cap, person).await?;
            if item.is_some_and(|id| !items.iter().any(|i| i.id == id)) {
                return Err(AppError::NotFound);
            }
            let reviews = concord_store::plan_reviews(w.tx(), &cap, person).await?;
            let referrals = concord_store::service_referrals_of(w.tx(), &cap, person).await?;
            let sessions = concord_store::referral_sessions_of(w.tx(), &cap, person).await?;
            let screening = concord_store::latest_screening(w.tx(), &cap, person).await?;
            let mut users: Vec<UserId> = items.iter().map(|i| i.updated_by).collect();
            users.extend(reviews.iter().map(|r| r.reviewed_by));
            users.extend(referrals.iter().filter_map(|r| r.caseworker_id));
            let names = Names::load(w.tx(), &users).await?;
            let directory = self.directory_in(w).await?;
            let today = self.clock.today();
            let view_of = |i: &concord_store::PlanItemRow| PlanItemView {
                id: i.id,
                kind: i.kind,
                need: i.need,
                text: i.text.clone(),
                target_on: i.target_on,
                status: i.status,
                progress: i.progress.clone(),
                updated_by: names.user(Some(i.updated_by)),
                updated_at: i.updated_at,
                version: i.version,
                overdue: i.status == PlanItemStatus::Open && i.target_on.is_some_and(|t| t < today),
            };
            let objectives: Vec<PlanItemView> = items
                .iter()
                .filter(|i| i.kind == PlanItemKind::Objective)
                .map(view_of)
                .collect();
            let actions = items
                .iter()
                .filter(|i| i.kind == PlanItemKind::Action)
                .map(view_of)
                .collect();
            let partner_work = referrals
                .iter()
                .filter(|r| r.status != concord_partners::ReferralStatus::Draft)
                .filter_map(|r| {
                    let c = directory.iter().find(|c| c.id == r.contract_id)?;
                    let plan: Option<ProviderPlan> =
                        r.plan.as_deref().and_then(|p| serde_json::from_str(p).ok());
                    Some(PartnerWork {
                        referral: super::views::summary_of(
                            r,
                            c.service,
                            c.provider.clone(),
                            &sessions,
                            &names,
                            today,
                        ),
                        objectives: plan.map(|p| p.objectives).unwrap_or_default(),
                    })
                })
                .collect();
            let screened: Vec<super::NeedRow> = match &screening {
                Some(s) => serde_json::from_str(&s.needs)
                    .map_err(|e| AppError::Internal(format!("a stored needs screening: {e}")))?,
                None => vec![],
            };
            let uncovered_needs = screened
                .iter()
                .filter(|n| n.level != NeedLevel::None)
                .filter(|n| !objectives.iter().any(|o| o.need == Some(n.need)))
                .map(|n| (n.need, n.level))
                .collect();
            let next_review_on = reviews.first().map(|r| r.next_review_on);
            let may_change = concord_authz::decide(
                w.actor(),
                Action::Change,
                &w.resource(person)
                    .await?
                    .sections(SectionSet::one(Section::Interventions)),
            )
            .allowed;
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                Some(person.0),
                "viewed the individual action plan",
                Note::sections(SectionSet::of(&[Section::Identity, Section::Interventions])),
            );
            Ok(ActionPlanView {
                person_name: concord_domain::display_name(
                    &header.given_name,
                    header.middle_names.as_deref(),
                    &header.family_name,
                ),
                objectives,
                actions,
                partner_work,
                reviews: reviews
                    .iter()
                    .map(|r| PlanReviewView {
                        reviewed_on: r.reviewed_on,
                        person_agreed: r.person_agreed,
                        note: r.note.clone(),
                        next_review_on: r.next_review_on,
                        reviewed_by: names.user(Some(r.reviewed_by)),
                    })
                    .collect(),
                next_review_on,
                review_overdue: next_review_on.is_some_and(|d| d < today),
                uncovered_needs,
                may_change,
            })
        })
        .await
    }
}
