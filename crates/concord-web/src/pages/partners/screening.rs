//! The needs screening form: a level for each criminogenic need, pre-filled from the
//! saved screening or the latest signed risk review (each such level says so), a note,
//! and whether the person identifies as belonging to a minority group.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, Need, NeedLevel, ScreeningInput, ScreeningView};
use concord_domain::PersonId;
use concord_ui::views::{FormField, FormPage};
use concord_ui::{FormErrors, SelectOption};

use super::services_href;
use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::forms::{form_errors, ticked, v, Values};
use crate::pages::{parse_id, render_form};
use crate::session::PageUser;
use crate::AppState;

fn screening_page(
    user: &PageUser,
    person: PersonId,
    view: &ScreeningView,
    values: Option<&Values>,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let mut fields = vec![];
    for row in &view.needs {
        let code = row.need.code();
        let level = values.map_or(row.level.code(), |vals| v(vals, &format!("level_{code}")));
        let note = values.map_or(row.note.as_str(), |vals| v(vals, &format!("note_{code}")));
        fields.push(
            FormField::radios(
                &format!("level_{code}"),
                row.need.label(),
                NeedLevel::ALL
                    .iter()
                    .map(|l| SelectOption::new(l.code(), l.label(), l.code() == level))
                    .collect(),
            )
            .hint(row.from_review.as_deref().unwrap_or("")),
        );
        fields.push(FormField::textarea(
            &format!("note_{code}"),
            &format!("Note on {} (optional)", row.need.label().to_lowercase()),
            note,
        ));
    }
    let minority = values.map_or(view.minority_group, |vals| {
        ticked(vals, "minority_group.yes")
    });
    fields.push(FormField::checkboxes(
        "minority_group",
        "Minority group",
        vec![SelectOption::new(
            "yes",
            "The person identifies as belonging to a minority group (for mentoring services)",
            minority,
        )],
    ));
    let mut intro = vec![
        "Record each need the person has. Concord then suggests the contracted services in their town that meet them.".to_string(),
    ];
    if let Some(from) = &view.prefilled_from {
        intro.push(format!(
            "The levels start from {from}; change any that no longer hold."
        ));
    }
    render_form(FormPage {
        shell: user.shell("Screen the needs", ""),
        caption: view.person_name.clone(),
        heading: "Screen the needs".into(),
        intro,
        action: format!("{}/screening", services_href(person)),
        fields,
        hidden: vec![],
        submit_label: "Save the screening".into(),
        cancel_href: services_href(person),
        errors,
        possible_matches: vec![],
    })
}

pub async fn screening_form(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let view = state
        .app
        .partners()
        .screening(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))?;
    screening_page(&user, person, &view, None, FormErrors::new())
}

/// The screening as posted.
pub struct ScreeningPost {
    pub screening: ScreeningInput,
    pub entered: Values,
}

impl PostedForm for ScreeningPost {
    fn from_values(values: &Values) -> Self {
        let mut screening = ScreeningInput {
            minority_group: ticked(values, "minority_group.yes"),
            ..ScreeningInput::default()
        };
        for need in Need::ALL {
            let code = need.code();
            screening
                .levels
                .insert(code.into(), v(values, &format!("level_{code}")).into());
            screening
                .notes
                .insert(code.into(), v(values, &format!("note_{code}")).into());
        }
        Self {
            screening,
            entered: values.clone(),
        }
    }
}

pub async fn screening_submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<ScreeningPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let app = state.app.partners();
    match app
        .screen_needs(&user.0.actor, person, &form.screening)
        .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("{}?notice=screened", services_href(person))).into_response())
        }
        Err(AppError::Validation(errors)) => {
            let view = app
                .screening(&user.0.actor, person)
                .await
                .map_err(|e| user.error(e))?;
            screening_page(
                &user,
                person,
                &view,
                Some(&form.entered),
                form_errors(&errors, &[], &[]),
            )
        }
        Err(e) => Err(user.error(e)),
    }
}
