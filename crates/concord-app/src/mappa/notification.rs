//! The registered sexual offender's notification period, computed from the record by the
//! table of the Sexual Offences Act 2003 s.82 (`concord_mappa::s82_period`) rather than
//! read from an end date someone typed.
//!
//! Decisions where the sources are silent:
//! - **Who is subject**: the record says so (a "notification requirement" entry, made
//!   when the court or the police notified him). Concord does not decide it from the
//!   offence alone: Schedule 3's thresholds (the victim's age, the sentence) are not all
//!   in the record.
//! - **The qualifying conviction** is the latest conviction or caution for a sexual
//!   offence (the Home Office code's OGRS3 category "Sexual …", standing in for SOA 2003
//!   Schedule 3, which is not in Concord's reference data) on or before the requirement
//!   began. Its date is the relevant date; his age that day decides the halving.
//! - **The disposal**: immediate custody reads the custodial sentence's term as imposed
//!   (life or IPP: indeterminate); a suspended sentence its order's term; a hospital
//!   order is read as without a restriction order (the record does not say), and the
//!   rule says so; a caution; a conditional discharge its recorded period when a
//!   sentence entry gives it, otherwise the recorded end; anything else "any other
//!   disposal" (5 years).
//! - Where the record lacks what the table needs (no qualifying conviction, no term),
//!   the recorded end date stands, and the rule says why.

use chrono::{Datelike, NaiveDate};
use concord_domain::{Disposal as CourtDisposal, OffenceCode, SentenceKind, Term, TermUnit};
use concord_mappa::{s82_period, NotifiableDisposal, Notification, NotificationPeriod};

use super::facts::custodial_sentence;
use crate::person::{OffenceView, PersonRecord, SentenceView};

/// A person's correction of the computed period: the last day (`None`: indefinite), why,
/// and when it was made.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Correction {
    pub last_day: Option<NaiveDate>,
    pub reason: String,
    pub on: NaiveDate,
}

/// The notification period as Concord finds it, and the rule that gave it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FoundNotification {
    pub notification: Notification,
    pub rule: String,
}

fn sexual(o: &OffenceView) -> bool {
    OffenceCode::parse(&o.offence_code).is_ok_and(|c| c.info().category.starts_with("Sexual"))
}

/// Whether someone born on `born` was under 18 on `day`.
fn under_18(born: NaiveDate, day: NaiveDate) -> bool {
    born.with_year(born.year() + 18)
        .or_else(|| NaiveDate::from_ymd_opt(born.year() + 18, 3, 1))
        .is_some_and(|eighteenth| day < eighteenth)
}

/// The term a custodial or suspended sentence entry gives: as imposed, else whole
/// calendar months between its dates (said so in the rule).
fn term_of(s: &SentenceView) -> Option<(Term, bool)> {
    if let Some(t) = s.term {
        return Some((t, true));
    }
    let months = concord_domain::whole_months(s.start_date, s.end_date?).filter(|m| *m > 0)?;
    Some((Term::new(months, TermUnit::Months), false))
}

