//! Proven reoffending by index disposal for a quarter's cohort, from the register: the
//! arithmetic is `concord_iom::reoffending` (the MoJ method); this file turns offences
//! and sentences into index events and proven offences, withholds lines about fewer
//! people than the small-number threshold, and puts the seed's figures beside the
//! measured ones as a sanity check, labelled as what they are.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use concord_authz::Actor;
use concord_domain::{Disposal, FieldError, SentenceKind, ValidationErrors};
use concord_iom::reoffending::{ready_on, COMMUNITY_PAYBACK};
use concord_iom::{
    proven_reoffending, quarter_label, quarter_of, IndexDisposal, IndexEvent, OffenderHistory,
    ProvenOffence, RateLine, ReoffendingConfig,
};
use concord_store::{CohortSentenceRow, ProvenOffenceRow};
use serde::Serialize;
use uuid::Uuid;

use crate::{AppError, Iom};

/// One line as the board sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReoffendingLine {
    /// `None` when the line is about fewer people than the threshold (but some).
    pub line: Option<RateLine>,
    pub label: String,
    pub withheld: bool,
    /// What the seed (Essex Probation, seed 001) gave for this disposal, if anything.
    pub seed_figure: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReoffendingFigures {
    pub area: String,
    pub cohort_start: NaiveDate,
    pub cohort_end: NaiveDate,
    pub cohort_label: String,
    pub measured_on: NaiveDate,
    pub config: ReoffendingConfig,
    pub threshold: u64,
    pub lines: Vec<ReoffendingLine>,
    /// The latest quarter that can be measured today.
    pub latest_measurable: NaiveDate,
}

fn seed_figure(label: &str) -> Option<&'static str> {
    match label {
        "Community order" => Some("just over 3 in 10 (community sentences)"),
        COMMUNITY_PAYBACK => Some("about 2 in 10"),
        "Custody under 12 months" => Some("nearly 6 in 10"),
        _ => None,
    }
}

impl Iom<'_> {
    /// The latest quarter whose follow-up and waiting period have elapsed today.
    pub fn latest_measurable_quarter(&self) -> NaiveDate {
        let config = ReoffendingConfig::default();
        let mut start = quarter_of(self.clock.today()).0;
        while ready_on(quarter_of(start).1, config) > self.clock.today() {
            match start.pred_opt() {
                Some(d) => start = quarter_of(d).0,
                None => break,
            }
        }
        start
    }

    /// The cohort of the calendar quarter holding `quarter` (the latest measurable one if
    /// `None`). A quarter not yet measurable is refused on the `quarter` field.
    pub async fn proven_reoffending(
        &self,
        actor: &Actor,
        quarter: Option<NaiveDate>,
    ) -> Result<ReoffendingFigures, AppError> {
        let latest = self.latest_measurable_quarter();
        let (start, end) = quarter_of(quarter.unwrap_or(latest));
        let config = ReoffendingConfig::default();
        let today = self.clock.today();
        self.read_aggregate(actor, async |tx, cap| {
            let (offences, sentences) =
                concord_store::reoffending_facts(tx, cap, start, end).await?;
            let report =
                proven_reoffending(&histories(&offences, &sentences), start, end, config, today)
                    .map_err(|e| {
                        AppError::Validation(ValidationErrors::from(FieldError::new(
                            "quarter",
                            "not_measurable",
                            format!(
                                "{}; the latest quarter that can be measured is {}",
                                not_measurable(&e),
                                quarter_label(latest)
                            ),
                        )))
                    })?;
            let threshold = self.settings.iom.small_number_threshold;
            let lines = report
                .lines
                .into_iter()
                .map(|l| {
                    let withheld = l.offenders > 0 && u64::from(l.offenders) < threshold;
                    ReoffendingLine {
                        label: l.label.clone(),
                        seed_figure: seed_figure(&l.label),
                        withheld,
                        line: (!withheld).then_some(l),
                    }
                })
                .collect();
            Ok(ReoffendingFigures {
                area: self.settings.mappa.area.clone(),
                cohort_start: start,
                cohort_end: end,
                cohort_label: quarter_label(start),
                measured_on: today,
                config,
                threshold,
                lines,
                latest_measurable: latest,
            })
        })
        .await
    }
}

