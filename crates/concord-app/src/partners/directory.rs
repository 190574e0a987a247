//! The directory of partner services: the contracts probation holds with providers,
//! each for one kind of service, in some of the area's towns, for whom, with how many
//! places and how long a waiting list. Kept by commissioning staff; read by anyone who
//! refers (no personal data is in it, only counts).

use chrono::NaiveDate;
use concord_authz::{Action, Actor, Resource, ResourceKind};
use concord_domain::{AgencyId, AgencyKind, ContractId, FieldError, ValidationErrors};
use concord_partners::{ContractFacts, Eligibility, ServiceType};
use concord_store::audit::AuditKind;
use concord_store::{ContractListRow, ContractRow};
use serde::Serialize;
use serde_json::json;

use crate::access::Note;
use crate::kernel::Work;
use crate::person::{take, DateInput};
use crate::{AppError, Partners};

/// A new contract as typed.
#[derive(Debug, Clone, Default)]
pub struct ContractInput {
    /// The provider's agency code (a partner agency).
    pub provider: String,
    pub service: String,
    pub reference: String,
    pub package_area: String,
    pub towns: Vec<String>,
    pub eligibility: String,
    pub places: String,
    pub waiting_list: String,
    pub first_contact_days: String,
    pub starts_on: DateInput,
    pub ends_on: DateInput,
}

/// A contract as the directory and the referral form show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContractView {
    pub id: ContractId,
    pub provider_agency_id: AgencyId,
    pub provider: String,
    pub service: ServiceType,
    pub reference: String,
    pub package_area: String,
    pub towns: Vec<String>,
    pub eligibility: Eligibility,
    pub places: u32,
    pub waiting_list: u32,
    pub first_contact_days: u32,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub in_places: u32,
    pub waiting: u32,
    /// Running today.
    pub current: bool,
    /// "3 of 12 places free; 2 waiting (list of 5)".
    pub capacity: String,
}

impl ContractView {
    pub(super) fn facts(&self) -> ContractFacts {
        ContractFacts {
            service: self.service,
            towns: self.towns.clone(),
            eligibility: self.eligibility,
            places: self.places,
            waiting_list: self.waiting_list,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            in_places: self.in_places,
            waiting: self.waiting,
        }
    }

    fn from_row(r: ContractListRow, today: NaiveDate) -> Self {
        let c = r.contract;
        let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
        let mut v = ContractView {
            id: c.id,
            provider_agency_id: c.provider_agency_id,
            provider: r.provider_name,
            service: c.service,
            reference: c.reference,
            package_area: c.package_area,
            towns: c.towns.lines().map(str::to_string).collect(),
            eligibility: c.eligibility,
            places: u32::try_from(c.places).unwrap_or(0),
            waiting_list: u32::try_from(c.waiting_list).unwrap_or(0),
            first_contact_days: u32::try_from(c.first_contact_days).unwrap_or(0),
            starts_on: c.starts_on,
            ends_on: c.ends_on,
            in_places: count(r.in_places),
            waiting: count(r.waiting),
            current: c.starts_on <= today && today <= c.ends_on,
            capacity: String::new(),
        };
        v.capacity = v.facts().capacity_in_words();
        v
    }
}

/// A whole number in `range`, naming the field.
fn count_in(
    errors: &mut ValidationErrors,
    field: &str,
    label: &str,
    value: &str,
    range: std::ops::RangeInclusive<u32>,
) -> Option<u32> {
    match value.trim().parse::<u32>() {
        Ok(n) if range.contains(&n) => Some(n),
        _ => {
            errors.push(FieldError::new(
                field,
                "out_of_range",
                format!(
                    "Enter {label} as a whole number from {} to {}",
                    range.start(),
                    range.end()
                ),
            ));
            None
        }
    }
}

