//! The current single-letter tier, A (highest) to G, of hmpps-tier V3
//! (hmpps-services.md §2.2): the highest tier any step produces.
//!
//! Behaviour is hmpps-tier's (its `TierCalculator` and `ProvisionalStatusCalculator`):
//! - `has_active_event: false` is `NOT_SUPERVISED`, and then a missing ARP or CSRP is
//!   `MISSING`, before any other input is looked at (an inactive case with a bad DC-SRP is
//!   still simply not supervised).
//! - Every step feeds the tier, the reoffending table included even when ARP or CSRP is
//!   static: being static only makes the result provisional.
//! - DC-SRP counts only when it has a score above 0 and a band other than
//!   `NOT_APPLICABLE`; otherwise the step gives nothing. `MEDIUM` follows the published rule
//!   order: ≥ 3.36 → C, ≥ 2.11 → D, ≥ 1.12 → C (a risk-reduced case), ≥ 0.60 → D; a MEDIUM
//!   score between 0 and 0.60 makes the service fail, and here is a 422 naming the score.
//! - ARP and CSRP above 100 land in the top column and row (the service has no range
//!   check); a negative one has no column or row (the service fails): a 422 here.
//! - Lifer/IPP without `latest_release_date` gives nothing (no error). "Released within 1
//!   year" is a release on or after the date one year before today (a future release date
//!   counts as within the year); within 5 years likewise.
//! - Provisional (static): when ARP or CSRP is `STATIC`, unless the other steps already
//!   reach the best tier the table could still give with the static score at its highest
//!   (both static: A; only ARP: the ≥ 90 column of the CSRP row; only CSRP: the ≥ 6.9 row of
//!   the ARP column).
//! - Provisional (RoSH missing): unless the steps other than MAPPA × RoSH — the table only
//!   when both ARP and CSRP are `DYNAMIC` (an absent type is not dynamic) — reach A with
//!   MAPPA, or C without.
//! - `latest_release_date` takes every form the service's date reader takes
//!   ([`crate::lenient::date`]).

use std::fmt;

use chrono::{Months, NaiveDate};
use serde::de::value::MapAccessDeserializer;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::TierInputError;
use crate::rosh::RoshLevel;

/// Whether a predictor used only static items or all dynamic ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PredictorType {
    Static,
    Dynamic,
}

/// DC-SRP band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DcSrpBand {
    NotApplicable,
    Low,
    Medium,
    High,
    VeryHigh,
}

/// The direct-contact sexual reoffending predictor's result. Either part may be null, as
/// ARNS returns it for people it does not apply to; such a DC-SRP is not counted.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DcSrp {
    #[serde(default)]
    pub score: Option<f64>,
    #[serde(default)]
    pub band: Option<DcSrpBand>,
}

/// The request of `POST /api/v1/tier`. Absent booleans read as false, except
/// `has_active_event`, which must be given.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
// As for the risk-score request: inherent derives, trait impls that refuse non-objects.
#[serde(remote = "Self", default)]
pub struct TierRequest {
    pub has_active_event: Option<bool>,
    /// All Reoffending Predictor, percent.
    pub arp: Option<f64>,
    /// Combined Serious Reoffending Predictor, percent.
    pub csrp: Option<f64>,
    pub arp_type: Option<PredictorType>,
    pub csrp_type: Option<PredictorType>,
    pub dc_srp: Option<DcSrp>,
    pub has_mappa: Option<bool>,
    pub rosh: Option<RoshLevel>,
    pub has_lifer_ipp: Option<bool>,
    #[serde(deserialize_with = "crate::lenient::date")]
    pub latest_release_date: Option<NaiveDate>,
    pub has_domestic_abuse: Option<bool>,
    pub has_stalking: Option<bool>,
    pub has_child_protection: Option<bool>,
    pub ever_committed_sexual_offence: Option<bool>,
}

impl Serialize for TierRequest {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        TierRequest::serialize(self, s)
    }
}

impl<'de> Deserialize<'de> for TierRequest {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Object;
        impl<'de> Visitor<'de> for Object {
            type Value = TierRequest;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                TierRequest::deserialize(MapAccessDeserializer::new(map))
            }
        }
        d.deserialize_map(Object)
    }
}

/// A tier, A the highest. Ordered so that `A < B`: the highest tier is the minimum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Tier {
    A,
    B,
    C,
    D,
    E,
    F,
    G,
    NotSupervised,
    Missing,
}

