//! The node's evaluators: one [`SubjectMonitor`] per live tag, kept between batches so a
//! fix newer than the rest (the usual case) is evaluated from the last two fixes alone.
//!
//! The database stays the truth. Each batch keeps its new fixes and bumps the tag's fix
//! count in one transaction with the alerts they change; an evaluator that finds the count
//! moved by another node (workers share the stream), or whose tag's zones, licence or
//! curfew address changed, is rebuilt by replaying the stored fixes. Alert writes are
//! idempotent (an alert is its tag, rule, kind and first breaching fix's time), so a replay
//! or a redelivery converges on the same alerts and never duplicates one. An evaluator is
//! put back only when its transaction commits; a failed one is dropped and rebuilt.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, TimeZone, Utc};
use concord_authz::{Action, Capability};
use concord_authz::{Section, SectionSet};
use concord_domain::EmAlertId;
use concord_geo::fence::{AlertChange, AlertKind, Fix, FixRefused, SubjectMonitor};
use concord_geo::Point;
use concord_store::audit::AuditKind;
use concord_store::{AlertKey, EmAlertRow, EmFixRow, EmTagMark, EmTagRow};
use serde_json::json;
use tokio::sync::watch;

use super::rules::{fence_rules, fingerprint, RuleMeta};
use crate::access::Note;
use crate::kernel::Work;
use crate::{london_date, AppError, Monitoring};

/// How long an evaluator's rules are trusted before they are compared with the record. A
/// write to what they are built from is seen at once (the tag's `rules_rev`); this check
/// catches what time alone changes, such as a curfew whose start date has come.
const RULES_CHECK_SECS: i64 = 60;
/// A rebuilt evaluator replays at most this far before the tag's newest fix.
const MAX_REPLAY_HOURS: i64 = 24;
const SHARDS: usize = 32;

/// One tag's evaluator and what it was built from.
pub(crate) struct Subject {
    pub tag: EmTagRow,
    meta: Vec<RuleMeta>,
    monitor: SubjectMonitor,
    /// The tag's fix count this evaluator has seen.
    seq: i64,
    /// The revision of the tag's rules it was built from.
    rules_rev: i64,
    fingerprint: String,
    checked_at: DateTime<Utc>,
}

pub(crate) type Slot = Arc<tokio::sync::Mutex<Option<Subject>>>;

/// The evaluators by device, in shards so no lock is shared by every batch; and a signal
/// the live alert pages wait on.
#[derive(Clone)]
pub(crate) struct Monitors {
    shards: Arc<[Mutex<HashMap<String, Slot>>]>,
    changed: watch::Sender<u64>,
}

impl Default for Monitors {
    fn default() -> Self {
        Self {
            shards: (0..SHARDS).map(|_| Mutex::new(HashMap::new())).collect(),
            changed: watch::channel(0).0,
        }
    }
}

impl Monitors {
    pub fn slot(&self, device: &str) -> Slot {
        let shard = fnv(device) as usize % SHARDS;
        let mut map = self.shards[shard]
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.entry(device.to_string()).or_default().clone()
    }

    /// Tell the live pages something changed.
    pub fn notify(&self) {
        self.changed.send_modify(|n| *n = n.wrapping_add(1));
    }

    pub fn watch(&self) -> watch::Receiver<u64> {
        self.changed.subscribe()
    }

    /// How many tags this node holds an evaluator for.
    pub fn subjects(&self) -> usize {
        self.shards
            .iter()
            .map(|s| s.lock().map_or(0, |m| m.len()))
            .sum()
    }
}

/// FNV-1a: the engine's fix id from the provider's (and the shard of a device).
pub(crate) fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn engine_fix(f: &EmFixRow) -> Fix {
    Fix {
        id: fnv(&f.fix_id),
        at: f.at.timestamp(),
        point: Point::new(f.longitude, f.latitude),
        accuracy_m: f.accuracy_m,
    }
}

fn instant(unix_s: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(unix_s, 0).single().unwrap_or_default()
}

/// What one device's fixes did.
#[derive(Debug, Clone, Default)]
pub(crate) struct DeviceOutcome {
    pub kept: usize,
    pub duplicates: usize,
    /// Kept as evidence but too late to evaluate (behind the newest fix by more than the
    /// allowed lateness).
    pub late: usize,
    pub raised: Vec<EmAlertId>,
}

/// The alert's kind as stored.
pub(crate) fn kind_code(kind: AlertKind) -> &'static str {
    match kind {
        AlertKind::ExclusionEntered => "exclusion",
        AlertKind::InclusionLeft => "inclusion",
        AlertKind::CurfewAbsent => "curfew",
        AlertKind::SignalLoss => "signal_loss",
    }
}

