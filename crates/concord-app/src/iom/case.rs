//! IOM case management on the person's record (issue 21 item 3): the engage-or-enforce
//! status with its reason and history ("they either cooperate to address the causes of
//! their criminal behaviour, or they are targeted", seed 004), attendance at the IOM
//! drop-in, and a voluntary electronic tag request with the person's consent (the
//! prolific burglar who asked to be tagged). Written by the IOM team through their case
//! relationship (an adoption or an allocation) to the management section.

use chrono::NaiveDate;
use concord_authz::{Action, Actor, Permission, Section, SectionSet};
use concord_domain::{FieldError, PersonId, ValidationErrors};
use concord_store::audit::AuditKind;
use concord_store::IomEntryRow;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::access::Note;
use crate::kernel::Work;
use crate::person::{take, DateInput, Names, RecordHeader};
use crate::{AppError, Iom};

/// An entry as typed: `kind` is `status` (with `status` engage or enforce), `drop_in`
/// (with `attended` yes or no) or `tag_request` (with `consent` ticked).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct IomEntryInput {
    pub kind: String,
    #[serde(default)]
    pub status: String,
    pub held_on: DateInput,
    #[serde(default)]
    pub attended: String,
    #[serde(default)]
    pub consent: bool,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IomEntryView {
    pub kind: String,
    pub on: NaiveDate,
    pub status: Option<String>,
    pub attended: Option<bool>,
    pub consent: Option<bool>,
    pub note: String,
    pub by: String,
    pub agency: String,
}

/// A task shared in the IOM team: what, for whom (a police or probation officer allocated
/// to the person), by when.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct IomTaskInput {
    pub title: String,
    pub owner: String,
    pub due_on: DateInput,
}

#[derive(Debug, Clone)]
pub struct IomCasePage {
    /// The IOM team's shared tasks, open first: (task, for whom).
    pub tasks: Vec<(crate::assess::TaskView, String)>,
    /// Who a task may be for: the people allocated to the person now.
    pub owners: Vec<(concord_domain::UserId, String)>,
    pub header: RecordHeader,
    /// The latest status (engage / enforce), if set.
    pub status: Option<IomEntryView>,
    /// Every entry, newest first.
    pub entries: Vec<IomEntryView>,
    pub drop_ins_attended: usize,
    pub drop_ins_missed: usize,
    pub may_record: bool,
    /// Volunteers matched to the person through a partner referral (the interventions
    /// section); `None` when that section is not the viewer's to read.
    pub volunteer_support: Option<Vec<crate::partners::MatchView>>,
}

