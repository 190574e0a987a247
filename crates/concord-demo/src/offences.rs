//! Offences the demo people commit: real Home Office offence codes (checked against the
//! catalogue by a test, so a code and its description cannot drift apart) grouped into
//! offending patterns, and what a court typically does about them.

use concord_domain::{Disposal, MarkerKind};

use super::rng::Rng;

pub(super) struct OffenceKind {
    pub code: &'static str,
    /// The OGRS3 category the catalogue gives the code.
    pub category: &'static str,
    /// For arrest notes: "domestic burglary".
    pub label: &'static str,
    /// 1 (shoplifting) to 5 (grave violence): drives the disposal and sentence length.
    pub seriousness: u8,
    pub descriptions: &'static [&'static str],
    /// The warning marker this kind of offence suggests, if any.
    pub marker: Option<MarkerKind>,
}

const fn kind(
    code: &'static str,
    category: &'static str,
    label: &'static str,
    seriousness: u8,
    marker: Option<MarkerKind>,
    descriptions: &'static [&'static str],
) -> OffenceKind {
    OffenceKind {
        code,
        category,
        label,
        seriousness,
        descriptions,
        marker,
    }
}

pub(super) const BURGLARY_DWELLING: OffenceKind = kind(
    "02800",
    "Burglary (domestic)",
    "domestic burglary",
    3,
    None,
    &[
        "Entered a house through an insecure back door and stole a laptop and jewellery",
        "Burgled a terraced house at night while the occupants slept; stole car keys and a handbag",
        "Forced a kitchen window of a bungalow and stole cash and prescription medication",
        "Entered a ground-floor flat through an open window and stole a games console and phones",
        "Burgled an elderly man's home after distracting him at the front door; stole his savings",
    ],
);
pub(super) const BURGLARY_OTHER: OffenceKind = kind(
    "03000",
    "Burglary (other)",
    "burglary of a building",
    2,
    None,
    &[
        "Broke into a garden shed and stole power tools and a pedal cycle",
        "Forced entry to a builders' merchant's yard and stole copper pipe",
        "Broke into a community centre and stole a charity collection tin",
    ],
);
pub(super) const SHOPLIFTING: OffenceKind = kind(
    "04600",
    "Theft (non-motor)",
    "shoplifting",
    1,
    None,
    &[
        "Stole meat and coffee from a supermarket",
        "Stole razor blades and perfume from a chemist",
        "Stole bottles of spirits from a convenience store",
        "Stole clothing from a department store after removing the security tags",
        "Stole washing powder and baby formula to sell on",
    ],
);
pub(super) const THEFT_PERSON: OffenceKind = kind(
    "03900",
    "Theft (non-motor)",
    "theft from the person",
    2,
    None,
    &[
        "Snatched a mobile phone from a pedestrian's hand in the high street",
        "Stole a purse from a handbag on a crowded bus",
    ],
);
pub(super) const OTHER_THEFT: OffenceKind = kind(
    "04900",
    "Theft (non-motor)",
    "theft",
    1,
    None,
    &[
        "Stole parcels from doorsteps on a residential street",
        "Stole a charity collection box from a pub counter",
        "Stole a catalytic converter from a parked car",
    ],
);
pub(super) const CYCLE_THEFT: OffenceKind = kind(
    "04400",
    "Theft (non-motor)",
    "theft of a pedal cycle",
    1,
    None,
    &["Stole a pedal cycle locked outside the railway station"],
);
pub(super) const THEFT_FROM_VEHICLE: OffenceKind = kind(
    "04500",
    "Theft from vehicles",
    "theft from a vehicle",
    2,
    None,
    &[
        "Stole a sat-nav and loose change from an unlocked car",
        "Smashed a van window and stole the tools inside",
    ],
);
pub(super) const VEHICLE_TAKING: OffenceKind = kind(
    "04800",
    "Taking & driving away and related offences",
    "taking a vehicle",
    2,
    None,
    &[
        "Took a car without the owner's consent and drove it around the estate",
        "Stole a moped from outside a takeaway",
    ],
);
pub(super) const HANDLING: OffenceKind = kind(
    "05400",
    "Handling stolen goods",
    "handling stolen goods",
    2,
    None,
    &[
        "Handled stolen jewellery knowing it to be stolen",
        "Sold stolen power tools at a car boot sale",
    ],
);
pub(super) const ROBBERY: OffenceKind = kind(
    "03400",
    "Robbery",
    "robbery",
    4,
    Some(MarkerKind::Weapons),
    &[
        "Robbed a teenager of his phone and trainers, threatening him with a knife",
        "Robbed a convenience store, threatening the shop worker with a hammer",
    ],
);
pub(super) const CRIMINAL_DAMAGE: OffenceKind = kind(
    "05800",
    "Criminal damage",
    "criminal damage",
    1,
    None,
    &[
        "Smashed the front windows of a neighbour's house",
        "Kicked and dented the panels of a parked car",
        "Damaged a bus shelter and a shop front while drunk",
    ],
);
pub(super) const ARSON: OffenceKind = kind(
    "05600",
    "Criminal damage",
    "arson",
    4,
    None,
    &["Set fire to a wheelie bin pushed against the door of a house"],
);
pub(super) const COMMON_ASSAULT: OffenceKind = kind(
    "10500",
    "Violence",
    "common assault",
    2,
    Some(MarkerKind::Violence),
    &[
        "Pushed and slapped a man outside a pub",
        "Assaulted a door supervisor who refused him entry",
        "Spat at and pushed a shop worker who challenged him",
    ],
);
pub(super) const ASSAULT_CONSTABLE: OffenceKind = kind(
    "10400",
    "Violence",
    "assault on a police officer",
    2,
    Some(MarkerKind::RiskToStaff),
    &[
        "Kicked a police officer while being restrained during an arrest",
        "Headbutted a police officer in the custody suite",
    ],
);
pub(super) const WOUNDING: OffenceKind = kind(
    "00800",
    "Violence",
    "assault causing injury",
    3,
    Some(MarkerKind::Violence),
    &[
        "Assault occasioning actual bodily harm: punched a man repeatedly, breaking his nose",
        "Inflicted grievous bodily harm: struck a man with a glass in a nightclub",
        "Assault occasioning actual bodily harm: stamped on a man's head during a fight",
    ],
);
pub(super) const WOUNDING_WITH_INTENT: OffenceKind = kind("00500", "Violence", "wounding with intent", 5, Some(MarkerKind::Weapons), &[
    "Wounding with intent to cause grievous bodily harm: stabbed a man in the leg in a dispute over a drug debt",
    "Wounding with intent: slashed a man's face with a Stanley knife",
]);
pub(super) const VIOLENT_DISORDER: OffenceKind = kind(
    "06500",
    "Public order",
    "violent disorder",
    3,
    Some(MarkerKind::Violence),
    &["Violent disorder: took part in a fight between two groups outside a nightclub"],
);
pub(super) const FIREARM: OffenceKind = kind(
    "08100",
    "Violence",
    "a firearms offence",
    4,
    Some(MarkerKind::Weapons),
    &["Possessed an imitation firearm in a public place"],
);
pub(super) const DRUG_POSSESSION: OffenceKind = kind(
    "09250",
    "Drug possession/supply",
    "possession of drugs",
    1,
    Some(MarkerKind::Drugs),
    &[
        "Possession of a Class A drug (crack cocaine)",
        "Possession of a Class A drug (heroin)",
        "Possession of a Class B drug (cannabis)",
    ],
);
pub(super) const DRUG_SUPPLY: OffenceKind = kind("09250", "Drug possession/supply", "possession with intent to supply", 4, Some(MarkerKind::Drugs), &[
    "Possession with intent to supply Class A drugs (heroin and crack cocaine): county lines runner",
    "Possession with intent to supply a Class B drug (cannabis)",
]);
pub(super) const DRUG_PRODUCTION: OffenceKind = kind(
    "09200",
    "Drug import/export/production",
    "producing drugs",
    3,
    Some(MarkerKind::Drugs),
    &["Production of a Class B drug: cannabis factory in a rented house"],
);
pub(super) const SEXUAL_ASSAULT: OffenceKind = kind(
    "02000",
    "Sexual (not against child)",
    "sexual assault",
    4,
    None,
    &[
        "Sexual assault: touched a woman without her consent on a late-night train",
        "Sexual assault on a woman walking home through a park",
    ],
);
pub(super) const RAPE: OffenceKind = kind(
    "01900",
    "Sexual (not against child)",
    "rape",
    5,
    None,
    &["Rape of a woman aged 16 or over, an acquaintance, after a party"],
);
pub(super) const CHILD_SEXUAL: OffenceKind = kind(
    "02200",
    "Sexual (against child)",
    "sexual activity with a child",
    5,
    Some(MarkerKind::RiskToChildren),
    &["Sexual activity with a girl aged 14 whom he had groomed"],
);
pub(super) const DRINK_DRIVING: OffenceKind = kind(
    "80300",
    "Drink driving and related offences",
    "drink driving",
    2,
    None,
    &[
        "Drove a car with excess alcohol: 68 micrograms in 100 millilitres of breath",
        "Drove a van after drinking, failing a roadside breath test",
    ],
);
pub(super) const FRAUD: OffenceKind = kind(
    "05300",
    "Fraud and forgery",
    "fraud",
    2,
    None,
    &[
        "Fraud by false representation: used a stolen bank card to buy goods online",
        "Fraud by false representation: claimed benefits while working",
    ],
);
pub(super) const DA_ASSAULT: OffenceKind = kind(
    "10500",
    "Violence",
    "common assault on a partner",
    2,
    Some(MarkerKind::DomesticAbuse),
    &[
        "Assaulted his partner at their home, pushing her into a wall",
        "Grabbed his former partner by the throat during an argument",
    ],
);
pub(super) const DA_WOUNDING: OffenceKind = kind("00800", "Violence", "assault causing injury to a partner", 3, Some(MarkerKind::DomesticAbuse), &[
    "Assault occasioning actual bodily harm on his partner: punched her, causing a black eye",
    "Assault occasioning actual bodily harm: threw a mug at his former partner, cutting her head",
]);
pub(super) const DA_DAMAGE: OffenceKind = kind(
    "05800",
    "Criminal damage",
    "criminal damage at a partner's home",
    1,
    Some(MarkerKind::DomesticAbuse),
    &["Damaged his former partner's front door and car after she ended the relationship"],
);
pub(super) const THREATS_TO_KILL: OffenceKind = kind(
    "00300",
    "Violence",
    "threats to kill",
    4,
    Some(MarkerKind::DomesticAbuse),
    &["Threats to kill: left voicemails threatening to kill his former partner"],
);
pub(super) const FALSE_IMPRISONMENT: OffenceKind = kind(
    "03600",
    "Violence",
    "false imprisonment",
    4,
    Some(MarkerKind::DomesticAbuse),
    &["False imprisonment: locked his partner in a bedroom overnight"],
);

