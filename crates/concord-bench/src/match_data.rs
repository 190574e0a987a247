//! Synthetic agency extracts with known truth, for the linkage benchmark. People come
//! from the register bench's population (realistic name frequencies, Essex towns and
//! postcodes, valid PNC IDs); each is recorded by one to three agencies, and every
//! record after the first passes through the corruption model below.
//!
//! Corruption model (each independently, per extra record; percentages of records):
//! - forename: typo 10% (a letter changed, dropped, doubled or two swapped), a known
//!   nickname 10%, initial only 3%; surname: typo 8%;
//! - forename and surname swapped 3%;
//! - date of birth: day and month transposed 3% (when both ≤ 12), year ±1 3%, one digit
//!   mistyped 4%, missing 5%;
//! - address: moved (another address entirely) 20%, postcode typo 3%, address missing 8%;
//! - PNC ID missing 40% (never different: it is checked on entry); gender missing 10%.
//!
//! Households: one person in eight lives with the previous person (same surname, address
//! and postcode, own forename and date of birth): different people who agree on a lot,
//! the hardest non-matches.

use chrono::{Datelike, NaiveDate};

use super::population::{Population, SyntheticPerson};
use super::rng::Rng;

const STREAM: u64 = 11;

/// One record as an agency extract has it (all text, as in the CSV).
pub struct ExtractRow {
    pub id: String,
    pub forename: String,
    pub surname: String,
    pub dob: String,
    pub postcode: String,
    pub address: String,
    pub town: String,
    pub gender: String,
    pub pnc: String,
    /// The true person.
    pub person: u64,
}

pub const HEADER: [&str; 10] = [
    "id", "forename", "surname", "dob", "postcode", "address", "town", "gender", "pnc", "person",
];

impl ExtractRow {
    /// The row's fields in [`HEADER`] order.
    pub fn fields(&self) -> [String; 10] {
        [
            self.id.clone(),
            self.forename.clone(),
            self.surname.clone(),
            self.dob.clone(),
            self.postcode.clone(),
            self.address.clone(),
            self.town.clone(),
            self.gender.clone(),
            self.pnc.clone(),
            self.person.to_string(),
        ]
    }
}

/// The true person behind index `p`, with households applied.
fn person(population: &Population, p: u64) -> SyntheticPerson {
    let mut me = population.person(p);
    let mut rng = Rng::new(STREAM + 1, p);
    if p > 0 && rng.percent(12) {
        let host = population.person(p - 1);
        me.family = host.family;
        me.address = host.address;
    }
    me
}

/// The records of person `p` (one to three).
pub fn records_of(population: &Population, p: u64) -> Vec<ExtractRow> {
    let truth = person(population, p);
    let mut rng = Rng::new(STREAM, p);
    let copies = match rng.below(100) {
        0..=49 => 1,
        50..=79 => 2,
        _ => 3,
    };
    (0..copies)
        .map(|k| {
            let mut row = clean(&truth, p, k);
            if k > 0 {
                corrupt(&mut row, &mut rng, population);
            }
            row
        })
        .collect()
}

fn clean(t: &SyntheticPerson, p: u64, k: u64) -> ExtractRow {
    let mut address = t.address.line1.clone();
    if let Some(line2) = &t.address.line2 {
        address = format!("{line2}, {address}");
    }
    ExtractRow {
        id: format!("R{p}-{k}"),
        forename: t.given.clone(),
        surname: t.family.clone(),
        dob: t.date_of_birth.format("%Y-%m-%d").to_string(),
        postcode: t.address.postcode.clone().unwrap_or_default(),
        address,
        town: t.address.town.to_string(),
        gender: t.gender.to_string(),
        pnc: t.pnc.clone().unwrap_or_default(),
        person: p,
    }
}

