//! IOM: the concentration of offending (`/iom/concentration?years=N`, `&format=csv|ods`).

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::response::Response;
use concord_app::{AreaConcentration, Concentration};
use concord_ui::views::{ConcentrationArea, ConcentrationPage, LorenzChart};
use concord_ui::SelectOption;

use crate::error::PageError;
use crate::format::date;
use crate::pages::render;
use crate::session::PageUser;
use crate::AppState;

pub const CONCENTRATION: &str = "/iom/concentration";

fn pct(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// The curve as SVG points, sampled at every 1% of offenders (an area may have thousands).
fn points(c: &Concentration) -> String {
    (0..=100)
        .map(|i| {
            let f = f64::from(i) / 100.0;
            format!(
                "{:.1},{:.1}",
                40.0 + 400.0 * f,
                300.0 - 280.0 * c.share_of_top(f)
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn area(i: usize, a: &AreaConcentration) -> ConcentrationArea {
    let mut figures = vec![];
    if let (Some(n), Some(o)) = (a.offenders, a.offences) {
        figures.push(("Offenders".to_string(), n.to_string()));
        figures.push(("Offences".to_string(), o.to_string()));
    }
    if let Some(v) = &a.volume {
        figures.push((
            "Share of offences by the most prolific 10%".into(),
            pct(v.top_decile_share),
        ));
        figures.push((
            "Gini coefficient (offences)".into(),
            format!("{:.2}", v.gini),
        ));
    }
    if let Some(h) = &a.harm {
        figures.push((
            "Share of harm by the most prolific 10% (by harm)".into(),
            pct(h.top_decile_share),
        ));
    }
    let chart = a.volume.as_ref().map(|v| LorenzChart {
        id: format!("curve-{i}"),
        volume_points: points(v),
        harm_points: a.harm.as_ref().map(points).unwrap_or_default(),
        rows: [0.01, 0.05, 0.1, 0.2, 0.5]
            .iter()
            .map(|f| {
                (
                    pct(*f),
                    pct(v.share_of_top(*f)),
                    a.harm
                        .as_ref()
                        .map_or_else(|| "–".into(), |h| pct(h.share_of_top(*f))),
                )
            })
            .collect(),
    });
    ConcentrationArea {
        area: a.area.clone(),
        figures,
        chart,
        withheld: a.withheld.clone(),
    }
}

pub async fn concentration(
    State(state): State<AppState>,
    user: PageUser,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let years: u32 = match q.get("years") {
        None => 3,
        Some(y) => y.trim().parse().unwrap_or(0),
    };
    let f = state
        .app
        .iom()
        .concentration(&user.0.actor, years)
        .await
        .map_err(|e| user.error(e))?;
    if let Some(file) = crate::pages::figures_download(
        q.get("format").map(String::as_str),
        "concentration-of-offending",
        || f.csv(),
        || f.ods(),
    ) {
        return Ok(file);
    }
    render(&ConcentrationPage {
        shell: user.shell("Who commits how much crime", CONCENTRATION),
        period: format!("from {} to {}", date(f.since), date(f.until)),
        years: [1, 3, 5, 10]
            .iter()
            .map(|y| {
                SelectOption::new(
                    y.to_string(),
                    if *y == 1 {
                        "The last year".to_string()
                    } else {
                        format!("The last {y} years")
                    },
                    *y == f.years,
                )
            })
            .collect(),
        weights_version: f.weights_version.clone(),
        threshold: f.threshold,
        areas: f
            .areas
            .iter()
            .enumerate()
            .map(|(i, a)| area(i, a))
            .collect(),
        csv_href: format!("{CONCENTRATION}?years={}&format=csv", f.years),
        ods_href: format!("{CONCENTRATION}?years={}&format=ods", f.years),
    })
}
