//! Electronic-monitoring alerts as staff see them: one alert with its track on the zone
//! map, acknowledged and given an outcome; and a person's alerts on the monitoring tab.
//!
//! Need-to-know: an alert on a zone round a victim's home names the zone but, to a reader
//! without the victim section, neither maps it nor shows the track that entered it (the
//! track inside the zone would draw her home); the victim it protects is named only to
//! those who hold her section.

use chrono::{DateTime, Duration, Utc};
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{EmAlertId, FieldError, PersonId, ValidationErrors, VictimId, ZoneId};
use concord_store::audit::AuditKind;
use concord_store::{EmAlertRow, ZoneRow};
use serde::Serialize;
use serde_json::json;

use crate::access::Note;
use crate::kernel::Work;
use crate::person::Names;
use crate::{AppError, Monitoring, ZoneView};

/// What can be done about an alert.
pub const OUTCOMES: [(&str, &str); 4] = [
    ("no_action", "No action: explained or not a breach"),
    ("contact", "Contacted the person"),
    ("warning", "Warning given"),
    ("recall", "Recall requested"),
];
/// Fixes drawn before and after an alert.
const TRACK_MARGIN_MINUTES: i64 = 15;
const TRACK_LIMIT: i64 = 2_000;

#[derive(Debug, Clone, Serialize)]
pub struct AlertView {
    pub id: EmAlertId,
    pub person: PersonId,
    pub kind: String,
    /// "Entered exclusion zone Writtle Road", "Away from the curfew address", "No signal".
    pub title: String,
    pub zone: Option<ZoneId>,
    /// The zone is round a victim's home.
    pub round_victim: bool,
    pub opened_at: DateTime<Utc>,
    pub raised_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub retracted: bool,
    pub acknowledged_by: Option<String>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub outcome: Option<String>,
    pub outcome_label: Option<&'static str>,
    pub outcome_note: String,
    pub outcome_by: Option<String>,
    pub version: i64,
}

impl AlertView {
    pub(crate) fn from_row(a: &EmAlertRow, zones: &[ZoneRow], names: &Names) -> Self {
        let zone = a.zone_id.and_then(|z| zones.iter().find(|r| r.id == z));
        let zone_name = zone.map_or_else(|| "a zone".to_string(), |z| z.name.clone());
        let title = match a.kind.as_str() {
            "exclusion" => format!("Entered exclusion zone {zone_name}"),
            "inclusion" => format!("Left inclusion zone {zone_name}"),
            "curfew" => "Away from the curfew address in curfew hours".to_string(),
            _ => "No signal from the tag (possible tamper)".to_string(),
        };
        AlertView {
            id: a.id,
            person: a.person_id,
            kind: a.kind.clone(),
            title,
            zone: a.zone_id,
            round_victim: zone.is_some_and(|z| z.victim_id.is_some()),
            opened_at: a.opened_at,
            raised_at: a.raised_at,
            closed_at: a.closed_at,
            retracted: a.retracted_at.is_some(),
            acknowledged_by: a.acknowledged_by.map(|u| names.user(Some(u))),
            acknowledged_at: a.acknowledged_at,
            outcome: a.outcome.clone(),
            outcome_label: a
                .outcome
                .as_deref()
                .and_then(|o| OUTCOMES.iter().find(|(c, _)| *c == o).map(|(_, l)| *l)),
            outcome_note: a.outcome_note.clone(),
            outcome_by: a.outcome_by.map(|u| names.user(Some(u))),
            version: a.version,
        }
    }

    pub fn open(&self) -> bool {
        self.closed_at.is_none() && !self.retracted
    }
}

/// A fix on an alert's track.
#[derive(Debug, Clone, Serialize)]
pub struct TrackPoint {
    pub at: DateTime<Utc>,
    pub lat: f64,
    pub lon: f64,
    pub accuracy_m: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct AlertPage {
    pub person_name: String,
    pub alert: AlertView,
    pub zones: Vec<ZoneView>,
    /// `None` when withheld (see the module doc).
    pub track: Option<Vec<TrackPoint>>,
    /// The victim the zone protects, to a reader of her section.
    pub victim: Option<(VictimId, String)>,
    pub may_act: bool,
}

/// An outcome as the form posts it.
#[derive(Debug, Clone, Default)]
pub struct OutcomeForm {
    pub outcome: String,
    pub note: String,
    pub version: i64,
}

impl Monitoring<'_> {
    /// A person's alerts with the zones they name, read under `cap` in `w` (audited by
    /// the caller's consultation).
    pub(crate) async fn alerts_in(
        &self,
        w: &mut Work<'_>,
        cap: &concord_authz::Capability,
        person: PersonId,
    ) -> Result<Vec<AlertView>, AppError> {
        let rows = concord_store::em_alerts_of(w.tx(), cap, person).await?;
        let zones = concord_store::zones_of(w.tx(), cap, person).await?;
        let mut users: Vec<_> = rows
            .iter()
            .flat_map(|a| [a.acknowledged_by, a.outcome_by])
            .flatten()
            .collect();
        users.sort_by_key(|u| u.0);
        users.dedup();
        let names = Names::load(w.tx(), &users).await?;
        Ok(rows
            .iter()
            .map(|a| AlertView::from_row(a, &zones, &names))
            .collect())
    }

