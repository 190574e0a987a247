use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{CaseloadQuery, CaseloadSort};
use concord_authz::Permission;
use concord_domain::MarkerKind;
use concord_ui::views::{ApprovalGroup, CaseActionLine, CaseRow, CaseloadPage, SortLink};
use concord_ui::SelectOption;

use crate::error::PageError;
use crate::format::{date, humanise, identifiers_text, instant, marker_tags, person_href};
use crate::pages::render;
use crate::session::{urlencode, PageUser};
use crate::AppState;

pub async fn show(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    // The home page of roles without a caseload: the board's figures, the review queues,
    // the central referral unit's applications.
    let actor = &user.0.actor;
    if !actor.has(Permission::CaseloadView) {
        if actor.has(Permission::AccessReview) {
            return Ok(Redirect::to("/governance/break-glass").into_response());
        }
        if actor.has(Permission::AggregateView) {
            return Ok(Redirect::to("/board").into_response());
        }
        if actor.has(Permission::PersonCombine) {
            return Ok(Redirect::to("/duplicates").into_response());
        }
        if actor.has(Permission::ApAssess) {
            return Ok(Redirect::to("/approved-premises/applications").into_response());
        }
        // In the demo the administrator's first job is the training clock.
        if actor.has(Permission::UserAdmin) && state.config.training_clock.is_some() {
            return Ok(Redirect::to("/training-clock").into_response());
        }
        // Elsewhere it is the accounts a first single sign-on made, waiting for them.
        if actor.has(Permission::UserAdmin) {
            return Ok(Redirect::to("/accounts/waiting").into_response());
        }
    }
    let get = |k: &str| q.get(k).map_or("", String::as_str);
    let sort = CaseloadSort::from_code(get("sort")).unwrap_or_default();
    let descending = get("order") == "desc";
    let marker = MarkerKind::from_code(get("marker"));
    let query = CaseloadQuery {
        sort,
        descending,
        marker,
        name: get("name").chars().take(100).collect(),
    };
    let concord_app::CaseloadPage {
        rows,
        mappa_actions,
        partner_referrals,
        approvals,
        unacknowledged_alerts,
        diary,
        new_entries,
    } = state
        .app
        .people()
        .caseload_page(&user.0.actor, &query)
        .await
        .map_err(|e| user.error(e))?;
    let filter_qs = format!(
        "&name={}&marker={}",
        urlencode(&query.name),
        marker.map_or("", concord_domain::MarkerKind::code)
    );
    let columns = [
        (CaseloadSort::Name, "Name"),
        (CaseloadSort::DateOfBirth, "Date of birth"),
        (CaseloadSort::AllocatedFrom, "Allocated"),
        (CaseloadSort::NextKeyDate, "Next key date"),
        (CaseloadSort::Markers, "Warning markers"),
    ]
    .into_iter()
    .map(|(s, label)| {
        let current = s == sort;
        let next_order = if current && !descending {
            "desc"
        } else {
            "asc"
        };
        SortLink {
            label: label.into(),
            href: format!("/cases?sort={}&order={next_order}{filter_qs}", s.code()),
            aria_sort: if !current {
                "none"
            } else if descending {
                "descending"
            } else {
                "ascending"
            }
            .into(),
        }
    })
    .collect();
    let mappa_actions = mappa_actions
        .into_iter()
        .map(|a| CaseActionLine {
            href: format!("{}/mappa/actions", person_href(a.person_id)),
            person_name: a.person_name,
            pillar: a.pillar.label().into(),
            description: a.description,
            due: date(a.due_on),
            overdue: a.overdue,
        })
        .collect();
    let group = |id: &str, heading: &str, items: Vec<concord_app::ApprovalItem>| ApprovalGroup {
        id: id.into(),
        heading: heading.into(),
        items: items
            .into_iter()
            .map(|i| (i.href, i.person_name, i.what))
            .collect(),
    };
    // The tag alerts no one has taken on come first: a breach near a victim's home is
    // the most urgent thing on anyone's list.
    let alerts = ApprovalGroup {
        id: "unacknowledged-alerts".into(),
        heading: "Monitoring alerts no one has acknowledged".into(),
        items: unacknowledged_alerts
            .into_iter()
            .map(|l| {
                (
                    format!("/monitoring/alerts/{}", l.alert.id.0),
                    l.person_name,
                    format!("{}, since {}", l.alert.title, instant(l.alert.opened_at)),
                )
            })
            .collect(),
    };
    let diary_group = |id: &str, heading: &str, lines: Vec<concord_app::DiaryLine>| ApprovalGroup {
        id: id.into(),
        heading: heading.into(),
        items: lines
            .into_iter()
            .map(|l| {
                let i = crate::pages::manage::diary::item(&l.appointment);
                (
                    i.href,
                    l.person_name,
                    format!("{}, {}: {}", i.kind, i.when, i.place),
                )
            })
            .collect(),
    };
    // What waits on the reader, most urgent first; empty groups are not shown.
    let queues = [
        alerts,
        diary_group(
            "diary-awaiting-outcome",
            "Appointments waiting for you to record how they went",
            diary.awaiting_outcome,
        ),
        diary_group("diary-today", "Your appointments today", diary.today),
        ApprovalGroup {
            id: "new-entries".into(),
            heading: format!(
                "New on your cases in the last {} days",
                concord_app::NEWS_DAYS
            ),
            items: new_entries
                .into_iter()
                .map(|e| {
                    let restricted = e
                        .restricted
                        .map(|s| format!(" (restricted: {})", s.to_lowercase()))
                        .unwrap_or_default();
                    (
                        format!("{}/chronology", person_href(e.person_id)),
                        e.person_name,
                        format!(
                            "{}{restricted} of {}, recorded by {} on {}",
                            e.event_type.label(),
                            date(e.occurred_on),
                            e.recorded_by,
                            instant(e.recorded_at)
                        ),
                    )
                })
                .collect(),
        },
        group(
            "approve-licences",
            "Licences waiting for your approval",
            approvals.licences,
        ),
        group(
            "approve-minutes",
            "Minutes waiting for your approval as chair",
            approvals.minutes,
        ),
    ]
    .into_iter()
    .filter(|g| !g.items.is_empty())
    .collect();
    let page = CaseloadPage {
        shell: user.shell("My cases", "/cases"),
        queues,
        mappa_actions,
        partner_referrals: partner_referrals
            .iter()
            .map(|i| crate::pages::partners::line(&i.referral, i.person_name.clone()))
            .collect(),
        rows: rows
            .into_iter()
            .map(|r| CaseRow {
                href: person_href(r.person_id),
                name: r.name,
                date_of_birth: date(r.date_of_birth),
                identifiers: identifiers_text(r.crn.as_deref(), r.pnc.as_deref()),
                role: humanise(&r.role),
                allocated_from: date(r.allocated_from),
                town: r.town.unwrap_or_default(),
                markers: marker_tags(&r.markers),
                next_key_date: r
                    .next_key_date
                    .map(|k| format!("{}: {}", k.label, date(k.date)))
                    .unwrap_or_default(),
                rosh: r.rosh.map(|l| l.label().to_string()).unwrap_or_default(),
                tasks: r
                    .open_tasks
                    .iter()
                    .map(|t| (format!("{} – due {}", t.title, date(t.due_on)), t.overdue))
                    .collect(),
            })
            .collect(),
        columns,
        name_filter: query.name.clone(),
        marker_options: std::iter::once(SelectOption::new("", "Any", marker.is_none()))
            .chain(
                MarkerKind::ALL
                    .iter()
                    .map(|k| SelectOption::new(k.code(), k.label(), Some(*k) == marker)),
            )
            .collect(),
        sort: sort.code().into(),
        order: if descending { "desc" } else { "asc" }.into(),
        filtered: marker.is_some() || !query.name.is_empty(),
    };
    render(&page)
}
