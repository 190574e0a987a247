//! The cohort's outcomes as the board sees them: by strand and for everyone adopted,
//! offending in equal windows before and after adoption with its rate ratio and 95%
//! interval — counts only, never a name, and a strand of fewer people than the
//! small-number threshold withheld.

use concord_authz::Actor;
use concord_iom::{cohort_outcome, person_outcome, CohortOutcome, Strand};
use serde::Serialize;

use super::cohort::offence_facts;
use crate::{AppError, Iom};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StrandOutcome {
    pub label: String,
    /// People whose window has elapsed; `None` when withheld.
    pub outcome: Option<CohortOutcome>,
    /// Adopted too recently for their window to have elapsed, or with an offence that has
    /// no unit cost (not counted rather than costed by a guess).
    pub pending: usize,
    pub withheld: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoardCohortOutcomes {
    pub window_days: u64,
    pub costs_version: String,
    pub threshold: u64,
    pub strands: Vec<StrandOutcome>,
}

impl Iom<'_> {
    pub async fn board_cohort_outcomes(
        &self,
        actor: &Actor,
    ) -> Result<BoardCohortOutcomes, AppError> {
        let iom = &self.settings.iom;
        let today = self.clock.today();
        self.read_aggregate(actor, async |tx, cap| {
            let adopted = concord_store::adopted_offending(tx, cap).await?;
            let mut by_strand: Vec<(Option<Strand>, Vec<_>, usize)> = vec![
                (Some(Strand::Fixed), vec![], 0),
                (Some(Strand::Flex), vec![], 0),
                (Some(Strand::Free), vec![], 0),
                (None, vec![], 0),
            ];
            for a in &adopted {
                let facts = offence_facts(&a.offences);
                let outcome = person_outcome(
                    &facts,
                    crate::london_date(a.adopted_at),
                    iom.outcome_window_days,
                    today,
                    &iom.unit_costs,
                );
                let strand = a.strand.as_deref().and_then(Strand::from_code);
                for (s, outcomes, pending) in &mut by_strand {
                    if s.is_none() || *s == strand {
                        match &outcome {
                            Ok(o) => outcomes.push(o.clone()),
                            Err(_) => *pending += 1,
                        }
                    }
                }
            }
            let threshold = iom.small_number_threshold;
            let strands = by_strand
                .into_iter()
                .map(|(s, outcomes, pending)| {
                    let withheld = !outcomes.is_empty() && (outcomes.len() as u64) < threshold;
                    StrandOutcome {
                        label: s.map_or("Everyone adopted".into(), |s| s.label().to_string()),
                        outcome: (!withheld).then(|| cohort_outcome(&outcomes)),
                        pending,
                        withheld,
                    }
                })
                .collect();
            Ok(BoardCohortOutcomes {
                window_days: iom.outcome_window_days,
                costs_version: iom.unit_costs.version.clone(),
                threshold,
                strands,
            })
        })
        .await
    }
}
