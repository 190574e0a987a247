//! The forms of the person record, as data: which fields each has, how submitted values
//! become use-case input, and how use-case errors land on the right fields.

use std::collections::HashMap;

use concord_app::{
    AddressInput, DateInput, IdentifierInput, PersonDetailsInput, RegisterPersonInput,
    ENTRY_SECTIONS,
};
use concord_domain::{
    AddressKind, Disposal, EventType, Gender, IdentifierKind, MarkerKind, SentenceKind,
    ValidationErrors,
};
use concord_ui::views::FormField;
use concord_ui::{FormErrors, SelectOption};

pub type Values = HashMap<String, String>;

pub fn v<'a>(values: &'a Values, key: &str) -> &'a str {
    values.get(key).map_or("", String::as_str)
}

/// A text field as posted; absent is empty, as the use case reads it.
pub fn text(values: &Values, key: &str) -> String {
    v(values, key).to_string()
}

/// A checkbox or yes/no choice: ticked only when it posted `yes`.
pub fn ticked(values: &Values, key: &str) -> bool {
    v(values, key) == "yes"
}

/// The codes of a group of checkboxes posted as `<group>.<code>=yes`.
pub fn ticked_codes(values: &Values, group: &str) -> Vec<String> {
    let prefix = format!("{group}.");
    values
        .iter()
        .filter(|(k, val)| k.starts_with(&prefix) && val.as_str() == "yes")
        .map(|(k, _)| k.trim_start_matches(&prefix).to_string())
        .collect()
}

/// A GOV.UK date input's three boxes (`<field>-day`, `-month`, `-year`).
pub fn date_input(values: &Values, field: &str) -> DateInput {
    DateInput::parts(
        v(values, &format!("{field}-day")),
        v(values, &format!("{field}-month")),
        v(values, &format!("{field}-year")),
    )
}

fn date_field(values: &Values, name: &str, label: &str) -> FormField {
    FormField::date(
        name,
        label,
        v(values, &format!("{name}-day")),
        v(values, &format!("{name}-month")),
        v(values, &format!("{name}-year")),
    )
}

/// Put a date's parts into `values` so an edit form opens filled in.
pub fn put_date(values: &mut Values, field: &str, d: Option<chrono::NaiveDate>) {
    if let Some(d) = d {
        use chrono::Datelike;
        values.insert(format!("{field}-day"), d.day().to_string());
        values.insert(format!("{field}-month"), d.month().to_string());
        values.insert(format!("{field}-year"), d.year().to_string());
    }
}

fn options<T: Copy>(
    all: &[T],
    code: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
    selected: &str,
    prompt: &str,
) -> Vec<SelectOption> {
    std::iter::once(SelectOption::new("", prompt, selected.is_empty()))
        .chain(
            all.iter()
                .map(|k| SelectOption::new(code(*k), label(*k), code(*k) == selected)),
        )
        .collect()
}

/// Map use-case errors onto form fields: strip list prefixes (`addresses[0].`), point date
/// errors at the day box (GOV.UK links the summary to the first input), and rename fields
/// a form shows under another name.
pub fn form_errors(
    errors: &ValidationErrors,
    date_fields: &[&str],
    rename: &[(&str, &str)],
) -> FormErrors {
    let mut out = FormErrors::new();
    for e in &errors.errors {
        let mut field = e.field.rsplit('.').next().unwrap_or(&e.field).to_string();
        if let Some((_, to)) = rename.iter().find(|(from, _)| *from == field) {
            field = to.to_string();
        }
        if date_fields.contains(&field.as_str()) {
            field = format!("{field}-day");
        }
        out.push(field, e.message.clone());
    }
    out
}

pub mod details {
    use super::{
        date_field, date_input, options, v, FormField, Gender, PersonDetailsInput, Values,
    };

    pub const DATES: &[&str] = &["date_of_birth"];

    pub fn fields(values: &Values) -> Vec<FormField> {
        vec![
            FormField::text("given_name", "First name", v(values, "given_name")).width("20"),
            FormField::text(
                "middle_names",
                "Middle names (optional)",
                v(values, "middle_names"),
            )
            .width("20"),
            FormField::text("family_name", "Last name", v(values, "family_name")).width("20"),
            date_field(values, "date_of_birth", "Date of birth").hint("For example, 27 3 1985"),
            FormField::select(
                "gender",
                "Gender",
                options(
                    &Gender::ALL,
                    Gender::code,
                    Gender::label,
                    v(values, "gender"),
                    "Select gender",
                ),
            ),
        ]
    }

    pub fn input(values: &Values) -> PersonDetailsInput {
        PersonDetailsInput {
            given_name: v(values, "given_name").into(),
            middle_names: v(values, "middle_names").into(),
            family_name: v(values, "family_name").into(),
            date_of_birth: date_input(values, "date_of_birth"),
            gender: v(values, "gender").into(),
        }
    }
}

