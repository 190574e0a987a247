//! Harm weights by offence group. The default follows the Cambridge Crime Harm Index's
//! idea (Sherman, Neyroud & Neyroud 2016; `domain/rules.md` §4): an offence weighs the
//! days of custody the sentencing guideline's starting point gives a first offender for a
//! representative offence of the group; where that starting point is not custody, a few
//! days (the CCHI counts the days' work a fine costs). The groups are the offence
//! catalogue's OGRS3 categories. The figures are a documented approximation, versioned,
//! and a deployment replaces them with its own table (CSV `group,days`); a group with no
//! weight is refused by name, never guessed.

use std::collections::BTreeMap;

use serde::Serialize;

/// The offence groups of the catalogue (OGRS3 categories), each needing a weight. The
/// catalogue's "Missing description" has none: an offence in it cannot be weighed.
pub const OFFENCE_GROUPS: [&str; 20] = [
    "Absconding or bail offences",
    "Burglary (domestic)",
    "Burglary (other)",
    "Criminal damage",
    "Drink driving and related offences",
    "Drug import/export/production",
    "Drug possession/supply",
    "Fraud and forgery",
    "Handling stolen goods",
    "Other motoring",
    "Other offence",
    "Public order",
    "Robbery",
    "Sexual (against child)",
    "Sexual (not against child)",
    "Soliciting or prostitution",
    "Taking & driving away and related offences",
    "Theft (non-motor)",
    "Theft from vehicles",
    "Violence",
];

/// The default table, version `cchi-style-1`: (group, days, the representative offence
/// and its starting point).
const DEFAULT: [(&str, f64, &str); 20] = [
    (
        "Absconding or bail offences",
        14.0,
        "failing to surrender: a short custodial term at most",
    ),
    (
        "Burglary (domestic)",
        365.0,
        "domestic burglary, category 2: 1 year",
    ),
    (
        "Burglary (other)",
        126.0,
        "non-domestic burglary, category 2: 18 weeks",
    ),
    (
        "Criminal damage",
        7.0,
        "criminal damage under £5,000: a fine",
    ),
    (
        "Drink driving and related offences",
        7.0,
        "excess alcohol, lowest band: a fine",
    ),
    (
        "Drug import/export/production",
        365.0,
        "production, category 3 significant role: 1 year",
    ),
    (
        "Drug possession/supply",
        180.0,
        "street supply of a Class A drug weighed against possession: 6 months",
    ),
    (
        "Fraud and forgery",
        28.0,
        "fraud, lower harm: a community order",
    ),
    (
        "Handling stolen goods",
        14.0,
        "handling, lower value: a community order",
    ),
    ("Other motoring", 2.0, "a motoring fine"),
    ("Other offence", 7.0, "a fine"),
    (
        "Public order",
        28.0,
        "threatening behaviour: a community order",
    ),
    ("Robbery", 1460.0, "street robbery, category 2B: 4 years"),
    (
        "Sexual (against child)",
        1460.0,
        "sexual assault of a child under 13, category 2A: 4 years",
    ),
    (
        "Sexual (not against child)",
        730.0,
        "sexual assault, category 2A: 2 years",
    ),
    ("Soliciting or prostitution", 2.0, "a fine"),
    (
        "Taking & driving away and related offences",
        28.0,
        "taking a vehicle without consent: a community order",
    ),
    (
        "Theft (non-motor)",
        7.0,
        "theft from a shop, lower value: a fine",
    ),
    (
        "Theft from vehicles",
        14.0,
        "theft from a vehicle: a community order",
    ),
    (
        "Violence",
        182.0,
        "assault occasioning actual bodily harm, category 2: 26 weeks",
    ),
];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HarmWeights {
    pub version: String,
    by_group: BTreeMap<String, f64>,
}

/// Why a table or a weighing was refused, naming what is missing or wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HarmError {
    #[error("line {line}: {message}")]
    Line { line: usize, message: String },
    #[error("no harm weight for the offence group{}: {}", if .0.len() == 1 { "" } else { "s" }, .0.join(", "))]
    Missing(Vec<String>),
}

impl HarmWeights {
    /// The built-in table (`cchi-style-1`).
    pub fn default_table() -> Self {
        HarmWeights {
            version: "cchi-style-1".into(),
            by_group: DEFAULT
                .iter()
                .map(|(g, d, _)| ((*g).to_string(), *d))
                .collect(),
        }
    }

    /// Why each default weight is what it is: (group, days, representative offence).
    pub fn default_reasons() -> impl Iterator<Item = (&'static str, f64, &'static str)> {
        DEFAULT.into_iter()
    }

    /// A table from CSV: a header `group,days`, then one line per group. Every problem is
    /// named by line; a table that leaves out a catalogue group is refused, naming them.
    pub fn from_csv(version: &str, text: &str) -> Result<Self, HarmError> {
        Ok(HarmWeights {
            version: version.to_string(),
            by_group: read_group_table(text, "days")?,
        })
    }

