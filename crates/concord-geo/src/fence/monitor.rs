//! One monitored person's stream of fixes, evaluated against their zones and curfew.
//!
//! - A breach **starts** only after the person has been in breach for a dwell (a time and
//!   a number of fixes, both), and **ends** only after as long back in compliance
//!   (hysteresis): a track wandering along a boundary does not flap. A fix whose accuracy
//!   circle straddles the boundary ([`Presence::Uncertain`]) neither advances nor resets
//!   either count. A breach is dated from its first fix, not from when the dwell was met.
//! - Fixes are evaluated in the order they were **taken**, not received: one that arrives
//!   late (within `max_late_secs` of the newest) is put in its place and the stream from
//!   there re-evaluated, so the alerts are the same whatever order the fixes arrived in.
//!   Alerts that change are reported as changes: opened, closed, or retracted (a late fix
//!   showed the dwell was never met). A fix older than that is refused as too late.
//! - **Signal loss**: a gap of `signal_loss_secs` between fixes is an alert (possible
//!   tamper), from the last fix plus the gap until the next fix; [`SubjectMonitor::tick`]
//!   raises it while the silence lasts.
//! - A fix seen before (by id) changes nothing: redelivery never duplicates an alert.

use std::collections::{BTreeMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::phase::{step, Phase};
use super::prepared::PreparedZone;
use super::window::TimeWindow;
use crate::model::Point;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RuleKind {
    /// Must not enter (a victim's home, a school).
    Exclusion,
    /// Must not leave.
    Inclusion,
    /// Must be at the curfew address while the window is open.
    Curfew,
}

/// A zone the person is held to, with when it applies. `key` is the caller's id for it.
#[derive(Debug, Clone)]
pub struct FenceRule {
    pub key: u64,
    pub kind: RuleKind,
    pub zone: Arc<PreparedZone>,
    pub window: TimeWindow,
}

/// One GPS fix: the provider's id, when it was taken (UTC seconds), where, and the
/// radius in metres it is accurate to.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Fix {
    pub id: u64,
    pub at: i64,
    pub point: Point,
    pub accuracy_m: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DwellConfig {
    pub enter_secs: i64,
    pub enter_fixes: u32,
    pub leave_secs: i64,
    pub leave_fixes: u32,
    pub signal_loss_secs: i64,
    pub max_late_secs: i64,
}

impl Default for DwellConfig {
    /// 30 seconds and 3 fixes to start or end a breach; 15 minutes' silence is signal
    /// loss; fixes up to 10 minutes late are put in their place.
    fn default() -> Self {
        DwellConfig {
            enter_secs: 30,
            enter_fixes: 3,
            leave_secs: 30,
            leave_fixes: 3,
            signal_loss_secs: 900,
            max_late_secs: 600,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AlertKind {
    ExclusionEntered,
    InclusionLeft,
    CurfewAbsent,
    SignalLoss,
}

/// An alert: which rule (none for signal loss), from when (the first breaching fix, or
/// the last fix plus the gap), and until when if it has ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Alert {
    pub rule: Option<u64>,
    pub kind: AlertKind,
    pub opened_at: i64,
    /// The fix it starts from (for signal loss, the last fix before the silence).
    pub opened_by: u64,
    pub closed_at: Option<i64>,
}

impl Alert {
    /// What identifies an alert across re-evaluations and redeliveries.
    pub fn key(&self) -> (Option<u64>, AlertKind, u64) {
        (self.rule, self.kind, self.opened_by)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AlertChange {
    Opened(Alert),
    Closed(Alert),
    /// A late fix showed this alert should not have been raised.
    Retracted(Alert),
    /// A late fix showed a breach reported as over had not ended.
    Reopened(Alert),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FixRefused {
    #[error("the fix was taken at {at}, more than the allowed lateness before the newest fix ({newest})")]
    TooLate { at: i64, newest: i64 },
    #[error("the position is not a number")]
    NotANumber,
}

/// When a breach began and the fix that began it.
type Opening = (i64, u64);

/// Fix ids are hashes already (of the provider's id) or small numbers: a multiply spreads
/// them, without the cost of the default hasher on every fix.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(26)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 ^= n;
    }
}

pub struct SubjectMonitor {
    rules: Vec<FenceRule>,
    config: DwellConfig,
    /// Fixes not yet compacted, in the order taken.
    fixes: Vec<Fix>,
    /// Each rule's phase after each retained fix: the phases after fix `i` are
    /// `phases[i * rules.len()..][..rules.len()]` (one allocation, not one per fix).
    phases: Vec<Phase>,
    /// Phases and last fix before the first retained fix.
    base: (Vec<Phase>, Option<Fix>),
    seen: HashSet<u64, BuildHasherDefault<IdHasher>>,
    /// Alerts wholly before the retained fixes: final.
    settled: Vec<Alert>,
    /// The alerts as last reported, by key.
    reported: BTreeMap<(Option<u64>, AlertKind, u64), Alert>,
    now: i64,
}

impl SubjectMonitor {
    pub fn new(rules: Vec<FenceRule>, config: DwellConfig) -> Self {
        let base = (vec![Phase::Clear; rules.len()], None);
        SubjectMonitor {
            rules,
            config,
            fixes: vec![],
            phases: vec![],
            base,
            seen: HashSet::default(),
            settled: vec![],
            reported: BTreeMap::new(),
            now: i64::MIN,
        }
    }

    /// Evaluate one fix; returns how the alerts changed.
    pub fn insert(&mut self, fix: Fix) -> Result<Vec<AlertChange>, FixRefused> {
        if !self.admit(&fix)? {
            return Ok(vec![]);
        }
        let appended = self
            .fixes
            .last()
            .is_none_or(|l| (l.at, l.id) < (fix.at, fix.id));
        let at = self.place(fix);
        self.restep(at);
        self.now = self.now.max(fix.at);
        // The common case, a fix newer than every other, is reported from the last two
        // fixes alone; a fix put in the middle re-derives the retained stream.
        let changes = if appended {
            self.appended_changes()
        } else {
            self.changes()
        };
        self.compact();
        Ok(changes)
    }

    /// Evaluate a batch of fixes: the same alerts as inserting them one at a time in the
    /// order taken, but the fixes older than the newest already held (late ones, or a batch
    /// another worker overtook) are put in their places together and the retained stream
    /// re-derived once, not once for each. Returns the changes and the fixes refused.
    pub fn insert_many(
        &mut self,
        mut batch: Vec<Fix>,
    ) -> (Vec<AlertChange>, Vec<(Fix, FixRefused)>) {
        batch.sort_by_key(|f| (f.at, f.id));
        let last = self.fixes.last().map(|f| (f.at, f.id));
        let split = batch.partition_point(|f| last.is_some_and(|l| (f.at, f.id) <= l));
        let newer = batch.split_off(split);
        let (mut changes, mut refused) = (vec![], vec![]);
        let mut from = usize::MAX;
        // None of these is newer than the newest held, so each is judged against the
        // same newest fix as if it came alone.
        for fix in batch {
            match self.admit(&fix) {
                Ok(true) => from = from.min(self.place(fix)),
                Ok(false) => {}
                Err(e) => refused.push((fix, e)),
            }
        }
        if from != usize::MAX {
            self.restep(from);
            changes.extend(self.changes());
        }
        for fix in newer {
            match self.insert(fix) {
                Ok(c) => changes.extend(c),
                Err(e) => refused.push((fix, e)),
            }
        }
        self.compact();
        (changes, refused)
    }

    /// Whether `fix` is to be evaluated: `Ok(false)` if it was seen before (it changes
    /// nothing), refused if it is not a number or too late.
    fn admit(&self, fix: &Fix) -> Result<bool, FixRefused> {
        if !(fix.point.lon.is_finite() && fix.point.lat.is_finite() && fix.accuracy_m.is_finite()) {
            return Err(FixRefused::NotANumber);
        }
        if self.seen.contains(&fix.id) {
            return Ok(false);
        }
        let newest = self
            .fixes
            .last()
            .map(|f| f.at)
            .or(self.base.1.map(|f| f.at));
        if let Some(newest) = newest {
            let floor = self.base.1.map_or(i64::MIN, |f| f.at);
            if fix.at < newest - self.config.max_late_secs || fix.at <= floor {
                return Err(FixRefused::TooLate { at: fix.at, newest });
            }
        }
        Ok(true)
    }

    /// Put an admitted fix in its place in the order taken, its phases still to be
    /// stepped ([`SubjectMonitor::restep`]); its index.
    fn place(&mut self, fix: Fix) -> usize {
        self.seen.insert(fix.id);
        let at = self
            .fixes
            .partition_point(|f| (f.at, f.id) < (fix.at, fix.id));
        let r = self.rules.len();
        self.fixes.insert(at, fix);
        self.phases
            .splice(at * r..at * r, std::iter::repeat_n(Phase::Clear, r));
        at
    }

    /// Each rule's phase after each fix from the `from`-th on, from the one before.
    fn restep(&mut self, from: usize) {
        let r = self.rules.len();
        for i in from..self.fixes.len() {
            let f = self.fixes[i];
            for (k, rule) in self.rules.iter().enumerate() {
                let before = if i == 0 {
                    self.base.0[k]
                } else {
                    self.phases[(i - 1) * r + k]
                };
                self.phases[i * r + k] = step(&self.config, rule, before, f);
            }
        }
    }

    /// The changes a fix appended at the end makes: each rule's phase before and after
    /// it, the gap before it, and the silence after it.
    fn appended_changes(&mut self) -> Vec<AlertChange> {
        let (n, r) = (self.fixes.len(), self.rules.len());
        let f = self.fixes[n - 1];
        let after = &self.phases[(n - 1) * r..n * r];
        let (before, previous) = if n >= 2 {
            (
                &self.phases[(n - 2) * r..(n - 1) * r],
                Some(self.fixes[n - 2]),
            )
        } else {
            (&self.base.0[..], self.base.1)
        };
        // Which rules changed between breach and no breach, read before `reported` is
        // written (the phases are borrowed from `self`).
        let in_breach = |p: &Phase| match p {
            Phase::Breach { since, first } | Phase::Clearing { since, first, .. } => {
                Some((*since, *first))
            }
            _ => None,
        };
        let moved: Vec<(usize, Option<Opening>, Option<Opening>)> = before
            .iter()
            .zip(after)
            .enumerate()
            .filter_map(|(k, (old, new))| {
                let (old, new) = (in_breach(old), in_breach(new));
                (old.is_some() != new.is_some()).then_some((k, old, new))
            })
            .collect();
        let mut changes = vec![];
        if let Some(p) = previous {
            let silent = self.silence(p, None);
            let was_open = self.reported.remove(&silent.key());
            if f.at - p.at >= self.config.signal_loss_secs {
                let gap = self.silence(p, Some(f.at));
                if was_open.is_none() {
                    changes.push(AlertChange::Opened(silent));
                }
                changes.push(AlertChange::Closed(gap));
                self.reported.insert(gap.key(), gap);
            } else if let Some(a) = was_open {
                changes.push(AlertChange::Retracted(a));
            }
        }
        for (k, old, new) in moved {
            let rule = &self.rules[k];
            match (old, new) {
                (None, Some((since, first))) => {
                    let a = self.alert(rule, since, first);
                    self.reported.insert(a.key(), a);
                    changes.push(AlertChange::Opened(a));
                }
                (Some((since, first)), None) => {
                    let a = Alert {
                        closed_at: Some(f.at),
                        ..self.alert(rule, since, first)
                    };
                    self.reported.insert(a.key(), a);
                    changes.push(AlertChange::Closed(a));
                }
                _ => {}
            }
        }
        if self.now - f.at >= self.config.signal_loss_secs {
            let a = self.silence(f, None);
            self.reported.insert(a.key(), a);
            changes.push(AlertChange::Opened(a));
        }
        changes
    }

    /// The clock moved on with no fix: raise signal loss if the silence is long enough.
    pub fn tick(&mut self, now: i64) -> Vec<AlertChange> {
        self.now = self.now.max(now);
        // Only the silence after the newest fix depends on the clock.
        let last = self.fixes.last().copied().or(self.base.1);
        match last {
            Some(f) if self.now - f.at >= self.config.signal_loss_secs => {
                let a = self.silence(f, None);
                if self.reported.insert(a.key(), a).is_none() {
                    vec![AlertChange::Opened(a)]
                } else {
                    vec![]
                }
            }
            _ => vec![],
        }
    }

    /// Whether what was last reported is what the retained stream shows (the incremental
    /// report agrees with a full re-derivation).
    #[cfg(test)]
    pub(crate) fn report_is_consistent(&self) -> bool {
        let derived: BTreeMap<_, Alert> = self.derive().into_iter().map(|a| (a.key(), a)).collect();
        derived == self.reported
    }

    /// Every alert, settled and current, oldest first.
    pub fn alerts(&self) -> Vec<Alert> {
        let mut all = self.settled.clone();
        all.extend(self.derive());
        all.sort_by_key(|a| (a.opened_at, a.key()));
        all
    }

    /// The alerts the retained fixes show, from the base phases.
    fn derive(&self) -> Vec<Alert> {
        let mut out = vec![];
        let mut open: Vec<Option<Alert>> = self
            .base
            .0
            .iter()
            .zip(&self.rules)
            .map(|(p, r)| match p {
                Phase::Breach { since, first } | Phase::Clearing { since, first, .. } => {
                    Some(self.alert(r, *since, *first))
                }
                _ => None,
            })
            .collect();
        let mut previous = self.base.1;
        let r = self.rules.len();
        for (i, f) in self.fixes.iter().enumerate() {
            let phases = &self.phases[i * r..(i + 1) * r];
            if let Some(p) = previous {
                if f.at - p.at >= self.config.signal_loss_secs {
                    out.push(self.silence(p, Some(f.at)));
                }
            }
            for ((phase, rule), slot) in phases.iter().zip(&self.rules).zip(open.iter_mut()) {
                match (phase, slot.as_ref()) {
                    (
                        Phase::Breach { since, first } | Phase::Clearing { since, first, .. },
                        None,
                    ) => {
                        *slot = Some(self.alert(rule, *since, *first));
                    }
                    (Phase::Clear | Phase::Pending { .. }, Some(a)) => {
                        out.push(Alert {
                            closed_at: Some(f.at),
                            ..*a
                        });
                        *slot = None;
                    }
                    _ => {}
                }
            }
            previous = Some(*f);
        }
        out.extend(open.into_iter().flatten());
        if let Some(p) = previous {
            if self.now - p.at >= self.config.signal_loss_secs {
                out.push(self.silence(p, None));
            }
        }
        out
    }

    fn alert(&self, rule: &FenceRule, since: i64, first: u64) -> Alert {
        Alert {
            rule: Some(rule.key),
            kind: match rule.kind {
                RuleKind::Exclusion => AlertKind::ExclusionEntered,
                RuleKind::Inclusion => AlertKind::InclusionLeft,
                RuleKind::Curfew => AlertKind::CurfewAbsent,
            },
            opened_at: since,
            opened_by: first,
            closed_at: None,
        }
    }

    fn silence(&self, last: Fix, until: Option<i64>) -> Alert {
        Alert {
            rule: None,
            kind: AlertKind::SignalLoss,
            opened_at: last.at + self.config.signal_loss_secs,
            opened_by: last.id,
            closed_at: until,
        }
    }

    /// Report what changed since the last report.
    fn changes(&mut self) -> Vec<AlertChange> {
        let now: BTreeMap<_, Alert> = self.derive().into_iter().map(|a| (a.key(), a)).collect();
        let mut changes = vec![];
        for (key, old) in &self.reported {
            match now.get(key) {
                None => changes.push(AlertChange::Retracted(*old)),
                // Closed, closed at another time, or (a late fix inside the leave
                // dwell) not closed after all.
                Some(new) if new.closed_at != old.closed_at => {
                    changes.push(if new.closed_at.is_some() {
                        AlertChange::Closed(*new)
                    } else {
                        AlertChange::Reopened(*new)
                    });
                }
                _ => {}
            }
        }
        for (key, new) in &now {
            if !self.reported.contains_key(key) {
                changes.push(AlertChange::Opened(Alert {
                    closed_at: None,
                    ..*new
                }));
                if new.closed_at.is_some() {
                    changes.push(AlertChange::Closed(*new));
                }
            }
        }
        self.reported = now;
        changes
    }

    /// Fold fixes older than the lateness allowed into the base, settling their alerts.
    fn compact(&mut self) {
        const COMPACT_SLACK: usize = 64;
        let Some(newest) = self.fixes.last().map(|f| f.at) else {
            return;
        };
        let keep_from = self
            .fixes
            .partition_point(|f| f.at < newest - self.config.max_late_secs);
        // Keep one fix before the window so late fixes have a floor to compare against.
        // Fold only once COMPACT_SLACK fixes have aged out: draining the front of the
        // window moves every fix in it, so doing it on every insert made each fix cost
        // as much as the window is long (measured: 5 µs a fix with 600 retained).
        if keep_from <= 1 + COMPACT_SLACK {
            return;
        }
        let (cut, r) = (keep_from - 1, self.rules.len());
        for f in &self.fixes[..cut] {
            self.seen.remove(&f.id);
        }
        self.base = (
            self.phases[(cut - 1) * r..cut * r].to_vec(),
            Some(self.fixes[cut - 1]),
        );
        self.fixes.drain(..cut);
        self.phases.drain(..cut * r);
        // What was last reported is what the retained stream shows: alerts closed by the
        // new base are settled, and leave the report.
        let horizon = self.base.1.map_or(i64::MIN, |f| f.at);
        let settled: Vec<_> = self
            .reported
            .values()
            .filter(|a| a.closed_at.is_some_and(|c| c <= horizon))
            .copied()
            .collect();
        for a in settled {
            self.reported.remove(&a.key());
            self.settled.push(a);
        }
    }
}
