use std::sync::Arc;

use proptest::prelude::*;

use super::*;
use crate::model::{Point, Polygon, Zone};

const CHELMSFORD: Point = Point::new(0.47, 51.73);

/// A star-shaped (so simple) polygon about `centre`: radii in metres at even angles.
fn star(centre: Point, radii: &[f64]) -> Zone {
    let n = radii.len();
    let mut ring: Vec<Point> = radii
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let a = std::f64::consts::TAU * i as f64 / n as f64;
            centre.offset_m(r * a.cos(), r * a.sin())
        })
        .collect();
    ring.push(ring[0]);
    Zone {
        polygons: vec![Polygon {
            exterior: ring,
            holes: vec![],
        }],
    }
}

fn square_with_hole() -> Zone {
    let sq = |half: f64| {
        let c = |e: f64, n: f64| CHELMSFORD.offset_m(e, n);
        vec![
            c(-half, -half),
            c(half, -half),
            c(half, half),
            c(-half, half),
            c(-half, -half),
        ]
    };
    Zone {
        polygons: vec![Polygon {
            exterior: sq(500.0),
            holes: vec![sq(100.0)],
        }],
    }
}

#[test]
fn presence_takes_holes_edges_and_accuracy_into_account() {
    let z = PreparedZone::from_zone(&square_with_hole());
    let at = |e: f64, n: f64, acc: f64| z.presence(CHELMSFORD.offset_m(e, n), acc);
    assert_eq!(at(300.0, 0.0, 0.0), Presence::Inside);
    assert_eq!(at(0.0, 0.0, 0.0), Presence::Outside, "in the hole");
    assert_eq!(at(800.0, 0.0, 0.0), Presence::Outside);
    assert_eq!(
        at(500.0, 0.0, 0.0),
        Presence::Inside,
        "on the edge is inside"
    );
    assert_eq!(at(495.0, 0.0, 10.0), Presence::Uncertain);
    assert_eq!(at(505.0, 0.0, 10.0), Presence::Uncertain);
    assert_eq!(at(480.0, 0.0, 10.0), Presence::Inside);
    assert_eq!(
        at(120.0, 0.0, 30.0),
        Presence::Uncertain,
        "near the hole's edge"
    );
}

#[test]
fn a_circle_is_exact() {
    let c = PreparedZone::circle(CHELMSFORD, 200.0);
    assert_eq!(
        c.presence(CHELMSFORD.offset_m(150.0, 0.0), 5.0),
        Presence::Inside
    );
    assert_eq!(
        c.presence(CHELMSFORD.offset_m(0.0, 250.0), 5.0),
        Presence::Outside
    );
    assert_eq!(
        c.presence(CHELMSFORD.offset_m(0.0, 198.0), 5.0),
        Presence::Uncertain
    );
}

fn exclusion(zone: Zone) -> Vec<FenceRule> {
    vec![FenceRule {
        key: 7,
        kind: RuleKind::Exclusion,
        zone: Arc::new(PreparedZone::from_zone(&zone)),
        window: TimeWindow::Always,
    }]
}

fn fix(id: u64, at: i64, east_m: f64) -> Fix {
    Fix {
        id,
        at,
        point: CHELMSFORD.offset_m(east_m, 0.0),
        accuracy_m: 5.0,
    }
}

const T0: i64 = 1_780_000_000;

#[test]
fn a_breach_starts_after_the_dwell_is_dated_from_its_first_fix_and_ends_with_hysteresis() {
    let mut m = SubjectMonitor::new(
        exclusion(star(CHELMSFORD, &[300.0; 12])),
        DwellConfig::default(),
    );
    let mut changes = vec![];
    // Outside, then inside every 10 s: three fixes inside over 20 s is not yet the dwell;
    // the fourth, 30 s after the first, opens the breach.
    for (i, east) in [600.0, 500.0, 250.0, 200.0, 150.0].iter().enumerate() {
        changes.extend(m.insert(fix(i as u64, T0 + 10 * i as i64, *east)).unwrap());
    }
    assert!(
        changes.is_empty(),
        "three fixes in 20 s is not yet the dwell: {changes:?}"
    );
    changes.extend(m.insert(fix(6, T0 + 50, 100.0)).unwrap());
    assert_eq!(
        changes,
        vec![AlertChange::Opened(Alert {
            rule: Some(7),
            kind: AlertKind::ExclusionEntered,
            opened_at: T0 + 20,
            opened_by: 2,
            closed_at: None
        })]
    );
    // Out again: it closes only after three fixes and 30 s outside.
    let mut out = vec![];
    for (i, at) in [70, 80, 90, 100].iter().enumerate() {
        out.extend(m.insert(fix(10 + i as u64, T0 + at, 700.0)).unwrap());
    }
    assert_eq!(out.len(), 1);
    assert!(matches!(out[0], AlertChange::Closed(a) if a.closed_at == Some(T0 + 100)));
    // A redelivered fix changes nothing.
    assert!(m.insert(fix(6, T0 + 50, 100.0)).unwrap().is_empty());
}