/// Each person's index events and proven offences. A custodial disposal's index is the
/// release (the sentence whose start is the conviction day); its length is the sentence's
/// start to end (to be replaced by the term the court imposed, issue 26). A community
/// sentence is Community Payback when its recorded terms include unpaid work.
fn histories(
    offences: &[ProvenOffenceRow],
    sentences: &[CohortSentenceRow],
) -> Vec<OffenderHistory> {
    let mut people: BTreeMap<Uuid, OffenderHistory> = BTreeMap::new();
    for o in offences {
        let h = people.entry(o.person_id).or_default();
        h.proven.push(ProvenOffence {
            committed_on: o.offence_date,
            proven_on: o.conviction_date,
        });
        let Some(disposal) = o.disposal.as_deref().and_then(Disposal::from_code) else {
            continue;
        };
        let index = match disposal {
            // Custody: the index is the release, below.
            Disposal::ImmediateCustody => continue,
            Disposal::SuspendedSentence => IndexDisposal::SuspendedSentence,
            Disposal::CommunityOrder => IndexDisposal::CommunityOrder,
            Disposal::Caution => IndexDisposal::Caution,
            Disposal::Fine | Disposal::ConditionalDischarge | Disposal::AbsoluteDischarge => {
                IndexDisposal::FineOrDischarge
            }
            Disposal::HospitalOrder | Disposal::OtherDisposal => IndexDisposal::Other,
        };
        let unpaid_work = sentences.iter().any(|s| {
            s.person_id == o.person_id
                && s.start_date == o.conviction_date
                && s.description
                    .as_deref()
                    .is_some_and(|d| d.to_ascii_lowercase().contains("unpaid work"))
        });
        h.events.push(IndexEvent {
            on: o.conviction_date,
            disposal: index,
            unpaid_work,
        });
    }
    for s in sentences {
        let custodial = matches!(
            SentenceKind::from_code(&s.kind),
            Some(
                SentenceKind::Custody
                    | SentenceKind::ExtendedDeterminate
                    | SentenceKind::LifeOrIpp
                    | SentenceKind::DetentionAndTrainingOrder
            )
        );
        let Some(released) = s.release_date.filter(|_| custodial) else {
            continue;
        };
        // Twelve months or more as imposed, when the term is recorded (issue 26); else
        // the sentence's start to its end.
        let imposed = s
            .term
            .as_deref()
            .and_then(|t| concord_domain::Term::parse("term", t).ok());
        let long = match (imposed, s.end_date) {
            (Some(term), _) => term.at_least_months(12, s.start_date),
            (None, Some(end)) => (end - s.start_date).num_days() >= 365,
            (None, None) => true,
        } || SentenceKind::from_code(&s.kind) == Some(SentenceKind::LifeOrIpp);
        people
            .entry(s.person_id)
            .or_default()
            .events
            .push(IndexEvent {
                on: released,
                disposal: if long {
                    IndexDisposal::Custody12MonthsOrMore
                } else {
                    IndexDisposal::CustodyUnder12Months
                },
                unpaid_work: false,
            });
    }
    people.into_values().collect()
}

/// Why a cohort cannot be measured, with its dates as a reader writes them.
fn not_measurable(e: &concord_iom::ReoffendingError) -> String {
    match e {
        concord_iom::ReoffendingError::NotElapsed {
            cohort_end,
            ready_on,
        } => format!(
            "the follow-up and waiting period for a cohort ending {} have not elapsed: it can be measured from {}",
            concord_domain::format_date(*cohort_end),
            concord_domain::format_date(*ready_on)
        ),
        other => other.to_string(),
    }
}
