//! The six major Essex towns where MAPPA and IOM meetings are held, with their postcode
//! districts and some of their streets. House numbers and inward codes are invented, so
//! no address points at a real household.

use super::rng::Rng;

pub(super) struct Town {
    pub name: &'static str,
    /// Lower-case word used in usernames (`om.southend`).
    pub slug: &'static str,
    pub outward: &'static [&'static str],
    pub streets: &'static [&'static str],
    /// Relative share of the demo caseload.
    pub weight: u64,
}

pub(super) const CHELMSFORD: usize = 0;
pub(super) const SOUTHEND: usize = 2;

pub(super) const TOWNS: [Town; 6] = [
    Town {
        name: "Chelmsford",
        slug: "chelmsford",
        outward: &["CM1", "CM2"],
        streets: &[
            "Moulsham Street",
            "Springfield Road",
            "Broomfield Road",
            "Writtle Road",
            "Baddow Road",
            "Rainsford Road",
            "Lady Lane",
            "Melbourne Avenue",
            "Longstomps Avenue",
            "Chignal Road",
        ],
        weight: 18,
    },
    Town {
        name: "Colchester",
        slug: "colchester",
        outward: &["CO1", "CO2", "CO3", "CO4"],
        streets: &[
            "Mersea Road",
            "Maldon Road",
            "Butt Road",
            "Lexden Road",
            "Ipswich Road",
            "Greenstead Road",
            "Magdalen Street",
            "Hythe Hill",
            "Harwich Road",
            "Shrub End Road",
        ],
        weight: 19,
    },
    Town {
        name: "Southend-on-Sea",
        slug: "southend",
        outward: &["SS0", "SS1", "SS2", "SS3"],
        streets: &[
            "London Road",
            "Southchurch Road",
            "Sutton Road",
            "Hamlet Court Road",
            "North Road",
            "West Road",
            "York Road",
            "Queensway",
            "Prittlewell Chase",
            "Eastern Avenue",
        ],
        weight: 19,
    },
    Town {
        name: "Basildon",
        slug: "basildon",
        outward: &["SS13", "SS14", "SS15", "SS16"],
        streets: &[
            "Whitmore Way",
            "Clay Hill Road",
            "Timberlog Lane",
            "Felmores",
            "Luncies Road",
            "Cherrydown",
            "Vange Hill Drive",
            "Long Riding",
            "Ballards Walk",
            "Wickhay",
        ],
        weight: 17,
    },
    Town {
        name: "Harlow",
        slug: "harlow",
        outward: &["CM17", "CM18", "CM19", "CM20"],
        streets: &[
            "Fifth Avenue",
            "Second Avenue",
            "Howard Way",
            "Hodings Road",
            "Carters Mead",
            "Momples Road",
            "Partridge Road",
            "Tye Green Village",
            "Staple Tye",
            "Paringdon Road",
        ],
        weight: 13,
    },
    Town {
        name: "Braintree",
        slug: "braintree",
        outward: &["CM7"],
        streets: &[
            "Coggeshall Road",
            "Rayne Road",
            "Notley Road",
            "Cressing Road",
            "London Road",
            "Panfield Lane",
            "Bocking End",
            "Church Lane",
            "Broad Road",
            "Pierrefitte Way",
        ],
        weight: 14,
    },
];

/// Letters allowed in the unit of an inward code (rules.md §9.6: never C, I, K, M, O, V).
const UNIT_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";

pub(super) fn pick_town(rng: &mut Rng) -> usize {
    let weights: Vec<(usize, u64)> = TOWNS
        .iter()
        .enumerate()
        .map(|(i, t)| (i, t.weight))
        .collect();
    *rng.weighted(&weights)
}

pub(super) fn postcode(rng: &mut Rng, town: &Town) -> String {
    let outward = rng.pick(town.outward);
    let a = *rng.pick(UNIT_LETTERS) as char;
    let b = *rng.pick(UNIT_LETTERS) as char;
    format!("{outward} {}{a}{b}", rng.below(10))
}

/// "47 London Road" or "Flat 3, 112 London Road".
pub(super) fn street_line(rng: &mut Rng, town: &Town) -> String {
    let street = rng.pick(town.streets);
    let number = rng.range(1, 240);
    if rng.chance(35) {
        format!("Flat {}, {number} {street}", rng.range(1, 12))
    } else {
        format!("{number} {street}")
    }
}

/// The prison and approved premises addresses the demo uses. HMP Chelmsford's address is
/// public; the approved premises is fictional, given a real postcode whose centre is
/// within 60 m of where the demo places it (`monitoring::APPROVED_PREMISES`), so the
/// maps put it in one place.
pub(super) const PRISON: (&str, &str, &str, &str) = (
    "HMP Chelmsford",
    "200 Springfield Road",
    "Chelmsford",
    "CM2 6LQ",
);
pub(super) const WOMENS_PRISON: (&str, &str, &str, &str) =
    ("HMP Bronzefield", "Woodthorpe Road", "Ashford", "TW15 3JZ");
pub(super) const APPROVED_PREMISES: (&str, &str, &str, &str) = (
    "Braemar House Approved Premises",
    "14 Broomfield Road",
    "Chelmsford",
    "CM1 2NQ",
);

#[cfg(test)]
mod tests {
    use super::*;
    use concord_domain::Postcode;

    #[test]
    fn generated_postcodes_are_valid_and_in_the_towns_districts() {
        let mut rng = Rng::new(1);
        for town in &TOWNS {
            for _ in 0..200 {
                let p = Postcode::parse(&postcode(&mut rng, town)).expect("valid postcode");
                assert!(town.outward.contains(&p.outward()), "{p}");
            }
        }
        for (_, _, _, p) in [PRISON, WOMENS_PRISON, APPROVED_PREMISES] {
            assert!(Postcode::parse(p).is_ok(), "{p}");
        }
    }
}
