use std::collections::BTreeSet;

use crate::catalogue::{self, *};
use crate::template;

fn texts(list: &[&ConditionSpec]) -> Vec<&'static str> {
    list.iter().map(|s| s.text).collect()
}

#[test]
fn policy_1_0_ap_licence_has_the_seven_statutory_conditions_word_for_word() {
    let list = standard_conditions(LicenceType::Ap, PolicyVersion::V1_0);
    assert_eq!(
        texts(&list),
        [
            "Be of good behaviour and not behave in a way which undermines the purpose of the licence period.",
            "Not commit any offence.",
            "Keep in touch with the supervising officer in accordance with instructions given by the supervising officer.",
            "Receive visits from the supervising officer in accordance with any instructions given by the supervising officer.",
            "Reside permanently at an address approved by the supervising officer and obtain prior permission for any stay of one or more nights at a different address.",
            "Not undertake work, or a particular type of work, unless approved by the supervising officer, and notify in advance of any proposal to undertake work or a particular type of work.",
            "Not travel outside the United Kingdom, the Channel Islands or the Isle of Man except with prior permission of the supervising officer or for the purposes of immigration deportation or removal.",
        ]
    );
    assert!(list.iter().all(|s| s.wording == WordingSource::Statutory));
}

#[test]
fn policy_4_0_ap_licence_has_eight_plain_english_conditions_in_rules_md_order() {
    let list = standard_conditions(LicenceType::Ap, PolicyVersion::V4_0);
    let codes: Vec<&str> = list.iter().map(|s| s.code).collect();
    assert_eq!(
        codes,
        [
            "AP-STD-GOOD-BEHAVIOUR",
            "AP-STD-ADDRESS",
            "AP-STD-KEEP-IN-TOUCH",
            "AP-STD-OTHER-NAMES",
            "AP-STD-CONTACT-DETAILS",
            "AP-STD-WORK",
            "AP-STD-TRAVEL",
            "AP-STD-PASSPORT",
        ]
    );
    // The topics rules.md lists, one per condition, in order.
    let topics = [
        "commit any crime",
        "overnight",
        "including where you live",
        "name you use",
        "phone number or email",
        "work",
        "Isle of Man",
        "passport",
    ];
    for (spec, topic) in list.iter().zip(topics) {
        assert!(spec.text.contains(topic), "{} lacks {topic}", spec.code);
        assert_eq!(spec.wording, WordingSource::Concord);
    }
}

#[test]
fn pss_has_eight_requirements_the_last_quoted_from_rules_md() {
    for policy in [PolicyVersion::V1_0, PolicyVersion::V4_0] {
        let list = standard_conditions(LicenceType::Pss, policy);
        assert_eq!(list.len(), 8);
        assert_eq!(
            list[7].text,
            "Participate in activities in accordance with any instructions given by your supervisor."
        );
        assert_eq!(list[7].wording, WordingSource::Published);
        assert!(list[0].text.contains("rehabilitative purpose"));
        assert!(list[6].text.contains("legal obligation"));
        assert!(list.iter().all(|s| s.policy == policy));
    }
}

#[test]
fn ap_pss_licence_carries_the_licence_conditions_then_the_supervision_requirements() {
    let v1 = standard_conditions(LicenceType::ApPss, PolicyVersion::V1_0);
    let v4 = standard_conditions(LicenceType::ApPss, PolicyVersion::V4_0);
    assert_eq!((v1.len(), v4.len()), (15, 16));
    assert!(v4[..8].iter().all(|s| s.code.starts_with("AP-STD-")));
    assert!(v4[8..].iter().all(|s| s.code.starts_with("PSS-STD-")));
}

#[test]
fn codes_are_unique_across_the_whole_catalogue() {
    let codes: Vec<&str> = catalogue::all().map(|s| s.code).collect();
    let unique: BTreeSet<&str> = codes.iter().copied().collect();
    assert_eq!(codes.len(), unique.len());
}

#[test]
fn every_template_parses_and_its_placeholders_are_exactly_its_params() {
    for spec in catalogue::all() {
        let pieces =
            template::parse(spec.text).unwrap_or_else(|| panic!("{} does not parse", spec.code));
        let found = template::placeholders(&pieces);
        let names: BTreeSet<&str> = found.iter().map(|(n, _)| *n).collect();
        let params: BTreeSet<&str> = spec.params.iter().map(|p| p.name).collect();
        assert_eq!(names, params, "{}", spec.code);
        for (name, optional) in found {
            let param = spec.param(name).unwrap();
            assert_eq!(
                param.required, !optional,
                "{}: {name} required iff outside [ ]",
                spec.code
            );
        }
        let unique: BTreeSet<&str> = spec.params.iter().map(|p| p.name).collect();
        assert_eq!(
            unique.len(),
            spec.params.len(),
            "{}: duplicate param",
            spec.code
        );
    }
}

#[test]
fn every_heading_of_rules_md_6_2_has_at_least_one_additional_condition() {
    let additional = additional_conditions(PolicyVersion::V4_0);
    for category in CATEGORIES {
        assert!(
            additional.iter().any(|s| s.category == category),
            "{category}"
        );
    }
    assert!(additional.iter().all(|s| CATEGORIES.contains(&s.category)));
    assert!(additional
        .iter()
        .all(|s| s.kind == ConditionKind::Additional && s.policy == PolicyVersion::V4_0));
    assert!(additional_conditions(PolicyVersion::V1_0).is_empty());
}

