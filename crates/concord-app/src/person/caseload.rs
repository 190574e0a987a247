//! "My cases": the people allocated to the signed-in member of staff, with their warning
//! markers, sortable and filterable.

use chrono::NaiveDate;
use concord_authz::Actor;
use concord_domain::{IdentifierKind, MarkerKind, PersonId};
use concord_store::audit::AuditKind;
use serde::Serialize;
use serde_json::json;

use crate::access::Note;
use crate::kernel::Work;
use crate::{AppError, People};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CaseloadSort {
    #[default]
    Name,
    DateOfBirth,
    AllocatedFrom,
    Markers,
    NextKeyDate,
}

impl CaseloadSort {
    pub fn from_code(s: &str) -> Option<Self> {
        Some(match s {
            "name" => CaseloadSort::Name,
            "dob" => CaseloadSort::DateOfBirth,
            "allocated" => CaseloadSort::AllocatedFrom,
            "markers" => CaseloadSort::Markers,
            "next" => CaseloadSort::NextKeyDate,
            _ => return None,
        })
    }
    pub fn code(self) -> &'static str {
        match self {
            CaseloadSort::Name => "name",
            CaseloadSort::DateOfBirth => "dob",
            CaseloadSort::AllocatedFrom => "allocated",
            CaseloadSort::Markers => "markers",
            CaseloadSort::NextKeyDate => "next",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseloadQuery {
    pub sort: CaseloadSort,
    pub descending: bool,
    /// Only people with this active warning marker.
    pub marker: Option<MarkerKind>,
    /// Only people whose name contains this (case- and accent-insensitive).
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CaseloadRow {
    pub person_id: PersonId,
    pub name: String,
    pub date_of_birth: NaiveDate,
    pub crn: Option<String>,
    pub pnc: Option<String>,
    pub role: String,
    pub allocated_from: NaiveDate,
    pub markers: Vec<MarkerKind>,
    pub town: Option<String>,
    /// The soonest coming release, licence end or sentence end: what an offender manager
    /// plans the week around.
    pub next_key_date: Option<KeyDate>,
    /// The overall RoSH of the latest signed review.
    pub rosh: Option<concord_risk::RoshLevel>,
    /// Open tasks (risk reviews, allocation reviews), soonest due first.
    pub open_tasks: Vec<OpenTask>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OpenTask {
    pub title: String,
    pub due_on: NaiveDate,
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyDate {
    pub label: &'static str,
    pub date: NaiveDate,
}

/// The soonest key date on or after `today` among a person's sentences and orders.
fn next_key_date(sentences: &[&concord_store::SentenceRow], today: NaiveDate) -> Option<KeyDate> {
    sentences
        .iter()
        .flat_map(|s| {
            [
                (s.release_date, "Release"),
                (s.licence_end_date, "Licence ends"),
                (s.end_date, "Sentence or order ends"),
            ]
        })
        .filter_map(|(d, label)| {
            d.filter(|d| *d >= today)
                .map(|date| KeyDate { label, date })
        })
        .min_by_key(|k| k.date)
}

impl People<'_> {
    pub async fn caseload(
        &self,
        actor: &Actor,
        query: &CaseloadQuery,
    ) -> Result<Vec<CaseloadRow>, AppError> {
        self.run(actor, async |w| self.caseload_in(w, query).await)
            .await
    }

    /// [`Self::caseload`] within a unit of work (a page that shows it with other parts).
    pub(crate) async fn caseload_in(
        &self,
        w: &mut Work<'_>,
        query: &CaseloadQuery,
    ) -> Result<Vec<CaseloadRow>, AppError> {
        let actor = w.actor();
        let cap = self.decide_caseload(actor)?;
        let cases = if cap.scope() == Some(concord_authz::ListScope::Caseload) {
            concord_store::caseload(w.tx(), &cap, actor.user_id, self.clock.today()).await?
        } else {
            concord_store::related_cases(w.tx(), &cap, self.as_of()).await?
        };
        let ids: Vec<_> = cases.iter().map(|c| c.person.id).collect();
        let (identifiers, markers, addresses) =
            concord_store::list_facts(w.tx(), &cap, &ids).await?;
        let sentences = concord_store::list_sentences(w.tx(), &cap, &ids).await?;
        let (tasks, levels) = concord_store::list_risk(w.tx(), &cap, &ids).await?;
        let mappa = concord_store::list_mappa_reviews(w.tx(), &cap, &ids).await?;
        let today = self.clock.today();
        let needle = concord_domain::search_key(&query.name);
        let mut rows: Vec<CaseloadRow> = cases
            .into_iter()
            .map(|c| {
                let id = c.person.id;
                let ident = |k: IdentifierKind| {
                    identifiers
                        .iter()
                        .find(|i| i.person_id == id && i.kind == k.code())
                        .map(|i| i.value.clone())
                };
                let mut person_markers: Vec<MarkerKind> = markers
                    .iter()
                    .filter(|m| m.person_id == id)
                    .filter_map(|m| MarkerKind::from_code(&m.kind))
                    .collect();
                person_markers.dedup();
                let name = concord_domain::display_name(
                    &c.person.given_name,
                    c.person.middle_names.as_deref(),
                    &c.person.family_name,
                );
                CaseloadRow {
                    person_id: id,
                    name,
                    date_of_birth: c.person.date_of_birth,
                    crn: ident(IdentifierKind::Crn),
                    pnc: ident(IdentifierKind::Pnc),
                    role: c.allocation_role,
                    allocated_from: c.allocated_from,
                    markers: person_markers,
                    town: addresses
                        .iter()
                        .find(|a| a.person_id == id)
                        .map(|a| a.town.clone()),
                    next_key_date: next_key_date(
                        &sentences
                            .iter()
                            .filter(|s| s.person_id == id)
                            .collect::<Vec<_>>(),
                        today,
                    ),
                    // Rows come oldest first: the last is the latest review.
                    rosh: levels
                        .iter()
                        .rfind(|(p, _, _)| *p == id)
                        .and_then(|(_, level, _)| crate::level_from_code(level)),
                    open_tasks: tasks
                        .iter()
                        .filter(|t| t.person_id == id)
                        .map(|t| OpenTask {
                            title: t.title.clone(),
                            due_on: t.due_on,
                            overdue: t.due_on < today,
                        })
                        .chain(mappa.iter().filter(|m| m.0 == id).filter_map(|m| {
                            let level = m.1;
                            let due_on = m.2?;
                            Some(OpenTask {
                                title: format!("MAPPA review (Level {})", level.number()),
                                due_on,
                                overdue: due_on < today,
                            })
                        }))
                        .collect(),
                }
            })
            .filter(|r| query.marker.is_none_or(|m| r.markers.contains(&m)))
            .filter(|r| needle.is_empty() || concord_domain::search_key(&r.name).contains(&needle))
            .collect();
        rows.sort_by(|a, b| {
            let order = match query.sort {
                CaseloadSort::Name => surname_first(&a.name).cmp(&surname_first(&b.name)),
                CaseloadSort::DateOfBirth => a.date_of_birth.cmp(&b.date_of_birth),
                CaseloadSort::AllocatedFrom => a.allocated_from.cmp(&b.allocated_from),
                CaseloadSort::Markers => a.markers.len().cmp(&b.markers.len()).reverse(),
                // People with no coming date sort last.
                CaseloadSort::NextKeyDate => {
                    let key = |r: &CaseloadRow| {
                        r.next_key_date.as_ref().map_or(NaiveDate::MAX, |k| k.date)
                    };
                    key(a).cmp(&key(b))
                }
            };
            if query.descending {
                order.reverse()
            } else {
                order
            }
        });
        let person_ids: Vec<_> = rows.iter().map(|r| r.person_id.0).collect();
        w.audit(
            AuditKind::Consultation,
            concord_authz::Action::Read,
            None,
            "viewed their caseload",
            Note::detail(json!({"persons": person_ids})),
        );
        Ok(rows)
    }
}

/// "Given Middle Family" sorted by family name first.
fn surname_first(name: &str) -> String {
    let key = concord_domain::search_key(name);
    match key.rsplit_once(' ') {
        Some((given, family)) => format!("{family} {given}"),
        None => key,
    }
}
