use serde::{Deserialize, Serialize};

/// How two UK postcodes compare: the whole unit (about 15 addresses), the sector
/// ("CM1 1"), the district ("CM1") or only the area ("CM").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    Some((
        area,
        outward.to_string(),
        format!("{outward} {}", &inward[..1]),
        format!("{outward} {inward}"),
    ))
}

pub fn compare_postcodes(a: Option<&str>, b: Option<&str>) -> PostcodeLevel {
    let (Some(a), Some(b)) = (a.and_then(parts), b.and_then(parts)) else {
        return PostcodeLevel::Missing;
    };
    if a.3 == b.3 {
        PostcodeLevel::Exact
    } else if a.2 == b.2 {
        PostcodeLevel::Sector
    } else if a.1 == b.1 {
        PostcodeLevel::District
    } else if a.0 == b.0 {
        PostcodeLevel::Area
    } else {
        PostcodeLevel::Different
    }
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
}
