//! SNSV's weights, term by term, in the order the MoJ service adds them. Each term is a
//! named feature value; the score is the logistic of their sum taken in that order (the
//! order matters to the last bit of a double, so it is the service's).
//!
//! Where the service throws while computing a term (an age below the table, a negative
//! count), the term returns the service's message and the predictor answers
//! `UNEXPECTED_ERROR` with it.

use chrono::NaiveDate;

use crate::request::{Gender, PreviousConviction, ProblemLevel, RiskScoreRequest};
use crate::response::FeatureValues;
use crate::rounding::round_half_up;
use crate::validation::months_between;

/// One model's coefficients; `(male, female)` pairs in that order.
pub struct Coefficients {
    pub intercept: f64,
    pub age_male: [f64; 4],
    pub age_female: [f64; 4],
    pub female: f64,
    pub one_sanction: f64,
    pub two_sanctions: f64,
    pub total_sanctions: f64,
    pub second_sanction: (f64, f64),
    pub months_since_last: [f64; 4],
    pub three_plus: (f64, f64),
    pub never_violent: (f64, f64),
    pub once_violent: f64,
    pub violent_sanctions: f64,
    pub violence_rate: f64,
}

pub const STATIC: Coefficients = Coefficients {
    intercept: 3.60407707356772,
    age_male: [
        -0.546062410902905,
        0.0170043887737295,
        -0.000232716989498981,
        0.000001094922933981,
    ],
    age_female: [
        1.09365106131567,
        -0.042733609488121,
        0.000697583963826421,
        -4.04895085233227e-06,
    ],
    female: -16.6220270089011,
    one_sanction: -2.09447596484765,
    two_sanctions: -1.67613460779912,
    total_sanctions: -0.0147495874606046,
    second_sanction: (-0.0292205730647305, -0.0841673003341906),
    months_since_last: [
        -0.038382727965819,
        0.000548515180678996,
        0.0000662558757635182,
        -1.59636460181398e-06,
    ],
    three_plus: (0.769213898314811, 0.793186572461819),
    never_violent: (-0.942816163300621, -2.32321324569237),
    once_violent: -0.0633592949212861,
    violent_sanctions: 0.0188685880078656,
    violence_rate: 0.207442427665471,
};

pub const DYNAMIC: Coefficients = Coefficients {
    intercept: 2.39022796091603,
    age_male: [
        -0.508802063507919,
        0.0153890192629454,
        -0.000208800171123703,
        9.83824143383739e-07,
    ],
    age_female: [
        1.1436499550056,
        -0.0448159815299769,
        0.000731812620052307,
        -4.24504210770651e-06,
    ],
    female: -16.6927292697847,
    one_sanction: -1.89458617745666,
    two_sanctions: -1.51763151836726,
    total_sanctions: -0.0182592921752245,
    second_sanction: (-0.0271828619470523, -0.0960719132524968),
    months_since_last: [
        -0.0368447371150021,
        0.000557887384281899,
        0.0000615531052486415,
        -1.49652694510477e-06,
    ],
    three_plus: (0.689153313085879, 0.76704149890481),
    never_violent: (-0.35940007303088, -1.7513536371131),
    once_violent: -0.101514048705338,
    violent_sanctions: 0.021160895925655,
    violence_rate: 0.0549319831836878,
};

const WEAPON: f64 = 0.15071282416667;
const ACCOMMODATION: f64 = 0.0619710049121293;
/// The "offender score" of a yes (2) times the weight, as the service multiplies it.
const UNEMPLOYED: f64 = 0.0389109699626767;
const RELATIONSHIP_WITH_PARTNER: f64 = 0.0259107268767618;
const CHRONIC_DRINKING: f64 = 0.0935672441515258;
const BINGE_DRINKING: f64 = 0.0567127896345591;
const IMPULSIVITY: f64 = 0.077212834605957;
const TEMPER: f64 = 0.0482892034688302;
const PRO_CRIMINAL_ATTITUDES: f64 = 0.130830533773332;
const DOMESTIC_VIOLENCE: f64 = 0.0847839330659903;

