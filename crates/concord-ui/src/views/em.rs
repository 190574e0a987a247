//! Electronic monitoring: a person's tags and alerts, one alert with its track on the
//! zone map, and the live alerts page that refreshes itself (server-sent events).

use askama::Template;

use crate::{FormErrors, SelectOption, Shell};

/// A tag as listed.
#[derive(Debug, Clone)]
pub struct TagLine {
    pub device: String,
    pub basis: String,
    pub enforces: String,
    pub fitted: String,
    pub planned_end: String,
    /// "Removed 3 March 2027 at 10:04: end of the condition", or empty while worn.
    pub removed: String,
    /// The removal form's action while the tag is worn and the reader may change it.
    pub remove_action: String,
    pub version: i64,
}

/// An alert as listed.
#[derive(Debug, Clone)]
pub struct AlertLine {
    pub href: String,
    pub person_name: String,
    pub title: String,
    pub opened: String,
    /// "Open", "Closed 21:14", "Retracted".
    pub state: String,
    pub state_colour: String,
    /// "Acknowledged by …", "Outcome: …", or "Not acknowledged".
    pub handling: String,
}

#[derive(Template)]
#[template(path = "em/monitoring.html")]
pub struct MonitoringPage {
    pub shell: Shell,
    pub person_name: String,
    pub person_href: String,
    pub base: String,
    pub notice: String,
    pub errors: FormErrors,
    pub tags: Vec<TagLine>,
    pub alerts: Vec<AlertLine>,
    /// Empty when the reader may not fit a tag.
    pub fit_action: String,
    pub basis_options: Vec<SelectOption>,
    pub enforce_options: Vec<SelectOption>,
    pub values: std::collections::HashMap<String, String>,
}

impl MonitoringPage {
    pub fn value(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }
}

/// The live alerts list: the part the stream sends again when alerts change.
#[derive(Template)]
#[template(path = "em/live_list.html")]
pub struct LiveList {
    pub open: Vec<AlertLine>,
    pub recent: Vec<AlertLine>,
    pub updated: String,
}

#[derive(Template)]
#[template(path = "em/live.html")]
pub struct LivePage {
    pub shell: Shell,
    /// The rendered [`LiveList`].
    pub list_html: String,
}

#[derive(Template)]
#[template(path = "em/alert.html")]
pub struct AlertDetailPage {
    pub shell: Shell,
    pub errors: FormErrors,
    pub notice: String,
    pub person_name: String,
    pub person_href: String,
    pub alert: AlertLine,
    /// (label, value) rows: the zone, when it started and ended, who acknowledged…
    pub facts: Vec<(String, String)>,
    /// Why the track is not shown, when it is withheld.
    pub track_withheld: String,
    /// The zones for the map script, as JSON.
    pub zone_json: String,
    /// The track for the map script, as JSON ([[lat, lon], …]).
    pub track_json: String,
    /// The track as text: (time, latitude, longitude, accuracy).
    pub track: Vec<(String, String, String, String)>,
    pub tile_url: String,
    /// (name, href) of the victim the zone protects, for a reader of her section.
    pub victim: Option<(String, String)>,
    pub acknowledge_action: String,
    pub outcome_action: String,
    pub outcome_options: Vec<SelectOption>,
    pub version: i64,
    pub recall_href: String,
    pub values: std::collections::HashMap<String, String>,
}

impl AlertDetailPage {
    pub fn value(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }
}
