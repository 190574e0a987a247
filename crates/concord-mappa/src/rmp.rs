//! The risk management plan: the four pillars and the actions that carry it out
//! (rules.md §1.4, MAPPA Guidance ch.12 §12.11; issue 7 items 4 and 5).
//!
//! Decisions where the sources are silent:
//! - Every action needs a description, an owner person, an owner agency and a due date:
//!   inspections find actions nobody tracks (issue 7).
//! - A new action may not be due in the past; due today is allowed. An existing action
//!   keeps its date when edited later (`creating = false`), so an overdue action can still
//!   be updated and closed.
//! - An action marked done needs evidence of what was done, and a cancelled one needs the
//!   reason in the evidence field: both end the tracking, so both must say why.
//! - An action is overdue from the day after its due date, and only while open.
//! - All open actions are carried onto the next meeting's agenda, overdue or not, in the
//!   order given.
//!
//! Error codes: `missing`, `too_long`, `due_in_past`, `evidence_required`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::types::{check_length, require_text, FieldError};

concord_domain::closed_codes! {
    /// The four pillars of a MAPPA risk management plan, stored as `SUPERVISION` …
    /// `VICTIM_SAFETY`.
    #[derive(PartialOrd, Ord)]
    pub enum Pillar {
        Supervision = "SUPERVISION", "Supervision",
        MonitoringAndControl = "MONITORING_AND_CONTROL", "Monitoring and control",
        InterventionsAndTreatment = "INTERVENTIONS_AND_TREATMENT", "Interventions and treatment",
        VictimSafety = "VICTIM_SAFETY", "Victim safety planning",
    }
}

impl Pillar {
    /// Examples from MAPPA Guidance ch.12, as a hint on the plan form.
    pub fn hint(self) -> &'static str {
        match self {
            Self::Supervision => "Office supervision, home visits by police and probation, health contact, approved premises staff, tenancy support, help into work, protective factors.",
            Self::MonitoringAndControl => "All licence conditions, residence restrictions, restrictions on association, activities and movement, surveillance and electronic monitoring, polygraph, civil orders.",
            Self::InterventionsAndTreatment => "Accredited programmes, mental health treatment, substance misuse services, education and training.",
            Self::VictimSafety => "Victim-related licence conditions, exclusion zones, alarms and other measures, victim liaison contact.",
        }
    }
}

concord_domain::closed_codes! {
    /// Where an action stands, stored as `OPEN`, `DONE` or `CANCELLED`.
    #[derive(Default)]
    pub enum ActionStatus {
        #[default]
        Open = "OPEN", "Open",
        Done = "DONE", "Done",
        Cancelled = "CANCELLED", "Cancelled",
    }
}

concord_domain::closed_codes! {
    /// A version of the plan: the current one, or one a later version superseded (kept,
    /// never changed).
    pub enum PlanStatus {
        Current = "current", "Current",
        Superseded = "superseded", "Superseded",
    }
}

/// One action of the plan or of a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionItem {
    pub description: String,
    pub owner_person: Option<String>,
    pub owner_agency: Option<String>,
    pub due_on: Option<NaiveDate>,
    pub status: ActionStatus,
    pub evidence: String,
}

fn blank(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// Checks an action, reporting every problem at once.
pub fn validate_action(
    action: &ActionItem,
    today: NaiveDate,
    creating: bool,
) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    require_text(
        &mut errors,
        "description",
        &action.description,
        "what is to be done",
    );
    match blank(&action.owner_person) {
        Some(person) => check_length(&mut errors, "owner_person", person, "the owner"),
        None => errors.push(FieldError::new(
            "owner_person",
            "missing",
            "Enter the person who owns the action",
        )),
    }
    match blank(&action.owner_agency) {
        Some(agency) => check_length(&mut errors, "owner_agency", agency, "the agency"),
        None => errors.push(FieldError::new(
            "owner_agency",
            "missing",
            "Enter the agency that owns the action",
        )),
    }
    match action.due_on {
        None => errors.push(FieldError::new("due_on", "missing", "Enter the due date")),
        Some(due) if creating && due < today => errors.push(FieldError::new(
            "due_on",
            "due_in_past",
            "The due date must be today or in the future",
        )),
        Some(_) => {}
    }
    match action.status {
        ActionStatus::Open => {
            check_length(&mut errors, "evidence", &action.evidence, "the evidence");
        }
        ActionStatus::Done | ActionStatus::Cancelled if action.evidence.trim().is_empty() => {
            let message = if action.status == ActionStatus::Done {
                "Enter the evidence that the action was done"
            } else {
                "Enter why the action was cancelled"
            };
            errors.push(FieldError::new("evidence", "evidence_required", message));
        }
        ActionStatus::Done | ActionStatus::Cancelled => {
            check_length(&mut errors, "evidence", &action.evidence, "the evidence");
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Whether an open action is past its due date.
pub fn overdue(action: &ActionItem, today: NaiveDate) -> bool {
    action.status == ActionStatus::Open && action.due_on.is_some_and(|due| due < today)
}

/// The actions that go onto the next meeting's agenda: every open one.
pub fn carry_forward(actions: &[ActionItem]) -> Vec<&ActionItem> {
    actions
        .iter()
        .filter(|a| a.status == ActionStatus::Open)
        .collect()
}