#[test]
fn jitter_along_the_boundary_raises_nothing() {
    let mut m = SubjectMonitor::new(
        exclusion(star(CHELMSFORD, &[300.0; 12])),
        DwellConfig::default(),
    );
    for i in 0..200 {
        // ±12 m about the boundary with 5 m accuracy: in, uncertain, out by turns.
        let east = 300.0 + if i % 2 == 0 { 12.0 } else { -12.0 };
        assert!(m
            .insert(fix(i, T0 + 5 * i as i64, east))
            .unwrap()
            .is_empty());
    }
    assert!(m.alerts().is_empty());
}

#[test]
fn a_late_fix_that_breaks_the_dwell_retracts_the_alert_and_silence_is_signal_loss() {
    let mut m = SubjectMonitor::new(
        exclusion(star(CHELMSFORD, &[300.0; 12])),
        DwellConfig::default(),
    );
    for (i, at) in [0, 10, 20, 40].iter().enumerate() {
        m.insert(fix(i as u64, T0 + at, 100.0)).unwrap();
    }
    assert_eq!(m.alerts().len(), 1);
    // The fix taken at +30 s, outside, arrives last: the run was broken, so no breach.
    let late = m.insert(fix(9, T0 + 30, 900.0)).unwrap();
    assert!(
        matches!(late.as_slice(), [AlertChange::Retracted(_)]),
        "{late:?}"
    );
    assert!(m.alerts().is_empty());
    // Fifteen minutes' silence.
    let quiet = m.tick(T0 + 40 + 900);
    assert!(
        matches!(quiet.as_slice(), [AlertChange::Opened(a)] if a.kind == AlertKind::SignalLoss && a.opened_at == T0 + 940)
    );
    let back = m.insert(fix(20, T0 + 2000, 900.0)).unwrap();
    assert!(matches!(back.as_slice(), [AlertChange::Closed(a)] if a.closed_at == Some(T0 + 2000)));
    // Too late: older than ten minutes before the newest.
    assert!(matches!(
        m.insert(fix(21, T0 + 100, 900.0)),
        Err(FixRefused::TooLate { .. })
    ));
}

#[test]
fn a_curfew_is_broken_only_away_from_home_during_its_hours() {
    let home = Arc::new(PreparedZone::circle(CHELMSFORD, 50.0));
    let rules = vec![FenceRule {
        key: 1,
        kind: RuleKind::Curfew,
        zone: home,
        window: TimeWindow::Daily {
            from: 19 * 60,
            until: 7 * 60,
        },
    }];
    let mut m = SubjectMonitor::new(rules, DwellConfig::default());
    // 2026-01-15 18:00 UTC (GMT): out before the curfew, still out after 19:00.
    let evening = 1_768_500_000 - 1_768_500_000 % 86_400 + 18 * 3_600;
    for i in 0..12 {
        m.insert(fix(i, evening + 600 * i as i64, 2_000.0)).unwrap();
    }
    let alerts = m.alerts();
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert_eq!(alerts[0].kind, AlertKind::CurfewAbsent);
    assert_eq!(
        alerts[0].opened_at,
        evening + 3_600,
        "from the first fix after 19:00"
    );
}

/// Fixes walking east and west of the centre: each step's easting and seconds since the
/// last fix.
fn track(steps: &[(f64, i64)]) -> Vec<Fix> {
    let mut at = T0;
    steps
        .iter()
        .enumerate()
        .map(|(i, (east, gap))| {
            at += gap;
            fix(i as u64, at, *east)
        })
        .collect()
}

