//! Licence, zones and address-check pages: drafting a licence from the sentence, adding
//! a condition through the catalogue with bad input refused and named, approval by a
//! second senior officer in the browser, a zone refused for crossing itself and one kept
//! as a circle, an address inside it refused, and the print view with its marking.

mod api;
mod enforcement;
mod licence;
mod victims;

fn mr_d() -> serde_json::Value {
    serde_json::json!({
        "details": {"given_name": "Daniel", "middle_names": "", "family_name": "Dawson", "date_of_birth": "1984-09-02", "gender": "male"},
        "sentences": [{"kind": "custody", "description": "2 years", "start_date": "2025-10-01", "release_date": "2026-10-01", "licence_end_date": "2027-10-01", "end_date": "2027-10-01"}]
    })
}

fn id_after(href: &str, marker: &str) -> String {
    href.split(marker)
        .nth(1)
        .and_then(|rest| rest.split(['/', '"', '?', '#']).next())
        .unwrap_or_default()
        .to_string()
}
