//! Tags: fitting a device to a person (to enforce the licence's zones and curfew, or worn
//! voluntarily, as an IOM client may ask) and removing it. The licence section.

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{EmTagId, FieldError, PersonId, ValidationErrors};
use concord_store::audit::AuditKind;
use concord_store::EmTagRow;
use serde::Serialize;
use serde_json::json;

use crate::access::Note;
use crate::{AppError, Monitoring};

/// A fitting as the form posts it.
#[derive(Debug, Clone, Default)]
pub struct TagForm {
    pub device: String,
    /// `licence` or `voluntary`.
    pub basis: String,
    /// Of `exclusion`, `inclusion`, `curfew` (licence tags).
    pub enforces: Vec<String>,
    /// The person's consent, as recorded (voluntary tags).
    pub consent: String,
    /// When the tag is due to come off (day/month/year or ISO), if known.
    pub planned_end: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TagView {
    pub id: EmTagId,
    pub device: String,
    pub voluntary: bool,
    /// "Exclusion zones, curfew" or "Nothing: worn voluntarily".
    pub enforces: String,
    pub consent: String,
    pub fitted_at: DateTime<Utc>,
    pub planned_end: Option<NaiveDate>,
    pub removed_at: Option<DateTime<Utc>>,
    pub removal_reason: String,
    pub version: i64,
}

pub(crate) const KINDS: [(&str, &str); 3] = [
    ("exclusion", "Exclusion zones"),
    ("inclusion", "Inclusion zones"),
    ("curfew", "Curfew at the approved curfew address"),
];

impl TagView {
    pub fn from_row(t: &EmTagRow) -> Self {
        let list: Vec<&str> = t
            .enforces
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        let named: Vec<&str> = KINDS
            .iter()
            .filter(|(code, _)| list.contains(code))
            .map(|(_, label)| *label)
            .collect();
        TagView {
            id: t.id,
            device: t.device_id.clone(),
            voluntary: t.basis == "voluntary",
            enforces: if named.is_empty() {
                "Nothing: the location is recorded and signal loss watched".into()
            } else {
                named.join(", ")
            },
            consent: t.consent.clone(),
            fitted_at: t.fitted_at,
            planned_end: t.planned_end,
            removed_at: t.removed_at,
            removal_reason: t.removal_reason.clone(),
            version: t.version,
        }
    }
}

/// Blank, ISO (2027-03-31) or day/month/year (31/3/2027).
fn optional_date(text: &str) -> Result<Option<NaiveDate>, ()> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%d/%m/%Y"))
        .map(Some)
        .map_err(|_| ())
}

fn check(
    form: &TagForm,
    today: NaiveDate,
) -> Result<(Vec<String>, Option<NaiveDate>), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let device = form.device.trim();
    if device.is_empty()
        || device.len() > 64
        || !device
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
    {
        errors.push(FieldError::new(
            "device",
            "device_invalid",
            "Enter the device's id as the provider gives it: up to 64 letters, digits, '-', '_', '.' or ':'",
        ));
    }
    let mut enforces: Vec<String> = Vec::new();
    for k in &form.enforces {
        match KINDS.iter().find(|(code, _)| code == k) {
            Some((code, _)) if !enforces.iter().any(|e| e == code) => enforces.push((*code).into()),
            Some(_) => {}
            None => errors.push(FieldError::new(
                "enforces",
                "unknown",
                format!("“{k}” is not something a tag enforces"),
            )),
        }
    }
    match form.basis.as_str() {
        "licence" if enforces.is_empty() => errors.push(FieldError::new(
            "enforces",
            "required",
            "Select what the tag enforces: the zones, the curfew, or both",
        )),
        "voluntary" if !enforces.is_empty() => errors.push(FieldError::new(
            "enforces",
            "voluntary",
            "A voluntary tag enforces no condition: clear what it enforces, or fit it under the licence",
        )),
        "voluntary" if form.consent.trim().is_empty() => errors.push(FieldError::new(
            "consent",
            "required",
            "Record the person's consent to wear the tag voluntarily",
        )),
        "licence" | "voluntary" => {}
        _ => errors.push(FieldError::new("basis", "required", "Select why the tag is fitted")),
    }
    let planned_end = match optional_date(&form.planned_end) {
        Ok(Some(d)) if d < today => {
            errors.push(FieldError::new(
                "planned_end",
                "past",
                "The planned end must be today or later",
            ));
            None
        }
        Ok(d) => d,
        Err(()) => {
            errors.push(FieldError::new(
                "planned_end",
                "date_invalid",
                "Enter the planned end as a real date, like 31/3/2027",
            ));
            None
        }
    };
    if errors.errors.is_empty() {
        Ok((enforces, planned_end))
    } else {
        Err(errors)
    }
}

