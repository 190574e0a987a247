//! The risk management plan: risks and scenarios, the four pillars and the contingency
//! plans, one version per save; the licence's conditions shown beside monitoring and
//! control, read from the licence in force.

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::MappaPlanId;
use concord_domain::UserId;
use concord_domain::{DomainEvent, DomainEventType};
use concord_domain::{FieldError, PersonId, ValidationErrors};
use concord_licence::LicenceStatus;
use concord_store::audit::AuditKind;
use concord_store::{LicenceRow, MappaPlanRow, Tx};
use serde::Serialize;
use serde_json::json;

use super::actions::{action_views, ActionView};
use crate::access::Note;
use crate::kernel::Work;
use crate::manage::{conditions_of, wording};
use crate::person::Names;
use crate::{AppError, Plans};

/// A plan is long prose; this bounds one field, not the thinking.
const MAX_PLAN_TEXT: usize = 10_000;

/// The plan as a form posts it: every field is required.
#[derive(Debug, Clone, Default)]
pub struct PlanForm {
    pub risks: String,
    pub supervision: String,
    pub monitoring_and_control: String,
    pub interventions_and_treatment: String,
    pub victim_safety_planning: String,
    pub contingency: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanVersionView {
    pub id: MappaPlanId,
    pub version: i32,
    pub current: bool,
    pub risks: String,
    pub supervision: String,
    pub monitoring_and_control: String,
    pub interventions_and_treatment: String,
    pub victim_safety_planning: String,
    pub contingency: String,
    pub written_by: String,
    pub created_at: DateTime<Utc>,
}

/// The licence in force, as the licence words its conditions.
#[derive(Debug, Clone, Serialize)]
pub struct PlanLicence {
    pub title: String,
    /// "active", or "approved" before release.
    pub status: String,
    pub licence_end_date: NaiveDate,
    /// (number, wording) of every condition, standard and additional.
    pub conditions: Vec<(usize, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanView {
    /// RoSH, tier and MAPPA above the tab.
    #[serde(skip)]
    pub key_facts: crate::KeyFacts,
    pub person_id: PersonId,
    pub person_name: String,
    /// Every version, newest (the current one) first.
    pub versions: Vec<PlanVersionView>,
    /// Whether the actor may read the licence at all; when they may, `licence` is the
    /// licence in force or `None` when there is none.
    pub licence_visible: bool,
    pub licence: Option<PlanLicence>,
    /// Open actions, oldest due first.
    pub open_actions: Vec<ActionView>,
    /// May write a new version (the case team, MAPPA staff).
    pub may_write: bool,
}

impl PlanView {
    pub fn current(&self) -> Option<&PlanVersionView> {
        self.versions.first().filter(|v| v.current)
    }
}

struct CheckedPlan {
    risks: String,
    supervision: String,
    monitoring_and_control: String,
    interventions_and_treatment: String,
    victim_safety_planning: String,
    contingency: String,
}

fn required(errors: &mut ValidationErrors, field: &str, value: &str, what: &str) -> String {
    let value = value.trim();
    if value.is_empty() {
        errors.push(FieldError::new(field, "missing", format!("Enter {what}")));
    } else if value.chars().count() > MAX_PLAN_TEXT {
        errors.push(FieldError::new(
            field,
            "too_long",
            format!("Keep {what} to {MAX_PLAN_TEXT} characters or fewer"),
        ));
    }
    value.to_string()
}

fn check(form: &PlanForm) -> Result<CheckedPlan, ValidationErrors> {
    let mut e = ValidationErrors::new();
    let plan = CheckedPlan {
        risks: required(
            &mut e,
            "risks",
            &form.risks,
            "the risks to be managed and the scenarios",
        ),
        supervision: required(&mut e, "supervision", &form.supervision, "the supervision"),
        monitoring_and_control: required(
            &mut e,
            "monitoring_and_control",
            &form.monitoring_and_control,
            "the monitoring and control",
        ),
        interventions_and_treatment: required(
            &mut e,
            "interventions_and_treatment",
            &form.interventions_and_treatment,
            "the interventions and treatment",
        ),
        victim_safety_planning: required(
            &mut e,
            "victim_safety_planning",
            &form.victim_safety_planning,
            "the victim safety planning",
        ),
        contingency: required(
            &mut e,
            "contingency",
            &form.contingency,
            "the contingency plans",
        ),
    };
    e.finish(plan)
}

/// The licence in force: the newest active version; before release, the newest approved
/// one. A licence in progress or awaiting approval is not yet a set of conditions.
fn licence_in_force(rows: &[LicenceRow]) -> Result<Option<(&LicenceRow, LicenceStatus)>, AppError> {
    let mut approved = None;
    for row in rows.iter().rev() {
        let status = row.status;
        match status {
            LicenceStatus::Active => return Ok(Some((row, status))),
            LicenceStatus::Approved | LicenceStatus::VariationApproved if approved.is_none() => {
                approved = Some((row, status));
            }
            _ => {}
        }
    }
    Ok(approved)
}

impl Plans<'_> {
    /// Save a new version of the person's risk management plan; the last one is kept as
    /// superseded. Returns the new version's id.
    pub async fn save_mappa_plan(
        &self,
        actor: &Actor,
        person: PersonId,
        form: &PlanForm,
    ) -> Result<MappaPlanId, AppError> {
        let plan = check(form).map_err(AppError::Validation)?;
        self.run(actor, async |w| {
            let cap = w
                .person(Action::Change, person, SectionSet::one(Section::Management))
                .await?;
            let last = concord_store::mappa_plans_of(w.tx(), &cap, person)
                .await?
                .first()
                .map_or(0, |p| p.version);
            let id = MappaPlanId::new();
            concord_store::insert_mappa_plan(
                w.tx(),
                &cap,
                &MappaPlanRow {
                    id,
                    person_id: person,
                    version: last + 1,
                    status: concord_mappa::PlanStatus::Current,
                    risks: plan.risks,
                    supervision: plan.supervision,
                    monitoring_and_control: plan.monitoring_and_control,
                    interventions_and_treatment: plan.interventions_and_treatment,
                    victim_safety_planning: plan.victim_safety_planning,
                    contingency: plan.contingency,
                    meeting_id: None,
                    written_by: actor.user_id,
                    created_at: self.clock.now(),
                },
            )
            .await?;
            w.audit(
                if last == 0 {
                    AuditKind::Collection
                } else {
                    AuditKind::Alteration
                },
                Action::Change,
                Some(person.0),
                "wrote a version of the MAPPA risk management plan",
                Note {
                    sections: Some(SectionSet::one(Section::Management)),
                    detail: Some(json!({"plan": id, "version": last + 1})),
                    ..Note::default()
                },
            );
            w.raise(
                DomainEvent::new(DomainEventType::MappaPlanSaved, person)
                    .with("planId", id)
                    .with("version", last + 1),
            );
            Ok(id)
        })
        .await
    }

    /// The person's risk management plan: every version, the licence in force with its
    /// conditions, and the open actions.
    pub async fn mappa_plan(&self, actor: &Actor, person: PersonId) -> Result<PlanView, AppError> {
        self.run_page(actor, async |w| {
            let mut view = self.mappa_plan_in(w, person).await?;
            view.key_facts = crate::KeyFacts::read(w, person).await?;
            Ok(view)
        })
        .await
    }

    /// [`Self::mappa_plan`] within a unit of work (a page that shows it with other parts).
    pub(crate) async fn mappa_plan_in(
        &self,
        w: &mut Work<'_>,
        person: PersonId,
    ) -> Result<PlanView, AppError> {
        let actor = w.actor();
        // The plan is the case's reading of the risk and how it is managed: it needs
        // the risk section as well as the management section it is filed in.
        let cap = w
            .person_all(
                Action::Read,
                person,
                SectionSet::of(&[Section::Management, Section::Risk]),
            )
            .await?;
        // Who the person is and their licence are other sections: shown when the
        // actor may read them, and the plan is still shown when they may not.
        let more = w
            .person(
                Action::Read,
                person,
                SectionSet::of(&[Section::Identity, Section::Licence]),
            )
            .await
            .ok();
        let may_write = w
            .person(Action::Change, person, SectionSet::one(Section::Management))
            .await
            .is_ok();
        let plans = concord_store::mappa_plans_of(w.tx(), &cap, person).await?;
        let actions = concord_store::mappa_actions_of(w.tx(), &cap, person).await?;
        let users: Vec<UserId> = plans.iter().map(|p| p.written_by).collect();
        let names = Names::load(w.tx(), &users).await?;
        let mut sections = SectionSet::one(Section::Management);
        let mut person_name = String::new();
        let mut licence = None;
        let mut licence_visible = false;
        if let Some(more) = &more {
            if more.sections().contains(Section::Identity) {
                if let Some(p) = concord_store::person(w.tx(), more, person).await? {
                    person_name = concord_domain::display_name(
                        &p.given_name,
                        p.middle_names.as_deref(),
                        &p.family_name,
                    );
                }
                sections = sections.union(SectionSet::one(Section::Identity));
            }
            if more.sections().contains(Section::Licence) {
                licence_visible = true;
                sections = sections.union(SectionSet::one(Section::Licence));
                licence = self.plan_licence(w.tx(), more, person).await?;
            }
        }
        let today = self.clock.today();
        let open_actions = action_views(&actions, today, actor, may_write, &names)?
            .into_iter()
            .filter(|a| a.status == concord_mappa::ActionStatus::Open)
            .collect();
        w.audit(
            AuditKind::Consultation,
            Action::Read,
            Some(person.0),
            "viewed the MAPPA risk management plan",
            Note::sections(sections),
        );
        Ok(PlanView {
            key_facts: crate::KeyFacts::default(),
            person_id: person,
            person_name,
            versions: plans
                .iter()
                .map(|p| PlanVersionView {
                    id: p.id,
                    version: p.version,
                    current: p.status == concord_mappa::PlanStatus::Current,
                    risks: p.risks.clone(),
                    supervision: p.supervision.clone(),
                    monitoring_and_control: p.monitoring_and_control.clone(),
                    interventions_and_treatment: p.interventions_and_treatment.clone(),
                    victim_safety_planning: p.victim_safety_planning.clone(),
                    contingency: p.contingency.clone(),
                    written_by: names.user(Some(p.written_by)),
                    created_at: p.created_at,
                })
                .collect(),
            licence_visible,
            licence,
            open_actions,
            may_write,
        })
    }

    /// The person's name when the actor may read who they are; empty otherwise.
    pub(super) async fn identity_name(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        person: PersonId,
    ) -> Result<String, AppError> {
        let Ok(cap) = self
            .authorize_person(
                tx,
                actor,
                Action::Read,
                person,
                SectionSet::one(Section::Identity),
            )
            .await
        else {
            return Ok(String::new());
        };
        Ok(concord_store::person(tx, &cap, person)
            .await?
            .map(|p| {
                concord_domain::display_name(
                    &p.given_name,
                    p.middle_names.as_deref(),
                    &p.family_name,
                )
            })
            .unwrap_or_default())
    }

    async fn plan_licence(
        &self,
        tx: &mut Tx,
        cap: &concord_authz::Capability,
        person: PersonId,
    ) -> Result<Option<PlanLicence>, AppError> {
        let rows = concord_store::licences_of(tx, cap, person).await?;
        let Some((row, status)) = licence_in_force(&rows)? else {
            return Ok(None);
        };
        let zones = self.manage().zone_names(tx, cap, person).await?;
        Ok(Some(PlanLicence {
            title: row.type_code.label().into(),
            status: if status == LicenceStatus::Active {
                "active".into()
            } else {
                "approved, not yet active".into()
            },
            licence_end_date: row.licence_end_date,
            conditions: conditions_of(row)?
                .iter()
                .enumerate()
                .map(|(i, c)| (i + 1, wording(&c.condition, &zones)))
                .collect(),
        }))
    }
}