/// What the table needs from the qualifying conviction's disposal, and a note when it
/// was read from something other than the term as imposed.
fn disposal(
    record: &PersonRecord,
    o: &OffenceView,
) -> Result<(NotifiableDisposal, &'static str), &'static str> {
    let suspended = || {
        record
            .sentences
            .iter()
            .filter(|s| s.kind == SentenceKind::SuspendedSentenceOrder)
            .max_by_key(|s| s.start_date)
    };
    Ok(match o.disposal {
        Some(CourtDisposal::ImmediateCustody) => {
            let s = custodial_sentence(record).ok_or("no custodial sentence is recorded")?;
            if s.kind == SentenceKind::LifeOrIpp {
                (NotifiableDisposal::Indeterminate, "")
            } else {
                let (term, imposed) = term_of(s).ok_or("the custodial term is not recorded")?;
                let note = if imposed {
                    ""
                } else {
                    " (the term as imposed is not recorded: read from the sentence's dates)"
                };
                (NotifiableDisposal::Imprisonment { term }, note)
            }
        }
        Some(CourtDisposal::SuspendedSentence) => {
            let s = suspended().ok_or("no suspended sentence order is recorded")?;
            let (term, _) = term_of(s).ok_or("the suspended term is not recorded")?;
            (NotifiableDisposal::Imprisonment { term }, "")
        }
        Some(CourtDisposal::HospitalOrder) => (
            NotifiableDisposal::Hospital { restricted: false },
            " (no restriction order is recorded)",
        ),
        Some(CourtDisposal::Caution) => (NotifiableDisposal::Caution, ""),
        Some(CourtDisposal::ConditionalDischarge) => {
            return Err("the period of the conditional discharge is not recorded")
        }
        _ => (NotifiableDisposal::Other, ""),
    })
}

/// The notification requirement the record holds, with its period computed by s.82 from
/// the qualifying conviction where the record allows.
pub(crate) fn found_notification(
    record: &PersonRecord,
    correction: Option<&Correction>,
) -> Option<FoundNotification> {
    let found = computed_notification(record)?;
    let Some(c) = correction else {
        return Some(found);
    };
    // The correction applies; what Concord computed stays beside it.
    let last = c.last_day.map_or_else(
        || "indefinite".to_string(),
        |d| format!("until {}", d.format("%-d %B %Y")),
    );
    Some(FoundNotification {
        notification: Notification {
            start: found.notification.start,
            period: match c.last_day {
                Some(last_day) => NotificationPeriod::Until { last_day },
                None => NotificationPeriod::Indefinite,
            },
        },
        rule: format!(
            "corrected on {} to {last} ({}); Concord computed {}",
            c.on.format("%-d %B %Y"),
            c.reason,
            found.rule
        ),
    })
}

/// The period the record gives, before any correction.
fn computed_notification(record: &PersonRecord) -> Option<FoundNotification> {
    let requirement = record
        .sentences
        .iter()
        .filter(|s| s.kind == SentenceKind::NotificationRequirement)
        .max_by_key(|s| s.start_date)?;
    let recorded = |why: String| FoundNotification {
        notification: Notification {
            start: requirement.start_date,
            period: match requirement.end_date {
                Some(last_day) => NotificationPeriod::Until { last_day },
                None => NotificationPeriod::Indefinite,
            },
        },
        rule: format!("as recorded, because {why}"),
    };
    let Some(o) = record
        .offences
        .iter()
        .filter(|o| {
            sexual(o)
                && o.conviction_date
                    .is_some_and(|c| c <= requirement.start_date)
        })
        .max_by_key(|o| o.conviction_date)
    else {
        return Some(recorded(
            "no conviction or caution for a sexual offence is recorded before it began".into(),
        ));
    };
    let relevant = o.conviction_date?;
    let (disposal, note) = match disposal(record, o) {
        Ok(d) => d,
        Err(why) => return Some(recorded(why.into())),
    };
    let young = under_18(record.date_of_birth, relevant);
    let Some(found) = s82_period(disposal, young, relevant) else {
        return Some(recorded("the term runs beyond the calendar".into()));
    };
    Some(FoundNotification {
        notification: Notification {
            start: relevant,
            period: found.period,
        },
        rule: format!(
            "{}{note}, from the conviction for {} on {}{}",
            found.rule,
            o.description,
            relevant.format("%-d %B %Y"),
            found
                .review_after_years
                .map(|y| format!("; a review may be sought {y} years after he first notified"))
                .unwrap_or_default()
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eighteen_on_the_birthday() {
        let born = NaiveDate::from_ymd_opt(2008, 2, 29).unwrap();
        assert!(under_18(
            born,
            NaiveDate::from_ymd_opt(2026, 2, 28).unwrap()
        ));
        assert!(!under_18(
            born,
            NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
        ));
        let born = NaiveDate::from_ymd_opt(2000, 6, 15).unwrap();
        assert!(under_18(
            born,
            NaiveDate::from_ymd_opt(2018, 6, 14).unwrap()
        ));
        assert!(!under_18(
            born,
            NaiveDate::from_ymd_opt(2018, 6, 15).unwrap()
        ));
    }
}
