//! DASH checklists: completed with the victim in one sitting, scored, kept as a signed
//! assessment in the risk section, and followed by a MARAC referral task when the
//! SafeLives criteria are met. The victim's own answers, and who she is, are kept in the
//! restricted victim section: the case team sees the abuser's behaviour, the level and the
//! MARAC decision; only those who hold the victim section see the rest.

use chrono::{DateTime, Days, NaiveDate, Utc};
use concord_authz::{Action, Actor, Capability, Section, SectionSet};
use concord_domain::{AssessmentId, TaskId, UserId};
use concord_domain::{AssessmentKind, AssessmentStatus, PersonId};
use concord_domain::{DomainEvent, DomainEventType};
use concord_risk::dash::{
    evaluate_marac, DashAnswer, DashRiskLevel, DashScore, DashVersion, EscalationThreshold,
    MaracCriterion, MaracDecision, MaracInput, QUESTIONS,
};
use concord_store::audit::AuditKind;
use concord_store::{AssessmentRow, TaskRow, Tx};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;

use super::dash_form::{level_code, parse_dash, DashForm};
use super::review::decode;
use crate::access::Note;
use crate::kernel::Work;
use crate::person::Names;
use crate::{AppError, Assess};

/// A MARAC referral is made promptly: the next day at the latest.
const MARAC_REFERRAL_DAYS: u64 = 1;

/// What a checklist's `answers` column holds: nothing about the victim herself.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Behaviour {
    version: Option<DashVersion>,
    answers: BTreeMap<u8, DashAnswer>,
    professional_judgement: Option<DashRiskLevel>,
    concerns: String,
    incidents: Vec<NaiveDate>,
    last_marac_referral: Option<NaiveDate>,
}

/// What the restricted `victim_answers` column holds.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct VictimPart {
    victim: String,
    answers: BTreeMap<u8, DashAnswer>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct DashResults {
    score: DashScore,
    marac: MaracDecision,
}

/// One question as the result page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct DashAnswerView {
    /// The number on the form used.
    pub number: u8,
    pub text: String,
    /// `None` when unanswered or when the reader may not see the victim section.
    pub answer: Option<DashAnswer>,
    pub about_victim: bool,
}

/// A completed checklist.
#[derive(Debug, Clone, Serialize)]
pub struct DashView {
    pub id: AssessmentId,
    pub person_id: PersonId,
    pub person_name: String,
    pub version: DashVersion,
    pub completed_by: String,
    pub completed_at: DateTime<Utc>,
    pub score: DashScore,
    pub marac: MaracDecision,
    pub concerns: String,
    pub incidents: Vec<NaiveDate>,
    pub last_marac_referral: Option<NaiveDate>,
    pub questions: Vec<DashAnswerView>,
    /// Who the checklist is about; `None` when the reader may not see the victim section.
    pub victim: Option<String>,
    pub victim_restricted: bool,
}

/// A checklist in a person's risk history.
#[derive(Debug, Clone, Serialize)]
pub struct DashSummary {
    pub id: AssessmentId,
    pub version: DashVersion,
    pub completed_at: DateTime<Utc>,
    pub completed_by: String,
    pub yes_count: u32,
    pub level: DashRiskLevel,
    pub raised_by_professional_judgement: bool,
    pub marac: Vec<MaracCriterion>,
}

fn results(row: &AssessmentRow) -> Result<DashResults, AppError> {
    let value = row
        .results
        .as_ref()
        .ok_or_else(|| AppError::Internal("a DASH checklist without its results".into()))?;
    serde_json::from_value(value.clone())
        .map_err(|e| AppError::Internal(format!("a stored DASH checklist's results: {e}")))
}

fn version_of(b: &Behaviour) -> DashVersion {
    b.version.unwrap_or(DashVersion::Police)
}

