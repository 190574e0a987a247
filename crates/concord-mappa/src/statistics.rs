//! The MAPPA annual report tables (rules.md §1.7) from one row per MAPPA case per year.
//!
//! Decisions where the sources are silent:
//! - The reporting year runs 1 April to 31 March; eligible people are a snapshot on 31
//!   March (`active_on_31_march`, with the category and level held that day); every other
//!   count covers the whole year. Rows are given already filtered to one area and year.
//! - Every category × level cell is present, zero or not, so tables and charts keep their
//!   shape; Category 4 is included beside the three categories of the older template. A
//!   row recorded as Category 3 at Level 1 (refused by [`crate::check_level`]) is counted
//!   as given, not hidden: the table shows the data.
//! - A registered sexual offender is a row active on 31 March that is Category 1 or has
//!   `registered_sex_offender` set.
//! - **RSOs per 100,000**: `RSOs × 100,000 / population`, rounded half up to
//!   [`StatisticsSettings::rso_rate_decimals`] places (default 0: the area tables show a
//!   whole number). The arithmetic is exact (integers), so 12.5 rounds to 13. The
//!   population is the configured area population (which estimate is the caller's
//!   choice); a population of zero gives no rate (`None`).
//! - Returns to custody and serious further offences are the "Level 2 and 3 offenders"
//!   rows: counted only for rows with `level_2_or_3_during_year`. Breaches of notification,
//!   restrictive orders and serious case reviews count for every row. Counts are summed as
//!   given: a caller counting people passes 0 or 1.
//! - **Small numbers are not suppressed**: rules.md §1.7 says nothing about suppression,
//!   so every number is shown as counted. These tables are aggregates only (no names) and
//!   are what the strategic management board and lay advisers see.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize, Serializer};

use crate::types::{Category, Level};

/// The default rounds the RSO rate to a whole number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StatisticsSettings {
    /// Decimal places of the RSO rate per 100,000 (at most 9; default 0).
    pub rso_rate_decimals: u32,
}

/// One MAPPA case in one reporting year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappaCaseYear {
    pub category: Category,
    /// The level on 31 March, or the last level held when the case left MAPPA.
    pub level: Level,
    pub active_on_31_march: bool,
    pub level_2_or_3_during_year: bool,
    pub registered_sex_offender: bool,
    /// RSO cautioned or convicted for breach of notification requirements.
    pub notification_breaches: u32,
    /// Returned to custody for breach of licence.
    pub breach_returns: u32,
    /// Returned to custody for breach of a SHPO or SOPO.
    pub order_breach_returns: u32,
    /// Charged with a serious further offence.
    pub sfo_charged: u32,
    pub shpos_imposed: u32,
    pub shpos_with_foreign_travel: u32,
    pub notification_orders: u32,
    /// Became subject to notification following a breach of a Sexual Risk Order.
    pub sro_breach_notifications: u32,
    pub serious_case_reviews: u32,
}

/// Level 2 and 3 offenders returned to custody.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct ReturnsToCustody {
    pub breach_of_licence: u32,
    pub breach_of_order: u32,
    pub charged_with_sfo: u32,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct AnnualTables {
    /// The reporting year, 1 April to 31 March.
    pub year: (NaiveDate, NaiveDate),
    #[serde(serialize_with = "cells")]
    pub eligible_by_category_and_level: BTreeMap<(Category, Level), u32>,
    pub eligible_by_category: BTreeMap<Category, u32>,
    pub eligible_by_level: BTreeMap<Level, u32>,
    pub eligible_total: u32,
    pub level_2_3_by_category: BTreeMap<Category, u32>,
    pub level_2_3_total: u32,
    pub rsos: u32,
    pub population: u64,
    pub rso_per_100k: Option<f64>,
    pub notification_breaches: u32,
    pub shpos_imposed: u32,
    pub shpos_with_foreign_travel: u32,
    pub notification_orders: u32,
    pub sro_breach_notifications: u32,
    pub returns_to_custody: ReturnsToCustody,
    pub sfos: u32,
    pub serious_case_reviews: u32,
}

