//! How long a registered sexual offender must notify the police: the table of the Sexual
//! Offences Act 2003 s.82, from the qualifying conviction (or caution) and what the court
//! did, with the rule that applied written out so a person can check it.
//!
//! The table (s.82(1), read on legislation.gov.uk):
//!
//! | disposal | period, beginning with the relevant date |
//! |---|---|
//! | imprisonment for life, for public protection, or for a term of 30 months or more | indefinite |
//! | admitted to hospital subject to a restriction order | indefinite |
//! | imprisonment for a term of more than 6 months but less than 30 months | 10 years |
//! | imprisonment for a term of 6 months or less | 7 years |
//! | admitted to hospital without a restriction order | 7 years |
//! | cautioned | 2 years |
//! | conditionally discharged | the period of the conditional discharge |
//! | any other description | 5 years |
//!
//! - **Under 18** on the relevant date: the 10, 7, 5 and 2 years are halved (s.82(2)); an
//!   indefinite period and a conditional discharge's period are not.
//! - The **relevant date** is the date of the conviction (of the caution, for a caution).
//! - **Indefinite** periods may be reviewed under the 2012 scheme (s.91A–91F) once 15
//!   years have passed since the first notification, 8 for someone under 18 at the
//!   relevant date: Concord names the review, it does not date it (the first notification
//!   is the police's record, not Concord's).
//!
//! Decisions where the sources are silent:
//! - A **term** is compared as imposed, in its own unit, from the relevant date: a term
//!   ends on the relevant date plus the term (calendar months and years; weeks as 7 days),
//!   and "6 months or less" means that end is no later than the relevant date plus 6
//!   calendar months. So 26 weeks from 1 March is 182 days, inside 6 months (184 days),
//!   and "6 months and 1 day" is more than 6 months.
//! - A **suspended sentence** of imprisonment is read as imprisonment for its term, as the
//!   Home Office's guidance on Part 2 reads it; a detention and training order or youth
//!   detention is read as imprisonment for its term.

use chrono::{Months, NaiveDate};
pub use concord_domain::{Term, TermUnit};
use serde::{Deserialize, Serialize};

use crate::eligibility::NotificationPeriod;

/// What the court (or the police, for a caution) did for the qualifying offence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NotifiableDisposal {
    /// Imprisonment (or detention) for life, or for public protection.
    Indeterminate,
    /// Imprisonment or detention for a term (suspended or not).
    Imprisonment {
        term: Term,
    },
    /// Admitted to hospital, with or without a restriction order.
    Hospital {
        restricted: bool,
    },
    Caution,
    ConditionalDischarge {
        term: Term,
    },
    /// Any other description (a community order, a fine, an absolute discharge).
    Other,
}

/// The period s.82 gives, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct S82Period {
    pub period: NotificationPeriod,
    /// The row of the table that applied, in words, with the halving if any.
    pub rule: String,
    /// For an indefinite period: the years after which a review may be sought.
    pub review_after_years: Option<u32>,
}

/// A fixed period of the table in months, halved for someone under 18 (s.82(2)).
fn fixed(years: u32, under_18: bool) -> (NotificationPeriod, &'static str) {
    if under_18 {
        (
            NotificationPeriod::Months { months: years * 6 },
            ", halved because he was under 18 on that date (s.82(2))",
        )
    } else {
        (NotificationPeriod::Years { years }, "")
    }
}

/// The notification period for `disposal` imposed on `relevant_date`, for someone who was
/// `under_18` that day. `None` only when a term runs beyond the calendar.
pub fn s82_period(
    disposal: NotifiableDisposal,
    under_18: bool,
    relevant_date: NaiveDate,
) -> Option<S82Period> {
    let indefinite = |why: String| S82Period {
        period: NotificationPeriod::Indefinite,
        rule: format!("{why}: an indefinite period (s.82(1))"),
        review_after_years: Some(if under_18 { 8 } else { 15 }),
    };
    let years = |years: u32, why: String| {
        let (period, halved) = fixed(years, under_18);
        let length = match period {
            NotificationPeriod::Months { months } if months % 12 == 0 => {
                format!("{} years", months / 12)
            }
            NotificationPeriod::Months { months } => format!("{months} months"),
            _ => format!("{years} years"),
        };
        S82Period {
            period,
            rule: format!("{why}: {length} (s.82(1)){halved}"),
            review_after_years: None,
        }
    };
    Some(match disposal {
        NotifiableDisposal::Indeterminate => {
            indefinite("Imprisonment for life or for public protection".into())
        }
        NotifiableDisposal::Imprisonment { term } => {
            let ends = term.end_from(relevant_date)?;
            let six = relevant_date.checked_add_months(Months::new(6))?;
            let thirty = relevant_date.checked_add_months(Months::new(30))?;
            let described = term.to_string();
            if ends >= thirty {
                indefinite(format!("Imprisonment for {described}, 30 months or more"))
            } else if ends > six {
                years(
                    10,
                    format!(
                        "Imprisonment for {described}, more than 6 months but less than 30 months"
                    ),
                )
            } else {
                years(7, format!("Imprisonment for {described}, 6 months or less"))
            }
        }
        NotifiableDisposal::Hospital { restricted: true } => {
            indefinite("Admitted to hospital subject to a restriction order".into())
        }
        NotifiableDisposal::Hospital { restricted: false } => {
            years(7, "Admitted to hospital without a restriction order".into())
        }
        NotifiableDisposal::Caution => years(2, "Cautioned".into()),
        NotifiableDisposal::ConditionalDischarge { term } => {
            let period = match term.unit {
                TermUnit::Years => NotificationPeriod::Years { years: term.length },
                TermUnit::Months => NotificationPeriod::Months {
                    months: term.length,
                },
                _ => NotificationPeriod::Until {
                    last_day: term.end_from(relevant_date)?.pred_opt()?,
                },
            };
            S82Period {
                period,
                rule: format!(
                    "Conditionally discharged for {term}: the period of the conditional discharge (s.82(1))"
                ),
                review_after_years: None,
            }
        }
        NotifiableDisposal::Other => years(5, "Any other disposal".into()),
    })
}
