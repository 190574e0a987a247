//! The flat risk-score request of `POST /api/v1/risk-scores` (docs: predictor-api.md).
//!
//! Every field is optional: each predictor says for itself what it is missing. Unknown
//! fields are ignored (callers of the MoJ service send many we do not use), but a field of
//! the wrong JSON type is a deserialisation error. Counts are `i64`, not unsigned, so that a
//! negative count reaches the predictors and is reported per predictor instead of failing
//! the whole request. A body that is not a JSON object (serde would otherwise accept an
//! array as a struct written positionally) is refused too.

use std::fmt;

use chrono::NaiveDate;
use serde::de::value::MapAccessDeserializer;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Request schema version; only `V1_0` exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestVersion {
    #[serde(rename = "V1_0")]
    V1_0,
}

/// Gender as the actuarial models know it (they were fitted on two values only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Gender {
    Male,
    Female,
}

impl TryFrom<concord_domain::Gender> for Gender {
    type Error = concord_domain::Gender;

    /// The record's "not known" / "not specified" have no model: the caller must ask.
    fn try_from(g: concord_domain::Gender) -> Result<Self, Self::Error> {
        match g {
            concord_domain::Gender::Male => Ok(Self::Male),
            concord_domain::Gender::Female => Ok(Self::Female),
            other => Err(other),
        }
    }
}

/// Where the person is at the time of assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SupervisionStatus {
    Community,
    Custody,
    Remand,
}

/// The SNSV model a caller forces (`snsv_static_or_dynamic`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StaticOrDynamic {
    Static,
    Dynamic,
}

/// OASys "problem level" answers; the number is the weight the models multiply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ProblemLevel {
    NoProblems,
    SomeProblems,
    SignificantProblems,
}

impl ProblemLevel {
    pub fn score(self) -> u8 {
        match self {
            Self::NoProblems => 0,
            Self::SomeProblems => 1,
            Self::SignificantProblems => 2,
        }
    }
}

/// OASys yes / sometimes / no; "yes" is the good answer, so it scores 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum YesSometimesNo {
    Yes,
    Sometimes,
    No,
}

impl YesSometimesNo {
    pub fn score(self) -> u8 {
        match self {
            Self::Yes => 0,
            Self::Sometimes => 1,
            Self::No => 2,
        }
    }
}

/// Motivation to tackle drug misuse; full motivation scores 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MotivationLevel {
    FullMotivation,
    PartialMotivation,
    NoMotivation,
}

impl MotivationLevel {
    pub fn score(self) -> u8 {
        match self {
            Self::FullMotivation => 0,
            Self::PartialMotivation => 1,
            Self::NoMotivation => 2,
        }
    }
}

/// Previous convictions the dynamic SNSV model weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PreviousConviction {
    Homicide,
    WoundingGbh,
    Kidnapping,
    Firearms,
    Robbery,
    AggravatedBurglary,
    Weapon,
    CriminalDamage,
    Arson,
}

impl PreviousConviction {
    pub const ALL: [Self; 9] = [
        Self::Homicide,
        Self::WoundingGbh,
        Self::Kidnapping,
        Self::Firearms,
        Self::Robbery,
        Self::AggravatedBurglary,
        Self::Weapon,
        Self::CriminalDamage,
        Self::Arson,
    ];
}