/// The checklists among a person's assessments, newest first.
pub(crate) async fn dash_summaries(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<(Vec<AssessmentRow>, Vec<UserId>), AppError> {
    let rows = concord_store::assessments(tx, cap, person, AssessmentKind::Dash).await?;
    let users = rows.iter().map(|r| r.started_by).collect();
    Ok((rows, users))
}

pub(crate) fn summarise(
    rows: &[AssessmentRow],
    names: &Names,
) -> Result<Vec<DashSummary>, AppError> {
    rows.iter()
        .rev()
        .map(|r| {
            let b: Behaviour = decode(&r.answers, "answers")?;
            let res = results(r)?;
            Ok(DashSummary {
                id: r.id,
                version: version_of(&b),
                completed_at: r.signed_at.unwrap_or(r.started_at),
                completed_by: names.user(Some(r.started_by)),
                yes_count: res.score.yes_count,
                level: res.score.level,
                raised_by_professional_judgement: res.score.raised_by_professional_judgement,
                marac: res.marac.criteria,
            })
        })
        .collect()
}

impl Assess<'_> {
    /// Record a completed DASH checklist. Completing one means hearing the victim's own
    /// answers, so it needs the victim section as well as the assessor's permission.
    pub async fn record_dash(
        &self,
        actor: &Actor,
        person: PersonId,
        form: &DashForm,
    ) -> Result<AssessmentId, AppError> {
        self.run(actor, async |w| {
            let cap = w
                .person(
                    Action::Create,
                    person,
                    SectionSet::of(&[Section::Risk, Section::Victim]),
                )
                .await?;
            let today = self.clock.today();
            let parsed = parse_dash(form, today).map_err(AppError::Validation)?;
            let marac = evaluate_marac(
                &MaracInput {
                    yes_count: parsed.score.yes_count,
                    professional_judgement_concerns: Some(parsed.concerns.clone()),
                    incident_dates: parsed.incidents.clone(),
                    last_marac_referral: parsed.last_marac_referral,
                    escalation: EscalationThreshold::default(),
                },
                today,
            );
            let about_victim = |id: &u8| QUESTIONS.iter().any(|q| q.id == *id && q.about_victim);
            let (victim_answers, behaviour): (BTreeMap<u8, DashAnswer>, BTreeMap<u8, DashAnswer>) =
                parsed
                    .checklist
                    .answers
                    .iter()
                    .map(|(id, a)| (*id, *a))
                    .partition(|(id, _)| about_victim(id));
            let id = AssessmentId::new();
            let now = self.clock.now();
            concord_store::insert_assessment(
                w.tx(),
                &cap,
                &AssessmentRow {
                    id,
                    person_id: person,
                    agency_id: actor.agency_id,
                    kind: AssessmentKind::Dash,
                    status: AssessmentStatus::Signed,
                    inputs: json!({}),
                    answers: json!(Behaviour {
                        version: Some(parsed.checklist.version),
                        answers: behaviour,
                        professional_judgement: parsed.checklist.professional_judgement,
                        concerns: parsed.concerns.clone(),
                        incidents: parsed.incidents.clone(),
                        last_marac_referral: parsed.last_marac_referral,
                    }),
                    results: Some(json!(DashResults {
                        score: parsed.score.clone(),
                        marac: marac.clone(),
                    })),
                    overall_level: Some(level_code(parsed.score.level).into()),
                    tier: None,
                    review_due_on: None,
                    acknowledged_at: None,
                    started_by: actor.user_id,
                    started_at: now,
                    signed_by: Some(actor.user_id),
                    signed_at: Some(now),
                    version: 1,
                },
            )
            .await?;
            concord_store::set_victim_answers(
                w.tx(),
                &cap,
                person,
                id,
                &json!(VictimPart {
                    victim: parsed.victim.clone(),
                    answers: victim_answers,
                }),
            )
            .await?;
            w.audit(
                AuditKind::Collection,
                Action::Create,
                Some(person.0),
                "completed a DASH risk identification checklist",
                Note {
                    sections: Some(SectionSet::of(&[Section::Risk, Section::Victim])),
                    detail: Some(json!({
                        "assessment": id,
                        "level": level_code(parsed.score.level),
                        "marac": marac.criteria,
                    })),
                    ..Note::default()
                },
            );
            if marac.refer {
                let why = format!(
                    "DASH checklist: MARAC criteria met — {}",
                    marac
                        .criteria
                        .iter()
                        .map(|c| c.label())
                        .collect::<Vec<_>>()
                        .join("; ")
                );
                concord_store::insert_task(
                    w.tx(),
                    &cap,
                    &TaskRow {
                        id: TaskId::new(),
                        person_id: person,
                        agency_id: actor.agency_id,
                        team_id: actor.team_id,
                        user_id: Some(actor.user_id),
                        kind: concord_domain::TaskKind::MaracReferral,
                        title: "Refer the case to MARAC".into(),
                        reason: why.clone(),
                        due_on: today + Days::new(MARAC_REFERRAL_DAYS),
                        assessment_id: Some(id),
                        created_by: actor.user_id,
                        created_at: now,
                        done_by: None,
                        done_at: None,
                    },
                )
                .await?;
                w.audit(
                    AuditKind::Collection,
                    Action::Change,
                    Some(person.0),
                    "created a MARAC referral task",
                    Note {
                        sections: Some(SectionSet::one(Section::Risk)),
                        detail: Some(json!({"assessment": id, "reason": why})),
                        ..Note::default()
                    },
                );
            }
            w.raise(
                DomainEvent::new(DomainEventType::RiskDashRecorded, person)
                    .with("assessmentId", id),
            );
            Ok(id)
        })
        .await
    }

    /// One checklist. The victim's answers are shown only to those who hold the victim
    /// section; everyone else on the case sees the rest and that a part is restricted.
    pub async fn dash_checklist(
        &self,
        actor: &Actor,
        person: PersonId,
        id: AssessmentId,
    ) -> Result<DashView, AppError> {
        self.run(actor, async |w| {
            let cap = w
                .person(
                    Action::Read,
                    person,
                    SectionSet::of(&[Section::Identity, Section::Risk, Section::Victim]),
                )
                .await?;
            if !cap.sections().contains(Section::Risk) {
                return Err(AppError::NotFound);
            }
            let row = concord_store::assessment(w.tx(), &cap, person, id)
                .await?
                .filter(|a| a.kind == AssessmentKind::Dash)
                .ok_or(AppError::NotFound)?;
            let p = concord_store::person(w.tx(), &cap, person)
                .await?
                .ok_or(AppError::NotFound)?;
            let behaviour: Behaviour = decode(&row.answers, "answers")?;
            let res = results(&row)?;
            let victim_restricted = !cap.sections().contains(Section::Victim);
            let victim: Option<VictimPart> = if victim_restricted {
                None
            } else {
                concord_store::victim_answers(w.tx(), &cap, person, id)
                    .await?
                    .map(|v| decode(&v, "victim answers"))
                    .transpose()?
            };
            let version = version_of(&behaviour);
            let questions = version
                .questions()
                .map(|q| DashAnswerView {
                    number: version.number_of(q).unwrap_or(q.id),
                    text: q.text.into(),
                    answer: if q.about_victim {
                        victim.as_ref().and_then(|v| v.answers.get(&q.id).copied())
                    } else {
                        behaviour.answers.get(&q.id).copied()
                    },
                    about_victim: q.about_victim,
                })
                .collect();
            let names = Names::load(w.tx(), &[row.started_by]).await?;
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                Some(person.0),
                "viewed a DASH checklist",
                Note {
                    sections: Some(cap.sections()),
                    detail: Some(json!({"assessment": id})),
                    ..Note::default()
                },
            );
            Ok(DashView {
                id,
                person_id: person,
                person_name: concord_domain::display_name(
                    &p.given_name,
                    p.middle_names.as_deref(),
                    &p.family_name,
                ),
                version,
                completed_by: names.user(Some(row.started_by)),
                completed_at: row.signed_at.unwrap_or(row.started_at),
                score: res.score,
                marac: res.marac,
                concerns: behaviour.concerns,
                incidents: behaviour.incidents,
                last_marac_referral: behaviour.last_marac_referral,
                questions,
                victim: victim.map(|v| v.victim),
                victim_restricted,
            })
        })
        .await
    }

    /// Whether the actor may complete a DASH checklist for this person (assessor and
    /// victim section). A probe for the pages, not an attempt: nothing is audited.
    pub(crate) async fn may_record_dash(w: &mut Work<'_>, person: PersonId) -> bool {
        w.person(
            Action::Create,
            person,
            SectionSet::of(&[Section::Risk, Section::Victim]),
        )
        .await
        .is_ok()
    }
}
