use crate::{
    Attendance, ComplianceKind, EnforcementKind, EnforcementStatus, LicenceAction, LicenceEvent,
    LicenceStatus, LicenceType, Outcome, RecallKind, RecallStatus, RecallType,
};

fn codes<T: Copy>(all: &[T], code: impl Fn(T) -> &'static str) -> String {
    all.iter().map(|t| code(*t)).collect::<Vec<_>>().join(",")
}

#[test]
fn licence_codes_are_the_stored_ones_with_the_pages_words() {
    assert_eq!(
        codes(LicenceStatus::ALL, LicenceStatus::code),
        "IN_PROGRESS,SUBMITTED,APPROVED,ACTIVE,INACTIVE,RECALLED,REJECTED,VARIATION_IN_PROGRESS,VARIATION_SUBMITTED,VARIATION_APPROVED,VARIATION_REJECTED"
    );
    // The label is the status's words with a capital.
    for s in LicenceStatus::ALL {
        let words = s.words();
        assert_eq!(s.label()[1..], words[1..], "{s:?}");
        assert_eq!(s.label()[..1], words[..1].to_uppercase(), "{s:?}");
    }
    assert_eq!(codes(LicenceType::ALL, LicenceType::code), "AP,PSS,AP_PSS");
    assert_eq!(LicenceType::Pss.label(), "Post-sentence supervision");
}

#[test]
fn every_licence_action_is_an_event_stored_as_its_lower_case_name() {
    for a in LicenceAction::ALL {
        let name = serde_json::to_value(a).unwrap();
        assert_eq!(
            LicenceEvent::from(a).code(),
            name.as_str().unwrap().to_lowercase(),
            "{a:?}"
        );
    }
    assert_eq!(
        LicenceEvent::BackToInProgress.label(),
        "Back to in progress"
    );
    assert_eq!(
        LicenceEvent::ReplacedByVariation.label(),
        "Replaced by the approved variation"
    );
}

#[test]
fn compliance_enforcement_and_recall_codes_are_the_stored_ones() {
    assert_eq!(
        codes(ComplianceKind::ALL, ComplianceKind::code),
        "contact,appointment,police_visit,disclosure_relationship,disclosure_vehicle,ap_curfew"
    );
    let attending: Vec<_> = ComplianceKind::ALL
        .iter()
        .filter(|k| k.is_attendance())
        .collect();
    assert_eq!(
        attending,
        [
            &ComplianceKind::Contact,
            &ComplianceKind::Appointment,
            &ComplianceKind::ApCurfew
        ]
    );
    assert_eq!(
        codes(Attendance::ALL, Attendance::code),
        "attended,acceptable_absence,unacceptable_absence"
    );
    assert_eq!(
        Outcome::from(Attendance::UnacceptableAbsence),
        Outcome::UnacceptableAbsence
    );
    assert_eq!(
        codes(EnforcementKind::ALL, EnforcementKind::code),
        "warning,breach"
    );
    assert_eq!(
        codes(EnforcementStatus::ALL, EnforcementStatus::code),
        "given,referred,recall_requested"
    );
    assert_eq!(
        EnforcementStatus::RecallRequested.label(),
        "recall requested"
    );
    assert_eq!(
        codes(RecallStatus::ALL, RecallStatus::code),
        "REQUESTED,REJECTED,REVOKED,RETURNED_TO_CUSTODY"
    );
    assert_eq!(
        RecallType::FixedTerm { days: 14 }.kind(),
        RecallKind::FixedTerm
    );
    assert_eq!(RecallType::Standard.kind().code(), "standard");
}
