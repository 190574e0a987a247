//! A person's licence: its versions (the licence as approved, then each variation), the
//! conditions of each with their wording, what each variation changed, and the timeline.
//! Reading it is a consultation of the licence section.

use concord_domain::UserId;
use concord_domain::{LicenceId, LicenceVersionId, ZoneId};
use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{Action, Actor, Permission, Section, SectionSet};
use concord_domain::{FieldError, PersonId, ValidationErrors};
use concord_licence::{
    diff, Condition, ConditionChange, ConditionKind, LicenceAction, LicenceEvent, LicencePeriod,
    LicenceStatus, LicenceType, ParamKind, TransitionContext,
};
use concord_store::audit::AuditKind;
use concord_store::{LicenceRow, Tx};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::access::Note;
use crate::kernel::Work;
use crate::person::Names;
use crate::{AppError, Manage};

/// A condition as kept: the catalogue's condition and an id it keeps across variations
/// (victims are linked to it by this id).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct StoredCondition {
    pub id: Uuid,
    #[serde(flatten)]
    pub condition: Condition,
}

pub(crate) fn conditions_of(row: &LicenceRow) -> Result<Vec<StoredCondition>, AppError> {
    serde_json::from_value(row.conditions.clone())
        .map_err(|e| AppError::Internal(format!("a licence's conditions: {e}")))
}

pub(crate) fn period_of(row: &LicenceRow) -> LicencePeriod {
    LicencePeriod {
        start: row.release_date,
        end: row
            .top_up_end_date
            .unwrap_or(row.licence_end_date)
            .max(row.licence_end_date),
    }
}

/// The key dates as a form posts them (day/month/year or ISO); blank optional dates are
/// left out.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LicenceForm {
    /// `AP`, `PSS` or `AP_PSS`.
    pub type_code: String,
    pub release_date: String,
    pub licence_end_date: String,
    pub sentence_end_date: String,
    pub top_up_end_date: String,
    pub hdc_start_date: String,
    pub hdc_end_date: String,
}

pub(crate) struct CheckedDates {
    pub type_code: LicenceType,
    pub release: NaiveDate,
    pub licence_end: NaiveDate,
    pub sentence_end: Option<NaiveDate>,
    pub top_up_end: Option<NaiveDate>,
    pub hdc_start: Option<NaiveDate>,
    pub hdc_end: Option<NaiveDate>,
}

fn date(
    errors: &mut ValidationErrors,
    field: &str,
    label: &str,
    text: &str,
    required: bool,
) -> Option<NaiveDate> {
    if text.trim().is_empty() && !required {
        return None;
    }
    match concord_domain::parse_date(field, label, text) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(e);
            None
        }
    }
}

pub(crate) fn check_dates(form: &LicenceForm) -> Result<CheckedDates, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let type_code = LicenceType::from_code(form.type_code.trim());
    if type_code.is_none() {
        errors.push(FieldError::new(
            "type_code",
            "invalid",
            "Choose licence, post-sentence supervision, or both",
        ));
    }
    let release = date(
        &mut errors,
        "release_date",
        "Release date",
        &form.release_date,
        true,
    );
    let licence_end = date(
        &mut errors,
        "licence_end_date",
        "Licence end date",
        &form.licence_end_date,
        true,
    );
    let sentence_end = date(
        &mut errors,
        "sentence_end_date",
        "Sentence end date",
        &form.sentence_end_date,
        false,
    );
    let top_up_end = date(
        &mut errors,
        "top_up_end_date",
        "Top-up supervision end date",
        &form.top_up_end_date,
        false,
    );
    let hdc_start = date(
        &mut errors,
        "hdc_start_date",
        "Home detention curfew start date",
        &form.hdc_start_date,
        false,
    );
    let hdc_end = date(
        &mut errors,
        "hdc_end_date",
        "Home detention curfew end date",
        &form.hdc_end_date,
        false,
    );
    let mut order =
        |field: &str, earlier: Option<NaiveDate>, later: Option<NaiveDate>, message: &str| {
            if let (Some(a), Some(b)) = (earlier, later) {
                if b <= a {
                    errors.push(FieldError::new(field, "date_order", message));
                }
            }
        };
    order(
        "licence_end_date",
        release,
        licence_end,
        "The licence end date must be after the release date",
    );
    order(
        "sentence_end_date",
        release,
        sentence_end,
        "The sentence end date must be after the release date",
    );
    order(
        "top_up_end_date",
        licence_end,
        top_up_end,
        "Top-up supervision must end after the licence ends",
    );
    order(
        "hdc_end_date",
        hdc_start,
        hdc_end,
        "The home detention curfew must end after it starts",
    );
    if let (Some(end), Some(release)) = (hdc_end, release) {
        if end > release {
            errors.push(FieldError::new(
                "hdc_end_date",
                "date_order",
                "A home detention curfew ends on or before the release date",
            ));
        }
    }
    if hdc_start.is_some() != hdc_end.is_some() {
        errors.push(FieldError::new(
            "hdc_start_date",
            "incomplete",
            "Give both home detention curfew dates, or neither",
        ));
    }
    if type_code == Some(LicenceType::ApPss) && top_up_end.is_none() {
        errors.push(FieldError::new(
            "top_up_end_date",
            "required",
            "A licence with post-sentence supervision needs the top-up supervision end date",
        ));
    }
    match (type_code, release, licence_end) {
        (Some(type_code), Some(release), Some(licence_end)) if errors.is_empty() => {
            Ok(CheckedDates {
                type_code,
                release,
                licence_end,
                sentence_end,
                top_up_end,
                hdc_start,
                hdc_end,
            })
        }
        _ => Err(errors),
    }
}

