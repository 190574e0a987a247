//! The Home Office offence code catalogue, with the actuarial weights each code carries:
//! the OGRS3 category and weight, and the four SNSV (serious non-sexual violence) weights.
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
    /// The OGRS3 category of this code depends on the exact offence (`ogrs3_error` is
    /// `NEED_DETAILS_OF_EXACT_OFFENCE`), so OGRS3 cannot be scored from the code alone.
    pub needs_exact_offence: bool,
    /// SNSV static-model offence weight (`snsv_static`).
    pub snsv_static: f64,
    /// SNSV dynamic-model offence weight (`snsv_dynamic`).
    pub snsv_dynamic: f64,
    /// SNSV static-model "violence against the person" weight (`snsv_vatp_static`).
    pub snsv_vatp_static: f64,
    /// SNSV dynamic-model "violence against the person" weight (`snsv_vatp_dynamic`).
    pub snsv_vatp_dynamic: f64,
    /// Counts as violent or sexual for the OPD pathway screen (`opd_violence_sex`).
    pub violent_or_sexual: bool,
}

impl OffenceInfo {
    /// The catalogue row of a five-digit code exactly as written (no padding, no slash
    /// spelling: use [`crate::OffenceCode::parse`] for user input).
    pub fn find(code: &str) -> Option<&'static OffenceInfo> {
        find(code)
    }
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
    let (code, category, weight, error, violent) = (
        column("home_office_code"),
        column("ogrs3_category"),
        column("ogrs3_weight"),
        column("ogrs3_error"),
        column("opd_violence_sex"),
    );
    let snsv_columns = [
        column("snsv_static"),
        column("snsv_dynamic"),
        column("snsv_vatp_static"),
        column("snsv_vatp_dynamic"),
    ];
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
            let needs_exact_offence = match cell(error) {
                "" => false,
                "NEED_DETAILS_OF_EXACT_OFFENCE" => true,
                e => panic!(
                    "offence_codes.csv line {}: unknown ogrs3_error {e:?}",
                    i + 2
                ),
            };
            let [snsv_static, snsv_dynamic, snsv_vatp_static, snsv_vatp_dynamic] = snsv_columns
                .map(|c| {
                    let w = cell(c);
                    w.parse().unwrap_or_else(|_| {
                        panic!("offence_codes.csv line {}: bad SNSV weight {w:?}", i + 2)
                    })
                });
            OffenceInfo {
                code: cell(code),
                category: cell(category),
                ogrs3_weight,
                needs_exact_offence,
                snsv_static,
                snsv_dynamic,
                snsv_vatp_static,
                snsv_vatp_dynamic,
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

    #[test]
    fn the_snsv_weights_and_the_exact_offence_flag_are_read() {
        let murder = OffenceInfo::find("00100").unwrap();
        assert!(!murder.needs_exact_offence);
        assert_eq!(murder.snsv_static, 0.01927038224);
        assert_eq!(murder.snsv_dynamic, -0.006538498404);
        assert_eq!(murder.snsv_vatp_static, 0.238802610774108);
        assert_eq!(murder.snsv_vatp_dynamic, 0.204895023669854);
        let unclear = OffenceInfo::find("08800").unwrap();
        assert!(unclear.needs_exact_offence);
        assert_eq!(unclear.ogrs3_weight, None);
        assert_eq!(unclear.snsv_static, -0.0455228893277184);
        assert_eq!(unclear.snsv_dynamic, -0.211172350332101);
        assert_eq!(
            offence_catalogue()
                .iter()
                .filter(|o| o.needs_exact_offence)
                .map(|o| o.code)
                .collect::<Vec<_>>(),
            ["08800", "11100", "14100"]
        );
        // Codes without an OGRS3 weight and without the exact-offence flag have no mapping.
        let unmapped = offence_catalogue()
            .iter()
            .filter(|o| o.ogrs3_weight.is_none() && !o.needs_exact_offence)
            .count();
        assert_eq!(unmapped, 15);
        assert_eq!(OffenceInfo::find("001/00"), None);
    }
}
