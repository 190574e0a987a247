//! The restricted victim pages: the victim liaison officer's record of victims and
//! children at risk, their representations, what they may be told, and the licence
//! conditions linked to them.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, VictimForm, VictimView};
use concord_domain::{PersonId, VictimId, VictimKind};
use concord_ui::views::{FormField, FormPage, MeasureLine, VictimBlock, VictimsPage};
use concord_ui::{FormErrors, SelectOption};

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::format::{date, person_href};
use crate::forms::{form_errors, text, v, Values};
use crate::pages::render_form;
use crate::pages::{parse_id, render_checked};
use crate::session::PageUser;
use crate::AppState;

pub(super) fn victims_href(person: PersonId) -> String {
    format!("{}/victims", person_href(person))
}

fn block(person: PersonId, v: &VictimView) -> VictimBlock {
    let mut facts = vec![
        ("Relationship".to_string(), v.relationship.clone()),
        ("Address".into(), v.address.clone()),
        (
            "Location".into(),
            v.location.map_or_else(
                || "Not recorded: address checks cannot measure against this home".into(),
                |(lat, lon)| {
                    format!("{lat}, {lon} (used by address checks, never shown to others)")
                },
            ),
        ),
        (
            "Representations about the licence".into(),
            v.representations.clone(),
        ),
        ("What they may be told".into(), v.may_be_told.clone()),
    ];
    facts.retain(|(_, val)| !val.is_empty());
    VictimBlock {
        id: v.id.to_string(),
        name: v.name.clone(),
        kind: v.kind.label().into(),
        facts,
        conditions: v
            .conditions
            .iter()
            .map(|c| (c.text.clone(), c.status.clone(), date(c.ends_on)))
            .collect(),
        edit_href: format!("{}/{}", victims_href(person), v.id),
        link_action: format!("{}/{}/link", victims_href(person), v.id),
    }
}

pub(super) async fn page(
    state: &AppState,
    user: &PageUser,
    person: PersonId,
    notice: &str,
    errors: FormErrors,
    values: Values,
) -> Result<Response, PageError> {
    let concord_app::VictimsPage {
        victims,
        linkable,
        measures,
        licences: l,
    } = state
        .app
        .manage()
        .victims_page(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))?;
    let victim_name = |id: Option<VictimId>| {
        id.and_then(|id| victims.iter().find(|v| v.id == id))
            .map_or_else(|| "All the victims".into(), |v| v.name.clone())
    };
    let chosen_victim = v(&values, "victim_id").to_string();
    let failed = !errors.is_empty();
    render_checked(
        &VictimsPage {
            shell: user.shell("Victims", ""),
            person_name: l.person_name.clone(),
            person_href: person_href(person),
            notice: notice.into(),
            errors,
            victims: victims.iter().map(|v| block(person, v)).collect(),
            linkable: std::iter::once(SelectOption::new("", "Choose a condition", true))
                .chain(
                    linkable.iter().map(|c| {
                        SelectOption::new(c.condition_id.to_string(), c.text.clone(), false)
                    }),
                )
                .collect(),
            add_href: format!("{}/new", victims_href(person)),
            measures: measures
                .iter()
                .map(|m| MeasureLine {
                    measure: m.measure.clone(),
                    victim: victim_name(m.victim_id),
                    in_place: date(m.in_place_on),
                    review: m.review_on.map(date).unwrap_or_default(),
                    review_due: m.review_due,
                    recorded_by: m.recorded_by.clone(),
                })
                .collect(),
            measure_action: format!("{}/measures", victims_href(person)),
            victim_options: std::iter::once(SelectOption::new(
                "",
                "All the victims",
                chosen_victim.is_empty(),
            ))
            .chain(victims.iter().map(|vic| {
                let id = vic.id.to_string();
                let selected = id == chosen_victim;
                SelectOption::new(id, vic.name.clone(), selected)
            }))
            .collect(),
            values,
        },
        failed,
    )
}

pub async fn show(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let notice = match q.get("notice").map(String::as_str) {
        Some("saved") => "Saved.",
        Some("linked") => "Condition linked.",
        Some("measure") => "Measure recorded.",
        _ => "",
    };
    page(
        &state,
        &user,
        person,
        notice,
        FormErrors::new(),
        Values::new(),
    )
    .await
}

fn fields(values: &Values) -> Vec<FormField> {
    // A victim unless the form says otherwise.
    let kind = VictimKind::from_code(v(values, "kind")).unwrap_or(VictimKind::Victim);
    vec![
        FormField::text("name", "Name", v(values, "name")),
        FormField::select(
            "kind",
            "Who they are",
            VictimKind::ALL
                .iter()
                .map(|k| SelectOption::new(k.code(), k.with_capital_article(), *k == kind))
                .collect(),
        ),
        FormField::text("relationship", "Relationship to the person", v(values, "relationship")),
        FormField::textarea("address", "Address", v(values, "address")),
        FormField::text("latitude", "Latitude of the home", v(values, "latitude"))
            .hint("Used only to keep proposed addresses away; never shown outside this page. e.g. 51.7356")
            .width("10"),
        FormField::text("longitude", "Longitude of the home", v(values, "longitude")).width("10"),
        FormField::textarea(
            "representations",
            "Their representations about the licence",
            v(values, "representations"),
        ),
        FormField::textarea("may_be_told", "What they may be told", v(values, "may_be_told")),
    ]
}

