//! The MAPPA annual report tables (issue 7 item 11) for an area and a reporting year
//! (1 April to 31 March): built by concord-mappa's `annual_tables` from one row per MAPPA
//! spell, with the level held on 31 March taken from the spell's decision history.
//! Aggregate figures only: the page, CSV and ODS never hold a name or an id.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use concord_authz::{Action, Actor, Resource, ResourceKind};
use concord_mappa::{
    AnnualTables, Category, Level, MappaCaseYear, OrderEventKind, StatisticsSettings,
};
use concord_store::audit::{append, AuditKind};
use concord_store::AnnualFacts;
use serde::Serialize;
use serde_json::json;

use crate::access::Note;
use crate::{AppError, Oversight};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MappaStatistics {
    pub area: String,
    /// The calendar year in which the reporting year starts (1 April).
    pub year: i32,
    pub tables: AnnualTables,
    /// Areas with MAPPA spells recorded (and the deployment's own), for choosing.
    pub areas: Vec<String>,
}

/// One figure of the tables: (table, row label, value), in the report's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatLine {
    pub table: String,
    pub label: String,
    pub value: String,
}

fn line(table: &str, label: impl Into<String>, value: impl ToString) -> StatLine {
    StatLine {
        table: table.into(),
        label: label.into(),
        value: value.to_string(),
    }
}

impl MappaStatistics {
    /// "1 April 2025 to 31 March 2026".
    pub fn year_label(&self) -> String {
        format!("1 April {} to 31 March {}", self.year, self.year + 1)
    }

    /// Every figure, table by table.
    pub fn lines(&self) -> Vec<StatLine> {
        let t = &self.tables;
        let mut out = vec![];
        let eligible = "Eligible on 31 March by category and level";
        for ((c, l), n) in &t.eligible_by_category_and_level {
            out.push(line(
                eligible,
                format!("Category {} Level {}", c.number(), l.number()),
                n,
            ));
        }
        for (c, n) in &t.eligible_by_category {
            out.push(line(eligible, format!("Category {} total", c.number()), n));
        }
        for (l, n) in &t.eligible_by_level {
            out.push(line(eligible, format!("Level {} total", l.number()), n));
        }
        out.push(line(eligible, "Total", t.eligible_total));
        let managed = "Level 2 and 3 during the year";
        for (c, n) in &t.level_2_3_by_category {
            out.push(line(managed, format!("Category {}", c.number()), n));
        }
        out.push(line(managed, "Total", t.level_2_3_total));
        let rso = "Registered sexual offenders";
        out.push(line(rso, "RSOs on 31 March", t.rsos));
        out.push(line(rso, "Area population", t.population));
        out.push(line(
            rso,
            "RSOs per 100,000 population",
            t.rso_per_100k
                .map_or_else(|| "not known".into(), |r| r.to_string()),
        ));
        out.push(line(
            rso,
            "Cautioned or convicted for breach of notification",
            t.notification_breaches,
        ));
        out.push(line(rso, "SHPOs imposed", t.shpos_imposed));
        out.push(line(
            rso,
            "SHPOs with a foreign travel restriction",
            t.shpos_with_foreign_travel,
        ));
        out.push(line(
            rso,
            "Notification orders imposed",
            t.notification_orders,
        ));
        out.push(line(
            rso,
            "Made subject to notification for breach of a sexual risk order",
            t.sro_breach_notifications,
        ));
        let returns = "Level 2 and 3 offenders returned to custody";
        out.push(line(
            returns,
            "For breach of licence",
            t.returns_to_custody.breach_of_licence,
        ));
        out.push(line(
            returns,
            "For breach of a SHPO or SOPO",
            t.returns_to_custody.breach_of_order,
        ));
        out.push(line(
            returns,
            "Charged with a serious further offence",
            t.returns_to_custody.charged_with_sfo,
        ));
        let reviews = "Serious further offences and reviews";
        out.push(line(
            reviews,
            "Serious further offences charged (Level 2 and 3)",
            t.sfos,
        ));
        out.push(line(
            reviews,
            "Serious case reviews held",
            t.serious_case_reviews,
        ));
        out
    }
}

/// CSV of the figures: table, figure, value.
pub fn statistics_csv(stats: &MappaStatistics) -> String {
    let mut rows = vec![
        vec![
            "MAPPA annual statistics".to_string(),
            stats.area.clone(),
            stats.year_label(),
        ],
        vec!["table".into(), "figure".into(), "value".into()],
    ];
    rows.extend(
        stats
            .lines()
            .into_iter()
            .map(|l| vec![l.table.clone(), l.label.clone(), l.value.clone()]),
    );
    crate::csv_export::csv_text(&rows)
}

