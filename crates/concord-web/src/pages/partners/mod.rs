//! Partner services (issue 20): the directory of contracts, a person's partner services
//! (needs screening, suggestions, referrals), one referral with the steps the reader may
//! take, the forms of those steps, and the provider's list of referrals.

mod action_plan;
mod directory;
mod figures;
mod refer;
mod referral;
mod screening;
mod services;
mod steps;
mod volunteer_steps;
mod volunteers;
mod worklist;

pub use action_plan::{
    action_plan, action_plan_print, item_form, item_submit, progress_form, progress_submit,
    review_form, review_submit,
};
pub use directory::{add_contract, contract_form, directory};
pub use figures::figures;
pub use refer::{refer_form, refer_submit};
pub use referral::referral;
pub use screening::{screening_form, screening_submit};
pub use services::services;
pub use steps::{step_form, step_submit};
pub use volunteer_steps::{volunteer_form, volunteer_submit};
pub use volunteers::{
    add_volunteer, record_vetting, vetting_form, volunteer_form as new_volunteer_form, volunteers,
};
pub use worklist::worklist;

use concord_app::{ReferralStatus, ReferralSummary};
use concord_domain::{PersonId, ServiceReferralId};
use concord_ui::views::{FormField, ReferralLine};
use concord_ui::SelectOption;

use crate::format::{date, opt_date, person_href};
use crate::forms::{v, Values};

pub(super) fn services_href(person: PersonId) -> String {
    format!("{}/services", person_href(person))
}

pub(super) fn referral_href(person: PersonId, id: ServiceReferralId) -> String {
    format!("{}/services/referrals/{id}", person_href(person))
}

/// The GOV.UK tag colour of a status.
pub(super) fn colour(status: ReferralStatus) -> &'static str {
    match status {
        ReferralStatus::Draft => "grey",
        ReferralStatus::Sent | ReferralStatus::Accepted => "blue",
        ReferralStatus::Assigned | ReferralStatus::PlanSubmitted => "yellow",
        ReferralStatus::InProgress => "green",
        ReferralStatus::Declined => "red",
        ReferralStatus::Closed => "purple",
    }
}

pub(super) fn status_words(r: &ReferralSummary) -> String {
    match (r.status, r.closure) {
        (ReferralStatus::Closed, Some(c)) => format!("Closed: {}", c.label().to_lowercase()),
        (s, _) => s.label().to_string(),
    }
}

pub(super) fn line(r: &ReferralSummary, person: String) -> ReferralLine {
    ReferralLine {
        href: referral_href(r.person_id, r.id),
        person,
        service: r.service.label().into(),
        provider: r.provider.clone(),
        status: status_words(r),
        colour: colour(r.status),
        sent: r.sent_on.map_or_else(|| "Not sent".into(), date),
        caseworker: r
            .caseworker
            .clone()
            .unwrap_or_else(|| "Not assigned".into()),
        sessions: format!("{} ({} attended)", r.sessions, r.attended),
        due: r.due.clone().unwrap_or_default(),
        overdue: r.overdue,
    }
}

/// `(value, label)` options with a first "Choose" option, `chosen` selected.
pub(super) fn options<'a>(
    prompt: &str,
    items: impl IntoIterator<Item = (&'a str, &'a str)>,
    chosen: &str,
) -> Vec<SelectOption> {
    std::iter::once(SelectOption::new("", prompt, chosen.is_empty()))
        .chain(
            items
                .into_iter()
                .map(|(v, l)| SelectOption::new(v, l, v == chosen)),
        )
        .collect()
}

pub(super) fn first_contact(r: &ReferralSummary) -> String {
    match (r.first_contact_on, r.first_contact_due) {
        (Some(on), _) => format!("Made on {}", date(on)),
        (None, Some(due)) => format!("Due by {}", date(due)),
        (None, None) => opt_date(None),
    }
}

/// A date field of a form, filled from the posted `{name}-day/-month/-year`.
pub(super) fn date_field(values: &Values, name: &str, label: &str) -> FormField {
    FormField::date(
        name,
        label,
        v(values, &format!("{name}-day")),
        v(values, &format!("{name}-month")),
        v(values, &format!("{name}-year")),
    )
}