fn form_of(values: &Values) -> VictimForm {
    VictimForm {
        name: v(values, "name").into(),
        kind: v(values, "kind").into(),
        relationship: v(values, "relationship").into(),
        address: v(values, "address").into(),
        latitude: v(values, "latitude").into(),
        longitude: v(values, "longitude").into(),
        representations: v(values, "representations").into(),
        may_be_told: v(values, "may_be_told").into(),
    }
}

fn form_page(
    user: &PageUser,
    person: PersonId,
    action: String,
    heading: &str,
    values: &Values,
    hidden: Vec<(String, String)>,
    errors: FormErrors,
) -> Result<Response, PageError> {
    render_form(FormPage {
        shell: user.shell(heading, ""),
        caption: "Restricted: victim section".into(),
        heading: heading.into(),
        intro: vec![],
        action,
        fields: fields(values),
        hidden,
        submit_label: "Save".into(),
        cancel_href: victims_href(person),
        errors,
        possible_matches: vec![],
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    // Only those who may add to the victim section are shown the form; it shows nothing
    // of the record, so nothing of it is read.
    state
        .app
        .people()
        .open_form(
            &user.0.actor,
            person,
            concord_authz::Action::Create,
            concord_authz::SectionSet::one(concord_authz::Section::Victim),
        )
        .await
        .map_err(|e| user.error(e))?;
    form_page(
        &user,
        person,
        format!("{}/new", victims_href(person)),
        "Add a victim or child at risk",
        &Values::new(),
        vec![],
        FormErrors::new(),
    )
}

/// A new victim or child at risk.
pub struct VictimPost {
    pub victim: VictimForm,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for VictimPost {
    fn from_values(values: &Values) -> Self {
        Self {
            victim: form_of(values),
            entered: values.clone(),
        }
    }
}

pub async fn add(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<VictimPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    match state
        .app
        .manage()
        .add_victim(&user.0.actor, person, &form.victim)
        .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("{}?notice=saved", victims_href(person))).into_response())
        }
        Err(AppError::Validation(errors)) => form_page(
            &user,
            person,
            format!("{}/new", victims_href(person)),
            "Add a victim or child at risk",
            &form.entered,
            vec![],
            form_errors(&errors, &[], &[]),
        ),
        Err(e) => Err(user.error(e)),
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, victim)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let victim = VictimId(parse_id(&victim)?);
    let (victims, _) = state
        .app
        .manage()
        .victims(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))?;
    let found = victims
        .iter()
        .find(|x| x.id == victim)
        .ok_or_else(PageError::not_found)?;
    let mut values = Values::new();
    for (k, val) in [
        ("name", found.name.clone()),
        ("kind", found.kind.code().to_string()),
        ("relationship", found.relationship.clone()),
        ("address", found.address.clone()),
        (
            "latitude",
            found.location.map(|l| l.0.to_string()).unwrap_or_default(),
        ),
        (
            "longitude",
            found.location.map(|l| l.1.to_string()).unwrap_or_default(),
        ),
        ("representations", found.representations.clone()),
        ("may_be_told", found.may_be_told.clone()),
    ] {
        values.insert(k.into(), val);
    }
    form_page(
        &user,
        person,
        format!("{}/{victim}", victims_href(person)),
        "Change the victim's details",
        &values,
        vec![("version".into(), found.version.to_string())],
        FormErrors::new(),
    )
}

/// A victim changed, with the version it was opened on.
pub struct VictimUpdatePost {
    pub victim: VictimForm,
    pub version: String,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for VictimUpdatePost {
    fn from_values(values: &Values) -> Self {
        Self {
            victim: form_of(values),
            version: text(values, "version"),
            entered: values.clone(),
        }
    }
}

pub async fn update(
    State(state): State<AppState>,
    Path((id, victim)): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<VictimUpdatePost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let victim = VictimId(parse_id(&victim)?);
    let version: i64 = form.version.as_str().parse().map_err(|_| {
        PageError::bad_request("The form is missing its version: reload the page and try again.")
    })?;
    match state
        .app
        .manage()
        .update_victim(&user.0.actor, person, victim, version, &form.victim)
        .await
    {
        Ok(()) => {
            Ok(Redirect::to(&format!("{}?notice=saved", victims_href(person))).into_response())
        }
        Err(AppError::Validation(errors)) => form_page(
            &user,
            person,
            format!("{}/{victim}", victims_href(person)),
            "Change the victim's details",
            &form.entered,
            vec![("version".into(), version.to_string())],
            form_errors(&errors, &[], &[]),
        ),
        Err(e) => Err(user.error(e)),
    }
}

/// A licence condition linked to a victim.
pub struct VictimLinkPost {
    pub condition: String,
}

impl PostedForm for VictimLinkPost {
    fn from_values(values: &Values) -> Self {
        Self {
            condition: text(values, "condition"),
        }
    }
}

pub async fn link(
    State(state): State<AppState>,
    Path((id, victim)): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<VictimLinkPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let victim = VictimId(parse_id(&victim)?);
    let Ok(condition) = uuid::Uuid::parse_str(form.condition.as_str()) else {
        let mut errors = FormErrors::new();
        errors.push("condition", "Choose a condition to link");
        return page(&state, &user, person, "", errors, Values::new()).await;
    };
    match state
        .app
        .manage()
        .link_victim_condition(&user.0.actor, person, victim, condition)
        .await
    {
        Ok(()) => {
            Ok(Redirect::to(&format!("{}?notice=linked", victims_href(person))).into_response())
        }
        Err(AppError::Validation(errors)) => {
            page(
                &state,
                &user,
                person,
                "",
                form_errors(&errors, &[], &[]),
                Values::new(),
            )
            .await
        }
        Err(e) => Err(user.error(e)),
    }
}
