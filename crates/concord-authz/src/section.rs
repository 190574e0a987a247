use serde::{Deserialize, Serialize};

use crate::Permission;

/// A named part of a person's record. Access is decided section by section: a partner
/// may be given the current address and the warning markers and nothing else, and the
/// restricted sections need a permission of their own whatever the relationship.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// Names, aliases, date of birth, gender, identifiers: who the person is.
    Identity,
    /// Warning markers (risk to staff, weapons, violence, self-harm).
    Markers,
    /// Address history and the current address.
    Addresses,
    /// Offences and sentences with their key dates.
    Convictions,
    /// Who manages the person: allocations, referrals and shares.
    Management,
    /// Agencies' entries about the person (contacts, visits, arrests, notes).
    Chronology,
    /// Risk assessments: RoSH levels, actuarial scores, tiers, DASH checklists (the
    /// answers about a victim are in the victim section).
    Risk,
    /// Licences and their conditions, exclusion zones, curfews, address checks, compliance
    /// and recall. (A condition's link to a victim is in the victim section.)
    Licence,
    /// Partner services: referrals to contracted services with their action plans,
    /// sessions and end-of-service reports, needs screening and the individual action
    /// plan. A provider reaches only the referrals sent to it.
    Interventions,
    /// Field-level change history and who has looked at the record.
    History,
    /// Victims' details and wishes (victim contact scheme). Restricted.
    Victim,
    /// Physical and mental health information. Restricted.
    Health,
    /// Police intelligence. Restricted.
    Intelligence,
    /// Items the person must not be told (third-party or sensitive). Restricted.
    DoNotDisclose,
}

impl Section {
    pub const ALL: [Section; 14] = [
        Section::Identity,
        Section::Markers,
        Section::Addresses,
        Section::Convictions,
        Section::Management,
        Section::Chronology,
        Section::Risk,
        Section::Licence,
        Section::Interventions,
        Section::History,
        Section::Victim,
        Section::Health,
        Section::Intelligence,
        Section::DoNotDisclose,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Section::Identity => "identity",
            Section::Markers => "markers",
            Section::Addresses => "addresses",
            Section::Convictions => "convictions",
            Section::Management => "management",
            Section::Chronology => "chronology",
            Section::Risk => "risk",
            Section::Licence => "licence",
            Section::Interventions => "interventions",
            Section::History => "history",
            Section::Victim => "victim",
            Section::Health => "health",
            Section::Intelligence => "intelligence",
            Section::DoNotDisclose => "do_not_disclose",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Section::Identity => "Identity and identifiers",
            Section::Markers => "Warning markers",
            Section::Addresses => "Addresses",
            Section::Convictions => "Offences and sentences",
            Section::Management => "Case management",
            Section::Chronology => "Chronology entries",
            Section::Risk => "Risk assessments",
            Section::Licence => "Licence, conditions and recall",
            Section::Interventions => "Partner services and action plan",
            Section::History => "Change history and access log",
            Section::Victim => "Victim details",
            Section::Health => "Health information",
            Section::Intelligence => "Intelligence",
            Section::DoNotDisclose => "Not to be disclosed to the person",
        }
    }

    /// The permission a restricted section needs on top of a relationship.
    pub fn restricted_by(self) -> Option<Permission> {
        match self {
            Section::Victim => Some(Permission::SectionVictim),
            Section::Health => Some(Permission::SectionHealth),
            Section::Intelligence => Some(Permission::SectionIntelligence),
            Section::DoNotDisclose => Some(Permission::SectionDoNotDisclose),
            _ => None,
        }
    }

    pub fn is_restricted(self) -> bool {
        self.restricted_by().is_some()
    }

    /// May the owning agency give this section to another agency, team or user? Never a
    /// restricted section (they never leave the case team), nor the access log.
    pub fn is_shareable(self) -> bool {
        !self.is_restricted() && self != Section::History
    }
}

/// A set of sections, small and `Copy`, so decisions and capabilities can carry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SectionSet(u16);

impl SectionSet {
    pub const EMPTY: SectionSet = SectionSet(0);

    fn bit(section: Section) -> u16 {
        1 << (section as u16)
    }

    pub fn all() -> Self {
        Self::of(&Section::ALL)
    }

    /// Every section that is not restricted.
    pub fn unrestricted() -> Self {
        Section::ALL
            .into_iter()
            .filter(|s| !s.is_restricted())
            .collect()
    }

    pub fn restricted() -> Self {
        Section::ALL
            .into_iter()
            .filter(|s| s.is_restricted())
            .collect()
    }

    pub fn of(sections: &[Section]) -> Self {
        sections.iter().copied().collect()
    }

    pub fn one(section: Section) -> Self {
        SectionSet(Self::bit(section))
    }

    pub fn contains(self, section: Section) -> bool {
        self.0 & Self::bit(section) != 0
    }

    pub fn insert(&mut self, section: Section) {
        self.0 |= Self::bit(section);
    }

    pub fn union(self, other: SectionSet) -> SectionSet {
        SectionSet(self.0 | other.0)
    }

    pub fn intersection(self, other: SectionSet) -> SectionSet {
        SectionSet(self.0 & other.0)
    }

    pub fn without(self, other: SectionSet) -> SectionSet {
        SectionSet(self.0 & !other.0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn is_subset_of(self, other: SectionSet) -> bool {
        self.0 & !other.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Section> {
        Section::ALL.into_iter().filter(move |s| self.contains(*s))
    }

    pub fn codes(self) -> Vec<&'static str> {
        self.iter().map(Section::code).collect()
    }
}

impl FromIterator<Section> for SectionSet {
    fn from_iter<I: IntoIterator<Item = Section>>(iter: I) -> Self {
        let mut set = SectionSet::EMPTY;
        for s in iter {
            set.insert(s);
        }
        set
    }
}

impl Serialize for SectionSet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_round_trips_through_its_code() {
        for s in Section::ALL {
            assert_eq!(Section::from_code(s.code()), Some(s));
        }
        assert_eq!(Section::from_code("everything"), None);
    }

    #[test]
    fn restricted_sections_are_never_shareable() {
        for s in Section::ALL {
            if s.is_restricted() {
                assert!(!s.is_shareable(), "{s:?}");
            }
        }
        assert_eq!(SectionSet::restricted().iter().count(), 4);
        assert_eq!(
            SectionSet::unrestricted().union(SectionSet::restricted()),
            SectionSet::all()
        );
    }

    #[test]
    fn set_operations_behave_as_sets() {
        let a = SectionSet::of(&[Section::Identity, Section::Markers]);
        let b = SectionSet::of(&[Section::Markers, Section::Victim]);
        assert_eq!(a.intersection(b), SectionSet::one(Section::Markers));
        assert_eq!(a.without(b), SectionSet::one(Section::Identity));
        assert!(SectionSet::one(Section::Identity).is_subset_of(a));
        assert!(!b.is_subset_of(a));
        assert_eq!(a.codes(), vec!["identity", "markers"]);
    }
}