/// The flat request. Field names and enum spellings are those of predictor-api.md.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
// The derives generate inherent functions; the trait impls below add the object check.
#[serde(remote = "Self", default)]
pub struct RiskScoreRequest {
    pub version: Option<RequestVersion>,
    pub gender: Option<Gender>,
    #[serde(deserialize_with = "crate::lenient::date")]
    pub date_of_birth: Option<NaiveDate>,
    #[serde(deserialize_with = "crate::lenient::date")]
    pub date_of_current_conviction: Option<NaiveDate>,
    #[serde(deserialize_with = "crate::lenient::date")]
    pub assessment_date: Option<NaiveDate>,
    /// Community sentence start or earliest release (OGRS3, OGP, OVP).
    #[serde(deserialize_with = "crate::lenient::date")]
    pub date_at_start_of_followup_calculated: Option<NaiveDate>,
    /// The follow-up start SNSV, OSP and RSR use.
    #[serde(deserialize_with = "crate::lenient::date")]
    pub date_at_start_of_followup_user_input: Option<NaiveDate>,
    #[serde(deserialize_with = "crate::lenient::date")]
    pub date_of_most_recent_sexual_offence: Option<NaiveDate>,
    #[serde(deserialize_with = "crate::lenient::date")]
    pub most_recent_offence_date: Option<NaiveDate>,
    /// Including the current offence.
    #[serde(deserialize_with = "crate::lenient::integer")]
    pub total_number_of_sanctions_for_all_offences: Option<i64>,
    #[serde(deserialize_with = "crate::lenient::integer")]
    pub total_number_of_violent_sanctions: Option<i64>,
    #[serde(deserialize_with = "crate::lenient::integer")]
    pub age_at_first_sanction: Option<i64>,
    /// Five-digit Home Office offence code.
    pub current_offence_code: Option<String>,
    pub supervision_status: Option<SupervisionStatus>,
    pub snsv_static_or_dynamic: Option<StaticOrDynamic>,
    #[serde(deserialize_with = "crate::lenient::boolean")]
    pub has_ever_committed_sexual_offence: Option<bool>,
    #[serde(deserialize_with = "crate::lenient::boolean")]
    pub is_current_offence_sexually_motivated: Option<bool>,
    #[serde(deserialize_with = "crate::lenient::boolean")]
    pub is_current_offence_against_victim_stranger: Option<bool>,
    #[serde(deserialize_with = "crate::lenient::integer")]
    pub total_contact_adult_sexual_sanctions: Option<i64>,
    #[serde(deserialize_with = "crate::lenient::integer")]
    pub total_contact_child_sexual_sanctions: Option<i64>,
    #[serde(deserialize_with = "crate::lenient::integer")]
    pub total_indecent_image_sanctions: Option<i64>,
    #[serde(deserialize_with = "crate::lenient::integer")]
    pub total_non_contact_sexual_offences: Option<i64>,
    #[serde(deserialize_with = "crate::lenient::boolean")]
    pub did_offence_involve_carrying_or_using_weapon: Option<bool>,
    #[serde(deserialize_with = "crate::lenient::boolean")]
    pub is_unemployed: Option<bool>,
    #[serde(deserialize_with = "crate::lenient::boolean")]
    pub is_currently_of_no_fixed_abode_or_transient_accommodation: Option<bool>,
    #[serde(deserialize_with = "crate::lenient::boolean")]
    pub does_recognise_impact_of_offending_on_others: Option<bool>,
    #[serde(deserialize_with = "crate::lenient::boolean")]
    pub has_current_psychiatric_treatment: Option<bool>,
    #[serde(deserialize_with = "crate::lenient::boolean")]
    pub evidence_of_domestic_abuse: Option<bool>,
    #[serde(deserialize_with = "crate::lenient::boolean")]
    pub domestic_abuse_against_partner: Option<bool>,
    #[serde(deserialize_with = "crate::lenient::boolean")]
    pub domestic_abuse_against_family: Option<bool>,
    pub suitability_of_accommodation: Option<ProblemLevel>,
    pub current_relationship_with_partner: Option<ProblemLevel>,
    pub current_alcohol_use_problems: Option<ProblemLevel>,
    pub excessive_alcohol_use: Option<ProblemLevel>,
    pub impulsivity_problems: Option<ProblemLevel>,
    pub temper_control: Option<ProblemLevel>,
    pub pro_criminal_attitudes: Option<ProblemLevel>,
    pub current_drug_misuse: Option<ProblemLevel>,
    pub regular_offending_activities: Option<ProblemLevel>,
    pub problem_solving_skills: Option<ProblemLevel>,
    pub understands_other_peoples_views: Option<ProblemLevel>,
    pub awareness_of_consequences: Option<YesSometimesNo>,
    pub motivation_to_tackle_drug_misuse: Option<MotivationLevel>,
    pub previous_convictions: Option<Vec<PreviousConviction>>,
}

impl RiskScoreRequest {
    /// The request as the service reads it: an absent `assessment_date` is the day of the
    /// request (the service's default), so every caller fills it the same way.
    pub fn assessed_on_if_absent(mut self, today: NaiveDate) -> Self {
        self.assessment_date.get_or_insert(today);
        self
    }
}

impl Serialize for RiskScoreRequest {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        RiskScoreRequest::serialize(self, s)
    }
}

