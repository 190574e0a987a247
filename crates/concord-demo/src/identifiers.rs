//! Identifiers for demo people. Each is derived from the person's index through a
//! bijection (multiplying by a number coprime to the range), so no two demo people share
//! a PNC ID, CRO number, CRN, prison number or National Insurance number, yet the numbers
//! do not look sequential. Check letters are computed by the domain types.

use concord_domain::{CroNumber, PncId};

use super::rng::Rng;

/// PNC ID in the year of the person's first arrest.
pub(super) fn pnc(index: u64, year: i32) -> String {
    let serial = 400_000 + (index * 2_311 + 17) % 9_000_000;
    PncId::from_parts(year.clamp(1900, 2099) as u32, serial as u32)
        .map(|p| p.to_string())
        .unwrap_or_default()
}

/// CRO number issued in the year of the first conviction.
pub(super) fn cro(index: u64, year: i32) -> String {
    let serial = (index * 7_411 + 12_345) % 1_000_000;
    CroNumber::from_parts(serial as u32, year.rem_euclid(100) as u32)
        .map(|c| c.to_string())
        .unwrap_or_default()
}

/// nDelius case reference number: a letter and six digits.
pub(super) fn crn(index: u64, rng: &mut Rng) -> String {
    let letter = *rng.pick(b"DEJX") as char;
    format!("{letter}{:06}", (index * 4_093 + 100_003) % 1_000_000)
}

/// NOMIS prison number, `A1234BC`.
pub(super) fn prison_number(index: u64, rng: &mut Rng) -> String {
    let n = (index * 6_151 + 1_234) % 6_760_000;
    let letter = |k: u64| (b'A' + (k % 26) as u8) as char;
    let prefix = *rng.pick(b"AG") as char;
    format!(
        "{prefix}{:04}{}{}",
        n % 10_000,
        letter(n / 10_000),
        letter(n / 260_000)
    )
}

/// Prefixes HMRC issues (none of the barred letters or pairs of rules.md §9.5).
const NINO_PREFIXES: &[&str] = &[
    "AB", "JH", "NE", "PW", "SK", "WL", "YH", "CE", "EH", "HT", "JC", "KM", "LR", "MA", "NP", "OA",
    "RT", "ST", "TW", "ZA",
];

pub(super) fn nino(index: u64, rng: &mut Rng) -> String {
    let prefix = rng.pick(NINO_PREFIXES);
    let suffix = *rng.pick(b"ABCD") as char;
    format!(
        "{prefix}{:06}{suffix}",
        (index * 3_571 + 234_567) % 1_000_000
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use concord_domain::{Identifier, IdentifierKind};
    use std::collections::HashSet;

    #[test]
    fn identifiers_are_valid_and_unique() {
        let mut seen = HashSet::new();
        let mut rng = Rng::new(3);
        for i in 0..5_000u64 {
            for (kind, value) in [
                (IdentifierKind::Pnc, pnc(i, 1990 + (i % 30) as i32)),
                (IdentifierKind::Cro, cro(i, 1995)),
                (IdentifierKind::Crn, crn(i, &mut rng)),
                (IdentifierKind::PrisonNumber, prison_number(i, &mut rng)),
                (IdentifierKind::Nino, nino(i, &mut rng)),
            ] {
                let parsed =
                    Identifier::parse(kind, &value).unwrap_or_else(|e| panic!("{value}: {e}"));
                // Compare without the free letters so uniqueness comes from the number.
                let s = parsed.as_str();
                let key = match kind {
                    IdentifierKind::Pnc => &s[5..12],
                    IdentifierKind::Cro => &s[..6],
                    IdentifierKind::Nino => &s[2..8],
                    IdentifierKind::Crn | IdentifierKind::PrisonNumber => &s[1..],
                }
                .to_string();
                assert!(seen.insert((kind.code(), key)), "duplicate {value}");
            }
        }
    }
}
