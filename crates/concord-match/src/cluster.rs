//! From scored pairs to people: the strongest links join first, and a join that would put
//! two different identifiers of one kind (two PNC IDs) in one person is refused, however
//! strong the link, so a chain of plausible pairs can never fuse two known individuals.

use serde::Serialize;

use crate::{IdentifierKind, MatchRecord};

/// A scored pair of records, by index into the record list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Link {
    pub left: usize,
    pub right: usize,
    pub probability: f64,
}

/// A link at or above the threshold that was not followed, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RefusedLink {
    pub left: usize,
    pub right: usize,
    pub probability: f64,
    /// The kind of identifier the two sides disagree on; `None` when a person decided
    /// that records on the two sides are different people.
    pub kind: Option<IdentifierKind>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Clusters {
    /// For each record, its cluster: the smallest record index in it.
    pub cluster_of: Vec<usize>,
    pub refused: Vec<RefusedLink>,
}

/// What a growing person holds that another may not contradict. Small vectors that
/// borrow the records' values: a million records, most alone, most with one identifier.
struct Cluster<'a> {
    identifiers: Vec<(IdentifierKind, &'a str)>,
    /// Records this cluster must never join (a reviewer said "different people").
    apart: Vec<usize>,
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// The kind of identifier on which two clusters disagree, if any: both hold values of
/// that kind and none in common.
fn conflict<'a>(a: &Cluster<'a>, b: &Cluster<'a>) -> Option<IdentifierKind> {
    fn of<'a>(c: &Cluster<'a>, kind: IdentifierKind) -> Vec<&'a str> {
        c.identifiers
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, v)| *v)
            .collect()
    }
    a.identifiers.iter().map(|(kind, _)| *kind).find(|kind| {
        let (ours, theirs) = (of(a, *kind), of(b, *kind));
        !theirs.is_empty() && ours.iter().all(|v| !theirs.contains(v))
    })
}

pub fn cluster(records: &[MatchRecord], links: &[Link], threshold: f64) -> Clusters {
    cluster_apart(records, links, threshold, &[])
}