impl Iom<'_> {
    fn iom_team_only(&self, w: &Work<'_>, person: PersonId) -> Result<(), AppError> {
        if w.actor().has(Permission::IomManage) {
            Ok(())
        } else {
            Err(self.refuse(
                w.actor(),
                Action::Change,
                person,
                "only the IOM team records IOM case management",
            ))
        }
    }

    pub async fn iom_case(&self, actor: &Actor, person: PersonId) -> Result<IomCasePage, AppError> {
        self.run_page(actor, async |w| {
            let cap = w
                .person(
                    Action::Read,
                    person,
                    SectionSet::of(&[Section::Management, Section::Interventions]),
                )
                .await?;
            if !cap.sections().contains(Section::Management) {
                return Err(AppError::NotFound);
            }
            let volunteer_support = if cap.sections().contains(Section::Interventions) {
                Some(crate::partners::matches_in(w, &cap, person).await?)
            } else {
                None
            };
            let header = self.people().record_header_in(w, person).await?;
            let rows = concord_store::iom_entries(w.tx(), &cap, person).await?;
            let users: Vec<_> = rows.iter().map(|r| r.recorded_by).collect();
            let names = Names::load(w.tx(), &users).await?;
            let entries: Vec<IomEntryView> = rows
                .iter()
                .rev()
                .map(|r| IomEntryView {
                    kind: r.kind.clone(),
                    on: r.held_on,
                    status: r.status.clone(),
                    attended: r.attended,
                    consent: r.consent,
                    note: r.note.clone(),
                    by: names.user(Some(r.recorded_by)),
                    agency: names.agency(r.agency_id),
                })
                .collect();
            let drop_ins = entries.iter().filter(|e| e.kind == "drop_in");
            let attended = drop_ins
                .clone()
                .filter(|e| e.attended == Some(true))
                .count();
            let (tasks, owners) = self.iom_tasks_in(w, person).await?;
            let may_record = w.actor().has(Permission::IomManage)
                && w.resource(person)
                    .await?
                    .relationships
                    .iter()
                    .any(|r| r.may_change());
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                Some(person.0),
                "viewed the IOM case management",
                Note::sections(if volunteer_support.is_some() {
                    SectionSet::of(&[Section::Management, Section::Interventions])
                } else {
                    SectionSet::one(Section::Management)
                }),
            );
            Ok(IomCasePage {
                tasks,
                owners,
                header,
                status: entries.iter().find(|e| e.kind == "status").cloned(),
                drop_ins_missed: drop_ins.count() - attended,
                drop_ins_attended: attended,
                entries,
                may_record,
                volunteer_support,
            })
        })
        .await
    }

    pub async fn record_iom_entry(
        &self,
        actor: &Actor,
        person: PersonId,
        input: &IomEntryInput,
    ) -> Result<(), AppError> {
        let mut errors = ValidationErrors::new();
        let kind = input.kind.trim();
        let today = self.clock.today();
        let held_on = take(&mut errors, input.held_on.required("held_on", "the date"));
        if held_on.is_some_and(|d| d > today) {
            errors.push(FieldError::new(
                "held_on",
                "in_future",
                "The date must be today or earlier",
            ));
        }
        let (mut status, mut attended, mut consent) = (None, None, None);
        match kind {
            "status" => match input.status.trim() {
                s @ ("engage" | "enforce") => status = Some(s.to_string()),
                _ => errors.push(FieldError::new(
                    "status",
                    "required",
                    "Choose engage or enforce",
                )),
            },
            "drop_in" => match input.attended.trim() {
                "yes" => attended = Some(true),
                "no" => attended = Some(false),
                _ => errors.push(FieldError::new(
                    "attended",
                    "required",
                    "Say whether they came to the drop-in",
                )),
            },
            "tag_request" if input.consent => consent = Some(true),
            "tag_request" => errors.push(FieldError::new(
                "consent",
                "required",
                "A voluntary tag needs the person's informed consent: record it",
            )),
            _ => errors.push(FieldError::new(
                "kind",
                "unknown_value",
                "Choose what to record",
            )),
        }
        let what = match kind {
            "status" => "why the status is set",
            "tag_request" => "what the person asked for and how consent was given",
            _ => "a note",
        };
        let note = take(
            &mut errors,
            concord_domain::required_multiline_text("note", what, &input.note, 2000),
        );
        self.run(actor, async |w| {
            self.iom_team_only(w, person)?;
            let cap = w
                .person(Action::Create, person, SectionSet::one(Section::Management))
                .await?;
            let (Some(held_on), Some(note), true) = (held_on, note.clone(), errors.is_empty()) else {
                return Err(AppError::Validation(errors.clone()));
            };
            let row = IomEntryRow {
                id: uuid::Uuid::now_v7(),
                person_id: person,
                kind: kind.to_string(),
                status: status.clone(),
                held_on,
                attended,
                consent,
                note,
                agency_id: w.actor().agency_id,
                recorded_by: w.actor().user_id,
                recorded_at: self.clock.now(),
            };
            concord_store::insert_iom_entry(w.tx(), &cap, &row).await?;
            w.audit(
                AuditKind::Collection,
                Action::Create,
                Some(person.0),
                &format!("recorded IOM case management: {kind}"),
                Note {
                    sections: Some(SectionSet::one(Section::Management)),
                    detail: Some(json!({"kind": kind, "status": status, "attended": attended, "consent": consent})),
                    ..Note::default()
                },
            );
            Ok(())
        })
        .await
    }

    /// The IOM tasks (open first) and who may be given one, within a page's unit of work.
    async fn iom_tasks_in(&self, w: &mut Work<'_>, person: PersonId) -> Result<IomTasks, AppError> {
        let readable = w.readable(person).await?;
        if !readable.contains(Section::Risk) || !readable.contains(Section::Management) {
            return Ok((vec![], vec![]));
        }
        let cap = w
            .person(
                Action::Read,
                person,
                SectionSet::of(&[Section::Risk, Section::Management]),
            )
            .await?;
        let today = self.clock.today();
        let rows: Vec<_> = concord_store::tasks_of(w.tx(), &cap, person)
            .await?
            .into_iter()
            .filter(|t| t.kind == concord_domain::TaskKind::IomTask)
            .collect();
        let current: Vec<_> = concord_store::allocations(w.tx(), &cap, person)
            .await?
            .into_iter()
            .filter(|a| a.from_date <= today && a.to_date.is_none_or(|d| d >= today))
            .collect();
        let mut users: Vec<_> = rows.iter().filter_map(|t| t.user_id).collect();
        users.extend(current.iter().map(|a| a.user_id));
        users.extend(rows.iter().map(|t| t.created_by));
        let names = Names::load(w.tx(), &users).await?;
        let tasks = rows
            .iter()
            .map(|t| {
                (
                    crate::assess::TaskView::from_row(t, &names, today),
                    format!("{} ({})", names.user(t.user_id), names.agency(t.agency_id)),
                )
            })
            .collect();
        let mut owners: Vec<(concord_domain::UserId, String)> = current
            .iter()
            .map(|a| {
                (
                    a.user_id,
                    format!(
                        "{} ({})",
                        names.user(Some(a.user_id)),
                        names.agency(a.agency_id)
                    ),
                )
            })
            .collect();
        owners.sort_by(|a, b| a.1.cmp(&b.1));
        owners.dedup_by(|a, b| a.0 == b.0);
        Ok((tasks, owners))
    }

    /// Set a task for one of the officers allocated to the person, police or probation.
    pub async fn add_iom_task(
        &self,
        actor: &Actor,
        person: PersonId,
        input: &IomTaskInput,
    ) -> Result<(), AppError> {
        let mut errors = ValidationErrors::new();
        let title = take(
            &mut errors,
            concord_domain::required_text("title", "the task", &input.title, 200),
        );
        let today = self.clock.today();
        let due = take(&mut errors, input.due_on.required("due_on", "the due date"));
        if due.is_some_and(|d| d < today) {
            errors.push(FieldError::new(
                "due_on",
                "in_past",
                "The due date must be today or later",
            ));
        }
        self.run(actor, async |w| {
            self.iom_team_only(w, person)?;
            let cap = w
                .person(Action::Create, person, SectionSet::one(Section::Risk))
                .await?;
            let read = w
                .person(Action::Read, person, SectionSet::one(Section::Management))
                .await?;
            let owner = concord_store::allocations(w.tx(), &read, person)
                .await?
                .into_iter()
                .filter(|a| a.from_date <= today && a.to_date.is_none_or(|d| d >= today))
                .find(|a| a.user_id.0.to_string() == input.owner.trim());
            if owner.is_none() {
                errors.push(FieldError::new(
                    "owner",
                    if input.owner.trim().is_empty() {
                        "required"
                    } else {
                        "not_allocated"
                    },
                    "Choose one of the officers allocated to the person",
                ));
            }
            let (Some(title), Some(due), Some(owner), true) =
                (title.clone(), due, owner, errors.is_empty())
            else {
                return Err(AppError::Validation(errors.clone()));
            };
            let id = concord_domain::TaskId::new();
            let by = w.actor().user_id;
            concord_store::insert_task(
                w.tx(),
                &cap,
                &concord_store::TaskRow {
                    id,
                    person_id: person,
                    agency_id: owner.agency_id,
                    team_id: None,
                    user_id: Some(owner.user_id),
                    kind: concord_domain::TaskKind::IomTask,
                    title,
                    reason: "Shared in the IOM team".into(),
                    due_on: due,
                    assessment_id: None,
                    created_by: by,
                    created_at: self.clock.now(),
                    done_by: None,
                    done_at: None,
                },
            )
            .await?;
            w.audit(
                AuditKind::Collection,
                Action::Create,
                Some(person.0),
                "set an IOM task",
                Note {
                    sections: Some(SectionSet::one(Section::Risk)),
                    detail: Some(json!({"task": id, "for": owner.user_id})),
                    ..Note::default()
                },
            );
            Ok(())
        })
        .await
    }
}

type IomTasks = (
    Vec<(crate::assess::TaskView, String)>,
    Vec<(concord_domain::UserId, String)>,
);
