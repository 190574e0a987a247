//! The Southend IOM case (seeds/004): a long-term drug user in his forties, a prolific
//! shoplifter with many domestic burglaries, in and out of prison on short sentences,
//! now on a community order with a drug rehabilitation requirement. Meeting a new
//! partner, he engages with the IOM drop-in and a volunteer mentor, and asks to wear an
//! electronic tag voluntarily.

use chrono::{Datelike, NaiveDate};
use concord_domain::{AddressKind, Disposal, EventType, MarkerKind, SentenceKind};

use super::dates::{plus_days, plus_months, term};
use super::identifiers;
use super::offences::{OffenceKind, BURGLARY_DWELLING, DRUG_POSSESSION, HANDLING, SHOPLIFTING};
use super::rng::Rng;
use super::seed_cases::{event, SeedCase, IOM_CASE_INDEX};
use concord_app::{
    AddressInput, AliasInput, DateInput, IdentifierInput, MarkerInput, OffenceInput,
    PersonDetailsInput, RegisterPersonInput, SentenceInput,
};

/// The record, oldest first: (days before today, offence, what he did, disposal, prison days).
const RECORD: &[(i64, &OffenceKind, &str, Disposal, i64)] = &[
    (9000, &SHOPLIFTING, "Stole bottles of spirits from an off-licence in Southend High Street", Disposal::Caution, 0),
    (8600, &SHOPLIFTING, "Stole meat from a supermarket in Westcliff", Disposal::Fine, 0),
    (8200, &BURGLARY_DWELLING, "Entered a house in Southchurch through an insecure back door and stole a video recorder and cash", Disposal::CommunityOrder, 0),
    (7700, &DRUG_POSSESSION, "Possession of a Class A drug (heroin)", Disposal::Fine, 0),
    (7400, &BURGLARY_DWELLING, "Burgled a terraced house in Prittlewell at night; stole jewellery and a handbag", Disposal::ImmediateCustody, 240),
    (6500, &SHOPLIFTING, "Stole razor blades from a chemist", Disposal::ConditionalDischarge, 0),
    (6200, &BURGLARY_DWELLING, "Forced a rear window of a bungalow in Leigh-on-Sea and stole cash and medication", Disposal::ImmediateCustody, 540),
    (5200, &HANDLING, "Handled a stolen laptop knowing it to be stolen", Disposal::Fine, 0),
    (4900, &SHOPLIFTING, "Stole coffee and razor blades from a supermarket", Disposal::CommunityOrder, 0),
    (4500, &BURGLARY_DWELLING, "Burgled a flat in Westcliff while the occupant was at work; third domestic burglary", Disposal::ImmediateCustody, 1095),
    (3000, &SHOPLIFTING, "Stole meat and cheese from a supermarket to sell for drugs", Disposal::ImmediateCustody, 42),
    (2600, &SHOPLIFTING, "Stole perfume from a department store in Southend", Disposal::ImmediateCustody, 56),
    (2000, &BURGLARY_DWELLING, "Entered a house in Thorpe Bay through an open patio door and stole a games console", Disposal::ImmediateCustody, 730),
    (1100, &SHOPLIFTING, "Stole washing powder and baby formula from a supermarket to sell on", Disposal::SuspendedSentence, 0),
    // The run of thefts to buy heroin that brought him to the IOM panel's attention.
    (900, &SHOPLIFTING, "Stole bottles of spirits from a convenience store in Westcliff", Disposal::Fine, 0),
    (780, &SHOPLIFTING, "Stole packs of meat from a supermarket in Southend", Disposal::ConditionalDischarge, 0),
    (690, &SHOPLIFTING, "Stole razor blades and batteries from a chemist", Disposal::Fine, 0),
    (610, &HANDLING, "Sold a stolen bicycle knowing it to be stolen", Disposal::Fine, 0),
    (540, &SHOPLIFTING, "Stole coffee from a supermarket in Leigh-on-Sea", Disposal::Fine, 0),
    (480, &SHOPLIFTING, "Stole cosmetics from a department store in Southend", Disposal::ConditionalDischarge, 0),
    (445, &SHOPLIFTING, "Stole cheese and meat from a supermarket to sell for drugs", Disposal::Fine, 0),
    (420, &SHOPLIFTING, "Stole bottles of spirits from a supermarket in Southend", Disposal::CommunityOrder, 0),
    (400, &BURGLARY_DWELLING, "Entered a house in Westcliff through an unlocked back door and stole a laptop; identified by fingerprints", Disposal::CommunityOrder, 0),
];

