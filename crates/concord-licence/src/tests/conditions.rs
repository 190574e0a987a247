use super::{d, fields, owned, period};
use crate::catalogue::{find, PolicyVersion};
use crate::conditions::{render, validate_condition, Condition, LicencePeriod};

fn of(code: &str) -> Condition {
    Condition::of(find(code).unwrap())
}

fn errors(c: &Condition) -> Vec<(String, &'static str)> {
    match validate_condition(c, &period()) {
        Ok(()) => Vec::new(),
        Err(e) => owned(&e),
    }
}

fn one(field: &str, code: &'static str) -> Vec<(String, &'static str)> {
    vec![(field.to_string(), code)]
}

/// Mr D's conditions (seed 002), all valid.
fn mr_d() -> Vec<Condition> {
    let mut victim = of("ADD-NO-CONTACT-VICTIM").with("victim", "Alison");
    victim.victim_id = Some("victim-1".into());
    let mut zone = of("ADD-EXCLUSION-ZONE").with("zone", "MAP-1").with(
        "description",
        "the streets around Alison's home and his daughter's address",
    );
    zone.victim_id = Some("victim-1".into());
    vec![
        victim,
        zone,
        of("ADD-RESIDE-APPROVED-PREMISES").with("address", "1 Hostel Road, Chelmsford"),
        of("ADD-CURFEW")
            .with("address", "1 Hostel Road, Chelmsford")
            .with("start", "19:00")
            .with("end", "07:00"),
        of("ADD-POLICE-MONITORING-VISITS"),
        of("ADD-DISCLOSE-RELATIONSHIPS"),
        of("ADD-DISCLOSE-VEHICLES"),
    ]
}

#[test]
fn mr_d_conditions_are_valid() {
    for c in mr_d() {
        assert_eq!(errors(&c), [], "{}", c.code);
    }
}

#[test]
fn unknown_code_is_the_only_error_reported() {
    let c = Condition {
        code: "ADD-NOPE".into(),
        policy: PolicyVersion::V4_0,
        params: Default::default(),
        victim_id: None,
    };
    assert_eq!(errors(&c), one("code", "unknown_code"));
    assert_eq!(render(&c).unwrap_err().code, "unknown_code");
}

#[test]
fn every_missing_required_param_is_named() {
    let c = of("ADD-CURFEW").with("start", "  ");
    assert_eq!(
        errors(&c),
        [
            ("params.address".to_string(), "missing"),
            ("params.start".to_string(), "missing"),
            ("params.end".to_string(), "missing")
        ]
    );
    let e = validate_condition(&c, &period()).unwrap_err();
    assert_eq!(e[0].message, "Enter the curfew address");
}

#[test]
fn malformed_times_are_refused() {
    for bad in ["7:00", "19.00", "24:00", "19:60", "7pm", "19:0", "١٩:٠٠"] {
        let c = of("ADD-REPORT-POLICE-STATION")
            .with("station", "Chelmsford")
            .with("time", bad);
        assert_eq!(errors(&c), one("params.time", "time_invalid"), "{bad}");
    }
}

#[test]
fn dates_are_iso_or_day_month_year_and_inside_the_licence_period() {
    let gps = |v: &str| of("ADD-GPS-TRAIL").with("end_date", v);
    assert_eq!(errors(&gps("2026-09-01")), []);
    assert_eq!(errors(&gps("1/9/2026")), []);
    assert_eq!(errors(&gps("01/09/2026")), []);
    assert_eq!(
        errors(&gps("31/2/2026")),
        one("params.end_date", "date_invalid")
    );
    assert_eq!(
        errors(&gps("1/9/26")),
        one("params.end_date", "date_invalid")
    );
    assert_eq!(
        errors(&gps("next week")),
        one("params.end_date", "date_invalid")
    );
    assert_eq!(
        errors(&gps("2027-03-01")),
        one("params.end_date", "date_outside_period")
    );
    assert_eq!(
        errors(&gps("28/2/2026")),
        one("params.end_date", "date_outside_period")
    );
    assert_eq!(
        errors(&gps("28/2/2027")),
        [],
        "the last day of the licence is inside it"
    );
}

#[test]
fn a_licence_period_that_ends_before_it_starts_is_reported_once() {
    let backwards = LicencePeriod {
        start: d(2027, 1, 1),
        end: d(2026, 1, 1),
    };
    let c = of("ADD-GPS-TRAIL").with("end_date", "2030-01-01");
    let e = validate_condition(&c, &backwards).unwrap_err();
    assert_eq!(fields(&e), [("period", "period_invalid")]);
}

#[test]
fn numbers_must_be_whole_and_in_range() {
    let children = |v: &str| of("ADD-NO-UNSUPERVISED-CONTACT-CHILDREN").with("age", v);
    assert_eq!(errors(&children("16")), []);
    assert_eq!(errors(&children("18")), []);
    assert_eq!(
        errors(&children("19")),
        one("params.age", "number_out_of_range")
    );
    assert_eq!(
        errors(&children("0")),
        one("params.age", "number_out_of_range")
    );
    assert_eq!(
        errors(&children("99999999999999999999999")),
        one("params.age", "number_out_of_range")
    );
    assert_eq!(errors(&children("-1")), one("params.age", "number_invalid"));
    assert_eq!(
        errors(&children("sixteen")),
        one("params.age", "number_invalid")
    );
    assert_eq!(
        errors(&children("16.5")),
        one("params.age", "number_invalid")
    );
    let cash = of("ADD-CASH-LIMIT").with("amount", "2000000");
    assert_eq!(errors(&cash), one("params.amount", "number_out_of_range"));
}