    /// The weight of one group, if the table has it.
    pub fn weight(&self, group: &str) -> Option<f64> {
        self.by_group.get(group).copied()
    }

    /// The total harm of offences in `groups` (one entry per offence); refused, naming
    /// every group without a weight, if any cannot be weighed.
    pub fn total<'a>(&self, groups: impl IntoIterator<Item = &'a str>) -> Result<f64, HarmError> {
        let mut total = 0.0;
        let mut missing: Vec<String> = vec![];
        for g in groups {
            match self.weight(g) {
                Some(w) => total += w,
                None if !missing.iter().any(|m| m == g) => missing.push(g.to_string()),
                None => {}
            }
        }
        if missing.is_empty() {
            Ok(total)
        } else {
            missing.sort();
            Err(HarmError::Missing(missing))
        }
    }
}

/// A table of one number per offence group from CSV: a header `group,<unit>`, then one
/// line per group. Every problem is named by line; a table that leaves out a catalogue
/// group is refused, naming them — a figure is never made up for a missing group.
pub(crate) fn read_group_table(text: &str, unit: &str) -> Result<BTreeMap<String, f64>, HarmError> {
    let mut by_group = BTreeMap::new();
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let header = format!("group,{unit}");
    match lines.next() {
        Some((_, h)) if h.trim().eq_ignore_ascii_case(&header) => {}
        _ => {
            return Err(HarmError::Line {
                line: 1,
                message: format!("the header must be `{header}`"),
            })
        }
    }
    for (i, l) in lines {
        let line = i + 1;
        let Some((group, value)) = l.rsplit_once(',') else {
            return Err(HarmError::Line {
                line,
                message: format!("expected `{header}`"),
            });
        };
        let group = group.trim().trim_matches('"').to_string();
        if !OFFENCE_GROUPS.contains(&group.as_str()) {
            return Err(HarmError::Line {
                line,
                message: format!("`{group}` is not an offence group of the catalogue"),
            });
        }
        let value: f64 = match value.trim().parse() {
            Ok(d) if d >= 0.0 && f64::is_finite(d) => d,
            _ => {
                return Err(HarmError::Line {
                    line,
                    message: format!(
                        "{unit} must be a number of 0 or more, not `{}`",
                        value.trim()
                    ),
                })
            }
        };
        if by_group.insert(group.clone(), value).is_some() {
            return Err(HarmError::Line {
                line,
                message: format!("`{group}` is given twice"),
            });
        }
    }
    let missing: Vec<String> = OFFENCE_GROUPS
        .iter()
        .filter(|g| !by_group.contains_key(**g))
        .map(|g| (*g).to_string())
        .collect();
    if !missing.is_empty() {
        return Err(HarmError::Missing(missing));
    }
    Ok(by_group)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_weighs_every_group_and_nothing_else() {
        let w = HarmWeights::default_table();
        for g in OFFENCE_GROUPS {
            assert!(w.weight(g).is_some(), "{g}");
        }
        assert_eq!(w.weight("Missing description"), None);
        assert!(w.weight("Robbery") > w.weight("Theft (non-motor)"));
    }

    #[test]
    fn a_group_without_a_weight_is_refused_by_name() {
        let w = HarmWeights::default_table();
        assert_eq!(w.total(["Robbery", "Violence"]), Ok(1642.0));
        assert_eq!(
            w.total(["Robbery", "Missing description", "Missing description"])
                .unwrap_err()
                .to_string(),
            "no harm weight for the offence group: Missing description"
        );
    }

    #[test]
    fn a_csv_table_is_checked_line_by_line_and_must_cover_every_group() {
        let mut csv = String::from("group,days\n");
        for (g, d, _) in HarmWeights::default_reasons() {
            csv.push_str(&format!("{g},{d}\n"));
        }
        assert_eq!(
            HarmWeights::from_csv("local-1", &csv)
                .unwrap()
                .weight("Robbery"),
            Some(1460.0)
        );
        let bad = csv.replace("Robbery,1460", "Robbery,lots");
        assert!(matches!(
            HarmWeights::from_csv("x", &bad),
            Err(HarmError::Line { line: 14, .. })
        ));
        let short: String = csv
            .lines()
            .filter(|l| !l.starts_with("Violence"))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(
            HarmWeights::from_csv("x", &short).unwrap_err(),
            HarmError::Missing(vec!["Violence".into()])
        );
        assert!(matches!(
            HarmWeights::from_csv("x", "days,group\n"),
            Err(HarmError::Line { line: 1, .. })
        ));
        let twice = format!("{csv}Robbery,1\n");
        assert!(matches!(
            HarmWeights::from_csv("x", &twice),
            Err(HarmError::Line { line: 22, .. })
        ));
    }
}
