use super::codes;
use crate::disclosure::*;

/// Seed 002: Mr D's disclosure to his new partner, in front of probation staff.
fn to_new_partner() -> DisclosureDecision {
    DisclosureDecision {
        recipient: "Ms P".into(),
        recipient_role: "new partner".into(),
        what: "His conviction for a knife attack on a former partner and the licence conditions".into(),
        lawful_basis: "Common-law power of the police to disclose to prevent crime".into(),
        necessary: true,
        proportionate: true,
        reasons: "She is at risk of serious harm from a possessive, controlling partner; she needs the facts to protect herself; only the offending against a partner is disclosed".into(),
        person_told: Told::Yes {
            how: "He repeated his own disclosure to her in front of probation staff".into(),
        },
        undertaking_given: true,
        discloser_agency: "Essex Police".into(),
    }
}

#[test]
fn a_complete_lawful_necessary_and_proportionate_disclosure_is_accepted() {
    assert_eq!(validate_disclosure(&to_new_partner(), true), Ok(()));
}

#[test]
fn a_disclosure_without_reasons_is_refused() {
    let d = DisclosureDecision {
        reasons: " ".into(),
        ..to_new_partner()
    };
    let errors = validate_disclosure(&d, true).unwrap_err();
    assert_eq!(codes(&errors), [("reasons", "reasons_required")]);
}

#[test]
fn a_disclosure_not_proportionate_or_not_necessary_is_refused_with_its_own_code() {
    let d = DisclosureDecision {
        proportionate: false,
        ..to_new_partner()
    };
    assert_eq!(
        codes(&validate_disclosure(&d, true).unwrap_err()),
        [("proportionate", "not_proportionate")]
    );
    let d = DisclosureDecision {
        necessary: false,
        ..to_new_partner()
    };
    assert_eq!(
        codes(&validate_disclosure(&d, true).unwrap_err()),
        [("necessary", "not_necessary")]
    );
}

#[test]
fn the_police_disclose() {
    let d = DisclosureDecision {
        discloser_agency: "Essex Probation".into(),
        ..to_new_partner()
    };
    assert_eq!(
        codes(&validate_disclosure(&d, false).unwrap_err()),
        [("discloser_agency", "discloser_not_police")]
    );
}

#[test]
fn every_part_must_be_recorded() {
    let d = DisclosureDecision {
        recipient: String::new(),
        recipient_role: String::new(),
        what: String::new(),
        lawful_basis: String::new(),
        person_told: Told::No { why: "".into() },
        undertaking_given: false,
        discloser_agency: String::new(),
        ..to_new_partner()
    };
    assert_eq!(
        codes(&validate_disclosure(&d, true).unwrap_err()),
        [
            ("recipient", "missing"),
            ("recipient_role", "missing"),
            ("what", "missing"),
            ("discloser_agency", "missing"),
            ("lawful_basis", "no_lawful_basis"),
            ("person_told.why", "missing"),
            ("undertaking_given", "undertaking_required")
        ]
    );
}

#[test]
fn not_telling_the_person_is_allowed_with_a_reason() {
    let d = DisclosureDecision {
        person_told: Told::No {
            why: "Telling him would increase the risk to her".into(),
        },
        ..to_new_partner()
    };
    assert_eq!(validate_disclosure(&d, true), Ok(()));
    let json = serde_json::to_value(&d.person_told).unwrap();
    assert_eq!(json["told"], "no");
}
