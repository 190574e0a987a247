//! Victims and children at risk of a person, kept in the restricted victim section: the
//! victim liaison officer records who they are, where they live (so address checks can
//! keep the person away), the victim's representations about the licence and what the
//! victim may be told.

use chrono::{DateTime, Utc};
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{FieldError, PersonId, ValidationErrors, VictimId, VictimKind};
use concord_store::audit::AuditKind;
use concord_store::VictimRow;
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use super::form::{location, text};
use crate::access::Note;
use crate::kernel::Work;
use crate::{AppError, Manage};

/// A victim as a form posts it.
#[derive(Debug, Clone, Default)]
pub struct VictimForm {
    pub name: String,
    /// A [`VictimKind`] code.
    pub kind: String,
    pub relationship: String,
    pub address: String,
    pub latitude: String,
    pub longitude: String,
    pub representations: String,
    pub may_be_told: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct VictimView {
    pub id: VictimId,
    pub name: String,
    pub kind: VictimKind,
    pub relationship: String,
    pub address: String,
    pub location: Option<(f64, f64)>,
    pub representations: String,
    pub may_be_told: String,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
    /// The licence conditions that protect them, worded as in force, and when they end:
    /// what the victim liaison officer may tell the victim.
    pub conditions: Vec<LinkedCondition>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LinkedCondition {
    pub condition_id: Uuid,
    pub text: String,
    pub status: String,
    pub ends_on: chrono::NaiveDate,
}

/// A victim-related condition of the person's licence that could be linked to a victim.
#[derive(Debug, Clone, Serialize)]
pub struct LinkableCondition {
    pub condition_id: Uuid,
    pub text: String,
}

impl VictimView {
    fn from_row(v: &VictimRow) -> Self {
        VictimView {
            id: v.id,
            name: v.name.clone(),
            kind: v.kind,
            relationship: v.relationship.clone(),
            address: v.address.clone(),
            location: v.latitude.zip(v.longitude),
            representations: v.representations.clone(),
            may_be_told: v.may_be_told.clone(),
            updated_at: v.updated_at,
            version: v.version,
            conditions: vec![],
        }
    }
}

struct CheckedVictim {
    name: String,
    kind: VictimKind,
    relationship: String,
    address: String,
    location: Option<(f64, f64)>,
    representations: String,
    may_be_told: String,
}

fn check(form: &VictimForm) -> Result<CheckedVictim, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let name = text(&mut errors, "name", &form.name, "the name", true, 200);
    let kind = VictimKind::from_code(form.kind.trim());
    if kind.is_none() {
        errors.push(FieldError::new(
            "kind",
            "invalid",
            "Choose whether this is a victim or a child at risk",
        ));
    }
    let relationship = text(
        &mut errors,
        "relationship",
        &form.relationship,
        "the relationship to the person",
        false,
        200,
    );
    let address = text(
        &mut errors,
        "address",
        &form.address,
        "the address",
        false,
        500,
    );
    let location = location(&mut errors, &form.latitude, &form.longitude, false);
    let representations = text(
        &mut errors,
        "representations",
        &form.representations,
        "the representations",
        false,
        4000,
    );
    let may_be_told = text(
        &mut errors,
        "may_be_told",
        &form.may_be_told,
        "what the victim may be told",
        false,
        4000,
    );
    errors.finish(CheckedVictim {
        name,
        // Without a kind the error above is returned and this is never read.
        kind: kind.unwrap_or(VictimKind::Victim),
        relationship,
        address,
        location,
        representations,
        may_be_told,
    })
}

impl Manage<'_> {
    /// Record a victim or a child at risk of this person (victim section).
    pub async fn add_victim(
        &self,
        actor: &Actor,
        person: PersonId,
        form: &VictimForm,
    ) -> Result<VictimId, AppError> {
        self.run(actor, async |w| {
            let cap = w
                .person(Action::Create, person, SectionSet::one(Section::Victim))
                .await?;
            let v = check(form).map_err(AppError::Validation)?;
            let id = Uuid::now_v7();
            let now = self.clock.now();
            concord_store::insert_victim(
                w.tx(),
                &cap,
                &VictimRow {
                    id: VictimId(id),
                    person_id: person,
                    agency_id: actor.agency_id,
                    name: v.name,
                    kind: v.kind,
                    relationship: v.relationship,
                    address: v.address,
                    latitude: v.location.map(|l| l.0),
                    longitude: v.location.map(|l| l.1),
                    representations: v.representations,
                    may_be_told: v.may_be_told,
                    created_by: actor.user_id,
                    created_at: now,
                    updated_at: now,
                    version: 1,
                },
            )
            .await?;
            w.audit(
                AuditKind::Collection,
                Action::Create,
                Some(person.0),
                "recorded a victim",
                Note {
                    sections: Some(SectionSet::one(Section::Victim)),
                    detail: Some(json!({"victim": id})),
                    ..Note::default()
                },
            );
            Ok(VictimId(id))
        })
        .await
    }