impl Monitoring<'_> {
    /// Fit a tag. A licence tag needs a licence in force; a device already fitted to
    /// someone is refused.
    pub async fn fit_tag(
        &self,
        actor: &Actor,
        person: PersonId,
        form: &TagForm,
    ) -> Result<EmTagId, AppError> {
        self.run(actor, async |w| {
            let cap = w.person(Action::Create, person, SectionSet::one(Section::Licence)).await?;
            let (enforces, planned_end) = check(form, self.clock.today()).map_err(AppError::Validation)?;
            if form.basis == "licence" {
                let read = w.person(Action::Read, person, SectionSet::one(Section::Licence)).await?;
                let licences = concord_store::licences_of(w.tx(), &read, person).await?;
                if crate::manage::active_licence(&licences)?.is_none() {
                    return Err(AppError::Validation(ValidationErrors::from(FieldError::new(
                        "basis",
                        "no_licence",
                        "There is no licence in force to enforce: fit the tag voluntarily, or activate the licence first",
                    ))));
                }
            }
            let now = self.clock.now();
            let row = EmTagRow {
                id: EmTagId::new(),
                person_id: person,
                agency_id: actor.agency_id,
                device_id: form.device.trim().into(),
                basis: form.basis.clone(),
                enforces: json!(enforces),
                consent: form.consent.trim().into(),
                fitted_at: now,
                planned_end,
                removed_at: None,
                removal_reason: String::new(),
                created_by: actor.user_id,
                created_at: now,
                version: 1,
            };
            if let Err(e) = concord_store::insert_em_tag(w.tx(), &cap, &row).await {
                if e.is_unique_violation() {
                    return Err(AppError::Validation(ValidationErrors::from(FieldError::new(
                        "device",
                        "fitted",
                        format!("Device {} is already fitted: record its removal first", row.device_id),
                    ))));
                }
                return Err(e.into());
            }
            w.audit(
                AuditKind::Collection,
                Action::Create,
                Some(person.0),
                "fitted an electronic-monitoring tag",
                Note {
                    sections: Some(SectionSet::one(Section::Licence)),
                    detail: Some(json!({"tag": row.id.0, "device": row.device_id, "basis": row.basis, "enforces": enforces})),
                    ..Note::default()
                },
            );
            Ok(row.id)
        })
        .await
    }

    pub async fn remove_tag(
        &self,
        actor: &Actor,
        person: PersonId,
        tag: EmTagId,
        version: i64,
        reason: &str,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            let cap = w.person(Action::Change, person, SectionSet::one(Section::Licence)).await?;
            if reason.trim().is_empty() {
                return Err(AppError::Validation(ValidationErrors::from(FieldError::new(
                    "reason",
                    "required",
                    "Say why the tag was removed (end of the condition, revoked consent, faulty device…)",
                ))));
            }
            concord_store::remove_em_tag(w.tx(), &cap, person, tag, self.clock.now(), reason.trim(), version).await?;
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(person.0),
                "recorded an electronic-monitoring tag's removal",
                Note {
                    sections: Some(SectionSet::one(Section::Licence)),
                    detail: Some(json!({"tag": tag.0})),
                    ..Note::default()
                },
            );
            Ok(())
        })
        .await
    }
}
