//! Victims and children at risk of a person, kept in the restricted victim section: the
//! victim liaison officer records who they are, where they live (so address checks can
//! keep the person away), the victim's representations about the licence and what the
//! victim may be told.

use chrono::{DateTime, Utc};
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{FieldError, PersonId, ValidationErrors};
use concord_store::audit::AuditKind;
use concord_store::VictimRow;
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use super::form::{location, text};
use crate::access::Note;
use crate::{App, AppError};

/// A victim as a form posts it.
#[derive(Debug, Clone, Default)]
pub struct VictimForm {
    pub name: String,
    /// `victim` or `child_at_risk`.
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
    pub id: Uuid,
    pub name: String,
    pub kind: String,
    pub relationship: String,
    pub address: String,
    pub location: Option<(f64, f64)>,
    pub representations: String,
    pub may_be_told: String,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl VictimView {
    fn from_row(v: &VictimRow) -> Self {
        VictimView {
            id: v.id,
            name: v.name.clone(),
            kind: v.kind.clone(),
            relationship: v.relationship.clone(),
            address: v.address.clone(),
            location: v.latitude.zip(v.longitude),
            representations: v.representations.clone(),
            may_be_told: v.may_be_told.clone(),
            updated_at: v.updated_at,
            version: v.version,
        }
    }
}

struct CheckedVictim {
    name: String,
    kind: String,
    relationship: String,
    address: String,
    location: Option<(f64, f64)>,
    representations: String,
    may_be_told: String,
}

fn check(form: &VictimForm) -> Result<CheckedVictim, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let name = text(&mut errors, "name", &form.name, "the name", true, 200);
    let kind = form.kind.trim().to_string();
    if !["victim", "child_at_risk"].contains(&kind.as_str()) {
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
        kind,
        relationship,
        address,
        location,
        representations,
        may_be_told,
    })
}

impl App {
    /// Record a victim or a child at risk of this person (victim section).
    pub async fn add_victim(
        &self,
        actor: &Actor,
        person: PersonId,
        form: &VictimForm,
    ) -> Result<Uuid, AppError> {
        let mut tx = self.db.begin().await?;
        let result = async {
            let cap = self
                .authorize_person(
                    &mut tx,
                    actor,
                    Action::Create,
                    person,
                    SectionSet::one(Section::Victim),
                )
                .await?;
            let v = check(form).map_err(AppError::Validation)?;
            let id = Uuid::now_v7();
            let now = self.clock.now();
            concord_store::insert_victim(
                &mut tx,
                &cap,
                &VictimRow {
                    id,
                    person_id: person.0,
                    agency_id: actor.agency_id.0,
                    name: v.name,
                    kind: v.kind,
                    relationship: v.relationship,
                    address: v.address,
                    latitude: v.location.map(|l| l.0),
                    longitude: v.location.map(|l| l.1),
                    representations: v.representations,
                    may_be_told: v.may_be_told,
                    created_by: actor.user_id.0,
                    created_at: now,
                    updated_at: now,
                    version: 1,
                },
            )
            .await?;
            self.audit(
                &mut tx,
                actor,
                AuditKind::Collection,
                Action::Create,
                Some(person.0),
                "recorded a victim",
                Note {
                    sections: Some(SectionSet::one(Section::Victim)),
                    detail: Some(json!({"victim": id})),
                    ..Note::default()
                },
            )
            .await?;
            Ok(id)
        }
        .await;
        self.finish(tx, result).await
    }

    /// Change a victim's details, representations or what they may be told.
    pub async fn update_victim(
        &self,
        actor: &Actor,
        person: PersonId,
        victim: Uuid,
        expected_version: i64,
        form: &VictimForm,
    ) -> Result<(), AppError> {
        let mut tx = self.db.begin().await?;
        let result = async {
            let cap = self
                .authorize_person(
                    &mut tx,
                    actor,
                    Action::Change,
                    person,
                    SectionSet::one(Section::Victim),
                )
                .await?;
            let v = check(form).map_err(AppError::Validation)?;
            let mut row = concord_store::victims_of(&mut tx, &cap, person.0)
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
            if !concord_store::update_victim(&mut tx, &cap, &row, expected_version).await? {
                return Err(AppError::Conflict);
            }
            self.audit(
                &mut tx,
                actor,
                AuditKind::Alteration,
                Action::Change,
                Some(person.0),
                "changed a victim's details or representations",
                Note {
                    sections: Some(SectionSet::one(Section::Victim)),
                    detail: Some(json!({"victim": victim})),
                    ..Note::default()
                },
            )
            .await?;
            Ok(())
        }
        .await;
        self.finish(tx, result).await
    }

    /// A person's victims and children at risk, for those who hold the victim section.
    pub async fn victims(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<Vec<VictimView>, AppError> {
        let mut tx = self.db.begin().await?;
        let result = async {
            let cap = self
                .authorize_person(
                    &mut tx,
                    actor,
                    Action::Read,
                    person,
                    SectionSet::one(Section::Victim),
                )
                .await?;
            let rows = concord_store::victims_of(&mut tx, &cap, person.0).await?;
            self.audit(
                &mut tx,
                actor,
                AuditKind::Consultation,
                Action::Read,
                Some(person.0),
                "viewed the victims",
                Note::sections(SectionSet::one(Section::Victim)),
            )
            .await?;
            Ok(rows.iter().map(VictimView::from_row).collect())
        }
        .await;
        self.finish(tx, result).await
    }
}
