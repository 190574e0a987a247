//! What a tag enforces, as the geofence engine's rules: the person's zones in force (each
//! time window a rule of its own) and the licence's curfew at the approved curfew address.
//! A voluntary tag enforces nothing: its fixes are recorded and signal loss is watched.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Timelike, Utc};
use concord_domain::{ZoneId, ZoneKind};
use concord_geo::fence::{FenceRule, PreparedZone, RuleKind, TimeWindow};
use concord_geo::{parse_geojson, Limits, Point};
use concord_licence::curfew::curfew_from_condition;
use concord_store::{EmTagRow, MonitoringInputs};

use crate::manage::conditions_of;

/// What a rule is, for the alerts it raises.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RuleMeta {
    pub kind: RuleKind,
    pub zone: Option<ZoneId>,
    /// When the zone was drawn: a breach counts from then, never from a fix before it
    /// (a rebuilt evaluator replays the last minutes' fixes against the new zone too).
    pub in_force_from: Option<DateTime<Utc>>,
}

impl RuleMeta {
    /// The alert's `rule` column.
    pub fn rule_code(&self) -> String {
        match self.zone {
            Some(z) => format!("zone:{}", z.0),
            None => "curfew".into(),
        }
    }
}

/// The kinds of rule a tag enforces (`enforces` as stored).
pub(crate) fn enforced(tag: &EmTagRow) -> Vec<RuleKind> {
    let Some(list) = tag.enforces.as_array() else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|v| match v.as_str() {
            Some("exclusion") => Some(RuleKind::Exclusion),
            Some("inclusion") => Some(RuleKind::Inclusion),
            Some("curfew") => Some(RuleKind::Curfew),
            _ => None,
        })
        .collect()
}

/// `HH:MM-HH:MM` windows, comma-separated (as zones keep them); empty is always. A
/// window that does not read is skipped: zones are validated when they are kept.
fn windows(text: &str) -> Vec<TimeWindow> {
    let minute = |t: &str| -> Option<u16> {
        let (h, m) = t.trim().split_once(':')?;
        let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
        (h < 24 && m < 60).then_some(h * 60 + m)
    };
    if text.trim().is_empty() {
        return vec![TimeWindow::Always];
    }
    text.split(',')
        .filter_map(|w| {
            let (from, until) = w.split_once('-')?;
            Some(TimeWindow::Daily {
                from: minute(from)?,
                until: minute(until)?,
            })
        })
        .collect()
}

/// The engine's rules for a tag on `today` (UK date), keyed by their index in the
/// returned metadata.
pub(crate) fn fence_rules(
    tag: &EmTagRow,
    inputs: &MonitoringInputs,
    curfew_radius_m: f64,
    today: NaiveDate,
) -> (Vec<FenceRule>, Vec<RuleMeta>) {
    let kinds = enforced(tag);
    let mut rules = Vec::new();
    let mut meta = Vec::new();
    let mut push = |kind: RuleKind,
                    zone: Arc<PreparedZone>,
                    window,
                    id: Option<ZoneId>,
                    in_force_from: Option<DateTime<Utc>>| {
        rules.push(FenceRule {
            key: meta.len() as u64,
            kind,
            zone,
            window,
        });
        meta.push(RuleMeta {
            kind,
            zone: id,
            in_force_from,
        });
    };
    let limits = Limits::default();
    for z in &inputs.zones {
        let kind = match z.kind {
            ZoneKind::Exclusion => RuleKind::Exclusion,
            ZoneKind::Inclusion => RuleKind::Inclusion,
        };
        if !kinds.contains(&kind) {
            continue;
        }
        let Some(shape) = z
            .geometry
            .as_ref()
            .and_then(|g| parse_geojson(g, &limits).ok())
        else {
            continue;
        };
        let prepared = Arc::new(PreparedZone::from_zone(&shape));
        for window in windows(&z.windows) {
            push(
                kind,
                prepared.clone(),
                window,
                Some(z.id),
                Some(z.created_at),
            );
        }
    }
    if kinds.contains(&RuleKind::Curfew) {
        if let (Some(licence), Some(home)) = (&inputs.licence, inputs.curfew_addresses.first()) {
            let conditions = conditions_of(licence).unwrap_or_default();
            let curfew = conditions
                .iter()
                .find_map(|c| curfew_from_condition(&c.condition, licence.release_date, None).ok());
            if let Some(c) = curfew.filter(|c| c.from <= today) {
                let days = c.days.iter().fold(0u8, |m, d| m | (1 << d.index()));
                let at = |t: chrono::NaiveTime| (t.hour() * 60 + t.minute()) as u16;
                let circle = PreparedZone::circle(
                    Point::new(home.longitude, home.latitude),
                    curfew_radius_m,
                );
                push(
                    RuleKind::Curfew,
                    Arc::new(circle),
                    TimeWindow::Days {
                        from: at(c.start),
                        until: at(c.end),
                        days,
                    },
                    None,
                    None,
                );
            }
        }
    }
    (rules, meta)
}

/// A fingerprint of what the rules were built from on `today` (a curfew starts on a date):
/// a tag whose zones, licence or curfew address changed is rebuilt.
pub(crate) fn fingerprint(tag: &EmTagRow, inputs: &MonitoringInputs, today: NaiveDate) -> String {
    let mut s = format!("{}:{}:{today}|", tag.id.0, tag.enforces);
    for z in &inputs.zones {
        s.push_str(&format!(
            "{}:{}:{};",
            z.id.0,
            z.windows,
            z.geometry.is_some()
        ));
    }
    if let Some(l) = &inputs.licence {
        s.push_str(&format!("L{}:{}|", l.id.0, l.version));
    }
    if let Some(a) = inputs.curfew_addresses.first() {
        s.push_str(&format!("A{}:{}", a.id.0, a.version));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_windows_read_as_daily_windows_and_empty_is_always() {
        assert_eq!(windows(""), vec![TimeWindow::Always]);
        assert_eq!(
            windows("08:00-09:30, 15:00-16:00"),
            vec![
                TimeWindow::Daily {
                    from: 480,
                    until: 570
                },
                TimeWindow::Daily {
                    from: 900,
                    until: 960
                }
            ]
        );
        assert_eq!(windows("25:00-26:00"), Vec::new());
    }
}