#[test]
fn the_conditions_mr_d_needs_are_in_the_catalogue_with_their_tags() {
    let cases = [
        (
            "ADD-NO-CONTACT-VICTIM",
            Some(ConditionTag::NonContact),
            true,
        ),
        (
            "ADD-NO-CONTACT-NAMED",
            Some(ConditionTag::NonContact),
            false,
        ),
        (
            "ADD-EXCLUSION-ZONE",
            Some(ConditionTag::ExclusionZone),
            true,
        ),
        (
            "ADD-INCLUSION-ZONE",
            Some(ConditionTag::InclusionZone),
            false,
        ),
        ("ADD-NOT-ENTER-PREMISES", None, true),
        (
            "ADD-RESIDE-APPROVED-PREMISES",
            Some(ConditionTag::Residence),
            false,
        ),
        ("ADD-CURFEW", Some(ConditionTag::Curfew), false),
        (
            "ADD-POLICE-MONITORING-VISITS",
            Some(ConditionTag::PoliceVisits),
            false,
        ),
        (
            "ADD-DISCLOSE-RELATIONSHIPS",
            Some(ConditionTag::DiscloseRelationships),
            false,
        ),
        (
            "ADD-DISCLOSE-VEHICLES",
            Some(ConditionTag::DiscloseVehicles),
            false,
        ),
        ("ADD-DRUG-TESTING", Some(ConditionTag::DrugTesting), false),
        (
            "ADD-GPS-TRAIL",
            Some(ConditionTag::ElectronicMonitoring),
            false,
        ),
        (
            "ADD-ALCOHOL-MONITORING",
            Some(ConditionTag::ElectronicMonitoring),
            false,
        ),
        (
            "ADD-NO-UNSUPERVISED-CONTACT-CHILDREN",
            Some(ConditionTag::NonContact),
            false,
        ),
        ("ADD-REPORT-POLICE-STATION", None, false),
        ("ADD-POLYGRAPH", None, false),
        ("ADD-SURRENDER-PASSPORT", None, false),
        ("ADD-ENGAGE-IOM", None, false),
    ];
    for (code, tag, victim_related) in cases {
        let spec = find(code).unwrap_or_else(|| panic!("{code} missing"));
        assert_eq!(
            (spec.tag, spec.victim_related),
            (tag, victim_related),
            "{code}"
        );
    }
    let victim = find("ADD-NO-CONTACT-VICTIM").unwrap();
    assert_eq!(victim.param("victim").unwrap().kind, ParamKind::Person);
    let zone = find("ADD-EXCLUSION-ZONE").unwrap();
    let kinds: Vec<(&str, ParamKind, bool)> = zone
        .params
        .iter()
        .map(|p| (p.name, p.kind, p.required))
        .collect();
    assert_eq!(
        kinds,
        [
            ("zone", ParamKind::Zone, true),
            ("description", ParamKind::LongText, true),
            ("start", ParamKind::Time, false),
            ("end", ParamKind::Time, false),
        ]
    );
    assert_eq!(
        find("ADD-GPS-TRAIL").unwrap().params[0].kind,
        ParamKind::Date
    );
}

#[test]
fn quoted_wording_is_marked_as_published() {
    let iom = find("ADD-ENGAGE-IOM").unwrap();
    assert_eq!(
        iom.text,
        "To engage with the Integrated Offender Management Team, and follow their instructions."
    );
    assert_eq!(iom.wording, WordingSource::Published);
    let visits = find("ADD-POLICE-MONITORING-VISITS").unwrap();
    assert_eq!(visits.text, "To comply with Police monitoring visits.");
    assert_eq!(visits.wording, WordingSource::Published);
    assert_eq!(find("ADD-CURFEW").unwrap().wording, WordingSource::Concord);
}

#[test]
fn bespoke_is_one_spec_with_long_text_found_by_code_but_not_listed_as_additional() {
    let spec = find("BESPOKE").unwrap();
    assert_eq!(spec.kind, ConditionKind::Bespoke);
    assert_eq!(spec.params.len(), 1);
    assert_eq!(spec.params[0].kind, ParamKind::LongText);
    assert!(!additional_conditions(CURRENT)
        .iter()
        .any(|s| s.code == "BESPOKE"));
    assert_eq!(find("NO-SUCH-CODE"), None);
}

#[test]
fn short_names_read_as_words() {
    assert_eq!(
        find("ADD-EXCLUSION-ZONE").unwrap().short_name(),
        "Exclusion zone"
    );
    assert_eq!(find("AP-STD-TRAVEL-V1").unwrap().short_name(), "Travel");
    assert_eq!(BESPOKE.short_name(), "Bespoke");
}

#[test]
fn enums_serialise_as_the_hmpps_services_spell_them() {
    let json = |v: serde_json::Value| v.to_string();
    assert_eq!(
        json(serde_json::to_value(PolicyVersion::V4_0).unwrap()),
        "\"4.0\""
    );
    assert_eq!(
        json(serde_json::to_value(PolicyVersion::V1_0).unwrap()),
        "\"1.0\""
    );
    assert_eq!(
        json(serde_json::to_value(LicenceType::ApPss).unwrap()),
        "\"AP_PSS\""
    );
    assert_eq!(
        json(serde_json::to_value(ConditionTag::ExclusionZone).unwrap()),
        "\"EXCLUSION_ZONE\""
    );
    let back: LicenceType = serde_json::from_str("\"PSS\"").unwrap();
    assert_eq!(back, LicenceType::Pss);
    assert_eq!(PolicyVersion::CURRENT, CURRENT);
    assert_eq!(CURRENT, PolicyVersion::V4_0);
}
