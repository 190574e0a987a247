use crate::catalogue::find;
use crate::conditions::Condition;
use crate::variation::{diff, ChangeKind};

fn of(code: &str) -> Condition {
    Condition::of(find(code).unwrap())
}

fn curfew(start: &str, end: &str) -> Condition {
    of("ADD-CURFEW")
        .with("address", "1 Hostel Road")
        .with("start", start)
        .with("end", end)
}

fn zone(map: &str) -> Condition {
    of("ADD-EXCLUSION-ZONE")
        .with("zone", map)
        .with("description", "the town centre")
}

#[test]
fn mr_d_variation_reports_exactly_the_relaxed_curfew_and_the_added_condition() {
    let before = vec![
        of("ADD-NO-CONTACT-VICTIM").with("victim", "Alison"),
        curfew("19:00", "07:00"),
        of("ADD-DISCLOSE-VEHICLES"),
    ];
    let after = vec![
        of("ADD-NO-CONTACT-VICTIM").with("victim", "Alison"),
        curfew("21:00", "06:00"),
        of("ADD-DISCLOSE-VEHICLES"),
        of("ADD-DISCLOSE-RELATIONSHIPS"),
    ];
    let changes = diff(&before, &after);
    assert_eq!(changes.len(), 2, "{changes:#?}");
    assert_eq!(changes[0].kind, ChangeKind::Changed);
    assert_eq!(changes[0].code, "ADD-CURFEW");
    assert_eq!(
        changes[0].summary,
        "Curfew relaxed from 19:00–07:00 to 21:00–06:00"
    );
    assert!(changes[0]
        .before
        .as_deref()
        .unwrap()
        .contains("from 19:00 until 07:00"));
    assert!(changes[0]
        .after
        .as_deref()
        .unwrap()
        .contains("from 21:00 until 06:00"));
    assert_eq!(changes[1].kind, ChangeKind::Added);
    assert_eq!(changes[1].code, "ADD-DISCLOSE-RELATIONSHIPS");
    assert_eq!(changes[1].before, None);
    assert_eq!(
        changes[1].summary,
        "Condition added: Disclose relationships"
    );
}

#[test]
fn the_same_conditions_in_another_order_or_spacing_are_no_change() {
    let a = vec![zone("MAP-1"), of("ADD-POLYGRAPH")];
    let b = vec![
        of("ADD-POLYGRAPH"),
        zone("MAP-1").with("zone", " MAP-1 ").with("start", ""),
    ];
    assert_eq!(diff(&a, &b), []);
}

#[test]
fn removing_the_middle_of_three_zones_is_one_removal() {
    let before = vec![zone("MAP-1"), zone("MAP-2"), zone("MAP-3")];
    let after = vec![zone("MAP-1"), zone("MAP-3")];
    let changes = diff(&before, &after);
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].kind, ChangeKind::Removed);
    assert!(changes[0].before.as_deref().unwrap().contains("MAP-2"));
    assert_eq!(changes[0].summary, "Condition removed: Exclusion zone");
}

#[test]
fn a_changed_zone_lists_each_changed_param_by_label() {
    let before = vec![zone("MAP-1")];
    let after = vec![zone("MAP-1")
        .with("description", "the town centre and the station")
        .with("start", "08:00")
        .with("end", "18:00")];
    let changes = diff(&before, &after);
    assert_eq!(changes.len(), 1);
    assert_eq!(
        changes[0].summary,
        "Exclusion zone changed: description of the area from the town centre to the town centre and the station; \
         end time from (none) to 18:00; start time from (none) to 08:00"
    );
}

#[test]
fn relinking_a_victim_is_a_change_that_does_not_show_the_id() {
    let mut linked = of("ADD-NO-CONTACT-VICTIM").with("victim", "Alison");
    linked.victim_id = Some("victim-1".into());
    let plain = of("ADD-NO-CONTACT-VICTIM").with("victim", "Alison");
    let changes = diff(&[plain], &[linked]);
    assert_eq!(
        changes[0].summary,
        "No contact victim changed: linked victim changed"
    );
    assert!(!changes[0].summary.contains("victim-1"));
}

#[test]
fn unknown_codes_still_diff_with_a_plain_description() {
    let old = Condition {
        code: "RETIRED-CODE".into(),
        ..of("ADD-POLYGRAPH")
    };
    let changes = diff(&[old], &[]);
    assert_eq!(changes[0].before.as_deref(), Some("RETIRED-CODE ()"));
    assert_eq!(changes[0].summary, "Condition removed: RETIRED-CODE");
}
