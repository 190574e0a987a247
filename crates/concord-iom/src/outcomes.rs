//! Outcomes of IOM: offending in equal windows before and after adoption, per person and
//! for a cohort, with the cost of crime; for a cohort the change is a rate ratio with its
//! 95% interval, because a handful of people make rates jump. A window that has not yet
//! elapsed is refused, saying when it will have; an offence group without a unit cost is
//! refused by name.
//!
//! The unit costs default to approximate figures from the Home Office's *Economic and
//! social costs of crime* (second edition, 2018; 2015/16 prices, rounded), mapped onto
//! the catalogue's offence groups — version `ho-2018-approx`. A deployment replaces them
//! (`UnitCosts::from_pairs`), as the IOM rules elsewhere leave numbers to the area.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::selection::OffenceFact;

/// Cost to society of one offence, by offence group (pounds).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitCosts {
    pub version: String,
    by_group: BTreeMap<String, f64>,
}

const DEFAULT_COSTS: [(&str, f64); 20] = [
    ("Absconding or bail offences", 0.0),
    ("Burglary (domestic)", 5_930.0),
    ("Burglary (other)", 3_000.0),
    ("Criminal damage", 1_350.0),
    ("Drink driving and related offences", 0.0),
    ("Drug import/export/production", 0.0),
    ("Drug possession/supply", 0.0),
    ("Fraud and forgery", 1_000.0),
    ("Handling stolen goods", 870.0),
    ("Other motoring", 0.0),
    ("Other offence", 0.0),
    ("Public order", 0.0),
    ("Robbery", 11_320.0),
    ("Sexual (against child)", 39_360.0),
    ("Sexual (not against child)", 6_520.0),
    ("Soliciting or prostitution", 0.0),
    ("Taking & driving away and related offences", 9_870.0),
    ("Theft (non-motor)", 1_380.0),
    ("Theft from vehicles", 870.0),
    ("Violence", 14_050.0),
];

impl UnitCosts {
    /// The built-in table (`ho-2018-approx`): groups the costs report does not price
    /// (drugs, motoring, public order) cost 0, and say so on the page.
    pub fn default_table() -> Self {
        Self::from_pairs(
            "ho-2018-approx",
            DEFAULT_COSTS.iter().map(|(g, c)| ((*g).to_string(), *c)),
        )
    }

    pub fn from_pairs(version: &str, pairs: impl IntoIterator<Item = (String, f64)>) -> Self {
        UnitCosts {
            version: version.into(),
            by_group: pairs.into_iter().collect(),
        }
    }

    /// A table from CSV: a header `group,pounds`, then one line per offence group of the
    /// catalogue (every one: a group left out is refused by name, never priced by a guess).
    pub fn from_csv(version: &str, text: &str) -> Result<Self, String> {
        match crate::harm::read_group_table(text, "pounds") {
            Ok(by_group) => Ok(UnitCosts {
                version: version.into(),
                by_group,
            }),
            Err(crate::HarmError::Missing(groups)) => Err(OutcomeError::NoCost(groups).to_string()),
            Err(e) => Err(e.to_string()),
        }
    }

    pub fn cost(&self, group: &str) -> Option<f64> {
        self.by_group.get(group).copied()
    }
}

/// Why an outcome cannot be given yet, or at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutcomeError {
    #[error("the {days}-day window after adoption has not elapsed: it will on {ready_on}")]
    NotElapsed { days: u64, ready_on: NaiveDate },
    #[error("no unit cost for the offence group{}: {}", if .0.len() == 1 { "" } else { "s" }, .0.join(", "))]
    NoCost(Vec<String>),
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Side {
    pub offences: u32,
    pub cost: f64,
}

/// One person's offending in the window before adoption and the same window after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonOutcome {
    pub adopted_on: NaiveDate,
    pub window_days: u64,
    pub before: Side,
    pub after: Side,
}

fn side(
    offences: &[OffenceFact],
    from: NaiveDate,
    to: NaiveDate,
    costs: &UnitCosts,
) -> Result<Side, OutcomeError> {
    let mut s = Side {
        offences: 0,
        cost: 0.0,
    };
    let mut missing: Vec<String> = vec![];
    for o in offences.iter().filter(|o| o.on >= from && o.on < to) {
        s.offences += 1;
        match costs.cost(&o.group) {
            Some(c) => s.cost += c,
            None if !missing.contains(&o.group) => missing.push(o.group.clone()),
            None => {}
        }
    }
    if missing.is_empty() {
        Ok(s)
    } else {
        missing.sort();
        Err(OutcomeError::NoCost(missing))
    }
}

/// Offending in the `window_days` before `adopted_on` and the `window_days` from it.
pub fn person_outcome(
    offences: &[OffenceFact],
    adopted_on: NaiveDate,
    window_days: u64,
    today: NaiveDate,
    costs: &UnitCosts,
) -> Result<PersonOutcome, OutcomeError> {
    let end = adopted_on + Days::new(window_days);
    if end > today {
        return Err(OutcomeError::NotElapsed {
            days: window_days,
            ready_on: end,
        });
    }
    let start = adopted_on - Days::new(window_days);
    Ok(PersonOutcome {
        adopted_on,
        window_days,
        before: side(offences, start, adopted_on, costs)?,
        after: side(offences, adopted_on, end, costs)?,
    })
}

/// A cohort's outcome: totals, and the rate ratio after/before with its 95% interval
/// (the log method; with a zero count half an offence is added to both sides, so the
/// interval stays finite and honest about how little is known).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortOutcome {
    pub people: usize,
    pub before: Side,
    pub after: Side,
    pub rate_ratio: Option<f64>,
    pub interval: Option<(f64, f64)>,
}

