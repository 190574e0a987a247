//! The proposed cohort for a town: everyone living there scored on their offending
//! (recency, frequency, gravity, and intelligence for those on no order), those at or
//! above the threshold proposed with every point's reason, the adopted cohort with its
//! review dates, and those whose score has fallen proposed for exit.

use chrono::NaiveDate;
use concord_authz::{Action, Actor, ListScope, Resource, ResourceKind, Section, SectionSet};
use concord_domain::PersonId;
use concord_iom::{
    cohort_outcome, person_outcome, score, CohortOutcome, CohortScore, OffenceFact, PersonOutcome,
    Strand,
};
use concord_store::audit::AuditKind;
use concord_store::{CohortDecisionRow, OffendingPerson};
use serde::Serialize;

use crate::access::Note;
use crate::kernel::Work;
use crate::person::Names;
use crate::{AppError, Iom};

/// Where a person stands with the cohort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CohortStatus {
    /// Scores at or above the threshold; no decision yet (or deselected since).
    Proposed,
    /// Scores above the threshold, but the panel rejected them (shown with the reason).
    Rejected,
    /// In the cohort.
    Adopted,
    /// In the cohort, and the score has fallen below the exit threshold.
    ExitProposed,
}

/// One decision, as the pages show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortDecisionView {
    pub decision: String,
    pub strand: Option<Strand>,
    pub rationale: String,
    pub review_on: Option<NaiveDate>,
    pub decided_by: String,
    pub decided_on: NaiveDate,
    pub score_then: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortLine {
    pub person_id: PersonId,
    pub name: String,
    pub date_of_birth: NaiveDate,
    pub town: String,
    pub on_order: bool,
    pub score: CohortScore,
    pub status: CohortStatus,
    /// Newest last.
    pub decisions: Vec<CohortDecisionView>,
    pub review_overdue: bool,
    /// Offending before and after the latest adoption, or why not yet (the window has
    /// not elapsed, or an offence has no unit cost); `None` if never adopted.
    pub outcome: Option<Result<PersonOutcome, String>>,
    /// The latest adoption's day, if ever adopted.
    pub adopted_on: Option<NaiveDate>,
    /// Offences committed per calendar quarter, from three years before the latest
    /// adoption (or before today) to today: (quarter's first day, offences).
    pub offending_by_quarter: Vec<(NaiveDate, u32)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortPage {
    pub town: String,
    /// Everyone adopted whose window has elapsed, together; and how many are not yet.
    pub outcome: CohortOutcome,
    pub outcomes_pending: usize,
    pub window_days: u64,
    pub costs_version: String,
    pub proposed: Vec<CohortLine>,
    pub cohort: Vec<CohortLine>,
    /// People who could not be scored, and why (an offence with no harm weight).
    pub not_scored: Vec<(String, String)>,
    pub threshold: f64,
    pub exit_threshold: f64,
    pub config_version: String,
    pub weights_version: String,
}

fn view(d: &CohortDecisionRow, names: &Names) -> CohortDecisionView {
    CohortDecisionView {
        decision: d.decision.clone(),
        strand: d.strand.as_deref().and_then(Strand::from_code),
        rationale: d.rationale.clone(),
        review_on: d.review_on,
        decided_by: names.user(Some(d.decided_by)),
        decided_on: crate::london_date(d.decided_at),
        score_then: d.score.get("total").and_then(serde_json::Value::as_f64),
    }
}

/// Offences as the IOM arithmetic takes them: the date and the offence group (a code not
/// in the catalogue keeps its code, so it is named wherever it cannot be weighed).
pub(crate) fn offence_facts(offences: &[(String, NaiveDate)]) -> Vec<OffenceFact> {
    offences
        .iter()
        .map(|(code, on)| OffenceFact {
            on: *on,
            group: concord_domain::OffenceCode::parse(code).map_or_else(
                |_| format!("an offence code not in the catalogue ({code})"),
                |c| c.info().category.to_string(),
            ),
        })
        .collect()
}

impl Iom<'_> {
    /// Score one person as the panel sees them now.
    pub(crate) fn score_of(&self, p: &OffendingPerson) -> Result<CohortScore, String> {
        let facts = Self::facts(p);
        let s = &self.settings.iom;
        score(
            &s.selection,
            &s.harm_weights,
            &facts,
            p.on_order,
            p.intelligence.unwrap_or(0),
            self.clock.today(),
        )
        .map_err(|e| e.to_string())
    }

    fn facts(p: &OffendingPerson) -> Vec<OffenceFact> {
        offence_facts(&p.offences)
    }

    /// The line for one scored person, with their decisions.
    pub(crate) fn line(
        &self,
        p: &OffendingPerson,
        score: CohortScore,
        decisions: &[CohortDecisionRow],
        names: &Names,
    ) -> CohortLine {
        let config = &self.settings.iom.selection;
        let latest = decisions.last();
        let status = match latest.map(|d| d.decision.as_str()) {
            Some("adopt") if score.exit_proposed(config) => CohortStatus::ExitProposed,
            Some("adopt") => CohortStatus::Adopted,
            Some("reject") => CohortStatus::Rejected,
            _ => CohortStatus::Proposed,
        };
        let today = self.clock.today();
        let facts = Self::facts(p);
        let iom = &self.settings.iom;
        let outcome = decisions
            .iter()
            .rev()
            .find(|d| d.decision == "adopt")
            .map(|d| {
                person_outcome(
                    &facts,
                    crate::london_date(d.decided_at),
                    iom.outcome_window_days,
                    today,
                    &iom.unit_costs,
                )
                .map_err(|e| e.to_string())
            });
        let adopted_on = decisions
            .iter()
            .rev()
            .find(|d| d.decision == "adopt")
            .map(|d| crate::london_date(d.decided_at));
        let since = adopted_on
            .unwrap_or(today)
            .checked_sub_months(chrono::Months::new(36))
            .unwrap_or(today);
        let dates: Vec<NaiveDate> = p.offences.iter().map(|(_, on)| *on).collect();
        CohortLine {
            outcome,
            adopted_on,
            offending_by_quarter: concord_iom::count_by_quarter(&dates, since, today)
                .into_iter()
                .map(|((start, _), n)| (start, n))
                .collect(),
            person_id: p.id,
            name: concord_domain::display_name(
                &p.given_name,
                p.middle_names.as_deref(),
                &p.family_name,
            ),
            date_of_birth: p.date_of_birth,
            town: p.town.clone(),
            on_order: p.on_order,
            status,
            review_overdue: matches!(status, CohortStatus::Adopted | CohortStatus::ExitProposed)
                && latest.and_then(|d| d.review_on).is_some_and(|r| r < today),
            decisions: decisions.iter().map(|d| view(d, names)).collect(),
            score,
        }
    }

    pub async fn cohort(&self, actor: &Actor, town: &str) -> Result<CohortPage, AppError> {
        self.run(actor, async |w| self.cohort_in(w, town).await)
            .await
    }

    async fn cohort_in(&self, w: &mut Work<'_>, town: &str) -> Result<CohortPage, AppError> {
        let cohort_cap = w.decide(
            Action::Read,
            &Resource::other(ResourceKind::IomCohort, None),
        )?;
        let list = w.decide(Action::Read, &Resource::list(ListScope::Offending))?;
        let today = self.clock.today();
        let people =
            concord_store::offending_people(w.tx(), &list, Some(town), None, today).await?;
        let decisions =
            concord_store::cohort_decisions(w.tx(), &cohort_cap, Some(town), None).await?;
        let users: Vec<_> = decisions.iter().map(|d| d.decided_by).collect();
        let names = Names::load(w.tx(), &users).await?;
        let config = &self.settings.iom.selection;
        let (mut proposed, mut cohort, mut not_scored) = (vec![], vec![], vec![]);
        // Outcomes of everyone adopted, in the cohort or since deselected.
        let (mut adopted_outcomes, mut outcomes_pending) = (vec![], 0);
        for p in &people {
            let theirs: Vec<CohortDecisionRow> = decisions
                .iter()
                .filter(|d| d.person_id == p.id)
                .cloned()
                .collect();
            match self.score_of(p) {
                // Not weighed by a guess: named, with what is missing.
                Err(why) => not_scored.push((
                    concord_domain::display_name(
                        &p.given_name,
                        p.middle_names.as_deref(),
                        &p.family_name,
                    ),
                    why,
                )),
                Ok(s) => {
                    let line = self.line(p, s, &theirs, &names);
                    match &line.outcome {
                        Some(Ok(o)) => adopted_outcomes.push(o.clone()),
                        Some(Err(_)) => outcomes_pending += 1,
                        None => {}
                    }
                    match line.status {
                        CohortStatus::Adopted | CohortStatus::ExitProposed => cohort.push(line),
                        _ if line.score.proposed(config) => proposed.push(line),
                        _ => {}
                    }
                }
            }
        }
        let by_score = |a: &CohortLine, b: &CohortLine| b.score.total.total_cmp(&a.score.total);
        proposed.sort_by(by_score);
        cohort.sort_by(by_score);
        let shown: Vec<uuid::Uuid> = proposed
            .iter()
            .chain(&cohort)
            .map(|l| l.person_id.0)
            .collect();
        if !shown.is_empty() || !not_scored.is_empty() {
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                None,
                &format!("viewed the proposed IOM cohort for {town}"),
                Note {
                    sections: Some(SectionSet::of(&[Section::Identity, Section::Convictions])),
                    detail: Some(serde_json::json!({"town": town, "persons": shown})),
                    ..Note::default()
                },
            );
        }
        Ok(CohortPage {
            town: town.to_string(),
            outcome: cohort_outcome(&adopted_outcomes),
            outcomes_pending,
            window_days: self.settings.iom.outcome_window_days,
            costs_version: self.settings.iom.unit_costs.version.clone(),
            proposed,
            cohort,
            not_scored,
            threshold: config.proposal_threshold,
            exit_threshold: config.exit_threshold,
            config_version: config.version.clone(),
            weights_version: self.settings.iom.harm_weights.version.clone(),
        })
    }
}
