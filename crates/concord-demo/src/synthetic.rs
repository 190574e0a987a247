//! One synthetic person: names, date of birth, offending history, identifiers, addresses,
//! aliases, warning markers and events, and which agency owns the record. Person `n` is
//! the same whatever the demo size, because each person has their own random stream.

use chrono::{Datelike, NaiveDate};
use concord_domain::{Gender, MarkerKind};

use super::addresses::{addresses, AddressPlan};
use super::dates::plus_days;
use super::events::{events, EventPlan};
use super::history::{history, supervision_start, History, Status};
use super::identifiers;
use super::names::{former_family_name, misspelling, nickname, Heritage, HERITAGES};
use super::offences::{Pattern, DRUG_POSSESSION, PATTERNS};
use super::places::{pick_town, TOWNS};
use super::rng::Rng;
use concord_app::{
    AliasInput, DateInput, IdentifierInput, MarkerInput, PersonDetailsInput, RegisterPersonInput,
};

const SEED: u64 = 0x00C0_4C0D_E55E_2026;

/// The agency that owns (and registers) the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Owner {
    Police,
    Probation,
    Prison,
}

/// What the caseload allocation needs to know about a person.
#[derive(Debug, Clone)]
pub(super) struct Profile {
    pub town: usize,
    pub owner: Owner,
    pub status: Status,
    /// Eligible for MAPPA: a sexual offence, or violence with twelve months' custody or more.
    pub mappa: bool,
    pub approved_premises: bool,
    pub female: bool,
    pub drug_user: bool,
    pub acquisitive_offences: usize,
    pub markers: Vec<MarkerKind>,
}

pub(super) struct DemoPerson {
    pub input: RegisterPersonInput,
    pub profile: Profile,
}

pub(super) fn person(index: u64, today: NaiveDate) -> DemoPerson {
    let mut rng = Rng::stream(SEED, index);
    let heritages: Vec<(&Heritage, u64)> = HERITAGES.iter().map(|h| (h, h.weight)).collect();
    let heritage = *rng.weighted(&heritages);
    let gender = *rng.weighted(&[
        (Gender::Male, 84),
        (Gender::Female, 15),
        (Gender::NotSpecified, 1),
    ]);
    let female = gender == Gender::Female;
    let given_names = if female {
        heritage.female
    } else {
        heritage.male
    };
    let given = *rng.pick(given_names);
    let middle = if rng.chance(50) {
        Some(*rng.pick(given_names)).filter(|m| *m != given)
    } else {
        None
    };
    // Some people's family name comes from another heritage: mixed families, marriage.
    let family_heritage = if rng.chance(8) {
        rng.pick(&HERITAGES)
    } else {
        heritage
    };
    let family = *rng.pick(family_heritage.family);
    let dob = date_of_birth(&mut rng, today);
    // The demo keeps women out of the domestic and sexual patterns only because their
    // descriptions are written about male offenders with female victims.
    let pattern = loop {
        let p = *rng.weighted(PATTERNS);
        if !female || !matches!(p, Pattern::Domestic | Pattern::Sexual) {
            break p;
        }
    };
    let h = history(&mut rng, pattern, dob, today);
    let town = pick_town(&mut rng);
    let owner = match (h.status, female) {
        (Status::Custody, false) => Owner::Prison,
        (Status::AtLarge, _) => Owner::Police,
        _ => Owner::Probation,
    };
    let mappa = is_mappa(&h);
    let drug_user = pattern == Pattern::Drugs
        || h.kinds.iter().any(|k| k.code == DRUG_POSSESSION.code)
        || (pattern == Pattern::Acquisitive && rng.chance(40));
    let recently_released = h.status == Status::Licence
        && h.last_custody
            .is_some_and(|(_, r)| r >= plus_days(today, -150));
    let approved_premises = recently_released && (mappa || rng.chance(25));
    let plan = AddressPlan {
        town: &TOWNS[town],
        dob,
        female,
        approved_premises,
        no_fixed_abode: drug_user && rng.chance(25),
    };
    let addresses = addresses(&mut rng, &plan, &h, today);
    let markers = markers(&mut rng, &h, drug_user);
    let event_plan = EventPlan {
        owner,
        town: &TOWNS[town],
        pattern,
        drug_user,
        last_offence: h.offence_dates.last().copied().zip(h.kinds.last().copied()),
        cautioned: h
            .offences
            .last()
            .is_some_and(|o| o.disposal == concord_domain::Disposal::Caution.code()),
        since: supervision_start(&h, today),
    };
    let events = events(&mut rng, &event_plan, today);
    let identifiers = identifiers(&mut rng, index, &h);
    let aliases = aliases(&mut rng, heritage, given, middle, family, dob, female);
    let profile = Profile {
        town,
        owner,
        status: h.status,
        mappa,
        approved_premises,
        female,
        drug_user,
        acquisitive_offences: h
            .kinds
            .iter()
            .filter(|k| {
                matches!(
                    k.category,
                    "Burglary (domestic)"
                        | "Burglary (other)"
                        | "Theft (non-motor)"
                        | "Theft from vehicles"
                        | "Robbery"
                )
            })
            .count(),
        markers: markers
            .iter()
            .filter_map(|m| MarkerKind::from_code(&m.kind))
            .collect(),
    };
    let input = RegisterPersonInput {
        details: PersonDetailsInput {
            given_name: given.into(),
            middle_names: middle.unwrap_or_default().into(),
            family_name: family.into(),
            date_of_birth: DateInput::from_date(dob),
            gender: gender.code().into(),
        },
        identifiers,
        aliases,
        addresses,
        offences: h.offences,
        sentences: h.sentences,
        markers,
        events,
    };
    DemoPerson { input, profile }
}