pub fn cohort_outcome(people: &[PersonOutcome]) -> CohortOutcome {
    let sum = |f: fn(&PersonOutcome) -> Side| {
        people.iter().map(f).fold(
            Side {
                offences: 0,
                cost: 0.0,
            },
            |a, s| Side {
                offences: a.offences + s.offences,
                cost: a.cost + s.cost,
            },
        )
    };
    let before = sum(|p| p.before);
    let after = sum(|p| p.after);
    let (rate_ratio, interval) = if people.is_empty() || before.offences + after.offences == 0 {
        (None, None)
    } else {
        let zero = before.offences == 0 || after.offences == 0;
        let (a, b) = if zero {
            (
                f64::from(after.offences) + 0.5,
                f64::from(before.offences) + 0.5,
            )
        } else {
            (f64::from(after.offences), f64::from(before.offences))
        };
        let rr = a / b;
        let se = (1.0 / a + 1.0 / b).sqrt();
        (
            Some(rr),
            Some(((rr.ln() - 1.96 * se).exp(), (rr.ln() + 1.96 * se).exp())),
        )
    };
    CohortOutcome {
        people: people.len(),
        before,
        after,
        rate_ratio,
        interval,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn o(on: NaiveDate, group: &str) -> OffenceFact {
        OffenceFact {
            on,
            group: group.into(),
        }
    }

    #[test]
    fn equal_windows_either_side_of_adoption_with_the_cost_of_crime() {
        let c = UnitCosts::default_table();
        let offences = vec![
            o(ymd(2025, 3, 1), "Burglary (domestic)"),
            o(ymd(2025, 6, 1), "Burglary (domestic)"),
            o(ymd(2025, 12, 31), "Theft (non-motor)"),
            o(ymd(2026, 1, 1), "Theft (non-motor)"),
            o(ymd(2024, 1, 1), "Robbery"),
        ];
        let p = person_outcome(&offences, ymd(2026, 1, 1), 365, ymd(2027, 1, 2), &c).unwrap();
        assert_eq!(
            p.before,
            Side {
                offences: 3,
                cost: 5_930.0 * 2.0 + 1_380.0
            }
        );
        assert_eq!(
            p.after,
            Side {
                offences: 1,
                cost: 1_380.0
            }
        );
    }

    #[test]
    fn a_window_not_yet_elapsed_says_when_it_will_be() {
        let e = person_outcome(
            &[],
            ymd(2026, 1, 1),
            365,
            ymd(2026, 6, 1),
            &UnitCosts::default_table(),
        )
        .unwrap_err();
        assert_eq!(
            e,
            OutcomeError::NotElapsed {
                days: 365,
                ready_on: ymd(2027, 1, 1)
            }
        );
        assert!(e.to_string().contains("2027-01-01"));
    }

    #[test]
    fn a_cost_table_from_csv_prices_every_group_or_is_refused_by_name() {
        let mut text = String::from("group,pounds\n");
        for (g, c) in DEFAULT_COSTS {
            text.push_str(&format!("\"{g}\",{c}\n"));
        }
        let table = UnitCosts::from_csv("local-2026", &text).unwrap();
        assert_eq!(table.cost("Robbery"), Some(11_320.0));
        assert_eq!(table.version, "local-2026");
        let without_robbery: String = text
            .lines()
            .filter(|l| !l.contains("Robbery"))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(
            UnitCosts::from_csv("x", &without_robbery).unwrap_err(),
            "no unit cost for the offence group: Robbery"
        );
        assert!(UnitCosts::from_csv("x", "group,days\n")
            .unwrap_err()
            .contains("`group,pounds`"));
        let negative = text.replace("11320", "-1");
        assert!(UnitCosts::from_csv("x", &negative)
            .unwrap_err()
            .starts_with("line 14: pounds must be a number"));
    }

    #[test]
    fn an_offence_without_a_unit_cost_is_named() {
        let e = person_outcome(
            &[o(ymd(2025, 6, 1), "Missing description")],
            ymd(2026, 1, 1),
            365,
            ymd(2027, 1, 1),
            &UnitCosts::default_table(),
        )
        .unwrap_err();
        assert_eq!(e, OutcomeError::NoCost(vec!["Missing description".into()]));
    }

    #[test]
    fn a_cohort_with_few_offences_has_a_wide_interval() {
        let p = |b: u32, a: u32| PersonOutcome {
            adopted_on: ymd(2026, 1, 1),
            window_days: 365,
            before: Side {
                offences: b,
                cost: 0.0,
            },
            after: Side {
                offences: a,
                cost: 0.0,
            },
        };
        let small = cohort_outcome(&[p(4, 2)]);
        let large = cohort_outcome(&vec![p(4, 2); 50]);
        assert!((small.rate_ratio.unwrap() - 0.5).abs() < 1e-12);
        let (lo, hi) = small.interval.unwrap();
        let (lo2, hi2) = large.interval.unwrap();
        assert!(lo < lo2 && hi > hi2 && lo2 < 0.5 && hi2 > 0.5);
        let none = cohort_outcome(&[p(3, 0)]);
        assert!(none.interval.unwrap().1.is_finite());
        assert_eq!(cohort_outcome(&[]).rate_ratio, None);
    }

    proptest! {
        #[test]
        fn the_interval_contains_the_ratio(b in 0u32..200, a in 0u32..200) {
            prop_assume!(a + b > 0);
            let p = PersonOutcome { adopted_on: ymd(2026, 1, 1), window_days: 365, before: Side { offences: b, cost: 0.0 }, after: Side { offences: a, cost: 0.0 } };
            let c = cohort_outcome(&[p]);
            let (lo, hi) = c.interval.unwrap();
            let rr = c.rate_ratio.unwrap();
            prop_assert!(lo <= rr && rr <= hi && lo > 0.0);
        }
    }
}
