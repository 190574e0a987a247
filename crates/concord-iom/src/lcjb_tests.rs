use super::*;

const HEADER: &str = "measure,area,period_start,period_end,numerator,denominator\n";

#[test]
fn a_good_file_is_read_with_each_measure_shaped() {
    let text = format!(
        "{HEADER}ineffective_trials,Essex,2026-01-01,2026-03-31,12,80\n\
         fta_warrants_outstanding,Essex,2026-01-01,2026-03-31,41,\n\
         pyo_arrest_to_sentence_days,\"Essex\",2026-01-01,2026-03-31,1380,20\n"
    );
    let f = parse_measures(&text).unwrap();
    assert_eq!(f.len(), 3);
    assert_eq!(f[0].value(), Some(0.15));
    assert_eq!(f[1].value(), Some(41.0));
    assert_eq!(f[2].value(), Some(69.0));
    assert_eq!(f[2].measure.target(), Some(71.0));
}

#[test]
fn every_bad_line_is_named_by_line_and_field() {
    let text = format!(
        "{HEADER}trials,Essex,2026-01-01,2026-03-31,1,2\n\
         ineffective_trials,Essex,2026-02-30,2026-03-31,1,2\n\
         ineffective_trials,Essex,2026-04-01,2026-03-31,1,2\n\
         ineffective_trials,Essex,2026-01-01,2026-03-31,9,2\n\
         fta_warrants_outstanding,Essex,2026-01-01,2026-03-31,4,4\n\
         pyo_arrest_to_sentence_days,Essex,2026-01-01,2026-03-31,-3,\n\
         ineffective_trials,,2026-01-01,2026-03-31,1,2\n\
         ineffective_trials,Essex,2026-01-01\n\
         ineffective_trials,Essex,2026-01-01,2026-01-31,1,2\n"
    );
    let e = parse_measures(&text).unwrap_err();
    let at: Vec<(usize, &str)> = e.iter().map(|e| (e.line, e.field.as_str())).collect();
    assert_eq!(
        at,
        vec![
            (2, "measure"),
            (3, "period_start"),
            (4, "period_end"),
            (5, "numerator"),
            (6, "denominator"),
            (7, "numerator"),
            (7, "denominator"),
            (8, "area"),
            (9, "line"),
            (10, "period_end"),
        ]
    );
    assert!(e[0].to_string().contains("ineffective_trials"));
}

#[test]
fn a_figure_twice_or_no_figures_or_a_wrong_header_is_refused() {
    let twice = format!(
        "{HEADER}fta_warrants_outstanding,Essex,2026-01-01,2026-03-31,4,\n\
         fta_warrants_outstanding,Essex,2026-01-01,2026-03-31,5,\n"
    );
    assert_eq!(parse_measures(&twice).unwrap_err()[0].line, 3);
    assert_eq!(
        parse_measures(HEADER).unwrap_err()[0].message,
        "the file holds no figures"
    );
    assert_eq!(
        parse_measures("measure,area\n").unwrap_err()[0].field,
        "header"
    );
}

#[test]
fn quarters_are_calendar_quarters_counted_back_from_today() {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    assert_eq!(
        quarter_of(d(2026, 12, 6)),
        (d(2026, 10, 1), d(2026, 12, 31))
    );
    assert_eq!(quarter_of(d(2026, 2, 28)), (d(2026, 1, 1), d(2026, 3, 31)));
    assert_eq!(
        last_quarters(d(2026, 12, 6), 3),
        vec![
            (d(2026, 1, 1), d(2026, 3, 31)),
            (d(2026, 4, 1), d(2026, 6, 30)),
            (d(2026, 7, 1), d(2026, 9, 30))
        ]
    );
    assert_eq!(quarter_label(d(2026, 7, 1)), "Jul to Sep 2026");
}

#[test]
fn offences_are_counted_by_quarter_with_empty_quarters_kept() {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    let counts = count_by_quarter(
        &[
            d(2025, 1, 5),
            d(2025, 3, 31),
            d(2025, 7, 1),
            d(2024, 12, 31),
        ],
        d(2025, 2, 1),
        d(2025, 8, 1),
    );
    assert_eq!(
        counts,
        vec![
            ((d(2025, 1, 1), d(2025, 3, 31)), 2),
            ((d(2025, 4, 1), d(2025, 6, 30)), 0),
            ((d(2025, 7, 1), d(2025, 9, 30)), 1)
        ]
    );
}
