//! The provider's fixes arrive (an HTTP batch, or messages from NATS JetStream): kept once
//! each, evaluated against the person's zones and curfew, and the alerts they change
//! written — all in one unit of work, audited on each person's record.

use std::collections::BTreeMap;

use concord_authz::{Action, Actor, Resource, ResourceKind, Section, SectionSet};
use concord_domain::{FieldError, ValidationErrors};
use concord_store::audit::AuditKind;
use concord_store::{EmFixRow, EmTagRow};
use serde::Serialize;
use serde_json::json;
use tokio::sync::OwnedMutexGuard;

use super::engine::{DeviceOutcome, Subject};
use super::fixes::ValidFix;
use crate::access::Note;
use crate::{AppError, Monitoring};

/// What a batch did, as the provider is told it: counts only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FixesAccepted {
    pub received: usize,
    /// New fixes kept.
    pub kept: usize,
    /// Fixes kept before (a resent batch): nothing changes.
    pub duplicates: usize,
    /// Kept but too late to evaluate (the alerts around them are settled).
    pub late: usize,
    pub alerts_raised: usize,
    /// Fixes of devices fitted to no one, when the caller asked to skip them (the stream
    /// dead-letters them); a batch over HTTP is refused instead.
    #[serde(skip)]
    pub unknown_devices: Vec<String>,
}

/// What to do with fixes from a device fitted to no one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnknownDevices {
    /// Refuse the whole batch, naming each (HTTP).
    Refuse,
    /// Keep the rest and report them (the stream sends them to the dead-letter subject).
    Skip,
}

impl Monitoring<'_> {
    /// Keep and evaluate a batch of checked fixes as `actor` (the provider's service
    /// account). Nothing is written unless all of it is.
    pub async fn submit_fixes(
        &self,
        actor: &Actor,
        fixes: Vec<ValidFix>,
        unknown: UnknownDevices,
    ) -> Result<FixesAccepted, AppError> {
        let feed = Resource::other(ResourceKind::MonitoringFeed, None);
        if concord_authz::authorize(actor, Action::Create, &feed).is_err() {
            // Decided in a unit of work of its own so the refusal is audited.
            return self
                .run(actor, async |w| {
                    w.decide(Action::Create, &feed)?;
                    Err(AppError::Internal(
                        "the feed was refused and then allowed".into(),
                    ))
                })
                .await;
        }
        let received = fixes.len();
        let mut by_device: BTreeMap<String, Vec<ValidFix>> = BTreeMap::new();
        for f in fixes {
            by_device.entry(f.device.clone()).or_default().push(f);
        }
        // Each device's evaluator, locked in device order (so two batches never wait on
        // each other crosswise) and taken out for the unit of work.
        let mut guards: Vec<OwnedMutexGuard<Option<Subject>>> = Vec::new();
        for device in by_device.keys() {
            guards.push(self.monitors.slot(device).lock_owned().await);
        }
        let mut taken: Vec<Option<Subject>> = guards.iter_mut().map(|g| g.take()).collect();
        let now = self.clock.now();
        let result = self
            .run(actor, async |w| {
                let cap = w.decide(Action::Create, &feed)?;
                let mut tags: Vec<Option<EmTagRow>> = Vec::new();
                let mut missing = ValidationErrors::new();
                let mut report = FixesAccepted {
                    received,
                    ..FixesAccepted::default()
                };
                for ((device, fixes), held) in by_device.iter().zip(&taken) {
                    let tag = match held {
                        Some(s) => Some(s.tag.clone()),
                        None => concord_store::live_em_tag(w.tx(), &cap, device).await?,
                    };
                    if tag.is_none() {
                        report.unknown_devices.push(device.clone());
                        missing.push(FieldError::new(
                            format!("{}.device", fixes[0].place),
                            "unknown_device",
                            format!(
                                "No tag is fitted with device {device} ({} fixes in the batch)",
                                fixes.len()
                            ),
                        ));
                    }
                    tags.push(tag);
                }
                if unknown == UnknownDevices::Refuse && !missing.errors.is_empty() {
                    return Err(AppError::Validation(missing));
                }
                for (((_, fixes), held), tag) in by_device.iter().zip(taken.iter_mut()).zip(tags) {
                    let Some(tag) = tag else { continue };
                    let rows = fixes
                        .iter()
                        .map(|f| EmFixRow {
                            tag_id: tag.id,
                            fix_id: f.id.clone(),
                            person_id: tag.person_id,
                            at: f.at,
                            longitude: f.lon,
                            latitude: f.lat,
                            accuracy_m: f.accuracy_m,
                            received_at: now,
                        })
                        .collect();
                    let (person, tag_id) = (tag.person_id, tag.id);
                    let out: DeviceOutcome = self.evaluate_device(w, &cap, held, tag, rows).await?;
                    w.audit(
                        AuditKind::Collection,
                        Action::Create,
                        Some(person.0),
                        "the monitoring provider sent location fixes",
                        Note {
                            sections: Some(SectionSet::one(Section::Licence)),
                            detail: Some(json!({
                                "tag": tag_id.0, "fixes": fixes.len(), "kept": out.kept,
                                "duplicates": out.duplicates, "late": out.late,
                                "alerts_raised": out.raised.len(),
                            })),
                            ..Note::default()
                        },
                    );
                    report.kept += out.kept;
                    report.duplicates += out.duplicates;
                    report.late += out.late;
                    report.alerts_raised += out.raised.len();
                }
                Ok(report)
            })
            .await;
        if result.is_ok() {
            for (guard, subject) in guards.iter_mut().zip(taken) {
                **guard = subject;
            }
            if result.as_ref().is_ok_and(|r| r.kept > 0) {
                self.monitors.notify();
            }
        }
        result
    }
}
