//! "Mr D" (seeds/002): possessive and controlling; after the relationship ended he held
//! a knife to his former partner's throat in his car in woodland, cut her hair and
//! clothes and burned her with a cigarette. Five months on remand, two years'
//! imprisonment, release to approved premises on a twelve-month licence, managed at
//! MAPPA level 2. The victim is never named here: victim details belong in the restricted
//! victim section, not in searchable fields.

use chrono::{Datelike, NaiveDate};
use concord_domain::{AddressKind, Disposal, EventType, MarkerKind, SentenceKind};

use super::dates::plus_days;
use super::identifiers;
use super::offences::{DRINK_DRIVING, FALSE_IMPRISONMENT, THREATS_TO_KILL, WOUNDING};
use super::places::{APPROVED_PREMISES, PRISON};
use super::rng::Rng;
use super::seed_cases::{event, SeedCase, MAPPA_CASE_INDEX};
use concord_app::{
    AddressInput, AliasInput, DateInput, IdentifierInput, MarkerInput, OffenceInput,
    PersonDetailsInput, RegisterPersonInput, SentenceInput,
};

pub(super) fn mappa_case(today: NaiveDate) -> SeedCase {
    let mut rng = Rng::new(MAPPA_CASE_INDEX);
    let d = |n: i64| plus_days(today, n);
    // The index offence was 400 days ago; he was remanded the next day, sentenced five
    // months later, and released at the halfway point of two years 34 days ago.
    let offence = d(-400);
    let remand = d(-399);
    let sentenced = d(-250);
    let release = plus_days(remand, 365);
    let sentence_end = plus_days(remand, 730);
    let dob = NaiveDate::from_ymd_opt(today.year() - 53, 3, 14).unwrap_or(d(-19_500));
    let drink_drive = NaiveDate::from_ymd_opt(today.year() - 17, 6, 20).unwrap_or(d(-6000));
    let date = DateInput::from_date;
    let offence_input =
        |code: &str, description: &str, on: NaiveDate, convicted: NaiveDate, disposal: Disposal| {
            OffenceInput {
                offence_code: code.into(),
                description: description.into(),
                offence_date: date(on),
                conviction_date: date(convicted),
                disposal: disposal.code().into(),
            }
        };
    let address = |kind: AddressKind,
                   line1: &str,
                   line2: &str,
                   town: &str,
                   postcode: &str,
                   from: NaiveDate,
                   to: Option<NaiveDate>| AddressInput {
        kind: kind.code().into(),
        line1: line1.into(),
        line2: line2.into(),
        town: town.into(),
        postcode: postcode.into(),
        from_date: date(from),
        to_date: to.map(date).unwrap_or_default(),
    };
    let marker = |kind: MarkerKind, note: &str| MarkerInput {
        kind: kind.code().into(),
        note: note.into(),
    };
    let id = |kind: &str, value: String| IdentifierInput {
        kind: kind.into(),
        value,
    };
    let input = RegisterPersonInput {
        details: PersonDetailsInput { given_name: "Darren".into(), middle_names: "Keith".into(), family_name: "Dolby".into(), date_of_birth: date(dob), gender: "male".into() },
        identifiers: vec![
            id("pnc", identifiers::pnc(MAPPA_CASE_INDEX, drink_drive.year())),
            id("cro", identifiers::cro(MAPPA_CASE_INDEX, drink_drive.year())),
            id("crn", identifiers::crn(MAPPA_CASE_INDEX, &mut rng)),
            id("prison_number", identifiers::prison_number(MAPPA_CASE_INDEX, &mut rng)),
            id("nino", identifiers::nino(MAPPA_CASE_INDEX, &mut rng)),
        ],
        aliases: vec![
            AliasInput { given_name: "Daz".into(), family_name: "Dolby".into(), ..Default::default() },
            AliasInput { given_name: "Darren".into(), family_name: "Dolbey".into(), date_of_birth: date(dob), ..Default::default() },
        ],
        addresses: vec![
            address(AddressKind::Home, "9 Notley Road", "", "Braintree", "CM7 1HA", d(-4000), Some(d(-521))),
            address(AddressKind::Home, "Flat 6, 142 Rainsford Road", "", "Chelmsford", "CM1 2QL", d(-520), Some(d(-400))),
            address(AddressKind::Prison, PRISON.0, PRISON.1, PRISON.2, PRISON.3, remand, Some(plus_days(release, -1))),
            address(AddressKind::ApprovedPremises, APPROVED_PREMISES.0, APPROVED_PREMISES.1, APPROVED_PREMISES.2, APPROVED_PREMISES.3, release, None),
        ],
        offences: vec![
            offence_input(DRINK_DRIVING.code, "Drove a car with excess alcohol: 61 micrograms in 100 millilitres of breath", drink_drive, plus_days(drink_drive, 35), Disposal::Fine),
            offence_input(FALSE_IMPRISONMENT.code, "False imprisonment: drove his former partner to a secluded wooded area and stopped her leaving the car", offence, sentenced, Disposal::ImmediateCustody),
            offence_input(THREATS_TO_KILL.code, "Threats to kill: held a knife to his former partner's throat and said he would kill her", offence, sentenced, Disposal::ImmediateCustody),
            offence_input(WOUNDING.code, "Assault occasioning actual bodily harm: cut her hair and clothing with a knife and burned her with a lit cigarette", offence, sentenced, Disposal::ImmediateCustody),
        ],
        sentences: vec![
            SentenceInput {
                kind: SentenceKind::Custody.code().into(),
                description: "2 years' imprisonment; five months on remand count towards it. Licence: no contact with the victim; exclusion zone around her home; live at approved premises; comply with police monitoring visits; tell probation of any developing relationship and of any vehicle owned".into(),
                start_date: date(sentenced),
                end_date: date(sentence_end),
                release_date: date(release),
                licence_end_date: date(sentence_end),
                term: "2 years".into(),
            },
            SentenceInput {
                kind: SentenceKind::RestrainingOrder.code().into(),
                description: "Restraining order until further order: no contact with the victim, directly or indirectly".into(),
                start_date: date(sentenced),
                ..Default::default()
            },
        ],
        markers: vec![
            marker(MarkerKind::Weapons, "Held a knife to the victim's throat during the index offence."),
            marker(MarkerKind::Violence, "Burned and threatened the victim during the index offence; two earlier violent incidents against her were not pursued."),
            marker(MarkerKind::DomesticAbuse, "Possessive and controlling towards partners. Licence: no contact with the victim, exclusion zone; must disclose any new relationship."),
            marker(MarkerKind::SelfHarm, "Several overdoses, the last needing two weeks in hospital shortly before the index offence. Depression treated by the community mental health team."),
        ],
        events: vec![
            event(EventType::Assessment, d(-270), "Pre-sentence report: OASys completed; risk of serious harm high to a known adult (former partner). Custody proposed."),
            event(EventType::MappaMeeting, plus_days(release, -150), "Level 2 MAPP meeting, Chelmsford, with the offender manager, victim liaison officer, approved premises manager, police domestic abuse and public protection officers, criminal justice mental health, council housing, social care and the MAPPA coordinator. Plan: licence conditions of no contact with the victim and an exclusion zone; police to fit an alarm at the victim's home; approved premises on release; mental health assessment in prison; licence condition to comply with police monitoring visits; disclose relationships and vehicles."),
            event(EventType::Referral, plus_days(release, -120), "Housing: the plan to live with his daughter was refused at MAPPA because her address lies inside the victim's exclusion zone. Bed requested at Braemar House approved premises instead."),
            event(EventType::Assessment, plus_days(release, -100), "Criminal Justice Mental Health Team (EPUT) assessed him in HMP Chelmsford: moderate depression and a history of overdoses. Treatment to continue on release with community mental health team follow-up."),
            event(EventType::Contact, plus_days(release, -60), "Victim liaison officer told the victim the release date and the licence conditions that protect her (details in the restricted victim section)."),
            event(EventType::Contact, release, "Released from HMP Chelmsford to Braemar House approved premises. Curfew 23:00 to 07:00; licence conditions explained and signed."),
            event(EventType::MappaMeeting, plus_days(release, 14), "Level 2 MAPPA review: settling at the approved premises; engaging with treatment for depression; no attempt to contact the victim. Curfew to be relaxed gradually ahead of move-on."),
            event(EventType::Contact, plus_days(release, 21), "Supervision at Chelmsford probation office: victim empathy work begun; looking for warehouse work."),
        ],
    };
    SeedCase {
        registrar: "om.chelmsford",
        input,
        later_events: vec![
            ("ppo.chelmsford", event(EventType::Intelligence, d(-700), "Two domestic incidents against his then partner recorded; she did not support a prosecution. DASH risk assessment: high.")),
            ("ppo.chelmsford", event(EventType::Arrest, offence, "Arrested after his former partner reported being held at knifepoint in his car in woodland. Charged with false imprisonment, threats to kill and assault occasioning actual bodily harm; remanded in custody.")),
            ("pom.chelmsford", event(EventType::Assessment, remand, "Reception at HMP Chelmsford on remand: ACCT opened because of previous overdoses; closed after four weeks.")),
            ("ppo.chelmsford", event(EventType::Note, plus_days(release, -30), "Domestic abuse officer installed a panic alarm at the victim's home ahead of his release (details in the restricted victim section).")),
            ("pom.chelmsford", event(EventType::Note, plus_days(release, -21), "Pre-release planning: approved premises place confirmed; licence conditions explained.")),
            ("ppo.chelmsford", event(EventType::HomeVisit, plus_days(release, 10), "Unannounced police monitoring visit at Braemar House under the licence condition: present and compliant; no concerns.")),
        ],
        // The case team from sentence: the licence, the MAPPA referral and the reviews
        // before release are theirs.
        allocated_on: Some(sentenced),
        allocations: vec![
            ("om.chelmsford", "offender_manager"),
            ("pom.chelmsford", "prison_offender_manager"),
            ("ppo.chelmsford", "public_protection_officer"),
            ("mappa.coordinator", "mappa_coordinator"),
            ("mappa.chair", "mappa_chair"),
            ("vlo.essex", "victim_liaison_officer"),
            ("da.chelmsford", "domestic_abuse_officer"),
            ("spo.chelmsford", "senior_probation_officer"),
            ("ap.manager", "approved_premises_manager"),
            ("health.cjmh", "partner_caseworker"),
            ("housing.caseworker", "partner_caseworker"),
        ],
    }
}
