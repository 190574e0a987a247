//! Approved premises: a person's applications and stays (and the forms each party may
//! use), the beds measured for an accepted application, the central referral unit's
//! worklist, and the directory with its occupancy.

use askama::Template;

use crate::{FormErrors, SelectOption, Shell};

/// An application as listed on the person's tab.
#[derive(Debug, Clone)]
pub struct ApplicationLine {
    pub status: String,
    pub status_colour: String,
    pub ap_type: String,
    pub release: String,
    pub weeks: i64,
    pub needs: String,
    pub reason: String,
    pub risk_summary: String,
    pub submitted: String,
    /// "Accepted by … : reasons" once assessed.
    pub decision: String,
    /// Each empty unless the reader may use it now.
    pub assess_action: String,
    pub places_href: String,
    pub withdraw_action: String,
    pub version: i64,
}

/// A booking as listed, with the forms for what may be recorded next.
#[derive(Debug, Clone)]
pub struct BookingLine {
    pub premises: String,
    pub bed: String,
    pub dates: String,
    pub status: String,
    pub status_colour: String,
    /// What has been recorded: arrival and key worker, non-arrival, departure and move-on.
    pub detail: Vec<String>,
    pub arrival_action: String,
    pub non_arrival_action: String,
    pub departure_action: String,
    pub cancel_action: String,
    pub incident_action: String,
    pub key_worker_action: String,
    pub key_worker_options: Vec<SelectOption>,
    pub version: i64,
}

/// An incident as listed on the stay.
#[derive(Debug, Clone)]
pub struct IncidentLine {
    pub when: String,
    pub kind: String,
    pub details: String,
    /// Who was told beyond the offender manager: the police, a safeguarding referral.
    pub reported: Vec<String>,
    pub recorded_by: String,
}

#[derive(Template)]
#[template(path = "premises/stay.html")]
pub struct StayTabPage {
    pub shell: Shell,
    pub person_name: String,
    pub person_href: String,
    pub base: String,
    pub notice: String,
    pub errors: FormErrors,
    pub applications: Vec<ApplicationLine>,
    pub bookings: Vec<BookingLine>,
    /// Empty unless the reader may apply now.
    pub apply_action: String,
    pub ap_type_options: Vec<SelectOption>,
    pub need_options: Vec<SelectOption>,
    pub decision_options: Vec<SelectOption>,
    pub departure_options: Vec<SelectOption>,
    /// His checked addresses for the move-on: each with its check's outcome.
    pub move_on_options: Vec<SelectOption>,
    pub incident_options: Vec<SelectOption>,
    /// Yes / no: the staff told the police at the time.
    pub police_options: Vec<SelectOption>,
    pub incidents: Vec<IncidentLine>,
    /// The sign-in register, newest first: (when, what, note, missed curfew).
    pub register: Vec<(String, String, String, bool)>,
    /// "19:00 to 07:00 (his licence's curfew condition)" while he is resident.
    pub curfew: String,
    /// Empty unless the reader may record a movement now.
    pub movement_action: String,
    /// "out" or "in": the movement the form records.
    pub next_direction: String,
    /// Empty unless he is out and the reader may record a missed curfew.
    pub missed_action: String,
    pub values: std::collections::HashMap<String, String>,
}

impl StayTabPage {
    pub fn value(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }
}

/// One premises as measured for an application.
#[derive(Debug, Clone)]
pub struct PlaceLine {
    pub name: String,
    pub address: String,
    pub offered: bool,
    pub refusals: Vec<String>,
    /// With the distances: only for a reader of the victim section.
    pub victim_refusals: Vec<String>,
    pub bed_options: Vec<SelectOption>,
    /// The bed select's id (one form per premises).
    pub bed_field: String,
}

#[derive(Template)]
#[template(path = "premises/places.html")]
pub struct PlacesPage {
    pub shell: Shell,
    pub person_name: String,
    pub back_href: String,
    pub errors: FormErrors,
    pub stay: String,
    pub needs: String,
    pub places: Vec<PlaceLine>,
    /// Empty unless the reader may book now.
    pub book_action: String,
    pub arrival_on: String,
    pub departure_on: String,
    pub version: i64,
}

/// An application awaiting the central referral unit.
#[derive(Debug, Clone)]
pub struct ApWorklistRow {
    pub href: String,
    pub person_name: String,
    pub status: String,
    pub release: String,
    pub submitted: String,
}

#[derive(Template)]
#[template(path = "premises/worklist.html")]
pub struct ApWorklistPage {
    pub shell: Shell,
    pub notice: String,
    pub rows: Vec<ApWorklistRow>,
}

/// One premises in the directory: its beds and each day's free beds.
#[derive(Debug, Clone)]
pub struct DirectoryLine {
    pub href: String,
    pub name: String,
    pub address: String,
    pub characteristics: String,
    pub beds: usize,
    /// Residents still there after their booking's departure date.
    pub overstays: usize,
    /// Free beds per day, with a colour: red when none, amber when one.
    pub free: Vec<(usize, String)>,
}

#[derive(Template)]
#[template(path = "premises/directory.html")]
pub struct ApDirectoryPage {
    pub shell: Shell,
    /// The days' headings ("Mon 7").
    pub days: Vec<String>,
    pub premises: Vec<DirectoryLine>,
    /// The area's beds a night, stacked booked, out of service and free.
    pub chart: super::OccupancyChart,
    /// The area's free beds a night (the chart's numbers, as the table's last row).
    pub area_free: Vec<usize>,
    pub area_beds: usize,
    pub csv_href: String,
    pub notice: String,
}

/// A bed as its premises' page lists it, with the forms its staff use.
#[derive(Debug, Clone)]
pub struct BedLine {
    pub label: String,
    pub offers: String,
    /// Empty when in service.
    pub out_of_service: String,
    pub service_action: String,
    pub return_action: String,
    pub version: i64,
}

#[derive(Template)]
#[template(path = "premises/premises.html")]
pub struct ApPremisesPage {
    pub shell: Shell,
    pub notice: String,
    pub errors: FormErrors,
    pub name: String,
    pub address: String,
    pub runs_it: bool,
    /// (href, name) of the men booked in or resident.
    pub residents: Vec<(String, String)>,
    pub beds: Vec<BedLine>,
    /// "Men only, step-free access".
    pub characteristics: String,
    pub staff: Vec<String>,
}
