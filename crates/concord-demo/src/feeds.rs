//! The demo population as two agencies' own systems would export it: a police feed and
//! a probation feed, each with the agency's ids and its own spelling of people. Loading
//! them with `concord import` shows identification at work: the feeds' records must be
//! linked with each other and with the register, through nicknames, misspellings,
//! transposed dates, old addresses and missing identifiers.
//!
//! Person `n` of a feed is demo person `n`, so whether two records are the same person
//! is known (the ids carry `n`), and tests measure how well linkage did.

use chrono::{Datelike, NaiveDate};

use super::names::{misspelling, nickname};
use super::rng::Rng;
use super::synthetic;
use concord_app::DateInput;

const SEED: u64 = 0x00FE_ED0F_E55E_2026;

/// The column mapping both feeds are written in (a `concord import --mapping` file).
pub const FEED_MAPPING: &str = r#"# The demo feeds written by `concord demo --feeds`.
[columns]
source_id = "record_id"
forename = "forename"
middle_names = "middle_names"
surname = "surname"
date_of_birth = { role = "date_of_birth", format = "%d/%m/%Y" }
address = "address"
town = "town"
postcode = "postcode"
sex = "gender"
pnc_id = { role = "identifier", kind = "pnc" }
"#;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feed {
    Police,
    Probation,
}

impl Feed {
    /// The agency code the feed is loaded for, and its ids' prefix.
    pub fn agency_code(self) -> &'static str {
        match self {
            Feed::Police => super::staff::POLICE,
            Feed::Probation => super::staff::PROBATION,
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            Feed::Police => "EP",
            Feed::Probation => "X",
        }
    }

    /// Who the agency has a record of: the police most people who offended, probation
    /// those it has supervised; many are in both.
    fn holds(self, rng: &mut Rng) -> bool {
        match self {
            Feed::Police => rng.chance(80),
            Feed::Probation => rng.chance(65),
        }
    }
}

/// The demo person a feed id stands for: `EP000123` and `X000123` are both person 123.
pub fn person_of(source_id: &str) -> Option<u64> {
    source_id
        .trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .parse()
        .ok()
}

fn date(input: &DateInput) -> Option<NaiveDate> {
    input.optional("date_of_birth", "").ok().flatten()
}

/// The feed as CSV text, for demo people `0..size`.
pub fn feed_csv(feed: Feed, size: usize, today: NaiveDate) -> String {
    let mut out = String::from(
        "source_id,forename,middle_names,surname,date_of_birth,address,town,postcode,sex,pnc_id\n",
    );
    for n in 0..size as u64 {
        let mut rng = Rng::stream(SEED ^ feed as u64, n);
        if !feed.holds(&mut rng) {
            continue;
        }
        let p = synthetic::person(n, today).input;
        let d = &p.details;
        let mut forename = d.given_name.clone();
        let mut surname = d.family_name.clone();
        let Some(mut dob) = date(&d.date_of_birth) else {
            continue;
        };
        // Each agency keys a few people its own way.
        if rng.chance(12) {
            if let Some(n) = nickname(&forename) {
                forename = n.to_string();
            }
        }
        if rng.chance(8) {
            if let Some(m) = misspelling(&surname) {
                surname = m;
            }
        }
        if rng.chance(3) && dob.day() <= 12 && dob.day() != dob.month() {
            dob = NaiveDate::from_ymd_opt(dob.year(), dob.day(), dob.month()).unwrap_or(dob);
        }
        // The current address, or for some an older one the agency never updated.
        let mut addresses: Vec<_> = p.addresses.iter().collect();
        addresses.sort_by_key(|a| date(&a.from_date));
        let address = if rng.chance(15) && addresses.len() > 1 {
            addresses[addresses.len() - 2]
        } else {
            match addresses.last() {
                Some(a) => *a,
                None => continue,
            }
        };
        let postcode = address.postcode.clone();
        let pnc = p
            .identifiers
            .iter()
            .find(|i| i.kind == "pnc")
            .filter(|_| feed == Feed::Police || rng.chance(60))
            .map(|i| i.value.clone())
            .unwrap_or_default();
        let sex = match d.gender.as_str() {
            "male" => "M",
            "female" => "F",
            _ => "",
        };
        let fields = [
            format!("{}{n:06}", feed.prefix()),
            forename,
            d.middle_names.clone(),
            surname,
            dob.format("%d/%m/%Y").to_string(),
            address.line1.clone(),
            address.town.clone(),
            postcode,
            sex.to_string(),
            pnc,
        ];
        let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}
