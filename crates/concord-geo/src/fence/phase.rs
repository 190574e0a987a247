//! One rule's state machine: clear, pending (in breach, dwell not yet met), breach, and
//! clearing (back in compliance, hysteresis not yet met), stepped one fix at a time.

use super::monitor::{DwellConfig, FenceRule, Fix, RuleKind};
use super::prepared::Presence;

/// Where one rule's state machine stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phase {
    Clear,
    Pending {
        since: i64,
        first: u64,
        fixes: u32,
    },
    Breach {
        since: i64,
        first: u64,
    },
    Clearing {
        since: i64,
        first: u64,
        back_since: i64,
        fixes: u32,
    },
}

/// One rule's phase after fix `f`, from its phase before.
pub(super) fn step(c: &DwellConfig, rule: &FenceRule, phase: Phase, f: Fix) -> Phase {
    let presence = rule.zone.presence(f.point, f.accuracy_m);
    let open = rule.window.is_open(f.at);
    // In breach (Some(true)), in compliance (Some(false)), or cannot tell.
    let breaching = match (rule.kind, presence) {
        _ if !open => Some(false),
        (_, Presence::Uncertain) => None,
        (RuleKind::Exclusion, p) => Some(p == Presence::Inside),
        (RuleKind::Inclusion | RuleKind::Curfew, p) => Some(p == Presence::Outside),
    };
    let next = match (phase, breaching) {
        (p, None) => p,
        (Phase::Clear, Some(true)) => Phase::Pending {
            since: f.at,
            first: f.id,
            fixes: 1,
        },
        (Phase::Clear, Some(false)) => Phase::Clear,
        (
            Phase::Pending {
                since,
                first,
                fixes,
            },
            Some(true),
        ) => Phase::Pending {
            since,
            first,
            fixes: fixes + 1,
        },
        (Phase::Pending { .. }, Some(false)) => Phase::Clear,
        (Phase::Breach { since, first }, Some(false)) => Phase::Clearing {
            since,
            first,
            back_since: f.at,
            fixes: 1,
        },
        (p @ Phase::Breach { .. }, Some(true)) => p,
        (
            Phase::Clearing {
                since,
                first,
                back_since,
                fixes,
            },
            Some(false),
        ) => Phase::Clearing {
            since,
            first,
            back_since,
            fixes: fixes + 1,
        },
        (Phase::Clearing { since, first, .. }, Some(true)) => Phase::Breach { since, first },
    };
    match next {
        Phase::Pending {
            since,
            first,
            fixes,
        } if fixes >= c.enter_fixes && f.at - since >= c.enter_secs => {
            Phase::Breach { since, first }
        }
        Phase::Clearing {
            back_since, fixes, ..
        } if fixes >= c.leave_fixes && f.at - back_since >= c.leave_secs => Phase::Clear,
        p => p,
    }
}
