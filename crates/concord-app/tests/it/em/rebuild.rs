//! Evaluators rebuilt in the middle of a breach (a second node taking a batch, a failed
//! unit of work, a changed licence) must converge on the alerts one evaluator would have
//! raised: the demo's walk (a fix a second, jitter along the edge, forty seconds inside)
//! sent one batch at a time to two nodes in every interleaving pattern gives exactly one
//! exclusion alert, dated from the first fix inside and closed once he has left.

use chrono::Duration;
use concord_app::*;

use super::*;

/// `d` metres south of the victim's home (towards his curfew address).
fn south(d: f64) -> (f64, f64) {
    (VICTIM.0 - d / 111_320.0, VICTIM.1)
}

/// The simulator's walk round a 1 km zone, a fix a second from `from`: at the approved
/// address, ±15 m jitter along the edge, in, forty fixes inside, out and away. Returns
/// the fixes and the index of the first inside.
fn demo_walk(from: chrono::DateTime<chrono::Utc>) -> (Vec<ValidFix>, usize) {
    let r = 1000.0;
    let mut at: Vec<(f64, f64)> = vec![HOME; 5];
    at.extend((0..20).map(|i| south(if i % 2 == 0 { r - 15.0 } else { r + 15.0 })));
    at.extend((0..6).map(|i| south(r + 100.0 - 150.0 * f64::from(i))));
    at.extend((0..40).map(|i| south(300.0 + if i % 2 == 0 { 10.0 } else { -10.0 })));
    at.extend((0..8).map(|i| south(300.0 + 150.0 * f64::from(i))));
    at.extend((0..35).map(|_| south(r + 500.0)));
    let first_inside = 5 + 20 + 1;
    let fixes = at
        .into_iter()
        .enumerate()
        .map(|(i, p)| ValidFix {
            accuracy_m: 8.0,
            ..fix(&format!("w-{i}"), from, i as i64, p)
        })
        .collect();
    (fixes, first_inside)
}

/// Which node (0 or 1) takes the `n`th batch, and how many fixes it holds.
type Turns = fn(usize) -> (usize, usize);

#[tokio::test]
async fn two_nodes_taking_turns_through_a_breach_raise_one_alert() {
    let patterns: [(&str, Turns); 4] = [
        ("alternate single fixes", |i| (i % 2, 1)),
        ("pairs", |i| ((i / 2) % 2, 2)),
        ("threes, uneven", |i| (usize::from(i % 3 == 0), 1 + i % 3)),
        ("hand-over mid-breach", |i| (usize::from(i >= 40), 1)),
    ];
    for (name, pattern) in patterns {
        for t in concord_testkit::databases().await {
            let c = case(&t).await;
            fit(&c).await;
            let other = App::new(
                c.w.app.db().clone(),
                c.clock.clock(),
                AppSettings::default(),
            );
            let nodes = [c.w.app.clone(), other];
            // Dated ahead of the clock, as the demo's fast walk is.
            let start = now();
            let (walk, first_inside) = demo_walk(start);
            let (mut i, mut batch) = (0, 0);
            while i < walk.len() {
                let (node, size) = pattern(batch);
                let end = (i + size).min(walk.len());
                nodes[node]
                    .monitoring()
                    .submit_fixes(&c.feed, walk[i..end].to_vec(), UnknownDevices::Refuse)
                    .await
                    .unwrap_or_else(|e| panic!("{}: {name}: batch {batch}: {e:?}", t.label));
                // The signal-loss watch runs between batches on the other node.
                nodes[1 - node]
                    .monitoring()
                    .watch_signal_loss(&c.feed)
                    .await
                    .unwrap();
                i = end;
                batch += 1;
            }
            let alerts =
                c.w.app
                    .monitoring()
                    .monitoring_page(&c.w.om, c.d)
                    .await
                    .unwrap()
                    .alerts;
            let shown: Vec<_> = alerts
                .iter()
                .filter(|a| !a.retracted)
                .map(|a| (a.kind.clone(), a.opened_at, a.closed_at))
                .collect();
            assert_eq!(shown.len(), 1, "{}: {name}: {shown:?}", t.label);
            assert_eq!(shown[0].0, "exclusion", "{}: {name}", t.label);
            assert_eq!(
                shown[0].1,
                start + Duration::seconds(first_inside as i64),
                "{}: {name}",
                t.label
            );
            assert!(shown[0].2.is_some(), "{}: {name}: still open", t.label);
        }
    }
}
