//! Whether a contract may take a person, and the services screening suggests for the
//! needs it found, each with the reasons a practitioner would give.

use chrono::NaiveDate;
use concord_domain::Gender;

use crate::{Eligibility, Need, ServiceType};

/// What the rules need to know of the person (read by the app through the access
/// decision; nothing here is restricted).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonFacts {
    pub gender: Option<Gender>,
    /// The town the person lives in (their current address), one of the areas' towns.
    pub town: Option<String>,
    /// A sexual offence on the record or a notification requirement.
    pub sexual_offending: bool,
    /// The person identifies as belonging to a minority group (asked at screening).
    pub minority_group: bool,
    /// The last release from custody, if any.
    pub released_on: Option<NaiveDate>,
}

/// One contract as the rules see it, with how full it is today.
#[derive(Debug, Clone, PartialEq)]
pub struct ContractFacts {
    pub service: ServiceType,
    pub towns: Vec<String>,
    pub eligibility: Eligibility,
    pub places: u32,
    pub waiting_list: u32,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Referrals holding a place now (accepted to in progress).
    pub in_places: u32,
    /// Referrals sent and not yet accepted or declined.
    pub waiting: u32,
}

/// Why a referral to a contract cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// `no_contract_in_area`, `contract_not_current`, `ineligible`, `full`.
    pub code: &'static str,
    pub message: String,
}

fn refuse(code: &'static str, message: String) -> Refusal {
    Refusal { code, message }
}

impl ContractFacts {
    pub fn places_free(&self) -> u32 {
        self.places.saturating_sub(self.in_places)
    }

    /// May another referral be sent? A place must be free, or the waiting list not full.
    pub fn has_room(&self) -> bool {
        self.places_free() > self.waiting || self.waiting < self.waiting_list
    }

    /// "3 of 12 places free; 2 waiting (list of 5)", for the referral form.
    pub fn capacity_in_words(&self) -> String {
        format!(
            "{} of {} places free; {} waiting (list of {})",
            self.places_free(),
            self.places,
            self.waiting,
            self.waiting_list
        )
    }
}

/// A year after release counts as "leaving prison" for mentoring on release.
const LEAVING_PRISON_DAYS: i64 = 365;

fn eligible(rule: Eligibility, person: &PersonFacts, today: NaiveDate) -> Result<(), String> {
    match rule {
        Eligibility::Anyone => Ok(()),
        Eligibility::WomenOnly if person.gender == Some(Gender::Female) => Ok(()),
        Eligibility::WomenOnly => Err("the service is for women only".into()),
        Eligibility::MenOnly if person.gender == Some(Gender::Male) => Ok(()),
        Eligibility::MenOnly => Err("the service is for men only".into()),
        Eligibility::SexOffenderWork if person.sexual_offending => Ok(()),
        Eligibility::SexOffenderWork => {
            Err("the service is for sex-offender work and the record holds no sexual offence".into())
        }
        Eligibility::MinorityGroup if person.minority_group => Ok(()),
        Eligibility::MinorityGroup => Err(
            "the service is for people from minority groups and screening did not record that the person is one".into(),
        ),
        Eligibility::LeavingPrison => match person.released_on {
            Some(on) if on <= today && (today - on).num_days() <= LEAVING_PRISON_DAYS => Ok(()),
            Some(on) if on > today => Ok(()),
            _ => Err("the service is for people leaving prison, up to a year after release".into()),
        },
        Eligibility::VictimWork => {
            Err("the service works with victims, not with people who offend".into())
        }
    }
}

/// Every reason the person may not be referred to the contract today (empty: they may).
pub fn check_referral(
    contract: &ContractFacts,
    person: &PersonFacts,
    today: NaiveDate,
) -> Vec<Refusal> {
    let mut refusals = vec![];
    match &person.town {
        Some(town)
            if contract
                .towns
                .iter()
                .any(|t| t.trim().eq_ignore_ascii_case(town.trim())) => {}
        Some(town) => refusals.push(refuse(
            "no_contract_in_area",
            format!("the contract does not cover {town}"),
        )),
        None => refusals.push(refuse(
            "no_contract_in_area",
            "the person has no current address, so no contract's area can be checked".into(),
        )),
    }
    if today < contract.starts_on || today > contract.ends_on {
        refusals.push(refuse(
            "contract_not_current",
            format!(
                "the contract runs from {} to {}",
                concord_domain::format_date(contract.starts_on),
                concord_domain::format_date(contract.ends_on)
            ),
        ));
    }
    for rule in [
        contract.service.inherent_eligibility(),
        contract.eligibility,
    ] {
        if let Err(why) = eligible(rule, person, today) {
            let message = why.clone();
            if !refusals.iter().any(|r| r.message == message) {
                refusals.push(refuse("ineligible", message));
            }
        }
    }
    if !contract.has_room() {
        refusals.push(refuse(
            "full",
            format!("the contract is full: {}", contract.capacity_in_words()),
        ));
    }
    refusals
}

/// A contracted service suggested at screening, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// Index into the contracts given to [`suggest`].
    pub contract: usize,
    pub needs: Vec<Need>,
    pub reasons: Vec<String>,
}

