//! The directory of partner services, and the form commissioning staff add a contract
//! with.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, ContractInput, Eligibility, ServiceType};
use concord_authz::Permission;
use concord_ui::views::{ContractLine, DirectoryPage, FormField, FormPage};
use concord_ui::{FormErrors, SelectOption};

use super::{date_field, options};
use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::format::date;
use crate::forms::{date_input, form_errors, text, v, Values};
use crate::pages::{render, render_form};
use crate::session::PageUser;
use crate::AppState;

const DIRECTORY: &str = "/partners/services";

pub async fn directory(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let contracts = state
        .app
        .partners()
        .directory(&user.0.actor)
        .await
        .map_err(|e| user.error(e))?;
    render(&DirectoryPage {
        shell: user.shell("Partner services", DIRECTORY),
        contracts: contracts
            .iter()
            .map(|c| ContractLine {
                service: c.service.label().into(),
                provider: c.provider.clone(),
                reference: c.reference.clone(),
                towns: c.towns.join(", "),
                eligibility: c.eligibility.label().into(),
                dates: format!("{} to {}", date(c.starts_on), date(c.ends_on)),
                capacity: c.capacity.clone(),
                current: c.current,
            })
            .collect(),
        add_href: if user.0.actor.has(Permission::ContractManage) {
            format!("{DIRECTORY}/new")
        } else {
            String::new()
        },
        notice: if q.get("notice").is_some_and(|n| n == "added") {
            "Contract added.".into()
        } else {
            String::new()
        },
    })
}

fn contract_page(
    state: &AppState,
    user: &PageUser,
    values: &Values,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let towns = &state.app.settings().mappa.towns;
    render_form(FormPage {
        shell: user.shell("Add a contract", DIRECTORY),
        caption: "Partner services".into(),
        heading: "Add a contract".into(),
        intro: vec![
            "A contract is for one kind of service from one provider, in some of the area's towns.".into(),
        ],
        action: format!("{DIRECTORY}/new"),
        fields: vec![
            FormField::text("provider", "Provider's agency code", v(values, "provider"))
                .hint("The partner agency that delivers the service, for example DRG")
                .width("10"),
            FormField::select(
                "service",
                "Service",
                options("Choose the service", ServiceType::ALL.iter().map(|s| (s.code(), s.label())), v(values, "service")),
            ),
            FormField::text("reference", "Contract reference", v(values, "reference")).width("20"),
            FormField::text("package_area", "Contract package area", v(values, "package_area"))
                .hint("For example, Essex")
                .width("20"),
            FormField::checkboxes(
                "towns",
                "Towns covered",
                towns
                    .iter()
                    .map(|t| SelectOption::new(t.as_str(), t.as_str(), v(values, &format!("towns.{t}")) == "yes"))
                    .collect(),
            ),
            FormField::select(
                "eligibility",
                "Whom it takes",
                options("Choose", Eligibility::ALL.iter().map(|e| (e.code(), e.label())), v(values, "eligibility")),
            ),
            FormField::text("places", "Places", v(values, "places")).width("5"),
            FormField::text("waiting_list", "Waiting list (how many may wait)", v(values, "waiting_list")).width("5"),
            FormField::text("first_contact_days", "Working days to first contact", v(values, "first_contact_days"))
                .hint("The provider's first contact is due this many working days after the referral is sent")
                .width("5"),
            date_field(values, "starts_on", "Starts"),
            date_field(values, "ends_on", "Ends"),
        ],
        hidden: vec![],
        submit_label: "Add the contract".into(),
        cancel_href: DIRECTORY.into(),
        errors,
        possible_matches: vec![],
    })
}

pub async fn contract_form(
    State(state): State<AppState>,
    user: PageUser,
) -> Result<Response, PageError> {
    // The form holds no personal data; sending it is decided by the use case.
    contract_page(&state, &user, &Values::new(), FormErrors::new())
}

/// A contract as posted.
pub struct ContractPost {
    pub contract: ContractInput,
    pub entered: Values,
}

impl PostedForm for ContractPost {
    fn from_values(values: &Values) -> Self {
        Self {
            contract: ContractInput {
                provider: text(values, "provider"),
                service: text(values, "service"),
                reference: text(values, "reference"),
                package_area: text(values, "package_area"),
                towns: crate::forms::ticked_codes(values, "towns"),
                eligibility: text(values, "eligibility"),
                places: text(values, "places"),
                waiting_list: text(values, "waiting_list"),
                first_contact_days: text(values, "first_contact_days"),
                starts_on: date_input(values, "starts_on"),
                ends_on: date_input(values, "ends_on"),
            },
            entered: values.clone(),
        }
    }
}

pub async fn add_contract(
    State(state): State<AppState>,
    CheckedForm { user, form }: CheckedForm<ContractPost>,
) -> Result<Response, PageError> {
    match state
        .app
        .partners()
        .add_contract(&user.0.actor, &form.contract)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{DIRECTORY}?notice=added")).into_response()),
        Err(AppError::Validation(errors)) => contract_page(
            &state,
            &user,
            &form.entered,
            form_errors(&errors, &["starts_on", "ends_on"], &[]),
        ),
        Err(e) => Err(user.error(e)),
    }
}
