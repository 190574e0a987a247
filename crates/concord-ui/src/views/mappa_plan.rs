//! MAPPA risk management plan pages: the plan under the four pillars with the licence's
//! conditions, its print view, the actions and the form that updates one; the block of
//! the actor's own actions on the caseload page; victim measures on the victim page.

use askama::Template;

use crate::{FormErrors, SelectOption, Shell};

/// One part of the plan: its form field, or its text when shown.
#[derive(Debug, Clone)]
pub struct PlanPart {
    pub name: String,
    pub label: String,
    pub hint: String,
    pub text: String,
    /// Monitoring and control: the licence's conditions are shown with it.
    pub with_licence: bool,
}

/// An action as listed: overdue ones are marked in red.
#[derive(Debug, Clone)]
pub struct ActionLine {
    pub pillar: String,
    pub description: String,
    pub owner: String,
    pub agency: String,
    pub due: String,
    pub status: String,
    pub overdue: bool,
    pub evidence: String,
    /// The update form, or empty when the actor may not change it.
    pub update_href: String,
}

/// A superseded version of the plan.
#[derive(Debug, Clone)]
pub struct PlanVersionBlock {
    pub heading: String,
    pub parts: Vec<PlanPart>,
}

#[derive(Debug, Template)]
#[template(path = "mappa_plans/plan.html")]
pub struct MappaPlanPage {
    pub shell: Shell,
    pub person_name: String,
    pub person_href: String,
    pub base: String,
    pub notice: String,
    pub errors: FormErrors,
    /// "Version 2, written by … on …", or empty when there is no plan yet.
    pub current_heading: String,
    pub current_parts: Vec<PlanPart>,
    pub licence_heading: String,
    /// Why no conditions are listed, when none are.
    pub licence_note: String,
    pub conditions: Vec<(usize, String)>,
    pub earlier: Vec<PlanVersionBlock>,
    pub open_actions: Vec<ActionLine>,
    pub may_write: bool,
    pub action: String,
    /// The form's fields, filled with the current plan or the posted values.
    pub fields: Vec<PlanPart>,
    pub print_href: String,
    pub actions_href: String,
}

#[derive(Debug, Template)]
#[template(path = "mappa_plans/plan_print.html")]
pub struct MappaPlanPrintPage {
    pub shell: Shell,
    pub person_name: String,
    pub heading: String,
    pub parts: Vec<PlanPart>,
    pub licence_heading: String,
    pub licence_note: String,
    pub conditions: Vec<(usize, String)>,
    pub open_actions: Vec<ActionLine>,
    pub back_href: String,
}

#[derive(Debug, Template)]
#[template(path = "mappa_plans/actions.html")]
pub struct MappaActionsPage {
    pub shell: Shell,
    pub person_name: String,
    pub person_href: String,
    pub base: String,
    pub notice: String,
    pub errors: FormErrors,
    pub actions: Vec<ActionLine>,
    pub may_add: bool,
    pub action: String,
    pub pillar_options: Vec<SelectOption>,
    pub owner_options: Vec<SelectOption>,
    pub plan_href: String,
    pub values: std::collections::HashMap<String, String>,
}

impl MappaActionsPage {
    pub fn value(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }
}

#[derive(Debug, Template)]
#[template(path = "mappa_plans/actions_edit.html")]
pub struct MappaActionEditPage {
    pub shell: Shell,
    pub person_name: String,
    pub back_href: String,
    pub errors: FormErrors,
    pub action: String,
    pub version: String,
    /// The owner alone changes only the status and the evidence.
    pub owner_only: bool,
    /// (label, value) of the action as it stands.
    pub facts: Vec<(String, String)>,
    pub pillar_options: Vec<SelectOption>,
    pub owner_options: Vec<SelectOption>,
    pub status_options: Vec<SelectOption>,
    pub values: std::collections::HashMap<String, String>,
}

impl MappaActionEditPage {
    pub fn value(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }
}

/// An open action of the signed-in member of staff, on their caseload page.
#[derive(Debug, Clone)]
pub struct CaseActionLine {
    pub person_name: String,
    pub href: String,
    pub pillar: String,
    pub description: String,
    pub due: String,
    pub overdue: bool,
}

/// A measure protecting a victim, on the restricted victim page.
#[derive(Debug, Clone)]
pub struct MeasureLine {
    pub measure: String,
    pub victim: String,
    pub in_place: String,
    pub review: String,
    pub review_due: bool,
    pub recorded_by: String,
}