/// The contracts that meet the needs found (most severe first), in the person's town,
/// that the person is eligible for and that have room; each with its reasons.
/// `needs` is each need found with whether it is severe.
pub fn suggest(
    needs: &[(Need, bool)],
    person: &PersonFacts,
    contracts: &[ContractFacts],
    today: NaiveDate,
) -> Vec<Suggestion> {
    let mut out: Vec<(bool, u32, Suggestion)> = vec![];
    for (i, c) in contracts.iter().enumerate() {
        let met: Vec<(Need, bool)> = needs
            .iter()
            .copied()
            .filter(|(n, _)| c.service.meets().contains(n))
            .collect();
        if met.is_empty() || !check_referral(c, person, today).is_empty() {
            continue;
        }
        let severe = met.iter().any(|(_, s)| *s);
        let mut reasons: Vec<String> = met
            .iter()
            .map(|(n, s)| {
                format!(
                    "{} need {} (OASys {})",
                    if *s { "Severe" } else { "Standard" },
                    n.label().to_lowercase(),
                    n.oasys_section()
                )
            })
            .collect();
        if let Some(town) = &person.town {
            reasons.push(format!("Contracted in {town}"));
        }
        let rule = c.service.inherent_eligibility();
        if rule != Eligibility::Anyone {
            reasons.push(format!("Eligible: {}", rule.label().to_lowercase()));
        }
        if c.eligibility != Eligibility::Anyone && c.eligibility != rule {
            reasons.push(format!(
                "Eligible: {}",
                c.eligibility.label().to_lowercase()
            ));
        }
        reasons.push(c.capacity_in_words());
        out.push((
            severe,
            c.places_free(),
            Suggestion {
                contract: i,
                needs: met.into_iter().map(|(n, _)| n).collect(),
                reasons,
            },
        ));
    }
    out.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    out.into_iter().map(|(_, _, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn contract(service: ServiceType, town: &str) -> ContractFacts {
        ContractFacts {
            service,
            towns: vec![town.into()],
            eligibility: Eligibility::Anyone,
            places: 10,
            waiting_list: 5,
            starts_on: d(4, 1),
            ends_on: d(12, 31),
            in_places: 0,
            waiting: 0,
        }
    }

    fn man_in(town: &str) -> PersonFacts {
        PersonFacts {
            gender: Some(Gender::Male),
            town: Some(town.into()),
            ..PersonFacts::default()
        }
    }

    #[test]
    fn a_man_is_refused_by_the_womens_project_with_the_reason() {
        let c = contract(ServiceType::WomensProject, "Colchester");
        let r = check_referral(&c, &man_in("Colchester"), d(6, 1));
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].code, "ineligible");
        assert_eq!(r[0].message, "the service is for women only");
    }

    #[test]
    fn the_area_the_dates_and_the_room_are_each_checked() {
        let mut c = contract(ServiceType::Housing, "Basildon");
        c.places = 2;
        c.in_places = 2;
        c.waiting_list = 1;
        c.waiting = 1;
        let codes: Vec<_> = check_referral(&c, &man_in("Harlow"), d(1, 5))
            .into_iter()
            .map(|r| r.code)
            .collect();
        assert_eq!(
            codes,
            ["no_contract_in_area", "contract_not_current", "full"]
        );
        c.waiting = 0;
        assert!(check_referral(&c, &man_in("Basildon"), d(6, 1)).is_empty());
    }

    #[test]
    fn a_free_place_is_room_even_when_the_list_is_full_but_not_when_others_wait_for_it() {
        let mut c = contract(ServiceType::Housing, "Basildon");
        c.places = 1;
        c.waiting_list = 0;
        assert!(c.has_room());
        c.waiting = 1;
        assert!(!c.has_room());
    }

    #[test]
    fn mentoring_on_release_is_for_a_year_after_release() {
        let c = contract(ServiceType::ReleaseMentoring, "Harlow");
        let mut p = man_in("Harlow");
        assert_eq!(check_referral(&c, &p, d(6, 1))[0].code, "ineligible");
        p.released_on = Some(d(3, 1));
        assert!(check_referral(&c, &p, d(6, 1)).is_empty());
    }

    #[test]
    fn screening_suggests_services_for_the_needs_severe_first_with_reasons() {
        let contracts = vec![
            contract(ServiceType::Housing, "Southend-on-Sea"),
            contract(ServiceType::DrugAndAlcohol, "Southend-on-Sea"),
            contract(ServiceType::DrugAndAlcohol, "Chelmsford"),
            contract(ServiceType::WomensProject, "Southend-on-Sea"),
            contract(ServiceType::PsychometricTesting, "Southend-on-Sea"),
        ];
        let needs = [(Need::Accommodation, false), (Need::Drugs, true)];
        let s = suggest(&needs, &man_in("Southend-on-Sea"), &contracts, d(6, 1));
        assert_eq!(s.iter().map(|s| s.contract).collect::<Vec<_>>(), [1, 0]);
        assert_eq!(s[0].reasons[0], "Severe need drug misuse (OASys 8)");
        assert!(s[0]
            .reasons
            .contains(&"Contracted in Southend-on-Sea".to_string()));
    }
}
