//! The synthetic register: person `i` is a pure function of `i`, so a run can be
//! repeated exactly, a reused database can be checked, and the search mix can pick real
//! names, birth dates and identifiers without asking the database.
//!
//! Every value is made valid by the domain's own rules: names through
//! [`PersonName::parse`] (and its sort key), search tokens by [`search_tokens`], PNC IDs
//! by [`PncId::from_parts`] (check letter computed), CRNs by [`Crn::parse`] and postcodes
//! by [`Postcode::parse`].

use chrono::{Days, NaiveDate};
use concord_domain::{search_tokens, Crn, PersonName, PncId, Postcode};
use uuid::Uuid;

use super::names::{
    COMMON_SURNAMES, FEMALE_FORENAMES, INWARD_LETTERS, MALE_FORENAMES, MARKER_NOTES, STREETS,
    SURNAME_HEADS, SURNAME_MIDDLES, SURNAME_TAILS, TOWNS,
};
use super::rng::{Rng, Weighted};

/// The day the synthetic people's ages and dates are counted from, fixed so that the
/// same index gives the same person on any day.
pub fn data_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default()
}

/// Unix milliseconds of the first bulk person's id (1 January 2026): ids are
/// time-ordered UUIDv7 like the application's, one millisecond apart.
const ID_EPOCH_MS: u64 = 1_767_225_600_000;

const PERSON_STREAM: u64 = 1;
const ID_STREAM: u64 = 2;

/// The id of bulk person `index`, without generating the rest of them.
pub fn person_id(index: u64) -> Uuid {
    let mut rng = Rng::new(ID_STREAM, index);
    let bytes = rng.bytes16();
    let mut random = [0u8; 10];
    random.copy_from_slice(&bytes[..10]);
    uuid::Builder::from_unix_timestamp_millis(ID_EPOCH_MS + index, &random).into_uuid()
}

#[derive(Debug, Clone)]
pub struct SyntheticPerson {
    pub id: Uuid,
    pub given: String,
    pub middle: Option<String>,
    pub family: String,
    pub sort_key: String,
    pub tokens: Vec<String>,
    pub date_of_birth: NaiveDate,
    pub gender: &'static str,
    /// Canonical long form, `YYYY/NNNNNNNC`.
    pub pnc: Option<String>,
    pub crn: Option<String>,
    pub address: SyntheticAddress,
    pub markers: Vec<SyntheticMarker>,
}

#[derive(Debug, Clone)]
pub struct SyntheticAddress {
    pub id: Uuid,
    pub kind: &'static str,
    pub line1: String,
    pub line2: Option<String>,
    pub town: &'static str,
    pub postcode: Option<String>,
    pub from_date: NaiveDate,
}

#[derive(Debug, Clone)]
pub struct SyntheticMarker {
    pub id: Uuid,
    pub kind: &'static str,
    pub note: &'static str,
    pub raised_on: NaiveDate,
}

/// Which band of the surname distribution a name is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    Common,
    Compound,
    Rare,
}

/// The weighted lists, built once.
pub struct Population {
    surnames: Weighted<(String, Band)>,
    male: Weighted<&'static str>,
    female: Weighted<&'static str>,
    towns: Weighted<usize>,
}

impl Default for Population {
    fn default() -> Self {
        Self::new()
    }
}

impl Population {
    pub fn new() -> Self {
        // Per 100,000 people: the common head as listed, 3,000 spread thinly over the
        // three-part names (about 0.6 people per million each), the rest over the
        // compound names, Zipf-like (weight 1/(rank+100)), in a fixed shuffled order.
        let head: f64 = COMMON_SURNAMES.iter().map(|(_, w)| w).sum();
        let rare_total = 3_000.0;
        let compound_total = (100_000.0 - head - rare_total).max(0.0);
        let mut compounds: Vec<String> = SURNAME_HEADS
            .iter()
            .flat_map(|h| SURNAME_TAILS.iter().map(move |t| format!("{h}{t}")))
            .collect();
        let mut shuffle = Rng::new(0, 0);
        for i in (1..compounds.len()).rev() {
            let j = shuffle.below(i as u64 + 1) as usize;
            compounds.swap(i, j);
        }
        let zipf: Vec<f64> = (0..compounds.len())
            .map(|r| 1.0 / (r as f64 + 100.0))
            .collect();
        let zipf_sum: f64 = zipf.iter().sum();
        let rares: Vec<String> = SURNAME_HEADS
            .iter()
            .flat_map(|h| {
                SURNAME_MIDDLES.iter().flat_map(move |m| {
                    SURNAME_TAILS
                        .iter()
                        .map(move |t| format!("{h}{m}{}", t.trim_start_matches(*m)))
                })
            })
            .collect();
        let rare_each = rare_total / rares.len() as f64;
        let surnames = Weighted::new(
            COMMON_SURNAMES
                .iter()
                .map(|(n, w)| ((n.to_string(), Band::Common), *w))
                .chain(
                    compounds
                        .into_iter()
                        .zip(zipf)
                        .map(|(n, z)| ((n, Band::Compound), compound_total * z / zipf_sum)),
                )
                .chain(rares.into_iter().map(|n| ((n, Band::Rare), rare_each))),
        );
        Self {
            surnames,
            male: Weighted::new(MALE_FORENAMES.iter().copied()),
            female: Weighted::new(FEMALE_FORENAMES.iter().copied()),
            towns: Weighted::new(TOWNS.iter().enumerate().map(|(i, t)| (i, t.2))),
        }
    }

