//! The current single-letter tier, A (highest) to G, of hmpps-tier V3
//! (hmpps-services.md §2.2): the highest tier any step produces.
//!
//! Readings of the published text:
//! - Missing ARP or CSRP makes the whole result `MISSING` (no tier can be calculated
//!   without the reoffending predictors); `has_active_event: false` is `NOT_SUPERVISED`.
//! - DC-SRP `MEDIUM` follows the published rule order: ≥ 3.36 → C, ≥ 2.11 → D, ≥ 1.12 → C
//!   (a risk-reduced case), ≥ 0.60 → D, below 0.60 is invalid input.
//! - Lifer/IPP: "released within 1 year" is a release on or after the date one year before
//!   today (a future release date counts as within the year); within 5 years likewise.
//!   A lifer/IPP case needs `latest_release_date`.
//! - Provisional when ARP or CSRP is `STATIC`, unless a step other than the reoffending
//!   table already gives A (the most the table could give); and when RoSH is missing,
//!   unless the tier is already as high as RoSH could make it (A with MAPPA, C without).

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
    Low,
    Medium,
    High,
    VeryHigh,
}

/// The direct-contact sexual reoffending predictor's result.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DcSrp {
    pub score: f64,
    pub band: DcSrpBand,
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
    use Tier::*;
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
    let percent = |value: Option<f64>, field| match value {
        Some(v) if !(0.0..=100.0).contains(&v) => Err(TierInputError::invalid(
            field,
            "must be a percentage from 0 to 100",
        )),
        other => Ok(other),
    };
    let arp = percent(req.arp, "arp")?;
    let csrp = percent(req.csrp, "csrp")?;
    let dc_srp = req.dc_srp.map(dc_srp_tier).transpose()?;
    let flag = |b: Option<bool>| b == Some(true);
    let lifer_release = if flag(req.has_lifer_ipp) {
        Some(
            req.latest_release_date
                .ok_or(TierInputError::missing("latest_release_date"))?,
        )
    } else {
        None
    };
    if !active {
        return Ok(TierResult {
            tier: Tier::NotSupervised,
            provisional: false,
            reasons: vec!["No active event: not supervised".to_owned()],
        });
    }
    let (Some(arp), Some(csrp)) = (arp, csrp) else {
        let absent: Vec<&str> = [("ARP", arp.is_none()), ("CSRP", csrp.is_none())]
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

    let mut reasons = Vec::new();
    let reoffending = reoffending_tier(arp, csrp);
    reasons.push(format!("ARP {arp} % and CSRP {csrp} %: {reoffending:?}"));
    // Tiers from every step other than the reoffending table.
    let mut others: Vec<Tier> = Vec::new();
    let mut step = |tier: Option<Tier>, why: String| {
        if let Some(tier) = tier {
            reasons.push(format!("{why}: {tier:?}"));
            others.push(tier);
        }
    };
    if let Some((band, score, tier)) = dc_srp {
        step(Some(tier), format!("DC-SRP {band:?} ({score})"));
    }
    let mappa = flag(req.has_mappa);
    step(
        mappa_rosh_tier(mappa, req.rosh),
        match (mappa, req.rosh) {
            (true, Some(r)) => format!("MAPPA with RoSH {}", r.label()),
            (true, None) => "MAPPA without RoSH".to_owned(),
            (false, r) => format!("RoSH {} without MAPPA", r.map_or("", RoshLevel::label)),
        },
    );
    if let Some(release) = lifer_release {
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

    let best_other = others.iter().copied().min();
    let tier = best_other.map_or(reoffending, |o| o.min(reoffending));
    let mut provisional = false;
    let static_types: Vec<&str> = [("ARP", req.arp_type), ("CSRP", req.csrp_type)]
        .into_iter()
        .filter(|(_, t)| *t == Some(PredictorType::Static))
        .map(|(name, _)| name)
        .collect();
    if !static_types.is_empty() && best_other != Some(Tier::A) {
        provisional = true;
        reasons.push(format!(
            "Provisional: {} static, not from all dynamic items",
            static_types.join(" and ")
        ));
    }
    if req.rosh.is_none() {
        let ceiling = if mappa { Tier::A } else { Tier::C };
        if tier > ceiling {
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

fn dc_srp_tier(dc: DcSrp) -> Result<(DcSrpBand, f64, Tier), TierInputError> {
    if !dc.score.is_finite() || dc.score < 0.0 {
        return Err(TierInputError::invalid(
            "dc_srp.score",
            "must be a non-negative number",
        ));
    }
    let tier = match dc.band {
        DcSrpBand::VeryHigh => Tier::A,
        DcSrpBand::High => Tier::B,
        DcSrpBand::Low => Tier::E,
        DcSrpBand::Medium => match dc.score {
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
    Ok((dc.band, dc.score, tier))
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
