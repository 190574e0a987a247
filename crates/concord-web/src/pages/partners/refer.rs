//! The referral form: the service (contracts that can take the person first; the
//! others named with why they cannot), the needs it is to work on, what is asked, and
//! the sections shared with the provider (never a restricted one).

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, InterventionsView, Need, NeedLevel, ReferInput};
use concord_authz::Section;
use concord_domain::PersonId;
use concord_ui::views::{FormField, FormPage};
use concord_ui::{FormErrors, SelectOption};

use super::{referral_href, services_href};
use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::forms::{form_errors, text, ticked_codes, v, Values};
use crate::pages::{parse_id, render_form};
use crate::session::PageUser;
use crate::AppState;

/// What a provider may be given; who the person is always goes with it, and the
/// provider's own work is theirs already.
fn shareable() -> impl Iterator<Item = Section> {
    Section::ALL
        .into_iter()
        .filter(|s| s.is_shareable() && !matches!(s, Section::Identity | Section::Interventions))
}

fn refer_page(
    user: &PageUser,
    person: PersonId,
    view: &InterventionsView,
    values: &Values,
    errors: FormErrors,
) -> Result<Response, PageError> {
    let chosen = v(values, "contract");
    let mut contracts = vec![SelectOption::new(
        "",
        "Choose the service",
        chosen.is_empty(),
    )];
    for (c, why) in &view.contracts {
        let id = c.id.to_string();
        let label = if why.is_empty() {
            format!("{}: {} ({})", c.service.label(), c.provider, c.capacity)
        } else {
            format!(
                "{}: {} (cannot take this person: {})",
                c.service.label(),
                c.provider,
                why.join("; ")
            )
        };
        contracts.push(SelectOption::new(id.as_str(), label, id == chosen));
    }
    let found: Vec<Need> = view
        .screening
        .as_ref()
        .map(|s| {
            s.needs
                .iter()
                .filter(|n| n.level != NeedLevel::None)
                .map(|n| n.need)
                .collect()
        })
        .unwrap_or_default();
    let fresh = !values.contains_key("reason");
    let fields = vec![
        FormField::select("contract", "Service", contracts)
            .hint("Only services contracted in the person's town that will take them can be sent to"),
        FormField::checkboxes(
            "needs",
            "Needs the provider is to work on",
            Need::ALL
                .iter()
                .map(|n| {
                    let ticked = if fresh { found.contains(n) } else { v(values, &format!("needs.{}", n.code())) == "yes" };
                    SelectOption::new(n.code(), n.label(), ticked)
                })
                .collect(),
        ),
        FormField::textarea("reason", "What you are asking the provider to do", v(values, "reason"))
            .hint("The provider reads this; write nothing about victims, health or intelligence"),
        FormField::checkboxes(
            "sections",
            "Share with the provider",
            shareable()
                .map(|s| {
                    let ticked = if fresh {
                        matches!(s, Section::Markers | Section::Addresses)
                    } else {
                        v(values, &format!("sections.{}", s.code())) == "yes"
                    };
                    SelectOption::new(s.code(), s.label(), ticked)
                })
                .collect(),
        )
        .hint("Who the person is always goes with these. Victim, health, intelligence and do-not-disclose sections are never shared."),
        FormField::radios(
            "send",
            "Send it now?",
            vec![
                SelectOption::new("yes", "Send now", fresh || v(values, "send") == "yes"),
                SelectOption::new("no", "Save as a draft", !fresh && v(values, "send") == "no"),
            ],
        ),
    ];
    render_form(FormPage {
        shell: user.shell("Refer to a service", ""),
        caption: view.person_name.clone(),
        heading: "Refer to a service".into(),
        intro: vec![
            "The provider sees the referral and the sections you share until the referral ends, and nothing else of the record.".into(),
        ],
        action: format!("{}/refer", services_href(person)),
        fields,
        hidden: vec![],
        submit_label: "Continue".into(),
        cancel_href: services_href(person),
        errors,
        possible_matches: vec![],
    })
}

pub async fn refer_form(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let view = state
        .app
        .partners()
        .interventions(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))?;
    if !view.may_refer {
        return Err(PageError::not_found());
    }
    let mut values = Values::new();
    if let Some(c) = q.get("contract") {
        values.insert("contract".into(), c.clone());
    }
    refer_page(&user, person, &view, &values, FormErrors::new())
}

/// The referral as posted.
pub struct ReferPost {
    pub refer: ReferInput,
    pub entered: Values,
}

impl PostedForm for ReferPost {
    fn from_values(values: &Values) -> Self {
        Self {
            refer: ReferInput {
                contract: text(values, "contract"),
                needs: ticked_codes(values, "needs"),
                reason: text(values, "reason"),
                sections: ticked_codes(values, "sections"),
                send: v(values, "send") != "no",
            },
            entered: values.clone(),
        }
    }
}

pub async fn refer_submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<ReferPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let app = state.app.partners();
    match app
        .refer_to_service(&user.0.actor, person, &form.refer)
        .await
    {
        Ok(rid) => {
            let notice = if form.refer.send { "sent" } else { "drafted" };
            Ok(
                Redirect::to(&format!("{}?notice={notice}", referral_href(person, rid)))
                    .into_response(),
            )
        }
        Err(AppError::Validation(errors)) => {
            let view = app
                .interventions(&user.0.actor, person)
                .await
                .map_err(|e| user.error(e))?;
            let mut entered = form.entered.clone();
            entered.entry("reason".into()).or_default();
            refer_page(
                &user,
                person,
                &view,
                &entered,
                form_errors(&errors, &[], &[]),
            )
        }
        Err(e) => Err(user.error(e)),
    }
}
