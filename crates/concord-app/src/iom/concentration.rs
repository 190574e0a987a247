//! The concentration of offending, per town and for the whole area, by volume and by
//! harm: aggregate figures, never a person. Areas with fewer offenders than the
//! small-number threshold show no figures; harm is not shown where an offence cannot be
//! weighed (named), rather than weighed by a guess.

use std::collections::{BTreeMap, HashMap};

use chrono::{Months, NaiveDate};
use concord_authz::Actor;
use concord_domain::{FieldError, OffenceCode, ValidationErrors};
use concord_iom::{concentration, Concentration};
use serde::Serialize;
use uuid::Uuid;

use crate::{AppError, Iom};

/// The figures for one area (a town, or the whole area first).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaConcentration {
    pub area: String,
    /// `None` when the area has fewer offenders than the threshold.
    pub offenders: Option<usize>,
    pub offences: Option<u64>,
    pub volume: Option<Concentration>,
    pub harm: Option<Concentration>,
    /// Why a figure is not shown.
    pub withheld: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConcentrationFigures {
    pub since: NaiveDate,
    pub until: NaiveDate,
    pub years: u32,
    pub weights_version: String,
    pub threshold: u64,
    pub areas: Vec<AreaConcentration>,
}

/// One offender's offending in the period.
#[derive(Default)]
struct Tally {
    count: u64,
    groups: Vec<Option<&'static str>>,
}

impl Iom<'_> {
    /// Offending committed in the last `years` years (1 to 10).
    pub async fn concentration(
        &self,
        actor: &Actor,
        years: u32,
    ) -> Result<ConcentrationFigures, AppError> {
        if !(1..=10).contains(&years) {
            return Err(AppError::Validation(ValidationErrors::from(
                FieldError::new("years", "out_of_range", "Choose a period of 1 to 10 years"),
            )));
        }
        let until = self.clock.today();
        let since = until
            .checked_sub_months(Months::new(12 * years))
            .unwrap_or(NaiveDate::MIN)
            .succ_opt()
            .unwrap_or(until);
        self.read_aggregate(actor, async |tx, cap| {
            let rows = concord_store::offending_between(tx, cap, since, until).await?;
            let mut by_town: BTreeMap<String, HashMap<Uuid, Tally>> = BTreeMap::new();
            let mut all: HashMap<Uuid, Tally> = HashMap::new();
            for r in &rows {
                let group = OffenceCode::parse(&r.offence_code)
                    .ok()
                    .map(|c| c.info().category);
                let town = r
                    .town
                    .clone()
                    .unwrap_or_else(|| "No current address".into());
                for tally in [
                    all.entry(r.person_id).or_default(),
                    by_town
                        .entry(town)
                        .or_default()
                        .entry(r.person_id)
                        .or_default(),
                ] {
                    tally.count += 1;
                    tally.groups.push(group);
                }
            }
            let settings = &self.settings.iom;
            let mut areas = vec![self.area(&self.settings.mappa.area, &all)];
            areas.extend(by_town.iter().map(|(town, t)| self.area(town, t)));
            Ok(ConcentrationFigures {
                since,
                until,
                years,
                weights_version: settings.harm_weights.version.clone(),
                threshold: settings.small_number_threshold,
                areas,
            })
        })
        .await
    }

    fn area(&self, name: &str, offenders: &HashMap<Uuid, Tally>) -> AreaConcentration {
        let threshold = self.settings.iom.small_number_threshold;
        if (offenders.len() as u64) < threshold {
            return AreaConcentration {
                area: name.to_string(),
                offenders: None,
                offences: None,
                volume: None,
                harm: None,
                withheld: vec![format!(
                    "Fewer than {threshold} offenders: no figures, so that no one can be picked out"
                )],
            };
        }
        let weights = &self.settings.iom.harm_weights;
        let mut withheld = vec![];
        let volume: Vec<f64> = offenders.values().map(|t| t.count as f64).collect();
        let mut unweighed = 0u64;
        let mut missing: Vec<String> = vec![];
        let harm: Vec<f64> = offenders
            .values()
            .map(|t| {
                t.groups
                    .iter()
                    .map(
                        |g| match g.and_then(|g| weights.weight(g).map(|w| (g, w))) {
                            Some((_, w)) => w,
                            None => {
                                unweighed += 1;
                                let name = g.unwrap_or("an offence code not in the catalogue");
                                if !missing.iter().any(|m| m == name) {
                                    missing.push(name.to_string());
                                }
                                0.0
                            }
                        },
                    )
                    .sum()
            })
            .collect();
        let harm = if unweighed == 0 {
            concentration(&harm)
        } else {
            missing.sort();
            withheld.push(format!(
                "Harm not shown: {unweighed} offence(s) have no harm weight ({})",
                missing.join(", ")
            ));
            None
        };
        AreaConcentration {
            area: name.to_string(),
            offenders: Some(offenders.len()),
            offences: Some(offenders.values().map(|t| t.count).sum()),
            volume: concentration(&volume),
            harm,
            withheld,
        }
    }
}

/// A share as a whole percentage ("48%"), or a dash when not shown.
fn percent(share: Option<f64>) -> String {
    share.map_or_else(|| "–".into(), |s| format!("{:.0}%", s * 100.0))
}

const HEADINGS: [&str; 9] = [
    "Area",
    "Offenders",
    "Offences",
    "Share of offences by the top 10%",
    "Share of harm by the top 10%",
    "Share of offences by the top 20%",
    "Gini (offences)",
    "Gini (harm)",
    "Not shown",
];

impl ConcentrationFigures {
    /// Headings, then one row per area: the figures the page shows, for CSV and ODS.
    pub fn table(&self) -> Vec<Vec<String>> {
        let gini = |c: &Option<Concentration>| {
            c.as_ref()
                .map_or_else(|| "–".into(), |c| format!("{:.2}", c.gini))
        };
        std::iter::once(HEADINGS.iter().map(|h| (*h).to_string()).collect())
            .chain(self.areas.iter().map(|a| {
                vec![
                    a.area.clone(),
                    a.offenders.map_or_else(
                        || format!("fewer than {}", self.threshold),
                        |n| n.to_string(),
                    ),
                    a.offences.map_or_else(|| "–".into(), |n| n.to_string()),
                    percent(a.volume.as_ref().map(|c| c.top_decile_share)),
                    percent(a.harm.as_ref().map(|c| c.top_decile_share)),
                    percent(a.volume.as_ref().map(|c| c.share_of_top(0.2))),
                    gini(&a.volume),
                    gini(&a.harm),
                    a.withheld.join("; "),
                ]
            }))
            .collect()
    }

    pub fn csv(&self) -> String {
        crate::mappa_oversight::csv_table(&self.table())
    }

    pub fn ods(&self) -> Vec<u8> {
        crate::mappa_oversight::spreadsheet("Concentration of offending", &self.table())
    }
}
