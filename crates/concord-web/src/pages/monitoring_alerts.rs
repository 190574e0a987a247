//! The monitoring alerts: the live page (refreshed through server-sent events), one
//! alert with its track on the zone map, its acknowledgement and its outcome (a recall
//! outcome leads to the recall request).

use std::collections::HashMap;
use std::convert::Infallible;
use std::time::{Duration, Instant};

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, OutcomeForm, OUTCOMES};
use concord_domain::EmAlertId;
use concord_ui::views::{AlertDetailPage, LiveList, LivePage};
use concord_ui::{FormErrors, SelectOption};

use super::manage::zones::{script_json, zone_json};
use super::monitoring::alert_line;
use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::format::{instant, person_href};
use crate::forms::{form_errors, text, v, Values};
use crate::pages::{parse_id, render, render_checked};
use crate::session::PageUser;
use crate::AppState;

pub(crate) const LIVE: &str = "/monitoring/alerts";
/// How often the stream compares the alerts' mark when nothing on this node changed
/// (another node's alert is seen within this).
const LOOK_EVERY: Duration = Duration::from_millis(500);
/// A stream ends after this, and the browser reconnects with its cookie: a session that
/// ended or lost its access does not keep a stream open.
const STREAM_LIFETIME: Duration = Duration::from_secs(300);

async fn live_list(state: &AppState, user: &PageUser) -> Result<LiveList, AppError> {
    let live = state.app.monitoring().live_alerts(&user.0.actor).await?;
    Ok(LiveList {
        open: live
            .open
            .iter()
            .map(|l| alert_line(&l.alert, &l.person_name))
            .collect(),
        recent: live
            .recent
            .iter()
            .map(|l| alert_line(&l.alert, &l.person_name))
            .collect(),
        updated: instant(state.app.clock().now()),
    })
}

pub async fn live(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    let list = live_list(&state, &user).await.map_err(|e| user.error(e))?;
    let list_html = list
        .render()
        .map_err(|e| PageError::from(AppError::Internal(format!("template: {e}"))))?;
    render(&LivePage {
        shell: user.shell("Monitoring alerts", LIVE),
        list_html,
    })
}

/// The live list as server-sent events: an `alerts` event with the list's HTML whenever
/// an alert the reader may see opens, closes or is handled.
pub async fn stream(State(state): State<AppState>, user: PageUser) -> Response {
    let until = Instant::now() + STREAM_LIFETIME;
    // No mark equals this one, so the first look always sends the list.
    let first = "(none yet)".to_string();
    let events = futures_util::stream::unfold(
        (state, user, first),
        move |(state, user, last)| async move {
            loop {
                if Instant::now() >= until {
                    return None;
                }
                let mark = state.app.monitoring().live_mark().await.ok()?;
                if mark != last {
                    let html = live_list(&state, &user).await.ok()?.render().ok()?;
                    let event: Result<Event, Infallible> =
                        Ok(Event::default().event("alerts").data(html));
                    return Some((event, (state, user, mark)));
                }
                state.app.monitoring().wait_for_change(LOOK_EVERY).await;
            }
        },
    );
    Sse::new(events)
        .keep_alive(KeepAlive::default())
        .into_response()
}