pub mod register {
    use super::{
        details, v, FormField, IdentifierInput, IdentifierKind, RegisterPersonInput, Values,
    };

    pub fn fields(values: &Values) -> Vec<FormField> {
        let mut f = details::fields(values);
        for kind in IdentifierKind::ALL {
            f.push(
                FormField::text(
                    kind.code(),
                    &format!("{} (optional)", kind.label()),
                    v(values, kind.code()),
                )
                .width("20"),
            );
        }
        f
    }

    pub fn input(values: &Values) -> RegisterPersonInput {
        RegisterPersonInput {
            details: details::input(values),
            identifiers: IdentifierKind::ALL
                .iter()
                .map(|k| IdentifierInput {
                    kind: k.code().into(),
                    value: v(values, k.code()).into(),
                })
                .collect(),
            ..RegisterPersonInput::default()
        }
    }
}

pub mod address {
    use super::{date_field, date_input, options, v, AddressInput, AddressKind, FormField, Values};

    pub const DATES: &[&str] = &["from_date", "to_date"];
    pub const RENAME: &[(&str, &str)] = &[("address_kind", "kind")];

    pub fn fields(values: &Values) -> Vec<FormField> {
        vec![
            FormField::select(
                "kind",
                "Type of address",
                options(
                    &AddressKind::ALL,
                    AddressKind::code,
                    AddressKind::label,
                    v(values, "kind"),
                    "Select type of address",
                ),
            ),
            FormField::text("line1", "Address line 1", v(values, "line1")),
            FormField::text("line2", "Address line 2 (optional)", v(values, "line2")),
            FormField::text("town", "Town or city", v(values, "town")).width("two-thirds"),
            FormField::text("postcode", "Postcode", v(values, "postcode")).width("10"),
            date_field(values, "from_date", "Moved in").hint("For example, 27 3 2024"),
            date_field(
                values,
                "to_date",
                "Moved out (leave blank if they still live here)",
            ),
        ]
    }

    pub fn input(values: &Values) -> AddressInput {
        AddressInput {
            kind: v(values, "kind").into(),
            line1: v(values, "line1").into(),
            line2: v(values, "line2").into(),
            town: v(values, "town").into(),
            postcode: v(values, "postcode").into(),
            from_date: date_input(values, "from_date"),
            to_date: date_input(values, "to_date"),
        }
    }
}

/// The smaller "add" forms, chosen by the URL segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Alias,
    Identifier,
    Offence,
    Sentence,
    Marker,
    Event,
}

impl Part {
    pub fn from_segment(s: &str) -> Option<Self> {
        Some(match s {
            "aliases" => Part::Alias,
            "identifiers" => Part::Identifier,
            "offences" => Part::Offence,
            "sentences" => Part::Sentence,
            "markers" => Part::Marker,
            "events" => Part::Event,
            _ => return None,
        })
    }

