//! Review dates, late referrals and the serious further offence notification deadline
//! (rules.md §1.3, §1.6).
//!
//! Decisions where the sources are silent (rules.md: review frequency "NOT FOUND verbatim
//! … treat as configurable"):
//! - Level 3 is reviewed every 8 weeks and Level 2 every 16 weeks (widely cited practice,
//!   issue 7's defaults).
//! - Level 1 is reviewed every 12 months: the guidance requires Level 1 reviews of the risk
//!   management plan (ch.12 §12.5) without a frequency; a yearly review matches the annual
//!   cycle of OASys reviews and of the MAPPA statistics.
//! - An interval of zero is read as one day, so the next review is always after the date
//!   it is counted from. A date past chrono's range saturates at `NaiveDate::MAX`.
//! - A referral is late when made less than `late_referral_months` (6) calendar months
//!   before release; exactly six months before is on time; on or after release is late.
//! - The SFO notification (MAPPA N) is due 5 **calendar** days after section 9 is
//!   completed ("within 5 days": the source does not say working days).

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::types::Level;

/// Review intervals and referral timing; every number is configurable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewSettings {
    pub level_1_months: u32,
    pub level_2_weeks: u32,
    pub level_3_weeks: u32,
    pub late_referral_months: u32,
    pub sfo_notification_days: u32,
}

impl Default for ReviewSettings {
    fn default() -> Self {
        ReviewSettings {
            level_1_months: 12,
            level_2_weeks: 16,
            level_3_weeks: 8,
            late_referral_months: 6,
            sfo_notification_days: 5,
        }
    }
}

/// The date of the next review after a review (or the level decision) on `from`.
pub fn next_review(level: Level, from: NaiveDate, settings: &ReviewSettings) -> NaiveDate {
    let next = match level {
        Level::One if settings.level_1_months > 0 => {
            from.checked_add_months(Months::new(settings.level_1_months))
        }
        Level::Two if settings.level_2_weeks > 0 => {
            from.checked_add_days(Days::new(u64::from(settings.level_2_weeks) * 7))
        }
        Level::Three if settings.level_3_weeks > 0 => {
            from.checked_add_days(Days::new(u64::from(settings.level_3_weeks) * 7))
        }
        _ => from.checked_add_days(Days::new(1)),
    };
    next.unwrap_or(NaiveDate::MAX)
}

/// Whether the review after `last_review` is overdue on `today` (due today is not).
pub fn is_overdue(
    level: Level,
    last_review: NaiveDate,
    today: NaiveDate,
    settings: &ReviewSettings,
) -> bool {
    today > next_review(level, last_review, settings)
}

/// Whether a referral on `referred_on` came less than the configured months before release.
pub fn late_referral(
    release_date: NaiveDate,
    referred_on: NaiveDate,
    settings: &ReviewSettings,
) -> bool {
    match release_date.checked_sub_months(Months::new(settings.late_referral_months)) {
        Some(deadline) => referred_on > deadline,
        // The deadline is before the earliest representable date: nothing can be earlier.
        None => true,
    }
}

/// The day the MAPPA N notification of a serious further offence is due.
pub fn sfo_notification_due(
    section_9_completed_on: NaiveDate,
    settings: &ReviewSettings,
) -> NaiveDate {
    section_9_completed_on
        .checked_add_days(Days::new(settings.sfo_notification_days.into()))
        .unwrap_or(NaiveDate::MAX)
}