    /// Change a victim's details, representations or what they may be told.
    pub async fn update_victim(
        &self,
        actor: &Actor,
        person: PersonId,
        victim: VictimId,
        expected_version: i64,
        form: &VictimForm,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            let cap = w
                .person(Action::Change, person, SectionSet::one(Section::Victim))
                .await?;
            let v = check(form).map_err(AppError::Validation)?;
            let mut row = concord_store::victims_of(w.tx(), &cap, person)
                .await?
                .into_iter()
                .find(|r| r.id == victim)
                .ok_or(AppError::NotFound)?;
            row.name = v.name;
            row.kind = v.kind;
            row.relationship = v.relationship;
            row.address = v.address;
            row.latitude = v.location.map(|l| l.0);
            row.longitude = v.location.map(|l| l.1);
            row.representations = v.representations;
            row.may_be_told = v.may_be_told;
            row.updated_at = self.clock.now();
            row.version = expected_version + 1;
            if !concord_store::update_victim(w.tx(), &cap, &row, expected_version).await? {
                return Err(AppError::Conflict);
            }
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(person.0),
                "changed a victim's details or representations",
                Note {
                    sections: Some(SectionSet::one(Section::Victim)),
                    detail: Some(json!({"victim": victim})),
                    ..Note::default()
                },
            );
            Ok(())
        })
        .await
    }

    /// A person's victims and children at risk with the conditions that protect them, for
    /// those who hold the victim section; and the licence's victim-related conditions
    /// that could be linked.
    pub async fn victims(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<(Vec<VictimView>, Vec<LinkableCondition>), AppError> {
        self.run(actor, async |w| self.victims_in(w, person).await)
            .await
    }

    /// [`Self::victims`] within a unit of work (a page that shows it with other parts).
    pub(crate) async fn victims_in(
        &self,
        w: &mut Work<'_>,
        person: PersonId,
    ) -> Result<(Vec<VictimView>, Vec<LinkableCondition>), AppError> {
        let cap = w
            .person(
                Action::Read,
                person,
                SectionSet::of(&[Section::Victim, Section::Licence]),
            )
            .await?;
        if !cap.sections().contains(Section::Victim) {
            return Err(AppError::NotFound);
        }
        let rows = concord_store::victims_of(w.tx(), &cap, person).await?;
        let mut views: Vec<VictimView> = rows.iter().map(VictimView::from_row).collect();
        let mut linkable = vec![];
        if cap.sections().contains(Section::Licence) {
            let links = concord_store::victim_conditions(w.tx(), &cap, person).await?;
            let licences = concord_store::licences_of(w.tx(), &cap, person).await?;
            let zones = self.zone_names(w.tx(), &cap, person).await?;
            // The newest version holding each condition is the wording in force.
            let mut newest: std::collections::BTreeMap<Uuid, LinkedCondition> = Default::default();
            for row in &licences {
                let status = row.status;
                for c in super::licence::conditions_of(row)? {
                    newest.insert(
                        c.id,
                        LinkedCondition {
                            condition_id: c.id,
                            text: super::licence::wording(&c.condition, &zones),
                            status: status.words().to_string(),
                            ends_on: row.licence_end_date,
                        },
                    );
                    if c.condition.spec().is_some_and(|s| s.victim_related)
                        && !linkable
                            .iter()
                            .any(|l: &LinkableCondition| l.condition_id == c.id)
                    {
                        linkable.push(LinkableCondition {
                            condition_id: c.id,
                            text: String::new(),
                        });
                    }
                }
            }
            for l in &mut linkable {
                if let Some(n) = newest.get(&l.condition_id) {
                    l.text = n.text.clone();
                }
            }
            for (victim, _, condition) in links {
                if let (Some(v), Some(c)) = (
                    views.iter_mut().find(|v| v.id == VictimId(victim)),
                    newest.get(&condition),
                ) {
                    v.conditions.push(c.clone());
                }
            }
        }
        w.audit(
            AuditKind::Consultation,
            Action::Read,
            Some(person.0),
            "viewed the victims",
            Note::sections(cap.sections()),
        );
        Ok((views, linkable))
    }

    /// Link a victim-related licence condition (non-contact, exclusion zone) to the victim
    /// it protects, so the victim liaison officer can tell them about it and when it ends.
    pub async fn link_victim_condition(
        &self,
        actor: &Actor,
        person: PersonId,
        victim: VictimId,
        condition: Uuid,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            let cap = w.person(
                    Action::Change,
                    person,
                    SectionSet::of(&[Section::Victim, Section::Licence]),
                )
                .await?;
            if !concord_store::victims_of(w.tx(), &cap, person)
                .await?
                .iter()
                .any(|v| v.id == victim)
            {
                return Err(AppError::NotFound);
            }
            let mut licence = None;
            let mut zones = vec![];
            for row in concord_store::licences_of(w.tx(), &cap, person).await? {
                for c in super::licence::conditions_of(&row)? {
                    if c.id == condition {
                        // The zones the condition names are drawn round her home: from
                        // now on their maps are hers to withhold.
                        zones.extend(super::licence::zones_named(&c.condition));
                        if !c.condition.spec().is_some_and(|s| s.victim_related) {
                            return Err(AppError::Validation(ValidationErrors::from(FieldError::new(
                                "condition",
                                "not_victim_related",
                                "Only non-contact, exclusion-zone and named-premises conditions can be linked to a victim",
                            ))));
                        }
                        licence = Some(row.licence_id);
                    }
                }
            }
            let licence = licence.ok_or(AppError::NotFound)?;
            concord_store::link_victim_condition(
                w.tx(),
                &cap,
                person,
                victim,
                licence,
                condition,
                actor.user_id,
                self.clock.now(),
            )
            .await?;
            concord_store::link_zones_to_victim(w.tx(), &cap, person, victim, &zones).await?;
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(person.0),
                "linked a licence condition to a victim",
                Note {
                    sections: Some(SectionSet::one(Section::Victim)),
                    detail: Some(json!({"victim": victim, "condition": condition})),
                    ..Note::default()
                },
            );
            Ok(())
        })
        .await
    }
}