/// Ages as in the probation caseload: mostly 25 to 44, few over 55; born 1950 to 2006.
fn date_of_birth(rng: &mut Rng, today: NaiveDate) -> NaiveDate {
    let (lo, hi) = *rng.weighted(&[
        ((19, 24), 18),
        ((25, 34), 30),
        ((35, 44), 25),
        ((45, 54), 15),
        ((55, 76), 12),
    ]);
    let year = (today.year() - rng.range(lo, hi) as i32).clamp(1950, 2006);
    let jan1 = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today);
    plus_days(jan1, rng.range(0, 364))
}

fn is_mappa(h: &History) -> bool {
    let sexual = h
        .kinds
        .iter()
        .any(|k| k.category.starts_with("Sexual") && k.seriousness >= 4);
    let violent = h.kinds.iter().any(|k| {
        matches!(
            k.marker,
            Some(MarkerKind::Violence | MarkerKind::Weapons | MarkerKind::DomesticAbuse)
        ) && k.seriousness >= 3
    });
    sexual || (violent && h.longest_custody_days >= 365)
}

fn identifiers(rng: &mut Rng, index: u64, h: &History) -> Vec<IdentifierInput> {
    let id = |kind: &str, value: String| IdentifierInput {
        kind: kind.into(),
        value,
    };
    let mut out = vec![];
    if rng.chance(95) {
        out.push(id("pnc", identifiers::pnc(index, h.first_offence.year())));
    }
    if let Some(convicted) = h.first_conviction.filter(|_| rng.chance(70)) {
        out.push(id("cro", identifiers::cro(index, convicted.year())));
    }
    if h.ever_supervised {
        out.push(id("crn", identifiers::crn(index, rng)));
    }
    if h.longest_custody_days > 0 {
        out.push(id("prison_number", identifiers::prison_number(index, rng)));
    }
    if rng.chance(45) {
        out.push(id("nino", identifiers::nino(index, rng)));
    }
    out
}

