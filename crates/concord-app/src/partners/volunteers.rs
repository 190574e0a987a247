//! The provider's register of volunteers and mentors, with their vetting: DBS level and
//! date, references, training. Kept by the provider's own staff; whether each is vetted
//! today (and why not) is the rules' (concord-partners).

use chrono::NaiveDate;
use concord_authz::{Action, Actor, Resource, ResourceKind};
use concord_domain::{AgencyId, FieldError, ValidationErrors, VolunteerId};
use concord_partners::{vetting_problems, DbsLevel, Vetting, VolunteerRole};
use concord_store::audit::AuditKind;
use concord_store::VolunteerRow;
use serde::Serialize;
use serde_json::json;

use crate::access::Note;
use crate::person::{take, DateInput};
use crate::{AppError, Partners};

/// A volunteer as typed: name and role when added; vetting when added or updated.
#[derive(Debug, Clone, Default)]
pub struct VolunteerInput {
    pub name: String,
    pub role: String,
    pub dbs_level: String,
    pub dbs_checked_on: DateInput,
    pub references: String,
    pub trained_on: DateInput,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VolunteerView {
    pub id: VolunteerId,
    pub name: String,
    pub role: VolunteerRole,
    pub dbs_level: Option<DbsLevel>,
    pub dbs_checked_on: Option<NaiveDate>,
    pub references: u32,
    pub trained_on: Option<NaiveDate>,
    pub active: bool,
    /// Why they may not be matched today (empty: vetted).
    pub problems: Vec<String>,
}

pub(super) fn view_of(v: &VolunteerRow, today: NaiveDate) -> VolunteerView {
    let vetting = Vetting {
        dbs_level: v.dbs_level,
        dbs_checked_on: v.dbs_checked_on,
        references: u32::try_from(v.references_received).unwrap_or(0),
        trained_on: v.trained_on,
    };
    let mut problems = vetting_problems(&vetting, today);
    if !v.active {
        problems.insert(0, "the volunteer is not active".into());
    }
    VolunteerView {
        id: v.id,
        name: v.name.clone(),
        role: v.role,
        dbs_level: v.dbs_level,
        dbs_checked_on: v.dbs_checked_on,
        references: vetting.references,
        trained_on: v.trained_on,
        active: v.active,
        problems,
    }
}

fn register(agency: AgencyId) -> Resource {
    Resource::other(ResourceKind::VolunteerRegister, Some(agency))
}

struct Vetted {
    dbs_level: Option<DbsLevel>,
    dbs_checked_on: Option<NaiveDate>,
    references: i32,
    trained_on: Option<NaiveDate>,
}

fn parse_vetting(
    input: &VolunteerInput,
    today: NaiveDate,
    errors: &mut ValidationErrors,
) -> Option<Vetted> {
    let dbs_level = match input.dbs_level.trim() {
        "" => None,
        code => {
            let l = DbsLevel::from_code(code);
            if l.is_none() {
                errors.push(FieldError::new(
                    "dbs_level",
                    "unknown",
                    "Choose the level of the DBS check",
                ));
            }
            l
        }
    };
    let dbs_checked_on = take(
        errors,
        input
            .dbs_checked_on
            .optional("dbs_checked_on", "the date of the DBS check"),
    );
    let trained_on = take(
        errors,
        input
            .trained_on
            .optional("trained_on", "the date training was completed"),
    );
    for (field, date) in [
        ("dbs_checked_on", dbs_checked_on.flatten()),
        ("trained_on", trained_on.flatten()),
    ] {
        if date.is_some_and(|d| d > today) {
            errors.push(FieldError::new(
                field,
                "in_future",
                "The date must be today or in the past",
            ));
        }
    }
    if dbs_level.is_some() != dbs_checked_on.flatten().is_some()
        && errors.for_field("dbs_checked_on").is_none()
    {
        errors.push(FieldError::new(
            "dbs_checked_on",
            "incomplete",
            "Give both the DBS level and the date of the check, or neither",
        ));
    }
    let references = match input.references.trim() {
        "" => Some(0),
        n => n
            .parse::<i32>()
            .ok()
            .filter(|n| (0..=10).contains(n))
            .or_else(|| {
                errors.push(FieldError::new(
                    "references",
                    "out_of_range",
                    "Enter the references received as a number from 0 to 10",
                ));
                None
            }),
    };
    Some(Vetted {
        dbs_level,
        dbs_checked_on: dbs_checked_on.flatten(),
        references: references?,
        trained_on: trained_on.flatten(),
    })
}

impl Partners<'_> {
    /// The actor's agency's volunteers, with whether each is vetted today.
    pub async fn volunteers(&self, actor: &Actor) -> Result<Vec<VolunteerView>, AppError> {
        self.run(actor, async |w| {
            let agency = w.actor().agency_id;
            let cap = w.decide(Action::Read, &register(agency))?;
            let today = self.clock.today();
            Ok(concord_store::volunteers_of(w.tx(), &cap, agency)
                .await?
                .iter()
                .map(|v| view_of(v, today))
                .collect())
        })
        .await
    }

