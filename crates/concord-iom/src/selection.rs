//! The cohort score: recency, frequency and gravity of offending (the "RFG" matrices
//! forces use; the national scoring matrix was not retrievable, so the bands here are
//! Concord's, versioned and configurable, and every point carries its reason), plus
//! intelligence for people on no order — "a third with no order but intelligence placing
//! them on the edge of crime" (seed 004). A person at or above the threshold is proposed
//! to the IOM panel; an adopted person whose score falls below the (lower) exit threshold
//! is proposed for exit, so a score near the line does not flap in and out.
//!
//! The strand follows the 2020 Neighbourhood Crime IOM Strategy (`domain/rules.md` §4):
//! **fixed** when neighbourhood crime (burglary, robbery, vehicle crime) is most of the
//! window's offending, **flex** otherwise; **free** is the panel's local discretion and is
//! never proposed by the score.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::harm::{HarmError, HarmWeights};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Strand {
    Fixed,
    Flex,
    Free,
}

impl Strand {
    pub const ALL: [Self; 3] = [Self::Fixed, Self::Flex, Self::Free];

    pub fn code(self) -> &'static str {
        match self {
            Self::Fixed => "fixed",
            Self::Flex => "flex",
            Self::Free => "free",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Fixed => "Fixed: neighbourhood crime",
            Self::Flex => "Flex: a locally chosen priority",
            Self::Free => "Free: local discretion",
        }
    }
}

/// One offence as the score sees it: when, and its offence group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffenceFact {
    pub on: NaiveDate,
    pub group: String,
}

/// The score's configuration. A deployment sets it in its configuration file
/// (`[iom_selection]`); any field left out keeps the built-in value, and a field not
/// known is refused, so a misspelling does not silently change nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SelectionConfig {
    pub version: String,
    /// Offending counted for frequency and gravity: the last this many months.
    pub window_months: u32,
    /// Recency: points if the latest offence is within each number of months (first match).
    pub recency_bands: Vec<(u32, f64)>,
    pub points_per_offence: f64,
    pub frequency_cap: f64,
    /// Gravity: one point per this many harm-days in the window. Capped low: IOM is for
    /// the prolific, so one grave offence alone (a robbery: 4 points) does not make a
    /// proposal; frequency does.
    pub harm_days_per_point: f64,
    pub gravity_cap: f64,
    /// Points per current intelligence report, for a person on no order.
    pub points_per_intelligence: f64,
    pub intelligence_cap: f64,
    pub proposal_threshold: f64,
    pub exit_threshold: f64,
    /// Offence groups that are neighbourhood crime (the fixed strand).
    pub neighbourhood_groups: Vec<String>,
}

impl Default for SelectionConfig {
    fn default() -> Self {
        Self::default_config()
    }
}

impl SelectionConfig {
    /// The built-in configuration, version `rfg-1`.
    pub fn default_config() -> Self {
        SelectionConfig {
            version: "rfg-1".into(),
            window_months: 36,
            recency_bands: vec![(3, 5.0), (6, 4.0), (12, 3.0), (24, 1.0)],
            points_per_offence: 1.0,
            frequency_cap: 10.0,
            harm_days_per_point: 365.0,
            gravity_cap: 4.0,
            points_per_intelligence: 2.0,
            intelligence_cap: 6.0,
            proposal_threshold: 11.0,
            exit_threshold: 6.0,
            neighbourhood_groups: [
                "Burglary (domestic)",
                "Robbery",
                "Theft from vehicles",
                "Taking & driving away and related offences",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
        }
    }

    /// Every problem with the configuration, each naming its setting.
    pub fn problems(&self) -> Vec<String> {
        let mut out = vec![];
        if self.window_months == 0 {
            out.push("window_months: must be at least 1".to_string());
        }
        if self.recency_bands.is_empty() || self.recency_bands.windows(2).any(|w| w[1].0 <= w[0].0)
        {
            out.push("recency_bands: months must rise from one band to the next".into());
        }
        for (name, v) in [
            ("points_per_offence", self.points_per_offence),
            ("frequency_cap", self.frequency_cap),
            ("harm_days_per_point", self.harm_days_per_point),
            ("gravity_cap", self.gravity_cap),
            ("points_per_intelligence", self.points_per_intelligence),
            ("intelligence_cap", self.intelligence_cap),
        ] {
            if !(v.is_finite() && v > 0.0) {
                out.push(format!("{name}: must be more than 0"));
            }
        }
        if self.exit_threshold.partial_cmp(&self.proposal_threshold)
            != Some(std::cmp::Ordering::Less)
        {
            out.push("exit_threshold: must be below proposal_threshold".into());
        }
        out
    }
}

/// One part of the score and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    pub name: &'static str,
    pub points: f64,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortScore {
    pub total: f64,
    pub parts: Vec<Part>,
    pub strand: Strand,
    pub offences_in_window: usize,
    pub harm_in_window: f64,
    pub last_offence: Option<NaiveDate>,
    pub config_version: String,
    pub weights_version: String,
}

impl CohortScore {
    pub fn proposed(&self, config: &SelectionConfig) -> bool {
        self.total >= config.proposal_threshold
    }

