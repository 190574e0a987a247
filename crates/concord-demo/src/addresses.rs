//! Address histories: one to three homes, a spell in prison for those who served time,
//! and approved premises for some of those just released. Each address ends the day
//! before the next begins, so the history is continuous, as the register expects.

use chrono::NaiveDate;
use concord_domain::AddressKind;

use super::dates::{days_between, plus_days, plus_years};
use super::history::{History, Status};
use super::places::{postcode, street_line, Town, APPROVED_PREMISES, PRISON, TOWNS, WOMENS_PRISON};
use super::rng::Rng;
use concord_app::{AddressInput, DateInput};

pub(super) struct AddressPlan<'a> {
    pub town: &'a Town,
    pub dob: NaiveDate,
    pub female: bool,
    /// Released recently and placed in approved premises.
    pub approved_premises: bool,
    /// Sleeping rough or sofa-surfing for a spell (drug users, mostly).
    pub no_fixed_abode: bool,
}

enum Place {
    Home(usize),
    NoFixedAbode,
    Prison,
    ApprovedPremises,
}

pub(super) fn addresses(
    rng: &mut Rng,
    plan: &AddressPlan,
    h: &History,
    today: NaiveDate,
) -> Vec<AddressInput> {
    let window = plus_years(plan.dob, 18)
        .max(plus_days(today, -12 * 365))
        .min(plus_days(today, -60));
    let mut stays: Vec<(Place, NaiveDate)> = vec![];
    let custody = h
        .last_custody
        .filter(|_| matches!(h.status, Status::Custody | Status::Licence));
    let homes_until = match custody {
        Some((start, _)) => start,
        None => today,
    };
    let home_town = TOWNS
        .iter()
        .position(|t| t.name == plan.town.name)
        .unwrap_or(0);
    if days_between(window, homes_until) > 60 {
        let count = *rng.weighted(&[(1i64, 45), (2, 35), (3, 20)]);
        let span = days_between(window, homes_until);
        for i in 0..count {
            let from = plus_days(
                window,
                span * i / count + rng.range(0, span / (count * 4) + 1),
            );
            // Earlier homes are sometimes in another town: people move around the county.
            let town = if i + 1 < count && rng.chance(15) {
                rng.below(TOWNS.len() as u64) as usize
            } else {
                home_town
            };
            stays.push((Place::Home(town), from));
        }
        if plan.no_fixed_abode && count > 1 {
            let last = stays.len() - 1;
            stays[last - 1].0 = Place::NoFixedAbode;
        }
    }
    if let Some((start, release)) = custody {
        stays.push((Place::Prison, start));
        if h.status == Status::Licence {
            let after = if plan.approved_premises {
                Place::ApprovedPremises
            } else {
                Place::Home(home_town)
            };
            stays.push((after, release));
        }
    }
    stays.sort_by_key(|(_, from)| *from);
    stays.dedup_by_key(|(_, from)| *from);
    let mut out = Vec::with_capacity(stays.len());
    for (i, (place, from)) in stays.iter().enumerate() {
        let to = stays
            .get(i + 1)
            .map(|(_, next)| plus_days(*next, -1))
            .filter(|to| to >= from);
        out.push(address(rng, plan, place, *from, to));
    }
    out
}

fn address(
    rng: &mut Rng,
    plan: &AddressPlan,
    place: &Place,
    from: NaiveDate,
    to: Option<NaiveDate>,
) -> AddressInput {
    let fixed = |kind: AddressKind, (line1, line2, town, postcode): (&str, &str, &str, &str)| {
        AddressInput {
            kind: kind.code().into(),
            line1: line1.into(),
            line2: line2.into(),
            town: town.into(),
            postcode: postcode.into(),
            from_date: DateInput::from_date(from),
            to_date: to.map(DateInput::from_date).unwrap_or_default(),
        }
    };
    match place {
        Place::Prison => fixed(
            AddressKind::Prison,
            if plan.female { WOMENS_PRISON } else { PRISON },
        ),
        Place::ApprovedPremises => fixed(AddressKind::ApprovedPremises, APPROVED_PREMISES),
        Place::NoFixedAbode => AddressInput {
            kind: AddressKind::NoFixedAbode.code().into(),
            line1: "No fixed abode".into(),
            line2: "Sofa-surfing with friends".into(),
            town: plan.town.name.into(),
            postcode: String::new(),
            from_date: DateInput::from_date(from),
            to_date: to.map(DateInput::from_date).unwrap_or_default(),
        },
        Place::Home(t) => {
            let town = &TOWNS[*t];
            AddressInput {
                kind: AddressKind::Home.code().into(),
                line1: street_line(rng, town),
                line2: String::new(),
                town: town.name.into(),
                postcode: postcode(rng, town),
                from_date: DateInput::from_date(from),
                to_date: to.map(DateInput::from_date).unwrap_or_default(),
            }
        }
    }
}