/// Names other agencies hold: a nickname, a mis-keyed surname, a former family name,
/// the middle name used as a first name, or the right name with a mistyped birth date.
fn aliases(
    rng: &mut Rng,
    heritage: &Heritage,
    given: &str,
    middle: Option<&str>,
    family: &str,
    dob: NaiveDate,
    female: bool,
) -> Vec<AliasInput> {
    let count = *rng.weighted(&[(0usize, 55), (1, 30), (2, 15)]);
    let alias = |g: &str, f: &str, d: Option<NaiveDate>| AliasInput {
        given_name: g.into(),
        family_name: f.into(),
        date_of_birth: d.map(DateInput::from_date).unwrap_or_default(),
        ..Default::default()
    };
    let mut options = vec![];
    if let Some(nick) = nickname(given) {
        options.push(alias(nick, family, None));
    }
    if let Some(spelt) = misspelling(family) {
        options.push(alias(given, &spelt, Some(dob)));
    }
    if female {
        options.push(alias(
            given,
            former_family_name(rng, heritage, family),
            Some(dob),
        ));
    }
    if let Some(m) = middle {
        options.push(alias(m, family, None));
    }
    // Day and month swapped: the commonest keying error in a date of birth.
    if let Some(swapped) =
        NaiveDate::from_ymd_opt(dob.year(), dob.day(), dob.month()).filter(|d| *d != dob)
    {
        options.push(alias(given, family, Some(swapped)));
    }
    let mut out = vec![];
    while out.len() < count && !options.is_empty() {
        out.push(options.swap_remove(rng.below(options.len() as u64) as usize));
    }
    out
}

/// Warning markers for about one person in six: those whose offending suggests a risk,
/// more often for serious offenders, plus a few health and custody warnings.
fn markers(rng: &mut Rng, h: &History, drug_user: bool) -> Vec<MarkerInput> {
    let mut kinds: Vec<MarkerKind> = vec![];
    let serious = h.kinds.iter().any(|k| k.seriousness >= 4);
    if rng.chance(if serious { 38 } else { 7 }) {
        kinds.extend(h.kinds.iter().filter_map(|k| k.marker));
        if drug_user {
            kinds.push(MarkerKind::Drugs);
        }
    }
    for (kind, percent) in [(MarkerKind::SelfHarm, 2), (MarkerKind::Suicide, 1)] {
        if rng.chance(percent) {
            kinds.push(kind);
        }
    }
    if h.longest_custody_days > 0 && rng.below(200) == 0 {
        kinds.push(MarkerKind::Escape);
    }
    if drug_user && rng.chance(2) {
        kinds.push(MarkerKind::Infectious);
    }
    let mut seen = vec![];
    kinds.retain(|k| {
        let new = !seen.contains(k);
        seen.push(*k);
        new
    });
    kinds
        .into_iter()
        .map(|kind| MarkerInput {
            kind: kind.code().into(),
            note: marker_note(rng, kind, h),
        })
        .collect()
}

fn marker_note(rng: &mut Rng, kind: MarkerKind, h: &History) -> String {
    let violent = h
        .kinds
        .iter()
        .filter(|k| k.marker == Some(MarkerKind::Violence))
        .count();
    match kind {
        MarkerKind::Violence => format!("Violent when drunk or challenged; {violent} conviction(s) for violence. Visit in pairs."),
        MarkerKind::Weapons => "Has carried a knife or other weapon; search with care.".into(),
        MarkerKind::DomesticAbuse => "Perpetrator of domestic abuse against partners; check for a restraining order before any contact with a partner.".into(),
        MarkerKind::RiskToStaff => "Has assaulted police officers during arrest; two officers for any visit.".into(),
        MarkerKind::RiskToChildren => "Convicted of a sexual offence against a child; no unsupervised contact with children.".into(),
        MarkerKind::Drugs => (*rng.pick(&["Long-term heroin and crack cocaine user; may carry used needles.", "Deals Class A drugs; may conceal drugs internally."])).into(),
        MarkerKind::SelfHarm => "History of self-harm (cutting); an ACCT was opened during the last custody.".into(),
        MarkerKind::Suicide => "Attempted suicide by overdose; check welfare on arrest and in custody.".into(),
        MarkerKind::Escape => "Absconded from an open prison; escape risk when escorted.".into(),
        MarkerKind::Infectious => "Reports a blood-borne virus: follow universal precautions when searching.".into(),
    }
}