/// As [`cluster`], and no person may hold both records of any pair in `apart` (pairs a
/// reviewer decided are different people), however many strong links chain between them.
pub fn cluster_apart(
    records: &[MatchRecord],
    links: &[Link],
    threshold: f64,
    apart: &[(usize, usize)],
) -> Clusters {
    let mut parent: Vec<usize> = (0..records.len()).collect();
    let mut clusters: Vec<Cluster> = records
        .iter()
        .map(|r| {
            // Only checked identifiers are proof of two people; a reference number may
            // carry a typo.
            let mut identifiers: Vec<(IdentifierKind, &str)> = r
                .identifiers
                .iter()
                .filter(|(k, _)| k.is_checked())
                .map(|(k, v)| (*k, v.as_str()))
                .collect();
            identifiers.sort_unstable();
            identifiers.dedup();
            Cluster {
                identifiers,
                apart: vec![],
            }
        })
        .collect();
    for &(x, y) in apart
        .iter()
        .filter(|(x, y)| *x < records.len() && *y < records.len())
    {
        clusters[x].apart.push(y);
        clusters[y].apart.push(x);
    }
    let mut strongest: Vec<&Link> = links
        .iter()
        .filter(|l| l.probability >= threshold && l.left < records.len() && l.right < records.len())
        .collect();
    // Strongest first; ties in a fixed order so the result never depends on input order.
    strongest.sort_by(|a, b| {
        b.probability.total_cmp(&a.probability).then(
            (a.left.min(a.right), a.left.max(a.right))
                .cmp(&(b.left.min(b.right), b.left.max(b.right))),
        )
    });
    let mut refused = vec![];
    for link in strongest {
        let (a, b) = (find(&mut parent, link.left), find(&mut parent, link.right));
        if a == b {
            continue;
        }
        let kept_apart = |parent: &mut [usize], from: usize, to: usize| {
            let others: Vec<usize> = clusters[from].apart.clone();
            others.into_iter().any(|x| find(parent, x) == to)
        };
        let refusal = match conflict(&clusters[a], &clusters[b]) {
            Some(kind) => Some(Some(kind)),
            None if kept_apart(&mut parent, a, b) || kept_apart(&mut parent, b, a) => Some(None),
            None => None,
        };
        if let Some(kind) = refusal {
            refused.push(RefusedLink {
                left: link.left,
                right: link.right,
                probability: link.probability,
                kind,
            });
            continue;
        }
        // The smaller index is the root, so a cluster is named by its first record.
        let (root, child) = (a.min(b), a.max(b));
        parent[child] = root;
        let moved_apart = std::mem::take(&mut clusters[child].apart);
        clusters[root].apart.extend(moved_apart);
        let moved = std::mem::take(&mut clusters[child].identifiers);
        let held = &mut clusters[root].identifiers;
        for id in moved {
            if !held.contains(&id) {
                held.push(id);
            }
        }
    }
    let cluster_of = (0..records.len()).map(|i| find(&mut parent, i)).collect();
    Clusters {
        cluster_of,
        refused,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(pnc: Option<&str>) -> MatchRecord {
        MatchRecord {
            identifiers: pnc
                .map(|p| vec![(IdentifierKind::Pnc, p.to_string())])
                .unwrap_or_default(),
            ..MatchRecord::default()
        }
    }

    fn link(left: usize, right: usize, probability: f64) -> Link {
        Link {
            left,
            right,
            probability,
        }
    }

    #[test]
    fn links_above_the_threshold_make_people_and_weak_ones_do_not() {
        let records = vec![record(None), record(None), record(None), record(None)];
        let c = cluster(
            &records,
            &[link(0, 1, 0.99), link(1, 2, 0.97), link(2, 3, 0.4)],
            0.9,
        );
        assert_eq!(c.cluster_of, vec![0, 0, 0, 3]);
        assert!(c.refused.is_empty());
    }

    #[test]
    fn a_chain_never_joins_two_different_pnc_ids() {
        // A (PNC 1) ~ B (none) ~ C (PNC 2): B joins the stronger side, never both.
        let records = vec![
            record(Some("2001/0000001A")),
            record(None),
            record(Some("2002/0000002B")),
        ];
        let c = cluster(&records, &[link(0, 1, 0.99), link(1, 2, 0.98)], 0.9);
        assert_eq!(c.cluster_of, vec![0, 0, 2]);
        assert_eq!(c.refused.len(), 1);
        assert_eq!(
            (c.refused[0].left, c.refused[0].right, c.refused[0].kind),
            (1, 2, Some(IdentifierKind::Pnc))
        );
    }

    #[test]
    fn records_a_reviewer_kept_apart_never_join_through_a_chain() {
        // A ~ B ~ C, and a reviewer said A and C are different people.
        let records = vec![record(None), record(None), record(None)];
        let c = cluster_apart(
            &records,
            &[link(0, 1, 0.99), link(1, 2, 0.98)],
            0.9,
            &[(0, 2)],
        );
        assert_eq!(c.cluster_of, vec![0, 0, 2]);
        assert_eq!(c.refused.len(), 1);
        assert_eq!(
            (c.refused[0].left, c.refused[0].right, c.refused[0].kind),
            (1, 2, None)
        );
        // Without the decision the chain joins all three.
        let c = cluster(&records, &[link(0, 1, 0.99), link(1, 2, 0.98)], 0.9);
        assert_eq!(c.cluster_of, vec![0, 0, 0]);
    }

    #[test]
    fn the_result_does_not_depend_on_the_order_of_the_links() {
        let records = vec![
            record(Some("X")),
            record(None),
            record(Some("Y")),
            record(None),
        ];
        let links = [
            link(0, 1, 0.95),
            link(1, 2, 0.95),
            link(2, 3, 0.99),
            link(3, 0, 0.91),
        ];
        let mut reversed = links;
        reversed.reverse();
        assert_eq!(
            cluster(&records, &links, 0.9),
            cluster(&records, &reversed, 0.9)
        );
    }
}
