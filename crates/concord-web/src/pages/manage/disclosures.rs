//! MAPPA disclosures: the record of each disclosure to a third party and the form that
//! records a new one (the police, with the lawful, necessary and proportionate test).

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, DisclosureForm};
use concord_authz::Section;
use concord_domain::PersonId;
use concord_ui::views::DisclosuresPage;
use concord_ui::{FormErrors, SelectOption};

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::format::{date, person_href};
use crate::forms::{form_errors, text, ticked, ticked_codes, v, Values};
use crate::pages::{parse_id, render_checked};
use crate::session::PageUser;
use crate::AppState;

fn href(person: PersonId) -> String {
    format!("{}/disclosures", person_href(person))
}

fn yes_no(values: &Values, field: &str) -> Vec<SelectOption> {
    let chosen = v(values, field);
    vec![
        SelectOption::new("yes", "Yes", chosen == "yes"),
        SelectOption::new("no", "No", chosen == "no"),
    ]
}

async fn page(
    state: &AppState,
    user: &PageUser,
    person: PersonId,
    notice: &str,
    errors: FormErrors,
    values: Values,
) -> Result<Response, PageError> {
    let concord_app::DisclosuresPage {
        header: record,
        disclosures: list,
        may_disclose,
        key_facts,
    } = state
        .app
        .manage()
        .disclosures_page(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))?;
    let failed = !errors.is_empty();
    render_checked(
        &DisclosuresPage {
        shell: user.record_shell("Disclosures", &key_facts),
        person_name: concord_domain::display_name(
            &record.given_name,
            record.middle_names.as_deref(),
            &record.family_name,
        ),
        person_href: person_href(person),
        base: person_href(person),
        notice: notice.into(),
        errors,
        disclosures: list
            .iter()
            .map(|d| {
                (
                    format!("{} to {} ({})", date(d.disclosed_on), d.recipient, d.recipient_role),
                    vec![
                        ("What".to_string(), d.what.clone()),
                        ("From".into(), d.sections.join(", ")),
                        ("Lawful basis".into(), d.lawful_basis.clone()),
                        ("Necessary and proportionate because".into(), d.reasons.clone()),
                        (
                            if d.person_told { "The person was told" } else { "The person was not told" }.into(),
                            d.told_detail.clone(),
                        ),
                        (
                            "Undertaking".into(),
                            if d.undertaking_given { "Given by the recipient" } else { "Not given" }.into(),
                        ),
                        ("Disclosed by".into(), d.disclosed_by.clone()),
                    ],
                )
            })
            .collect(),
        // Only the case team with the disclosure permission records a disclosure: no form
        // for anyone else (it would be refused on submit).
        action: if may_disclose {
            href(person)
        } else {
            String::new()
        },
        section_options: Section::ALL
            .iter()
            .filter(|s| s.is_shareable())
            .map(|s| {
                let chosen = v(&values, &format!("sections.{}", s.code())) == "yes";
                SelectOption::new(s.code(), s.label(), chosen)
            })
            .collect(),
        necessary_options: yes_no(&values, "necessary"),
        proportionate_options: yes_no(&values, "proportionate"),
        told_options: yes_no(&values, "person_told"),
        undertaking_options: vec![SelectOption::new(
            "yes",
            "The recipient has given an undertaking to keep the information confidential and use it only to protect themselves or others",
            v(&values, "undertaking.yes") == "yes",
        )],
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
    let notice = if q.contains_key("notice") {
        "Disclosure recorded."
    } else {
        ""
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

/// A disclosure under the scheme, with the tests it meets and who was told.
pub struct DisclosurePost {
    pub disclosure: DisclosureForm,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for DisclosurePost {
    fn from_values(values: &Values) -> Self {
        Self {
            disclosure: DisclosureForm {
                recipient: text(values, "recipient"),
                recipient_role: text(values, "recipient_role"),
                what: text(values, "what"),
                sections: ticked_codes(values, "sections"),
                lawful_basis: text(values, "lawful_basis"),
                necessary: text(values, "necessary"),
                proportionate: text(values, "proportionate"),
                reasons: text(values, "reasons"),
                person_told: text(values, "person_told"),
                told_detail: text(values, "told_detail"),
                undertaking_given: ticked(values, "undertaking.yes"),
                disclosed_on: text(values, "disclosed_on"),
            },
            entered: values.clone(),
        }
    }
}

pub async fn record(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<DisclosurePost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    match state
        .app
        .manage()
        .record_disclosure(&user.0.actor, person, &form.disclosure)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{}?notice=recorded", href(person))).into_response()),
        Err(AppError::Validation(errors)) => {
            let shown = form_errors(
                &errors,
                &[],
                &[
                    ("undertaking_given", "undertaking"),
                    ("discloser_agency", "recipient"),
                ],
            );
            page(&state, &user, person, "", shown, form.entered).await
        }
        Err(e) => Err(user.error(e)),
    }
}
