use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{
    compare_dates_of_birth, compare_identifiers, compare_names, compare_postcodes, compare_values,
    DobLevel, IdentifierLevel, NameComparison, PostcodeLevel, ValueLevel,
};

/// The kinds of identifier compared. A conflict on any is strong evidence against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentifierKind {
    Pnc,
    Cro,
    PrisonNumber,
    Nino,
}

impl IdentifierKind {
    pub const ALL: [IdentifierKind; 4] = [
        IdentifierKind::Pnc,
        IdentifierKind::Cro,
        IdentifierKind::PrisonNumber,
        IdentifierKind::Nino,
    ];
}

/// One agency's record of a person, as linkage sees it. Identifiers are canonical
/// (parsed by `concord-domain` before they get here); text is as recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchRecord {
    pub id: String,
    pub forename: Option<String>,
    pub surname: Option<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub postcode: Option<String>,
    pub gender: Option<String>,
    pub identifiers: Vec<(IdentifierKind, String)>,
}

impl MatchRecord {
    fn ids(&self, kind: IdentifierKind) -> Vec<&str> {
        self.identifiers
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// Every comparison of a pair of records: what the model weighs and the explanation shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComparisonVector {
    pub names: NameComparison,
    pub date_of_birth: DobLevel,
    pub postcode: PostcodeLevel,
    pub gender: ValueLevel,
    pub identifiers: Vec<(IdentifierKind, IdentifierLevel)>,
}

impl ComparisonVector {
    /// Do the records hold different identifiers of some kind? Clustering never joins
    /// through such a pair, whatever the rest of the evidence says.
    pub fn has_identifier_conflict(&self) -> bool {
        self.identifiers
            .iter()
            .any(|(_, level)| *level == IdentifierLevel::Conflict)
    }
}

pub fn compare_records(l: &MatchRecord, r: &MatchRecord) -> ComparisonVector {
    ComparisonVector {
        names: compare_names(
            l.forename.as_deref(),
            l.surname.as_deref(),
            r.forename.as_deref(),
            r.surname.as_deref(),
        ),
        date_of_birth: compare_dates_of_birth(l.date_of_birth, r.date_of_birth),
        postcode: compare_postcodes(l.postcode.as_deref(), r.postcode.as_deref()),
        gender: compare_values(l.gender.as_deref(), r.gender.as_deref()),
        identifiers: IdentifierKind::ALL
            .into_iter()
            .map(|k| (k, compare_identifiers(&l.ids(k), &r.ids(k))))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NameLevel;

    fn record(
        id: &str,
        forename: &str,
        surname: &str,
        dob: (i32, u32, u32),
        pnc: &str,
    ) -> MatchRecord {
        MatchRecord {
            id: id.into(),
            forename: Some(forename.into()),
            surname: Some(surname.into()),
            date_of_birth: NaiveDate::from_ymd_opt(dob.0, dob.1, dob.2),
            postcode: Some("CM1 1QH".into()),
            gender: Some("male".into()),
            identifiers: if pnc.is_empty() {
                vec![]
            } else {
                vec![(IdentifierKind::Pnc, pnc.into())]
            },
        }
    }

    #[test]
    fn a_police_and_a_probation_record_of_one_man_compare_level_by_level() {
        let police = record("P1", "Darren", "Dolby", (1973, 3, 4), "2009/0840017P");
        let probation = MatchRecord {
            postcode: Some("CM1 1AB".into()),
            ..record("N1", "Daz", "Dolby", (1973, 4, 3), "2009/0840017P")
        };
        let v = compare_records(&police, &probation);
        assert_eq!(v.names.forename, NameLevel::Nickname);
        assert_eq!(v.names.surname, NameLevel::Exact);
        assert_eq!(v.date_of_birth, DobLevel::DayMonthTransposed);
        assert_eq!(v.postcode, PostcodeLevel::Sector);
        assert_eq!(v.gender, ValueLevel::Same);
        assert!(v
            .identifiers
            .contains(&(IdentifierKind::Pnc, IdentifierLevel::Agree)));
        assert!(!v.has_identifier_conflict());
    }

    #[test]
    fn two_pnc_ids_are_a_conflict_and_absent_ones_say_nothing() {
        let a = record("A", "John", "Smith", (1980, 1, 1), "2001/0123456F");
        let b = record("B", "John", "Smith", (1980, 1, 1), "2002/0000001X");
        let c = record("C", "John", "Smith", (1980, 1, 1), "");
        assert!(compare_records(&a, &b).has_identifier_conflict());
        let none = compare_records(&a, &c);
        assert!(!none.has_identifier_conflict());
        assert!(none
            .identifiers
            .iter()
            .all(|(_, level)| *level == IdentifierLevel::Missing));
    }
}
