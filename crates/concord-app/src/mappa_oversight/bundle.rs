//! The case bundle: what a serious case review or the receiving MAPPA area gets of a case
//! — who the person is, the chronology, the MAPPA spells, decisions and referrals, the
//! approved minutes and the plan's actions, and (only where the actor may read the
//! victim section) the victims. Each section read is its own access decision.

use chrono::NaiveDate;
use concord_authz::{authorize, Action, Actor, Capability, Section, SectionSet};
use concord_domain::PersonId;
use concord_domain::UserId;
use concord_store::audit::AuditKind;
use concord_store::Tx;
use serde::Serialize;

use crate::access::Note;
use crate::person::Names;
use crate::{AppError, Oversight};

/// What the bundle says in place of victim information the actor may not read.
pub const VICTIM_INFORMATION_BY_VLO: &str = "Victim information is not in this bundle: the victim liaison officer must send it to the receiving area directly.";

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BundlePerson {
    pub name: String,
    pub date_of_birth: NaiveDate,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BundleSpell {
    pub area: String,
    pub category: concord_mappa::Category,
    pub level: concord_mappa::Level,
    pub status: concord_mappa::MappaStatus,
    pub eligible_from: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BundleEvent {
    pub occurred_on: NaiveDate,
    pub event_type: String,
    pub summary: String,
    pub agency: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BundleDecision {
    pub decided_on: NaiveDate,
    pub kind: concord_mappa::DecisionKind,
    pub level: Option<concord_mappa::Level>,
    pub rationale: String,
    pub decided_by: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BundleReferral {
    pub referred_on: NaiveDate,
    pub level_requested: concord_mappa::Level,
    pub reasons: String,
    pub status: concord_mappa::ReferralStatus,
    pub level_decided: Option<concord_mappa::Level>,
    pub screening_rationale: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BundleMinutes {
    pub meeting_on: NaiveDate,
    pub town: String,
    pub version: i32,
    pub status: concord_mappa::MinutesStatus,
    /// The standard headings as recorded (JSON), or the stored text if it is not JSON.
    pub sections: serde_json::Value,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BundleAction {
    pub pillar: concord_mappa::Pillar,
    pub description: String,
    pub owner: String,
    pub due_on: NaiveDate,
    pub status: concord_mappa::ActionStatus,
    pub evidence: String,
    pub completed_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BundleSfo {
    pub offence: String,
    pub charged_on: NaiveDate,
    pub notification_due_on: NaiveDate,
    pub notified_on: Option<NaiveDate>,
    pub scr_decision: concord_mappa::ScrDecision,
    pub scr_rationale: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BundleVictim {
    pub name: String,
    pub kind: concord_domain::VictimKind,
    pub relationship: String,
    pub address: String,
    pub representations: String,
    pub may_be_told: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CaseBundle {
    pub marking: String,
    pub purpose: String,
    pub produced_on: NaiveDate,
    pub produced_by: String,
    pub from_area: String,
    pub person: BundlePerson,
    pub mappa_spells: Vec<BundleSpell>,
    pub chronology: Vec<BundleEvent>,
    pub decisions: Vec<BundleDecision>,
    pub referrals: Vec<BundleReferral>,
    pub minutes: Vec<BundleMinutes>,
    pub actions: Vec<BundleAction>,
    pub serious_further_offences: Vec<BundleSfo>,
    /// `None` when the actor may not read the victim section.
    pub victims: Option<Vec<BundleVictim>>,
    pub victim_information: String,
}

/// An SCR export: the bundle and its JSON as downloaded.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScrExport {
    pub bundle: CaseBundle,
    pub json: String,
}

impl Oversight<'_> {
    /// One access decision for one section: each part of the bundle is decided alone.
    async fn read_section(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        person: PersonId,
        section: Section,
    ) -> Result<Capability, AppError> {
        self.authorize_person(tx, actor, Action::Read, person, SectionSet::one(section))
            .await
    }

    /// Build the bundle. Identity, chronology and management are required (a denial of
    /// any ends the use case); victims are included only if the policy lets the actor
    /// read them. Returns the bundle and the sections it holds.
    pub(super) async fn build_bundle(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        person: PersonId,
        purpose: &str,
        with_victims: bool,
    ) -> Result<(CaseBundle, SectionSet), AppError> {
        let identity = self
            .read_section(tx, actor, person, Section::Identity)
            .await?;
        let chronology = self
            .read_section(tx, actor, person, Section::Chronology)
            .await?;
        let management = self
            .read_section(tx, actor, person, Section::Management)
            .await?;
        let mut sections =
            SectionSet::of(&[Section::Identity, Section::Chronology, Section::Management]);
        let p = concord_store::person(tx, &identity, person)
            .await?
            .ok_or(AppError::NotFound)?;
        let events = concord_store::events(tx, &chronology, person).await?;
        let spells = concord_store::mappa_records_of(tx, &management, person).await?;
        let decisions = concord_store::mappa_decisions_of(tx, &management, person).await?;
        let referrals = concord_store::mappa_referrals_of(tx, &management, person).await?;
        let minutes = concord_store::approved_minutes_of(tx, &management, person).await?;
        let actions = concord_store::plan_actions_of(tx, &management, person).await?;
        let sfos = concord_store::sfos_of(tx, &management, person).await?;
        let victims = if with_victims {
            // Asked of the policy without an audited refusal: not reading the victims is
            // the expected outcome for most of MAPPA's staff, not an attempt.
            let resource = self.person_resource(tx, actor, person).await?;
            match authorize(
                actor,
                Action::Read,
                &resource.sections(SectionSet::one(Section::Victim)),
            ) {
                Ok(cap) => {
                    sections = sections.union(SectionSet::one(Section::Victim));
                    Some(concord_store::victims_of(tx, &cap, person).await?)
                }
                Err(_) => None,
            }
        } else {
            None
        };
        let mut staff: Vec<UserId> = decisions.iter().map(|d| d.decided_by).collect();
        staff.push(actor.user_id);
        let names = Names::load(tx, &staff).await?;
        let victim_information = match (&victims, with_victims) {
            (Some(v), _) => format!("{} victim record(s) included.", v.len()),
            (None, true) => VICTIM_INFORMATION_BY_VLO.to_string(),
            (None, false) => "Victim information is not part of this export.".to_string(),
        };
        let bundle = CaseBundle {
            marking: "OFFICIAL-SENSITIVE".into(),
            purpose: purpose.into(),
            produced_on: self.clock.today(),
            produced_by: names.user(Some(actor.user_id)),
            from_area: self.settings.mappa.area.clone(),
            person: BundlePerson {
                name: concord_domain::display_name(
                    &p.given_name,
                    p.middle_names.as_deref(),
                    &p.family_name,
                ),
                date_of_birth: p.date_of_birth,
            },
            mappa_spells: spells
                .iter()
                .map(|r| BundleSpell {
                    area: r.area.clone(),
                    category: r.category,
                    level: r.level,
                    status: r.status,
                    eligible_from: r.eligible_from,
                    ended_on: r.ended_on,
                    end_reason: r.end_reason.clone(),
                })
                .collect(),
            // Oldest first: a chronology reads forwards.
            chronology: events
                .iter()
                .rev()
                .map(|e| BundleEvent {
                    occurred_on: e.occurred_on,
                    event_type: e.event_type.clone(),
                    summary: e.summary.clone(),
                    agency: names.agency(e.agency_id),
                })
                .collect(),
            decisions: decisions
                .iter()
                .map(|d| BundleDecision {
                    decided_on: d.decided_on,
                    kind: d.kind,
                    level: d.level,
                    rationale: d.rationale.clone(),
                    decided_by: names.user(Some(d.decided_by)),
                })
                .collect(),
            referrals: referrals
                .iter()
                .map(|r| BundleReferral {
                    referred_on: r.referred_on,
                    level_requested: r.level_requested,
                    reasons: r.reasons.clone(),
                    status: r.status,
                    level_decided: r.level_decided,
                    screening_rationale: r.screening_rationale.clone(),
                })
                .collect(),
            minutes: minutes
                .iter()
                .map(|m| BundleMinutes {
                    meeting_on: m.held_on,
                    town: m.town.clone(),
                    version: m.version,
                    status: m.status,
                    sections: serde_json::from_str(&m.sections)
                        .unwrap_or_else(|_| serde_json::Value::String(m.sections.clone())),
                })
                .collect(),
            actions: actions
                .iter()
                .map(|a| BundleAction {
                    pillar: a.pillar,
                    description: a.description.clone(),
                    owner: a.owner_name.clone(),
                    due_on: a.due_on,
                    status: a.status,
                    evidence: a.evidence.clone(),
                    completed_on: a.completed_on,
                })
                .collect(),
            serious_further_offences: sfos
                .iter()
                .map(|s| BundleSfo {
                    offence: s.offence.clone(),
                    charged_on: s.charged_on,
                    notification_due_on: s.notification_due_on,
                    notified_on: s.notified_on,
                    scr_decision: s.scr_decision,
                    scr_rationale: s.scr_rationale.clone(),
                })
                .collect(),
            victims: victims.map(|v| {
                v.iter()
                    .map(|v| BundleVictim {
                        name: v.name.clone(),
                        kind: v.kind,
                        relationship: v.relationship.clone(),
                        address: v.address.clone(),
                        representations: v.representations.clone(),
                        may_be_told: v.may_be_told.clone(),
                    })
                    .collect()
            }),
            victim_information,
        };
        Ok((bundle, sections))
    }

    /// The serious case review export of a person with an SFO the chair sent to review:
    /// MAPPA staff only; one access decision per section read; audited as an export with
    /// the purpose "serious case review".
    pub async fn scr_export(&self, actor: &Actor, person: PersonId) -> Result<ScrExport, AppError> {
        self.run(actor, async |w| {
            self.require_mappa_staff(
                actor,
                Action::Export,
                person,
                "only those who run MAPPA export a case for a serious case review",
            )?;
            let (bundle, sections) = self
                .build_bundle(w.tx(), actor, person, "serious case review", false)
                .await?;
            if !bundle
                .serious_further_offences
                .iter()
                .any(|s| s.scr_decision == concord_mappa::ScrDecision::Review)
            {
                return Err(AppError::field(
                    "sfo",
                    "no_review",
                    "The MAPPA chair has not decided to hold a serious case review of this case",
                ));
            }
            let json = serde_json::to_string_pretty(&bundle)
                .map_err(|e| AppError::Internal(e.to_string()))?;
            w.audit(
                AuditKind::Disclosure,
                Action::Export,
                Some(person.0),
                "exported the MAPPA case for a serious case review",
                Note {
                    sections: Some(sections),
                    purpose: Some("serious case review".into()),
                    recipient: Some("serious case review panel".into()),
                    detail: None,
                },
            );
            Ok(ScrExport { bundle, json })
        })
        .await
    }
}