impl Monitoring<'_> {
    /// Keep and evaluate one device's fixes in `w` (whose feed capability is `cap`).
    /// `slot` holds the device's evaluator, taken out for the unit of work: the caller
    /// puts it back once the unit has committed.
    pub(crate) async fn evaluate_device(
        &self,
        w: &mut Work<'_>,
        cap: &Capability,
        slot: &mut Option<Subject>,
        tag: EmTagRow,
        fixes: Vec<EmFixRow>,
    ) -> Result<DeviceOutcome, AppError> {
        let mut out = DeviceOutcome::default();
        let new = concord_store::insert_em_fixes(w.tx(), cap, &fixes).await?;
        out.kept = new;
        out.duplicates = fixes.len() - new;
        let Some(mark) = concord_store::bump_em_fix_seq(w.tx(), cap, tag.id, new as i64).await?
        else {
            return Err(AppError::NotFound);
        };
        let seq = mark.fix_seq;
        // Every fix goes to the evaluator, kept before or not: it ignores those it has
        // seen, and one kept before and since folded out of its window is older than the
        // window, so refused as too late (and not counted late, being a duplicate).
        let batch: Vec<Fix> = fixes.iter().map(engine_fix).collect();
        let (mut subject, mut changes) = match self
            .reusable(w, cap, slot.take(), &tag, seq - new as i64, mark.rules_rev)
            .await?
        {
            Some(mut s) => {
                // One batch: fixes another worker's batch overtook are put in their
                // places together, the stream re-derived once.
                let (changes, refused) = s.monitor.insert_many(batch);
                let too_late = refused
                    .iter()
                    .filter(|(_, e)| matches!(e, FixRefused::TooLate { .. }))
                    .count();
                out.late += too_late.saturating_sub(out.duplicates);
                (s, changes)
            }
            None => self.rebuild(w, cap, tag, mark).await?,
        };
        subject.seq = seq;
        self.apply(w, cap, &subject, &mut changes, &mut out).await?;
        *slot = Some(subject);
        Ok(out)
    }

    /// Raise signal loss for a device whose silence has lasted, at `now`.
    pub(crate) async fn watch_device(
        &self,
        w: &mut Work<'_>,
        cap: &Capability,
        slot: &mut Option<Subject>,
        tag: EmTagRow,
        now: DateTime<Utc>,
    ) -> Result<DeviceOutcome, AppError> {
        let mut out = DeviceOutcome::default();
        let Some(mark) = concord_store::bump_em_fix_seq(w.tx(), cap, tag.id, 0).await? else {
            return Err(AppError::NotFound);
        };
        let held = slot.take();
        let (mut subject, mut changes) = match self
            .reusable(w, cap, held, &tag, mark.fix_seq, mark.rules_rev)
            .await?
        {
            Some(s) => (s, Vec::new()),
            None => self.rebuild(w, cap, tag, mark).await?,
        };
        changes.extend(subject.monitor.tick(now.timestamp()));
        self.apply(w, cap, &subject, &mut changes, &mut out).await?;
        *slot = Some(subject);
        Ok(out)
    }

    /// The evaluator in the slot, if it saw every fix before this batch (`seen`), was
    /// built from the tag's current rules revision, and its rules still match the record.
    async fn reusable(
        &self,
        w: &mut Work<'_>,
        cap: &Capability,
        held: Option<Subject>,
        tag: &EmTagRow,
        seen: i64,
        rules_rev: i64,
    ) -> Result<Option<Subject>, AppError> {
        let Some(mut s) =
            held.filter(|s| s.tag.id == tag.id && s.seq == seen && s.rules_rev == rules_rev)
        else {
            return Ok(None);
        };
        let now = self.clock.now();
        if now - s.checked_at < Duration::seconds(RULES_CHECK_SECS) {
            return Ok(Some(s));
        }
        let inputs = concord_store::monitoring_inputs(w.tx(), cap, tag.person_id).await?;
        if fingerprint(tag, &inputs, london_date(now)) != s.fingerprint {
            return Ok(None);
        }
        s.checked_at = now;
        Ok(Some(s))
    }

    /// A new evaluator for `tag`, replayed from the stored fixes; the changes the replay
    /// made (already-kept alerts among them, which writing again leaves as they are).
    async fn rebuild(
        &self,
        w: &mut Work<'_>,
        cap: &Capability,
        tag: EmTagRow,
        mark: EmTagMark,
    ) -> Result<(Subject, Vec<AlertChange>), AppError> {
        let now = self.clock.now();
        let today = london_date(now);
        let inputs = concord_store::monitoring_inputs(w.tx(), cap, tag.person_id).await?;
        let settings = &self.settings.em;
        let (rules, meta) = fence_rules(&tag, &inputs, settings.curfew_radius_m, today);
        let mut monitor = SubjectMonitor::new(rules, settings.dwell);
        let mut changes = Vec::new();
        if let Some(newest) = concord_store::newest_em_fix(w.tx(), cap, tag.id).await? {
            let d = settings.dwell;
            let floor = newest - Duration::hours(MAX_REPLAY_HOURS);
            let mut since = newest
                - Duration::seconds(d.max_late_secs + 2 * d.enter_secs.max(d.leave_secs) + 60);
            // Reach back to the first alert still open or closed inside the window, a few
            // times: each step back may take in another.
            for _ in 0..3 {
                match concord_store::earliest_em_alert_live_since(w.tx(), cap, tag.id, since)
                    .await?
                {
                    Some(o) if o - Duration::seconds(d.signal_loss_secs + 1) < since => {
                        since = (o - Duration::seconds(d.signal_loss_secs + 1)).max(floor);
                    }
                    _ => break,
                }
            }
            for f in concord_store::em_fixes_since(w.tx(), cap, tag.id, since.max(floor)).await? {
                if let Ok(c) = monitor.insert(engine_fix(&f)) {
                    changes.extend(c);
                }
            }
        }
        Ok((
            Subject {
                fingerprint: fingerprint(&tag, &inputs, today),
                tag,
                meta,
                monitor,
                seq: mark.fix_seq,
                rules_rev: mark.rules_rev,
                checked_at: now,
            },
            changes,
        ))
    }

    /// Write the engine's changes: open, close or retract each alert (each that changes
    /// anything is audited on the person's record).
    async fn apply(
        &self,
        w: &mut Work<'_>,
        cap: &Capability,
        subject: &Subject,
        changes: &mut [AlertChange],
        out: &mut DeviceOutcome,
    ) -> Result<(), AppError> {
        let now = self.clock.now();
        let tag = &subject.tag;
        for change in changes.iter() {
            let alert = match change {
                AlertChange::Opened(a)
                | AlertChange::Closed(a)
                | AlertChange::Retracted(a)
                | AlertChange::Reopened(a) => a,
            };
            let meta = alert.rule.and_then(|r| subject.meta.get(r as usize));
            let rule = meta.map_or_else(|| "signal".to_string(), RuleMeta::rule_code);
            let kind = kind_code(alert.kind);
            // A breach of a zone counts from when the zone was drawn; one that ended
            // before then is no breach.
            let in_force = meta.and_then(|m| m.in_force_from);
            if let (Some(from), Some(closed)) = (in_force, alert.closed_at) {
                if instant(closed) <= from {
                    continue;
                }
            }
            let opened_at = in_force.map_or(instant(alert.opened_at), |from| {
                from.max(instant(alert.opened_at))
            });
            let key = AlertKey {
                tag: tag.id,
                rule: &rule,
                kind,
                opened_at,
            };
            let (id, what) = match change {
                AlertChange::Opened(_) => {
                    let row = EmAlertRow {
                        id: EmAlertId::new(),
                        person_id: tag.person_id,
                        tag_id: tag.id,
                        kind: kind.into(),
                        rule: rule.clone(),
                        zone_id: meta.and_then(|m| m.zone),
                        opened_at: key.opened_at,
                        raised_at: now,
                        closed_at: alert.closed_at.map(instant),
                        retracted_at: None,
                        acknowledged_by: None,
                        acknowledged_at: None,
                        outcome: None,
                        outcome_note: String::new(),
                        outcome_by: None,
                        outcome_at: None,
                        version: 1,
                    };
                    let kept = concord_store::open_em_alert(w.tx(), cap, &row).await?;
                    out.raised.extend(kept);
                    (kept, "raised an electronic-monitoring alert")
                }
                AlertChange::Closed(a) => {
                    let closed = instant(a.closed_at.unwrap_or(a.opened_at));
                    (
                        concord_store::close_em_alert(w.tx(), cap, key, closed).await?,
                        "closed an electronic-monitoring alert",
                    )
                }
                AlertChange::Reopened(_) => (
                    concord_store::reopen_em_alert(w.tx(), cap, key).await?,
                    "reopened an electronic-monitoring alert a late fix showed had not ended",
                ),
                AlertChange::Retracted(_) => (
                    concord_store::retract_em_alert(w.tx(), cap, key, now).await?,
                    "retracted an electronic-monitoring alert a late fix showed was no breach",
                ),
            };
            if let Some(id) = id {
                w.audit(
                    AuditKind::Collection,
                    Action::Create,
                    Some(tag.person_id.0),
                    what,
                    Note {
                        sections: Some(SectionSet::one(Section::Licence)),
                        detail: Some(
                            json!({"alert": id.0, "tag": tag.id.0, "kind": kind, "rule": rule}),
                        ),
                        ..Note::default()
                    },
                );
            }
        }
        Ok(())
    }
}