/// The answer: `{tier, provisional, reasons}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TierResult {
    pub tier: Tier,
    pub provisional: bool,
    /// One line per step that produced a tier, and why the result is provisional.
    pub reasons: Vec<String>,
}

/// Cut-points of the reoffending table: ARP columns and CSRP rows, highest first.
const ARP_COLUMNS: [f64; 6] = [90.0, 75.0, 50.0, 25.0, 15.0, 0.0];
const CSRP_ROWS: [f64; 5] = [6.9, 3.0, 1.0, 0.5, 0.0];
const TABLE: [[Tier; 6]; 5] = {
    use Tier::{A, B, C, D, E, F, G};
    [
        [A, A, B, B, B, B],
        [A, B, C, C, C, C],
        [B, C, D, E, E, E],
        [C, D, E, E, F, F],
        [D, D, E, F, F, G],
    ]
};

/// Calculates the current tier as of `today`.
pub fn calculate_tier(req: &TierRequest, today: NaiveDate) -> Result<TierResult, TierInputError> {
    let active = req
        .has_active_event
        .ok_or(TierInputError::missing("has_active_event"))?;
    if !active {
        return Ok(TierResult {
            tier: Tier::NotSupervised,
            provisional: false,
            reasons: vec!["No active event: not supervised".to_owned()],
        });
    }
    let (Some(arp), Some(csrp)) = (req.arp, req.csrp) else {
        let absent: Vec<&str> = [("ARP", req.arp.is_none()), ("CSRP", req.csrp.is_none())]
            .into_iter()
            .filter(|(_, missing)| *missing)
            .map(|(name, _)| name)
            .collect();
        return Ok(TierResult {
            tier: Tier::Missing,
            provisional: false,
            reasons: vec![format!(
                "{} missing: tier cannot be calculated",
                absent.join(" and ")
            )],
        });
    };
    for (value, field) in [(arp, "arp"), (csrp, "csrp")] {
        if !value.is_finite() || value < 0.0 {
            return Err(TierInputError::invalid(
                field,
                "must be a percentage of 0 or more",
            ));
        }
    }
    let dc_srp = req.dc_srp.map(dc_srp_tier).transpose()?.flatten();
    let flag = |b: Option<bool>| b == Some(true);

    let mut reasons = Vec::new();
    let reoffending = reoffending_tier(arp, csrp);
    reasons.push(format!("ARP {arp} % and CSRP {csrp} %: {reoffending:?}"));
    // Tiers of every step other than the reoffending table, and of MAPPA × RoSH apart.
    let mut others: Vec<Tier> = Vec::new();
    if let Some((band, score, tier)) = dc_srp {
        reasons.push(format!("DC-SRP {band:?} ({score}): {tier:?}"));
        others.push(tier);
    }
    // MAPPA × RoSH is reasoned in its usual place but kept apart until the missing-RoSH
    // rule has seen the other steps.
    let mappa = flag(req.has_mappa);
    let mappa_tier = mappa_rosh_tier(mappa, req.rosh);
    if let Some(t) = mappa_tier {
        let why = match (mappa, req.rosh) {
            (true, Some(r)) => format!("MAPPA with RoSH {}", r.label()),
            (true, None) => "MAPPA without RoSH".to_owned(),
            (false, r) => format!("RoSH {} without MAPPA", r.map_or("", RoshLevel::label)),
        };
        reasons.push(format!("{why}: {t:?}"));
    }
    let mut step = |tier: Option<Tier>, why: String| {
        if let Some(tier) = tier {
            reasons.push(format!("{why}: {tier:?}"));
            others.push(tier);
        }
    };
    if let Some(release) = req.latest_release_date.filter(|_| flag(req.has_lifer_ipp)) {
        step(
            Some(lifer_tier(release, today)),
            format!("Lifer/IPP released {release}"),
        );
    }
    step(
        flag(req.has_domestic_abuse).then_some(Tier::E),
        "Domestic abuse".to_owned(),
    );
    step(
        flag(req.has_stalking).then_some(Tier::F),
        "Stalking".to_owned(),
    );
    step(
        flag(req.has_child_protection).then_some(Tier::F),
        "Child protection".to_owned(),
    );
    step(
        flag(req.ever_committed_sexual_offence).then_some(Tier::E),
        "Sexual offence".to_owned(),
    );
    // The steps other than the table and MAPPA × RoSH, for the missing-RoSH rule.
    let without_mappa = others.iter().copied().min();
    others.extend(mappa_tier);

    let best_other = others.iter().copied().min();
    let tier = best_other.map_or(reoffending, |o| o.min(reoffending));
    let is = |t: Option<PredictorType>, want| t == Some(want);
    let (arp_static, csrp_static) = (
        is(req.arp_type, PredictorType::Static),
        is(req.csrp_type, PredictorType::Static),
    );
    // The best the table could give were the static score as high as it can be.
    let table_ceiling = match (arp_static, csrp_static) {
        (true, true) => Some(Tier::A),
        (true, false) => Some(reoffending_tier(f64::INFINITY, csrp)),
        (false, true) => Some(reoffending_tier(arp, f64::INFINITY)),
        (false, false) => None,
    };
    let mut provisional = false;
    if let Some(ceiling) = table_ceiling {
        if best_other.is_none_or(|o| o > ceiling) {
            provisional = true;
            let statics: Vec<&str> = [("ARP", arp_static), ("CSRP", csrp_static)]
                .into_iter()
                .filter(|(_, s)| *s)
                .map(|(name, _)| name)
                .collect();
            reasons.push(format!(
                "Provisional: {} static, not from all dynamic items",
                statics.join(" and ")
            ));
        }
    }
    if req.rosh.is_none() {
        let both_dynamic =
            is(req.arp_type, PredictorType::Dynamic) && is(req.csrp_type, PredictorType::Dynamic);
        let considered = [without_mappa, both_dynamic.then_some(reoffending)]
            .into_iter()
            .flatten()
            .min();
        let needed = if mappa { Tier::A } else { Tier::C };
        if considered.is_none_or(|t| t > needed) {
            provisional = true;
            reasons.push("Provisional: RoSH missing".to_owned());
        }
    }
    Ok(TierResult {
        tier,
        provisional,
        reasons,
    })
}

