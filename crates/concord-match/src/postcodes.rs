use serde::{Deserialize, Serialize};

/// How two UK postcodes compare: the whole unit (about 15 addresses), the sector
/// ("CM1 1"), the district ("CM1") or only the area ("CM").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PostcodeLevel {
    Exact,
    Sector,
    District,
    Area,
    Different,
    Missing,
}

/// (area, district, sector, unit) of a postcode written in any spacing or case; `None`
/// for something that is not shaped like a postcode (then there is no evidence).
fn parts(raw: &str) -> Option<(String, String, String, String)> {
    let compact: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if !(5..=7).contains(&compact.len()) || !compact.is_ascii() {
        return None;
    }
    let (outward, inward) = compact.split_at(compact.len() - 3);
    let inward_ok = inward.as_bytes()[0].is_ascii_digit()
        && inward.as_bytes()[1..].iter().all(u8::is_ascii_alphabetic);
    if !inward_ok || !outward.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    let area: String = outward
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    Some((
        area,
        outward.to_string(),
        format!("{outward} {}", &inward[..1]),
        format!("{outward} {inward}"),
    ))
}

/// A postcode ready to compare: its UK parts, or — for a code not shaped like a UK
/// postcode (an overseas extract, a benchmark's four-digit codes) — the bare text, which
/// can then only agree exactly or differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PreparedPostcode {
    /// The unit ("CM1 1QH") and the lengths of its area ("CM"), district ("CM1") and
    /// sector ("CM1 1"), each a prefix of it: one string, not four, per record.
    Uk(Box<str>, [u8; 3]),
    Other(Box<str>),
}

impl PreparedPostcode {
    pub fn new(raw: Option<&str>) -> Option<PreparedPostcode> {
        let raw = raw?.trim();
        if raw.is_empty() {
            return None;
        }
        Some(match parts(raw) {
            Some((area, district, sector, unit)) => {
                debug_assert!(unit.starts_with(&sector) && sector.starts_with(&district));
                let lengths = [area.len() as u8, district.len() as u8, sector.len() as u8];
                PreparedPostcode::Uk(unit.into_boxed_str(), lengths)
            }
            None => PreparedPostcode::Other(raw.to_uppercase().into_boxed_str()),
        })
    }

    /// The postcode district ("CM1"), or the whole code when it is not a UK one.
    pub fn district(&self) -> &str {
        match self {
            PreparedPostcode::Uk(unit, [_, district, _]) => &unit[..*district as usize],
            PreparedPostcode::Other(code) => code,
        }
    }

    /// The full postcode as compared (for blocking on it).
    pub fn unit(&self) -> &str {
        match self {
            PreparedPostcode::Uk(unit, _) | PreparedPostcode::Other(unit) => unit,
        }
    }
}

pub(crate) fn compare_prepared(
    a: Option<&PreparedPostcode>,
    b: Option<&PreparedPostcode>,
) -> PostcodeLevel {
    use PreparedPostcode::{Other, Uk};
    match (a, b) {
        (Some(Uk(a, al)), Some(Uk(b, bl))) => {
            let same = |i: usize| a[..al[i] as usize] == b[..bl[i] as usize];
            if a == b {
                PostcodeLevel::Exact
            } else if same(2) {
                PostcodeLevel::Sector
            } else if same(1) {
                PostcodeLevel::District
            } else if same(0) {
                PostcodeLevel::Area
            } else {
                PostcodeLevel::Different
            }
        }
        (Some(Other(a)), Some(Other(b))) if a == b => PostcodeLevel::Exact,
        (Some(Other(_)), Some(Other(_))) => PostcodeLevel::Different,
        // One UK postcode and one that is not: no basis for comparison.
        _ => PostcodeLevel::Missing,
    }
}

pub fn compare_postcodes(a: Option<&str>, b: Option<&str>) -> PostcodeLevel {
    compare_prepared(
        PreparedPostcode::new(a).as_ref(),
        PreparedPostcode::new(b).as_ref(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcodes_agree_at_the_finest_level_they_share() {
        let cases = [
            ("CM1 1QH", "cm11qh", PostcodeLevel::Exact),
            ("CM1 1QH", "CM1 1AB", PostcodeLevel::Sector),
            ("CM1 1QH", "CM1 4XY", PostcodeLevel::District),
            ("CM1 1QH", "CM2 0AA", PostcodeLevel::Area),
            ("CM1 1QH", "SS1 1AA", PostcodeLevel::Different),
            ("SW1A 1AA", "SW1A 2AA", PostcodeLevel::District),
            ("CM1 1QH", "not a postcode", PostcodeLevel::Missing),
            ("CM1 1QH", "", PostcodeLevel::Missing),
        ];
        for (a, b, level) in cases {
            assert_eq!(compare_postcodes(Some(a), Some(b)), level, "{a} vs {b}");
            assert_eq!(compare_postcodes(Some(b), Some(a)), level, "{b} vs {a}");
        }
        assert_eq!(
            compare_postcodes(None, Some("CM1 1QH")),
            PostcodeLevel::Missing
        );
    }

    #[test]
    fn the_area_is_its_letters_only() {
        // CM1 and CM11 share the area CM but not the district.
        assert_eq!(
            compare_postcodes(Some("CM1 1AA"), Some("CM11 1AA")),
            PostcodeLevel::Area
        );
    }

    #[test]
    fn codes_that_are_not_uk_postcodes_agree_only_exactly() {
        assert_eq!(
            compare_postcodes(Some("2615"), Some("2615")),
            PostcodeLevel::Exact
        );
        assert_eq!(
            compare_postcodes(Some("2615"), Some("2614")),
            PostcodeLevel::Different
        );
    }
}
