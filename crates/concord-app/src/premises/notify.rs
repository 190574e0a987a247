//! Telling the case team what happened at the premises: each of them gets a task on
//! their caseload and compliance page (the premises' staff see none of the team's
//! allocations: only the store's narrow list of ids, for routing).

use concord_authz::Capability;
use concord_domain::{PersonId, TaskId, TaskKind};
use concord_store::TaskRow;
use uuid::Uuid;

use crate::clock::Clock;
use crate::kernel::Work;
use crate::AppError;

/// Who is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Told {
    /// His offender manager (every probation officer allocated to him, if none is
    /// allocated as his offender manager).
    OffenderManager,
    /// Every probation and police officer allocated to him.
    AndPolice,
}

/// Set each of `person`'s allocated officers (per `told`) a task due today; their ids.
#[allow(clippy::too_many_arguments)]
pub(super) async fn tell_case_team(
    w: &mut Work<'_>,
    clock: &Clock,
    cap: &Capability,
    person: PersonId,
    told: Told,
    kind: TaskKind,
    title: &str,
    reason: &str,
) -> Result<Vec<Uuid>, AppError> {
    let (today, now) = (clock.today(), clock.now());
    let by = w.actor().user_id;
    let team = concord_store::case_team_for_tasks(w.tx(), cap, person, today).await?;
    let mut ids = Vec::new();
    let has_manager = team
        .iter()
        .any(|m| m.agency_kind == "probation" && m.allocation_role == "offender_manager");
    for member in team.iter().filter(|m| match told {
        Told::AndPolice => m.agency_kind == "probation" || m.agency_kind == "police",
        Told::OffenderManager => {
            m.agency_kind == "probation"
                && (!has_manager || m.allocation_role == "offender_manager")
        }
    }) {
        if ids.contains(&member.user_id.0) {
            continue;
        }
        concord_store::insert_licence_task(
            w.tx(),
            cap,
            &TaskRow {
                id: TaskId::new(),
                person_id: person,
                agency_id: member.agency_id,
                team_id: None,
                user_id: Some(member.user_id),
                kind,
                title: title.into(),
                reason: reason.into(),
                due_on: today,
                assessment_id: None,
                created_by: by,
                created_at: now,
                done_by: None,
                done_at: None,
            },
        )
        .await?;
        ids.push(member.user_id.0);
    }
    Ok(ids)
}
