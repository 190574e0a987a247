//! The chronology: one timeline per person merging every dated fact and event from every
//! agency, newest first (the MoJ timeline pattern). Serious case reviews build this by
//! hand; here it is always there.

use chrono::NaiveDate;
use concord_authz::{Action, Actor, SectionSet};
use concord_domain::{format_date, EventType, PersonId};
use concord_store::audit::AuditKind;
use concord_store::events;
use serde::Serialize;

use super::names::Names;
use super::view::PersonRecord;
use crate::access::Note;
use crate::{AppError, People};

#[derive(Debug, Clone, Serialize)]
pub struct ChronologyEntry {
    pub date: NaiveDate,
    pub event_type: EventType,
    pub agency: String,
    pub title: String,
    pub detail: String,
    /// For an entry in a restricted section or withheld from the person: what it is, so
    /// nobody copies it into a letter or a partner's referral by mistake.
    pub restricted: Vec<String>,
}

/// Narrow the timeline to one agency (by name) and/or one event type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChronologyFilter {
    pub agency: Option<String>,
    pub event_type: Option<EventType>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Chronology {
    pub record: PersonRecord,
    pub entries: Vec<ChronologyEntry>,
    /// Every agency and event type present before filtering, for the filter controls.
    pub agencies: Vec<String>,
    pub event_types: Vec<EventType>,
}