impl<'de> Deserialize<'de> for RiskScoreRequest {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Object;
        impl<'de> Visitor<'de> for Object {
            type Value = RiskScoreRequest;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                RiskScoreRequest::deserialize(MapAccessDeserializer::new(map))
            }
        }
        d.deserialize_map(Object)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_are_ignored_but_wrong_types_are_refused() {
        let req: RiskScoreRequest = serde_json::from_value(serde_json::json!({
            "version": "V1_0",
            "gender": "FEMALE",
            "date_of_birth": "1990-02-01",
            "some_field_we_do_not_use": [1, 2, 3],
            "suitability_of_accommodation": "SOME_PROBLEMS",
            "awareness_of_consequences": "SOMETIMES",
            "motivation_to_tackle_drug_misuse": "NO_MOTIVATION",
            "previous_convictions": ["WOUNDING_GBH", "ARSON"],
            "total_number_of_sanctions_for_all_offences": -4
        }))
        .unwrap();
        assert_eq!(req.gender, Some(Gender::Female));
        assert_eq!(req.date_of_birth, NaiveDate::from_ymd_opt(1990, 2, 1));
        assert_eq!(
            req.suitability_of_accommodation,
            Some(ProblemLevel::SomeProblems)
        );
        assert_eq!(req.total_number_of_sanctions_for_all_offences, Some(-4));
        assert_eq!(
            req.previous_convictions,
            Some(vec![
                PreviousConviction::WoundingGbh,
                PreviousConviction::Arson
            ])
        );
        let round_trip: RiskScoreRequest =
            serde_json::from_value(serde_json::to_value(&req).unwrap()).unwrap();
        assert_eq!(round_trip, req);
        for bad in [
            serde_json::json!({ "gender": "male" }),
            serde_json::json!({ "date_of_birth": "01/02/1990" }),
            serde_json::json!({ "total_number_of_violent_sanctions": "three" }),
            serde_json::json!({ "total_number_of_violent_sanctions": 3_000_000_000_i64 }),
            serde_json::json!({ "is_unemployed": "yes" }),
            serde_json::json!({ "is_unemployed": 1 }),
            serde_json::json!({ "date_of_birth": "1990-02-01T10:00:00+01:00" }),
            serde_json::json!({ "version": "V2_0" }),
            serde_json::json!([]),
            serde_json::json!(["V1_0"]),
            serde_json::json!("V1_0"),
        ] {
            assert!(
                serde_json::from_value::<RiskScoreRequest>(bad.clone()).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn what_the_services_jackson_accepts_is_accepted() {
        let req: RiskScoreRequest = serde_json::from_value(serde_json::json!({
            "total_number_of_violent_sanctions": "3",
            "total_number_of_sanctions_for_all_offences": 5.7,
            "is_unemployed": "TRUE",
            "date_of_birth": "1990-02-01T10:30:00",
            "date_of_current_conviction": [2020, 5, 1],
            "assessment_date": null
        }))
        .unwrap();
        assert_eq!(req.total_number_of_violent_sanctions, Some(3));
        assert_eq!(req.total_number_of_sanctions_for_all_offences, Some(5));
        assert_eq!(req.is_unemployed, Some(true));
        assert_eq!(req.date_of_birth, NaiveDate::from_ymd_opt(1990, 2, 1));
        assert_eq!(
            req.date_of_current_conviction,
            NaiveDate::from_ymd_opt(2020, 5, 1)
        );
        assert_eq!(req.assessment_date, None);
        let today = NaiveDate::from_ymd_opt(2026, 1, 2).unwrap();
        assert_eq!(
            req.clone().assessed_on_if_absent(today).assessment_date,
            Some(today)
        );
    }

    #[test]
    fn answer_scales_score_as_oasys_does() {
        assert_eq!(ProblemLevel::SignificantProblems.score(), 2);
        assert_eq!(ProblemLevel::NoProblems.score(), 0);
        assert_eq!(YesSometimesNo::No.score(), 2);
        assert_eq!(YesSometimesNo::Yes.score(), 0);
        assert_eq!(MotivationLevel::PartialMotivation.score(), 1);
        assert_eq!(
            Gender::try_from(concord_domain::Gender::Female),
            Ok(Gender::Female)
        );
        assert!(Gender::try_from(concord_domain::Gender::NotKnown).is_err());
    }
}
