//! The Home Office offence code catalogue, with the OGRS3 category each code falls in.
//!
//! The CSV is compiled in so the domain stays free of I/O and a code that parses today
//! cannot fail to resolve tomorrow because a file went missing.

use std::sync::OnceLock;

use serde::Serialize;

const CSV: &str = include_str!("../../../../data/offence_codes.csv");

/// One row of the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OffenceInfo {
    /// Five-digit Home Office code: 3-digit class then 2-digit subclass, e.g. `"00100"`.
    pub code: &'static str,
    /// OGRS3 offence category, e.g. `"Violence"`.
    pub category: &'static str,
    /// OGRS3 offence weight; `None` where the source has none.
    pub ogrs3_weight: Option<f64>,
    /// Counts as violent or sexual for the OPD pathway screen (`opd_violence_sex`).
    pub violent_or_sexual: bool,
}

/// Every offence code, sorted by code. Parsed once, on first use.
pub fn offence_catalogue() -> &'static [OffenceInfo] {
    static CATALOGUE: OnceLock<Vec<OffenceInfo>> = OnceLock::new();
    CATALOGUE.get_or_init(|| parse_catalogue(CSV))
}

/// Look a canonical five-digit code up in the catalogue.
pub(super) fn find(code: &str) -> Option<&'static OffenceInfo> {
    let catalogue = offence_catalogue();
    catalogue
        .binary_search_by(|info| info.code.cmp(code))
        .ok()
        .map(|i| &catalogue[i])
}

/// The file is part of the source tree and checked by the tests below, so a malformed row
/// is a build defect: failing loudly on first use beats silently dropping an offence.
fn parse_catalogue(csv: &'static str) -> Vec<OffenceInfo> {
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h.trim() == name)
            .unwrap_or_else(|| panic!("offence_codes.csv has no {name} column"))
    };
    let (code, category, weight, violent) = (
        column("home_office_code"),
        column("ogrs3_category"),
        column("ogrs3_weight"),
        column("opd_violence_sex"),
    );
    let mut rows: Vec<OffenceInfo> = lines
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, line)| {
            let cells: Vec<&'static str> = line.split(',').map(str::trim).collect();
            let cell = |c: usize| {
                *cells
                    .get(c)
                    .unwrap_or_else(|| panic!("offence_codes.csv line {}: too few columns", i + 2))
            };
            let ogrs3_weight = match cell(weight) {
                "" => None,
                w => Some(w.parse().unwrap_or_else(|_| {
                    panic!("offence_codes.csv line {}: bad ogrs3_weight {w:?}", i + 2)
                })),
            };
            OffenceInfo {
                code: cell(code),
                category: cell(category),
                ogrs3_weight,
                violent_or_sexual: cell(violent).eq_ignore_ascii_case("true"),
            }
        })
        .collect();
    rows.sort_by(|a, b| a.code.cmp(b.code));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_holds_every_row_once_with_five_digit_codes() {
        let catalogue = offence_catalogue();
        assert_eq!(catalogue.len(), CSV.lines().count() - 1);
        assert!(catalogue.windows(2).all(|w| w[0].code < w[1].code));
        assert!(catalogue
            .iter()
            .all(|o| o.code.len() == 5 && o.code.bytes().all(|b| b.is_ascii_digit())));
        assert!(catalogue.iter().all(|o| !o.category.is_empty()));
    }

    #[test]
    fn rows_are_read_column_by_column() {
        let murder = find("00100").unwrap();
        assert_eq!(murder.category, "Violence");
        assert_eq!(murder.ogrs3_weight, Some(0.0));
        assert!(murder.violent_or_sexual);
        let other = find("99968").unwrap();
        assert_eq!(other.category, "Other offence");
        assert_eq!(other.ogrs3_weight, Some(-0.0607));
        assert!(!other.violent_or_sexual);
        assert_eq!(find("12345"), None);
    }
}