/// One condition as a licence shows it, numbered.
#[derive(Debug, Clone, Serialize)]
pub struct LicenceConditionView {
    pub id: Uuid,
    pub number: usize,
    pub code: String,
    pub name: String,
    pub category: String,
    pub kind: ConditionKind,
    pub text: String,
    pub policy: String,
    pub victim_related: bool,
    pub params: BTreeMap<String, String>,
}

/// One version of a licence.
#[derive(Debug, Clone, Serialize)]
pub struct LicenceVersionView {
    pub id: LicenceVersionId,
    pub licence_id: LicenceId,
    pub version_number: i32,
    pub status: LicenceStatus,
    pub type_code: LicenceType,
    pub release_date: NaiveDate,
    pub licence_end_date: NaiveDate,
    pub sentence_end_date: Option<NaiveDate>,
    pub top_up_end_date: Option<NaiveDate>,
    pub hdc_start_date: Option<NaiveDate>,
    pub hdc_end_date: Option<NaiveDate>,
    pub conditions: Vec<LicenceConditionView>,
    /// The reporting instructions: the first appointment after release.
    pub appointment: Option<super::AppointmentView>,
    pub reason: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub submitted: Option<String>,
    pub approved: Option<String>,
    pub version: i64,
    /// What this version changes from the one before it (variations).
    pub changes: Vec<ConditionChange>,
    /// What the viewer may do with it now.
    pub actions: Vec<LicenceAction>,
    pub editable: bool,
}

