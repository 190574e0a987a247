use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::names::{compare_prepared_names, PreparedName};
use crate::places::{compare_places, PreparedPlace};
use crate::postcodes::{compare_prepared, PreparedPostcode};
use crate::{
    compare_dates_of_birth, compare_identifiers, compare_references, compare_values, DobLevel,
    IdentifierLevel, NameComparison, PlaceLevel, PostcodeLevel, ValueLevel,
};

/// The kinds of identifier compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentifierKind {
    Pnc,
    Cro,
    PrisonNumber,
    Nino,
    /// Any other reference number both sources hold (a local case number, a benchmark's
    /// social security number). Unlike the others it carries no check character, so a
    /// typo survives entry: it has a "close" level and never blocks clustering.
    Reference,
}

impl IdentifierKind {
    pub const ALL: [IdentifierKind; 5] = [
        IdentifierKind::Pnc,
        IdentifierKind::Cro,
        IdentifierKind::PrisonNumber,
        IdentifierKind::Nino,
        IdentifierKind::Reference,
    ];

    /// Is this identifier validated by a check character when entered? Then two
    /// different values are two different people, never a typo.
    pub fn is_checked(self) -> bool {
        self != IdentifierKind::Reference
    }

    fn index(self) -> usize {
        self as usize
    }
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
    /// Address lines, joined.
    pub address: Option<String>,
    pub town: Option<String>,
    pub gender: Option<String>,
    pub identifiers: Vec<(IdentifierKind, String)>,
}

/// A record with everything a comparison needs worked out once (folded names, their
/// sounds, postcode parts, address words): linkage compares each record with many others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedRecord {
    pub(crate) forename: Option<PreparedName>,
    pub(crate) surname: Option<PreparedName>,
    pub(crate) date_of_birth: Option<NaiveDate>,
    pub(crate) postcode: Option<PreparedPostcode>,
    pub(crate) address: Option<PreparedPlace>,
    pub(crate) town: Option<PreparedPlace>,
    pub(crate) gender: Option<String>,
    /// Per kind, in the order of [`IdentifierKind::ALL`]; `None` (a word, not five
    /// empty lists) for the many records with no identifier at all.
    pub(crate) identifiers: Option<Box<[Vec<String>; 5]>>,
}

impl PreparedRecord {
    pub fn new(r: &MatchRecord) -> PreparedRecord {
        let mut identifiers: [Vec<String>; 5] = Default::default();
        for (kind, value) in &r.identifiers {
            let value = value.trim();
            if !value.is_empty() {
                identifiers[kind.index()].push(value.to_string());
            }
        }
        PreparedRecord {
            forename: PreparedName::new(r.forename.as_deref()),
            surname: PreparedName::new(r.surname.as_deref()),
            date_of_birth: r.date_of_birth,
            postcode: PreparedPostcode::new(r.postcode.as_deref()),
            address: PreparedPlace::new(r.address.as_deref()),
            town: PreparedPlace::town(r.town.as_deref()),
            gender: r
                .gender
                .as_deref()
                .map(|g| g.trim().to_lowercase())
                .filter(|g| !g.is_empty()),
            identifiers: identifiers
                .iter()
                .any(|v| !v.is_empty())
                .then(|| Box::new(identifiers)),
        }
    }

    /// The keys a name search blocks on: each sound of the surname, and the forename's
    /// sound with the surname's initial.
    pub(crate) fn search_keys(&self) -> Vec<String> {
        let mut keys = vec![];
        if let Some(s) = &self.surname {
            keys.extend(
                s.sounds
                    .iter()
                    .filter(|c| !c.is_empty())
                    .map(|c| format!("s:{c}")),
            );
            if let (Some(f), Some(initial)) = (&self.forename, s.folded.chars().next()) {
                if !f.sounds[0].is_empty() {
                    keys.push(format!("f:{}:{initial}", f.sounds[0]));
                }
            }
        }
        keys.dedup();
        keys
    }

    pub(crate) fn ids(&self, kind: IdentifierKind) -> &[String] {
        self.identifiers
            .as_ref()
            .map_or(&[][..], |ids| &ids[kind.index()])
    }
}

/// Every comparison of a pair of records: what the model weighs and the explanation shows.
/// Small and `Copy`: linkage holds one per candidate pair and counts the distinct ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ComparisonVector {
    pub names: NameComparison,
    pub date_of_birth: DobLevel,
    pub postcode: PostcodeLevel,
    pub address: PlaceLevel,
    pub town: PlaceLevel,
    pub gender: ValueLevel,
    /// One level per kind, in the order of [`IdentifierKind::ALL`].
    pub identifiers: [IdentifierLevel; 5],
}

impl ComparisonVector {
    pub fn identifier(&self, kind: IdentifierKind) -> IdentifierLevel {
        self.identifiers[kind.index()]
    }

    /// Do the records hold different checked identifiers of some kind (two PNC IDs)?
    /// Clustering never joins through such a pair, whatever the rest of the evidence says.
    pub fn has_identifier_conflict(&self) -> bool {
        IdentifierKind::ALL
            .into_iter()
            .any(|k| k.is_checked() && self.identifier(k) == IdentifierLevel::Conflict)
    }
}

pub fn compare_records(l: &MatchRecord, r: &MatchRecord) -> ComparisonVector {
    compare_prepared_records(&PreparedRecord::new(l), &PreparedRecord::new(r))
}

pub fn compare_prepared_records(l: &PreparedRecord, r: &PreparedRecord) -> ComparisonVector {
    let identifiers = IdentifierKind::ALL.map(|k| {
        let (a, b) = (l.ids(k), r.ids(k));
        if a.is_empty() || b.is_empty() {
            IdentifierLevel::Missing
        } else if k.is_checked() {
            compare_identifiers(a, b)
        } else {
            compare_references(a, b)
        }
    });
    let postcode = compare_prepared(l.postcode.as_ref(), r.postcode.as_ref());
    let mut address = compare_places(l.address.as_ref(), r.address.as_ref());
    let mut town = compare_places(l.town.as_ref(), r.town.as_ref());
    // The same full postcode already says the same street and town (about fifteen
    // homes): counting agreement on those too would count one fact three times, and
    // make everyone in a household look like one person. Only disagreement adds. (A
    // postcode not shaped like a UK one may cover a whole suburb: no such nesting.)
    let uk = matches!(l.postcode, Some(PreparedPostcode::Uk(..)));
    if postcode == PostcodeLevel::Exact && uk {
        if matches!(address, PlaceLevel::Exact | PlaceLevel::VeryClose) {
            address = PlaceLevel::Missing;
        }
        town = PlaceLevel::Missing;
    }
    ComparisonVector {
        names: compare_prepared_names(
            l.forename.as_ref(),
            l.surname.as_ref(),
            r.forename.as_ref(),
            r.surname.as_ref(),
        ),
        date_of_birth: compare_dates_of_birth(l.date_of_birth, r.date_of_birth),
        postcode,
        address,
        town,
        gender: compare_values(l.gender.as_deref(), r.gender.as_deref()),
        identifiers,
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
            address: None,
            town: None,
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
        assert_eq!(v.identifier(IdentifierKind::Pnc), IdentifierLevel::Agree);
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
            .all(|level| *level == IdentifierLevel::Missing));
    }
}
