//! The actions of the risk management plan: who does what, under which pillar, by when,
//! and the evidence that it was done.

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{AgencyId, UserId};
use concord_domain::{FieldError, MappaActionId, MeetingId, PersonId, ValidationErrors};
use concord_mappa::{validate_action, ActionItem, ActionStatus, Pillar};
use concord_store::audit::AuditKind;
use concord_store::{ActionEditor, MappaActionRow, Tx};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use super::add_rule_errors;
use crate::access::Note;
use crate::kernel::Work;
use crate::person::Names;
use crate::{AppError, Plans};

/// An action as a form posts it. `owner_user_id` is the id of a member of staff.
#[derive(Debug, Clone, Default)]
pub struct ActionForm {
    /// A [`Pillar`] code.
    pub pillar: String,
    pub description: String,
    pub owner_user_id: String,
    pub due_on: String,
    /// `OPEN`, `DONE` or `CANCELLED`; a new action is always open.
    pub status: String,
    pub evidence: String,
    /// The MAPP meeting that agreed the action (its id), or empty: the person must be on
    /// that meeting's agenda.
    pub meeting: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionView {
    pub id: MappaActionId,
    pub pillar: Pillar,
    pub description: String,
    pub owner_user_id: Option<UserId>,
    pub owner_name: String,
    pub owner_agency: String,
    pub due_on: NaiveDate,
    pub status: ActionStatus,
    pub evidence: String,
    pub completed_on: Option<NaiveDate>,
    pub overdue: bool,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
    /// The actor may change it: the case team and MAPPA staff, or its owner.
    pub may_update: bool,
    /// The actor may change only the status and evidence (they are the owner alone).
    pub owner_only: bool,
}

/// A member of staff who may own an action.
#[derive(Debug, Clone, Serialize)]
pub struct StaffOption {
    pub user_id: UserId,
    pub name: String,
    pub agency: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionsView {
    pub person_id: PersonId,
    /// Empty when the actor may not read who the person is.
    pub person_name: String,
    pub actions: Vec<ActionView>,
    /// May add actions and change any (the case team, MAPPA staff).
    pub may_add: bool,
    /// Who may be named as an owner (empty unless `may_add`).
    pub staff: Vec<StaffOption>,
}

/// Views of stored actions, with the owners' agencies named.
pub(super) fn action_views(
    rows: &[MappaActionRow],
    today: NaiveDate,
    actor: &Actor,
    case_team: bool,
    names: &Names,
) -> Result<Vec<ActionView>, AppError> {
    rows.iter()
        .map(|r| {
            let status = r.status;
            let own = r.owner_user_id == Some(actor.user_id);
            Ok(ActionView {
                id: r.id,
                pillar: r.pillar,
                description: r.description.clone(),
                owner_user_id: r.owner_user_id,
                owner_name: r.owner_name.clone(),
                owner_agency: names.agency(r.owner_agency_id),
                due_on: r.due_on,
                status,
                evidence: r.evidence.clone(),
                completed_on: r.completed_on,
                overdue: concord_mappa::overdue(&item_of(r, status), today),
                updated_at: r.updated_at,
                version: r.version,
                may_update: case_team || own,
                owner_only: !case_team && own,
            })
        })
        .collect()
}

fn item_of(r: &MappaActionRow, status: ActionStatus) -> ActionItem {
    ActionItem {
        description: r.description.clone(),
        owner_person: Some(r.owner_name.clone()),
        owner_agency: Some(r.owner_agency_id.to_string()),
        due_on: Some(r.due_on),
        status,
        evidence: r.evidence.clone(),
    }
}

/// The parts of the form that need no database, with every problem found.
struct Parsed {
    pillar: Option<Pillar>,
    due_on: Option<NaiveDate>,
    status: ActionStatus,
    owner: Option<UserId>,
}

fn parse(form: &ActionForm, errors: &mut ValidationErrors, creating: bool) -> Parsed {
    let pillar = Pillar::from_code(form.pillar.trim());
    if pillar.is_none() {
        errors.push(FieldError::new(
            "pillar",
            "missing",
            "Choose the pillar of the plan the action serves",
        ));
    }
    // A blank date is concord-mappa's `missing`; only a date that cannot be read is
    // reported here.
    let due_on = if form.due_on.trim().is_empty() {
        None
    } else {
        match concord_domain::parse_date("due_on", "Due date", &form.due_on) {
            Ok(d) => Some(d),
            Err(e) => {
                errors.push(e);
                None
            }
        }
    };
    let status = if creating {
        ActionStatus::Open
    } else {
        match ActionStatus::from_code(form.status.trim()) {
            Some(s) => s,
            None => {
                errors.push(FieldError::new(
                    "status",
                    "missing",
                    "Choose whether the action is open, done or cancelled",
                ));
                ActionStatus::Open
            }
        }
    };
    let owner = match form.owner_user_id.trim() {
        "" => None,
        id => match id.parse::<UserId>() {
            Ok(u) => Some(u),
            Err(_) => {
                errors.push(FieldError::new(
                    "owner",
                    "unknown",
                    "Choose the owner from the list of staff",
                ));
                None
            }
        },
    };
    Parsed {
        pillar,
        due_on,
        status,
        owner,
    }
}

/// The owner's name and agency, for a member of staff who can still sign in.
async fn owner_of(
    tx: &mut Tx,
    user: Option<UserId>,
    errors: &mut ValidationErrors,
) -> Result<Option<(UserId, String, AgencyId)>, AppError> {
    let Some(user) = user else {
        return Ok(None);
    };
    match concord_store::user_by_id(tx, user).await? {
        Some(u) if u.active => Ok(Some((u.id, u.display_name, u.agency_id))),
        _ => {
            errors.push(FieldError::new(
                "owner",
                "unknown",
                "Choose the owner from the list of staff",
            ));
            Ok(None)
        }
    }
}

/// Every problem with an action at once, fields named as the form names them.
fn check_rules(
    errors: &mut ValidationErrors,
    item: &ActionItem,
    today: NaiveDate,
    creating: bool,
    owner_named: bool,
) {
    if let Err(problems) = validate_action(item, today, creating) {
        let problems = problems
            .into_iter()
            .filter_map(|mut p| {
                // The form names one owner field: the agency comes with the person.
                if p.field == "owner_person" || p.field == "owner_agency" {
                    if owner_named {
                        return None;
                    }
                    p.field = "owner".into();
                    p.message = "Choose the member of staff who owns the action".into();
                }
                Some(p)
            })
            .collect();
        add_rule_errors(errors, problems);
    }
}

impl Plans<'_> {
    /// Add an action to the person's plan (always open). Returns its id.
    pub async fn add_mappa_action(
        &self,
        actor: &Actor,
        person: PersonId,
        form: &ActionForm,
    ) -> Result<MappaActionId, AppError> {
        self.run(actor, async |w| {
            let cap = w.person(
                    Action::Change,
                    person,
                    SectionSet::one(Section::Management),
                )
                .await?;
            let mut errors = ValidationErrors::new();
            let parsed = parse(form, &mut errors, true);
            let owner = owner_of(w.tx(), parsed.owner, &mut errors).await?;
            let today = self.clock.today();
            let item = ActionItem {
                description: form.description.trim().into(),
                owner_person: owner.as_ref().map(|o| o.1.clone()),
                owner_agency: owner.as_ref().map(|o| o.2.to_string()),
                due_on: parsed.due_on,
                status: ActionStatus::Open,
                evidence: form.evidence.trim().into(),
            };
            let named = owner.is_some() || errors.for_field("owner").is_some();
            check_rules(&mut errors, &item, today, true, named);
            let meeting = match form.meeting.trim() {
                "" => None,
                m => match m.parse::<MeetingId>() {
                    Ok(id)
                        if concord_store::agenda(w.tx(), id)
                            .await?
                            .iter()
                            .any(|a| a.person_id == person) =>
                    {
                        Some(id)
                    }
                    _ => {
                        errors.push(concord_domain::FieldError::new(
                            "meeting",
                            "not_on_agenda",
                            "The action can only be agreed at a meeting that has this person on its agenda",
                        ));
                        None
                    }
                },
            };
            let (Some(pillar), Some((owner_id, owner_name, agency)), Some(due_on), true) =
                (parsed.pillar, owner, parsed.due_on, errors.is_empty())
            else {
                return Err(AppError::Validation(errors));
            };
            let id = Uuid::now_v7();
            let now = self.clock.now();
            concord_store::insert_mappa_action(
                w.tx(),
                &cap,
                &MappaActionRow {
                    id: MappaActionId(id),
                    person_id: person,
                    pillar,
                    description: item.description,
                    owner_user_id: Some(owner_id),
                    owner_name,
                    owner_agency_id: agency,
                    due_on,
                    status: ActionStatus::Open,
                    evidence: item.evidence,
                    completed_on: None,
                    meeting_id: meeting,
                    created_by: actor.user_id,
                    created_at: now,
                    updated_by: actor.user_id,
                    updated_at: now,
                    version: 1,
                },
            )
            .await?;
            w.audit(
                AuditKind::Collection,
                Action::Change,
                Some(person.0),
                "added an action to the MAPPA risk management plan",
                Note {
                    sections: Some(SectionSet::one(Section::Management)),
                    detail: Some(json!({"action": id, "owner": owner_id})),
                    ..Note::default()
                },
            );
            Ok(MappaActionId(id))
        })
        .await
    }