/// A deterministic shuffle from the seed.
fn shuffle(fixes: &[Fix], seed: u64) -> Vec<Fix> {
    let mut out = fixes.to_vec();
    let mut s = seed | 1;
    for i in (1..out.len()).rev() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        out.swap(i, (s % (i as u64 + 1)) as usize);
    }
    out
}

proptest! {
    #[test]
    fn the_incremental_report_always_agrees_with_a_full_re_derivation(
        steps in proptest::collection::vec((0.0f64..700.0, 1i64..400, any::<bool>(), 0i64..2_000), 5..80),
        swaps in proptest::collection::vec((0usize..80, 0usize..4), 0..20),
    ) {
        let zone = star(CHELMSFORD, &[300.0; 16]);
        let mut at = T0;
        let mut fixes: Vec<(Fix, bool, i64)> = steps.iter().enumerate().map(|(i, (east, gap, tick, ahead))| {
            at += gap;
            (fix(i as u64, at, *east), *tick, *ahead)
        }).collect();
        // Some fixes arrive a few places late.
        for (i, by) in swaps {
            if i + by < fixes.len() { fixes.swap(i, i + by); }
        }
        let mut m = SubjectMonitor::new(exclusion(zone), DwellConfig { max_late_secs: 3_000, ..DwellConfig::default() });
        for (f, tick, ahead) in fixes {
            let _ = m.insert(f);
            prop_assert!(m.report_is_consistent());
            if tick {
                m.tick(f.at + ahead);
                prop_assert!(m.report_is_consistent());
            }
        }
    }

    #[test]
    fn the_grid_finds_exactly_the_zones_a_brute_force_search_finds(
        zones in proptest::collection::vec(((-20_000.0f64..20_000.0, -20_000.0f64..20_000.0), proptest::collection::vec(100.0f64..2_000.0, 3..20)), 1..40),
        points in proptest::collection::vec((-22_000.0f64..22_000.0, -22_000.0f64..22_000.0, 0.0f64..50.0), 1..50),
        // Fixes about the zones (offsets from a zone's centre), each accurate to nothing,
        // to within the fine picture's margin, or to more: both levels of the grid.
        near in proptest::collection::vec((0usize..40, -2_200.0f64..2_200.0, -2_200.0f64..2_200.0, prop_oneof![Just(0.0), 0.0f64..PICTURE_MARGIN_M, Just(PICTURE_MARGIN_M), PICTURE_MARGIN_M..60.0]), 1..200),
        cell in 0.002f64..0.05,
    ) {
        let prepared: Vec<PreparedZone> = zones.iter().map(|((e, n), radii)| PreparedZone::from_zone(&star(CHELMSFORD.offset_m(*e, *n), radii))).collect();
        let grid = ZoneGrid::new(prepared.clone(), cell);
        let points_for_count: Vec<(f64, f64)> = points.iter().map(|(e, n, _)| (*e, *n))
            .chain(near.iter().map(|(z, de, dn, _)| { let ((e, n), _) = zones[z % zones.len()]; (e + de, n + dn) }))
            .collect();
        let mut found = vec![];
        let near = near.into_iter().map(|(z, de, dn, acc)| {
            let ((e, n), _) = zones[z % zones.len()];
            (e + de, n + dn, acc)
        });
        for (e, n, acc) in points.into_iter().chain(near) {
            let p = CHELMSFORD.offset_m(e, n);
            grid.containing(p, acc, &mut found);
            let brute: Vec<(u32, Presence)> = prepared.iter().enumerate()
                .map(|(i, z)| (i as u32, z.presence(p, acc)))
                .filter(|(_, pr)| *pr != Presence::Outside)
                .collect();
            prop_assert_eq!(&found, &brute);
        }
        // The batch count agrees with the zones' own exact answers, fix by fix.
        let exact: Vec<Point> = points_for_count.iter().map(|(e, n)| CHELMSFORD.offset_m(*e, *n)).collect();
        let mut counts = vec![0u8; exact.len()];
        grid.count_inside_many(&exact, &mut counts);
        for (p, n) in exact.iter().zip(&counts) {
            let brute = prepared.iter().filter(|z| z.presence(*p, 0.0) == Presence::Inside).count();
            prop_assert_eq!(usize::from(*n), brute);
        }
    }

    #[test]
    fn presence_agrees_with_the_reference_point_in_polygon(
        radii in proptest::collection::vec(50.0f64..2_000.0, 3..60),
        points in proptest::collection::vec((-2_500.0f64..2_500.0, -2_500.0f64..2_500.0), 1..40),
    ) {
        let zone = star(CHELMSFORD, &radii);
        let prepared = PreparedZone::from_zone(&zone);
        for (e, n) in points {
            let p = CHELMSFORD.offset_m(e, n);
            // Clear of the boundary (rounding of the two methods' flat maps aside).
            prop_assume!(zone.distance_m(p) > 0.05 || zone.contains(p) && zone.distance_m(p) == 0.0);
            let expected = if zone.contains(p) { Presence::Inside } else { Presence::Outside };
            prop_assert_eq!(prepared.presence(p, 0.0), expected);
        }
    }

    /// The picture only ever short-cuts the edge tests: whatever the zone, the fix and its
    /// accuracy, the answer is the one the edges alone give. Fixes are drawn anywhere, at
    /// the vertices, and on or just off the edges, where the picture must step aside.
    #[test]
    fn the_picture_gives_the_answer_the_edges_give(
        radii in proptest::collection::vec(5.0f64..3_000.0, 3..80),
        hole in any::<bool>(),
        points in proptest::collection::vec((-3_200.0f64..3_200.0, -3_200.0f64..3_200.0, 0usize..80, 0.0f64..1.0, -0.05f64..0.05), 1..60),
        accuracy in prop_oneof![Just(0.0f64), Just(0.005), 0.0f64..500.0],
    ) {
        let mut zone = star(CHELMSFORD, &radii);
        if hole {
            let inner: Vec<f64> = radii.iter().map(|r| r * 0.3).collect();
            zone.polygons[0].holes.push(star(CHELMSFORD, &inner).polygons[0].exterior.clone());
        }
        let prepared = PreparedZone::from_zone(&zone);
        let ring = &zone.polygons[0].exterior;
        for (e, n, vertex, along, off) in points {
            let a = ring[vertex % (ring.len() - 1)];
            let b = ring[vertex % (ring.len() - 1) + 1];
            for p in [
                CHELMSFORD.offset_m(e, n),
                a,
                Point::new(a.lon + along * (b.lon - a.lon), a.lat + along * (b.lat - a.lat)).offset_m(off, off),
            ] {
                prop_assert_eq!(prepared.presence(p, accuracy), prepared.presence_without_picture(p, accuracy), "{:?} at {}", p, accuracy);
            }
        }
    }

    #[test]
    fn moving_zone_and_track_together_changes_nothing(
        radii in proptest::collection::vec(200.0f64..1_500.0, 3..30),
        track in proptest::collection::vec((-2_000.0f64..2_000.0, -2_000.0f64..2_000.0), 5..60),
        shift in (-0.3f64..0.3, -0.3f64..0.3),
    ) {
        let run = |centre: Point| {
            let zone = star(centre, &radii);
            let plain = zone.clone();
            let mut m = SubjectMonitor::new(exclusion(zone), DwellConfig::default());
            for (i, (e, n)) in track.iter().enumerate() {
                let p = centre.offset_m(*e, *n);
                // Only fixes clearly on one side: the flat maps differ by millimetres.
                if (plain.distance_m(p) - 0.0).abs() < 0.5 && !plain.contains(p) { continue; }
                let _ = m.insert(Fix { id: i as u64, at: T0 + 10 * i as i64, point: p, accuracy_m: 5.0 });
            }
            m.alerts().iter().map(|a| (a.kind, a.opened_by, a.closed_at.map(|c| c - T0))).collect::<Vec<_>>()
        };
        let moved = Point::new(CHELMSFORD.lon + shift.0, CHELMSFORD.lat + shift.1);
        prop_assert_eq!(run(CHELMSFORD), run(moved));
    }

    #[test]
    fn the_order_fixes_arrive_in_does_not_change_the_alerts(
        steps in proptest::collection::vec((0.0f64..700.0, 1i64..15), 5..50),
        seed in any::<u64>(),
    ) {
        let zone = star(CHELMSFORD, &[300.0; 16]);
        let fixes = track(&steps);
        let at = fixes.last().map_or(T0, |f| f.at);
        let run = |order: &[Fix]| {
            let mut m = SubjectMonitor::new(exclusion(zone.clone()), DwellConfig::default());
            for f in order {
                m.insert(*f).unwrap();
            }
            m.tick(at + 60);
            m.alerts()
        };
        // All within ten minutes, so none too late.
        let shuffled = shuffle(&fixes, seed);
        let mut twice = shuffled.clone();
        twice.extend(shuffled.iter().take(5).copied());
        prop_assert_eq!(run(&fixes), run(&twice));
    }

    /// A batch is evaluated as its fixes one by one in the order taken, however the
    /// stream is cut into batches and whatever order each holds; and the changes reported
    /// along the way, applied in turn, leave exactly the final alerts.
    #[test]
    fn batches_give_the_alerts_one_fix_at_a_time_gives(
        steps in proptest::collection::vec((0.0f64..700.0, 1i64..15), 5..60),
        cuts in proptest::collection::vec(1usize..12, 1..30),
        seed in any::<u64>(),
    ) {
        let zone = star(CHELMSFORD, &[300.0; 16]);
        let fixes = track(&steps);
        let mut one = SubjectMonitor::new(exclusion(zone.clone()), DwellConfig::default());
        for f in &fixes {
            one.insert(*f).unwrap();
        }
        let mut shuffled = shuffle(&fixes, seed);
        shuffled.extend(fixes.iter().take(3).copied());
        let mut many = SubjectMonitor::new(exclusion(zone), DwellConfig::default());
        let mut applied = std::collections::BTreeMap::new();
        let (mut from, mut k) = (0, 0);
        while from < shuffled.len() {
            let to = (from + cuts[k % cuts.len()]).min(shuffled.len());
            let (changes, refused) = many.insert_many(shuffled[from..to].to_vec());
            prop_assert!(refused.is_empty());
            prop_assert!(many.report_is_consistent());
            for c in changes {
                match c {
                    AlertChange::Opened(a) | AlertChange::Closed(a) | AlertChange::Reopened(a) => { applied.insert(a.key(), a); }
                    AlertChange::Retracted(a) => { applied.remove(&a.key()); }
                }
            }
            from = to;
            k += 1;
        }
        prop_assert_eq!(one.alerts(), many.alerts());
        let mut reported: Vec<Alert> = applied.into_values().collect();
        reported.sort_by_key(|a| (a.opened_at, a.key()));
        prop_assert_eq!(reported, many.alerts());
    }
}