impl People<'_> {
    pub async fn chronology(
        &self,
        actor: &Actor,
        person: PersonId,
        filter: &ChronologyFilter,
    ) -> Result<Chronology, AppError> {
        self.run_page(actor, async |w| {
            let cap = w.person(Action::Read, person, SectionSet::all()).await?;
            let mut record = self.load_record(w.tx(), &cap, person, 0).await?;
            record.key_facts = super::KeyFacts::read(w, person).await?;
            let names = Names::load(w.tx(), &[]).await?;
            let mut entries = Vec::new();
            let entry =
                |date, event_type, agency: String, title: String, detail: String| ChronologyEntry {
                    date,
                    event_type,
                    agency,
                    title,
                    detail,
                    restricted: vec![],
                };
            // Entries only from the sections the actor may read (the store filters them).
            for e in events(w.tx(), &cap, person).await? {
                let Some(t) = EventType::from_code(&e.event_type) else {
                    continue;
                };
                let mut item = entry(
                    e.occurred_on,
                    t,
                    names.agency(e.agency_id),
                    t.label().to_string(),
                    e.summary,
                );
                if let Some(s) =
                    concord_authz::Section::from_code(&e.section).filter(|s| s.is_restricted())
                {
                    item.restricted
                        .push(format!("Restricted: {}", s.label().to_lowercase()));
                }
                if e.withheld_from_person {
                    item.restricted.push("Do not disclose to the person".into());
                }
                entries.push(item);
            }
            for o in &record.offences {
                entries.push(entry(
                    o.offence_date,
                    EventType::Offence,
                    o.agency.clone(),
                    format!("Offence: {}", o.description),
                    format!("Home Office code {} ({})", o.offence_code, o.category),
                ));
                if let Some(c) = o.conviction_date {
                    let disposal = o
                        .disposal
                        .map(|d| format!(" – {}", d.label()))
                        .unwrap_or_default();
                    entries.push(entry(
                        c,
                        EventType::Conviction,
                        o.agency.clone(),
                        format!("Convicted: {}", o.description),
                        format!("Offence on {}{disposal}", format_date(o.offence_date)),
                    ));
                }
            }
            for s in &record.sentences {
                entries.push(entry(
                    s.start_date,
                    EventType::Sentence,
                    s.agency.clone(),
                    format!("{} started", s.kind.label()),
                    s.description.clone().unwrap_or_default(),
                ));
                if let Some(r) = s.release_date {
                    entries.push(entry(
                        r,
                        EventType::Release,
                        s.agency.clone(),
                        "Release".into(),
                        format!("From {}", s.kind.label().to_lowercase()),
                    ));
                }
                if let Some(end) = s.end_date {
                    entries.push(entry(
                        end,
                        EventType::Sentence,
                        s.agency.clone(),
                        format!("{} ends", s.kind.label()),
                        String::new(),
                    ));
                }
            }
            for a in &record.addresses {
                let postcode = a.postcode.clone().unwrap_or_default();
                entries.push(entry(
                    a.from_date,
                    EventType::AddressChange,
                    a.agency.clone(),
                    format!("Moved to {} ({})", a.town, a.kind.label().to_lowercase()),
                    format!("{} {}", a.line1, postcode).trim().to_string(),
                ));
            }
            for m in &record.markers {
                entries.push(entry(
                    m.raised_on,
                    EventType::WarningMarker,
                    m.agency.clone(),
                    format!("Warning marker: {}", m.kind.label()),
                    m.note.clone(),
                ));
            }
            // Links with other records of the same person, and their undoing: for the
            // responsible authority (a partner is not told which agencies hold records).
            if actor.agency_kind.is_responsible_authority()
                && cap.sections().contains(concord_authz::Section::Identity)
            {
                for l in self.identify().links_in(w.tx(), &cap, person).await? {
                    let how = if l.kind == concord_domain::LinkKind::Automatic {
                        "automatically".to_string()
                    } else {
                        format!("by {}", l.linked_by.clone().unwrap_or_default())
                    };
                    entries.push(entry(
                        crate::london_date(l.linked_at),
                        EventType::RecordsCombined,
                        l.agency.clone(),
                        format!("Linked with {}'s record as the same person", l.agency),
                        format!("Linked {how}: {}", l.reason),
                    ));
                    if let Some(at) = l.unlinked_at {
                        entries.push(entry(
                            crate::london_date(at),
                            EventType::RecordsCombined,
                            l.agency.clone(),
                            format!("Unlinked from {}'s record: not the same person", l.agency),
                            format!(
                                "Unlinked by {}: {}",
                                l.unlinked_by.clone().unwrap_or_default(),
                                l.unlink_reason.clone().unwrap_or_default()
                            ),
                        ));
                    }
                }
            }
            // Risk reviews as signed, and the tasks a rise in risk set.
            if cap.sections().contains(concord_authz::Section::Risk) {
                for a in concord_store::assessments(
                    w.tx(),
                    &cap,
                    person,
                    concord_domain::AssessmentKind::Rosh,
                )
                .await?
                {
                    let Some(at) = a
                        .signed_at
                        .filter(|_| a.status == concord_domain::AssessmentStatus::Signed)
                    else {
                        continue;
                    };
                    let level = a
                        .overall_level
                        .as_deref()
                        .and_then(crate::level_from_code)
                        .map_or("not recorded".to_string(), |l| l.label().to_lowercase());
                    entries.push(entry(
                        crate::london_date(at),
                        EventType::Assessment,
                        names.agency(a.agency_id),
                        format!("Risk of serious harm review signed off: {level}"),
                        match &a.tier {
                            Some(t) => format!("Tier {t}"),
                            None => String::new(),
                        },
                    ));
                }
                for t in concord_store::tasks_of(w.tx(), &cap, person).await? {
                    entries.push(entry(
                        crate::london_date(t.created_at),
                        EventType::Task,
                        names.agency(t.agency_id),
                        format!("Task set: {}", t.title),
                        format!(
                            "{} Due {}{}",
                            t.reason,
                            format_date(t.due_on),
                            if t.done_at.is_some() { " (done)" } else { "" }
                        ),
                    ));
                }
            }
            // Electronic monitoring: tags fitted and removed, and the alerts (not those a
            // late fix retracted), with what was done about them.
            if cap.sections().contains(concord_authz::Section::Licence) {
                for t in concord_store::em_tags_of(w.tx(), &cap, person).await? {
                    let tag = crate::TagView::from_row(&t);
                    entries.push(entry(
                        crate::london_date(t.fitted_at),
                        EventType::ElectronicMonitoring,
                        names.agency(t.agency_id),
                        format!("Tag {} fitted", t.device_id),
                        format!("Enforces: {}", tag.enforces),
                    ));
                    if let Some(at) = t.removed_at {
                        entries.push(entry(
                            crate::london_date(at),
                            EventType::ElectronicMonitoring,
                            names.agency(t.agency_id),
                            format!("Tag {} removed", t.device_id),
                            t.removal_reason.clone(),
                        ));
                    }
                }
                let alerts = self.monitoring().alerts_in(w, &cap, person).await?;
                for a in alerts.iter().filter(|a| !a.retracted) {
                    let handled = match (a.outcome_label, &a.acknowledged_by) {
                        (Some(o), _) => format!("{o}: {}", a.outcome_note),
                        (None, Some(by)) => format!("Acknowledged by {by}"),
                        (None, None) if a.open() => "Open: not yet acknowledged".into(),
                        (None, None) => "Not acknowledged".into(),
                    };
                    entries.push(entry(
                        crate::london_date(a.opened_at),
                        EventType::ElectronicMonitoring,
                        "Electronic monitoring".into(),
                        format!("Alert: {}", a.title),
                        handled,
                    ));
                }
            }
            // MAPPA referrals, from the referral itself: its date is the one the MAPPA
            // tab and the MAPPA A show, never a second, typed copy.
            if cap.sections().contains(concord_authz::Section::Management) {
                for r in concord_store::mappa_referrals_of(w.tx(), &cap, person).await? {
                    entries.push(entry(
                        r.referred_on,
                        EventType::Referral,
                        names.agency(r.referring_agency_id),
                        format!(
                            "Referred to MAPPA: {} requested",
                            crate::mappa::mappa_level_label(r.level_requested)
                        ),
                        crate::mappa::timing(r.referred_on, r.release_on),
                    ));
                }
            }
            // Approved-premises stays, read under the stay's own decision (granted to
            // whoever reads the licence section).
            if cap.sections().contains(concord_authz::Section::Licence) {
                for (day, premises, title, detail) in
                    crate::premises::stay_entries(w, person).await?
                {
                    entries.push(entry(
                        day,
                        EventType::ApprovedPremises,
                        premises,
                        title,
                        detail,
                    ));
                }
            }
            // What has happened, not what is planned: a sentence's end date or a release
            // still to come is a key date (shown on the record and caseload), not an event.
            let today = self.clock.today();
            entries.retain(|e| e.date <= today);
            let mut agencies: Vec<String> = entries.iter().map(|e| e.agency.clone()).collect();
            agencies.sort();
            agencies.dedup();
            let mut event_types: Vec<EventType> = entries.iter().map(|e| e.event_type).collect();
            event_types.sort_by_key(|t| t.label());
            event_types.dedup();
            entries.retain(|e| {
                filter.agency.as_ref().is_none_or(|a| &e.agency == a)
                    && filter.event_type.is_none_or(|t| e.event_type == t)
            });
            entries.sort_by_key(|e| std::cmp::Reverse(e.date));
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                Some(person.0),
                "viewed the chronology",
                Note::sections(cap.sections()),
            );
            Ok(Chronology {
                record,
                entries,
                agencies,
                event_types,
            })
        })
        .await
    }
}
