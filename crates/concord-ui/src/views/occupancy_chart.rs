//! The approved premises' occupancy chart: a column a night for the whole area, stacked
//! booked (blue), out of service (grey) and free (green), drawn on the server as SVG with
//! no script. The numbers it draws are in the table beneath it.

/// One night's column, in the chart's own units (its viewBox).
#[derive(Debug, Clone, PartialEq)]
pub struct OccupancyColumn {
    pub x: f64,
    pub width: f64,
    /// Each part's top and height, from the bottom: booked, out of service, free.
    pub booked: (f64, f64),
    pub out_of_service: (f64, f64),
    pub free: (f64, f64),
    /// The night's label under the column, or empty (labels thin out on long ranges).
    pub label: String,
    /// "Mon 7: 10 booked, 1 out of service, 3 free", for the column's tooltip.
    pub title: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OccupancyChart {
    pub columns: Vec<OccupancyColumn>,
    /// The total beds (the axis top), and where the axis sits.
    pub beds: usize,
    pub axis_y: f64,
}

/// Width and height of the plotting area, and the left margin for the axis labels.
const WIDTH: f64 = 660.0;
const HEIGHT: f64 = 160.0;
const LEFT: f64 = 40.0;

impl OccupancyChart {
    /// `nights`: (label, beds, booked, free) a night; out of service is what remains.
    pub fn new(nights: &[(String, usize, usize, usize)]) -> Self {
        let beds = nights.iter().map(|n| n.1).max().unwrap_or(0);
        let scale = if beds == 0 { 0.0 } else { HEIGHT / beds as f64 };
        let step = WIDTH / nights.len().max(1) as f64;
        // At most about 14 labels: every night, every other, or every week.
        let every = nights.len().div_ceil(14).max(1);
        let columns = nights
            .iter()
            .enumerate()
            .map(|(i, (label, total, booked, free))| {
                let out = total.saturating_sub(booked + free);
                let mut top = HEIGHT;
                let mut part = |n: usize| {
                    let h = n as f64 * scale;
                    top -= h;
                    (top, h)
                };
                let booked_part = part(*booked);
                let out_part = part(out);
                let free_part = part(*free);
                OccupancyColumn {
                    x: LEFT + i as f64 * step + 1.0,
                    width: (step - 2.0).max(1.0),
                    booked: booked_part,
                    out_of_service: out_part,
                    free: free_part,
                    label: if i % every == 0 {
                        label.clone()
                    } else {
                        String::new()
                    },
                    title: format!("{label}: {booked} booked, {out} out of service, {free} free"),
                }
            })
            .collect();
        OccupancyChart {
            columns,
            beds,
            axis_y: HEIGHT,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_column_stacks_to_the_nights_beds_and_the_tallest_fills_the_chart() {
        let nights = vec![
            ("Mon 7".to_string(), 12, 10, 1),
            ("Tue 8".to_string(), 12, 4, 8),
            ("Wed 9".to_string(), 10, 0, 10),
        ];
        let chart = OccupancyChart::new(&nights);
        assert_eq!(chart.beds, 12);
        let first = &chart.columns[0];
        // 10 booked from the bottom, 1 out of service, 1 free: the top at 0.
        assert!((first.booked.1 - 10.0 * HEIGHT / 12.0).abs() < 1e-9);
        assert!((first.out_of_service.1 - HEIGHT / 12.0).abs() < 1e-9);
        assert!(first.free.0.abs() < 1e-9);
        assert_eq!(first.title, "Mon 7: 10 booked, 1 out of service, 1 free");
        // Ten beds of twelve: the column stops short of the top.
        let third = &chart.columns[2];
        assert!((third.free.0 - 2.0 * HEIGHT / 12.0).abs() < 1e-9);
        assert!(chart.columns.iter().all(|c| c.x >= LEFT && c.width > 0.0));
        // 28 nights: a label every other night.
        let month: Vec<_> = (0..28).map(|i| (format!("{i}"), 5, 2, 3)).collect();
        let chart = OccupancyChart::new(&month);
        assert_eq!(
            chart.columns.iter().filter(|c| !c.label.is_empty()).count(),
            14
        );
        assert!(OccupancyChart::new(&[]).columns.is_empty());
    }
}