    /// For someone already adopted: has the score fallen far enough to propose exit?
    pub fn exit_proposed(&self, config: &SelectionConfig) -> bool {
        self.total < config.exit_threshold
    }
}

fn months_before(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

/// Score one person on `today`. Offences after `today` are not yet known and ignored.
/// Refused, naming the groups, if an offence in the window has no harm weight.
pub fn score(
    config: &SelectionConfig,
    weights: &HarmWeights,
    offences: &[OffenceFact],
    on_order: bool,
    intelligence_reports: u32,
    today: NaiveDate,
) -> Result<CohortScore, HarmError> {
    let known: Vec<&OffenceFact> = offences.iter().filter(|o| o.on <= today).collect();
    let start = months_before(today, config.window_months);
    let window: Vec<&OffenceFact> = known.iter().copied().filter(|o| o.on > start).collect();
    let harm = weights.total(window.iter().map(|o| o.group.as_str()))?;
    let last = known.iter().map(|o| o.on).max();
    let mut parts = vec![];
    let recency = last.and_then(|l| {
        config
            .recency_bands
            .iter()
            .find(|(m, _)| l > months_before(today, *m))
            .map(|(m, p)| (*m, *p))
    });
    parts.push(Part {
        name: "recency",
        points: recency.map_or(0.0, |r| r.1),
        reason: match (last, recency) {
            (Some(l), Some((m, _))) => format!("last offence {l}, within {m} months"),
            (Some(l), None) => format!("last offence {l}, longer ago than any band"),
            (None, _) => "no offence recorded".into(),
        },
    });
    let n = window.len();
    parts.push(Part {
        name: "frequency",
        points: (n as f64 * config.points_per_offence).min(config.frequency_cap),
        reason: format!("{n} offence(s) in the last {} months", config.window_months),
    });
    parts.push(Part {
        name: "gravity",
        points: (harm / config.harm_days_per_point).min(config.gravity_cap),
        reason: format!(
            "{harm:.0} harm-days in the window ({} per point, weights {})",
            config.harm_days_per_point, weights.version
        ),
    });
    let intelligence = if on_order { 0 } else { intelligence_reports };
    parts.push(Part {
        name: "intelligence",
        points: (f64::from(intelligence) * config.points_per_intelligence)
            .min(config.intelligence_cap),
        reason: if on_order {
            "on an order: intelligence does not add to the score".into()
        } else {
            format!("{intelligence_reports} current intelligence report(s), on no order")
        },
    });
    let neighbourhood = window
        .iter()
        .filter(|o| config.neighbourhood_groups.contains(&o.group))
        .count();
    let strand = if n > 0 && neighbourhood * 2 >= n {
        Strand::Fixed
    } else {
        Strand::Flex
    };
    Ok(CohortScore {
        total: parts.iter().map(|p| p.points).sum(),
        parts,
        strand,
        offences_in_window: n,
        harm_in_window: harm,
        last_offence: last,
        config_version: config.version.clone(),
        weights_version: weights.version.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn o(on: NaiveDate, group: &str) -> OffenceFact {
        OffenceFact {
            on,
            group: group.into(),
        }
    }

    #[test]
    fn a_prolific_burglar_is_proposed_for_the_fixed_strand_with_reasons() {
        let c = SelectionConfig::default_config();
        let today = ymd(2026, 12, 1);
        let offences = vec![
            o(ymd(2026, 10, 20), "Burglary (domestic)"),
            o(ymd(2026, 10, 1), "Theft (non-motor)"),
            o(ymd(2026, 2, 1), "Burglary (domestic)"),
            o(ymd(2025, 5, 1), "Burglary (domestic)"),
            o(ymd(2010, 1, 1), "Robbery"),
        ];
        let s = score(&c, &HarmWeights::default_table(), &offences, true, 3, today).unwrap();
        assert_eq!(s.strand, Strand::Fixed);
        assert_eq!(s.offences_in_window, 4);
        assert_eq!(s.parts[0].points, 5.0, "{}", s.parts[0].reason);
        assert_eq!(s.parts[1].points, 4.0);
        assert!((s.parts[2].points - 1102.0 / 365.0).abs() < 1e-9);
        assert_eq!(s.parts[3].points, 0.0, "on an order");
        assert!(s.proposed(&c));
        assert!(s.parts.iter().all(|p| !p.reason.is_empty()));
    }

    #[test]
    fn intelligence_counts_only_for_those_on_no_order_and_old_offending_fades() {
        let c = SelectionConfig::default_config();
        let today = ymd(2026, 12, 1);
        let old = vec![o(ymd(2020, 1, 1), "Robbery")];
        let w = HarmWeights::default_table();
        let s = score(&c, &w, &old, false, 2, today).unwrap();
        assert_eq!(s.total, 4.0);
        assert_eq!(s.strand, Strand::Flex);
        assert!(!s.proposed(&c) && s.exit_proposed(&c));
    }

    #[test]
    fn an_offence_that_cannot_be_weighed_is_named() {
        let c = SelectionConfig::default_config();
        let e = score(
            &c,
            &HarmWeights::default_table(),
            &[o(ymd(2026, 11, 1), "Missing description")],
            true,
            0,
            ymd(2026, 12, 1),
        )
        .unwrap_err();
        assert!(e.to_string().contains("Missing description"));
    }

    #[test]
    fn the_default_configuration_is_sound_and_problems_are_named() {
        assert!(SelectionConfig::default_config().problems().is_empty());
        let mut bad = SelectionConfig::default_config();
        bad.exit_threshold = 20.0;
        bad.recency_bands = vec![(6, 1.0), (3, 2.0)];
        let p = bad.problems();
        assert!(p.iter().any(|x| x.starts_with("exit_threshold")));
        assert!(p.iter().any(|x| x.starts_with("recency_bands")));
    }

    fn group() -> impl Strategy<Value = String> {
        prop::sample::select(crate::OFFENCE_GROUPS.to_vec()).prop_map(String::from)
    }

    proptest! {
        /// Another offence never lowers the score, and the score is never above the sum
        /// of the caps and the top recency band.
        #[test]
        fn more_offending_never_scores_less(
            days in prop::collection::vec((0i64..3000, group()), 0..30),
            extra in (0i64..3000, group()),
            on_order in any::<bool>(),
            intel in 0u32..5,
        ) {
            let c = SelectionConfig::default_config();
            let w = HarmWeights::default_table();
            let today = ymd(2026, 12, 1);
            let mut offences: Vec<OffenceFact> = days.iter().map(|(d, g)| o(today - chrono::Days::new(*d as u64), g)).collect();
            let before = score(&c, &w, &offences, on_order, intel, today).unwrap();
            offences.push(o(today - chrono::Days::new(extra.0 as u64), &extra.1));
            let after = score(&c, &w, &offences, on_order, intel, today).unwrap();
            prop_assert!(after.total >= before.total - 1e-9);
            let max = 5.0 + c.frequency_cap + c.gravity_cap + c.intelligence_cap;
            prop_assert!(after.total <= max + 1e-9);
        }
    }
}
