//! What a variation changes: the conditions added, removed and changed between the licence
//! in force and the varied licence, with the wording before and after.
//!
//! Decisions:
//! - Conditions are matched by code. A code may appear several times (two exclusion zones,
//!   no contact with two people): identical conditions are paired first, wherever they
//!   sit, and the rest are paired in order, so removing the second of three zones reads
//!   as one removal rather than two changes.
//! - Parameter values are compared trimmed, with a blank value the same as an absent one.
//! - Order of the result: removals and changes in the order of the old licence, then
//!   additions in the order of the new one.
//! - A changed curfew is summarised by [`describe_change`] (relaxed/tightened); other
//!   changes list each parameter that changed by its label.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalogue::{self, ConditionTag};
use crate::conditions::{render, Condition};
use crate::curfew::{curfew_from_condition, describe_change};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

/// One change a variation makes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConditionChange {
    pub kind: ChangeKind,
    pub code: String,
    /// The rendered wording on the old licence (`None` for an addition).
    pub before: Option<String>,
    /// The rendered wording on the varied licence (`None` for a removal).
    pub after: Option<String>,
    /// One line for the variation summary and the timeline.
    pub summary: String,
}

/// The changes from `before` to `after`; empty when they say the same thing.
pub fn diff(before: &[Condition], after: &[Condition]) -> Vec<ConditionChange> {
    let mut partner: Vec<Option<usize>> = vec![None; before.len()];
    let mut taken = vec![false; after.len()];
    // Identical conditions first, then the rest of each code in order.
    for exact in [true, false] {
        for (i, old) in before.iter().enumerate() {
            if partner[i].is_some() {
                continue;
            }
            let found = after.iter().enumerate().position(|(j, new)| {
                !taken[j] && new.code == old.code && (!exact || same(old, new))
            });
            if let Some(j) = found {
                partner[i] = Some(j);
                taken[j] = true;
            }
        }
    }
    let mut changes = Vec::new();
    for (old, pair) in before.iter().zip(&partner) {
        match pair {
            None => changes.push(removed(old)),
            Some(j) => {
                if let Some(new) = after.get(*j).filter(|new| !same(old, new)) {
                    changes.push(changed(old, new));
                }
            }
        }
    }
    for (new, _) in after.iter().zip(&taken).filter(|(_, t)| !**t) {
        changes.push(added(new));
    }
    changes
}

fn normalised(c: &Condition) -> BTreeMap<&str, &str> {
    c.params
        .keys()
        .filter_map(|k| c.value(k).map(|v| (k.as_str(), v)))
        .collect()
}

fn same(a: &Condition, b: &Condition) -> bool {
    a.code == b.code
        && a.policy == b.policy
        && normalised(a) == normalised(b)
        && a.victim_id.as_deref().map(str::trim) == b.victim_id.as_deref().map(str::trim)
}

/// The wording of a condition, or a plain description when it cannot be rendered (an
/// unknown code or a missing parameter on an old record).
fn wording(c: &Condition) -> String {
    render(c).unwrap_or_else(|_| {
        let params: Vec<String> = normalised(c)
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect();
        format!("{} ({})", c.code, params.join(", "))
    })
}

fn name(c: &Condition) -> String {
    catalogue::find(&c.code).map_or_else(
        || c.code.clone(),
        super::catalogue::ConditionSpec::short_name,
    )
}

fn added(c: &Condition) -> ConditionChange {
    ConditionChange {
        kind: ChangeKind::Added,
        code: c.code.clone(),
        before: None,
        after: Some(wording(c)),
        summary: format!("Condition added: {}", name(c)),
    }
}

fn removed(c: &Condition) -> ConditionChange {
    ConditionChange {
        kind: ChangeKind::Removed,
        code: c.code.clone(),
        before: Some(wording(c)),
        after: None,
        summary: format!("Condition removed: {}", name(c)),
    }
}

fn changed(old: &Condition, new: &Condition) -> ConditionChange {
    ConditionChange {
        kind: ChangeKind::Changed,
        code: new.code.clone(),
        before: Some(wording(old)),
        after: Some(wording(new)),
        summary: curfew_summary(old, new).unwrap_or_else(|| param_summary(old, new)),
    }
}

/// Curfews are compared as curfews, so that a later start reads as a relaxation.
fn curfew_summary(old: &Condition, new: &Condition) -> Option<String> {
    let spec = catalogue::find(&new.code)?;
    if spec.tag != Some(ConditionTag::Curfew) {
        return None;
    }
    // Only the weekly pattern and address are compared; the dates are the licence's.
    let day = NaiveDate::default();
    let (a, b) = (
        curfew_from_condition(old, day, None).ok()?,
        curfew_from_condition(new, day, None).ok()?,
    );
    describe_change(&a, &b)
}

fn param_summary(old: &Condition, new: &Condition) -> String {
    let spec = catalogue::find(&new.code);
    let (a, b) = (normalised(old), normalised(new));
    let mut names: Vec<&str> = a.keys().chain(b.keys()).copied().collect();
    names.sort_unstable();
    names.dedup();
    let mut parts: Vec<String> = names
        .into_iter()
        .filter(|n| a.get(n) != b.get(n))
        .map(|n| {
            let label = spec
                .and_then(|s| s.param(n))
                .map_or(n.to_string(), |p| p.label.to_lowercase());
            let show =
                |v: Option<&&str>| v.map_or("(none)".to_string(), std::string::ToString::to_string);
            format!("{label} from {} to {}", show(a.get(n)), show(b.get(n)))
        })
        .collect();
    if old.victim_id.as_deref().map(str::trim) != new.victim_id.as_deref().map(str::trim) {
        parts.push("linked victim changed".to_string());
    }
    if old.policy != new.policy {
        parts.push(format!(
            "policy from {} to {}",
            old.policy.as_str(),
            new.policy.as_str()
        ));
    }
    format!("{} changed: {}", name(new), parts.join("; "))
}
