//! Forenames that belong together ("William" and "Bill"), from `data/nicknames.csv`.

/// Looked up twice for every pair of forenames compared: Fx, not SipHash.
type HashMap<K, V> = rustc_hash::FxHashMap<K, V>;
use std::sync::OnceLock;

const NICKNAMES: &str = include_str!("../data/nicknames.csv");

/// Name → the groups it belongs to (a name such as "chris" is in several).
fn groups() -> &'static HashMap<&'static str, Vec<usize>> {
    static GROUPS: OnceLock<HashMap<&'static str, Vec<usize>>> = OnceLock::new();
    GROUPS.get_or_init(|| {
        let mut map: HashMap<&'static str, Vec<usize>> = HashMap::default();
        let lines = NICKNAMES
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'));
        for (group, line) in lines.enumerate() {
            for name in line.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                map.entry(name).or_default().push(group);
            }
        }
        map
    })
}

/// Are these two folded forenames known forms of one name (and not simply equal)?
pub fn are_nicknames(a: &str, b: &str) -> bool {
    if a == b {
        return false;
    }
    let table = groups();
    match (table.get(a), table.get(b)) {
        (Some(ga), Some(gb)) => ga.iter().any(|g| gb.contains(g)),
        _ => false,
    }
}

/// Every other known form of a folded forename ("bill" for "william"), in table order.
pub fn nicknames_of(name: &str) -> Vec<&'static str> {
    let table = groups();
    let Some(mine) = table.get(name) else {
        return vec![];
    };
    let mut out: Vec<&'static str> = table
        .iter()
        .filter(|(other, groups)| **other != name && groups.iter().any(|g| mine.contains(g)))
        .map(|(other, _)| *other)
        .collect();
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_forms_of_a_name_go_together_both_ways() {
        for (a, b) in [
            ("william", "bill"),
            ("bill", "liam"),
            ("margaret", "peggy"),
            ("chris", "christine"),
            ("darren", "daz"),
        ] {
            assert!(are_nicknames(a, b), "{a} ~ {b}");
            assert!(are_nicknames(b, a), "{b} ~ {a}");
        }
    }

    #[test]
    fn the_forms_of_a_name_can_be_listed() {
        let forms = nicknames_of("william");
        assert!(
            forms.contains(&"bill") && !forms.contains(&"william"),
            "{forms:?}"
        );
        assert!(nicknames_of("zebedee").is_empty());
    }

    #[test]
    fn unrelated_or_equal_names_are_not_nicknames() {
        assert!(!are_nicknames("william", "robert"));
        assert!(!are_nicknames("bill", "bill"));
        assert!(!are_nicknames("zebedee", "bill"));
    }

    #[test]
    fn every_line_of_the_table_is_folded_lower_case() {
        for name in groups().keys() {
            assert_eq!(
                *name,
                concord_domain::search_key(name),
                "{name} is not folded"
            );
        }
    }
}