fn corrupt(row: &mut ExtractRow, rng: &mut Rng, population: &Population) {
    if rng.percent(10) {
        row.forename = typo(&row.forename, rng);
    } else if rng.percent(11) {
        let folded = concord_domain::search_key(&row.forename);
        let forms = concord_match::nicknames_of(&folded);
        if !forms.is_empty() {
            let form: &&str = rng.pick(&forms);
            row.forename = capitalise(form);
        }
    } else if rng.percent(3) {
        row.forename = row.forename.chars().take(1).collect();
    }
    if rng.percent(8) {
        row.surname = typo(&row.surname, rng);
    }
    if rng.percent(3) {
        std::mem::swap(&mut row.forename, &mut row.surname);
    }
    if let Ok(dob) = NaiveDate::parse_from_str(&row.dob, "%Y-%m-%d") {
        let roll = rng.below(100);
        let changed = match roll {
            0..=2 if dob.day() <= 12 && dob.day() != dob.month() => {
                NaiveDate::from_ymd_opt(dob.year(), dob.day(), dob.month())
            }
            3..=5 => {
                let year = if rng.percent(50) {
                    dob.year() + 1
                } else {
                    dob.year() - 1
                };
                NaiveDate::from_ymd_opt(year, dob.month(), dob.day())
            }
            6..=9 => {
                let digits = row.dob.replace('-', "");
                let at = rng.below(8) as usize;
                let mut bytes = digits.into_bytes();
                bytes[at] = b'0' + rng.below(10) as u8;
                NaiveDate::parse_from_str(&String::from_utf8_lossy(&bytes), "%Y%m%d").ok()
            }
            _ => Some(dob),
        };
        row.dob = match (roll, changed) {
            (10..=14, _) => String::new(),
            (_, Some(d)) => d.format("%Y-%m-%d").to_string(),
            (_, None) => row.dob.clone(),
        };
    }
    if rng.percent(20) {
        let elsewhere = population.person(rng.below(50_000_000));
        row.address = elsewhere.address.line1;
        row.postcode = elsewhere.address.postcode.unwrap_or_default();
        row.town = elsewhere.address.town.to_string();
    } else if rng.percent(3) && row.postcode.len() > 3 {
        let mut chars: Vec<char> = row.postcode.chars().collect();
        let last = chars.len() - 1;
        chars[last] = char::from(b'A' + rng.below(26) as u8);
        row.postcode = chars.into_iter().collect();
    }
    if rng.percent(8) {
        row.address.clear();
        row.postcode.clear();
    }
    if rng.percent(40) {
        row.pnc.clear();
    }
    if rng.percent(10) {
        row.gender.clear();
    }
}

/// A letter changed, dropped, doubled or two neighbours swapped.
fn typo(word: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    if chars.len() < 3 {
        return word.to_string();
    }
    let at = 1 + rng.below(chars.len() as u64 - 2) as usize;
    match rng.below(4) {
        0 => chars[at] = char::from(b'a' + rng.below(26) as u8),
        1 => {
            chars.remove(at);
        }
        2 => chars.insert(at, chars[at]),
        _ => chars.swap(at, at + 1),
    }
    chars.into_iter().collect()
}

fn capitalise(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_index_gives_the_same_records_and_copies_share_the_person() {
        let population = Population::new();
        let a: Vec<String> = (0..200)
            .flat_map(|p| records_of(&population, p))
            .map(|r| format!("{} {} {} {}", r.id, r.forename, r.surname, r.dob))
            .collect();
        let b: Vec<String> = (0..200)
            .flat_map(|p| records_of(&population, p))
            .map(|r| format!("{} {} {} {}", r.id, r.forename, r.surname, r.dob))
            .collect();
        assert_eq!(a, b);
        assert!(a.len() > 250 && a.len() < 400, "{}", a.len());
        for r in (0..200).flat_map(|p| records_of(&population, p)) {
            assert!(r.id.starts_with(&format!("R{}-", r.person)));
            assert!(r.dob.is_empty() || NaiveDate::parse_from_str(&r.dob, "%Y-%m-%d").is_ok());
        }
    }
}