    pub async fn add_volunteer(
        &self,
        actor: &Actor,
        input: &VolunteerInput,
    ) -> Result<VolunteerId, AppError> {
        let mut errors = ValidationErrors::new();
        let name = take(
            &mut errors,
            concord_domain::required_text("name", "the volunteer's name", &input.name, 100),
        );
        let role = VolunteerRole::from_code(input.role.trim());
        if role.is_none() {
            errors.push(FieldError::new(
                "role",
                "required",
                "Choose what the volunteer does",
            ));
        }
        let vetted = parse_vetting(input, self.clock.today(), &mut errors);
        self.run(actor, async |w| {
            let agency = w.actor().agency_id;
            let cap = w.decide(Action::Create, &register(agency))?;
            let (Some(name), Some(role), Some(v), true) =
                (name.clone(), role, vetted.as_ref(), errors.is_empty())
            else {
                return Err(AppError::Validation(errors.clone()));
            };
            let id = VolunteerId::new();
            let now = self.clock.now();
            let me = w.actor().user_id;
            concord_store::insert_volunteer(
                w.tx(),
                &cap,
                &VolunteerRow {
                    id,
                    agency_id: agency,
                    name,
                    role,
                    dbs_level: v.dbs_level,
                    dbs_checked_on: v.dbs_checked_on,
                    references_received: v.references,
                    trained_on: v.trained_on,
                    active: true,
                    created_by: me,
                    created_at: now,
                    updated_at: now,
                },
            )
            .await?;
            w.record(self.event(
                w.actor(),
                AuditKind::Collection,
                Action::Create,
                ResourceKind::VolunteerRegister,
                None,
                "added a volunteer",
                Note::detail(json!({"volunteer_id": id})),
            ));
            Ok(id)
        })
        .await
    }

    /// Record a volunteer's vetting as it stands now (and whether they are active).
    pub async fn update_vetting(
        &self,
        actor: &Actor,
        id: VolunteerId,
        input: &VolunteerInput,
    ) -> Result<(), AppError> {
        let mut errors = ValidationErrors::new();
        let vetted = parse_vetting(input, self.clock.today(), &mut errors);
        self.run(actor, async |w| {
            let agency = concord_store::volunteer_agency(w.tx(), id)
                .await?
                .ok_or(AppError::NotFound)?;
            let cap = w.decide(Action::Change, &register(agency))?;
            let (Some(v), true) = (vetted.as_ref(), errors.is_empty()) else {
                return Err(AppError::Validation(errors.clone()));
            };
            let read = w.decide(Action::Read, &register(agency))?;
            let mut row = concord_store::volunteers_of(w.tx(), &read, agency)
                .await?
                .into_iter()
                .find(|r| r.id == id)
                .ok_or(AppError::NotFound)?;
            row.dbs_level = v.dbs_level;
            row.dbs_checked_on = v.dbs_checked_on;
            row.references_received = v.references;
            row.trained_on = v.trained_on;
            row.active = input.active;
            row.updated_at = self.clock.now();
            concord_store::update_volunteer(w.tx(), &cap, &row).await?;
            w.record(self.event(
                w.actor(),
                AuditKind::Alteration,
                Action::Change,
                ResourceKind::VolunteerRegister,
                None,
                "recorded a volunteer's vetting",
                Note::detail(json!({"volunteer_id": id})),
            ));
            Ok(())
        })
        .await
    }
}