impl Partners<'_> {
    /// Every contract with how full it is, by service.
    pub async fn directory(&self, actor: &Actor) -> Result<Vec<ContractView>, AppError> {
        self.run(actor, async |w| self.directory_in(w).await).await
    }

    pub(super) async fn directory_in(
        &self,
        w: &mut Work<'_>,
    ) -> Result<Vec<ContractView>, AppError> {
        let cap = w.decide(
            Action::Read,
            &Resource::other(ResourceKind::ServiceDirectory, None),
        )?;
        let today = self.clock.today();
        Ok(concord_store::contracts(w.tx(), &cap, None)
            .await?
            .into_iter()
            .map(|r| ContractView::from_row(r, today))
            .collect())
    }

    /// Add a contract to the directory.
    pub async fn add_contract(
        &self,
        actor: &Actor,
        input: &ContractInput,
    ) -> Result<ContractId, AppError> {
        let mut errors = ValidationErrors::new();
        let service = ServiceType::from_code(input.service.trim());
        if service.is_none() {
            errors.push(FieldError::new("service", "required", "Choose the service"));
        }
        let eligibility = Eligibility::from_code(input.eligibility.trim());
        if eligibility.is_none() {
            errors.push(FieldError::new(
                "eligibility",
                "required",
                "Choose whom the contract takes",
            ));
        }
        let reference = take(
            &mut errors,
            concord_domain::required_text(
                "reference",
                "the contract reference",
                &input.reference,
                50,
            ),
        );
        let package_area = take(
            &mut errors,
            concord_domain::required_text(
                "package_area",
                "the contract package area",
                &input.package_area,
                100,
            ),
        );
        let known = &self.settings.mappa.towns;
        let mut towns: Vec<String> = vec![];
        for t in input
            .towns
            .iter()
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
        {
            match known.iter().find(|k| k.eq_ignore_ascii_case(t)) {
                Some(k) if !towns.contains(k) => towns.push(k.clone()),
                Some(_) => {}
                None => errors.push(FieldError::new(
                    "towns",
                    "unknown_town",
                    format!(
                        "`{t}` is not one of the area's towns ({})",
                        known.join(", ")
                    ),
                )),
            }
        }
        if towns.is_empty() && errors.for_field("towns").is_none() {
            errors.push(FieldError::new(
                "towns",
                "required",
                "Choose at least one town the contract covers",
            ));
        }
        let places = count_in(
            &mut errors,
            "places",
            "the places",
            &input.places,
            1..=10_000,
        );
        let waiting = count_in(
            &mut errors,
            "waiting_list",
            "the waiting list's length",
            &input.waiting_list,
            0..=10_000,
        );
        let first_contact = count_in(
            &mut errors,
            "first_contact_days",
            "the working days to first contact",
            &input.first_contact_days,
            1..=60,
        );
        let starts = take(
            &mut errors,
            input.starts_on.required("starts_on", "the start date"),
        );
        let ends = take(
            &mut errors,
            input.ends_on.required("ends_on", "the end date"),
        );
        if let (Some(s), Some(e)) = (starts, ends) {
            if e < s {
                errors.push(FieldError::new(
                    "ends_on",
                    "before_start",
                    "The end date must be on or after the start date",
                ));
            }
        }
        self.run(actor, async |w| {
            // The decision first: someone who may not keep the directory learns nothing
            // from how their input would have been judged.
            let cap = w.decide(
                Action::Create,
                &Resource::other(ResourceKind::ServiceDirectory, None),
            )?;
            let provider = concord_store::agency_by_code(w.tx(), input.provider.trim()).await?;
            let provider = provider.filter(|a| {
                AgencyKind::from_code(&a.kind).is_some_and(|k| !k.is_responsible_authority())
            });
            if provider.is_none() {
                errors.push(FieldError::new(
                    "provider",
                    "not_a_partner",
                    format!("`{}` is not a partner agency", input.provider.trim()),
                ));
            }
            let (
                Some(provider),
                Some(service),
                Some(eligibility),
                Some(reference),
                Some(package_area),
                Some(places),
                Some(waiting_list),
                Some(first_contact_days),
                Some(starts_on),
                Some(ends_on),
            ) = (
                provider,
                service,
                eligibility,
                reference,
                package_area,
                places,
                waiting,
                first_contact,
                starts,
                ends,
            )
            else {
                return Err(AppError::Validation(errors.clone()));
            };
            if !errors.is_empty() {
                return Err(AppError::Validation(errors.clone()));
            }
            let id = ContractId::new();
            let row = ContractRow {
                id,
                provider_agency_id: provider.id,
                service,
                reference: reference.clone(),
                package_area,
                towns: towns.join("\n"),
                eligibility,
                places: i32::try_from(places).unwrap_or(i32::MAX),
                waiting_list: i32::try_from(waiting_list).unwrap_or(i32::MAX),
                first_contact_days: i32::try_from(first_contact_days).unwrap_or(10),
                starts_on,
                ends_on,
                created_by: w.actor().user_id,
                created_at: self.clock.now(),
            };
            if let Err(e) = concord_store::insert_contract(w.tx(), &cap, &row).await {
                if e.is_unique_violation() {
                    let mut dup = ValidationErrors::new();
                    dup.push(FieldError::new(
                        "reference",
                        "taken",
                        format!("A contract with the reference {reference} is already in the directory"),
                    ));
                    return Err(AppError::Validation(dup));
                }
                return Err(e.into());
            }
            w.record(self.event(
                w.actor(),
                AuditKind::Collection,
                Action::Create,
                ResourceKind::ServiceDirectory,
                None,
                "added a contract to the directory of partner services",
                Note::detail(
                    json!({"contract_id": id, "provider": provider.code, "service": service.code()}),
                ),
            ));
            Ok(id)
        })
        .await
    }
}
