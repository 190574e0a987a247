//! A RoSH review: started pre-filled from the record, completed section by section (the
//! task-list pattern), signed off once every section is done and other agencies' recent
//! information has been read. A signed review is never changed: the next one is new.

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{Action, Actor, Capability, Section, SectionSet};
use concord_domain::AssessmentId;
use concord_domain::UserId;
use concord_domain::{AssessmentKind, AssessmentStatus, FieldError, PersonId, ValidationErrors};
use concord_risk::{RiskGroup, RiskScoreRequest, RoshLevel};
use concord_store::audit::AuditKind;
use concord_store::{AssessmentRow, Tx};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::prefill::{apply_facts, facts_from_record, Fact};
use super::questions::{Answers, RoshAnswers};
use super::scores::{predictor_views, PredictorView, TierView};
use crate::access::Note;
use crate::kernel::Work;
use crate::person::{MarkerView, Names};
use crate::{AppError, Assess};

/// What a review's `inputs` column holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Inputs {
    pub facts: Vec<Fact>,
    /// The assessor has been through the facts (confirmed or corrected them).
    #[serde(default)]
    pub facts_confirmed: bool,
}

/// What a review's `answers` column holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Stored {
    #[serde(default)]
    pub oasys: Answers,
    #[serde(default)]
    pub oasys_saved: bool,
    #[serde(default)]
    pub rosh: RoshAnswers,
}

/// What a signed review's `results` column holds: the scores and the tier as signed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Results {
    pub scores: serde_json::Value,
    pub tier: Option<serde_json::Value>,
    pub tier_problem: Option<String>,
    pub request: serde_json::Value,
}

/// An entry by another agency, or a warning marker, for the assessor to read.
#[derive(Debug, Clone, Serialize)]
pub struct OtherAgencyEntry {
    pub date: NaiveDate,
    pub agency: String,
    pub title: String,
    pub detail: String,
    pub recorded_at: DateTime<Utc>,
}

/// A review as the pages and the API show it.
#[derive(Debug, Clone, Serialize)]
pub struct RiskReview {
    pub id: AssessmentId,
    pub person_id: PersonId,
    pub person_name: String,
    pub status: AssessmentStatus,
    pub started_by: String,
    pub started_at: DateTime<Utc>,
    pub signed_by: Option<String>,
    pub signed_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub facts: Vec<Fact>,
    pub facts_confirmed: bool,
    pub oasys: Answers,
    pub oasys_saved: bool,
    pub rosh: RoshAnswers,
    pub review_due_on: Option<NaiveDate>,
    pub in_custody: bool,
    pub groups: Vec<RiskGroup>,
    pub overall: Option<RoshLevel>,
    /// Other agencies' entries since the last signed review, and every active marker.
    pub other_entries: Vec<OtherAgencyEntry>,
    pub markers: Vec<MarkerView>,
    pub since: Option<DateTime<Utc>>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    /// Entries arrived after the acknowledgement (or none was given).
    pub needs_acknowledgement: bool,
    /// The predictors' JSON as concord-risk gives it (the API's shape).
    pub scores_json: serde_json::Value,
    /// The request the predictors read (the API's request shape): sent to
    /// `POST /api/v1/risk-scores` it gives exactly `scores_json`.
    pub request_json: serde_json::Value,
    pub scores: Vec<PredictorView>,
    pub tier: Option<TierView>,
    pub tier_problem: Option<String>,
}

impl RiskReview {
    pub fn is_signed(&self) -> bool {
        self.status == AssessmentStatus::Signed
    }

    pub fn rosh_complete(&self) -> bool {
        self.groups
            .iter()
            .all(|g| self.rosh.levels.contains_key(&group_code(*g)))
            && [
                &self.rosh.who_is_at_risk,
                &self.rosh.nature_of_harm,
                &self.rosh.when_most_likely,
                &self.rosh.what_increases,
                &self.rosh.what_reduces,
            ]
            .iter()
            .all(|t| !t.trim().is_empty())
            && self.review_due_on.is_some()
    }
}

