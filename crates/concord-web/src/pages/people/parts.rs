//! The small "add" forms of a record: alias, identifier, offence, sentence, marker and
//! event, chosen by the URL.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{
    AliasInput, AppError, DateInput, EventInput, IdentifierInput, MarkerInput, OffenceInput,
    SentenceInput,
};
use concord_authz::{Action, Section};
use concord_domain::PersonId;
use concord_ui::FormErrors;

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::format::person_href;
use crate::forms::{form_errors, v, Part, Values};
use crate::pages::form_page;
use crate::pages::parse_id;
use crate::session::PageUser;
use crate::AppState;

fn date(values: &Values, f: &str) -> DateInput {
    DateInput::parts(
        v(values, &format!("{f}-day")),
        v(values, &format!("{f}-month")),
        v(values, &format!("{f}-year")),
    )
}

pub async fn part_form(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, part)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let part = Part::from_segment(&part).ok_or_else(PageError::not_found)?;
    let id = PersonId(parse_id(&id)?);
    // The section each part's use case changes: a form it would refuse is not shown.
    let (action, section) = match part {
        Part::Alias | Part::Identifier => (Action::Change, Section::Identity),
        Part::Offence | Part::Sentence => (Action::Change, Section::Convictions),
        Part::Marker => (Action::Change, Section::Markers),
        Part::Event => (Action::Create, Section::Chronology),
    };
    let r = state
        .app
        .people()
        .form_header(&user.0.actor, id, action, section)
        .await
        .map_err(|e| user.error(e))?;
    let base = person_href(id);
    form_page(
        &user,
        part.heading(),
        &r.full_name(),
        format!("{base}/{}/new", segment(part)),
        part.fields(&Values::new()),
        vec![],
        "Save",
        base,
        FormErrors::new(),
    )
}

fn segment(part: Part) -> &'static str {
    match part {
        Part::Alias => "aliases",
        Part::Identifier => "identifiers",
        Part::Offence => "offences",
        Part::Sentence => "sentences",
        Part::Marker => "markers",
        Part::Event => "events",
    }
}

/// One of the smaller parts of a record (alias, identifier, offence, sentence, marker,
/// event): the fields depend on the part, chosen by the URL, so they are read by name.
pub struct PartPost {
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for PartPost {
    fn from_values(values: &Values) -> Self {
        Self {
            entered: values.clone(),
        }
    }
}

pub async fn part_submit(
    State(state): State<AppState>,
    Path((id, part)): Path<(String, String)>,
    CheckedForm { user, form }: CheckedForm<PartPost>,
) -> Result<Response, PageError> {
    let part = Part::from_segment(&part).ok_or_else(PageError::not_found)?;
    let id = PersonId(parse_id(&id)?);
    let actor = &user.0.actor;
    let app = &state.app;
    let s = |k: &str| v(&form.entered, k).to_string();
    let result = match part {
        Part::Alias => {
            app.people()
                .add_alias(
                    actor,
                    id,
                    &AliasInput {
                        given_name: s("given_name"),
                        middle_names: s("middle_names"),
                        family_name: s("family_name"),
                        date_of_birth: date(&form.entered, "date_of_birth"),
                    },
                )
                .await
        }
        Part::Identifier => {
            app.people()
                .add_identifier(
                    actor,
                    id,
                    &IdentifierInput {
                        kind: s("kind"),
                        value: s("value"),
                    },
                )
                .await
        }
        Part::Offence => {
            app.people()
                .add_offence(
                    actor,
                    id,
                    &OffenceInput {
                        offence_code: s("offence_code"),
                        description: s("description"),
                        offence_date: date(&form.entered, "offence_date"),
                        conviction_date: date(&form.entered, "conviction_date"),
                        disposal: s("disposal"),
                    },
                )
                .await
        }
        Part::Sentence => {
            app.people()
                .add_sentence(
                    actor,
                    id,
                    &SentenceInput {
                        kind: s("kind"),
                        description: s("description"),
                        start_date: date(&form.entered, "start_date"),
                        end_date: date(&form.entered, "end_date"),
                        release_date: date(&form.entered, "release_date"),
                        licence_end_date: date(&form.entered, "licence_end_date"),
                        term: s("term"),
                    },
                )
                .await
        }
        Part::Marker => {
            app.people()
                .add_marker(
                    actor,
                    id,
                    &MarkerInput {
                        kind: s("kind"),
                        note: s("note"),
                    },
                )
                .await
        }
        Part::Event => {
            app.people()
                .record_event(
                    actor,
                    id,
                    &EventInput {
                        event_type: s("event_type"),
                        occurred_on: date(&form.entered, "occurred_on"),
                        summary: s("summary"),
                        section: s("section"),
                        withheld_from_person: s("withheld_from_person") == "yes",
                    },
                )
                .await
        }
    };
    let base = person_href(id);
    match result {
        Ok(_) => Ok(Redirect::to(&format!("{base}?notice={}", part.saved())).into_response()),
        Err(AppError::Validation(errors)) => {
            let rename = part.rename();
            form_page(
                &user,
                part.heading(),
                "",
                format!("{base}/{}/new", segment(part)),
                part.fields(&form.entered),
                vec![],
                "Save",
                base,
                form_errors(&errors, part.dates(), &rename),
            )
        }
        Err(e) => Err(user.error(e)),
    }
}