    /// The share of the register expected to bear this surname (exact spelling).
    pub fn surname_share(&self, surname: &str) -> f64 {
        self.surnames
            .items()
            .iter()
            .enumerate()
            .filter(|(_, (n, _))| n == surname)
            .map(|(i, _)| self.surnames.share(i))
            .sum()
    }

    /// Bulk person `index`.
    pub fn person(&self, index: u64) -> SyntheticPerson {
        let mut rng = Rng::new(PERSON_STREAM, index);
        let today = data_date();
        let gender = match rng.below(100) {
            0..=83 => "male",
            84..=98 => "female",
            _ => "not_known",
        };
        let forenames = if gender == "female" {
            &self.female
        } else {
            &self.male
        };
        let given = forenames.draw(&mut rng).to_string();
        let middle = rng
            .percent(40)
            .then(|| forenames.draw(&mut rng).to_string())
            .filter(|m| *m != given);
        let (family, _) = self.surnames.draw(&mut rng).clone();
        let name = PersonName::parse(&given, middle.as_deref().unwrap_or(""), &family)
            .expect("the bench's name lists hold only valid names (tested)");
        // Ages 18 to 79, skewed young as caseloads are: the younger of two uniform draws.
        let age = 18 + rng.below(62).min(rng.below(62));
        let date_of_birth = today
            .checked_sub_days(Days::new(age * 365 + rng.below(365)))
            .unwrap_or(today);
        let birth_year = chrono::Datelike::year(&date_of_birth) as u64;
        let pnc = rng.percent(80).then(|| {
            let first = (birth_year + 14).min(2025);
            let year = rng.between(first, 2025) as u32;
            // Injective in the index (7919 is coprime to 9,999,999): no two bulk people
            // share a serial, so a PNC ID finds exactly one person.
            let serial = ((index * 7919 + 1) % 9_999_999) as u32;
            PncId::from_parts(year, serial)
                .expect("year 1960-2025 and a 7-digit serial")
                .as_str()
                .to_string()
        });
        let crn = rng.percent(50).then(|| {
            // Injective too (1,000,003 is prime and does not divide 26,000,000).
            let n = (index * 1_000_003) % 26_000_000;
            let letter = char::from(b'A' + (n / 1_000_000) as u8);
            Crn::parse(&format!("{letter}{:06}", n % 1_000_000))
                .expect("a letter and six digits")
                .as_str()
                .to_string()
        });
        let address = self.address(&mut rng, today);
        let markers = if rng.percent(10) {
            let count = if rng.percent(30) { 2 } else { 1 };
            let first = rng.below(MARKER_NOTES.len() as u64) as usize;
            (0..count)
                .map(|k| {
                    let (kind, note) = MARKER_NOTES[(first + k * 3) % MARKER_NOTES.len()];
                    SyntheticMarker {
                        id: uuid_from(&mut rng),
                        kind,
                        note,
                        raised_on: today
                            .checked_sub_days(Days::new(rng.below(2_000)))
                            .unwrap_or(today),
                    }
                })
                .collect()
        } else {
            vec![]
        };
        SyntheticPerson {
            id: person_id(index),
            tokens: search_tokens(&name.full()),
            sort_key: name.sort_key(),
            given: name.given,
            middle: name.middle,
            family: name.family,
            date_of_birth,
            gender,
            pnc,
            crn,
            address,
            markers,
        }
    }