#[test]
fn an_empty_grid_finds_nothing_and_a_bad_cell_size_is_replaced() {
    let mut out = vec![(0, Presence::Inside)];
    ZoneGrid::new(vec![], 0.01).containing(CHELMSFORD, 10.0, &mut out);
    assert!(out.is_empty());
    let grid = ZoneGrid::new(vec![PreparedZone::circle(CHELMSFORD, 100.0)], f64::NAN);
    grid.containing(CHELMSFORD, 0.0, &mut out);
    assert_eq!(out, vec![(0, Presence::Inside)]);
    assert_eq!(grid.zones().len(), 1);
}

/// A subject's zones for the property test below: stars (some with a hole) and circles
/// about points within a few kilometres of Chelmsford, or all of it shrunk by `scale`
/// (so that the picture's cells are smaller than the boundary's centimetre and the
/// margin it is marked with matters); for a circle, the star is only where its test
/// fixes are drawn, and the reference is left out.
fn subject_zones(
    scale: f64,
    spec: &[((f64, f64), Vec<f64>, u8)],
) -> Vec<(Zone, PreparedZone, bool)> {
    spec.iter()
        .map(|((e, n), radii, kind)| {
            let centre = CHELMSFORD.offset_m(e * scale, n * scale);
            let radii: Vec<f64> = radii.iter().map(|r| r * scale).collect();
            let mut zone = star(centre, &radii);
            if *kind == 1 {
                let inner: Vec<f64> = radii.iter().map(|r| r * 0.3).collect();
                zone.polygons[0]
                    .holes
                    .push(star(centre, &inner).polygons[0].exterior.clone());
            }
            let prepared = if *kind == 2 {
                PreparedZone::circle(centre, radii[0])
            } else {
                PreparedZone::from_zone(&zone)
            };
            (zone, prepared, *kind == 2)
        })
        .collect()
}