/// A table of figures (headings first) as CSV (`crate::csv_export`).
pub(crate) fn csv_table(rows: &[Vec<String>]) -> String {
    crate::csv_export::csv_text(rows)
}

/// The level a spell held on `day`: the last level decided on or before it, else the
/// spell's recorded level.
fn level_on(decided: &[(NaiveDate, Level)], day: NaiveDate, recorded: Level) -> Level {
    decided
        .iter()
        .rev()
        .find(|(on, _)| *on <= day)
        .map_or(recorded, |(_, l)| *l)
}

/// One row per spell of the area overlapping the year. Counts of a person (returns to
/// custody, SFOs, reviews, orders) go on that person's latest spell in the year, so a
/// person with two spells is not counted twice.
pub(crate) fn case_years(
    facts: &AnnualFacts,
    start: NaiveDate,
    end: NaiveDate,
) -> Vec<MappaCaseYear> {
    let mut decided: HashMap<concord_domain::MappaRecordId, Vec<(NaiveDate, Level)>> =
        HashMap::new();
    for l in &facts.levels {
        decided
            .entry(l.record_id)
            .or_default()
            .push((l.decided_on, l.level));
    }
    let mut latest: HashMap<concord_domain::PersonId, usize> = HashMap::new();
    for (i, s) in facts.spells.iter().enumerate() {
        latest.insert(s.person_id, i);
    }
    let mut rows = vec![];
    for (i, s) in facts.spells.iter().enumerate() {
        let (category, recorded) = (s.category, s.level);
        let history = decided.get(&s.record_id).map_or(&[][..], Vec::as_slice);
        // Ended on a day: no longer a MAPPA case that day.
        let active_on_31_march = s.eligible_from <= end && s.ended_on.is_none_or(|e| e > end);
        let from = s.eligible_from.max(start);
        let to = s.ended_on.map_or(end, |e| e.min(end));
        let level = level_on(history, if active_on_31_march { end } else { to }, recorded);
        let level_2_or_3_during_year = std::iter::once(level_on(history, from, recorded))
            .chain(
                history
                    .iter()
                    .filter(|(on, _)| *on >= from && *on <= to)
                    .map(|(_, l)| *l),
            )
            .any(|l| l >= Level::Two);
        let mut row = MappaCaseYear {
            category,
            level,
            active_on_31_march,
            level_2_or_3_during_year,
            registered_sex_offender: category == Category::One,
            notification_breaches: 0,
            breach_returns: 0,
            order_breach_returns: 0,
            sfo_charged: 0,
            shpos_imposed: 0,
            shpos_with_foreign_travel: 0,
            notification_orders: 0,
            sro_breach_notifications: 0,
            serious_case_reviews: 0,
        };
        if latest.get(&s.person_id) == Some(&i) {
            for c in facts.counts.iter().filter(|c| c.person_id == s.person_id) {
                let n = u32::try_from(c.count).unwrap_or(u32::MAX);
                // An order event counts under its kind; the other counts are named by
                // the query itself.
                let slot = match OrderEventKind::from_code(&c.what) {
                    Some(OrderEventKind::NotificationBreach) => &mut row.notification_breaches,
                    Some(OrderEventKind::ShpoImposed) => &mut row.shpos_imposed,
                    Some(OrderEventKind::ShpoForeignTravel) => &mut row.shpos_with_foreign_travel,
                    Some(OrderEventKind::NotificationOrder) => &mut row.notification_orders,
                    Some(OrderEventKind::SroBreachNotification) => {
                        &mut row.sro_breach_notifications
                    }
                    Some(OrderEventKind::OrderBreachReturn) => &mut row.order_breach_returns,
                    None => match c.what.as_str() {
                        "breach_return" => &mut row.breach_returns,
                        "sfo_charged" => &mut row.sfo_charged,
                        "scr_held" => &mut row.serious_case_reviews,
                        _ => continue,
                    },
                };
                *slot = slot.saturating_add(n);
            }
        }
        rows.push(row);
    }
    rows
}

