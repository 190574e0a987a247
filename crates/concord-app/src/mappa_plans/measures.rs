//! The measures in place to protect a victim — a police alarm fitted, a marker on the
//! address, a safety plan — with the date each was put in place and when it is next
//! reviewed. Restricted like the victim's details: the victim section.

use chrono::NaiveDate;
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::UserId;
use concord_domain::VictimMeasureId;
use concord_domain::{FieldError, PersonId, ValidationErrors, VictimId};
use concord_store::audit::AuditKind;
use concord_store::VictimMeasureRow;
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::access::Note;
use crate::kernel::Work;
use crate::person::Names;
use crate::{AppError, Plans};

const MAX_MEASURE: usize = 1000;

/// A measure as a form posts it. `victim_id` is empty for a measure that protects more
/// than one victim (a marker on the family's address).
#[derive(Debug, Clone, Default)]
pub struct VictimMeasureForm {
    pub victim_id: String,
    pub measure: String,
    pub in_place_on: String,
    pub review_on: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct VictimMeasureView {
    pub id: VictimMeasureId,
    pub victim_id: Option<VictimId>,
    pub measure: String,
    pub in_place_on: NaiveDate,
    pub review_on: Option<NaiveDate>,
    /// The review date has passed.
    pub review_due: bool,
    pub recorded_by: String,
}

struct Checked {
    victim: Option<Uuid>,
    measure: String,
    in_place_on: NaiveDate,
    review_on: Option<NaiveDate>,
}

fn check(form: &VictimMeasureForm, today: NaiveDate) -> Result<Checked, ValidationErrors> {
    let mut e = ValidationErrors::new();
    let measure = form.measure.trim().to_string();
    if measure.is_empty() {
        e.push(FieldError::new(
            "measure",
            "missing",
            "Enter the measure in place, for example police alarm fitted",
        ));
    } else if measure.chars().count() > MAX_MEASURE {
        e.push(FieldError::new(
            "measure",
            "too_long",
            format!("Keep the measure to {MAX_MEASURE} characters or fewer"),
        ));
    }
    let in_place_on =
        match concord_domain::parse_date("in_place_on", "Date in place", &form.in_place_on) {
            Ok(d) if d > today => {
                e.push(FieldError::new(
                "in_place_on",
                "date_in_future",
                "The date in place cannot be in the future: record a measure once it is in place",
            ));
                today
            }
            Ok(d) => d,
            Err(err) => {
                e.push(err);
                today
            }
        };
    let review_on = if form.review_on.trim().is_empty() {
        None
    } else {
        match concord_domain::parse_date("review_on", "Review date", &form.review_on) {
            Ok(d) if d < in_place_on => {
                e.push(FieldError::new(
                    "review_on",
                    "before_in_place",
                    "The review date must be on or after the date in place",
                ));
                None
            }
            Ok(d) => Some(d),
            Err(err) => {
                e.push(err);
                None
            }
        }
    };
    let victim = match form.victim_id.trim() {
        "" => None,
        id => match Uuid::parse_str(id) {
            Ok(v) => Some(v),
            Err(_) => {
                e.push(FieldError::new(
                    "victim_id",
                    "unknown",
                    "Choose the victim from the list",
                ));
                None
            }
        },
    };
    e.finish(Checked {
        victim,
        measure,
        in_place_on,
        review_on,
    })
}

impl Plans<'_> {
    /// Record a measure protecting the person's victims (victim section).
    pub async fn add_victim_measure(
        &self,
        actor: &Actor,
        person: PersonId,
        form: &VictimMeasureForm,
    ) -> Result<VictimMeasureId, AppError> {
        self.run(actor, async |w| {
            let cap = w
                .person(Action::Create, person, SectionSet::one(Section::Victim))
                .await?;
            let m = check(form, self.clock.today()).map_err(AppError::Validation)?;
            if let Some(victim) = m.victim {
                // Adding is a create capability; naming the victim reads who they are.
                let read = w
                    .person(Action::Read, person, SectionSet::one(Section::Victim))
                    .await?;
                if !concord_store::victims_of(w.tx(), &read, person)
                    .await?
                    .iter()
                    .any(|v| v.id == VictimId(victim))
                {
                    return Err(AppError::field(
                        "victim_id",
                        "unknown",
                        "Choose the victim from the list",
                    ));
                }
            }
            let id = VictimMeasureId::new();
            concord_store::insert_victim_measure(
                w.tx(),
                &cap,
                &VictimMeasureRow {
                    id,
                    person_id: person,
                    victim_id: m.victim.map(VictimId),
                    measure: m.measure,
                    in_place_on: m.in_place_on,
                    review_on: m.review_on,
                    recorded_by: actor.user_id,
                    created_at: self.clock.now(),
                },
            )
            .await?;
            w.audit(
                AuditKind::Collection,
                Action::Create,
                Some(person.0),
                "recorded a measure protecting a victim",
                Note {
                    sections: Some(SectionSet::one(Section::Victim)),
                    detail: Some(json!({"measure": id, "victim": m.victim})),
                    ..Note::default()
                },
            );
            Ok(id)
        })
        .await
    }

    /// The measures protecting the person's victims, for those who hold the victim
    /// section; anyone else is refused and the refusal audited.
    pub async fn victim_measures(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<Vec<VictimMeasureView>, AppError> {
        self.run(actor, async |w| self.victim_measures_in(w, person).await)
            .await
    }

    /// [`Self::victim_measures`] within a unit of work (a page that shows it with other parts).
    pub(crate) async fn victim_measures_in(
        &self,
        w: &mut Work<'_>,
        person: PersonId,
    ) -> Result<Vec<VictimMeasureView>, AppError> {
        let victim = SectionSet::one(Section::Victim);
        let cap = w.person(Action::Read, person, victim).await?;
        let rows = concord_store::victim_measures_of(w.tx(), &cap, person).await?;
        let users: Vec<UserId> = rows.iter().map(|r| r.recorded_by).collect();
        let names = Names::load(w.tx(), &users).await?;
        let today = self.clock.today();
        w.audit(
            AuditKind::Consultation,
            Action::Read,
            Some(person.0),
            "viewed the measures protecting victims",
            Note::sections(victim),
        );
        Ok(rows
            .iter()
            .map(|r| VictimMeasureView {
                id: r.id,
                victim_id: r.victim_id,
                measure: r.measure.clone(),
                in_place_on: r.in_place_on,
                review_on: r.review_on,
                review_due: r.review_on.is_some_and(|d| d < today),
                recorded_by: names.user(Some(r.recorded_by)),
            })
            .collect())
    }
}
