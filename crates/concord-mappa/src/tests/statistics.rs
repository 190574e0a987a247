use super::d;
use crate::statistics::*;
use crate::{Category, Level};

fn row(category: Category, level: Level, active: bool) -> MappaCaseYear {
    MappaCaseYear {
        category,
        level,
        active_on_31_march: active,
        level_2_or_3_during_year: level != Level::One,
        registered_sex_offender: category == Category::One,
        notification_breaches: 0,
        breach_returns: 0,
        order_breach_returns: 0,
        sfo_charged: 0,
        shpos_imposed: 0,
        shpos_with_foreign_travel: 0,
        notification_orders: 0,
        sro_breach_notifications: 0,
        serious_case_reviews: 0,
    }
}

#[test]
fn the_reporting_year_runs_1_april_to_31_march() {
    assert_eq!(
        reporting_year(d(2026, 3, 31)),
        (d(2025, 4, 1), d(2026, 3, 31))
    );
    assert_eq!(
        reporting_year(d(2026, 4, 1)),
        (d(2026, 4, 1), d(2027, 3, 31))
    );
    assert_eq!(
        reporting_year(d(2026, 12, 25)),
        (d(2026, 4, 1), d(2027, 3, 31))
    );
}

#[test]
fn rates_per_100k_round_half_up_exactly() {
    assert_eq!(per_100k(1, 8_000, 0), Some(13.0)); // 12.5
    assert_eq!(per_100k(3, 8_000, 0), Some(38.0)); // 37.5
    assert_eq!(per_100k(1, 7_000, 0), Some(14.0)); // 14.2857…
    assert_eq!(per_100k(1, 7_000, 1), Some(14.3));
    assert_eq!(per_100k(1_000, 1_745_000, 0), Some(57.0)); // 57.306…
    assert_eq!(per_100k(5, 0, 0), None);
}

/// A small year: Mr D (Category 2, Level 2, active on 31 March, recalled once for breach
/// of licence), three RSOs, a Category 3 case at Level 3 who left before 31 March and was
/// charged with an SFO, and a Level 1 Category 2 case charged with an SFO (not a Level 2
/// or 3 offender, so not in the returns-to-custody rows).
#[test]
fn a_small_hand_built_year() {
    let mut mr_d = row(Category::Two, Level::Two, true);
    mr_d.breach_returns = 1;
    let mut rso_breach = row(Category::One, Level::One, true);
    rso_breach.notification_breaches = 1;
    rso_breach.shpos_imposed = 1;
    let mut left = row(Category::Three, Level::Three, false);
    left.sfo_charged = 1;
    left.serious_case_reviews = 1;
    let mut level_1_sfo = row(Category::Two, Level::One, true);
    level_1_sfo.sfo_charged = 1;
    let rows = vec![
        mr_d,
        rso_breach,
        row(Category::One, Level::One, true),
        row(Category::One, Level::Two, true),
        left,
        level_1_sfo,
    ];
    let t = annual_tables(&rows, d(2026, 3, 31), 8_000, &StatisticsSettings::default());

    assert_eq!(t.year, (d(2025, 4, 1), d(2026, 3, 31)));
    assert_eq!(t.eligible_total, 5);
    assert_eq!(t.eligible_by_category_and_level.len(), 12);
    assert_eq!(
        t.eligible_by_category_and_level[&(Category::One, Level::One)],
        2
    );
    assert_eq!(
        t.eligible_by_category_and_level[&(Category::One, Level::Two)],
        1
    );
    assert_eq!(
        t.eligible_by_category_and_level[&(Category::Two, Level::Two)],
        1
    );
    assert_eq!(
        t.eligible_by_category_and_level[&(Category::Two, Level::One)],
        1
    );
    assert_eq!(
        t.eligible_by_category_and_level[&(Category::Three, Level::Three)],
        0
    );
    assert_eq!(t.eligible_by_category[&Category::One], 3);
    assert_eq!(t.eligible_by_level[&Level::One], 3);
    assert_eq!(t.level_2_3_by_category[&Category::One], 1);
    assert_eq!(t.level_2_3_by_category[&Category::Two], 1);
    assert_eq!(t.level_2_3_by_category[&Category::Three], 1);
    assert_eq!(t.level_2_3_total, 3);
    assert_eq!(t.rsos, 3);
    assert_eq!(t.rso_per_100k, Some(38.0)); // 37.5 rounds half up
    assert_eq!(t.notification_breaches, 1);
    assert_eq!(t.shpos_imposed, 1);
    assert_eq!(
        t.returns_to_custody,
        ReturnsToCustody {
            breach_of_licence: 1,
            breach_of_order: 0,
            charged_with_sfo: 1
        }
    );
    assert_eq!(t.sfos, 1);
    assert_eq!(t.serious_case_reviews, 1);

    let json = serde_json::to_value(&t).unwrap();
    assert_eq!(
        json["eligible_by_category_and_level"][0]["category"],
        "CATEGORY_1"
    );
    assert_eq!(
        json["eligible_by_category_and_level"][0]["level"],
        "LEVEL_1"
    );
    assert_eq!(json["eligible_by_category_and_level"][0]["count"], 2);
}

#[test]
fn an_empty_year_has_every_cell_at_zero_and_no_rate_without_population() {
    let t = annual_tables(&[], d(2026, 3, 31), 0, &StatisticsSettings::default());
    assert!(t.eligible_by_category_and_level.values().all(|&n| n == 0));
    assert_eq!(t.eligible_total, 0);
    assert_eq!(t.rso_per_100k, None);
}