    pub fn heading(self) -> &'static str {
        match self {
            Part::Alias => "Add an alias",
            Part::Identifier => "Add an identifier",
            Part::Offence => "Add an offence",
            Part::Sentence => "Add a sentence or order",
            Part::Marker => "Add a warning marker",
            Part::Event => "Record an event",
        }
    }

    pub fn saved(self) -> &'static str {
        match self {
            Part::Alias => "alias-added",
            Part::Identifier => "identifier-added",
            Part::Offence => "offence-added",
            Part::Sentence => "sentence-added",
            Part::Marker => "marker-added",
            Part::Event => "event-added",
        }
    }

    pub fn dates(self) -> &'static [&'static str] {
        match self {
            Part::Alias => &["date_of_birth"],
            Part::Identifier | Part::Marker => &[],
            Part::Offence => &["offence_date", "conviction_date"],
            Part::Sentence => &["start_date", "end_date", "release_date", "licence_end_date"],
            Part::Event => &["occurred_on"],
        }
    }

    /// Identifier errors are named by kind (`pnc`); this form has one `value` box.
    pub fn rename(self) -> Vec<(&'static str, &'static str)> {
        match self {
            Part::Identifier => IdentifierKind::ALL
                .iter()
                .map(|k| (k.code(), "value"))
                .collect(),
            _ => vec![],
        }
    }

    pub fn fields(self, values: &Values) -> Vec<FormField> {
        match self {
            Part::Alias => vec![
                FormField::text("given_name", "First name", v(values, "given_name")).width("20"),
                FormField::text(
                    "middle_names",
                    "Middle names (optional)",
                    v(values, "middle_names"),
                )
                .width("20"),
                FormField::text("family_name", "Last name", v(values, "family_name")).width("20"),
                date_field(
                    values,
                    "date_of_birth",
                    "Date of birth used with this alias (optional)",
                ),
            ],
            Part::Identifier => vec![
                FormField::select(
                    "kind",
                    "Type of identifier",
                    options(
                        &IdentifierKind::ALL,
                        IdentifierKind::code,
                        IdentifierKind::label,
                        v(values, "kind"),
                        "Select type of identifier",
                    ),
                ),
                FormField::text("value", "Identifier", v(values, "value"))
                    .width("20")
                    .hint(
                        "Any common format, for example 2001/0123456F or 01/123456F for a PNC ID",
                    ),
            ],
            Part::Offence => vec![
                FormField::text(
                    "offence_code",
                    "Home Office offence code",
                    v(values, "offence_code"),
                )
                .width("10")
                .hint("5 digits, for example 02800 or 028/00"),
                FormField::text(
                    "description",
                    "Description of the offence",
                    v(values, "description"),
                ),
                date_field(values, "offence_date", "Offence date"),
                date_field(values, "conviction_date", "Conviction date (optional)"),
                FormField::select(
                    "disposal",
                    "Disposal (optional)",
                    options(
                        &Disposal::ALL,
                        Disposal::code,
                        Disposal::label,
                        v(values, "disposal"),
                        "Not yet disposed",
                    ),
                ),
            ],
            Part::Sentence => vec![
                FormField::select(
                    "kind",
                    "Type of sentence or order",
                    options(
                        &SentenceKind::ALL,
                        SentenceKind::code,
                        SentenceKind::label,
                        v(values, "kind"),
                        "Select type",
                    ),
                ),
                FormField::text(
                    "description",
                    "Description (optional)",
                    v(values, "description"),
                ),
                date_field(values, "start_date", "Start date"),
                FormField {
                    hint: "For example, 2 years, 18 months, 26 weeks or 90 days. Leave blank for life or IPP, or an order without a term".into(),
                    width: "10".into(),
                    ..FormField::text(
                        "term",
                        "Length as the court imposed it (optional)",
                        v(values, "term"),
                    )
                },
                date_field(values, "release_date", "Release date (optional)"),
                date_field(values, "licence_end_date", "Licence end date (optional)"),
                date_field(values, "end_date", "End date (optional)"),
            ],
            Part::Marker => vec![
                FormField::select(
                    "kind",
                    "Type of warning",
                    options(
                        &MarkerKind::ALL,
                        MarkerKind::code,
                        MarkerKind::label,
                        v(values, "kind"),
                        "Select type of warning",
                    ),
                ),
                FormField::textarea("note", "What staff need to know", v(values, "note")),
            ],
            Part::Event => vec![
                FormField::select(
                    "event_type",
                    "Type of event",
                    options(
                        &EventType::ALL
                            .into_iter()
                            .filter(|t| t.is_recordable())
                            .collect::<Vec<_>>(),
                        EventType::code,
                        EventType::label,
                        v(values, "event_type"),
                        "Select type of event",
                    ),
                ),
                date_field(values, "occurred_on", "Date of the event"),
                FormField::textarea("summary", "Summary", v(values, "summary")),
                FormField::select(
                    "section",
                    "Where the entry belongs",
                    options(
                        &ENTRY_SECTIONS,
                        concord_authz::Section::code,
                        concord_authz::Section::label,
                        v(values, "section"),
                        "Chronology (seen by the case team and those it is shared with)",
                    ),
                )
                .hint("Victim details, health information and intelligence are restricted: only staff with that permission in the case team see them, and they are never shared outward"),
                FormField::select(
                    "withheld_from_person",
                    "May the person be told of this entry?",
                    vec![
                        SelectOption::new("", "Yes", v(values, "withheld_from_person").is_empty()),
                        SelectOption::new("yes", "No: do not disclose to the person", v(values, "withheld_from_person") == "yes"),
                    ],
                ),
            ],
        }
    }
}

/// The fixed success messages a redirect may ask the record page to show. The query
/// names one; user text is never reflected.
pub fn notice_text(code: &str) -> &'static str {
    match code {
        "registered" => "Person registered",
        "details-saved" => "Personal details saved",
        "address-saved" => "Address saved",
        "address-added" => "Address added",
        "alias-added" => "Alias added",
        "identifier-added" => "Identifier added",
        "offence-added" => "Offence added",
        "sentence-added" => "Sentence or order added",
        "marker-added" => "Warning marker added",
        "marker-removed" => "Warning marker removed",
        "event-added" => "Event recorded",
        "shared" => "Sections shared",
        "share-revoked" => "Share revoked",
        "unlinked" => "Records unlinked: they will not be linked again automatically",
        _ => "",
    }
}