/// How a person offends. Each pattern draws from its own mix of offences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pattern {
    Acquisitive,
    Violent,
    Domestic,
    Drugs,
    Motoring,
    Sexual,
    General,
}

pub(super) const PATTERNS: &[(Pattern, u64)] = &[
    (Pattern::Acquisitive, 34),
    (Pattern::Violent, 20),
    (Pattern::Domestic, 13),
    (Pattern::Drugs, 11),
    (Pattern::Motoring, 7),
    (Pattern::Sexual, 4),
    (Pattern::General, 11),
];

type Mix = &'static [(&'static OffenceKind, u64)];

fn mix(pattern: Pattern) -> Mix {
    match pattern {
        Pattern::Acquisitive => &[
            (&SHOPLIFTING, 34),
            (&BURGLARY_DWELLING, 16),
            (&BURGLARY_OTHER, 7),
            (&OTHER_THEFT, 8),
            (&THEFT_FROM_VEHICLE, 7),
            (&HANDLING, 6),
            (&THEFT_PERSON, 4),
            (&CYCLE_THEFT, 4),
            (&DRUG_POSSESSION, 8),
            (&VEHICLE_TAKING, 4),
            (&ROBBERY, 2),
        ],
        Pattern::Violent => &[
            (&COMMON_ASSAULT, 26),
            (&WOUNDING, 22),
            (&CRIMINAL_DAMAGE, 12),
            (&ASSAULT_CONSTABLE, 10),
            (&VIOLENT_DISORDER, 7),
            (&ROBBERY, 8),
            (&WOUNDING_WITH_INTENT, 5),
            (&FIREARM, 3),
            (&ARSON, 3),
            (&DRUG_POSSESSION, 4),
        ],
        Pattern::Domestic => &[
            (&DA_ASSAULT, 34),
            (&DA_WOUNDING, 22),
            (&DA_DAMAGE, 16),
            (&THREATS_TO_KILL, 8),
            (&FALSE_IMPRISONMENT, 4),
            (&COMMON_ASSAULT, 8),
            (&DRINK_DRIVING, 8),
        ],
        Pattern::Drugs => &[
            (&DRUG_POSSESSION, 40),
            (&DRUG_SUPPLY, 25),
            (&DRUG_PRODUCTION, 8),
            (&SHOPLIFTING, 12),
            (&HANDLING, 7),
            (&FIREARM, 3),
            (&COMMON_ASSAULT, 5),
        ],
        Pattern::Motoring => &[
            (&DRINK_DRIVING, 50),
            (&VEHICLE_TAKING, 25),
            (&THEFT_FROM_VEHICLE, 10),
            (&CRIMINAL_DAMAGE, 8),
            (&FRAUD, 7),
        ],
        Pattern::Sexual => &[
            (&SEXUAL_ASSAULT, 45),
            (&RAPE, 20),
            (&CHILD_SEXUAL, 25),
            (&COMMON_ASSAULT, 10),
        ],
        Pattern::General => &[
            (&SHOPLIFTING, 16),
            (&CRIMINAL_DAMAGE, 16),
            (&COMMON_ASSAULT, 16),
            (&FRAUD, 12),
            (&DRINK_DRIVING, 10),
            (&HANDLING, 8),
            (&DRUG_POSSESSION, 12),
            (&OTHER_THEFT, 10),
        ],
    }
}