    /// Change an action read at `expected_version`. The case team and MAPPA staff change
    /// any part; the owner alone (who may hold only read access as a panel member)
    /// changes the status and evidence of their own action.
    pub async fn update_mappa_action(
        &self,
        actor: &Actor,
        person: PersonId,
        action: MappaActionId,
        expected_version: i32,
        form: &ActionForm,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            let management = SectionSet::one(Section::Management);
            let (cap, editor) = match w.person(Action::Change, person, management).await {
                Ok(cap) => (cap, ActionEditor::CaseTeam),
                Err(denied) => {
                    let Ok(cap) = w.person(Action::Read, person, management).await else {
                        return Err(denied);
                    };
                    let owns = concord_store::mappa_actions_of(w.tx(), &cap, person)
                        .await?
                        .iter()
                        .any(|a| a.id == action && a.owner_user_id == Some(actor.user_id));
                    if !owns {
                        return Err(denied);
                    }
                    (cap, ActionEditor::Owner(actor.user_id))
                }
            };
            let mut row = concord_store::mappa_actions_of(w.tx(), &cap, person)
                .await?
                .into_iter()
                .find(|a| a.id == action)
                .ok_or(AppError::NotFound)?;
            let was = row.status;
            let mut errors = ValidationErrors::new();
            let parsed = parse(form, &mut errors, false);
            let mut owner_named = true;
            if editor == ActionEditor::CaseTeam {
                if let Some(p) = parsed.pillar {
                    row.pillar = p;
                }
                row.description = form.description.trim().into();
                match owner_of(w.tx(), parsed.owner, &mut errors).await? {
                    Some((id, name, agency)) => {
                        row.owner_user_id = Some(id);
                        row.owner_name = name;
                        row.owner_agency_id = agency;
                    }
                    None => owner_named = errors.for_field("owner").is_some(),
                }
            } else {
                // The owner changes only the status and the evidence.
                errors.errors.retain(|e| e.field == "status");
            }
            let new_due = if editor == ActionEditor::CaseTeam {
                parsed.due_on
            } else {
                Some(row.due_on)
            };
            let today = self.clock.today();
            let item = ActionItem {
                description: row.description.clone(),
                owner_person: owner_named.then(|| row.owner_name.clone()),
                owner_agency: owner_named.then(|| row.owner_agency_id.to_string()),
                due_on: new_due,
                status: parsed.status,
                evidence: form.evidence.trim().into(),
            };
            // An overdue action can still be closed; a new due date may not be past.
            let redated = new_due.is_some_and(|d| d != row.due_on);
            check_rules(&mut errors, &item, today, redated, owner_named);
            let Some(due_on) = new_due.filter(|_| errors.is_empty()) else {
                return Err(AppError::Validation(errors));
            };
            row.due_on = due_on;
            row.status = parsed.status;
            row.evidence = item.evidence;
            row.completed_on = match (was, parsed.status) {
                (_, ActionStatus::Open) => None,
                (ActionStatus::Open, _) => Some(today),
                _ => row.completed_on,
            };
            row.updated_by = actor.user_id;
            row.updated_at = self.clock.now();
            row.version = expected_version + 1;
            if !concord_store::update_mappa_action(w.tx(), &cap, &row, expected_version, editor)
                .await?
            {
                return Err(AppError::Conflict);
            }
            let what = match parsed.status {
                ActionStatus::Done if was != ActionStatus::Done => "completed a MAPPA action",
                ActionStatus::Cancelled if was != ActionStatus::Cancelled => {
                    "cancelled a MAPPA action"
                }
                _ => "changed a MAPPA action",
            };
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(person.0),
                what,
                Note {
                    sections: Some(management),
                    detail: Some(json!({
                        "action": action,
                        "status": row.status,
                        "by_owner": matches!(editor, ActionEditor::Owner(_)),
                    })),
                    ..Note::default()
                },
            );
            Ok(())
        })
        .await
    }

    /// The person's actions (open first, by due date) and, for the case team and MAPPA
    /// staff, the staff who may own a new one.
    pub async fn mappa_actions(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<ActionsView, AppError> {
        self.run(actor, async |w| self.mappa_actions_in(w, person).await)
            .await
    }

    /// [`Self::mappa_actions`] within a unit of work (a page that shows it with other parts).
    pub(crate) async fn mappa_actions_in(
        &self,
        w: &mut Work<'_>,
        person: PersonId,
    ) -> Result<ActionsView, AppError> {
        let actor = w.actor();
        let management = SectionSet::one(Section::Management);
        let cap = w.person(Action::Read, person, management).await?;
        let may_add = w.person(Action::Change, person, management).await.is_ok();
        let person_name = self.identity_name(w.tx(), actor, person).await?;
        let rows = concord_store::mappa_actions_of(w.tx(), &cap, person).await?;
        let names = Names::load(w.tx(), &[]).await?;
        let actions = action_views(&rows, self.clock.today(), actor, may_add, &names)?;
        let staff = if may_add {
            concord_store::users(w.tx())
                .await?
                .into_iter()
                .filter(|u| u.active)
                .map(|u| StaffOption {
                    user_id: u.id,
                    agency: names.agency(u.agency_id),
                    name: u.display_name,
                })
                .collect()
        } else {
            vec![]
        };
        w.audit(
            AuditKind::Consultation,
            Action::Read,
            Some(person.0),
            "viewed the MAPPA actions",
            Note::sections(if person_name.is_empty() {
                management
            } else {
                management.union(SectionSet::one(Section::Identity))
            }),
        );
        Ok(ActionsView {
            person_id: person,
            person_name,
            actions,
            may_add,
            staff,
        })
    }
}