/// Weight of each previous conviction the dynamic model counts.
pub fn previous_conviction_weight(p: PreviousConviction) -> f64 {
    match p {
        PreviousConviction::Homicide => 0.399463399258737,
        PreviousConviction::WoundingGbh => 0.451029720739399,
        PreviousConviction::Kidnapping => 0.0749101406070305,
        PreviousConviction::Firearms => 0.218055028351022,
        PreviousConviction::Robbery => 0.163248217650296,
        PreviousConviction::AggravatedBurglary => 0.506616685297771,
        PreviousConviction::Weapon => 0.184104582611966,
        PreviousConviction::CriminalDamage => 0.357345708081477,
        PreviousConviction::Arson => 0.12261588608151,
    }
}

/// The validated history every term reads.
pub struct History {
    pub gender: Gender,
    pub date_of_birth: NaiveDate,
    pub date_of_current_conviction: NaiveDate,
    pub followup: NaiveDate,
    pub assessment: NaiveDate,
    pub total: i64,
    pub violent: i64,
    pub age_at_first_sanction: i64,
    /// The offence's SNSV and "violence against the person" weights for this model.
    pub offence: (f64, f64),
}

/// `Σ c[i]·x^i` folded from 0.0 with `pow`, exactly as the service evaluates it (another
/// order moves the last bits).
fn polynomial(c: &[f64; 4], x: f64) -> f64 {
    c.iter()
        .enumerate()
        .fold(0.0, |sum, (i, ci)| sum + ci * x.powi(i as i32))
}

/// Completed years from birth to `date`, refusing dates before birth and ages below 10 in
/// the service's words for `stage` ("date at start of followup", …).
fn age_at(dob: NaiveDate, date: NaiveDate, stage: &str) -> Result<i64, String> {
    if date < dob {
        let mut s = stage.to_owned();
        if let Some(first) = s.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        return Err(format!("{s} cannot be before date of birth."));
    }
    let age = date.years_since(dob).map_or(0, i64::from);
    if age < 10 {
        return Err(format!("Age at {stage} cannot be less than 10"));
    }
    Ok(age)
}

/// The static terms (13), in the service's order.
pub fn static_terms(c: &Coefficients, h: &History, fv: &mut FeatureValues) -> Result<(), String> {
    let male = h.gender == Gender::Male;
    let by_gender = |(m, w): (f64, f64)| if male { m } else { w };
    fv.add("two_year_intercept_weight", c.intercept);
    fv.add("gender_weight", if male { 0.0 } else { c.female });
    let age = age_at(h.date_of_birth, h.followup, "date at start of followup")?;
    let ages = if male { &c.age_male } else { &c.age_female };
    fv.add(
        "age_gender_polynomial_weight",
        age as f64 * polynomial(ages, age as f64),
    );
    fv.add("snsv_weighting", h.offence.0);
    let second = if h.total == 2 {
        let at_conviction = age_at(
            h.date_of_birth,
            h.date_of_current_conviction,
            "current conviction date",
        )?;
        let years = at_conviction.saturating_sub(h.age_at_first_sanction);
        if years < 0 {
            return Err("Years between first and second sanction cannot be a negative".into());
        }
        years as f64 * by_gender(c.second_sanction)
    } else {
        0.0
    };
    fv.add("second_sanction_cases_only_weight", second);
    let months_weight = if h.followup >= h.assessment {
        0.0
    } else {
        let m = months_between(h.followup, h.assessment).min(36) as f64;
        m * polynomial(&c.months_since_last, m)
    };
    fv.add("months_since_last_sanction_weight", months_weight);
    let three_plus = if h.total >= 3 {
        let at_conviction = age_at(
            h.date_of_birth,
            h.date_of_current_conviction,
            "current conviction date",
        )?;
        let career = at_conviction as f64 - h.age_at_first_sanction as f64 + 12.0;
        (h.total as f64 / career).ln() * by_gender(c.three_plus)
    } else {
        0.0
    };
    fv.add("three_plus_sanction_weight", three_plus);
    if h.violent < 0 {
        return Err(format!(
            "Invalid total number of violent sanctions value: {}",
            h.violent
        ));
    }
    fv.add(
        "violent_history_weight",
        match h.violent {
            0 => by_gender(c.never_violent),
            1 => c.once_violent,
            _ => 0.0,
        },
    );
    fv.add(
        "violent_sanctions_weight",
        if h.violent == 0 {
            0.0
        } else {
            c.violent_sanctions * h.violent as f64
        },
    );
    let rate = if h.violent == 0 {
        0.0
    } else {
        let at_conviction = age_at(
            h.date_of_birth,
            h.date_of_current_conviction,
            "current conviction",
        )?;
        let career = at_conviction as f64 - h.age_at_first_sanction as f64 + 30.0;
        (h.violent as f64 / career).ln() * c.violence_rate
    };
    // The service rounds this one term to 16 places before it is added.
    fv.add("violence_rate_weight", round_half_up(rate, 16));
    fv.add("snsv_vatp_weight", h.offence.1);
    if h.total <= 0 {
        return Err(format!(
            "Invalid total number of sanctions value: {}",
            h.total
        ));
    }
    fv.add(
        "total_number_of_sanctions_for_all_offences_weight",
        h.total as f64 * c.total_sanctions,
    );
    fv.add(
        "number_of_sanctions_weight",
        match h.total {
            1 => c.one_sanction,
            2 => c.two_sanctions,
            _ => 0.0,
        },
    );
    Ok(())
}