async fn detail(
    state: &AppState,
    user: &PageUser,
    alert: EmAlertId,
    notice: &str,
    errors: FormErrors,
    values: Values,
) -> Result<AlertDetailPage, PageError> {
    let actor = &user.0.actor;
    let p = state
        .app
        .monitoring()
        .alert_page(actor, alert)
        .await
        .map_err(|e| user.error(e))?;
    let a = &p.alert;
    let mut facts = vec![(
        "Started".to_string(),
        format!("{} (the first fix in breach)", instant(a.opened_at)),
    )];
    facts.push(("Raised".into(), instant(a.raised_at)));
    if let Some(c) = a.closed_at {
        facts.push(("Ended".into(), instant(c)));
    }
    if a.round_victim {
        facts.push((
            "Zone".into(),
            "Round a victim's home: its map is restricted to the victim section".into(),
        ));
    }
    if let (Some(by), Some(at)) = (&a.acknowledged_by, a.acknowledged_at) {
        facts.push(("Acknowledged".into(), format!("{by}, {}", instant(at))));
    }
    if let Some(o) = a.outcome_label {
        facts.push(("Outcome".into(), format!("{o}: {}", a.outcome_note)));
    }
    let track = p.track.clone().unwrap_or_default();
    let person = a.person;
    let chosen = v(&values, "outcome").to_string();
    Ok(AlertDetailPage {
        shell: user.shell(&a.title, LIVE),
        errors,
        notice: notice.into(),
        person_name: p.person_name.clone(),
        person_href: person_href(person),
        alert: alert_line(a, &p.person_name),
        facts,
        track_withheld: if p.track.is_none() {
            "The track is not shown: the zone is round a victim's home, and the fixes inside it would show where she lives. Those who hold the victim section see it.".into()
        } else {
            String::new()
        },
        zone_json: zone_json(&p.zones),
        track_json: script_json(&serde_json::json!(track
            .iter()
            .map(|t| serde_json::json!([t.lat, t.lon, t.accuracy_m]))
            .collect::<Vec<_>>())),
        track: track
            .iter()
            .map(|t| {
                (
                    instant(t.at),
                    format!("{:.5}", t.lat),
                    format!("{:.5}", t.lon),
                    format!("{:.0} m", t.accuracy_m),
                )
            })
            .collect(),
        tile_url: state.app.settings().map_tile_url.clone(),
        victim: p.victim.as_ref().map(|(id, name)| {
            (
                name.clone(),
                format!("{}/victims#victim-{id}", person_href(person)),
            )
        }),
        acknowledge_action: if p.may_act && a.acknowledged_at.is_none() && a.outcome.is_none() {
            format!("{LIVE}/{alert}/acknowledge")
        } else {
            String::new()
        },
        outcome_action: if p.may_act && a.outcome.is_none() && !a.retracted {
            format!("{LIVE}/{alert}/outcome")
        } else {
            String::new()
        },
        outcome_options: std::iter::once(SelectOption::new(
            "",
            "Select what was done",
            chosen.is_empty(),
        ))
        .chain(
            OUTCOMES
                .iter()
                .map(|(c, l)| SelectOption::new(*c, *l, chosen == *c)),
        )
        .collect(),
        version: a.version,
        recall_href: if a.outcome.as_deref() == Some("recall") && p.may_act {
            format!("{}/compliance#request-recall", person_href(person))
        } else {
            String::new()
        },
        values,
    })
}

pub async fn show(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let alert: EmAlertId = parse_id(&id)?;
    let notice = match q.get("notice").map(String::as_str) {
        Some("acknowledged") => "Acknowledged: the alert shows you are dealing with it.",
        Some("outcome") => "Outcome recorded.",
        _ => "",
    };
    let p = detail(
        &state,
        &user,
        alert,
        notice,
        FormErrors::new(),
        Values::new(),
    )
    .await?;
    render_checked(&p, false)
}

pub struct VersionPost {
    pub version: i64,
}

impl PostedForm for VersionPost {
    fn from_values(values: &Values) -> Self {
        Self {
            version: v(values, "version").parse().unwrap_or(0),
        }
    }
}

pub async fn acknowledge(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<VersionPost>,
) -> Result<Response, PageError> {
    let alert: EmAlertId = parse_id(&id)?;
    state
        .app
        .monitoring()
        .acknowledge_alert(&user.0.actor, alert, form.version)
        .await
        .map_err(|e| user.error(e))?;
    Ok(Redirect::to(&format!("{LIVE}/{alert}?notice=acknowledged")).into_response())
}

pub struct OutcomePost {
    pub form: OutcomeForm,
    pub entered: Values,
}

impl PostedForm for OutcomePost {
    fn from_values(values: &Values) -> Self {
        Self {
            form: OutcomeForm {
                outcome: text(values, "outcome"),
                note: text(values, "note"),
                version: v(values, "version").parse().unwrap_or(0),
            },
            entered: values.clone(),
        }
    }
}

pub async fn outcome(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<OutcomePost>,
) -> Result<Response, PageError> {
    let alert: EmAlertId = parse_id(&id)?;
    match state
        .app
        .monitoring()
        .record_alert_outcome(&user.0.actor, alert, &form.form)
        .await
    {
        // A recall goes straight to the recall request on the compliance page.
        Ok((person, true)) => Ok(Redirect::to(&format!(
            "{}/compliance#request-recall",
            person_href(person)
        ))
        .into_response()),
        Ok((_, false)) => {
            Ok(Redirect::to(&format!("{LIVE}/{alert}?notice=outcome")).into_response())
        }
        Err(AppError::Validation(errors)) => {
            let p = detail(
                &state,
                &user,
                alert,
                "",
                form_errors(&errors, &[], &[]),
                form.entered,
            )
            .await?;
            render_checked(&p, true)
        }
        Err(e) => Err(user.error(e)),
    }
}
