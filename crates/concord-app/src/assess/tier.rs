//! Scoring a review: every predictor from the confirmed facts and answers, and the tier
//! from the scores, the RoSH levels and the record.
//!
//! The tier is the legacy protect × change tier (e.g. "B2"). The current A–G tier needs
//! the OASys v4 predictors (ARP, CSRP, DC-SRP) whose coefficients are not published in
//! the sources Concord works from; it is offered by the compute-only `/api/v1/tier` for
//! callers that hold those scores. The MAPPA level is read from his active MAPPA record
//! (where the reader may read the management section) and counts towards protect.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use concord_domain::{MarkerKind, PersonId};
use concord_risk::tier::{
    legacy_tier, ComplexityFactor, LegacyTierInput, MappaLevel, Need, NeedSeverity,
};
use concord_risk::ProblemLevel;
use serde_json::{json, Value};

use concord_authz::{Capability, Section};
use concord_store::Tx;

use super::review::{build_request, level_from_code, Inputs, Stored};
use crate::person::PersonRecord;
use crate::AppError;

/// Whether the person has been through enforcement — a breach referral, or a licence
/// revoked on recall (the tiering framework's breach/recall outcomes, BRE01–16 and
/// REC01–02): an additional factor for women. Read only where the actor may read the
/// licence section; otherwise not counted.
pub(crate) async fn previous_enforcement(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<bool, AppError> {
    if !cap.sections().contains(Section::Licence) {
        return Ok(false);
    }
    let breached = concord_store::enforcement_actions_of(tx, cap, person)
        .await?
        .iter()
        .any(|a| a.kind == concord_licence::EnforcementKind::Breach);
    let recalled = concord_store::recalls_of(tx, cap, person)
        .await?
        .iter()
        .any(|r| {
            matches!(
                r.status,
                concord_licence::RecallStatus::Revoked
                    | concord_licence::RecallStatus::ReturnedToCustody
            )
        });
    Ok(breached || recalled)
}

/// The level of his active MAPPA record, for the tier: read only where the actor may read
/// the management section; otherwise not counted.
pub(crate) async fn mappa_level(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
) -> Result<Option<MappaLevel>, AppError> {
    Ok(crate::mappa::active_mappa_record(tx, cap, person)
        .await?
        .map(|r| match r.level {
            concord_mappa::Level::One => MappaLevel::M1,
            concord_mappa::Level::Two => MappaLevel::M2,
            concord_mappa::Level::Three => MappaLevel::M3,
        }))
}

/// The predictors' JSON and the tier's JSON (or why there is no tier).
pub(crate) fn score(
    record: &PersonRecord,
    inputs: &Inputs,
    stored: &Stored,
    on: NaiveDate,
    previous_enforcement: bool,
    mappa: Option<MappaLevel>,
) -> (Value, Result<Value, String>) {
    let request = build_request(inputs, stored, on);
    let scores = concord_risk::compute(&request);
    let rosh = concord_risk::rosh::overall_rosh(
        stored
            .rosh
            .levels
            .values()
            .filter_map(|l| level_from_code(l)),
    );
    let female = request.gender == Some(concord_risk::Gender::Female);
    let problem = |field: &str| -> Option<ProblemLevel> {
        stored
            .oasys
            .items
            .get(field)
            .and_then(|v| serde_json::from_value(v.clone()).ok())
    };
    let needs: BTreeMap<Need, NeedSeverity> = stored
        .oasys
        .needs
        .iter()
        .filter_map(|(n, s)| {
            Some((
                serde_json::from_value(json!(n)).ok()?,
                serde_json::from_value(json!(s)).ok()?,
            ))
        })
        .collect();
    let input = LegacyTierInput {
        rsr: scores.rsr.output.overall_score,
        rosh,
        mappa_level: mappa,
        complexity_factors: complexity_factors(record),
        is_female: female,
        has_parenting_responsibilities: stored
            .oasys
            .items
            .get("has_parenting_responsibilities")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        impulsivity: problem("impulsivity_problems"),
        temper_control: problem("temper_control"),
        has_previous_enforcement_activity: previous_enforcement,
        has_mandate_for_change: has_mandate_for_change(record, on),
        // No severities recorded is "no valid assessment" (change level 2), not "no need".
        needs: (!needs.is_empty()).then_some(needs),
        ogrs: scores.ogrs3.output.two_year_score,
        is_iom_nominal: false,
    };
    let tier = legacy_tier(&input)
        .map(|t| json!(t))
        .map_err(|e| format!("{}: {}", e.field, e.message));
    (json!(scores), tier)
}

/// Warning markers that are complexity registrations in the tiering framework.
fn complexity_factors(record: &PersonRecord) -> Vec<ComplexityFactor> {
    let mut factors: Vec<ComplexityFactor> = record
        .active_markers()
        .filter_map(|m| match m.kind {
            MarkerKind::SelfHarm | MarkerKind::Suicide => {
                Some(ComplexityFactor::AttemptedSuicideOrSelfHarm)
            }
            MarkerKind::RiskToChildren => Some(ComplexityFactor::RiskToChildren),
            _ => None,
        })
        .collect();
    factors.sort();
    factors.dedup();
    factors
}

/// A mandate for change: a custodial sentence or a community sentence running today.
fn has_mandate_for_change(record: &PersonRecord, on: NaiveDate) -> bool {
    record.sentences.iter().any(|s| {
        !s.kind.is_civil_order()
            && s.kind != concord_domain::SentenceKind::NotificationRequirement
            && s.start_date <= on
            && [s.end_date, s.licence_end_date]
                .into_iter()
                .flatten()
                .max()
                .is_none_or(|end| end >= on)
    })
}