    fn address(&self, rng: &mut Rng, today: NaiveDate) -> SyntheticAddress {
        let (town, outwards, _) = TOWNS[*self.towns.draw(rng)];
        let kind = match rng.below(100) {
            0..=89 => "home",
            90..=94 => "temporary",
            95..=97 => "approved_premises",
            _ => "no_fixed_abode",
        };
        let id = uuid_from(rng);
        let from_date = today
            .checked_sub_days(Days::new(rng.below(3_650)))
            .unwrap_or(today);
        // The one kind of address that may lack a postcode.
        if kind == "no_fixed_abode" {
            return SyntheticAddress {
                id,
                kind,
                line1: "No fixed abode".into(),
                line2: None,
                town,
                postcode: None,
                from_date,
            };
        }
        let inward = format!(
            "{}{}{}",
            rng.below(10),
            char::from(*rng.pick(INWARD_LETTERS)),
            char::from(*rng.pick(INWARD_LETTERS))
        );
        let postcode = Postcode::parse(&format!("{}{inward}", rng.pick(outwards)))
            .expect("the bench's outward codes and inward letters are valid (tested)");
        let line2 = rng
            .percent(15)
            .then(|| format!("Flat {}", rng.between(1, 24)));
        SyntheticAddress {
            id,
            kind,
            line1: format!("{} {}", rng.between(1, 240), rng.pick(STREETS)),
            line2,
            town,
            postcode: Some(postcode.as_str().to_string()),
            from_date,
        }
    }
}

fn uuid_from(rng: &mut Rng) -> Uuid {
    uuid::Builder::from_random_bytes(rng.bytes16()).into_uuid()
}

#[cfg(test)]
mod tests {
    use super::*;
    use concord_domain::{AddressKind, Gender, MarkerKind};

    #[test]
    fn people_are_a_pure_function_of_their_index() {
        let pop = Population::new();
        let a = pop.person(12_345);
        let b = Population::new().person(12_345);
        assert_eq!(
            (a.id, &a.family, a.date_of_birth),
            (b.id, &b.family, b.date_of_birth)
        );
        assert_eq!(a.id, person_id(12_345));
        assert!(
            person_id(1) < person_id(2),
            "ids are time-ordered like UUIDv7"
        );
    }

    #[test]
    fn every_generated_value_passes_the_domain_rules() {
        let pop = Population::new();
        for i in 0..20_000 {
            let p = pop.person(i);
            assert!(Gender::from_code(p.gender).is_some());
            assert!(AddressKind::from_code(p.address.kind).is_some());
            if let Some(pnc) = &p.pnc {
                assert_eq!(PncId::parse(pnc).unwrap().as_str(), pnc);
            }
            if let Some(crn) = &p.crn {
                assert_eq!(Crn::parse(crn).unwrap().as_str(), crn);
            }
            if let Some(pc) = &p.address.postcode {
                assert_eq!(Postcode::parse(pc).unwrap().as_str(), pc);
            }
            for m in &p.markers {
                assert!(MarkerKind::from_code(m.kind).is_some(), "{}", m.kind);
            }
            assert!(p.date_of_birth < data_date());
            assert!(!p.tokens.is_empty());
        }
        for (name, _) in COMMON_SURNAMES {
            PersonName::parse("A", "", name).unwrap();
        }
    }

    #[test]
    fn surnames_are_skewed_like_a_real_register() {
        let pop = Population::new();
        let n = 100_000;
        let smiths = (0..n).filter(|i| pop.person(*i).family == "Smith").count();
        // About 1.26% of people.
        assert!((900..=1_600).contains(&smiths), "{smiths} Smiths in {n}");
        let share = pop.surname_share("Smith");
        assert!((0.011..0.014).contains(&share), "{share}");
        let rare = pop
            .surnames
            .items()
            .iter()
            .enumerate()
            .filter(|(_, (_, band))| *band == Band::Rare)
            .map(|(i, _)| pop.surnames.share(i))
            .fold(0.0, f64::max);
        assert!(
            rare < 2e-6,
            "a rare surname is at most ~2 per million: {rare}"
        );
    }

    #[test]
    fn pnc_ids_and_crns_are_unique() {
        let pop = Population::new();
        let mut pncs = std::collections::HashSet::new();
        let mut crns = std::collections::HashSet::new();
        for i in 0..20_000 {
            let p = pop.person(i);
            if let Some(pnc) = p.pnc {
                assert!(pncs.insert(pnc[5..12].to_string()), "serial reused");
            }
            if let Some(crn) = p.crn {
                assert!(crns.insert(crn));
            }
        }
    }
}