pub(super) fn iom_case(today: NaiveDate) -> SeedCase {
    let mut rng = Rng::new(IOM_CASE_INDEX);
    let d = |n: i64| plus_days(today, -n);
    let date = DateInput::from_date;
    let dob = NaiveDate::from_ymd_opt(today.year() - 44, 11, 9).unwrap_or(d(16_000));
    let order_start = d(330);
    let mut offences = vec![];
    let mut sentences = vec![];
    for (ago, kind, description, disposal, prison_days) in RECORD {
        let on = d(*ago);
        // Both of the last offences were dealt with together at one hearing.
        let convicted = if *ago <= 420 {
            order_start
        } else {
            plus_days(on, 40)
        };
        let caution = *disposal == Disposal::Caution;
        offences.push(OffenceInput {
            offence_code: kind.code.into(),
            description: (*description).into(),
            offence_date: date(on),
            conviction_date: if caution {
                DateInput::default()
            } else {
                date(convicted)
            },
            disposal: disposal.code().into(),
        });
        let sentence = |kind: SentenceKind,
                        description: String,
                        end: NaiveDate,
                        release: Option<NaiveDate>,
                        licence_end: Option<NaiveDate>| SentenceInput {
            kind: kind.code().into(),
            description,
            start_date: date(convicted),
            end_date: date(end),
            release_date: release.map(date).unwrap_or_default(),
            licence_end_date: licence_end.map(date).unwrap_or_default(),
            term: String::new(),
        };
        match disposal {
            Disposal::ImmediateCustody => {
                let end = plus_days(convicted, *prison_days);
                let release = plus_days(convicted, prison_days / 2);
                // Before 2015 nobody serving under twelve months was supervised on release.
                let licence = (*prison_days >= 365 || *ago < 3900).then_some(end);
                sentences.push(sentence(SentenceKind::Custody, format!("{}' imprisonment", term(*prison_days)), end, Some(release), licence));
            }
            Disposal::SuspendedSentence => sentences.push(sentence(SentenceKind::SuspendedSentenceOrder, "16 weeks' imprisonment suspended for 12 months: rehabilitation activity requirement (15 days)".into(), plus_months(convicted, 12), None, None)),
            Disposal::CommunityOrder if *ago == 400 => sentences.push(sentence(SentenceKind::CommunityOrder, "Community order (24 months): drug rehabilitation requirement (12 months) with weekly testing, and rehabilitation activity requirement (20 days)".into(), plus_months(convicted, 24), None, None)),
            // Before April 2005 the court's order was a community punishment and
            // rehabilitation order; the community order replaced it.
            Disposal::CommunityOrder if *ago > 7000 => sentences.push(sentence(SentenceKind::CommunityOrder, "Community punishment and rehabilitation order (12 months): supervision and 80 hours' community punishment".into(), plus_months(convicted, 12), None, None)),
            Disposal::CommunityOrder if *ago > 420 => sentences.push(sentence(SentenceKind::CommunityOrder, "Community order (12 months): supervision and 80 hours' unpaid work".into(), plus_months(convicted, 12), None, None)),
            _ => {}
        }
    }
    let id = |kind: &str, value: String| IdentifierInput {
        kind: kind.into(),
        value,
    };
    let address =
        |kind: AddressKind, line1: &str, postcode: &str, from: NaiveDate, to: Option<NaiveDate>| {
            AddressInput {
                kind: kind.code().into(),
                line1: line1.into(),
                town: "Southend-on-Sea".into(),
                postcode: postcode.into(),
                from_date: date(from),
                to_date: to.map(date).unwrap_or_default(),
                ..Default::default()
            }
        };
    let input = RegisterPersonInput {
        details: PersonDetailsInput { given_name: "Craig".into(), middle_names: "Anthony".into(), family_name: "Mulvaney".into(), date_of_birth: date(dob), gender: "male".into() },
        identifiers: vec![
            id("pnc", identifiers::pnc(IOM_CASE_INDEX, d(9000).year())),
            id("cro", identifiers::cro(IOM_CASE_INDEX, d(8600).year())),
            id("crn", identifiers::crn(IOM_CASE_INDEX, &mut rng)),
            id("prison_number", identifiers::prison_number(IOM_CASE_INDEX, &mut rng)),
            id("nino", identifiers::nino(IOM_CASE_INDEX, &mut rng)),
        ],
        aliases: vec![
            AliasInput { given_name: "Craig".into(), family_name: "Mulvany".into(), date_of_birth: date(dob), ..Default::default() },
            // A false name he gave when arrested for shoplifting.
            AliasInput { given_name: "Craig".into(), family_name: "Mullins".into(), ..Default::default() },
        ],
        addresses: vec![
            address(AddressKind::Home, "23 York Road", "SS1 2BH", d(2500), Some(d(901))),
            address(AddressKind::NoFixedAbode, "No fixed abode", "", d(900), Some(d(501))),
            address(AddressKind::Home, "Flat 2, 118 Southchurch Road", "SS1 2NE", d(500), None),
        ],
        offences,
        sentences,
        markers: vec![MarkerInput { kind: MarkerKind::Drugs.code().into(), note: "Heroin and crack cocaine user since his teens; may carry used needles.".into() }],
        events: vec![
            event(EventType::Referral, order_start, "Referred to Open Road for the drug rehabilitation requirement: opiate substitute prescribing and weekly drug testing."),
            event(EventType::Contact, d(300), "Drug rehabilitation requirement review: attending appointments, but engagement superficial; tests positive for opiates."),
            event(EventType::Contact, d(200), "Told his IOM officers he has met a new partner and wants to keep the relationship; agreed to engage with the IOM scheme."),
            event(EventType::Contact, d(190), "Attended the IOM drop-in at Southend probation office and met the police and probation members of the team."),
            event(EventType::Referral, d(170), "Referred to Beacon Mentoring: a volunteer mentor to work with him and his partner."),
            event(EventType::Contact, d(150), "IOM drop-in: took part in the cooking group; drug test negative for opiates."),
            event(EventType::Contact, d(120), "IOM drop-in with his mentor; discussed volunteering at a food bank."),
            event(EventType::Contact, d(60), "IOM drop-in: drug tests negative for three months; methadone dose reducing."),
            event(EventType::Assessment, d(40), "OASys review: likelihood of reoffending reduced from high to medium; no offences for over a year."),
        ],
    };
    SeedCase {
        registrar: "iom.southend.probation",
        input,
        later_events: vec![
            ("iom.southend", event(EventType::Arrest, d(398), "Arrested for shoplifting at a Southend supermarket and for a domestic burglary in Westcliff identified by fingerprints; charged and bailed.")),
            ("iom.southend", event(EventType::Contact, d(100), "Asked the IOM police officer about wearing an electronic tag voluntarily to show he is staying away from crime. Voluntary GPS tag agreed and fitted.")),
            ("iom.southend", event(EventType::HomeVisit, d(80), "IOM police home visit, his partner present: no concerns; tag charging routine checked.")),
            ("iom.southend", event(EventType::Intelligence, d(30), "No intelligence linking him to burglary or shoplifting for four months; tag data places him at none of the reported burglaries.")),
        ],
        allocated_on: None,
        allocations: vec![
            ("iom.southend", "iom_officer"),
            ("iom.southend.probation", "iom_officer"),
            ("drugs.worker", "partner_caseworker"),
            ("mentor", "partner_caseworker"),
        ],
    }
}