/// The reoffending table: the first row and column whose cut-point the score reaches.
pub fn reoffending_tier(arp: f64, csrp: f64) -> Tier {
    let row = CSRP_ROWS.iter().position(|cut| csrp >= *cut).unwrap_or(4);
    let column = ARP_COLUMNS.iter().position(|cut| arp >= *cut).unwrap_or(5);
    TABLE[row][column]
}

/// The DC-SRP step: nothing for a DC-SRP without a positive score or an applicable band.
fn dc_srp_tier(dc: DcSrp) -> Result<Option<(DcSrpBand, f64, Tier)>, TierInputError> {
    let (Some(score), Some(band)) = (dc.score, dc.band) else {
        return Ok(None);
    };
    if score.is_nan() || score <= 0.0 {
        return Ok(None);
    }
    let tier = match band {
        DcSrpBand::NotApplicable => return Ok(None),
        DcSrpBand::VeryHigh => Tier::A,
        DcSrpBand::High => Tier::B,
        DcSrpBand::Low => Tier::E,
        DcSrpBand::Medium => match score {
            s if s >= 3.36 => Tier::C,
            s if s >= 2.11 => Tier::D,
            s if s >= 1.12 => Tier::C,
            s if s >= 0.60 => Tier::D,
            _ => {
                return Err(TierInputError::invalid(
                    "dc_srp.score",
                    "a MEDIUM DC-SRP score must be at least 0.60",
                ))
            }
        },
    };
    Ok(Some((band, score, tier)))
}

/// MAPPA × RoSH: with MAPPA, very high A, high C, medium D, low or none E; without MAPPA,
/// very high C, high D, otherwise no effect.
pub fn mappa_rosh_tier(mappa: bool, rosh: Option<RoshLevel>) -> Option<Tier> {
    match (mappa, rosh) {
        (true, Some(RoshLevel::VeryHigh)) => Some(Tier::A),
        (true, Some(RoshLevel::High)) => Some(Tier::C),
        (true, Some(RoshLevel::Medium)) => Some(Tier::D),
        (true, _) => Some(Tier::E),
        (false, Some(RoshLevel::VeryHigh)) => Some(Tier::C),
        (false, Some(RoshLevel::High)) => Some(Tier::D),
        (false, _) => None,
    }
}

/// Lifer/IPP: released within a year B, within five years D, longer ago E.
pub fn lifer_tier(release: NaiveDate, today: NaiveDate) -> Tier {
    let since = |months| today.checked_sub_months(Months::new(months));
    if since(12).is_none_or(|cut| release >= cut) {
        Tier::B
    } else if since(60).is_none_or(|cut| release >= cut) {
        Tier::D
    } else {
        Tier::E
    }
}