/// The dynamic model's eleven extra terms; called only when every item is present.
pub fn dynamic_terms(req: &RiskScoreRequest, fv: &mut FeatureValues) {
    let yes = |b: Option<bool>, w: f64| if b == Some(true) { w } else { 0.0 };
    let times = |p: Option<ProblemLevel>, w: f64| w * p.map_or(0.0, |p| f64::from(p.score()));
    fv.add(
        "offence_involve_carrying_or_using_weapons_weight",
        yes(req.did_offence_involve_carrying_or_using_weapon, WEAPON),
    );
    fv.add(
        "suitability_of_accommodation_weight",
        times(req.suitability_of_accommodation, ACCOMMODATION),
    );
    fv.add(
        "unemployed_weight",
        yes(req.is_unemployed, UNEMPLOYED * 2.0),
    );
    fv.add(
        "current_relationship_with_partner",
        relationship_with_partner_weight(req.current_relationship_with_partner),
    );
    fv.add(
        "chronic_drinking_problems_weight",
        times(req.current_alcohol_use_problems, CHRONIC_DRINKING),
    );
    fv.add(
        "binge_drinking_problems_weight",
        times(req.excessive_alcohol_use, BINGE_DRINKING),
    );
    fv.add(
        "impulsivity_problems_weight",
        times(req.impulsivity_problems, IMPULSIVITY),
    );
    fv.add("temper_control_weight", times(req.temper_control, TEMPER));
    fv.add(
        "pro_criminal_attitudes_weight",
        times(req.pro_criminal_attitudes, PRO_CRIMINAL_ATTITUDES),
    );
    fv.add(
        "domestic_violence_weight",
        yes(perpetrator(req).flatten(), DOMESTIC_VIOLENCE),
    );
    // One weight: the convictions' weights summed in the order given (a repeat counts again).
    let previous = req.previous_convictions.as_deref().unwrap_or_default();
    fv.add(
        "previous_convictions_weight",
        previous
            .iter()
            .fold(0.0, |sum, p| sum + previous_conviction_weight(*p)),
    );
}

/// The service's weight for the relationship with a partner. "Significant problems" is
/// twice the *chronic drinking* weight in every stored version of the service's SNSV
/// helper, not twice this item's own weight; it looks like a slip in the service, but it is
/// what the service answers, so it is what Concord answers.
fn relationship_with_partner_weight(answer: Option<ProblemLevel>) -> f64 {
    match answer {
        Some(ProblemLevel::SomeProblems) => RELATIONSHIP_WITH_PARTNER,
        Some(ProblemLevel::SignificantProblems) => CHRONIC_DRINKING * 2.0,
        Some(ProblemLevel::NoProblems) | None => 0.0,
    }
}

/// Domestic violence perpetrator against a partner: unknown (`None`) without an answer on
/// evidence; no evidence means not a perpetrator whatever else was answered; evidence
/// means the partner answer, which may itself be missing (`Some(None)`).
pub fn perpetrator(req: &RiskScoreRequest) -> Option<Option<bool>> {
    match req.evidence_of_domestic_abuse? {
        false => Some(Some(false)),
        true => Some(req.domestic_abuse_against_partner),
    }
}
