//! How concentrated offending is: sort offenders from most to least, and plot the share
//! of offences (or harm) against the share of offenders (the Lorenz curve, drawn the way
//! round that reads "the top x% commit y%"). The top-decile share is read off the curve at
//! 10% by linear interpolation, so it is defined for any number of offenders (with 25
//! offenders the top 10% is two and a half of them); the Gini coefficient is one minus
//! twice the area under the ascending curve.

use serde::Serialize;

/// One point of the curve: the most prolific `offenders` share commit `offences` share.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LorenzPoint {
    pub offenders: f64,
    pub offences: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Concentration {
    /// People with at least one offence (or any harm) counted.
    pub offenders: usize,
    pub total: f64,
    /// From (0, 0) to (1, 1), one point per offender, most prolific first.
    pub curve: Vec<LorenzPoint>,
    /// The share committed by the most prolific 10% of offenders.
    pub top_decile_share: f64,
    /// 0 when everyone offends equally; towards 1 when one person commits everything.
    pub gini: f64,
}

impl Concentration {
    /// The share committed by the most prolific `fraction` of offenders (0 to 1).
    pub fn share_of_top(&self, fraction: f64) -> f64 {
        let f = fraction.clamp(0.0, 1.0);
        let after = self
            .curve
            .iter()
            .position(|p| p.offenders >= f)
            .unwrap_or(self.curve.len() - 1);
        if after == 0 {
            return self.curve[0].offences;
        }
        let (a, b) = (self.curve[after - 1], self.curve[after]);
        if b.offenders == a.offenders {
            return b.offences;
        }
        a.offences + (b.offences - a.offences) * (f - a.offenders) / (b.offenders - a.offenders)
    }
}

/// The concentration of `per_offender` (offences or harm per person; people with none are
/// left out: they are not offenders). `None` when nothing was committed.
pub fn concentration(per_offender: &[f64]) -> Option<Concentration> {
    let mut values: Vec<f64> = per_offender
        .iter()
        .copied()
        .filter(|v| v.is_finite() && *v > 0.0)
        .collect();
    let total: f64 = values.iter().sum();
    if values.is_empty() || total <= 0.0 {
        return None;
    }
    values.sort_by(|a, b| b.total_cmp(a));
    let n = values.len() as f64;
    let mut curve = Vec::with_capacity(values.len() + 1);
    curve.push(LorenzPoint {
        offenders: 0.0,
        offences: 0.0,
    });
    let mut running = 0.0;
    for (i, v) in values.iter().enumerate() {
        running += v;
        curve.push(LorenzPoint {
            offenders: (i + 1) as f64 / n,
            offences: (running / total).min(1.0),
        });
    }
    // Area under the descending curve by trapezia; the ascending curve's area is its
    // mirror, 1 − this, so Gini = 1 − 2·(1 − area) = 2·area − 1.
    let area: f64 = curve
        .windows(2)
        .map(|w| (w[1].offenders - w[0].offenders) * (w[0].offences + w[1].offences) / 2.0)
        .sum();
    let mut c = Concentration {
        offenders: values.len(),
        total,
        curve,
        top_decile_share: 0.0,
        gini: (2.0 * area - 1.0).clamp(0.0, 1.0),
    };
    c.top_decile_share = c.share_of_top(0.1);
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ten_offenders_where_one_commits_half() {
        let mut v = vec![9.0];
        v.extend([1.0; 9]);
        let c = concentration(&v).unwrap();
        assert_eq!(c.offenders, 10);
        assert!((c.top_decile_share - 0.5).abs() < 1e-12);
        assert!(c.gini > 0.3);
    }

    #[test]
    fn everyone_equal_is_no_concentration_and_nobody_is_none() {
        let c = concentration(&[2.0; 20]).unwrap();
        assert!((c.top_decile_share - 0.1).abs() < 1e-12);
        assert!(c.gini.abs() < 1e-12);
        assert_eq!(concentration(&[0.0, 0.0]), None);
        assert_eq!(concentration(&[]), None);
    }

    #[test]
    fn the_top_decile_of_a_number_not_divisible_by_ten_is_interpolated() {
        // 5 offenders: the top 10% is half of the first, who commits 6 of 10.
        let c = concentration(&[6.0, 1.0, 1.0, 1.0, 1.0]).unwrap();
        assert!(
            (c.top_decile_share - 0.3).abs() < 1e-12,
            "{}",
            c.top_decile_share
        );
    }

    proptest! {
        #[test]
        fn shares_are_bounded_ordered_and_independent_of_order_and_scale(
            mut v in prop::collection::vec(1u32..500, 1..200),
            k in 1u32..50,
        ) {
            let as_f: Vec<f64> = v.iter().map(|x| f64::from(*x)).collect();
            let c = concentration(&as_f).unwrap();
            prop_assert!(c.top_decile_share >= 0.1 - 1e-9 && c.top_decile_share <= 1.0 + 1e-9);
            prop_assert!(c.gini >= 0.0 && c.gini < 1.0);
            prop_assert!(c.curve.windows(2).all(|w| w[1].offences >= w[0].offences));
            prop_assert!((c.curve.last().unwrap().offences - 1.0).abs() < 1e-9);
            v.reverse();
            let scaled: Vec<f64> = v.iter().map(|x| f64::from(*x) * f64::from(k)).collect();
            let d = concentration(&scaled).unwrap();
            prop_assert!((c.top_decile_share - d.top_decile_share).abs() < 1e-9);
            prop_assert!((c.gini - d.gini).abs() < 1e-9);
        }
    }
}
