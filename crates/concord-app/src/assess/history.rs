//! A person's risk over time: every review with its scores as signed, the open tasks,
//! and the numbers behind the chart on the risk page.

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::AssessmentId;
use concord_domain::{AssessmentKind, AssessmentStatus, PersonId, UserId};
use concord_risk::RoshLevel;
use concord_store::audit::AuditKind;
use serde::Serialize;

use super::dash::{dash_summaries, summarise, DashSummary};
use super::review::{level_from_code, Results};
use super::scores::predictor_views;
use super::sign::TaskView;
use crate::access::Note;
use crate::person::Names;
use crate::{AppError, Assess};

#[derive(Debug, Clone, Serialize)]
pub struct HistoryRow {
    pub id: AssessmentId,
    pub status: AssessmentStatus,
    pub started_at: DateTime<Utc>,
    pub started_by: String,
    pub signed_at: Option<DateTime<Utc>>,
    pub signed_by: Option<String>,
    pub overall: Option<RoshLevel>,
    pub tier: Option<String>,
    pub review_due_on: Option<NaiveDate>,
    /// OGRS3 two-year %, OVP two-year %, RSR % as signed.
    pub ogrs3: Option<f64>,
    pub ovp: Option<f64>,
    pub rsr: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RiskHistory {
    #[serde(skip)]
    pub key_facts: crate::KeyFacts,
    pub person_id: PersonId,
    pub person_name: String,
    pub reviews: Vec<HistoryRow>,
    pub tasks: Vec<TaskView>,
    /// The review in progress, if any.
    pub draft: Option<AssessmentId>,
    /// The latest signed review's next review date, and whether it has passed.
    pub review_due_on: Option<NaiveDate>,
    pub review_overdue: bool,
    pub may_assess: bool,
    /// DASH checklists, newest first.
    pub dash: Vec<DashSummary>,
    /// May complete a DASH checklist (assessor with the victim section).
    pub may_record_dash: bool,
}

impl Assess<'_> {
    pub async fn risk_history(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<RiskHistory, AppError> {
        self.run(actor, async |w| self.risk_history_in(w, person).await)
            .await
    }

    /// The Risk tab: [`Self::risk_history`] with the record's key facts above it.
    pub async fn risk_page(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<RiskHistory, AppError> {
        self.run_page(actor, async |w| {
            let mut history = self.risk_history_in(w, person).await?;
            history.key_facts = crate::KeyFacts::read(w, person).await?;
            Ok(history)
        })
        .await
    }

    async fn risk_history_in(
        &self,
        w: &mut crate::kernel::Work<'_>,
        person: PersonId,
    ) -> Result<RiskHistory, AppError> {
        let cap = risk_reader(w, person).await?;
        let p = concord_store::person(w.tx(), &cap, person)
            .await?
            .ok_or(AppError::NotFound)?;
        let rows = concord_store::assessments(w.tx(), &cap, person, AssessmentKind::Rosh).await?;
        let task_rows = concord_store::tasks_of(w.tx(), &cap, person).await?;
        let (dash_rows, dash_users) = dash_summaries(w.tx(), &cap, person).await?;
        let users: Vec<UserId> = rows
            .iter()
            .flat_map(|r| [Some(r.started_by), r.signed_by])
            .chain(task_rows.iter().map(|t| t.done_by))
            .flatten()
            .chain(dash_users)
            .collect();
        let names = Names::load(w.tx(), &users).await?;
        let today = self.clock.today();
        let reviews: Vec<HistoryRow> = rows
            .iter()
            .map(|r| {
                let views = r
                    .results
                    .as_ref()
                    .and_then(|v| serde_json::from_value::<Results>(v.clone()).ok())
                    .map(|res| predictor_views(&res.scores))
                    .unwrap_or_default();
                let value = |key: &str| views.iter().find(|v| v.key == key).and_then(|v| v.value);
                HistoryRow {
                    id: r.id,
                    status: r.status,
                    started_at: r.started_at,
                    started_by: names.user(Some(r.started_by)),
                    signed_at: r.signed_at,
                    signed_by: r.signed_by.map(|u| names.user(Some(u))),
                    overall: r.overall_level.as_deref().and_then(level_from_code),
                    tier: r.tier.clone(),
                    review_due_on: r.review_due_on,
                    ogrs3: value("ogrs3"),
                    ovp: value("ovp"),
                    rsr: value("rsr"),
                }
            })
            .collect();
        let latest = reviews
            .iter()
            .filter(|r| r.status == AssessmentStatus::Signed)
            .max_by_key(|r| r.signed_at);
        let review_due_on = latest.and_then(|r| r.review_due_on);
        let may_assess = Self::authorize_risk(w, Action::Create, person)
            .await
            .is_ok();
        let may_record_dash = Self::may_record_dash(w, person).await;
        let dash = summarise(&dash_rows, &names)?;
        w.audit(
            AuditKind::Consultation,
            Action::Read,
            Some(person.0),
            "viewed the risk assessments",
            Note::sections(cap.sections()),
        );
        Ok(RiskHistory {
            key_facts: crate::KeyFacts::default(),
            person_id: person,
            person_name: concord_domain::display_name(
                &p.given_name,
                p.middle_names.as_deref(),
                &p.family_name,
            ),
            draft: reviews
                .iter()
                .find(|r| r.status == AssessmentStatus::Draft)
                .map(|r| r.id),
            review_overdue: review_due_on.is_some_and(|d| d < today),
            review_due_on,
            tasks: task_rows
                .iter()
                .map(|t| TaskView::from_row(t, &names, today))
                .collect(),
            reviews,
            may_assess,
            dash,
            may_record_dash,
        })
    }
}

/// The capability to read `person`'s risk section (with who they are); `NotFound` when
/// the policy reaches their identity only, as if the risk section were not there.
pub(super) async fn risk_reader(
    w: &mut crate::kernel::Work<'_>,
    person: PersonId,
) -> Result<concord_authz::Capability, AppError> {
    let cap = w
        .person(
            Action::Read,
            person,
            SectionSet::of(&[Section::Identity, Section::Risk]),
        )
        .await?;
    if !cap.sections().contains(Section::Risk) {
        return Err(AppError::NotFound);
    }
    Ok(cap)
}