    pub async fn alert_page(&self, actor: &Actor, alert: EmAlertId) -> Result<AlertPage, AppError> {
        self.run_page(actor, async |w| {
            let person = concord_store::em_alert_person(w.tx(), alert)
                .await?
                .ok_or(AppError::NotFound)?;
            let cap = self
                .manage()
                .read_with_victim(w.tx(), actor, person, SectionSet::one(Section::Licence))
                .await?;
            let reads_victim = cap.sections().contains(Section::Victim);
            let person_name = self.people().record_header_in(w, person).await?.full_name();
            let alerts = self.alerts_in(w, &cap, person).await?;
            let view = alerts
                .into_iter()
                .find(|a| a.id == alert)
                .ok_or(AppError::NotFound)?;
            let zone_rows = concord_store::zones_of(w.tx(), &cap, person).await?;
            let zones: Vec<ZoneView> = zone_rows
                .iter()
                .map(|z| ZoneView::from_row(z, reads_victim))
                .collect();
            let rows = concord_store::em_alerts_of(w.tx(), &cap, person).await?;
            let row = rows
                .iter()
                .find(|a| a.id == alert)
                .ok_or(AppError::NotFound)?;
            let track = if view.round_victim && !reads_victim {
                None
            } else {
                let until = row.closed_at.unwrap_or_else(|| self.clock.now());
                let margin = Duration::minutes(TRACK_MARGIN_MINUTES);
                let fixes = concord_store::em_track(
                    w.tx(),
                    &cap,
                    person,
                    row.tag_id,
                    row.opened_at - margin,
                    until + margin,
                    TRACK_LIMIT,
                )
                .await?;
                Some(
                    fixes
                        .into_iter()
                        .map(|f| TrackPoint {
                            at: f.at,
                            lat: f.latitude,
                            lon: f.longitude,
                            accuracy_m: f.accuracy_m,
                        })
                        .collect(),
                )
            };
            let victim = match (
                reads_victim,
                view.zone
                    .and_then(|z| zone_rows.iter().find(|r| r.id == z))
                    .and_then(|z| z.victim_id),
            ) {
                (true, Some(v)) => concord_store::victims_of(w.tx(), &cap, person)
                    .await?
                    .into_iter()
                    .find(|r| r.id == v)
                    .map(|r| (r.id, r.name)),
                _ => None,
            };
            let sections = if victim.is_some() || (view.round_victim && reads_victim) {
                cap.sections()
            } else {
                SectionSet::one(Section::Licence)
            };
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                Some(person.0),
                "viewed an electronic-monitoring alert",
                Note {
                    sections: Some(sections),
                    detail: Some(json!({"alert": alert.0})),
                    ..Note::default()
                },
            );
            let resource = w.resource(person).await?;
            let may_act = concord_authz::decide(
                actor,
                Action::Change,
                &resource.sections(SectionSet::one(Section::Licence)),
            )
            .allowed;
            Ok(AlertPage {
                person_name,
                alert: view,
                zones,
                track,
                victim,
                may_act,
            })
        })
        .await
    }

    pub async fn acknowledge_alert(
        &self,
        actor: &Actor,
        alert: EmAlertId,
        version: i64,
    ) -> Result<PersonId, AppError> {
        self.run(actor, async |w| {
            let person = concord_store::em_alert_person(w.tx(), alert)
                .await?
                .ok_or(AppError::NotFound)?;
            let cap = w
                .person(Action::Change, person, SectionSet::one(Section::Licence))
                .await?;
            concord_store::acknowledge_em_alert(
                w.tx(),
                &cap,
                person,
                alert,
                actor.user_id,
                self.clock.now(),
                version,
            )
            .await?;
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(person.0),
                "acknowledged an electronic-monitoring alert",
                Note {
                    sections: Some(SectionSet::one(Section::Licence)),
                    detail: Some(json!({"alert": alert.0})),
                    ..Note::default()
                },
            );
            Ok(person)
        })
        .await
        .inspect(|_| self.monitors.notify())
    }

    /// Record what was done; returns the person and whether a recall was chosen (the
    /// caller then takes the officer to the recall request).
    pub async fn record_alert_outcome(
        &self,
        actor: &Actor,
        alert: EmAlertId,
        form: &OutcomeForm,
    ) -> Result<(PersonId, bool), AppError> {
        self.run(actor, async |w| {
            let person = concord_store::em_alert_person(w.tx(), alert)
                .await?
                .ok_or(AppError::NotFound)?;
            let cap = w
                .person(Action::Change, person, SectionSet::one(Section::Licence))
                .await?;
            let mut errors = ValidationErrors::new();
            if !OUTCOMES.iter().any(|(c, _)| *c == form.outcome) {
                errors.push(FieldError::new(
                    "outcome",
                    "required",
                    "Select what was done about the alert",
                ));
            }
            if form.note.trim().is_empty() {
                errors.push(FieldError::new(
                    "note",
                    "required",
                    "Say what was found and done (who was contacted, what they said)",
                ));
            }
            if !errors.errors.is_empty() {
                return Err(AppError::Validation(errors));
            }
            concord_store::record_em_alert_outcome(
                w.tx(),
                &cap,
                person,
                alert,
                &form.outcome,
                form.note.trim(),
                actor.user_id,
                self.clock.now(),
                form.version,
            )
            .await?;
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(person.0),
                "recorded an electronic-monitoring alert's outcome",
                Note {
                    sections: Some(SectionSet::one(Section::Licence)),
                    detail: Some(json!({"alert": alert.0, "outcome": form.outcome})),
                    ..Note::default()
                },
            );
            Ok((person, form.outcome == "recall"))
        })
        .await
        .inspect(|_| self.monitors.notify())
    }
}