#[test]
fn a_choice_must_be_one_of_the_list_exactly() {
    let c = of("ADD-MEDICAL-APPOINTMENTS").with("practitioner", "a dentist");
    assert_eq!(errors(&c), one("params.practitioner", "choice_invalid"));
    let ok = of("ADD-MEDICAL-APPOINTMENTS").with("practitioner", "a psychiatrist");
    assert_eq!(errors(&ok), []);
}

#[test]
fn text_over_2000_characters_is_too_long() {
    let c = of("BESPOKE").with("wording", &"é".repeat(2001));
    assert_eq!(errors(&c), one("params.wording", "too_long"));
    assert_eq!(
        errors(&of("BESPOKE").with("wording", &"é".repeat(2000))),
        []
    );
}

#[test]
fn a_victim_can_be_linked_only_to_a_victim_related_condition() {
    let mut c = of("ADD-DISCLOSE-VEHICLES");
    c.victim_id = Some("victim-1".into());
    assert_eq!(errors(&c), one("victim_id", "not_victim_related"));
    let mut blank = of("ADD-NOT-ENTER-PREMISES").with("place", "Station Road");
    blank.victim_id = Some(" ".into());
    assert_eq!(errors(&blank), one("victim_id", "victim_id_blank"));
}

#[test]
fn a_time_window_needs_both_ends_and_a_length() {
    let zone = || {
        of("ADD-EXCLUSION-ZONE")
            .with("zone", "MAP-1")
            .with("description", "the town centre")
    };
    assert_eq!(
        errors(&zone().with("start", "09:00").with("end", "09:00")),
        one("params.end", "window_zero")
    );
    assert_eq!(
        errors(&zone().with("start", "09:00")),
        one("params.end", "window_incomplete")
    );
    assert_eq!(
        errors(&zone().with("end", "17:00")),
        one("params.start", "window_incomplete")
    );
    assert_eq!(
        errors(&zone().with("start", "22:00").with("end", "06:00")),
        [],
        "a window may cross midnight"
    );
    let curfew = of("ADD-CURFEW")
        .with("address", "1 High St")
        .with("start", "19:00")
        .with("end", "19:00");
    assert_eq!(errors(&curfew), one("params.end", "window_zero"));
}

#[test]
fn days_must_read_as_days_of_the_week() {
    let curfew = |days: &str| {
        of("ADD-CURFEW")
            .with("address", "1 High St")
            .with("start", "19:00")
            .with("end", "07:00")
            .with("days", days)
    };
    assert_eq!(errors(&curfew("Monday to Friday")), []);
    assert_eq!(errors(&curfew("Mon, Wed and Fri")), []);
    assert_eq!(
        errors(&curfew("most nights")),
        one("params.days", "days_invalid")
    );
}

#[test]
fn unknown_params_and_wrong_policy_are_reported_with_everything_else() {
    let mut c = of("ADD-CURFEW")
        .with("addres", "1 High St")
        .with("start", "7pm")
        .with("end", "07:00");
    c.policy = PolicyVersion::V1_0;
    assert_eq!(
        errors(&c),
        [
            ("policy".to_string(), "policy_mismatch"),
            ("params.addres".to_string(), "unknown_param"),
            ("params.address".to_string(), "missing"),
            ("params.start".to_string(), "time_invalid"),
        ]
    );
    let mut bespoke = of("BESPOKE").with("wording", "Not to keep dogs.");
    bespoke.policy = PolicyVersion::V1_0;
    assert_eq!(errors(&bespoke), [], "bespoke wording belongs to no policy");
}

#[test]
fn render_fills_the_wording_and_drops_unused_optional_segments() {
    let zone = of("ADD-EXCLUSION-ZONE")
        .with("zone", "MAP-1")
        .with("description", "the area of Chelmsford around Alison's home");
    assert_eq!(
        render(&zone).unwrap(),
        "Do not enter the area of Chelmsford around Alison's home, the area shown on map MAP-1, without the prior approval of your supervising officer."
    );
    let timed = zone.clone().with("start", "08:00").with("end", "18:00");
    assert!(render(&timed)
        .unwrap()
        .contains("map MAP-1, between 08:00 and 18:00, without"));
    let curfew = of("ADD-CURFEW")
        .with("address", "1 Hostel Road")
        .with("start", "19:00")
        .with("end", "07:00");
    assert_eq!(
        render(&curfew).unwrap(),
        "Stay at 1 Hostel Road from 19:00 until 07:00, unless your supervising officer has given you permission to be elsewhere."
    );
    let gps = of("ADD-GPS-TRAIL").with("end_date", "1/9/2026");
    assert!(render(&gps).unwrap().contains("until 1 September 2026,"));
}

#[test]
fn render_copies_values_as_text_and_never_expands_them() {
    let c = of("ADD-NO-CONTACT-NAMED").with("person", "{victim} [x]");
    assert!(render(&c).unwrap().contains("with {victim} [x], directly"));
}

#[test]
fn render_names_the_first_missing_required_param() {
    let e = render(&of("ADD-NO-CONTACT-VICTIM")).unwrap_err();
    assert_eq!((e.field.as_str(), e.code), ("params.victim", "missing"));
    assert_eq!(e.message, "Enter the victim's name");
}