/// One entry of a licence's timeline.
#[derive(Debug, Clone, Serialize)]
pub struct LicenceEventView {
    pub at: DateTime<Utc>,
    pub by: String,
    pub event: LicenceEvent,
    pub version_number: i32,
    pub reason: String,
    pub detail: serde_json::Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct LicencesView {
    /// RoSH, tier and MAPPA above the tab (read by [`Manage::licence_page`] only).
    #[serde(skip)]
    pub key_facts: crate::KeyFacts,
    pub person_id: PersonId,
    pub person_name: String,
    pub date_of_birth: NaiveDate,
    /// Newest first.
    pub versions: Vec<LicenceVersionView>,
    pub timeline: Vec<LicenceEventView>,
    /// May draft a licence now (no licence in progress or in force).
    pub may_create: bool,
    /// May change the licence section (draft, vary, add zones, check addresses).
    pub may_change: bool,
    /// Key dates from the record's latest custodial sentence, for a new licence.
    pub from_sentence: LicenceForm,
}

/// The zones a condition names (an exclusion zone condition's map).
pub(crate) fn zones_named(c: &Condition) -> Vec<ZoneId> {
    c.spec()
        .map(|spec| {
            spec.params
                .iter()
                .filter(|p| p.kind == ParamKind::Zone)
                .filter_map(|p| c.value(p.name).and_then(|v| v.parse::<ZoneId>().ok()))
                .collect()
        })
        .unwrap_or_default()
}

/// The wording of a condition, with a zone shown by its name rather than its id.
pub(crate) fn wording(c: &Condition, zones: &BTreeMap<ZoneId, String>) -> String {
    let mut shown = c.clone();
    if let Some(spec) = c.spec() {
        for p in spec.params.iter().filter(|p| p.kind == ParamKind::Zone) {
            if let Some(name) = c
                .value(p.name)
                .and_then(|v| v.parse::<ZoneId>().ok())
                .and_then(|id| zones.get(&id))
            {
                shown.params.insert(p.name.to_string(), name.clone());
            }
        }
    }
    concord_licence::render(&shown).unwrap_or_else(|e| format!("(cannot be worded: {e})"))
}

pub(crate) fn condition_views(
    conditions: &[StoredCondition],
    zones: &BTreeMap<ZoneId, String>,
) -> Vec<LicenceConditionView> {
    conditions
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let spec = s.condition.spec();
            LicenceConditionView {
                id: s.id,
                number: i + 1,
                code: s.condition.code.clone(),
                name: spec.map_or_else(
                    || s.condition.code.clone(),
                    concord_licence::ConditionSpec::short_name,
                ),
                category: spec.map_or("", |sp| sp.category).to_string(),
                kind: spec.map_or(ConditionKind::Bespoke, |sp| sp.kind),
                text: wording(&s.condition, zones),
                policy: s.condition.policy.as_str().to_string(),
                victim_related: spec.is_some_and(|sp| sp.victim_related),
                params: s.condition.params.clone(),
            }
        })
        .collect()
}

pub(crate) fn is_editable(s: LicenceStatus) -> bool {
    matches!(
        s,
        LicenceStatus::InProgress | LicenceStatus::VariationInProgress
    )
}

/// The context for moves that are not decisions (recall, making inactive, varying): only
/// a decision asks who shaped the version, which `licence_decision` answers from the
/// licence events.
pub(crate) fn context(actor: &Actor, row: &LicenceRow) -> TransitionContext {
    TransitionContext {
        actor_is_author: row.created_by == actor.user_id || row.submitted_by == Some(actor.user_id),
        actor_is_senior: actor.has(Permission::LicenceApprove),
    }
}