proptest! {
    /// The subjects' pictures only ever short-cut the zones: for every fix (anywhere, at a
    /// vertex, on or just off an edge), one at a time or in a batch, the count is the
    /// number of the subject's zones whose edges alone say it is inside, and for fixes
    /// clear of every boundary the number the reference point-in-polygon gives.
    #[test]
    fn each_subject_counts_what_its_own_zones_say(
        subjects in proptest::collection::vec((prop_oneof![Just(1.0f64), 0.0005f64..0.01], proptest::collection::vec(
            ((-3_000.0f64..3_000.0, -3_000.0f64..3_000.0), proptest::collection::vec(5.0f64..2_000.0, 3..40), 0u8..3),
            0..6)), 1..5),
        points in proptest::collection::vec((0usize..5, -5_000.0f64..5_000.0, -5_000.0f64..5_000.0, 0usize..40, 0.0f64..1.0, -0.05f64..0.05), 1..80),
    ) {
        let zones: Vec<Vec<(Zone, PreparedZone, bool)>> = subjects.iter().map(|(scale, s)| subject_zones(*scale, s)).collect();
        let mut all = vec![];
        let mut lists: Vec<Vec<usize>> = vec![];
        for mine in &zones {
            lists.push((all.len()..all.len() + mine.len()).collect());
            all.extend(mine.iter().map(|(_, p, _)| p.clone()));
        }
        let book = SubjectZones::new(all, &lists);
        let mut fixes = vec![];
        for (s, e, n, vertex, along, off) in points {
            let s = s % zones.len();
            let scale = subjects[s].0;
            fixes.push((CHELMSFORD.offset_m(e * scale, n * scale), s as u32));
            if let Some((zone, _, _)) = zones[s].get(vertex % zones[s].len().max(1)) {
                let ring = &zone.polygons[0].exterior;
                let a = ring[vertex % (ring.len() - 1)];
                let b = ring[vertex % (ring.len() - 1) + 1];
                fixes.push((a, s as u32));
                let p = Point::new(a.lon + along * (b.lon - a.lon), a.lat + along * (b.lat - a.lat));
                fixes.push((p.offset_m(off, off), s as u32));
            }
        }
        let mut many = vec![0u8; fixes.len()];
        book.count_inside_many(&fixes, &mut many);
        for ((p, s), batch) in fixes.iter().zip(many) {
            let mine = &zones[*s as usize];
            let by_edges = mine.iter().filter(|(_, z, _)| z.presence_without_picture(*p, 0.0) == Presence::Inside).count() as u32;
            prop_assert_eq!(book.count_inside(*s, *p), by_edges, "{:?} of subject {}", p, s);
            prop_assert_eq!(u32::from(batch), by_edges, "{:?} of subject {} in a batch", p, s);
            // Clear of every boundary (rounding of the two methods' flat maps aside).
            let clear = mine.iter().all(|(zone, _, circle)| !circle && (zone.contains(*p) || zone.distance_m(*p) > 0.05));
            if clear {
                let reference = mine.iter().filter(|(zone, _, _)| zone.contains(*p)).count() as u32;
                prop_assert_eq!(by_edges, reference, "{:?} against the reference", p);
            }
        }
    }
}

#[test]
fn a_subject_without_zones_is_in_none_and_a_point_that_is_not_one_is_nowhere() {
    let zone = PreparedZone::circle(CHELMSFORD, 100.0);
    let empty: &[usize] = &[];
    let book = SubjectZones::new(vec![zone], &[empty, &[0]]);
    assert_eq!(book.count_inside(0, CHELMSFORD), 0);
    assert_eq!(book.count_inside(1, CHELMSFORD), 1);
    assert_eq!(book.count_inside(1, Point::new(f64::NAN, 51.73)), 0);
    let mut out = [9; 3];
    book.count_inside_many(
        &[
            (CHELMSFORD, 0),
            (CHELMSFORD, 1),
            (Point::new(0.47, f64::NAN), 1),
        ],
        &mut out,
    );
    assert_eq!(out, [0, 1, 0]);
    assert_eq!(book.zones_of(1), &[0]);
}
