//! The runner itself: it must see every kind of difference, or a passing suite means nothing.

use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
}

fn differences(expected: &str) -> Vec<Difference> {
    let text = format!(
        r#"{{"cases":[{{"name":"n","request":{{"gender":"FEMALE"}},"expected":{expected}}}]}}"#
    );
    let cases = parse_cases(&text).unwrap();
    run_case(&cases[0], today()).differences
}

/// What the engine answers for OVP to a request with only a gender, as the runner sees it.
fn ovp_actual() -> Json {
    let cases = parse_cases(r#"[{"request":{"gender":"FEMALE"},"expected":{}}]"#).unwrap();
    answer(&cases[0], today()).get("ovp").unwrap().clone()
}

#[test]
fn the_engines_own_answer_passes() {
    assert_eq!(
        differences(&format!("{{\"ovp\":{}}}", ovp_actual())),
        vec![]
    );
}

#[test]
fn a_changed_value_is_named_by_its_path() {
    let text = ovp_actual().to_string().replace("\"OVP\"", "\"OVPX\"");
    let d = differences(&format!("{{\"ovp\":{text}}}"));
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].path, "$.ovp.algorithm");
}

#[test]
fn missing_and_extra_keys_and_key_order_are_differences() {
    let Json::Object(mut fields) = ovp_actual() else {
        panic!()
    };
    fields.swap(0, 1);
    let removed = fields.pop().unwrap();
    fields.push(("extra".into(), Json::Null));
    let d = differences(&format!("{{\"ovp\":{}}}", Json::Object(fields)));
    let whats: Vec<&str> = d.iter().map(|d| d.what.as_str()).collect();
    assert!(d.iter().any(|d| d.path == "$.ovp.extra"), "{whats:?}");
    assert!(
        d.iter().any(|d| d.path == format!("$.ovp.{}", removed.0)),
        "{whats:?}"
    );
    assert!(
        d.iter().any(|d| d.what.starts_with("key order")),
        "{whats:?}"
    );
}

#[test]
fn an_integer_is_not_a_decimal() {
    let text = r#"{"tier":"MISSING"}"#;
    let cases = parse_cases(&format!(
        r#"[{{"endpoint":"tier","request":{{"has_active_event":true,"arp":1}},"expected":{text}}}]"#
    ))
    .unwrap();
    assert!(run_case(&cases[0], today()).passed());
    let d = differences(r#"{"ovp":{"model_version":1}}"#);
    assert!(d.iter().any(|d| d.path == "$.ovp.model_version"));
    let mut a = vec![];
    compare(
        "$",
        &Json::parse("1").unwrap(),
        &Json::parse("1.0").unwrap(),
        &mut a,
    );
    assert_eq!(a.len(), 1);
}

#[test]
fn refusals_are_answers_too() {
    let cases = parse_cases(
        r#"[{"name":"bad type","request":{"gender":7},"expected":{"status":400}},
            {"name":"tier","endpoint":"tier","request":{},"expected":{"status":422,"field":"has_active_event"}}]"#,
    )
    .unwrap();
    for outcome in run(&cases, today()) {
        assert!(
            outcome.passed(),
            "{}: {:?}",
            outcome.name,
            outcome.differences
        );
    }
}

#[test]
fn a_bad_file_names_the_case() {
    let e = parse_cases(r#"[{"name":"x","request":{},"expected":[]}]"#).unwrap_err();
    assert!(e.0.contains("case 1 (x)"), "{e}");
    assert!(parse_cases("{").is_err());
    assert!(parse_cases(r#"[{"endpoint":"nope","request":{},"expected":{}}]"#).is_err());
}