impl Oversight<'_> {
    /// The annual tables for `year` (the reporting year starting 1 April of it; default
    /// the current one) and `area` (default this deployment's). Aggregate access only.
    pub async fn mappa_statistics(
        &self,
        actor: &Actor,
        year: Option<&str>,
        area: Option<&str>,
    ) -> Result<MappaStatistics, AppError> {
        let today = self.clock.today();
        let current = concord_mappa::reporting_year(today).0.year();
        let year = match year.map(str::trim).filter(|y| !y.is_empty()) {
            None => current,
            Some(y) => match y.parse::<i32>() {
                Ok(n) if y.len() == 4 && (2000..=current).contains(&n) => n,
                _ => {
                    return Err(AppError::field(
                        "year",
                        "invalid",
                        format!("Enter the year the reporting year starts, from 2000 to {current}, for example {current}"),
                    ))
                }
            },
        };
        self.run(actor, async |w| {
            let cap = w.decide(
                Action::Read,
                &Resource::other(ResourceKind::Aggregate, None),
            )?;
            let own = self.settings.mappa.area.clone();
            let mut areas = concord_store::mappa_areas(w.tx(), &cap).await?;
            if !areas.contains(&own) {
                areas.push(own.clone());
                areas.sort();
            }
            let area = match area.map(str::trim).filter(|a| !a.is_empty()) {
                None => own.clone(),
                Some(a) => match areas.iter().find(|known| known.eq_ignore_ascii_case(a)) {
                    Some(known) => known.clone(),
                    None => {
                        return Err(AppError::field(
                            "area",
                            "unknown",
                            "Choose a MAPPA area that has cases recorded",
                        ))
                    }
                },
            };
            let start = NaiveDate::from_ymd_opt(year, 4, 1)
                .ok_or_else(|| AppError::field("year", "invalid", "Enter a year"))?;
            let (start, end) = concord_mappa::reporting_year(start);
            let facts = concord_store::mappa_annual_facts(w.tx(), &cap, &area, start, end).await?;
            // The configured population is this deployment's area's; another area's is
            // not known here, so its rate is not shown.
            let population = if area == own {
                self.settings.mappa.area_population
            } else {
                0
            };
            let tables = concord_mappa::annual_tables(
                &case_years(&facts, start, end),
                start,
                population,
                &StatisticsSettings::default(),
            );
            append(
                w.tx(),
                self.event(
                    actor,
                    AuditKind::Consultation,
                    Action::Read,
                    ResourceKind::Aggregate,
                    None,
                    "viewed the MAPPA annual statistics",
                    Note::detail(json!({"area": area, "year": year})),
                ),
            )
            .await?;
            Ok(MappaStatistics {
                area,
                year,
                tables,
                areas,
            })
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use concord_domain::PersonId;
    use concord_mappa::{Category, Level};
    use concord_store::{AnnualFacts, LevelFact, PersonCount, SpellFacts};

    use super::case_years;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn spell(
        person: PersonId,
        level: Level,
        from: NaiveDate,
        ended: Option<NaiveDate>,
    ) -> SpellFacts {
        SpellFacts {
            record_id: concord_domain::MappaRecordId::new(),
            person_id: person,
            category: Category::Two,
            level,
            eligible_from: from,
            ended_on: ended,
        }
    }

    fn returned(person: PersonId) -> PersonCount {
        PersonCount {
            person_id: person,
            what: "breach_return".into(),
            count: 1,
        }
    }

    #[test]
    fn returns_to_custody_count_once_per_person_and_only_at_level_2_or_3() {
        let (a, b) = (PersonId::new(), PersonId::new());
        let (start, end) = (ymd(2025, 4, 1), ymd(2026, 3, 31));
        // A: two spells in the year (ended, then again at Level 2), one recall.
        let first = spell(a, Level::One, ymd(2024, 1, 1), Some(ymd(2025, 6, 1)));
        let second = spell(a, Level::One, ymd(2025, 9, 1), None);
        let facts = AnnualFacts {
            levels: vec![LevelFact {
                record_id: second.record_id,
                level: Level::Two,
                decided_on: ymd(2025, 9, 1),
            }],
            // B stays at Level 1: his return is not a Level 2 or 3 offender's.
            spells: vec![first, second, spell(b, Level::One, ymd(2024, 1, 1), None)],
            counts: vec![returned(a), returned(b)],
        };
        let rows = case_years(&facts, start, end);
        let tables = concord_mappa::annual_tables(&rows, start, 0, &Default::default());
        assert_eq!(tables.returns_to_custody.breach_of_licence, 1);
        assert_eq!(tables.eligible_total, 2);
        assert_eq!(tables.level_2_3_total, 1);
    }
}
