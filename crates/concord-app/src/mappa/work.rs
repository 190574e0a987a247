//! The MAPPA coordinator's and chair's list of what is due in the area: referrals
//! awaiting screening (late ones first), reviews overdue and due soon, and spells whose
//! eligibility is about to end. Each person on it is decided one by one: only people the
//! actor may read are listed, and the view is audited once, naming how many were shown.

use chrono::{Duration, NaiveDate};
use concord_authz::{
    authorize, Action, Actor, ListScope, Permission, Resource, Section, SectionSet,
};
use concord_domain::PersonId;
use concord_store::audit::AuditKind;
use serde::Serialize;
use serde_json::json;

use super::mappa_level_label;
use crate::access::Note;
use crate::kernel::Work;
use crate::{AppError, MappaCase};

/// Reviews due within this many days are listed as "due soon".
pub const DUE_SOON_DAYS: i64 = 28;

#[derive(Debug, Clone, Serialize)]
pub struct MappaWorkItem {
    pub person_id: PersonId,
    pub name: String,
    pub category: String,
    pub level: String,
    pub date: NaiveDate,
    /// Past its date (a review overdue) or late (a referral made late).
    pub flagged: bool,
    pub note: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct MappaWork {
    pub area: String,
    pub awaiting_screening: Vec<MappaWorkItem>,
    pub reviews: Vec<MappaWorkItem>,
    pub ending: Vec<MappaWorkItem>,
    pub open_cases: usize,
}

impl MappaCase<'_> {
    /// The name of a person whose MAPPA record (identity and management) the actor may
    /// read, or `None` if they may not: lists simply leave them out, writing nothing.
    pub(crate) async fn mappa_case_name(
        &self,
        tx: &mut concord_store::Tx,
        actor: &Actor,
        person: PersonId,
    ) -> Result<Option<String>, AppError> {
        let resource = match self.person_resource(tx, actor, person).await {
            Ok(r) => r,
            Err(AppError::NotFound) => return Ok(None),
            Err(e) => return Err(e),
        };
        let wanted = SectionSet::of(&[Section::Identity, Section::Management]);
        let Ok(cap) = authorize(actor, Action::Read, &resource.sections(wanted)) else {
            return Ok(None);
        };
        if !cap.sections().contains(Section::Management) {
            return Ok(None);
        }
        Ok(concord_store::person(tx, &cap, person).await?.map(|p| {
            concord_domain::display_name(&p.given_name, p.middle_names.as_deref(), &p.family_name)
        }))
    }

    /// What is due in the area. For those who run MAPPA only.
    pub async fn mappa_work(&self, actor: &Actor) -> Result<MappaWork, AppError> {
        self.run(actor, async |w| self.mappa_work_in(w).await).await
    }

    /// [`Self::mappa_work`] within a unit of work (the MAPPA work page, with the meetings
    /// and overdue actions).
    pub(crate) async fn mappa_work_in(&self, w: &mut Work<'_>) -> Result<MappaWork, AppError> {
        let actor = w.actor();
        if !actor.has(Permission::MappaManage) {
            return Err(AppError::NotFound);
        }
        let list = w.decide(Action::Read, &Resource::list(ListScope::Related))?;
        let area = self.settings.mappa.area.clone();
        let today = self.clock.today();
        let mut work = MappaWork {
            area: area.clone(),
            ..MappaWork::default()
        };
        for r in concord_store::referrals_awaiting_screening(w.tx(), &list, &area).await? {
            let Some(name) = self.mappa_case_name(w.tx(), actor, r.person_id).await? else {
                continue;
            };
            work.awaiting_screening.push(MappaWorkItem {
                person_id: r.person_id,
                name,
                category: String::new(),
                level: format!("{} requested", mappa_level_label(r.level_requested)),
                date: r.referred_on,
                flagged: r.late,
                note: super::case::timing(r.referred_on, r.release_on),
            });
        }
        let records = concord_store::open_mappa_records(w.tx(), &list, &area).await?;
        for r in &records {
            let Some(name) = self.mappa_case_name(w.tx(), actor, r.person_id).await? else {
                continue;
            };
            work.open_cases += 1;
            let item = |date: NaiveDate, flagged: bool, note: String| -> Result<_, AppError> {
                Ok(MappaWorkItem {
                    person_id: r.person_id,
                    name: name.clone(),
                    category: r.category.label().to_string(),
                    level: mappa_level_label(r.level),
                    date,
                    flagged,
                    note,
                })
            };
            if let Some(due) = r
                .next_review_on
                .filter(|_| r.status == concord_mappa::MappaStatus::Active)
            {
                if due <= today + Duration::days(DUE_SOON_DAYS) {
                    let note = if due < today {
                        format!("Review overdue by {} days", (today - due).num_days())
                    } else {
                        "Review due".to_string()
                    };
                    work.reviews.push(item(due, due < today, note)?);
                }
            }
            if let (Some(prompt), Some(ends)) = (r.end_prompt_on, r.eligibility_ends_on) {
                if today >= prompt {
                    let note = if ends < today {
                        "Eligibility has ended: record the exit".to_string()
                    } else {
                        "Eligibility ends: plan the exit".to_string()
                    };
                    work.ending.push(item(ends, ends < today, note)?);
                }
            }
        }
        work.awaiting_screening
            .sort_by_key(|i| (!i.flagged, i.date));
        work.reviews.sort_by_key(|i| i.date);
        work.ending.sort_by_key(|i| i.date);
        w.audit(
            AuditKind::Consultation,
            Action::Read,
            None,
            "viewed the MAPPA work list",
            Note {
                sections: Some(SectionSet::of(&[Section::Identity, Section::Management])),
                detail: Some(json!({
                    "area": area,
                    "awaiting_screening": work.awaiting_screening.len(),
                    "reviews": work.reviews.len(),
                    "ending": work.ending.len(),
                })),
                ..Note::default()
            },
        );
        Ok(work)
    }
}