#[derive(Serialize)]
struct Cell {
    category: Category,
    level: Level,
    count: u32,
}

fn cells<S: Serializer>(map: &BTreeMap<(Category, Level), u32>, s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(map.iter().map(|(&(category, level), &count)| Cell {
        category,
        level,
        count,
    }))
}

/// The reporting year (1 April to 31 March) that contains `date`.
pub fn reporting_year(date: NaiveDate) -> (NaiveDate, NaiveDate) {
    let start_year = if date.month() >= 4 {
        date.year()
    } else {
        date.year() - 1
    };
    let start = NaiveDate::from_ymd_opt(start_year, 4, 1).unwrap_or(NaiveDate::MIN);
    let end = NaiveDate::from_ymd_opt(start_year + 1, 3, 31).unwrap_or(NaiveDate::MAX);
    (start, end)
}

/// `count × 100,000 / population`, rounded half up to `decimals` places, exactly.
pub fn per_100k(count: u32, population: u64, decimals: u32) -> Option<f64> {
    if population == 0 {
        return None;
    }
    let scale = 10u128.pow(decimals.min(9));
    let numerator = u128::from(count) * 100_000 * scale;
    let population = u128::from(population);
    let units = (2 * numerator + population) / (2 * population);
    Some(units as f64 / scale as f64)
}

/// Builds the tables for the year containing `year_of`, from rows of that year and area.
pub fn annual_tables(
    rows: &[MappaCaseYear],
    year_of: NaiveDate,
    population: u64,
    settings: &StatisticsSettings,
) -> AnnualTables {
    let mut t = AnnualTables {
        year: reporting_year(year_of),
        population,
        ..AnnualTables::default()
    };
    for category in Category::ALL {
        for level in Level::ALL {
            t.eligible_by_category_and_level
                .insert((category, level), 0);
        }
        t.eligible_by_category.insert(category, 0);
        t.level_2_3_by_category.insert(category, 0);
    }
    for level in Level::ALL {
        t.eligible_by_level.insert(level, 0);
    }
    for row in rows {
        if row.active_on_31_march {
            t.eligible_total = t.eligible_total.saturating_add(1);
            bump(t.eligible_by_category.entry(row.category).or_default());
            bump(t.eligible_by_level.entry(row.level).or_default());
            bump(
                t.eligible_by_category_and_level
                    .entry((row.category, row.level))
                    .or_default(),
            );
            if row.registered_sex_offender || row.category == Category::One {
                bump(&mut t.rsos);
            }
        }
        if row.level_2_or_3_during_year {
            bump(&mut t.level_2_3_total);
            bump(t.level_2_3_by_category.entry(row.category).or_default());
            let r = &mut t.returns_to_custody;
            r.breach_of_licence = r.breach_of_licence.saturating_add(row.breach_returns);
            r.breach_of_order = r.breach_of_order.saturating_add(row.order_breach_returns);
            r.charged_with_sfo = r.charged_with_sfo.saturating_add(row.sfo_charged);
        }
        t.notification_breaches = t
            .notification_breaches
            .saturating_add(row.notification_breaches);
        t.shpos_imposed = t.shpos_imposed.saturating_add(row.shpos_imposed);
        t.shpos_with_foreign_travel = t
            .shpos_with_foreign_travel
            .saturating_add(row.shpos_with_foreign_travel);
        t.notification_orders = t
            .notification_orders
            .saturating_add(row.notification_orders);
        t.sro_breach_notifications = t
            .sro_breach_notifications
            .saturating_add(row.sro_breach_notifications);
        t.serious_case_reviews = t
            .serious_case_reviews
            .saturating_add(row.serious_case_reviews);
    }
    t.sfos = t.returns_to_custody.charged_with_sfo;
    t.rso_per_100k = per_100k(t.rsos, population, settings.rso_rate_decimals);
    t
}

fn bump(n: &mut u32) {
    *n = n.saturating_add(1);
}