pub(super) fn pick_offence(rng: &mut Rng, pattern: Pattern) -> &'static OffenceKind {
    rng.weighted::<&OffenceKind>(mix(pattern))
}

/// What a court (or the police, for a caution) would typically do, given how serious
/// the offence is and how many times the person has been dealt with before.
pub(super) fn disposal(rng: &mut Rng, kind: &OffenceKind, priors: usize) -> Disposal {
    use Disposal::{
        Caution, CommunityOrder, ConditionalDischarge, Fine, HospitalOrder, ImmediateCustody,
        SuspendedSentence,
    };
    let table: &[(Disposal, u64)] = match (kind.seriousness, priors) {
        (5, _) => &[(ImmediateCustody, 95), (HospitalOrder, 5)],
        (4, 0) => &[(ImmediateCustody, 50), (SuspendedSentence, 50)],
        (4, _) => &[(ImmediateCustody, 80), (SuspendedSentence, 20)],
        (3, 0) => &[
            (CommunityOrder, 50),
            (SuspendedSentence, 30),
            (ImmediateCustody, 20),
        ],
        (3, 1..=2) => &[
            (CommunityOrder, 30),
            (SuspendedSentence, 30),
            (ImmediateCustody, 40),
        ],
        (3, _) => &[
            (ImmediateCustody, 75),
            (SuspendedSentence, 15),
            (CommunityOrder, 10),
        ],
        (2, 0) => &[
            (Caution, 30),
            (Fine, 35),
            (ConditionalDischarge, 20),
            (CommunityOrder, 15),
        ],
        (2, 1..=3) => &[
            (Fine, 30),
            (CommunityOrder, 45),
            (SuspendedSentence, 15),
            (ConditionalDischarge, 10),
        ],
        (2, _) => &[
            (CommunityOrder, 40),
            (SuspendedSentence, 25),
            (ImmediateCustody, 35),
        ],
        (_, 0) => &[(Caution, 50), (ConditionalDischarge, 25), (Fine, 25)],
        (_, 1..=4) => &[(Fine, 35), (ConditionalDischarge, 25), (CommunityOrder, 40)],
        (_, _) => &[
            (CommunityOrder, 45),
            (ImmediateCustody, 40),
            (SuspendedSentence, 15),
        ],
    };
    *rng.weighted(table)
}