impl Manage<'_> {
    pub(crate) async fn zone_names(
        &self,
        tx: &mut Tx,
        cap: &concord_authz::Capability,
        person: PersonId,
    ) -> Result<BTreeMap<ZoneId, String>, AppError> {
        Ok(concord_store::zones_of(tx, cap, person)
            .await?
            .into_iter()
            .map(|z| (z.id, format!("\"{}\"", z.name)))
            .collect())
    }

    /// Every version of the person's licences, with their wording, changes and timeline.
    pub async fn licences(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<LicencesView, AppError> {
        self.run(actor, async |w| self.licences_in(w, person).await)
            .await
    }

    /// The Licence tab: [`Self::licences`] with the record's key facts above it.
    pub async fn licence_page(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<LicencesView, AppError> {
        self.run_page(actor, async |w| {
            let mut view = self.licences_in(w, person).await?;
            view.key_facts = crate::KeyFacts::read(w, person).await?;
            Ok(view)
        })
        .await
    }

    /// [`Self::licences`] within a unit of work (a page that shows it with other parts).
    pub(crate) async fn licences_in(
        &self,
        w: &mut Work<'_>,
        person: PersonId,
    ) -> Result<LicencesView, AppError> {
        let actor = w.actor();
        let cap = w
            .person(
                Action::Read,
                person,
                SectionSet::of(&[Section::Identity, Section::Convictions, Section::Licence]),
            )
            .await?;
        if !cap.sections().contains(Section::Licence) {
            return Err(AppError::NotFound);
        }
        let record = self.people().load_record(w.tx(), &cap, person, 0).await?;
        let rows = concord_store::licences_of(w.tx(), &cap, person).await?;
        let appointments = concord_store::licence_appointments(w.tx(), &cap, person).await?;
        let events = concord_store::licence_events(w.tx(), &cap, person).await?;
        let zone_rows = concord_store::zones_of(w.tx(), &cap, person).await?;
        let zones = self.zone_names(w.tx(), &cap, person).await?;
        let users: Vec<UserId> = rows
            .iter()
            .flat_map(|r| [Some(r.created_by), r.submitted_by, r.approved_by])
            .flatten()
            .chain(events.iter().map(|e| e.by_user))
            .collect();
        let names = Names::load(w.tx(), &users).await?;
        let may_change = w
            .person(Action::Change, person, SectionSet::one(Section::Licence))
            .await
            .is_ok();
        let mut versions = vec![];
        for (i, row) in rows.iter().enumerate() {
            let status = row.status;
            let conditions = conditions_of(row)?;
            let previous = rows[..i]
                .iter()
                .rev()
                .find(|p| p.licence_id == row.licence_id)
                .map(conditions_of)
                .transpose()?;
            let plain = |cs: &[StoredCondition]| -> Vec<Condition> {
                cs.iter().map(|s| s.condition.clone()).collect()
            };
            let stamp = |by: Option<UserId>, at: Option<DateTime<Utc>>| {
                at.map(|at| {
                    format!(
                        "{} on {}",
                        names.user(by),
                        crate::london_date(at).format("%-d %B %Y")
                    )
                })
            };
            versions.push(LicenceVersionView {
                id: row.id,
                licence_id: row.licence_id,
                version_number: row.version_number,
                status,
                type_code: row.type_code,
                release_date: row.release_date,
                licence_end_date: row.licence_end_date,
                sentence_end_date: row.sentence_end_date,
                top_up_end_date: row.top_up_end_date,
                hdc_start_date: row.hdc_start_date,
                hdc_end_date: row.hdc_end_date,
                conditions: condition_views(&conditions, &zones),
                appointment: appointments
                    .iter()
                    .find(|a| a.licence_version_id == row.id)
                    .map(super::AppointmentView::from),
                reason: row.reason.clone(),
                created_by: names.user(Some(row.created_by)),
                created_at: row.created_at,
                submitted: stamp(row.submitted_by, row.submitted_at),
                approved: stamp(row.approved_by, row.approved_at),
                version: row.version,
                changes: previous
                    .map(|p| diff(&plain(&p), &plain(&conditions)))
                    .unwrap_or_default(),
                actions: if may_change {
                    // Offer only what the four-eyes rule would allow on submit.
                    let shapers =
                        super::licence_decision::shaped_by(row, &rows, &events, &zone_rows)?;
                    concord_licence::status::allowed_actions(
                        status,
                        &super::licence_decision::decision_context(actor, &shapers),
                    )
                } else {
                    vec![]
                },
                editable: may_change && is_editable(status),
            });
        }
        let number_of: BTreeMap<LicenceVersionId, i32> =
            rows.iter().map(|r| (r.id, r.version_number)).collect();
        let may_create = may_change
            && !versions.iter().any(|v| {
                !matches!(
                    v.status,
                    LicenceStatus::Inactive
                        | LicenceStatus::Rejected
                        | LicenceStatus::Recalled
                        | LicenceStatus::VariationRejected
                )
            });
        let sentence = record
            .sentences
            .iter()
            .filter(|s| s.release_date.is_some())
            .max_by_key(|s| s.start_date);
        let iso = |d: Option<NaiveDate>| {
            d.map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default()
        };
        w.audit(
            AuditKind::Consultation,
            Action::Read,
            Some(person.0),
            "viewed the licence",
            Note::sections(cap.sections()),
        );
        versions.reverse();
        Ok(LicencesView {
            key_facts: crate::KeyFacts::default(),
            person_id: person,
            person_name: concord_domain::display_name(
                &record.given_name,
                record.middle_names.as_deref(),
                &record.family_name,
            ),
            date_of_birth: record.date_of_birth,
            versions,
            timeline: events
                .iter()
                .map(|e| LicenceEventView {
                    at: e.at,
                    by: names.user(Some(e.by_user)),
                    event: e.event,
                    version_number: number_of.get(&e.version_id).copied().unwrap_or(1),
                    reason: e.reason.clone(),
                    detail: e.detail.clone(),
                })
                .collect(),
            may_create,
            may_change,
            from_sentence: LicenceForm {
                type_code: LicenceType::Ap.code().into(),
                release_date: iso(sentence.and_then(|s| s.release_date)),
                licence_end_date: iso(sentence.and_then(|s| s.licence_end_date)),
                sentence_end_date: iso(sentence.and_then(|s| s.end_date)),
                ..LicenceForm::default()
            },
        })
    }
}
