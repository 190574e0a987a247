//! Domain values as page text: dates in GOV.UK style, markers as coloured tags, the
//! identity bar of a person.

use chrono::{DateTime, NaiveDate, Utc};
use concord_app::PersonRecord;
use concord_domain::{format_date, IdentifierKind, MarkerKind};
use concord_ui::views::{IdentityBar, MarkerTag};

pub fn date(d: NaiveDate) -> String {
    format_date(d)
}

pub fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(format_date).unwrap_or_default()
}

/// "3 February 2026 at 14:05" in UK time.
pub fn instant(at: DateTime<Utc>) -> String {
    let local = concord_app::london_time(at);
    format!("{} at {}", format_date(local.date()), local.format("%H:%M"))
}

/// Safety-critical markers in red, the rest in orange: staff scan for red first.
pub fn marker_tag(kind: MarkerKind) -> MarkerTag {
    MarkerTag {
        label: kind.label().to_string(),
        colour: if kind.is_safety_critical() {
            "red"
        } else {
            "orange"
        }
        .to_string(),
    }
}

pub fn marker_tags(kinds: &[MarkerKind]) -> Vec<MarkerTag> {
    let mut sorted: Vec<MarkerKind> = kinds.to_vec();
    sorted.sort_by_key(|k| (!k.is_safety_critical(), k.label()));
    sorted.dedup();
    sorted.into_iter().map(marker_tag).collect()
}

pub fn identifiers_text(crn: Option<&str>, pnc: Option<&str>) -> String {
    [
        crn.map(|c| format!("CRN {c}")),
        pnc.map(|p| format!("PNC {p}")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ")
}

pub fn person_href(id: impl std::fmt::Display) -> String {
    format!("/persons/{id}")
}

pub fn identity_bar(r: &PersonRecord) -> IdentityBar {
    let kinds: Vec<MarkerKind> = r.active_markers().map(|m| m.kind).collect();
    IdentityBar {
        href: person_href(r.id),
        name: r.full_name(),
        date_of_birth: format!("{} (age {})", date(r.date_of_birth), r.age),
        identifiers: [
            IdentifierKind::Crn,
            IdentifierKind::Pnc,
            IdentifierKind::PrisonNumber,
        ]
        .into_iter()
        .filter_map(|k| {
            r.identifier(k)
                .map(|v| (k.label().to_string(), v.to_string()))
        })
        .collect(),
        markers: marker_tags(&kinds),
    }
}

/// A value in a record's change history as a reader should see it: dates in GOV.UK style,
/// codes by their labels (an event type, an address or marker kind), any other code
/// humanised; free text as written. The history keeps what was stored; this is only how
/// it reads.
pub fn change_value(entity: &str, field: &str, value: &str) -> String {
    if value.is_empty() {
        return String::new();
    }
    if let Ok(d) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        return date(d);
    }
    let label = match (entity, field) {
        (_, "event type") => {
            concord_domain::EventType::from_code(value).map(concord_domain::EventType::label)
        }
        ("address", "kind") => {
            concord_domain::AddressKind::from_code(value).map(concord_domain::AddressKind::label)
        }
        ("warning marker", "kind") => MarkerKind::from_code(value).map(MarkerKind::label),
        _ => None,
    };
    match label {
        Some(l) => l.to_string(),
        // A stored code (`police_lead`), never free text with spaces.
        None if is_code(value) => humanise(value),
        None => value.to_string(),
    }
}

/// A whole number with its thousands separated ("1900000" -> "1,900,000"); anything else
/// as it is.
pub fn grouped(value: &str) -> String {
    if value.is_empty() || !value.chars().all(|c| c.is_ascii_digit()) {
        return value.to_string();
    }
    let digits: Vec<char> = value.chars().collect();
    let mut out = String::new();
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(*c);
    }
    out
}

/// Lower-case letters, digits and underscores with at least one underscore: a code.
fn is_code(value: &str) -> bool {
    value.contains('_')
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A role or code stored with underscores, for display: "offender_manager" -> "Offender manager".
/// The service's abbreviations keep their capitals ("mappa_chair" -> "MAPPA chair").
pub fn humanise(code: &str) -> String {
    let words: Vec<String> = code
        .split('_')
        .filter(|w| !w.is_empty())
        .map(|w| match ACRONYMS.iter().find(|(lower, _)| *lower == w) {
            Some((_, upper)) => (*upper).to_string(),
            None => w.to_string(),
        })
        .collect();
    let text = words.join(" ");
    let mut c = text.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

const ACRONYMS: [(&str, &str); 14] = [
    ("mappa", "MAPPA"),
    ("iom", "IOM"),
    ("ap", "AP"),
    ("om", "OM"),
    ("rosh", "RoSH"),
    ("dash", "DASH"),
    ("marac", "MARAC"),
    ("sfo", "SFO"),
    ("cru", "CRU"),
    ("ppo", "PPO"),
    ("pom", "POM"),
    ("vlo", "VLO"),
    ("em", "EM"),
    ("cas", "CAS"),
];

/// A record's key facts as the band above its tabs shows them: a part the viewer may not
/// read is left out; one they may read but that has nothing says so.
pub fn key_facts(f: &concord_app::KeyFacts) -> concord_ui::KeyFactsBand {
    use concord_risk::RoshLevel;
    concord_ui::KeyFactsBand {
        rosh: f.risk_read.then(|| match f.rosh {
            Some(level) => (
                level.label().to_string(),
                match level {
                    RoshLevel::Low => "green",
                    RoshLevel::Medium => "yellow",
                    RoshLevel::High => "orange",
                    RoshLevel::VeryHigh => "red",
                },
                f.rosh_signed_on
                    .map(|d| format!("signed {}", date(d)))
                    .unwrap_or_default(),
            ),
            None => ("No signed review".to_string(), "grey", String::new()),
        }),
        tier: f
            .risk_read
            .then(|| f.tier.clone().unwrap_or_else(|| "None".into())),
        mappa: f.mappa_read.then(|| match f.mappa {
            Some((category, level)) => {
                format!("Category {}, Level {}", category.number(), level.number())
            }
            None => "Not managed under MAPPA".to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_read_as_words_with_their_abbreviations() {
        assert_eq!(super::humanise("mappa_chair"), "MAPPA chair");
        assert_eq!(super::humanise("offender_manager"), "Offender manager");
        assert_eq!(super::humanise("engage_iom"), "Engage IOM");
        assert_eq!(
            super::humanise("approved_premises_manager"),
            "Approved premises manager"
        );
    }
}