pub fn group_code(g: RiskGroup) -> String {
    serde_json::to_value(g)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub fn level_code(l: RoshLevel) -> String {
    serde_json::to_value(l)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub fn level_from_code(code: &str) -> Option<RoshLevel> {
    serde_json::from_value(json!(code)).ok()
}

pub(crate) fn decode<T: serde::de::DeserializeOwned + Default>(
    value: &serde_json::Value,
    what: &str,
) -> Result<T, AppError> {
    serde_json::from_value(value.clone())
        .map_err(|e| AppError::Internal(format!("a stored assessment's {what}: {e}")))
}

/// The request the predictors read: the confirmed facts, then the assessor's answers.
pub(crate) fn build_request(inputs: &Inputs, stored: &Stored, on: NaiveDate) -> RiskScoreRequest {
    let mut req = RiskScoreRequest {
        assessment_date: Some(on),
        ..RiskScoreRequest::default()
    };
    apply_facts(&inputs.facts, &mut req);
    let mut value = serde_json::to_value(&req).unwrap_or_else(|_| json!({}));
    if let Some(obj) = value.as_object_mut() {
        for (field, answer) in &stored.oasys.items {
            obj.insert(field.clone(), answer.clone());
        }
        if !stored.oasys.previous_convictions.is_empty() {
            // "None of these" is the empty list: answered, with nothing in it.
            let listed: Vec<&String> = stored
                .oasys
                .previous_convictions
                .iter()
                .filter(|p| *p != super::questions::NO_PREVIOUS_CONVICTIONS)
                .collect();
            obj.insert("previous_convictions".into(), json!(listed));
        }
    }
    // Answers were checked when saved, so this does not fail; if a stored answer were
    // ever unreadable the facts alone still compute.
    serde_json::from_value(value).unwrap_or(req)
}

impl Assess<'_> {
    /// Reading or writing the risk section of one person's record.
    pub(crate) async fn authorize_risk(
        w: &mut Work<'_>,
        action: Action,
        person: PersonId,
    ) -> Result<Capability, AppError> {
        w.person(action, person, SectionSet::one(Section::Risk))
            .await
    }

    /// Start a RoSH review, pre-filled from the record. The facts are read under the
    /// actor's own access (a fact the actor may not see is not filled).
    pub async fn start_risk_review(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<AssessmentId, AppError> {
        self.run(actor, async |w| {
            let write = Self::authorize_risk(w, Action::Create, person).await?;
            let read = w
                .person(
                    Action::Read,
                    person,
                    SectionSet::of(&[Section::Identity, Section::Convictions, Section::Risk]),
                )
                .await?;
            if let Some(draft) =
                concord_store::assessments(w.tx(), &read, person, AssessmentKind::Rosh)
                    .await?
                    .into_iter()
                    .find(|a| a.status == AssessmentStatus::Draft)
            {
                // One review in progress at a time: carry on with it.
                return Ok(draft.id);
            }
            let record = self.people().load_record(w.tx(), &read, person, 0).await?;
            let today = self.clock.today();
            let inputs = Inputs {
                facts: facts_from_record(&record, today),
                facts_confirmed: false,
            };
            let id = AssessmentId::new();
            let now = self.clock.now();
            concord_store::insert_assessment(
                w.tx(),
                &write,
                &AssessmentRow {
                    id,
                    person_id: person,
                    agency_id: actor.agency_id,
                    kind: AssessmentKind::Rosh,
                    status: AssessmentStatus::Draft,
                    inputs: json!(inputs),
                    answers: json!(Stored::default()),
                    results: None,
                    overall_level: None,
                    tier: None,
                    review_due_on: None,
                    acknowledged_at: None,
                    started_by: actor.user_id,
                    started_at: now,
                    signed_by: None,
                    signed_at: None,
                    version: 1,
                },
            )
            .await?;
            w.audit(
                AuditKind::Collection,
                Action::Create,
                Some(person.0),
                "started a risk of serious harm review, pre-filled from the record",
                Note {
                    sections: Some(SectionSet::of(&[
                        Section::Identity,
                        Section::Convictions,
                        Section::Risk,
                    ])),
                    detail: Some(json!({"assessment": id})),
                    ..Note::default()
                },
            );
            Ok(id)
        })
        .await
    }

    /// One review with everything its pages show; a consultation of the record.
    pub async fn risk_review(
        &self,
        actor: &Actor,
        person: PersonId,
        id: AssessmentId,
    ) -> Result<RiskReview, AppError> {
        self.run(actor, async |w| {
            let review = self.load_review(w, person, id).await?;
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                Some(person.0),
                "viewed a risk of serious harm review",
                Note {
                    sections: Some(SectionSet::of(&[Section::Risk, Section::Chronology])),
                    detail: Some(json!({"assessment": id})),
                    ..Note::default()
                },
            );
            Ok(review)
        })
        .await
    }

    pub(crate) async fn load_review(
        &self,
        w: &mut Work<'_>,
        person: PersonId,
        id: AssessmentId,
    ) -> Result<RiskReview, AppError> {
        let cap = w.person(Action::Read, person, SectionSet::all()).await?;
        if !cap.sections().contains(Section::Risk) {
            return Err(AppError::NotFound);
        }
        let row = concord_store::assessment(w.tx(), &cap, person, id)
            .await?
            .filter(|a| a.kind == AssessmentKind::Rosh)
            .ok_or(AppError::NotFound)?;
        let record = self.people().load_record(w.tx(), &cap, person, 0).await?;
        let inputs: Inputs = decode(&row.inputs, "inputs")?;
        let stored: Stored = decode(&row.answers, "answers")?;
        let previous = concord_store::assessments(w.tx(), &cap, person, AssessmentKind::Rosh)
            .await?
            .into_iter()
            .filter(|a| {
                a.status == AssessmentStatus::Signed
                    && a.id != row.id
                    && a.started_at < row.started_at
            })
            .filter_map(|a| a.signed_at)
            .max();
        let users: Vec<UserId> = [Some(row.started_by), row.signed_by]
            .into_iter()
            .flatten()
            .collect();
        let names = Names::load(w.tx(), &users).await?;
        let other_entries = if cap.sections().contains(Section::Chronology) {
            {
                let actor = w.actor();
                self.other_agency_entries(w.tx(), &cap, actor, person, previous, &names)
            }
            .await?
        } else {
            vec![]
        };
        let newest_entry = other_entries.iter().map(|e| e.recorded_at).max();
        let needs_acknowledgement = match (row.acknowledged_at, newest_entry) {
            (None, _) => true,
            (Some(ack), Some(newest)) => newest > ack,
            (Some(_), None) => false,
        };
        let in_custody = inputs
            .facts
            .iter()
            .any(|f| f.field == "supervision_status" && f.value.as_deref() == Some("CUSTODY"));
        let groups = RiskGroup::assessed(in_custody).to_vec();
        let levels: Vec<RoshLevel> = stored
            .rosh
            .levels
            .values()
            .filter_map(|l| level_from_code(l))
            .collect();
        let (scores_json, request_json, tier, tier_problem) = match &row.results {
            Some(results) => {
                let r: Results = serde_json::from_value(results.clone())
                    .map_err(|e| AppError::Internal(format!("assessment {id}'s results: {e}")))?;
                (
                    r.scores,
                    r.request,
                    r.tier.and_then(|t| serde_json::from_value(t).ok()),
                    r.tier_problem,
                )
            }
            None => {
                let on = self.clock.today();
                let enforced = super::tier::previous_enforcement(w.tx(), &cap, person).await?;
                let mappa = super::tier::mappa_level(w.tx(), &cap, person).await?;
                let (scores, tier) =
                    super::tier::score(&record, &inputs, &stored, on, enforced, mappa);
                let (tier, problem) = match tier {
                    Ok(t) => (serde_json::from_value(t).ok(), None),
                    Err(e) => (None, Some(e)),
                };
                let request = serde_json::to_value(build_request(&inputs, &stored, on))
                    .map_err(|e| AppError::Internal(format!("a risk request: {e}")))?;
                (scores, request, tier, problem)
            }
        };
        Ok(RiskReview {
            id: row.id,
            person_id: person,
            person_name: record.full_name(),
            status: row.status,
            started_by: names.user(Some(row.started_by)),
            started_at: row.started_at,
            signed_by: row.signed_by.map(|u| names.user(Some(u))),
            signed_at: row.signed_at,
            version: row.version,
            facts: inputs.facts,
            facts_confirmed: inputs.facts_confirmed,
            oasys: stored.oasys,
            oasys_saved: stored.oasys_saved,
            rosh: stored.rosh,
            review_due_on: row.review_due_on,
            in_custody,
            groups,
            overall: concord_risk::rosh::overall_rosh(levels),
            other_entries,
            markers: record.active_markers().cloned().collect(),
            since: previous,
            acknowledged_at: row.acknowledged_at,
            needs_acknowledgement,
            scores: predictor_views(&scores_json),
            scores_json,
            request_json,
            tier,
            tier_problem,
        })
    }

    /// Every entry another agency made since `since` (all of them before a first review):
    /// what inspectors keep finding was never read before risk was reviewed.
    async fn other_agency_entries(
        &self,
        tx: &mut Tx,
        cap: &Capability,
        actor: &Actor,
        person: PersonId,
        since: Option<DateTime<Utc>>,
        names: &Names,
    ) -> Result<Vec<OtherAgencyEntry>, AppError> {
        let mut entries: Vec<OtherAgencyEntry> = concord_store::events(tx, cap, person)
            .await?
            .into_iter()
            .filter(|e| e.agency_id != actor.agency_id)
            .filter(|e| since.is_none_or(|s| e.created_at > s))
            .map(|e| OtherAgencyEntry {
                date: e.occurred_on,
                agency: names.agency(e.agency_id),
                title: concord_domain::EventType::from_code(&e.event_type)
                    .map_or(e.event_type.clone(), |t| t.label().to_string()),
                detail: e.summary,
                recorded_at: e.created_at,
            })
            .collect();
        entries.sort_by_key(|e| std::cmp::Reverse(e.recorded_at));
        Ok(entries)
    }

    /// Confirm the facts from the record, correcting any with a reason. Every problem is
    /// reported at once; nothing is saved unless all are right.
    pub async fn confirm_review_facts(
        &self,
        actor: &Actor,
        person: PersonId,
        id: AssessmentId,
        version: i64,
        values: &[(String, String, String)],
    ) -> Result<(), AppError> {
        let what = "confirmed the facts of a risk review";
        self.change_draft(actor, person, id, version, what, |row| {
            let mut inputs: Inputs = decode(&row.inputs, "inputs")?;
            let mut errors = ValidationErrors::new();
            let mut corrected = vec![];
            for fact in &mut inputs.facts {
                let Some((_, value, reason)) = values.iter().find(|(f, _, _)| *f == fact.field)
                else {
                    continue;
                };
                let v = match super::parse::fact_value(&fact.field, value) {
                    Ok(v) => v,
                    Err(e) => {
                        errors.push(e);
                        continue;
                    }
                };
                fact.value = v;
                fact.correction_reason = None;
                if !fact.is_corrected() {
                    continue;
                }
                match reason.trim() {
                    "" => errors.push(FieldError::new(
                        format!("{}_reason", fact.field),
                        "required",
                        format!(
                            "Say why {} differs from the record",
                            fact.label.to_lowercase()
                        ),
                    )),
                    reason => {
                        fact.correction_reason = Some(reason.to_string());
                        corrected.push(fact.field.clone());
                    }
                }
            }
            if !errors.is_empty() {
                return Err(AppError::Validation(errors));
            }
            inputs.facts_confirmed = true;
            row.inputs = json!(inputs);
            Ok(json!({"assessment": id, "corrected": corrected}))
        })
        .await
    }

    /// Save the OASys items, previous convictions and need severities.
    pub async fn save_review_answers(
        &self,
        actor: &Actor,
        person: PersonId,
        id: AssessmentId,
        version: i64,
        form: &super::parse::AnswersForm,
    ) -> Result<(), AppError> {
        let what = "answered the OASys items of a risk review";
        self.change_draft(actor, person, id, version, what, |row| {
            let mut stored: Stored = decode(&row.answers, "answers")?;
            stored.oasys = super::parse::answers(form)?;
            stored.oasys_saved = true;
            row.answers = json!(stored);
            Ok(json!({"assessment": id}))
        })
        .await
    }

    /// Save the RoSH levels, narrative and review date. Partial saves are allowed (a
    /// long narrative can be written over several sittings); signing checks completeness.
    pub async fn save_review_rosh(
        &self,
        actor: &Actor,
        person: PersonId,
        id: AssessmentId,
        version: i64,
        form: &super::parse::RoshForm,
    ) -> Result<(), AppError> {
        let what = "recorded the risk of serious harm levels of a review";
        let today = self.clock.today();
        self.change_draft(actor, person, id, version, what, |row| {
            let (rosh, due) = super::parse::rosh(form, today)?;
            let mut stored: Stored = decode(&row.answers, "answers")?;
            stored.rosh = rosh;
            row.answers = json!(stored);
            row.review_due_on = due;
            Ok(json!({"assessment": id}))
        })
        .await
    }

    /// The assessor has read other agencies' entries and the warning markers shown.
    pub async fn acknowledge_review_entries(
        &self,
        actor: &Actor,
        person: PersonId,
        id: AssessmentId,
        version: i64,
    ) -> Result<(), AppError> {
        let what = "acknowledged other agencies' information in a risk review";
        let now = self.clock.now();
        self.change_draft(actor, person, id, version, what, |row| {
            row.acknowledged_at = Some(now);
            Ok(json!({"assessment": id, "acknowledged_at": now.to_rfc3339()}))
        })
        .await
    }
}