/// Length of a custodial term in days for an offence of this seriousness.
pub(super) fn custody_days(rng: &mut Rng, seriousness: u8) -> i64 {
    match seriousness {
        5 => rng.range(1825, 4380),
        4 => rng.range(730, 2555),
        3 => rng.range(365, 1460),
        2 => rng.range(56, 365),
        _ => rng.range(28, 112),
    }
}

/// All offence kinds, for the catalogue test.
#[cfg(test)]
pub(super) const ALL: &[&OffenceKind] = &[
    &BURGLARY_DWELLING,
    &BURGLARY_OTHER,
    &SHOPLIFTING,
    &THEFT_PERSON,
    &OTHER_THEFT,
    &CYCLE_THEFT,
    &THEFT_FROM_VEHICLE,
    &VEHICLE_TAKING,
    &HANDLING,
    &ROBBERY,
    &CRIMINAL_DAMAGE,
    &ARSON,
    &COMMON_ASSAULT,
    &ASSAULT_CONSTABLE,
    &WOUNDING,
    &WOUNDING_WITH_INTENT,
    &VIOLENT_DISORDER,
    &FIREARM,
    &DRUG_POSSESSION,
    &DRUG_SUPPLY,
    &DRUG_PRODUCTION,
    &SEXUAL_ASSAULT,
    &RAPE,
    &CHILD_SEXUAL,
    &DRINK_DRIVING,
    &FRAUD,
    &DA_ASSAULT,
    &DA_WOUNDING,
    &DA_DAMAGE,
    &THREATS_TO_KILL,
    &FALSE_IMPRISONMENT,
];

#[cfg(test)]
mod tests {
    use super::*;
    use concord_domain::OffenceCode;

    #[test]
    fn every_code_is_in_the_catalogue_with_the_category_its_descriptions_assume() {
        for kind in ALL {
            let code =
                OffenceCode::parse(kind.code).unwrap_or_else(|e| panic!("{}: {e:?}", kind.code));
            assert_eq!(code.category(), kind.category, "{}", kind.code);
        }
    }
}
