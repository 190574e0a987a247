//! Which probation organisation manages a case of a given risk, and when a signed review
//! means responsibility should move.
//!
//! Under Transforming Rehabilitation (2014–2021) the National Probation Service managed
//! every case of high or very high risk of serious harm and every MAPPA case, and the
//! Community Rehabilitation Companies the rest; a CRC had to refer a case whose risk may
//! have risen to high "without delay" (PI 57/2014, PSI 41/2014; `domain/rules.md`).
//! Seed 001 asks how a person "will move between different organisations if risk
//! escalates or becomes less". Since 2021 one Probation Service manages everyone, so the
//! remit is configured per agency: a deployment with one organisation sets none and no
//! transfer is ever proposed.

use serde::{Deserialize, Serialize};

use crate::rosh::RoshLevel;

/// The cases a probation organisation manages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProbationRemit {
    /// High and very high risk of serious harm, and MAPPA cases (the National Probation
    /// Service).
    HighRisk,
    /// Low and medium risk cases not managed under MAPPA (a Community Rehabilitation
    /// Company).
    Community,
}

impl ProbationRemit {
    pub const ALL: [Self; 2] = [Self::HighRisk, Self::Community];

    pub fn code(self) -> &'static str {
        match self {
            Self::HighRisk => "high_risk",
            Self::Community => "community",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// What the organisation manages, as the pages say it.
    pub fn label(self) -> &'static str {
        match self {
            Self::HighRisk => "high and very high risk of serious harm, and MAPPA cases",
            Self::Community => "low and medium risk of serious harm",
        }
    }

    /// The remit a case belongs to: high risk or managed under MAPPA goes to the
    /// organisation that manages high risk.
    pub fn for_case(overall: RoshLevel, mappa_managed: bool) -> Self {
        if overall >= RoshLevel::High || mappa_managed {
            Self::HighRisk
        } else {
            Self::Community
        }
    }
}

/// Whether a signed review proposes moving the case, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TransferProposal {
    /// The remit of the organisation that should take the case.
    pub to: ProbationRemit,
    pub reason: String,
}

/// What a signed review means for responsibility. `owner` is the remit of the
/// organisation holding the case (`None`: it manages every case, so nothing moves).
///
/// A rise to high goes to the high-risk organisation whenever the case is not already
/// there. A case goes back only when a review *falls* from high (the earlier review was
/// high or very high, this one is not) and the case is not managed under MAPPA: a case
/// that has always been medium at the high-risk organisation stays where the court or an
/// earlier decision put it, and a proposal is never made twice for one fall.
pub fn transfer_on_review(
    owner: Option<ProbationRemit>,
    previous: Option<RoshLevel>,
    overall: RoshLevel,
    mappa_managed: bool,
) -> Option<TransferProposal> {
    let owner = owner?;
    let needed = ProbationRemit::for_case(overall, mappa_managed);
    if needed == owner {
        return None;
    }
    match needed {
        ProbationRemit::HighRisk => Some(TransferProposal {
            to: needed,
            reason: if overall >= RoshLevel::High {
                format!(
                    "Risk of serious harm is {}{}: high risk cases are managed by the organisation for {}",
                    overall.label().to_lowercase(),
                    previous
                        .map(|p| format!(" (was {})", p.label().to_lowercase()))
                        .unwrap_or_default(),
                    ProbationRemit::HighRisk.label()
                )
            } else {
                format!(
                    "The case is managed under MAPPA: MAPPA cases are managed by the organisation for {}",
                    ProbationRemit::HighRisk.label()
                )
            },
        }),
        ProbationRemit::Community => {
            let fell = previous.is_some_and(|p| p >= RoshLevel::High);
            fell.then(|| TransferProposal {
                to: needed,
                reason: format!(
                    "Risk of serious harm fell to {} from {}, and the case is not managed under MAPPA",
                    overall.label().to_lowercase(),
                    previous.map_or("", |p| p.label()).to_lowercase()
                ),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ProbationRemit::*;
    use RoshLevel::*;

    #[test]
    fn a_rise_to_high_at_a_community_organisation_goes_to_the_high_risk_one() {
        let p = transfer_on_review(Some(Community), Some(Medium), High, false).unwrap();
        assert_eq!(p.to, HighRisk);
        assert!(p.reason.contains("high (was medium)"), "{}", p.reason);
    }

    #[test]
    fn a_fall_from_high_goes_back_unless_the_case_is_managed_under_mappa() {
        let p = transfer_on_review(Some(HighRisk), Some(VeryHigh), Medium, false).unwrap();
        assert_eq!(p.to, Community);
        assert!(p.reason.contains("fell to medium from very high"));
        assert_eq!(
            transfer_on_review(Some(HighRisk), Some(High), Low, true),
            None
        );
    }

    #[test]
    fn a_medium_case_that_was_never_high_stays_where_it_is() {
        assert_eq!(
            transfer_on_review(Some(HighRisk), Some(Medium), Low, false),
            None
        );
        assert_eq!(
            transfer_on_review(Some(HighRisk), None, Medium, false),
            None
        );
    }

    #[test]
    fn one_organisation_for_every_case_moves_nothing() {
        for level in RoshLevel::ALL {
            assert_eq!(transfer_on_review(None, Some(High), level, false), None);
        }
    }

    #[test]
    fn a_mappa_case_at_a_community_organisation_goes_to_the_high_risk_one() {
        let p = transfer_on_review(Some(Community), Some(Low), Medium, true).unwrap();
        assert_eq!(p.to, HighRisk);
        assert!(p.reason.contains("MAPPA"));
    }

    fn level() -> impl Strategy<Value = RoshLevel> {
        prop::sample::select(RoshLevel::ALL.to_vec())
    }

    proptest! {
        /// A proposal always moves the case to the other organisation, and to the one
        /// whose remit the case now belongs to: high risk never goes to the community
        /// organisation, and nothing is proposed to where the case already is.
        #[test]
        fn a_proposal_moves_the_case_to_the_remit_it_belongs_to(
            owner in prop::sample::select(ProbationRemit::ALL.to_vec()),
            previous in prop::option::of(level()),
            overall in level(),
            mappa in any::<bool>(),
        ) {
            if let Some(p) = transfer_on_review(Some(owner), previous, overall, mappa) {
                prop_assert_ne!(p.to, owner);
                prop_assert_eq!(p.to, ProbationRemit::for_case(overall, mappa));
                prop_assert!(!p.reason.is_empty());
            }
            if overall >= High && owner == Community {
                prop_assert!(transfer_on_review(Some(owner), previous, overall, mappa).is_some());
            }
        }
    }
}
