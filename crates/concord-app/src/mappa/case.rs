//! A person's MAPPA page: Concord's proposal of the category with its reasons, the
//! current spell (category, level, lead agency, dates, next review, the prompt before
//! eligibility ends), every decision, and the referrals with their pre-filled facts.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use concord_authz::{Action, Actor, Permission, Section, SectionSet};
use concord_domain::AgencyId;
use concord_domain::UserId;
use concord_domain::{MappaRecordId, MappaReferralId, PersonId};
use concord_licence::LicenceStatus;
use concord_mappa::{
    propose_category_with, EligibilitySettings, EndDate, Level, LevelCriteria, Proposal, Rosh,
};
use concord_store::audit::AuditKind;
use concord_store::{MappaDecisionRow, MappaRecordRow, MappaReferralRow, Tx};
use serde::Serialize;

use super::facts::{eligibility_facts, referral_facts, ReferralFacts};
use super::{mappa_level_label, DueDate};
use crate::access::Note;
use crate::manage::{conditions_of, wording};
use crate::person::{Names, PersonRecord};
use crate::{AppError, MappaCase};
use concord_mappa::{MappaStatus, ReferralStatus};

#[derive(Debug, Clone, Serialize)]
pub struct MappaRecordView {
    pub id: MappaRecordId,
    pub area: String,
    pub category: String,
    pub category_number: u8,
    /// Why the category applies: the convictions or registration it rests on, so empty
    /// (and [`MappaRecordView::category_reasons_withheld`]) for a reader without the
    /// convictions section.
    pub category_reasons: Vec<String>,
    pub category_reasons_withheld: bool,
    pub level: String,
    pub level_number: u8,
    pub lead_agency: String,
    pub status: MappaStatus,
    pub eligible_from: NaiveDate,
    pub eligibility_ends_on: Option<NaiveDate>,
    /// From this day the record prompts to end the spell (or to review it).
    pub end_prompt_on: Option<NaiveDate>,
    pub end_prompt_due: bool,
    pub next_review: Option<DueDate>,
    pub critical_public_protection: bool,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<String>,
    pub confirmed_by: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MappaDecisionView {
    pub kind: concord_mappa::DecisionKind,
    pub kind_label: String,
    pub level: Option<String>,
    pub rationale: String,
    pub critical_public_protection: bool,
    pub decided_on: NaiveDate,
    pub decided_by: String,
    pub next_review_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MappaReferralView {
    pub id: MappaReferralId,
    pub level_requested: String,
    pub reasons: String,
    pub facts: ReferralFacts,
    pub referred_on: NaiveDate,
    pub release_on: Option<NaiveDate>,
    pub late: bool,
    /// How long before release the referral was made, in words.
    pub timing: String,
    pub referred_by: String,
    pub referring_agency: String,
    pub status: ReferralStatus,
    pub screened_by: Option<String>,
    pub screened_on: Option<NaiveDate>,
    pub level_decided: Option<String>,
    pub screening_rationale: Option<String>,
    /// The MAPPA A parts withheld from this reader (section names).
    pub withheld: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MappaCaseView {
    /// RoSH, tier and MAPPA above the tab.
    #[serde(skip)]
    pub key_facts: crate::KeyFacts,
    pub person_id: PersonId,
    pub name: String,
    pub area: String,
    /// Concord's proposal, from the convictions and the RoSH: none for a reader who
    /// reaches neither (a proposal from half the facts would mislead and could leak).
    pub proposal: Option<Proposal>,
    pub proposal_ends_on: Option<NaiveDate>,
    pub current: Option<MappaRecordView>,
    pub past: Vec<MappaRecordView>,
    pub decisions: Vec<MappaDecisionView>,
    pub referrals: Vec<MappaReferralView>,
    /// What a referral made today would carry (the MAPPA A pre-fill).
    pub facts: ReferralFacts,
    /// A referral made today would be late (release within the configured months).
    pub late_if_referred_today: bool,
    pub refer_by: Option<NaiveDate>,
    pub criteria: Vec<LevelCriteria>,
    /// The case team may refer and confirm eligibility.
    pub may_refer: bool,
    /// He is recorded as subject to notification, and the reader may correct the period
    /// Concord computed (who may change the convictions section).
    pub may_correct_notification: bool,
    /// MAPPA staff may screen, review, change levels and end the spell.
    pub may_manage: bool,
    pub rosh: Option<Rosh>,
    /// The sections this page was assembled without (named, never silently empty).
    pub withheld: Vec<String>,
}

/// "7 months before release", "on the day of release", "3 weeks after release".
pub(crate) fn timing(referred_on: NaiveDate, release: Option<NaiveDate>) -> String {
    let Some(release) = release else {
        return "No release date on the record".into();
    };
    let days = (release - referred_on).num_days();
    // Whole calendar months, as the late-referral deadline counts them: referred on
    // 1 April for a release on 1 October is "6 months before release", whatever the
    // months' lengths.
    let (early, late) = if referred_on <= release {
        (referred_on, release)
    } else {
        (release, referred_on)
    };
    let months = concord_domain::whole_months(early, late).unwrap_or(0);
    let span = |d: i64| {
        let d = d.abs();
        if months >= 2 {
            format!("{months} months")
        } else if d >= 14 {
            format!("{} weeks", d / 7)
        } else {
            format!("{d} days")
        }
    };
    match days {
        0 => "On the day of release".into(),
        d if d > 0 => format!("{} before release", span(d)),
        d => format!("{} after release", span(d)),
    }
}

pub(crate) fn rosh_of(code: &str) -> Option<Rosh> {
    serde_json::from_value(serde_json::Value::String(code.to_string())).ok()
}

impl MappaCase<'_> {
    /// The sections a MAPPA page reads.
    pub(crate) fn mappa_sections() -> SectionSet {
        SectionSet::of(&[
            Section::Identity,
            Section::Markers,
            Section::Addresses,
            Section::Convictions,
            Section::Management,
            Section::Chronology,
            Section::Risk,
            Section::Licence,
        ])
    }

    pub(crate) fn eligibility_settings(&self) -> EligibilitySettings {
        EligibilitySettings {
            end_prompt_days: self.settings.mappa.end_prompt_days,
            ..EligibilitySettings::default()
        }
    }

    /// Concord's category proposal from the record as it stands today.
    pub(crate) fn propose_mappa_category(
        &self,
        record: &PersonRecord,
        rosh: Option<Rosh>,
        judgements: &super::judgements::Judgements,
    ) -> Proposal {
        propose_category_with(
            &eligibility_facts(record, rosh, self.clock.today(), judgements),
            self.clock.today(),
            &self.eligibility_settings(),
        )
    }

    /// The latest signed RoSH: the level and the day it was signed.
    pub(crate) async fn signed_rosh(
        &self,
        tx: &mut Tx,
        cap: &concord_authz::Capability,
        person: PersonId,
    ) -> Result<Option<(Rosh, DateTime<Utc>)>, AppError> {
        if !cap.sections().contains(Section::Risk) {
            return Ok(None);
        }
        let rows =
            concord_store::assessments(tx, cap, person, concord_domain::AssessmentKind::Rosh)
                .await?;
        Ok(rows
            .iter()
            .filter_map(|r| Some((rosh_of(r.overall_level.as_deref()?)?, r.signed_at?)))
            .max_by_key(|(_, at)| *at))
    }

    /// The conditions of the licence in force (active, else approved), worded.
    pub(crate) async fn licence_in_force(
        &self,
        tx: &mut Tx,
        cap: &concord_authz::Capability,
        person: PersonId,
    ) -> Result<Vec<String>, AppError> {
        if !cap.sections().contains(Section::Licence) {
            return Ok(vec![]);
        }
        let rows = concord_store::licences_of(tx, cap, person).await?;
        let mut chosen = None;
        for wanted in [LicenceStatus::Active, LicenceStatus::Approved] {
            for row in rows.iter().rev() {
                if row.status == wanted {
                    chosen = Some(row);
                    break;
                }
            }
            if chosen.is_some() {
                break;
            }
        }
        let Some(row) = chosen else {
            return Ok(vec![]);
        };
        let zones = self.manage().zone_names(tx, cap, person).await?;
        Ok(conditions_of(row)?
            .iter()
            .map(|c| wording(&c.condition, &zones))
            .collect())
    }

    /// The other agencies' entries of the last year, newest first (at most 20).
    pub(crate) async fn other_agencies_entries(
        &self,
        tx: &mut Tx,
        cap: &concord_authz::Capability,
        person: PersonId,
        own_agency: AgencyId,
        names: &Names,
    ) -> Result<Vec<String>, AppError> {
        if !cap.sections().contains(Section::Chronology) {
            return Ok(vec![]);
        }
        let since = self.clock.today() - Duration::days(365);
        let mut rows: Vec<_> = concord_store::events(tx, cap, person)
            .await?
            .into_iter()
            .filter(|e| e.agency_id != own_agency && e.section == "chronology")
            .filter(|e| e.occurred_on >= since && e.occurred_on <= self.clock.today())
            .collect();
        rows.sort_by_key(|e| std::cmp::Reverse(e.occurred_on));
        Ok(rows
            .iter()
            .take(20)
            .map(|e| {
                format!(
                    "{}, {} ({}): {}",
                    names.agency(e.agency_id),
                    e.occurred_on.format("%-d %B %Y"),
                    e.event_type.replace('_', " "),
                    e.summary
                )
            })
            .collect())
    }

    /// The MAPPA A facts from the record as it stands.
    pub(crate) async fn referral_facts_now(
        &self,
        tx: &mut Tx,
        cap: &concord_authz::Capability,
        actor: &Actor,
        record: &PersonRecord,
        rosh: Option<(Rosh, DateTime<Utc>)>,
    ) -> Result<ReferralFacts, AppError> {
        let names = Names::load(tx, &[]).await?;
        let conditions = self.licence_in_force(tx, cap, record.id).await?;
        let others = self
            .other_agencies_entries(tx, cap, record.id, actor.agency_id, &names)
            .await?;
        let rosh = rosh.map(|(r, at)| {
            format!(
                "{} (RoSH review signed {})",
                r.label(),
                crate::london_date(at).format("%-d %B %Y")
            )
        });
        Ok(referral_facts(
            record,
            rosh,
            conditions,
            others,
            self.clock.today(),
        ))
    }

    /// A person's MAPPA page, audited as a consultation.
    pub async fn mappa_case(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<MappaCaseView, AppError> {
        self.run_page(actor, async |w| {
            let cap = w
                .person(Action::Read, person, Self::mappa_sections())
                .await?;
            if !cap.sections().contains(Section::Management) {
                return Err(AppError::NotFound);
            }
            let record = self.people().load_record(w.tx(), &cap, person, 0).await?;
            let rosh = self.signed_rosh(w.tx(), &cap, person).await?;
            let facts = self
                .referral_facts_now(w.tx(), &cap, actor, &record, rosh)
                .await?;
            let today = self.clock.today();
            let settings = &self.settings.mappa;
            let judgements = self.judgements(w.tx(), &cap, person).await?;
            let proposal = self.propose_mappa_category(&record, rosh.map(|r| r.0), &judgements);
            let records = concord_store::mappa_records_of(w.tx(), &cap, person).await?;
            let decisions = concord_store::mappa_decisions_of(w.tx(), &cap, person).await?;
            let referrals = concord_store::mappa_referrals_of(w.tx(), &cap, person).await?;
            let users: Vec<UserId> = records
                .iter()
                .map(|r| Some(r.confirmed_by))
                .chain(decisions.iter().map(|d| Some(d.decided_by)))
                .chain(
                    referrals
                        .iter()
                        .flat_map(|r| [Some(r.referred_by), r.screened_by]),
                )
                .flatten()
                .collect();
            let names = Names::load(w.tx(), &users).await?;
            let may_manage = actor.has(Permission::MappaManage);
            let may_refer = w
                .person(Action::Change, person, SectionSet::one(Section::Management))
                .await
                .is_ok();
            let notifying = record
                .sentences
                .iter()
                .any(|s| s.kind == concord_domain::SentenceKind::NotificationRequirement);
            let resource = w.resource(person).await?;
            let may_correct_notification = notifying
                && concord_authz::decide(
                    actor,
                    Action::Change,
                    &resource.sections(SectionSet::one(Section::Convictions)),
                )
                .allowed;
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                Some(person.0),
                "viewed the MAPPA record",
                Note::sections(cap.sections()),
            );
            let mut views = records
                .iter()
                .map(|r| record_view(r, &names, today, cap.sections()))
                .collect::<Result<Vec<_>, _>>()?;
            let current = views
                .iter()
                .position(|v| v.status.is_open())
                .map(|i| views.remove(i));
            let refer_by = facts
                .release_on
                .and_then(|r| super::facts::months_before(r, settings.review.late_referral_months));
            let (facts, _) = facts.as_read_by(cap.sections());
            let reads = cap.sections();
            let proposal = (reads.contains(Section::Convictions) && reads.contains(Section::Risk))
                .then_some(proposal);
            let withheld = Self::mappa_sections()
                .iter()
                .filter(|s| !reads.contains(*s))
                .map(|s| s.label().to_string())
                .collect();
            Ok(MappaCaseView {
                key_facts: crate::KeyFacts::read(w, person).await?,
                withheld,
                person_id: person,
                name: facts.name.clone(),
                area: settings.area.clone(),
                proposal_ends_on: match proposal.as_ref().and_then(|p| p.ends_on) {
                    Some(EndDate::On(d)) => Some(d),
                    _ => None,
                },
                proposal,
                current,
                past: views,
                decisions: decisions
                    .iter()
                    .map(|d| decision_view(d, &names, cap.sections()))
                    .collect(),
                referrals: referrals
                    .iter()
                    .map(|r| referral_view(r, &names, cap.sections()))
                    .collect::<Result<_, _>>()?,
                late_if_referred_today: refer_by.is_some_and(|d| today > d),
                refer_by,
                facts,
                criteria: LevelCriteria::all().to_vec(),
                may_refer,
                may_correct_notification,
                may_manage,
                rosh: rosh.map(|r| r.0),
            })
        })
        .await
    }
}

pub(crate) fn record_view(
    r: &MappaRecordRow,
    names: &Names,
    today: NaiveDate,
    reader: SectionSet,
) -> Result<MappaRecordView, AppError> {
    let reasons_readable = reader.contains(Section::Convictions);
    let category = r.category;
    let level: Level = r.level;
    Ok(MappaRecordView {
        id: r.id,
        area: r.area.clone(),
        category: category.label().to_string(),
        category_number: category.number(),
        category_reasons: if reasons_readable {
            r.category_reasons.lines().map(str::to_string).collect()
        } else {
            vec![]
        },
        category_reasons_withheld: !reasons_readable && !r.category_reasons.is_empty(),
        level: mappa_level_label(level),
        level_number: level.number(),
        lead_agency: names.agency(r.lead_agency_id),
        status: r.status,
        eligible_from: r.eligible_from,
        eligibility_ends_on: r.eligibility_ends_on,
        end_prompt_on: r.end_prompt_on,
        end_prompt_due: r.status == MappaStatus::Active
            && r.end_prompt_on.is_some_and(|d| today >= d),
        next_review: r
            .next_review_on
            .filter(|_| r.status == MappaStatus::Active)
            .map(|on| DueDate {
                on,
                overdue: today > on,
            }),
        critical_public_protection: r.critical_public_protection,
        ended_on: r.ended_on,
        end_reason: r.end_reason.clone(),
        confirmed_by: names.user(Some(r.confirmed_by)),
    })
}

fn decision_view(d: &MappaDecisionRow, names: &Names, reader: SectionSet) -> MappaDecisionView {
    MappaDecisionView {
        kind: d.kind,
        kind_label: d.kind.label().into(),
        level: d.level.map(mappa_level_label),
        // A level's rationale is a reading of the risk: the risk section's, whoever wrote it.
        rationale: if reader.contains(Section::Risk) {
            d.rationale.clone()
        } else {
            "Not shown to you: the rationale rests on the risk assessment, which your access does not include.".into()
        },
        critical_public_protection: d.critical_public_protection,
        decided_on: d.decided_on,
        decided_by: names.user(Some(d.decided_by)),
        next_review_on: d.next_review_on,
    }
}

pub(crate) fn referral_view(
    r: &MappaReferralRow,
    names: &Names,
    reader: SectionSet,
) -> Result<MappaReferralView, AppError> {
    let facts: ReferralFacts = serde_json::from_str(&r.facts)
        .map_err(|e| AppError::Internal(format!("a MAPPA referral's facts: {e}")))?;
    let (facts, mut withheld) = facts.as_read_by(reader);
    // The reasons for referral and the screening rationale are the referrer's and the
    // screener's reading of the risk: part of the risk section, whoever wrote them.
    let reasons_readable = reader.contains(Section::Risk);
    if !reasons_readable {
        let risk = Section::Risk.label().to_string();
        if !withheld.contains(&risk) {
            withheld.push(risk);
        }
    }
    Ok(MappaReferralView {
        id: r.id,
        level_requested: mappa_level_label(r.level_requested),
        reasons: if reasons_readable {
            r.reasons.clone()
        } else {
            String::new()
        },
        facts,
        referred_on: r.referred_on,
        release_on: r.release_on,
        late: r.late,
        timing: timing(r.referred_on, r.release_on),
        referred_by: names.user(Some(r.referred_by)),
        referring_agency: names.agency(r.referring_agency_id),
        status: r.status,
        screened_by: r.screened_by.map(|u| names.user(Some(u))),
        screened_on: r.screened_on,
        level_decided: r.level_decided.map(mappa_level_label),
        screening_rationale: r.screening_rationale.clone().filter(|_| reasons_readable),
        withheld,
    })
}

#[cfg(test)]
mod tests {
    use super::timing;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Calendar months, as the late-referral deadline counts them.
    #[test]
    fn a_referral_six_calendar_months_before_release_reads_six_months() {
        let release = Some(d(2026, 10, 1));
        assert_eq!(timing(d(2026, 4, 1), release), "6 months before release");
        assert_eq!(timing(d(2026, 3, 30), release), "6 months before release");
        assert_eq!(timing(d(2026, 4, 2), release), "5 months before release");
        assert_eq!(timing(d(2026, 10, 1), release), "On the day of release");
        assert_eq!(timing(d(2026, 9, 10), release), "3 weeks before release");
        assert_eq!(timing(d(2026, 12, 1), release), "2 months after release");
    }
}
