//! IOM pages: the concentration of offending (aggregate, never a name).

use askama::Template;

use crate::{SelectOption, Shell};

/// A Lorenz curve drawn on the server: SVG polyline points in a 440 × 300 box (share of
/// offenders along, share of offences or harm up), with the same numbers in a table.
#[derive(Debug, Clone)]
pub struct LorenzChart {
    pub id: String,
    pub volume_points: String,
    /// Empty when harm is not shown.
    pub harm_points: String,
    /// (share of offenders, of offences, of harm) at 1%, 5%, 10%, 20%, 50%.
    pub rows: Vec<(String, String, String)>,
}

#[derive(Debug, Clone)]
pub struct ConcentrationArea {
    pub area: String,
    /// (label, figure) pairs.
    pub figures: Vec<(String, String)>,
    pub chart: Option<LorenzChart>,
    pub withheld: Vec<String>,
}

#[derive(Debug, Template)]
#[template(path = "iom/concentration.html")]
pub struct ConcentrationPage {
    pub shell: Shell,
    pub period: String,
    pub years: Vec<SelectOption>,
    pub weights_version: String,
    pub threshold: u64,
    pub areas: Vec<ConcentrationArea>,
    pub csv_href: String,
    pub ods_href: String,
}
